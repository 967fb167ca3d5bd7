"""A book's structure beside its Document: chapters of blocks, the table of contents, the images.

The EPUB loader keeps a ``Book`` on ``Document.container`` so that the EPUB writers
(``reader.output.epub``) can rebuild the book around the translation: each translated
block names the Document paragraph that holds its German (``Block.paragraph``), and
what is not translated (images, rules, a cover, a title page, a table of contents) is
kept here as it was. The German text itself lives only in the Document.
"""

from __future__ import annotations

from dataclasses import dataclass

# Paragraph kinds a book adds to those of reader.document.structure.Paragraph.
FOOTNOTE = "footnote"  # a note's text, a paragraph of its own where the book has it, with its anchor
POETRY = "poetry"  # a stanza: its lines kept as line breaks


@dataclass(frozen=True)
class Block:
    """One block of a chapter: a translated paragraph, or something kept as it is."""

    kind: str  # heading | text | quote | list | poetry | footnote | code | image | rule
    paragraph: int | None = None  # the Document paragraph with its German; None: kept, not translated
    level: int = 0  # a heading's level, 1–6
    ordered: bool = False  # an item of a numbered list
    list_id: int = 0  # items of one list share it
    ids: tuple[str, ...] = ()  # the anchors on it and inside it (link targets), as the book wrote them
    text: str = ""  # the German as Markdown (a kept block's text; code verbatim)
    src: str = ""  # an image: its path in the book's zip
    alt: str = ""
    hidden: bool = False  # a chapter title only the table of contents shows (the chapter has no heading for it)


@dataclass(frozen=True)
class Chapter:
    path: str  # its XHTML file in the book's zip ("" for a book made from text)
    blocks: tuple[Block, ...]
    translated: bool = True  # False: a cover, title page or table of contents, kept as it is


@dataclass(frozen=True)
class TocEntry:
    title: str  # as the book's navigation says it (German)
    chapter: int  # index into Book.chapters
    paragraph: int | None  # the Document paragraph whose text is the title (its English titles the entry)
    anchor: str = ""  # the fragment the entry points to
    level: int = 1


@dataclass(frozen=True)
class Image:
    path: str  # in the book's zip
    media_type: str


@dataclass(frozen=True)
class Book:
    title: str
    title_paragraph: int | None  # the Document paragraph holding the title (its English is the new title)
    language: str
    identifier: str
    creators: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    toc: tuple[TocEntry, ...]
    images: tuple[Image, ...]
    cover: str | None  # the cover image's path
    data: bytes = b""  # the EPUB itself, for the images' bytes
