"""``backend="auto"``: CTranslate2, replaced by torch on first use if it cannot run the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import ModelError
from ..translation import Translation
from .options import Backend, DecodingOptions
from .protocol import Notify, Translator


class AutoTranslator:
    """A ``Translator`` that runs ``primary`` unless loading it fails, then ``fallback()``'s.

    Arguments:
        primary: The translator tried first (CTranslate2).
        fallback: Makes the translator used instead (torch), when ``primary`` cannot load.
        notify: Told of the fallback, and passed on to the engine in use.
    """

    def __init__(self, primary: Translator, fallback: Callable[[], Translator], notify: Notify | None = None):
        self._engine = primary
        self._fallback = fallback
        self._decided = False
        self.notify = notify

    # The current engine's: before the first load the primary's, after a fallback torch's.
    @property
    def name(self) -> str:
        return self._engine.name

    @property
    def backend(self) -> Backend:
        return self._engine.backend

    @property
    def model_key(self) -> str:
        return self._engine.model_key

    @property
    def settings_key(self) -> str:
        return self._engine.settings_key

    @property
    def options(self) -> DecodingOptions:
        return self._engine.options

    @property
    def beams(self) -> int:
        return self._engine.beams

    @property
    def notify(self) -> Notify | None:
        return self._notify

    @notify.setter
    def notify(self, notify: Notify | None) -> None:
        self._notify = notify
        self._engine.notify = notify

    def load(self) -> None:
        if self._decided:
            return self._engine.load()
        try:
            self._engine.load()
        except ModelError as exc:
            if self._notify:
                self._notify(f"CTranslate2 cannot run this model ({exc}); using torch")
            self._engine = self._fallback()
            self._engine.notify = self._notify
            self._engine.load()
        self._decided = True

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        if sources:
            self.load()
        return self._engine.translate(sources)

    def add_token_scores(self, translations: Sequence[Translation]) -> list[Translation]:
        self.load()
        return self._engine.add_token_scores(translations)

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        if sources:
            self.load()
        return self._engine.score(sources, targets)

    def with_options(self, options: DecodingOptions) -> AutoTranslator:
        fallback = self._fallback
        other = AutoTranslator(self._engine.with_options(options), lambda: fallback().with_options(options), self._notify)
        other._decided = self._decided
        return other
