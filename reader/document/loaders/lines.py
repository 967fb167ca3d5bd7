"""lines: a test set, one segment per line (``--lines``); a ``.jsonl`` test set is read record by record."""

from __future__ import annotations

import json

from ...errors import InputError
from ..input_format import InputFormat, LoadOptions, RawInput
from ..structure import Document, build_document

JSONL_FIELDS = ("de", "source", "src", "text")


def load_lines(raw: RawInput, options: LoadOptions) -> Document:
    text = raw.decode(lf_only=True)  # a lone "\r" inside a line does not end it
    if raw.source.lower().endswith(".jsonl"):
        text = jsonl_segments(text, raw.name)
    return build_document(text, raw.name, "lines")


def jsonl_segments(text: str, name: str) -> str:
    """A JSONL test set as lines: each record a string, or an object whose first field of ``JSONL_FIELDS`` is German.

    A blank line stays an empty segment; a line break inside a segment becomes a space,
    so segment n is still line n.
    """
    lines = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            lines.append("")
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise InputError(f"{name}: line {n} is not JSON") from None
        value = record if isinstance(record, str) else next(
            (record[k] for k in JSONL_FIELDS if isinstance(record, dict) and isinstance(record.get(k), str)), None)
        if value is None:
            raise InputError(f"{name}: line {n} has no German text (a JSON string, or an object with one of "
                             f"{', '.join(repr(k) for k in JSONL_FIELDS)})")
        lines.append(" ".join(value.splitlines()))
    return "\n".join(lines)


# Never chosen by auto: a test set is asked for (--lines). Its .jsonl is named here so that
# `reader corpus` takes the extension off its output name.
FORMAT = InputFormat("lines", load_lines, "a test set: one segment per line, blank lines kept",
                     extensions=(".jsonl",), auto=False)
