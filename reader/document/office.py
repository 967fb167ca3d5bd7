"""An office document (DOCX, ODT) beside its Document: which paragraph of the file holds each Document paragraph.

The DOCX and ODT loaders read a file's paragraphs as ``OfficeBlock``s (their runs: text,
bold, italic, link) and keep an ``OfficeFile`` on ``Document.container``, so that the
office writers (``reader.output.office``) write a copy of the file itself with each
paragraph's text replaced by its English: styles, numbering, tables, notes, images and
page layout stay as the file had them. The German lives only in the Document: as
Markdown (``# `` headings, ``- ``/``1. `` items, emphasis and links inline, so that the
inline-markup path carries them as it does for Markdown files) where inline markup is
wanted, else as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text.paragraphs import TextBlock
from .book import FOOTNOTE
from .structure import Document, document_from_blocks
from .xhtml import escape_line_starts, md_escape, readable_markdown

__all__ = ["FOOTNOTE", "OfficeBlock", "OfficeFile", "OfficeParagraph", "Run", "office_document"]


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph with one formatting, or an object kept as it is (a note's mark, an image)."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str = ""  # a link's target ("#name" for a bookmark in the file)
    kept: bool = False  # not text: the writers move it, in order, to the end of its sentence's English


@dataclass(frozen=True)
class OfficeBlock:
    """One paragraph of the file: where it is, what kind, and its runs."""

    part: str  # the zip member holding it ("word/document.xml", "content.xml", …)
    element: int  # its index among that part's paragraphs (each format's ``paragraph_elements``)
    kind: str  # heading | text | list | footnote
    runs: tuple[Run, ...]
    level: int = 0  # a heading's, 1–6
    ordered: bool = False  # an item of a numbered list


@dataclass(frozen=True)
class OfficeParagraph:
    part: str
    element: int
    kept: tuple[int, ...] = ()  # where each kept object stood: offsets into Document.text, in order


@dataclass(frozen=True)
class OfficeFile:
    format: str  # "docx" | "odt"
    data: bytes  # the file as it was read
    paragraphs: tuple[OfficeParagraph, ...]  # per Document paragraph, in order
    filled: bool = True  # False: a new file whose paragraphs are still empty (written from a text document)


def parse_xml(data: bytes):
    """An office file's XML part (no entities resolved, nothing fetched)."""
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))


def inline_markdown(runs: tuple[Run, ...]) -> tuple[str, str, list[int]]:
    """(Markdown, plain text, where each kept object stands in the Markdown) of a paragraph's runs, on one line."""
    pieces: list[tuple[Run, str]] = []  # runs of text, spaces squeezed; a kept object as an empty piece
    for run in runs:
        text = "" if run.kept else run.text.replace("\t", " ").replace("\n", " ")
        if run.kept or text:
            pieces.append((run, text))
    plain_parts: list[str] = []
    squeezed: list[tuple[Run, str]] = []
    for run, text in pieces:  # no two spaces in a row across runs, none at the ends
        before = "".join(plain_parts)
        if not before or before.endswith(" "):
            text = text.lstrip(" ")
        while "  " in text:
            text = text.replace("  ", " ")
        plain_parts.append(text)
        squeezed.append((run, text))
    plain = "".join(plain_parts).rstrip(" ")
    md: list[str] = []
    kept: list[int] = []
    k = 0
    while k < len(squeezed):
        run, _ = squeezed[k]
        if run.kept:
            kept.append(len("".join(md)))
            k += 1
            continue
        group = [squeezed[k]]
        while k + 1 < len(squeezed) and not squeezed[k + 1][0].kept and squeezed[k + 1][0].url == run.url:
            k += 1
            group.append(squeezed[k])
        k += 1
        inner = "".join(_emphasised(md_escape(text), r.bold, r.italic) for r, text in group)
        if run.url and inner.strip():
            lead, trail = inner[: len(inner) - len(inner.lstrip(" "))], inner[len(inner.rstrip(" ")) :]
            target = run.url.strip().replace(">", "%3E").replace("<", "%3C").replace("\n", "")
            inner = f"{lead}[{inner.strip(' ')}](<{target}>){trail}"
        md.append(inner)
    markdown = "".join(md)
    stripped = markdown.rstrip(" ")
    kept = [min(at, len(stripped)) for at in kept]
    escaped = escape_line_starts(stripped)
    kept = [at + len(escaped) - len(stripped) for at in kept]  # an escape goes before the first character only
    readable = readable_markdown(escaped, plain)
    if readable != escaped:  # markup that would not read back: the words alone, the objects at the end
        kept = [len(readable)] * len(kept)
    return readable, plain, kept


def _emphasised(text: str, bold: bool, italic: bool) -> str:
    mark = "*" * (2 * bold + italic)
    core = text.strip(" ")
    if not mark or not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def office_document(name: str, fmt: str, data: bytes, blocks: list[OfficeBlock], markup: bool) -> Document:
    """The Document of a file's blocks (Markdown where ``markup``, else plain text), its ``OfficeFile`` kept beside it."""
    pieces: list[str] = []
    spans: list[TextBlock] = []
    located: list[OfficeParagraph] = []
    pos = 0
    number = 0  # the item's number in a numbered list (a list ends at the first block that is not its item)
    for block in blocks:
        md, plain, kept = inline_markdown(block.runs)
        if not plain.strip():
            continue
        number = number + 1 if block.kind == "list" and block.ordered else 0
        if markup:
            prefix, body = _marker(block, number), md
        else:
            prefix, body, kept = "", plain, [len(plain)] * len(kept)
        if pieces:
            pieces.append("\n\n")
            pos += 2
        start = pos + len(prefix)
        pieces.append(prefix + body)
        pos = start + len(body)
        spans.append(TextBlock(start, pos, block.kind))
        located.append(OfficeParagraph(block.part, block.element, tuple(start + at for at in kept)))
    text = "".join(pieces) + "\n"
    container = OfficeFile(fmt, data, tuple(located))
    return document_from_blocks(text, spans, name, "md" if markup else fmt, container=container)


def _marker(block: OfficeBlock, number: int) -> str:
    """The Markdown before a block's text: ``## `` for a heading, ``- `` or ``3. `` for a list item."""
    if block.kind == "heading":
        return "#" * max(1, min(block.level, 6)) + " "
    if block.kind == "list":
        return f"{number}. " if block.ordered else "- "
    return ""
