"""The library: every document opened, with where it was left, its new words and the share of its words known.

What ``reader library`` and the reader's library screen list. The share known is
counted now, against the saved words' statuses, where the document's words are kept
(``document_words``: the reader counted them with ``K``); else it is the share the
reader last counted (``ReadingPosition.known``), or None where it never did.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..words.model import local_time_text
from ..words.vocabulary import KnownShare
from .positions import ReadingPosition

# What the library shows of each document, in ``reader library`` and the reader's library screen.
COLUMNS = ("document", "read", "sentence", "words read", "new words", "known", "last opened", "path")
NUMBERS = frozenset({"read", "sentence", "words read", "new words", "known"})  # right-aligned


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


def library_row(entry: LibraryEntry) -> tuple[str, ...]:
    """One document's cells, as ``COLUMNS`` names them."""
    p = entry.position
    return (p.name, f"{p.percent}%", f"{p.sentence + 1}/{p.sentences}", f"{p.words_read:,}", f"{entry.new_words:,}",
            "—" if entry.known is None else f"{entry.known}%", local_time_text(p.opened, "%Y-%m-%d %H:%M"),
            p.path or "(stdin)")
