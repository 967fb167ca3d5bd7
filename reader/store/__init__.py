"""A SQLite cache of translations, plus the learner's own data beside it.

One file, one module per table: model output (``translations``), the
user's own versions of sentences (``versions``), the learner's attempts
(``attempts``), saved words (``words``), where each document was left
(``positions``), the translation memory (``memory``) and each document's words
(``document_words``) and the default glossary (``glossary``); ``connection`` opens the file and
``schema`` says what is on disk. Only ``clear()`` and ``stats()`` span tables.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from .attempts import AttemptsTable
from .memory import MemoryEntry, TranslationMemoryTable, normalise_source
from .document_words import DocumentWordsTable
from .connection import BUSY_TIMEOUT_S, DB_FILENAME, StoreError, default_cache_dir, default_db_path
from .glossary import GlossaryTable
from .positions import ReadingPosition, ReadingPositionsTable, document_key
from .schema import SCHEMA_VERSION
from .translations import TranslationsTable
from .versions import UserVersionsTable
from .words import SavedWordsTable

__all__ = [
    "BUSY_TIMEOUT_S",
    "DB_FILENAME",
    "MemoryEntry",
    "ReadingPosition",
    "SCHEMA_VERSION",
    "StoreError",
    "TranslationStore",
    "default_cache_dir",
    "default_db_path",
    "document_key",
    "normalise_source",
]


class TranslationStore(
    TranslationsTable, UserVersionsTable, AttemptsTable, SavedWordsTable, ReadingPositionsTable,
    TranslationMemoryTable, DocumentWordsTable, GlossaryTable,
):
    """Translation cache at ``path`` (created, with its directory, if missing)."""

    def stats(self) -> dict[str, Any]:
        """``path``, ``rows`` (model translations), ``user_rows``, ``attempts``, ``words`` (saved), ``size`` (bytes on disk)."""
        with self._lock, self._errors():
            rows = self._conn.execute("SELECT count(*) FROM translations").fetchone()[0]
            user = self._conn.execute("SELECT count(*) FROM user_translations").fetchone()[0]
            attempts = self._conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
            words = self._conn.execute("SELECT count(*) FROM saved_words").fetchone()[0]
        size = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                size += Path(f"{self.path}{suffix}").stat().st_size
        return {"path": str(self.path), "rows": rows, "user_rows": user, "attempts": attempts, "words": words, "size": size}

    def clear(self, *, include_user: bool = False) -> None:
        """Drop all cached model translations (and the user's versions, attempts, saved words, reading
        positions, translation memory and glossary only if asked)."""
        with self._lock, self._errors():
            with self._write():
                self._conn.execute("DELETE FROM translations")
                if include_user:
                    self._conn.execute("DELETE FROM user_translations")
                    self._conn.execute("DELETE FROM attempts")
                    self._conn.execute("DELETE FROM saved_words")
                    self._conn.execute("DELETE FROM reading_positions")
                    self._conn.execute("DELETE FROM translation_memory")
                    self._conn.execute("DELETE FROM document_words")
                    self._conn.execute("DELETE FROM glossary_terms")
            # Give the space back; skipped if another process is using the file.
            with contextlib.suppress(sqlite3.OperationalError):
                self._conn.execute("VACUUM")

    def __enter__(self) -> TranslationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
