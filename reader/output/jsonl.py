"""jsonl: one record per sentence, with spans, scores, per-token scores, word links and alternatives."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from ..document import Document, Paragraph, Sentence
from ..translation import Translation
from .pairs import Groups, json_number


TermRecords = Sequence[Sequence[dict[str, Any]]]  # per sentence: its glossary term occurrences (reader.glossary)


def _sentence_record(p: Paragraph, index: int, s: Sentence, t: Translation) -> dict[str, Any]:
    src, tgt = t.source, t.text
    record: dict[str, Any] = {
        "paragraph": p.index,
        "sentence": index,
        "source": s.text,
        "source_span": [s.start, s.end],
        "translation": tgt,
        "score": json_number(t.score),
        "tokens": list(t.best.tokens),
        "token_scores": [json_number(x) for x in t.best.token_scores],
        "alignment": [
            {
                "source": [a.source_start, a.source_end],
                "target": [a.target_start, a.target_end],
                "source_word": src[a.source_start : a.source_end],
                "target_word": tgt[a.target_start : a.target_end],
                "weight": json_number(a.weight),
            }
            for a in t.alignment
        ],
        "edited": t.edited,
        "origin": t.origin,  # model, memory (an imported TMX), yours (your version from the reader)
    }
    if src != s.text:
        # Alignment spans index the text the engine saw; say so when it differs.
        record["engine_source"] = src
    if t.alternatives:
        record["alternatives"] = [
            {"translation": h.text, "score": json_number(h.score)} for h in t.alternatives
        ]
    return record


# json.dumps leaves these unescaped, yet str.splitlines() (and JavaScript) break
# lines at them; they can only occur inside strings, so escaping them is safe.
_JSON_LINE_SAFE = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def write_jsonl(doc: Document, groups: Groups, out: TextIO, terms: TermRecords | None = None) -> None:
    """One record per sentence; with ``terms`` (a glossary's occurrences by sentence), each record has them as ``terms``."""
    index = 0
    for p, pairs in groups:
        for s, t in pairs:
            record = _sentence_record(p, index, s, t)
            if terms is not None:
                record["terms"] = list(terms[index])
            line = json.dumps(record, ensure_ascii=False, allow_nan=False)
            out.write(line.translate(_JSON_LINE_SAFE) + "\n")
            index += 1
