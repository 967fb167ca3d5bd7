"""Word-level diffs of two texts: what changed, and which word became which.

Words are ``reader.text.words``' (letters and digits, or one punctuation mark),
compared case-sensitively by difflib's SequenceMatcher. Used wherever two
English texts are set side by side: the compare view and report, and grading
the learner's own translation (``reader.attempts``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from ..translation import WordLink
from .words import word_spans

DiffOp = Literal["equal", "replace", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class WordDiff:
    """One step of a word-level diff of two segments, with character spans into each."""

    op: DiffOp
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    span_a: tuple[int, int]  # [start, end) in segment A; empty (at the insertion point) for "insert"
    span_b: tuple[int, int]


def word_diff(a: str, b: str) -> list[WordDiff]:
    """A word-level diff of two segments, for marking the words that differ.

    Words are ``reader.text.words``' (letters and digits, or one punctuation mark),
    compared case-sensitively by difflib's SequenceMatcher.

    Arguments:
        a: one segment.
        b: the other.

    Returns:
        The steps that turn A into B, in order, "equal" ones included, each with its
        words and character spans into both segments.
    """
    spans_a, spans_b = word_spans(a), word_spans(b)
    words_a = [a[s:e] for s, e in spans_a]
    words_b = [b[s:e] for s, e in spans_b]
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    return [
        WordDiff(op, tuple(words_a[i1:i2]), tuple(words_b[j1:j2]), _span(spans_a, i1, i2), _span(spans_b, j1, j2))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def word_correspondence(a: str, b: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Each word span of ``a`` → the span of its counterpart in ``b``, by ``word_diff``.

    Words are paired position by position in the steps that are equal or that replace as
    many words as they remove (a text and its round trip through a model's vocabulary,
    where a character it lacks became ``<unk>``); words added or dropped have no counterpart.
    """
    spans_a, spans_b = word_spans(a), word_spans(b)
    out: dict[tuple[int, int], tuple[int, int]] = {}
    ia = ib = 0
    for step in word_diff(a, b):
        na, nb = len(step.words_a), len(step.words_b)
        if step.op == "equal" or na == nb:
            for k in range(na):
                out[spans_a[ia + k]] = spans_b[ib + k]
        ia, ib = ia + na, ib + nb
    return out


def links_onto(text: str, scored: str, links: tuple[WordLink, ...]) -> tuple[WordLink, ...]:
    """Word links whose English spans index ``scored`` (a forced pass's round trip of ``text``) moved onto ``text``.

    Words are paired by ``word_correspondence``; links to words with no counterpart are dropped.
    """
    if scored == text:
        return links
    mapped = word_correspondence(scored, text)
    out = []
    for link in links:
        target = _mapped_span(mapped, link.target_start, link.target_end)
        if target is not None:
            out.append(WordLink(link.source_start, link.source_end, *target, link.weight))
    return tuple(out)


def _mapped_span(mapped: dict[tuple[int, int], tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The span of ``mapped``'s counterparts of the words inside [start, end)."""
    hits = [b for a, b in mapped.items() if start <= a[0] and a[1] <= end]
    if not hits:
        return None
    return min(s for s, _ in hits), max(e for _, e in hits)


def _span(spans: list[tuple[int, int]], i: int, j: int) -> tuple[int, int]:
    if i < j:
        return spans[i][0], spans[j - 1][1]
    at = spans[i - 1][1] if i > 0 else 0  # nothing here: the point after the previous word
    return at, at
