"""The library: every document opened, with where it was left, its new words and the share of its words known.

What ``reader library`` and the reader's library screen list. The share known is
counted now, against the saved words' statuses, where the document's words are kept
(``document_words``: the reader counted them with ``K``); else it is the share the
reader last counted (``ReadingPosition.known``), or None where it never did.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..words.vocabulary import KnownShare
from .positions import ReadingPosition


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One document of the library."""

    position: ReadingPosition
    new_words: int  # lemmas first saved while reading it
    known: int | None  # % of its running words known; None: never counted

    @property
    def key(self) -> bytes:
        return self.position.key


def library_entries(store) -> list[LibraryEntry]:
    """The documents of ``store`` (a ``TranslationStore``), the most recently opened first."""
    new = store.new_words_by_document()
    counted = store.known_words_by_document()
    out = []
    for p in store.reading_positions():
        known = p.known
        if p.key in counted:
            known = KnownShare(*counted[p.key]).percent
        out.append(LibraryEntry(p, new.get(p.key, 0), known))
    return out
