"""Choosing and ordering saved words: what ``reader words list``/``export`` and the words screen show."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Literal

from .model import STATUSES, SavedWord, Status

Sort = Literal["lemma", "word", "gloss", "status", "sentence", "created", "updated"]
SORTS: tuple[Sort, ...] = ("lemma", "word", "gloss", "status", "sentence", "created", "updated")
@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    # "Ärger" sorts beside "Arger", not after "Zug": case and accents folded away. Cached: a
    # search as you type folds every word's fields again at each key.
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def matches(word: SavedWord, search: str) -> bool:
    """Whether ``search`` (case- and accent-insensitive) is in the word's lemma, form, gloss or sentences."""
    needle = _fold(search.strip())
    if not needle:
        return True
    return any(needle in _fold(field) for field in (word.lemma, word.word, word.gloss, word.sentence, word.translation))


_SORT_KEYS: dict[Sort, Callable[[SavedWord], object]] = {
    "lemma": lambda w: (_fold(w.lemma), w.lemma),
    "word": lambda w: (_fold(w.word), _fold(w.lemma)),
    "gloss": lambda w: (w.gloss == "", _fold(w.gloss), _fold(w.lemma)),  # words without a gloss last
    "status": lambda w: (STATUSES.index(w.status), _fold(w.lemma)),
    "sentence": lambda w: (_fold(w.sentence), _fold(w.lemma)),
    "created": lambda w: (-w.created, _fold(w.lemma)),  # newest first
    "updated": lambda w: (-w.updated, _fold(w.lemma)),  # newest first
}


def sort_words(words: Iterable[SavedWord], by: Sort = "lemma", *, reverse: bool = False) -> list[SavedWord]:
    """``words`` ordered by ``by``: text columns A–Z, status new → known, times newest first."""
    return sorted(words, key=_SORT_KEYS[by], reverse=reverse)


def select_words(
    words: Iterable[SavedWord],
    statuses: Iterable[Status] = (),
    search: str = "",
    sort: Sort = "lemma",
    *,
    reverse: bool = False,
) -> list[SavedWord]:
    """The words of any of ``statuses`` (all when empty) that match ``search``, sorted."""
    wanted = set(statuses) or set(STATUSES)
    return sort_words((w for w in words if w.status in wanted and matches(w, search)), sort, reverse=reverse)
