"""The translation memory: German sentences with an English the user trusts (an imported TMX), keyed for exact lookup.

The key is the sentence normalised (``normalise_source``: Unicode NFC, whitespace
runs squeezed to one space, ends stripped), so a sentence matches whatever spacing
a document or a CAT tool gave it; case and punctuation are kept, as exact matches
in CAT tools keep them. One entry per normalised sentence: a later import replaces it.
The user's own versions from the reader stay in ``user_translations``; the memory
lookup (``reader.memory``) reads both.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

from .connection import Connection, source_sha


def normalise_source(source: str) -> str:
    """The text a memory entry is keyed by: NFC, whitespace squeezed, stripped."""
    return " ".join(unicodedata.normalize("NFC", source).split())


@dataclass(frozen=True, slots=True)
class MemoryEntry:
    """One translation unit of the memory."""

    source: str  # the German as it was given
    target: str  # its English
    origin: str  # where it came from: "tmx:<file name>"
    added: float = 0.0  # when it was added (seconds since the epoch)


class TranslationMemoryTable(Connection):
    """The ``translation_memory`` table."""

    def add_memory(self, entries: Iterable[MemoryEntry]) -> int:
        """Add (or replace, by normalised source) ``entries`` in one transaction; how many were written."""
        now = time.time()
        rows = {}
        for e in entries:
            norm = normalise_source(e.source)
            rows[norm] = (source_sha(norm), norm, e.source, e.target, e.origin, e.added or now)
        with self._lock, self._errors(), self._write():
            self._conn.executemany(
                "INSERT OR REPLACE INTO translation_memory (source_sha, norm, source, target, origin, added)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                list(rows.values()),
            )
        return len(rows)

    def get_memory(self, sources: Iterable[str]) -> dict[str, MemoryEntry]:
        """The entries whose normalised source is that of one of ``sources``, by the source as asked."""
        by_norm: dict[str, list[str]] = {}
        for s in sources:
            by_norm.setdefault(normalise_source(s), []).append(s)
        rows = self._rows_by_source(
            "SELECT source_sha, norm, source, target, origin, added FROM translation_memory"
            " WHERE source_sha IN ({marks})",
            by_norm,
        )
        return {asked: MemoryEntry(source, target, origin, added)
                for norm, source, target, origin, added in rows for asked in by_norm[norm]}

    def iter_memory(self) -> Iterator[MemoryEntry]:
        """Every entry, oldest first."""
        with self._lock, self._errors():
            rows = self._conn.execute(
                "SELECT source, target, origin, added FROM translation_memory ORDER BY added, rowid"
            ).fetchall()
        return (MemoryEntry(*row) for row in rows)

    def clear_memory(self, origin: str | None = None) -> int:
        """Delete every entry (or those of ``origin``); how many were deleted."""
        with self._lock, self._errors(), self._write():
            if origin is None:
                cur = self._conn.execute("DELETE FROM translation_memory")
            else:
                cur = self._conn.execute("DELETE FROM translation_memory WHERE origin = ?", (origin,))
        return cur.rowcount
