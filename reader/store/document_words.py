"""Each document's words by lemma (``document_words``): what the share of a book's words known is counted on.

The reader writes them when it counts the words of a document (``K``: lemmatizing a
novel takes about a second, so it is never done just for the library); the share
known is then counted here against the saved words' statuses as they are now, so
``reader library`` shows words learnt since in any book.
"""

from __future__ import annotations

from collections.abc import Mapping

from .connection import Connection


class DocumentWordsTable(Connection):
    """The ``document_words`` table: one row per document and lemma, with its running words."""

    def save_document_words(self, key: bytes, counts: Mapping[str, int]) -> None:
        """The words of the document with this ``document_key``, replacing what was kept of it."""
        with self._lock, self._errors(), self._write():
            self._conn.execute("DELETE FROM document_words WHERE doc_sha = ?", (key,))
            self._conn.executemany(
                "INSERT INTO document_words (doc_sha, key, count) VALUES (?, ?, ?)",
                ((key, lemma, n) for lemma, n in counts.items()),
            )

    def known_words_by_document(self) -> dict[bytes, tuple[int, int]]:
        """Each document whose words are kept: (its running words known now, all its running words)."""
        with self._lock, self._errors():
            rows = self._conn.execute(
                "SELECT d.doc_sha, sum(CASE WHEN w.status = 'known' THEN d.count ELSE 0 END), sum(d.count)"
                " FROM document_words d LEFT JOIN saved_words w ON w.key = d.key GROUP BY d.doc_sha"
            ).fetchall()
        return {key: (known, total) for key, known, total in rows}
