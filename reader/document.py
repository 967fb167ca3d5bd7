"""A Document: decoded text → paragraphs → sentences, each with its span.

Spans are [start, end) offsets into ``Document.text`` (the decoded input with
line endings normalized), so the original layout can always be rebuilt and
the reader can map a sentence back to where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the document, 0-based
    paragraph: int  # index of its paragraph
    start: int
    end: int
    text: str  # == document.text[start:end]


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    kind: str = "text"  # "text" | "heading" | "list" | "quote" | "code"


@dataclass(frozen=True)
class Document:
    text: str
    paragraphs: tuple[Paragraph, ...]
    name: str = "<text>"
    format: str = "txt"  # txt | md | html

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def iter_sentences(self) -> Iterator[Sentence]:
        for p in self.paragraphs:
            yield from p.sentences
