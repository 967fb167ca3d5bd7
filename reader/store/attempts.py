"""The learner's attempts at translating sentences (``reader.attempts``): one row each,
kept with their time and grades (schema version 2 added their table)."""

from __future__ import annotations

import json
from typing import Iterable

from ..attempts import Attempt, WordScore
from .connection import Connection, source_sha
from .schema import compact_json, rounded


def _encode_attempt(a: Attempt) -> str:
    return compact_json({
        "chrf": rounded(a.chrf), "model": a.model_text, "unaligned": [list(span) for span in a.unaligned],
        "least": [[w.start, w.end, rounded(w.logprob)] for w in a.least_likely], "logprob": rounded(a.mean_logprob),
    })


def _decode_attempt(source: str, text: str, created: float, data: str) -> Attempt:
    payload = json.loads(data)
    return Attempt(
        source=source, text=text, time=created, chrf=float(payload["chrf"]), model_text=payload["model"],
        unaligned=tuple((int(s), int(e)) for s, e in payload["unaligned"]),
        least_likely=tuple(WordScore(int(s), int(e), float(v)) for s, e, v in payload["least"]),
        mean_logprob=float(payload["logprob"]),
    )


def _read_attempt(source: str, text: str, created: float, data: str) -> Attempt | None:
    try:
        return _decode_attempt(source, text, created, data)
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable row is left out


class AttemptsTable(Connection):
    """The ``attempts`` table: every attempt kept, oldest first."""

    def add_attempt(self, attempt: Attempt) -> None:
        with self._lock, self._errors(), self._write():
            self._conn.execute(
                "INSERT INTO attempts (source_sha, source, text, created, data) VALUES (?, ?, ?, ?, ?)",
                (source_sha(attempt.source), attempt.source, attempt.text, attempt.time, _encode_attempt(attempt)),
            )

    def attempts_for(self, sources: Iterable[str]) -> dict[str, list[Attempt]]:
        """The attempts at each of ``sources`` that has any, oldest first."""
        rows = self._rows_by_source(
            "SELECT source_sha, source, text, created, data FROM attempts"
            " WHERE source_sha IN ({marks}) ORDER BY created, id",
            sources,
        )
        found: dict[str, list[Attempt]] = {}
        for row in rows:
            if a := _read_attempt(*row):
                found.setdefault(a.source, []).append(a)
        return found

    def all_attempts(self) -> list[Attempt]:
        """Every attempt in the store, of any document, oldest first."""
        with self._lock, self._errors():
            rows = self._conn.execute("SELECT source, text, created, data FROM attempts ORDER BY created, id").fetchall()
        return [a for row in rows if (a := _read_attempt(*row))]
