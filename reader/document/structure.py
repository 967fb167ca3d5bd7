"""A Document: decoded text → paragraphs → sentences, each with its span.

Spans are [start, end) offsets into ``Document.text`` (the decoded input with
line endings normalized), so the original layout can always be rebuilt and
the reader can map a sentence back to where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterator, Sequence

# Paragraph kinds kept as written and never translated: Markdown's fenced code, and its raw HTML blocks.
UNTRANSLATED_KINDS = frozenset({"code", "html"})
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

if TYPE_CHECKING:
    from ..text.inline import Stripped
    from ..text.paragraphs import TextBlock


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
    kind: str = "text"  # "text" | "heading" | "list" | "quote" | "code" | "html" | "table" (a row); a loader may add its own ("cue", "footnote", …)

    @property
    def table_rule(self) -> bool:
        """A Markdown table's delimiter row (``|---|:--:|``): markup only, written by the Markdown outputs alone."""
        return self.kind == "table" and not self.sentences


@dataclass(frozen=True)
class Section:
    """A chapter or section of a structured input (a book's chapter): its title and paragraphs [start, end)."""

    title: str
    start: int  # index of its first paragraph
    end: int  # one past its last paragraph
    level: int = 1  # 1 a chapter, 2 a section inside it, …


@dataclass(frozen=True)
class Document:
    text: str
    paragraphs: tuple[Paragraph, ...]
    name: str = "<text>"
    format: str = "txt"  # txt | md | html | lines (one segment per line, see build_document), or a registered format's
    sections: tuple[Section, ...] = ()  # chapters, where the input has them (plain text and articles: none)
    # What a container format's loader keeps so that a writer can rebuild the container around the
    # translation (an EPUB's ``reader.document.book.Book``: its chapters, images, metadata); None for text.
    container: object | None = field(default=None, compare=False, repr=False)

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def iter_sentences(self) -> Iterator[Sentence]:
        for p in self.paragraphs:
            yield from p.sentences

    @cached_property
    def inline(self) -> tuple["Stripped", ...]:
        """Per sentence, its text without inline markup and the marked spans over that (``stripped_sentences``).

        A side table: each sentence keeps its span and text in ``text``; the model and the
        reader are given ``inline[i].plain``. Worked out once, on first use.
        """
        return tuple(stripped_sentences(self))

    def cell_of_sentences(self, p: Paragraph) -> list[int]:
        """A table row's sentences: the index of the cell each stands in (the writers and the reader keep cells apart)."""
        from ..text.paragraphs import table_cells

        cells = table_cells(self.text, p.start, p.end)
        return [next((k for k, (a, b) in enumerate(cells) if a <= s.start < b), -1) for s in p.sentences]

    def starts_a_table(self, previous: Paragraph | None, p: Paragraph) -> bool:
        """Whether table row ``p`` begins a table: no row before it, or a blank line between (two tables)."""
        return previous is None or _BLANK_LINE.search(self.text, previous.end, p.start) is not None


def build_document(text: str, name: str = "<text>", format: str = "txt") -> Document:
    """Split normalized text into paragraphs and sentences (spans into ``text``).

    ``format="lines"`` is a line-aligned test set: paragraph ``n`` is line ``n + 1``,
    its one sentence the whole line (no re-segmentation), a blank line a paragraph
    with no sentence, so outputs keep the line numbers.
    """
    from ..text.paragraphs import line_blocks, markdown_blocks, text_blocks

    blocks = {"md": markdown_blocks, "lines": line_blocks}.get(format, text_blocks)(text)
    return document_from_blocks(text, blocks, name, format)


def document_from_blocks(text: str, blocks: Sequence["TextBlock"], name: str = "<text>", format: str = "txt",
                         sections: tuple[Section, ...] = (), container: object | None = None) -> Document:
    """A Document of ``text`` whose paragraphs are ``blocks`` (spans and kinds a loader worked out), segmented."""
    from ..text.cleaning import CONTROL_RE
    from ..text.segment import sentence_spans

    # Every loader's text passes here: a control or a code point XML cannot hold (an EPUB's
    # &#xFFFE;, a PDF's stray \x01) becomes a space, so no output chokes on it; spans keep.
    text = CONTROL_RE.sub(" ", text)
    paragraphs: list[Paragraph] = []
    n = 0
    for block in blocks:
        sentences: list[Sentence] = []
        if block.kind not in UNTRANSLATED_KINDS and block.start < block.end:
            if format == "lines":
                spans = [(0, block.end - block.start)]
            elif block.parts is not None:  # a table row: each cell on its own
                spans = [(a - block.start + s, a - block.start + e) for a, b in block.parts for s, e in sentence_spans(text[a:b])]
            else:
                spans = sentence_spans(text[block.start:block.end])
            for s, e in spans:
                start, end = block.start + s, block.start + e
                sentences.append(Sentence(n, len(paragraphs), start, end, text[start:end]))
                n += 1
        paragraphs.append(Paragraph(len(paragraphs), block.start, block.end, tuple(sentences), block.kind))
    return Document(text, tuple(paragraphs), name, format, sections, container)


def stripped_sentences(doc: Document) -> list["Stripped"]:
    """Every sentence without its inline markup (Markdown documents; other text has none to take out).

    ``reader.text.inline``: the model is given ``plain``, and the spans are put back
    around the aligned English by the writers that keep markup.
    """
    from ..text.inline import Stripped, strip_sentences

    if doc.format != "md":
        return [Stripped(s.text, s.text) for s in doc.iter_sentences()]
    out: list[Stripped] = []
    for p in doc.paragraphs:
        if p.sentences:
            out.extend(strip_sentences(doc.text[p.start : p.end],
                                       [(s.start - p.start, s.end - p.start) for s in p.sentences]))
    return out
