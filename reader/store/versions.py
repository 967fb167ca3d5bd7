"""The user's own versions of sentences, keyed by the source sentence alone.

They live in their own table and are never touched by ``put_many`` or ``clear()``.
"""

from __future__ import annotations

import time
from typing import Iterable

from .connection import Connection, source_sha


class UserVersionsTable(Connection):
    """The ``user_translations`` table: one version per German sentence."""

    def set_user_translation(self, source: str, text: str) -> None:
        with self._lock, self._errors(), self._write():
            self._conn.execute(
                "INSERT OR REPLACE INTO user_translations (source_sha, source, text, updated)"
                " VALUES (?, ?, ?, ?)",
                (source_sha(source), source, text, time.time()),
            )

    def get_user_translations(self, sources: Iterable[str]) -> dict[str, str]:
        rows = self._rows_by_source(
            "SELECT source_sha, source, text FROM user_translations WHERE source_sha IN ({marks})", sources
        )
        return {source: text for source, text in rows}

    def clear_user_translation(self, source: str) -> None:
        with self._lock, self._errors(), self._write():
            self._conn.execute(
                "DELETE FROM user_translations WHERE source_sha = ?", (source_sha(source),)
            )

    def iter_user_translations(self) -> list[tuple[str, str, float]]:
        """Every (source, text, updated) the user has kept, oldest first."""
        with self._lock, self._errors():
            return [(source, text, updated) for source, text, updated in self._conn.execute(
                "SELECT source, text, updated FROM user_translations ORDER BY updated"
            )]

    def clear_user_translations(self) -> None:
        """Forget every version the user has kept."""
        with self._lock, self._errors(), self._write():
            self._conn.execute("DELETE FROM user_translations")
