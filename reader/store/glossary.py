"""The default glossary (``reader.glossary``): one row per German term, used when no ``--glossary`` is given."""

from __future__ import annotations

import time
from collections.abc import Iterable

from ..glossary.model import Glossary, Term
from .connection import Connection


def term_key(german: str) -> str:
    """A term's row key: its German, spaces normalised, case-folded (as ``Glossary.of`` keeps one per term)."""
    return " ".join(german.split()).casefold()


class GlossaryTable(Connection):
    """The ``glossary_terms`` table, in the order terms were added."""

    def glossary(self) -> Glossary:
        with self._lock, self._errors():
            rows = self._conn.execute("SELECT german, english, note FROM glossary_terms ORDER BY added, rowid").fetchall()
        return Glossary.of([Term(*row) for row in rows])

    def add_terms(self, terms: Iterable[Term]) -> int:
        """Add or update terms (a German term already there gets the new English and note); how many were written."""
        n = 0
        with self._lock, self._errors(), self._write():
            for term in Glossary.of(list(terms)).terms:
                self._conn.execute(
                    "INSERT INTO glossary_terms (key, german, english, note, added) VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET german = excluded.german, english = excluded.english,"
                    " note = excluded.note",
                    (term_key(term.german), term.german, term.english, term.note, time.time()),
                )
                n += 1
        return n

    def remove_term(self, german: str) -> bool:
        """Remove a term by its German (any case); False when there was none."""
        with self._lock, self._errors(), self._write():
            cursor = self._conn.execute("DELETE FROM glossary_terms WHERE key = ?", (term_key(german),))
        return cursor.rowcount > 0
