"""The learner's saved words (``reader.words``): one row per lemma (schema version 3)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Iterable

from ..words import model as words_model
from ..words.model import SAME_TIME_S, STATUSES, ImportCounts, SavedWord, Status, imported_over, key_of, same_word
from .connection import Connection
from .schema import compact_json


def _encode_word(w: SavedWord) -> str:
    return compact_json({
        "lemma": w.lemma, "word": w.word, "sentence": w.sentence, "span": list(w.span),
        "translation": w.translation, "aligned": [list(a) for a in w.aligned], "gloss": w.gloss,
        "document": w.document, "sentence_index": w.sentence_index,
    })


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


def _read_word(status: str, created: float, updated: float, data: str) -> SavedWord | None:
    try:
        return _decode_word(status, created, updated, data)
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # an unreadable row is left out


class SavedWordsTable(Connection):
    """The ``saved_words`` table: one row per lemma, keyed by the case-folded lemma."""

    def save_word(self, word: SavedWord, *, keep_gloss: bool = True, document: bytes | None = None) -> SavedWord:
        """Save ``word`` (one row per lemma). A lemma already saved keeps its status and
        creation time, and its gloss when ``word`` has none and ``keep_gloss``; what was
        stored is returned. ``document`` (``document_key`` of the text it is read in) is kept
        only for a lemma saved for the first time: the book whose new word it is."""
        with self._lock, self._errors(), self._write():
            old = self._word_row(word.key)
            if old is not None:
                word = replace(
                    word, status=old.status, created=old.created,
                    gloss=word.gloss or (old.gloss if keep_gloss else ""),
                )
            self._put_word(word, document)
        return word

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
        return _read_word(*row) if row else None

    def _put_word(self, w: SavedWord, document: bytes | None = None) -> None:
        # An upsert, not a replace: the document a lemma was first saved in stays with it.
        self._conn.execute(
            "INSERT INTO saved_words (key, status, created, updated, data, doc_sha) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET status = excluded.status, created = excluded.created,"
            " updated = excluded.updated, data = excluded.data",
            (w.key, w.status, w.created, w.updated, _encode_word(w), document),
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
        return [w for row in rows if (w := _read_word(*row))]

    def new_words_by_document(self) -> dict[bytes, int]:
        """How many lemmas were first saved in each document (by its ``document_key``); words
        saved before documents were kept, or imported, count for none."""
        with self._lock, self._errors():
            rows = self._conn.execute(
                "SELECT doc_sha, count(*) FROM saved_words WHERE doc_sha IS NOT NULL GROUP BY doc_sha"
            ).fetchall()
        return dict(rows)

    def word_statuses(self) -> dict[str, Status]:
        """Each saved lemma key with its status: what the unknown-word highlighting reads."""
        with self._lock, self._errors():
            rows = self._conn.execute("SELECT key, status FROM saved_words").fetchall()
        return {k: s for k, s in rows if s in STATUSES}
