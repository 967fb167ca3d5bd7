"""txt: plain text; paragraphs are separated by blank lines (or are one per line), then segmented."""

from __future__ import annotations

from ..input_format import InputFormat, LoadOptions, RawInput
from ..structure import Document, build_document


def load_text(raw: RawInput, options: LoadOptions) -> Document:
    return build_document(raw.text, raw.name, "txt")


FORMAT = InputFormat("txt", load_text, "plain text", extensions=(".txt", ".text"))
