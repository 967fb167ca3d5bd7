"""The learner's saved words: a German word in the sentence it was met in, with
what it became in the English, a gloss and a status (new, learning, known).

One saved word per lemma (its key is the lemma case-folded, which for a word saved in
the reader is ``reader.text.lemmas.lemma_key`` of the form; an import may bring a lemma
of its own, which the highlighting then won't find): saving the same
lemma again from another sentence replaces its context, keeps its status and,
unless a new one is given, its gloss. Marking any word known or learning saves
it too, so the store's list is also what the learner knows. No UI here: the
reader saves and highlights, ``reader words`` lists and exports, the store keeps.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Literal


Status = Literal["new", "learning", "known"]
STATUSES: tuple[Status, ...] = ("new", "learning", "known")
Span = tuple[int, int]
clock: Callable[[], float] = _time.time  # a word's time (snapshot tests fix it)


@dataclass(frozen=True, slots=True)
class SavedWord:
    """One saved word and where it was saved."""

    lemma: str  # the dictionary form ("Verbündeter"), as shown
    word: str  # the form met in the sentence ("Verbündeten")
    sentence: str  # the German sentence ("" for a word imported from a plain list)
    span: Span  # the word in ``sentence`` ((0, 0) without one)
    translation: str = ""  # the English sentence shown when it was saved
    aligned: tuple[Span, ...] = ()  # the English words (spans into ``translation``) the word is linked to
    gloss: str = ""  # the meaning the learner chose (a dictionary sense, or their own)
    status: Status = "new"
    document: str = ""  # where it was saved: the document's path or URL ("" when unknown)
    sentence_index: int = -1  # the sentence's index in that document
    created: float = field(default_factory=lambda: clock())
    updated: float = field(default_factory=lambda: clock())

    @property
    def key(self) -> str:
        """What identifies the word across sentences and documents: its lemma, case-folded
        (``lemma_key`` of any of its forms)."""
        return key_of(self.lemma)

    def aligned_words(self) -> list[str]:
        return [self.translation[s:e] for s, e in self.aligned]


# Times go through a file as ISO 8601 to the microsecond; what differs by less is the same time.
SAME_TIME_S = 1e-3


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import did with the file's words."""

    new: int = 0  # lemmas not saved before
    updated: int = 0  # saved ones the file changed
    unchanged: int = 0  # saved ones the file had as they are
    kept_newer: int = 0  # saved ones changed after the file's version, left as they are


def imported_over(stored: SavedWord, incoming: SavedWord) -> SavedWord:
    """``incoming`` as it replaces ``stored``: a word without a sentence (a plain list's) brings its
    status and gloss but keeps the stored context, and the stored gloss when it has none; the
    earlier creation time stays."""
    created = min(stored.created, incoming.created)
    if incoming.sentence or not stored.sentence:
        return replace(incoming, created=created)
    return replace(stored, status=incoming.status, gloss=incoming.gloss or stored.gloss, created=created,
                   updated=incoming.updated)


def same_word(a: SavedWord, b: SavedWord) -> bool:
    """Every field alike, the times to ``SAME_TIME_S`` (a file's round trip), ``updated`` aside."""
    same_times = abs(a.created - b.created) < SAME_TIME_S
    return same_times and replace(a, created=0, updated=0) == replace(b, created=0, updated=0)


def key_of(lemma: str) -> str:
    """The key a saved word is kept under: its lemma, case-folded."""
    return lemma.casefold()


def saved_word(word: str, sentence: str, span: Span, **rest: object) -> SavedWord:
    """A SavedWord for ``word`` as met in ``sentence``, its lemma found by simplemma."""
    from ..text.lemmas import lemma

    return SavedWord(lemma(word), word, sentence, span, **rest)  # type: ignore[arg-type]


def utc_time(t: float) -> datetime | None:
    """Seconds since the epoch as a UTC datetime; None for one datetime can't hold (years 1–9999):
    imports reject those, but a store written before that check may still have one."""
    try:
        return datetime.fromtimestamp(t, timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None


def local_time_text(t: float, pattern: str) -> str:
    """``t`` in local time by ``strftime`` ``pattern``; "?" for a time ``utc_time`` can't hold."""
    d = utc_time(t)
    if d is None:
        return "?"
    try:
        return d.astimezone().strftime(pattern)
    except (OverflowError, ValueError, OSError):  # the local zone pushes it past year 1 or 9999
        return "?"
