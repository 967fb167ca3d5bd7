"""Where the reader left each document: one row per document, keyed by a hash of its text.

The same text opened from another path (or renamed) is the same document; an edited
text is a new one. The row also keeps what ``reader library`` lists: the name and
path it was last opened as, how many sentences it has, how many words were read and
the share of words known when last counted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..document.chapters import percent_read
from .connection import Connection, source_sha


def document_key(text: str) -> bytes:
    """A document's key: sha256 of its whole text (as a sentence's key is of the sentence)."""
    return source_sha(text)


@dataclass(frozen=True)
class ReadingPosition:
    """A document's place: the sentence the cursor was on (0-based), of ``sentences``."""

    key: bytes  # document_key(text)
    name: str  # as shown (the file's name, a page's address)
    path: str  # where it was opened from, to open it again ("" for stdin)
    sentence: int
    sentences: int
    words_read: int = 0  # German running words up to and with ``sentence``
    known: int | None = None  # % of the running words known when the reader last counted them (K); None: never
    opened: float = field(default_factory=time.time)  # last opened or left

    @property
    def percent(self) -> int:
        """Sentences read, in whole percent (the last sentence: 100)."""
        return percent_read(self.sentence, self.sentences)


_COLUMNS = "doc_sha, name, path, sentence, sentences, words_read, known, opened"  # ReadingPosition's fields


class ReadingPositionsTable(Connection):
    """The ``reading_positions`` table: one row per document."""

    def save_reading_position(self, position: ReadingPosition) -> None:
        with self._lock, self._errors(), self._write():
            self._conn.execute(
                "INSERT OR REPLACE INTO reading_positions"
                f" ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (position.key, position.name, position.path, position.sentence, position.sentences,
                 position.words_read, position.known, position.opened),
            )

    def reading_position(self, key: bytes) -> ReadingPosition | None:
        """Where the document with this key was left, or None when it was never opened."""
        with self._lock, self._errors():
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM reading_positions WHERE doc_sha = ?", (key,),
            ).fetchone()
        return ReadingPosition(*row) if row else None

    def reading_positions(self) -> list[ReadingPosition]:
        """Every document opened, the most recently opened first."""
        with self._lock, self._errors():
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM reading_positions ORDER BY opened DESC"
            ).fetchall()
        return [ReadingPosition(*row) for row in rows]
