"""Messages that worker threads post to the app (``post_message`` is thread-safe)."""

from __future__ import annotations

from textual.message import Message

from ..translation import Translation


class TranslationsArrived(Message):
    def __init__(self, items: dict[str, Translation], cached: bool = False) -> None:
        super().__init__()
        self.items = items
        self.cached = cached


class UserVersionsArrived(Message):
    def __init__(self, items: dict[str, str], picked: dict[str, object]) -> None:
        super().__init__()
        self.items = items
        self.picked = picked


class TranslatorStatus(Message):
    """``state``: resolving | loading | translating | done | unavailable | error."""

    def __init__(self, state: str, detail: str = "") -> None:
        super().__init__()
        self.state = state
        self.detail = detail


class AlternativesReady(Message):
    def __init__(self, sentence: int, translation: Translation | None, error: str = "") -> None:
        super().__init__()
        self.sentence = sentence
        self.translation = translation
        self.error = error


class DictionaryReady(Message):
    def __init__(self, word: str, result: object) -> None:
        super().__init__()
        self.word = word
        self.result = result
