"""tsv: one row per sentence (paragraph, sentence, source, translation, score)."""

from __future__ import annotations

import math
import re
from typing import TextIO

from ..document import Document
from .pairs import LINE_BREAKS, Groups

_FIELD_BREAK = re.compile(rf"[\t{LINE_BREAKS}]")


def _field(text: str) -> str:
    return _FIELD_BREAK.sub(" ", text)


def write_tsv(doc: Document, groups: Groups, out: TextIO) -> None:
    out.write("paragraph\tsentence\tsource\ttranslation\tscore\n")
    index = 0
    for p, pairs in groups:
        for s, t in pairs:
            score = f"{t.score:.4f}" if math.isfinite(t.score) else ""
            out.write(f"{p.index}\t{index}\t{_field(s.text)}\t{_field(t.text)}\t{score}\n")
            index += 1
