"""md: Markdown; headings, lists, quotes and code are blocks, inline markup is kept beside the spans."""

from __future__ import annotations

from ..input_format import InputFormat, LoadOptions, RawInput
from ..structure import Document, build_document


def load_markdown(raw: RawInput, options: LoadOptions) -> Document:
    return build_document(raw.text, raw.name, "md")


FORMAT = InputFormat("md", load_markdown, "Markdown", extensions=(".md", ".markdown"))
