"""What a translation engine returns for one source sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Where a translation's text came from: the model, an imported translation memory, the user's own version.
TranslationOrigin = Literal["model", "memory", "yours"]


@dataclass(frozen=True, slots=True)  # slots: a book holds ~200k of them
class WordLink:
    """One source word ↔ target word link.

    Spans are [start, end) character offsets: ``source_*`` into the source
    sentence text, ``target_*`` into the translation text. ``weight`` is the
    attention mass behind the link (1.0 for a user-made or exact link).
    """

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One candidate translation with its scores and alignment."""

    text: str
    score: float  # mean log-probability of the generated subwords (incl. </s>)
    tokens: tuple[str, ...] = ()  # generated subwords, in order (incl. </s>)
    token_scores: tuple[float, ...] = ()  # log-probability of each of ``tokens``; () when not computed
    alignment: tuple[WordLink, ...] = ()

    @property
    def has_token_scores(self) -> bool:
        """False for a hypothesis translated without them (``DecodingOptions.token_scores``)."""
        return len(self.token_scores) == len(self.tokens)


@dataclass(frozen=True, slots=True)
class Translation:
    """The translation of one source sentence: the best hypothesis and the n-best."""

    source: str
    best: Hypothesis
    alternatives: tuple[Hypothesis, ...] = field(default=())  # n-best after ``best``
    edited: bool = False  # True when the text is the user's own version
    origin: TranslationOrigin = "model"  # "memory"/"yours": served by the translation memory (reader.memory)

    @property
    def text(self) -> str:
        return self.best.text

    @property
    def score(self) -> float:
        return self.best.score

    @property
    def alignment(self) -> tuple[WordLink, ...]:
        return self.best.alignment

    @property
    def has_token_scores(self) -> bool:
        return all(h.has_token_scores for h in (self.best, *self.alternatives))
