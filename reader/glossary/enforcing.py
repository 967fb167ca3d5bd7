"""Enforcing terms after translation: the English the word links tie to a German term is replaced by the term's English.

Chosen over rescoring the n-best by measurement (docs/glossary.md): on
newstest2019 the n-best rarely holds the user's word at all (a glossary term is
usually *not* the model's choice), while replacing the linked words places almost
every term, costs no search, works the same on every engine (every backend gives
word links) and leaves the rest of the sentence exactly as the model wrote it.
The number, capitalisation and possessive of the replaced words are kept, and an
``a``/``an`` before them follows the new word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..text.words import word_spans
from ..translation import Translation, WordLink
from .checking import linked_targets, placed_span
from .english import article_for, shaped_like
from .matching import TermMatch

_JOINERS = frozenset(" -")  # what may stand between two linked words of one replaced span


@dataclass(frozen=True, slots=True)
class Replacement:
    """English text [target_start, target_end) to become ``text``, for the German occurrence ``match``."""

    match: TermMatch
    target_start: int
    target_end: int
    text: str


def _words_around(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole words of ``text``."""
    for s, e in word_spans(text):
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    return start, end


def _best_run(text: str, targets: list[tuple[int, int, float]]) -> tuple[int, int] | None:
    """The run of adjacent linked words with the most attention (linked words apart are separate runs)."""
    runs: list[list[float]] = []  # [start, end, weight]
    for s, e, w in sorted(targets):
        if runs and (s <= runs[-1][1] or set(text[int(runs[-1][1]) : s]) <= _JOINERS):
            runs[-1][1] = max(runs[-1][1], e)
            runs[-1][2] += w
        else:
            runs.append([s, e, w])
    words = [r for r in runs if any(c.isalnum() for c in text[int(r[0]) : int(r[1])])]
    if not words:
        return None
    best = max(words, key=lambda r: r[2])
    return _words_around(text, int(best[0]), int(best[1]))


def plan(translation: Translation, matches: Sequence[TermMatch]) -> tuple[list[Replacement], list[TermMatch]]:
    """What to replace in ``translation``; and the matches that cannot be placed (no link, or a clash)."""
    text = translation.text
    chosen: list[Replacement] = []
    unplaceable: list[TermMatch] = []
    for m in matches:
        if m.compound or placed_span(translation, m) is not None:
            continue
        span = _best_run(text, linked_targets(translation, m.start, m.end))
        if span is None or any(r.target_start < span[1] and span[0] < r.target_end for r in chosen):
            unplaceable.append(m)
            continue
        chosen.append(Replacement(m, span[0], span[1], shaped_like(m.term.english, text[span[0] : span[1]])))
    return sorted(chosen, key=lambda r: r.target_start), unplaceable


def _shift(pos: int, edits: list[tuple[int, int, int]], end: bool) -> int:
    """Where an old start (or end) offset lands after ``edits`` (old start, old end, new length), in order;
    one inside an edited span moves to the new text's start (or end)."""
    delta = 0
    for s, e, n in edits:
        if pos >= e:
            delta += n - (e - s)
        elif pos > s or (pos == s and not end):
            return s + delta + (n if end else 0)
        else:
            break
    return pos + delta


def apply(translation: Translation, replacements: Sequence[Replacement]) -> Translation:
    """The translation with the replacements made (an ``a``/``an`` before each fixed), its links moved along.

    The links are only carried over, not recomputed; a ``GlossaryTranslator`` then has
    the engine score the new text for links and scores of its own.
    """
    if not replacements:
        return translation
    text = translation.text
    edits: list[tuple[int, int, str]] = []
    for r in replacements:
        before = text[: r.target_start].rstrip()
        article_start = max(before.rfind(" "), -1) + 1
        article = before[article_start:]
        fixed = article_for(article, r.text) if article else article
        if fixed != article:
            edits.append((article_start, article_start + len(article), fixed))
        edits.append((r.target_start, r.target_end, r.text))
    pieces: list[str] = []
    last = 0
    for s, e, new in edits:
        pieces += [text[last:s], new]
        last = e
    new_text = "".join(pieces) + text[last:]
    lengths = [(s, e, len(new)) for s, e, new in edits]
    links = tuple(WordLink(a.source_start, a.source_end, _shift(a.target_start, lengths, False),
                           _shift(a.target_end, lengths, True), a.weight) for a in translation.alignment)
    # The model's subwords stay, their scores go: "no per-token scores", which a caller that wants
    # them has filled in for the new text (GlossaryTranslator.add_token_scores).
    best = replace(translation.best, text=new_text, token_scores=(), alignment=links)
    return replace(translation, best=best)
