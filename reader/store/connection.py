"""The store's one SQLite connection: where the file lives, opening it, transactions, errors.

Several processes may share one file: WAL journal mode lets readers run beside
a writer, ``busy_timeout`` makes a second writer wait instead of failing, and
write transactions are short (one ``INSERT OR REPLACE`` batch each). An older
file gains the newer tables on open.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

import platformdirs

from ..errors import ReaderError
from .schema import ADDED_COLUMNS, SCHEMA, SCHEMA_VERSION

DB_FILENAME = "translations.sqlite3"
BUSY_TIMEOUT_S = 30.0
# SQLite builds before 3.32 allow at most 999 bound variables per statement.
_IN_CHUNK = 900


class StoreError(ReaderError):
    """The cache file cannot be used (not a database, corrupt, locked, newer schema)."""


def default_cache_dir() -> Path:
    """``$READER_CACHE_DIR`` if set, else the platform cache dir (honours XDG_CACHE_HOME)."""
    env = os.environ.get("READER_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_cache_path("reader", appauthor=False)


def default_db_path() -> Path:
    return default_cache_dir() / DB_FILENAME


def source_sha(source: str) -> bytes:
    """A sentence's key in the tables that hold one row per sentence (sha256: short, fixed size)."""
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()


class Connection:
    """The SQLite file at ``path`` (created, with its directory, if missing), opened and set up."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        # One connection, guarded so a UI worker thread and the main thread can share it.
        self._lock = threading.RLock()
        if self.path.is_dir():
            raise StoreError(f"translation cache {self.path} is a directory, not a file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create cache directory {self.path.parent}: {e}") from e
        try:
            self._conn = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,
            )
        except sqlite3.Error as e:
            raise StoreError(f"cannot open translation cache {self.path}: {e}") from e
        try:
            self._setup()
        except BaseException:
            self._conn.close()
            raise

    def _setup(self) -> None:
        with self._errors():
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # The first read fails here ("file is not a database") for a foreign file,
            # before anything is written to it.
            mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                self._enable_wal()
            # NORMAL is crash-safe in WAL mode (a power cut may lose the last commits).
            self._conn.execute("PRAGMA synchronous = NORMAL")
            with self._write():
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"translation cache {self.path} has schema version {version}; "
                        f"this reader knows only up to {SCHEMA_VERSION} (use --cache-dir)"
                    )
                for stmt in SCHEMA.split(";"):
                    if stmt.strip():
                        self._conn.execute(stmt)
                self._add_columns()
                if version < SCHEMA_VERSION:
                    self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _add_columns(self) -> None:
        """An older file's tables gain the columns added since (``ADDED_COLUMNS``)."""
        for table, column, declaration in ADDED_COLUMNS:
            have = {row[1] for row in self._conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def _enable_wal(self) -> None:
        # Switching to WAL needs an exclusive lock, and SQLite answers "database is
        # locked" at once, without its busy handler, when another process is
        # switching the same new file at the same moment; so wait here ourselves.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")  # persistent in the file
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as e:
            raise StoreError(f"translation cache {self.path}: {e}") from e

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so a concurrent writer waits
        # (busy_timeout) here rather than failing half-way through.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _rows_by_source(self, query: str, sources: Iterable[str], *params: Any) -> list[tuple[Any, ...]]:
        """The rows ``query`` selects for the distinct ``sources``, without their hash.

        ``query`` selects ``source_sha, source, …`` and has ``{marks}`` where the list of
        hashes goes (``source_sha IN ({marks})``), after ``params``; it runs once per chunk of
        hashes. A row whose stored sentence is not the one asked for is left out.
        """
        by_sha = {source_sha(s): s for s in dict.fromkeys(sources)}
        shas = list(by_sha)
        found: list[tuple[Any, ...]] = []
        with self._lock, self._errors():
            for i in range(0, len(shas), _IN_CHUNK):
                chunk = shas[i : i + _IN_CHUNK]
                rows = self._conn.execute(query.format(marks=",".join("?" * len(chunk))), (*params, *chunk))
                found.extend(row[1:] for row in rows if by_sha.get(row[0]) == row[1])
        return found

    def close(self) -> None:
        with self._lock:
            self._conn.close()
