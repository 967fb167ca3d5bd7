"""The input formats: one registry of ``InputFormat`` records (see docs/formats.md).

Each format is a loader module in ``reader/document/loaders/`` and one entry in
``BUILTIN``. ``load_document``, the CLI's ``--input-format`` choices, the names
``reader corpus`` gives its outputs and the reader's export name all read this
registry. A format is chosen, under ``--input-format auto``, by

1. a binary format's ``sniff`` of the bytes (a zip whose ``mimetype`` says EPUB is
   EPUB whatever its name),
2. the file's extension,
3. a text format's ``sniff`` of the decoded text (a page that starts ``<html``),
4. else plain text.

A binary container that no registered format reads (PDF, an image, a zip, …) is
refused by name when it would be decoded as text (``reader.text.containers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..errors import InputError
from .structure import Document


@dataclass(frozen=True)
class RawInput:
    """What was read, before a format is chosen: a file's or stdin's bytes, or a fetched web page."""

    name: str  # for messages: the file's name, <stdin>, or the URL
    data: bytes
    source: str = "-"  # as given: a path, "-" or a URL (its extension names a format)
    encoding: str | None = None  # --encoding, for the text formats
    url: str | None = None  # a fetched page's final URL (its links are resolved against it)
    page: str | None = None  # a fetched page, decoded by its charset

    @property
    def suffix(self) -> str:
        return Path(self.source).suffix.lower() if self.source != "-" else ""

    @cached_property
    def text(self) -> str:
        """The bytes decoded and normalized (``reader.text.decoding``); InputError if they are not text."""
        if self.page is not None:
            return self.page
        from ..text.decoding import decode_bytes

        return decode_bytes(self.data, self.name, self.encoding)


@dataclass(frozen=True)
class LoadOptions:
    markup: bool = False  # keep inline markup (emphasis, links, code) for the outputs that carry it


Loader = Callable[[RawInput, LoadOptions], Document]


@dataclass(frozen=True)
class InputFormat:
    """An input format: its name, how it is recognised, and its loader."""

    name: str
    load: Loader
    description: str = ""
    extensions: tuple[str, ...] = ()  # ".md": lower case, with the dot
    sniff: Callable[[RawInput], bool] | None = None  # recognises the format from the content, whatever the name
    binary: bool = False  # a container read from bytes, never decoded as text (its sniff reads raw.data)
    auto: bool = True  # chosen by --input-format auto (else only when asked for by name)


AUTO = "auto"
_FORMATS: dict[str, InputFormat] = {}


def register_input_format(fmt: InputFormat) -> InputFormat:
    """Add an input format (or replace one of the same name); it is then everywhere a format is chosen."""
    if fmt.name == AUTO:
        raise ValueError(f"{AUTO!r} is not a format name")
    _FORMATS[fmt.name] = fmt
    return fmt


def unregister_input_format(name: str) -> None:
    _FORMATS.pop(name, None)


def input_formats() -> tuple[InputFormat, ...]:
    return tuple(_FORMATS.values())


def input_format_by_name(name: str) -> InputFormat:
    fmt = _FORMATS.get(name)
    if fmt is None:
        raise InputError(f"unknown input format {name!r}; choose one of {', '.join(INPUT_FORMATS)}")
    return fmt


class _Choices(Sequence[str]):
    """``auto`` and the registered names, live: a format registered later is among the CLI's choices too."""

    def _names(self) -> tuple[str, ...]:
        return (AUTO, *_FORMATS)

    def __getitem__(self, i):  # type: ignore[override]
        return self._names()[i]

    def __len__(self) -> int:
        return len(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, name: object) -> bool:
        return name == AUTO or name in _FORMATS

    def __repr__(self) -> str:
        return repr(self._names())


INPUT_FORMATS: Sequence[str] = _Choices()  # auto, txt, md, html, lines, and any registered later


def input_suffixes() -> tuple[str, ...]:
    """Every extension an input format claims, longest first (for taking it off a name)."""
    return tuple(sorted({e for f in _FORMATS.values() for e in f.extensions}, key=len, reverse=True))


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
    candidates = [f for f in _FORMATS.values() if f.auto]
    for fmt in candidates:
        if fmt.binary and fmt.sniff is not None and raw.data and fmt.sniff(raw):
            return fmt
    by_extension = next((f for f in candidates if raw.suffix and raw.suffix in f.extensions), None)
    if by_extension is not None:
        return by_extension
    for fmt in candidates:
        if not fmt.binary and fmt.sniff is not None and fmt.sniff(raw):
            return fmt
    return _FORMATS["txt"]


def _register_builtin() -> None:
    from .loaders import epub, html, lines, markdown, text

    for fmt in (text.FORMAT, markdown.FORMAT, html.FORMAT, lines.FORMAT, epub.FORMAT):
        register_input_format(fmt)


_register_builtin()
