"""A SQLite cache of translations, plus the user's own versions of sentences.

Model output is keyed by (model_key, settings_key, source sentence); both keys
are opaque strings to the store (e.g. "Helsinki-NLP/opus-mt-de-en@1a922f…" and
"beams=4;alts=0"). User versions are keyed by the source sentence alone, live
in their own table and are never touched by ``put_many`` or ``clear()``; so are
the learner's attempts (``reader.attempts``), one row each, kept with their time
and grades (schema version 2 added their table), and the learner's saved words
(``reader.words``), one row per lemma (schema version 3). An older file gains the
newer tables on open.

Several processes may share one file: WAL journal mode lets readers run beside
a writer, ``busy_timeout`` makes a second writer wait instead of failing, and
write transactions are short (one ``INSERT OR REPLACE`` batch each).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import platformdirs

from ..errors import ReaderError
from ..attempts import Attempt, WordScore
from ..translation import Hypothesis, Translation, WordLink
from ..words import model as words_model
from ..words.model import SAME_TIME_S, STATUSES, ImportCounts, SavedWord, Status, imported_over, key_of, same_word

DB_FILENAME = "translations.sqlite3"
SCHEMA_VERSION = 3  # 2: the attempts table; 3: saved words
BUSY_TIMEOUT_S = 30.0
# SQLite builds before 3.32 allow at most 999 bound variables per statement.
_IN_CHUNK = 900

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model_key    TEXT NOT NULL,
    settings_key TEXT NOT NULL,
    source_sha   BLOB NOT NULL,  -- sha256(source): a short fixed-size key
    source       TEXT NOT NULL,  -- the sentence itself, checked on read
    data         TEXT NOT NULL,  -- compact JSON, see _encode()
    created      REAL NOT NULL,
    PRIMARY KEY (model_key, settings_key, source_sha)
);
CREATE TABLE IF NOT EXISTS user_translations (
    source_sha BLOB PRIMARY KEY,
    source     TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated    REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
    id         INTEGER PRIMARY KEY,
    source_sha BLOB NOT NULL,
    source     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created    REAL NOT NULL,
    data       TEXT NOT NULL  -- the grades, compact JSON, see _encode_attempt()
);
CREATE INDEX IF NOT EXISTS attempts_by_source ON attempts (source_sha, created);
CREATE TABLE IF NOT EXISTS saved_words (
    key      TEXT PRIMARY KEY,  -- the lemma, case-folded (SavedWord.key)
    status   TEXT NOT NULL,     -- new, learning, known
    created  REAL NOT NULL,
    updated  REAL NOT NULL,
    data     TEXT NOT NULL      -- the rest of the SavedWord, compact JSON, see _encode_word()
);
"""


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


def _sha(source: str) -> bytes:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()


def _r(x: float) -> float:
    return round(x, 4) if math.isfinite(x) else x


def _hyp_to_list(h: Hypothesis) -> list[Any]:
    links = [
        [a.source_start, a.source_end, a.target_start, a.target_end, _r(a.weight)]
        for a in h.alignment
    ]
    return [h.text, _r(h.score), list(h.tokens), [_r(s) for s in h.token_scores], links]


def _hyp_from_list(v: list[Any]) -> Hypothesis:
    text, score, tokens, token_scores, links = v
    return Hypothesis(
        text=text,
        score=float(score),
        tokens=tuple(tokens),
        token_scores=tuple(float(s) for s in token_scores),
        alignment=tuple(WordLink(*link[:4], weight=float(link[4])) for link in links),
    )


def _encode(t: Translation) -> str:
    # Positional lists keep rows small; the source is stored in its own column.
    payload: dict[str, Any] = {"b": _hyp_to_list(t.best)}
    if t.alternatives:
        payload["a"] = [_hyp_to_list(h) for h in t.alternatives]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _decode(source: str, data: str) -> Translation:
    payload = json.loads(data)
    return Translation(
        source=source,
        best=_hyp_from_list(payload["b"]),
        alternatives=tuple(_hyp_from_list(h) for h in payload.get("a", ())),
    )


