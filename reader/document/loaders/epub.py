"""epub: a book (EPUB 2 and 3), read in spine order into a Document with chapters, and its ``Book`` kept beside it.

The German of every translated block is one paragraph of the Document: as Markdown
(format ``md``: headings ``#``, list items, quotes, fenced code, inline emphasis and
links) where inline markup is wanted — the reader, md/html/epub outputs — else as
plain text (format ``epub``: txt, jsonl, tsv, tmx). Both readings have the same
paragraphs, kinds and ``sections`` (the chapters of the book's navigation document or
NCX). Images, rules, covers, title pages and tables of contents are not prose: they stay
in the ``Book`` (``Document.container``) for the EPUB writers, not in the text.
"""

from __future__ import annotations

from dataclasses import replace

from ...errors import InputError
from ...text.paragraphs import TextBlock
from ..book import FOOTNOTE, POETRY, Block, Book, Chapter, Image, TocEntry
from ..epub_package import Package, is_epub, media_type_of, open_package
from ..input_format import InputFormat, LoadOptions, RawInput
from ..structure import Document, Section, document_from_blocks
from ..xhtml import chapter_blocks

TRANSLATED_KINDS = frozenset({"heading", "text", "quote", "list", "code", POETRY, FOOTNOTE})
# Pages that are structure, not prose: kept as they are, never translated.
KEPT_PAGES = frozenset({"cover", "toc", "titlepage", "title-page", "copyright-page", "landmarks", "loi", "lot", "imprint"})
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/svg+xml"})  # EPUB's core image types


Entry = tuple[Block, str]  # a block and its plain text, as a chapter's list holds it (its identity marks it)


def load_epub(raw: RawInput, options: LoadOptions) -> Document:
    package = open_package(raw.data, raw.given)
    chapters: list[list[Entry]] = []
    translated: list[bool] = []
    for item in package.spine:
        parsed = chapter_blocks(package.read(item.path), item.path)
        if parsed is None:
            raise InputError(f"{raw.given}: its {item.path} cannot be read as XHTML")
        chapters.append(parsed.blocks)
        translated.append(not (parsed.page_types & KEPT_PAGES) and item.path != package.nav_path
                          and item.path not in package.kept_paths and "nav" not in item.properties)
    title = _title_entry(package.title, chapters, translated)
    toc = _toc_entries(package, chapters, translated)
    return _document(raw, package, chapters, translated, toc, title, options.markup)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _hidden_heading(title: str, level: int) -> Entry:
    from ..xhtml import md_escape

    return Block("heading", level=max(1, min(level, 6)), text=md_escape(" ".join(title.split())), hidden=True), title


def _title_entry(title: str, chapters: list[list[Entry]], translated: list[bool]) -> Entry | None:
    """The block holding the book's title: the first text if it is the title, else a hidden heading put first."""
    first = next((k for k, t in enumerate(translated) if t), None)
    if not title or first is None:
        return None
    blocks = chapters[first]
    text = next((e for e in blocks if e[0].kind in TRANSLATED_KINDS), None)
    if text is not None and _norm(text[1]) == _norm(title):
        return text
    blocks.insert(0, _hidden_heading(title, 1))
    return blocks[0]


def _toc_entries(package: Package, chapters: list[list[Entry]], translated: list[bool]
                 ) -> list[tuple[str, int, Entry, int]]:
    """Each navigation entry as (title, chapter, the block holding its title, level). A title that no block near
    the entry's target shows is put in there as a hidden heading, so that it is translated like the rest."""
    index = {item.path: k for k, item in enumerate(package.spine)}
    out: list[tuple[str, int, Entry, int]] = []
    for point in package.toc:
        k = index.get(point.path)
        if k is None or not translated[k] or not point.title:
            continue
        blocks = chapters[k]
        at = next((i for i, (b, _) in enumerate(blocks) if point.fragment in b.ids), 0) if point.fragment else 0
        near = [e for e in blocks[at:] if e[0].kind in TRANSLATED_KINDS][:3]
        entry = next((e for e in near if _norm(e[1]) == _norm(point.title)), None)
        if entry is None:
            entry = _hidden_heading(point.title, point.level)
            blocks.insert(at, entry)
        out.append((point.title, k, entry, point.level))
    if not out:  # no navigation: a chapter per spine item that has a heading
        for k, blocks in enumerate(chapters):
            heading = next((e for e in blocks if e[0].kind == "heading"), None) if translated[k] else None
            if heading is not None:
                out.append((heading[1], k, heading, 1))
    return out


