"""The store's tables as they stand on disk, the schema version that says so, and how a
row's ``data`` column is written (compact JSON, scores to four decimals)."""

from __future__ import annotations

import json
import math
from typing import Any

# 2: the attempts table; 3: saved words. A table added since (reading_positions, translation_memory,
# document_words, glossary_terms) is created IF NOT EXISTS, and a column added since (ADDED_COLUMNS) is
# added on open, without a bump: a reader that doesn't know them opens the file as before.
SCHEMA_VERSION = 3

SCHEMA = """
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
    data     TEXT NOT NULL,     -- the rest of the SavedWord, compact JSON, see _encode_word()
    doc_sha  BLOB               -- the document it was first saved in (positions.document_key()), NULL: unknown
);
CREATE TABLE IF NOT EXISTS reading_positions (
    doc_sha    BLOB PRIMARY KEY,  -- sha256(the document's text): positions.document_key()
    name       TEXT NOT NULL,
    path       TEXT NOT NULL,
    sentence   INTEGER NOT NULL,  -- where the cursor was left, 0-based
    sentences  INTEGER NOT NULL,
    words_read INTEGER NOT NULL,
    known      INTEGER,           -- % of its running words known when last counted (K), NULL: never counted
    opened     REAL NOT NULL      -- last opened or left
);
CREATE TABLE IF NOT EXISTS translation_memory (
    source_sha BLOB PRIMARY KEY,  -- sha256(norm): the exact-match index
    norm       TEXT NOT NULL,     -- the source normalised (memory.normalise_source), checked on read
    source     TEXT NOT NULL,     -- the source as given
    target     TEXT NOT NULL,
    origin     TEXT NOT NULL,     -- where it came from: "tmx:<file name>"
    added      REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS document_words (
    doc_sha BLOB NOT NULL,     -- the document (positions.document_key())
    key     TEXT NOT NULL,     -- a lemma key of its words (as saved_words.key)
    count   INTEGER NOT NULL,  -- its running words of that lemma
    PRIMARY KEY (doc_sha, key)
);
CREATE TABLE IF NOT EXISTS glossary_terms (
    key     TEXT PRIMARY KEY,  -- the German term, spaces normalised, case-folded (store.glossary.term_key)
    german  TEXT NOT NULL,
    english TEXT NOT NULL,
    note    TEXT NOT NULL,
    added   REAL NOT NULL
);
"""

# Columns added to a table after its first release: (table, column, declaration), added on open where missing.
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("saved_words", "doc_sha", "BLOB"),
)


def rounded(x: float) -> float:
    """A score as stored: four decimals keep rows small (infinities as they are)."""
    return round(x, 4) if math.isfinite(x) else x


def compact_json(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
