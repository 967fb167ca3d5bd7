"""Model output, keyed by (model_key, settings_key, source sentence).

Both keys are opaque strings to the store (e.g. "Helsinki-NLP/opus-mt-de-en@1a922f…"
and "beams=4;alts=0").
"""

from __future__ import annotations

import json
import time
from typing import Any, Sequence

from ..translation import Hypothesis, Translation, WordLink
from .connection import Connection, source_sha
from .schema import compact_json, rounded


def _hyp_to_list(h: Hypothesis) -> list[Any]:
    links = [
        [a.source_start, a.source_end, a.target_start, a.target_end, rounded(a.weight)]
        for a in h.alignment
    ]
    return [h.text, rounded(h.score), list(h.tokens), [rounded(s) for s in h.token_scores], links]


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
    return compact_json(payload)


def _decode(source: str, data: str) -> Translation:
    payload = json.loads(data)
    return Translation(
        source=source,
        best=_hyp_from_list(payload["b"]),
        alternatives=tuple(_hyp_from_list(h) for h in payload.get("a", ())),
    )


class TranslationsTable(Connection):
    """The ``translations`` table: what a model gave, never the user's edits."""

    def get_many(
        self, model_key: str, settings_key: str, sources: Sequence[str]
    ) -> dict[str, Translation]:
        """Cached translations of ``sources`` (hits only), by source sentence."""
        hits: dict[str, Translation] = {}
        rows = self._rows_by_source(
            "SELECT source_sha, source, data FROM translations"
            " WHERE model_key = ? AND settings_key = ? AND source_sha IN ({marks})",
            sources, model_key, settings_key,
        )
        for source, data in rows:
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
            (model_key, settings_key, source_sha(t.source), t.source, _encode(t), now)
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
