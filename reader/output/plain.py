"""txt: the English only, one line a paragraph, the original's paragraph separation kept."""

from __future__ import annotations

from typing import TextIO

from ..document import Document, Paragraph
from .pairs import Groups, joined


def write_txt(doc: Document, groups: Groups, out: TextIO) -> None:
    prev: Paragraph | None = None
    for p, pairs in groups:
        if prev is not None:
            # Keep the original's paragraph separation (one newline, or blank lines).
            out.write("\n" * max(1, doc.text[prev.end : p.start].count("\n")))
        # A paragraph with nothing to translate (code, numbers) is kept as it was.
        out.write(joined(pairs) if pairs else doc.text[p.start : p.end])
        prev = p
    if prev is not None:
        out.write("\n")