def _encode_attempt(a: Attempt) -> str:
    payload = {
        "chrf": _r(a.chrf), "model": a.model_text, "unaligned": [list(span) for span in a.unaligned],
        "least": [[w.start, w.end, _r(w.logprob)] for w in a.least_likely], "logprob": _r(a.mean_logprob),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _decode_attempt(source: str, text: str, created: float, data: str) -> Attempt:
    payload = json.loads(data)
    return Attempt(
        source=source, text=text, time=created, chrf=float(payload["chrf"]), model_text=payload["model"],
        unaligned=tuple((int(s), int(e)) for s, e in payload["unaligned"]),
        least_likely=tuple(WordScore(int(s), int(e), float(v)) for s, e, v in payload["least"]),
        mean_logprob=float(payload["logprob"]),
    )


def _encode_word(w: SavedWord) -> str:
    return json.dumps(
        {
            "lemma": w.lemma, "word": w.word, "sentence": w.sentence, "span": list(w.span),
            "translation": w.translation, "aligned": [list(a) for a in w.aligned], "gloss": w.gloss,
            "document": w.document, "sentence_index": w.sentence_index,
        },
        ensure_ascii=False, separators=(",", ":"),
    )


def _decode_word(status: str, created: float, updated: float, data: str) -> SavedWord:
    d = json.loads(data)
    if status not in STATUSES:
        raise ValueError(status)
    return SavedWord(
        lemma=str(d["lemma"]), word=str(d["word"]), sentence=str(d["sentence"]),
        span=(int(d["span"][0]), int(d["span"][1])), translation=str(d.get("translation", "")),
        aligned=tuple((int(a), int(b)) for a, b in d.get("aligned", ())), gloss=str(d.get("gloss", "")),
        status=status,  # type: ignore[arg-type]
        document=str(d.get("document", "")), sentence_index=int(d.get("sentence_index", -1)),
        created=created, updated=updated,
    )


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class TranslationStore:
    """Translation cache at ``path`` (created, with its directory, if missing)."""

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
                for stmt in _SCHEMA.split(";"):
                    if stmt.strip():
                        self._conn.execute(stmt)
                if version < SCHEMA_VERSION:
                    self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

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

    # -- model translations -------------------------------------------------

    def get_many(
        self, model_key: str, settings_key: str, sources: Sequence[str]
    ) -> dict[str, Translation]:
        """Cached translations of ``sources`` (hits only), by source sentence."""
        by_sha = {_sha(s): s for s in dict.fromkeys(sources)}
        hits: dict[str, Translation] = {}
        with self._lock, self._errors():
            for chunk in _chunks(list(by_sha), _IN_CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    "SELECT source_sha, source, data FROM translations"
                    f" WHERE model_key = ? AND settings_key = ? AND source_sha IN ({marks})",
                    (model_key, settings_key, *chunk),
                )
                for sha, source, data in rows:
                    if by_sha.get(sha) != source:
                        continue
                    try:
                        hits[source] = _decode(source, data)
                    except (ValueError, KeyError, TypeError, IndexError):
                        continue  # an unreadable row is just a miss
        return hits

    def put_many(
        self, model_key: str, settings_key: str, translations: Sequence[Translation]
    ) -> None:
        """Store model output in one transaction. Edited (user) translations are skipped:
        they belong in the user table, not under a model's key."""
        now = time.time()
        rows = [
            (model_key, settings_key, _sha(t.source), t.source, _encode(t), now)
            for t in translations
            if not t.edited
        ]
        if not rows:
            return
        with self._lock, self._errors(), self._write():
            self._conn.executemany(
                "INSERT OR REPLACE INTO translations"
                " (model_key, settings_key, source_sha, source, data, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    # -- user versions ----------------------------------------------------

    def set_user_translation(self, source: str, text: str) -> None:
        with self._lock, self._errors(), self._write():
            self._conn.execute(
                "INSERT OR REPLACE INTO user_translations (source_sha, source, text, updated)"
                " VALUES (?, ?, ?, ?)",
                (_sha(source), source, text, time.time()),
            )

    def get_user_translations(self, sources: Iterable[str]) -> dict[str, str]:
        by_sha = {_sha(s): s for s in dict.fromkeys(sources)}
        found: dict[str, str] = {}
        with self._lock, self._errors():
            for chunk in _chunks(list(by_sha), _IN_CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    "SELECT source_sha, source, text FROM user_translations"
                    f" WHERE source_sha IN ({marks})",
                    chunk,
                )
                for sha, source, text in rows:
                    if by_sha.get(sha) == source:
                        found[source] = text
        return found

    def clear_user_translation(self, source: str) -> None:
        with self._lock, self._errors(), self._write():
            self._conn.execute(
                "DELETE FROM user_translations WHERE source_sha = ?", (_sha(source),)
            )

    # -- the learner's attempts -------------------------------------------

    def add_attempt(self, attempt: Attempt) -> None:
        with self._lock, self._errors(), self._write():
            self._conn.execute(
                "INSERT INTO attempts (source_sha, source, text, created, data) VALUES (?, ?, ?, ?, ?)",
                (_sha(attempt.source), attempt.source, attempt.text, attempt.time, _encode_attempt(attempt)),
            )

    def attempts_for(self, sources: Iterable[str]) -> dict[str, list[Attempt]]:
        """The attempts at each of ``sources`` that has any, oldest first."""
        by_sha = {_sha(s): s for s in dict.fromkeys(sources)}
        found: dict[str, list[Attempt]] = {}
        with self._lock, self._errors():
            for chunk in _chunks(list(by_sha), _IN_CHUNK):
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    "SELECT source_sha, source, text, created, data FROM attempts"
                    f" WHERE source_sha IN ({marks}) ORDER BY created, id",
                    chunk,
                )
                for sha, source, text, created, data in rows:
                    if by_sha.get(sha) == source and (a := self._read_attempt(source, text, created, data)):
                        found.setdefault(source, []).append(a)
        return found

    def all_attempts(self) -> list[Attempt]:
        """Every attempt in the store, of any document, oldest first."""
        with self._lock, self._errors():
            rows = self._conn.execute("SELECT source, text, created, data FROM attempts ORDER BY created, id").fetchall()
        return [a for row in rows if (a := self._read_attempt(*row))]

    @staticmethod
    def _read_attempt(source: str, text: str, created: float, data: str) -> Attempt | None:
        try:
            return _decode_attempt(source, text, created, data)
        except (ValueError, KeyError, TypeError):
            return None  # an unreadable row is left out

    # -- the learner's saved words ---------------------------------------

    def save_word(self, word: SavedWord, *, keep_gloss: bool = True) -> SavedWord:
        """Save ``word`` (one row per lemma). A lemma already saved keeps its status and
        creation time, and its gloss when ``word`` has none and ``keep_gloss``; what was
        stored is returned."""
        with self._lock, self._errors(), self._write():
            old = self._word_row(word.key)
            if old is not None:
                word = replace(
                    word, status=old.status, created=old.created,
                    gloss=word.gloss or (old.gloss if keep_gloss else ""),
                )
            self._put_word(word)
        return word

    def put_words(self, words: Iterable[SavedWord]) -> int:
        """Write ``words`` as they are (status, gloss and times included), replacing any
        row of the same lemma: an exact restore (imports go through ``import_words``, which
        keeps newer rows). Returns how many were written."""
        words = list(words)
        with self._lock, self._errors(), self._write():
            for w in words:
                self._put_word(w)
        return len(words)

    def import_words(self, words: Iterable[SavedWord], *, replace_newer: bool = False) -> ImportCounts:
        """Write a file's ``words`` in one transaction: a new lemma as it is, a saved one as
        ``imported_over`` it, except one changed after the file's version (a later ``updated``),
        which stays unless ``replace_newer``: an old export mustn't undo what was learned since."""
        new = updated = unchanged = kept = 0
        with self._lock, self._errors(), self._write():
            for w in words:
                old = self._word_row(w.key)
                if old is None:
                    self._put_word(w)
                    new += 1
                elif not replace_newer and old.updated > w.updated + SAME_TIME_S:
                    kept += 1
                elif same_word(merged := imported_over(old, w), old):
                    unchanged += 1
                else:
                    self._put_word(merged)
                    updated += 1
        return ImportCounts(new=new, updated=updated, unchanged=unchanged, kept_newer=kept)

    def _word_row(self, key: str) -> SavedWord | None:
        row = self._conn.execute(
            "SELECT status, created, updated, data FROM saved_words WHERE key = ?", (key,)
        ).fetchone()
        return self._read_word(*row) if row else None

    def _put_word(self, w: SavedWord) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO saved_words (key, status, created, updated, data) VALUES (?, ?, ?, ?, ?)",
            (w.key, w.status, w.created, w.updated, _encode_word(w)),
        )

    def get_word(self, lemma: str) -> SavedWord | None:
        """The saved word of this lemma (any case: keys are case-folded lemmas), or None."""
        with self._lock, self._errors():
            return self._word_row(key_of(lemma))

    def set_word_status(self, lemma: str, status: Status) -> bool:
        """Change a saved word's status; False when the lemma isn't saved."""
        return self._update_word(lemma, status=status)

    def set_word_gloss(self, lemma: str, gloss: str) -> bool:
        """Change a saved word's gloss; False when the lemma isn't saved."""
        return self._update_word(lemma, gloss=gloss)

    def _update_word(self, lemma: str, **changes: Any) -> bool:
        if "status" in changes and changes["status"] not in STATUSES:
            raise ValueError(f"unknown status {changes['status']!r}")
        with self._lock, self._errors(), self._write():
            old = self._word_row(key_of(lemma))
            if old is None:
                return False
            self._put_word(replace(old, updated=words_model.clock(), **changes))
        return True

    def delete_word(self, lemma: str) -> bool:
        with self._lock, self._errors(), self._write():
            cur = self._conn.execute("DELETE FROM saved_words WHERE key = ?", (key_of(lemma),))
        return cur.rowcount > 0

    def saved_words(self) -> list[SavedWord]:
        """Every saved word, of any document, oldest first."""
        with self._lock, self._errors():
            rows = self._conn.execute(
                "SELECT status, created, updated, data FROM saved_words ORDER BY created, key"
            ).fetchall()
        return [w for row in rows if (w := self._read_word(*row))]

    def word_statuses(self) -> dict[str, Status]:
        """Each saved lemma key with its status: what the unknown-word highlighting reads."""
        with self._lock, self._errors():
            rows = self._conn.execute("SELECT key, status FROM saved_words").fetchall()
        return {k: s for k, s in rows if s in STATUSES}

    @staticmethod
    def _read_word(status: str, created: float, updated: float, data: str) -> SavedWord | None:
        try:
            return _decode_word(status, created, updated, data)
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # an unreadable row is left out

    # -- housekeeping -----------------------------------------------------

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
        """Drop all cached model translations (and the user's versions, attempts and saved words only if asked)."""
        with self._lock, self._errors():
            with self._write():
                self._conn.execute("DELETE FROM translations")
                if include_user:
                    self._conn.execute("DELETE FROM user_translations")
                    self._conn.execute("DELETE FROM attempts")
                    self._conn.execute("DELETE FROM saved_words")
            # Give the space back; skipped if another process is using the file.
            with contextlib.suppress(sqlite3.OperationalError):
                self._conn.execute("VACUUM")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> TranslationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