def _document(raw: RawInput, package: Package, chapters: list[list[Entry]], translated: list[bool],
              toc: list[tuple[str, int, Entry, int]], title: Entry | None, markup: bool) -> Document:
    pieces: list[str] = []
    spans: list[TextBlock] = []
    pos = 0
    paragraph_of: dict[int, int] = {}  # id(entry) → its paragraph
    book_chapters: list[Chapter] = []
    for k, blocks in enumerate(chapters):
        out: list[Block] = []
        numbers: dict[int, int] = {}
        for entry in blocks:
            block, plain = entry
            if not translated[k] or block.kind not in TRANSLATED_KINDS:
                out.append(block)
                continue
            prefix, body = (_marker(block, numbers), block.text) if markup else ("", plain)
            if pieces:
                pieces.append("\n\n")
                pos += 2
            start = pos + len(prefix)
            pieces.append(prefix + body)
            pos += len(prefix) + len(body)
            paragraph_of[id(entry)] = len(spans)
            spans.append(TextBlock(start, pos, block.kind))
            out.append(replace(block, paragraph=len(spans) - 1))
        book_chapters.append(Chapter(package.spine[k].path, tuple(out), translated[k]))
    text = "".join(pieces) + "\n"
    entries = tuple(TocEntry(t, c, paragraph_of.get(id(e)), level=level) for t, c, e, level in toc)
    names = set(package.zip.namelist())
    images = tuple(Image(path, item.media_type or media_type_of(path)) for path, item in package.manifest.items()
                   if (item.media_type or media_type_of(path)) in IMAGE_TYPES and path in names)
    book = Book(package.title, paragraph_of.get(id(title)) if title else None, package.language, package.identifier,
                package.creators, tuple(book_chapters), entries, images, package.cover, raw.data)
    return document_from_blocks(text, spans, raw.name, "md" if markup else "epub", _sections(entries, len(spans)), book)


def _marker(block: Block, numbers: dict[int, int]) -> str:
    """The Markdown before a block's text: ``## `` for a heading, ``- `` or ``3. `` for a list item, ``> `` for a quote."""
    if block.kind == "heading":
        return "#" * max(1, min(block.level, 6)) + " "
    if block.kind == "list":
        numbers[block.list_id] = numbers.get(block.list_id, 0) + 1
        return f"{numbers[block.list_id]}. " if block.ordered else "- "
    return "> " if block.kind == "quote" else ""


def _sections(entries: tuple[TocEntry, ...], n_paragraphs: int) -> tuple[Section, ...]:
    """The navigation's entries as Sections: each runs to the next entry of its level or above."""
    placed = [(e, e.paragraph) for e in entries if e.paragraph is not None]
    out: list[Section] = []
    for k, (entry, start) in enumerate(placed):
        end = next((s for e, s in placed[k + 1 :] if e.level <= entry.level and s > start), n_paragraphs)
        out.append(Section(entry.title, start, end, entry.level))
    return tuple(out)


def looks_like_an_epub(raw: RawInput) -> bool:
    return is_epub(raw.data)


FORMAT = InputFormat("epub", load_epub, "an EPUB book (EPUB 2 and 3)", extensions=(".epub",),
                     sniff=looks_like_an_epub, binary=True)
