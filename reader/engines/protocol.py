"""The interface every engine offers: what callers (the CLI, the translation job, the reader, compare) use.

Kept light (no numpy, sentencepiece or engine imports): ``reader --help`` and
fully cached runs import it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from ..translation import Translation
from .options import Backend, DecodingOptions

Notify = Callable[[str], None]  # told one-line messages for people (a one-time conversion, a fallback)


class Translator(Protocol):
    """A German→English translator; the model is loaded lazily, on first use."""

    @property
    def name(self) -> str:
        """The model's name, shown to people."""
        ...

    @property
    def backend(self) -> Backend:
        """The engine that runs the model: ``torch`` or ``ctranslate2``."""
        ...

    @property
    def model_key(self) -> str:
        """The exact weights (store key, part 1)."""
        ...

    @property
    def settings_key(self) -> str:
        """Engine, precision and decoding settings (store key, part 2)."""
        ...

    @property
    def options(self) -> DecodingOptions:
        ...

    @property
    def beams(self) -> int:
        """The beam size used (the options', else the model's generation config)."""
        ...

    notify: Notify | None  # told of a one-time conversion and of auto's fallback to torch

    def load(self) -> None:
        """Load the model now (otherwise the first ``translate`` does).

        Raises:
            ModelError: The model cannot be loaded.
        """
        ...

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        """One Translation per source sentence, in order."""
        ...

    def with_options(self, options: DecodingOptions) -> Translator:
        """The same (loaded or not) model with other decoding options, e.g. n-best for one sentence."""
        ...

    def add_token_scores(self, translations: Sequence[Translation]) -> list[Translation]:
        """The same translations, those made without per-token log-probabilities given them."""
        ...

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        """Forced decoding: each given English target scored as the translation of its source.

        Arguments:
            sources: German sentences.
            targets: One English text per source.

        Returns:
            One Translation per source whose best hypothesis is the target (as the model's
            preprocessing and the target SentencePiece model round-trip it), with its subwords, their log-probabilities,
            their mean as the score and the word links of the alignment head.

        Raises:
            InputError: A source is longer than the model takes (not split, unlike ``translate``).
            ValueError: ``sources`` and ``targets`` differ in length.
        """
        ...
