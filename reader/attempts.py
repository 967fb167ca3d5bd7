"""The learner's own translations of sentences ("attempts") and how they are graded.

An attempt is graded against the model: its chrF with the model's translation
as the reference, and a forced pass of the model over the learner's English
(``Translator.score``) that says which German words the learner's text leaves
unaligned and which of the learner's words the model finds least likely. The
learner's spans are character offsets into the learner's text as typed; no UI
here (the reader shows them, the store keeps them, ``reader compare`` reads them).
"""

from __future__ import annotations

import math
import time as _time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .confidence import DOUBT_LOGPROB, word_confidence
from .text.typography import straighten
from .text.words import word_spans

if TYPE_CHECKING:
    from .engines.protocol import Translator

LEAST_LIKELY = 3  # how many of the learner's words are named as the least likely
clock: Callable[[], float] = _time.time  # an attempt's time (snapshot tests fix it)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class WordScore:
    """One of the learner's words with the mean log-probability the model gives its subwords."""

    start: int
    end: int
    logprob: float

    @property
    def doubtful(self) -> bool:
        """Below the reader's threshold for an unsure word (p < 0.5)."""
        return self.logprob < DOUBT_LOGPROB


@dataclass(frozen=True, slots=True)
class Attempt:
    """The learner's English for one German sentence, with its grades."""

    source: str  # the German sentence
    text: str  # the learner's English
    time: float  # when it was submitted (seconds since the epoch)
    chrf: float  # sentence chrF against the model's translation (0–100)
    model_text: str  # the model's translation it was graded against
    unaligned: tuple[Span, ...] = ()  # German words (spans into ``source``) no word of ``text`` is linked to
    least_likely: tuple[WordScore, ...] = ()  # the learner's least likely words, least likely first
    mean_logprob: float = math.nan  # the forced pass's mean log-probability per subword

    def unaligned_words(self) -> list[str]:
        return [self.source[s:e] for s, e in self.unaligned]

    def least_likely_words(self) -> list[str]:
        return [self.text[w.start:w.end] for w in self.least_likely]

    def diff(self):
        """The word diff of the model's translation (A) and the learner's (B): ``reader.text.word_diff.word_diff``."""
        from .text.word_diff import word_diff

        return word_diff(self.model_text, self.text)


def grade_attempt(source: str, text: str, model_translation: str, translator: Translator, *, now: float | None = None) -> Attempt:
    """Grade the learner's ``text`` for ``source`` against the model (blocking: a forced pass).

    Arguments:
        source: The German sentence.
        text: The learner's English (any Unicode; pieces the model's vocabulary lacks score as ``<unk>``).
        model_translation: The model's translation, the chrF reference.
        translator: Runs the forced pass (``Translator.score``).
        now: The attempt's time (default: the clock).

    Returns:
        The graded attempt.

    Raises:
        InputError: The sentence is longer than the model takes whole.
    """
    from .sacrebleu_adapter import sentence_chrf

    chrf = sentence_chrf([text], [[model_translation]])[0]
    # The model knows straight quotes and "..." only; the typed curly forms are matched to them below.
    forced = translator.score([source], [straighten(text)[0]])[0].best
    linked = [(link.source_start, link.source_end) for link in forced.alignment]
    unaligned = tuple(
        (s, e) for s, e in word_spans(source)
        if any(ch.isalnum() for ch in source[s:e])
        and not any(ls < e and s < le for ls, le in linked)
    )
    scores = [w for w in _word_scores(text, forced.text, forced.tokens, forced.token_scores)
              if any(ch.isalnum() for ch in text[w.start:w.end])]  # words, not punctuation
    least = tuple(sorted(scores, key=lambda w: w.logprob)[:LEAST_LIKELY])
    return Attempt(
        source=source, text=text, time=clock() if now is None else now, chrf=chrf,
        model_text=model_translation, unaligned=unaligned, least_likely=least, mean_logprob=forced.score,
    )


def _word_scores(text: str, scored: str, tokens: Sequence[str], token_scores: Sequence[float]) -> list[WordScore]:
    """Per word of ``text``: its mean subword log-probability; words the pieces cannot be matched to are left out.

    The pieces match ``scored`` (the text as the model's vocabulary round-trips it); when that differs
    from what was typed (characters the vocabulary lacks), words are carried over to their counterparts
    (``word_correspondence``).
    """
    words = word_confidence(text, tuple(tokens), tuple(token_scores))
    if words:
        return [WordScore(s, e, v) for s, e, v in words]
    from .text.word_diff import word_correspondence

    mapped = word_correspondence(scored, text)
    return [WordScore(*mapped[(s, e)], v) for s, e, v in word_confidence(scored, tuple(tokens), tuple(token_scores))
            if (s, e) in mapped]


def daily_chrf(attempts: Sequence[Attempt]) -> list[tuple[str, int, float]]:
    """(local date ``YYYY-MM-DD``, attempts that day, their mean chrF), oldest day first."""
    days: dict[str, list[float]] = {}
    for a in sorted(attempts, key=lambda a: a.time):
        days.setdefault(_time.strftime("%Y-%m-%d", _time.localtime(a.time)), []).append(a.chrf)
    return [(day, len(values), sum(values) / len(values)) for day, values in days.items()]
