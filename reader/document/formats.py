"""The input formats: one registry of ``InputFormat`` records (see docs/formats.md).

Each format is a loader module in ``reader/document/loaders/`` and one entry in
``BUILTIN``. ``load_document``, the CLI's ``--input-format`` choices, the names
``reader corpus`` gives its outputs and the reader's export name all read this
registry. A format is chosen, under ``--input-format auto``, by

1. a binary format's ``sniff`` of the bytes (a zip whose ``mimetype`` says EPUB is
   EPUB whatever its name),
2. the file's extension (for a fetched web page, after step 3),
3. a text format's ``sniff`` of the decoded text (a page that starts ``<html``),
4. else plain text.

A binary container (an image, a zip, a PDF read with --input-format txt, …) is
refused by name when it would be decoded as text (``reader.text.containers``).
"""

from __future__ import annotations

from typing import Sequence

from ..errors import InputError
from ..registry import Registry
from .input_format import InputFormat, LoadOptions, Loader, RawInput

__all__ = [
    "AUTO", "INPUT_FORMATS", "InputFormat", "LoadOptions", "Loader", "RawInput", "detect_input_format",
    "document_stem", "input_format_by_name", "input_formats", "input_suffixes", "register_input_format",
    "unregister_input_format",
]


AUTO = "auto"
_FORMATS: Registry[InputFormat] = Registry()


def register_input_format(fmt: InputFormat) -> InputFormat:
    """Add an input format (or replace one of the same name); it is then everywhere a format is chosen."""
    if fmt.name == AUTO:
        raise ValueError(f"{AUTO!r} is not a format name")
    return _FORMATS.register(fmt.name, fmt)


def unregister_input_format(name: str) -> None:
    _FORMATS.unregister(name)


def input_formats() -> tuple[InputFormat, ...]:
    return _FORMATS.records()


def input_format_by_name(name: str) -> InputFormat:
    fmt = _FORMATS.get(name)
    if fmt is None:
        raise InputError(f"unknown input format {name!r}; choose one of {', '.join(INPUT_FORMATS)}")
    return fmt


INPUT_FORMATS: Sequence[str] = _FORMATS.names(AUTO)  # auto, txt, md, html, lines, and any registered later


def input_suffixes() -> tuple[str, ...]:
    """Every extension an input format claims, longest first (for taking it off a name)."""
    return tuple(sorted({e for f in _FORMATS.records() for e in f.extensions}, key=len, reverse=True))


def document_stem(name: str) -> str:
    """A file name without an extension an input format claims and its ``.de`` tag: ``a.de.txt`` → ``a``."""
    lower = name.lower()
    for suffix in input_suffixes():
        if lower.endswith(suffix) and len(name) > len(suffix):
            name, lower = name[: -len(suffix)], lower[: -len(suffix)]
            break
    return name[:-3] if lower.endswith(".de") and len(name) > 3 else name


def detect_input_format(raw: RawInput) -> InputFormat:
    """The format ``--input-format auto`` reads ``raw`` as (the order is in the module's docstring)."""
    candidates = [f for f in _FORMATS.records() if f.auto]
    for fmt in candidates:
        if fmt.binary and fmt.sniff is not None and raw.data and fmt.sniff(raw):
            return fmt

    def by_content() -> InputFormat | None:  # decodes the text: asked only when needed
        return next((f for f in candidates if not f.binary and f.sniff is not None and f.sniff(raw)), None)

    if raw.url is not None and (fmt := by_content()) is not None:
        return fmt  # a fetched page: by its content first, whatever its address ends in
    by_extension = next((f for f in candidates if raw.suffix and raw.suffix in f.extensions), None)
    return by_extension or by_content() or input_format_by_name("txt")


def _register_builtin() -> None:
    from .loaders import docx, epub, html, lines, markdown, odt, pdf, subtitles, text

    for fmt in (text.FORMAT, markdown.FORMAT, html.FORMAT, lines.FORMAT, epub.FORMAT, docx.FORMAT, odt.FORMAT,
                *subtitles.FORMATS, pdf.FORMAT):
        register_input_format(fmt)


_register_builtin()
