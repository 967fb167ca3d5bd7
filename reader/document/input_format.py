"""What an input format is: the record a loader module exports, and what its loader is given.

A leaf module: the loaders import it, the registry (``reader.document.formats``) imports
the loaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

from .structure import Document


@dataclass(frozen=True)
class RawInput:
    """What was read, before a format is chosen: a file's or stdin's bytes, or a fetched web page."""

    name: str  # for messages: the file's name, <stdin>, or the URL
    data: bytes
    source: str = "-"  # as given: a path, "-" or a URL (its extension names a format)
    encoding: str | None = None  # --encoding, for the text formats
    url: str | None = None  # a fetched page's final URL (its links are resolved against it); None: not fetched
    charset: str | None = None  # the charset a fetched page's server named

    @property
    def given(self) -> str:
        """What messages name: the path or URL as given (``name`` is the document's display name)."""
        return self.name if self.source == "-" else self.source

    @property
    def suffix(self) -> str:
        return Path(self.source).suffix.lower() if self.source != "-" else ""

    @cached_property
    def text(self) -> str:
        """The bytes decoded and normalized (``reader.text.decoding``); InputError if they are not text."""
        return self.decode()

    def decode(self, lf_only: bool = False) -> str:
        """``text``; with ``lf_only`` only "\n" and "\r\n" end a line (a test set's lines, as ``wc -l`` counts them)."""
        if self.url is not None and not self.encoding:
            from ..text.web import decode_page

            return decode_page(self.data, self.given, self.charset, lf_only)
        from ..text.decoding import decode_bytes

        return decode_bytes(self.data, self.given, self.encoding, lf_only)


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
