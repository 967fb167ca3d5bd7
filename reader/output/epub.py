"""epub (the English book) and epub-bilingual (each German block followed by its English): an EPUB 3 book.

The book's structure comes from the ``Book`` its loader kept (``Document.container``):
chapters in spine order, headings, quotes, lists, poetry, footnotes with their anchors,
code, images (the cover too), rules; pages that are not prose (a title page, a table of
contents) as they were. A Markdown or text document becomes a book of its own: a chapter
per level-1 or level-2 heading (or one). The package is written anew — clean XHTML, one
stylesheet (``style.css``, the English in ``class="en"`` for a reader to restyle), a
navigation document with the chapter titles in English, ``lang="en"``, the English
title and a new identifier — so that every book written passes EPUBCheck.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import uuid
import zipfile
from dataclasses import replace
from datetime import datetime, timezone
from typing import BinaryIO, Sequence

from .. import __version__
from ..document import Document
from ..document.book import FOOTNOTE, POETRY, Block, Book, Chapter, TocEntry
from ..document.structure import UNTRANSLATED_KINDS
from ..document.xhtml import resolve
from ..text.inline import Stripped, strip_inline
from .markdown import MD_FENCE, block_start, markdown_heading
from .pairs import Groups, Pairs, english_marked, one_line

STYLESHEET = """/* reader's stylesheet: a reading system's or the reader's own styles may override it. */
body { line-height: 1.45; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; }
.de { color: #555; margin-bottom: 0.25em; }
.en { margin-top: 0; }
p.en + p.de, li > p.en { margin-bottom: 0.8em; }
div.poem p { margin-left: 1.5em; }
aside.footnote, aside[epub|type~="footnote"] { font-size: 0.9em; }
div.image { text-align: center; }
div.image img { max-width: 100%; }
"""
_CSS_NAMESPACE = '@namespace epub "http://www.idpf.org/2007/ops";\n'
_XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head>
<meta charset="utf-8"/>
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="{css}"/>
</head>
<body>
{body}
</body>
</html>
"""
_NCNAME = re.compile(r"[A-Za-z_][\w.-]*\Z")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|(\d{1,9})[.)])[ \t]")
_XHTML_NS = "{http://www.w3.org/1999/xhtml}"


class _Texts:
    """Each paragraph's German and English as inline XHTML."""

    def __init__(self, doc: Document, groups: Groups) -> None:
        self.doc = doc
        self.inline: Sequence[Stripped] | None = doc.inline if doc.format == "md" else None
        self.pairs: dict[int, Pairs] = {p.index: pairs for p, pairs in groups}

    def german(self, paragraph: int) -> str:
        p = self.doc.paragraphs[paragraph]
        pairs = self.pairs.get(paragraph) or []
        lines = p.kind == POETRY
        if not pairs:
            return html.escape(self.doc.text[p.start : p.end])
        text = " ".join(self._german_sentence(s.index, s.text, lines) for s, _ in pairs)
        return re.sub(r"[ \t]*\n[ \t]*", "<br/>", text) if lines else text

    def _german_sentence(self, index: int, text: str, lines: bool = False) -> str:
        piece = self.inline[index].marked().html() if self.inline is not None else html.escape(text)
        return piece.strip() if lines else one_line(piece)

    def _english_sentence(self, index: int, translation) -> str:
        if self.inline is None:
            return html.escape(one_line(translation.text))
        return one_line(english_marked(self.inline[index], translation).html())

    def english(self, paragraph: int) -> str:
        pairs = self.pairs.get(paragraph) or []
        if not pairs:
            return self.german(paragraph)
        return " ".join(text for text in (self._english_sentence(s.index, t) for s, t in pairs) if text)

    def sentences(self, paragraph: int) -> list[tuple[str, str]]:
        """Each sentence of a paragraph as (its German, its English), inline XHTML."""
        return [(self._german_sentence(s.index, s.text), self._english_sentence(s.index, t))
                for s, t in self.pairs.get(paragraph) or []]

    def english_plain(self, paragraph: int) -> str:
        pairs = self.pairs.get(paragraph) or []
        if not pairs:
            return one_line(self.doc.text[self.doc.paragraphs[paragraph].start : self.doc.paragraphs[paragraph].end])
        if self.inline is None:
            return " ".join(text for text in (one_line(t.text) for _, t in pairs) if text)
        return " ".join(text for text in (one_line(english_marked(self.inline[s.index], t).plain()) for s, t in pairs)
                        if text)


def book_from_document(doc: Document) -> Book:
    """A book for a document that is not one: a chapter per level-1 or level-2 heading (or one chapter)."""
    chapters: list[list[Block]] = [[]]
    toc: list[TocEntry] = []
    list_id = 0
    for p in doc.paragraphs:
        if p.table_rule:
            continue  # markup (writers.write_document leaves it out too)
        layout = doc.text[block_start(doc, p) : p.end]
        level = (markdown_heading(layout)[0] if doc.format == "md" else None) or 2
        if p.kind == "heading" and level <= 2:
            if any(b.paragraph is not None for b in chapters[-1]):
                chapters.append([])
            toc.append(TocEntry(one_line(doc.text[p.start : p.end]), len(chapters) - 1, p.index, level=level))
        if p.kind == "list":
            item = _LIST_ITEM.match(layout) if doc.format == "md" else None
            ordered = bool(item and item[1])
            # A numbered list and a bulleted one next to each other are two lists (CommonMark), not one.
            if not chapters[-1] or chapters[-1][-1].kind != "list" or chapters[-1][-1].ordered != ordered:
                list_id += 1
            chapters[-1].append(Block("list", p.index, ordered=ordered, list_id=list_id))
        elif p.kind in UNTRANSLATED_KINDS:  # markup of the source is shown, never run
            chapters[-1].append(Block("code", p.index, text=doc.text[p.start : p.end]))
        else:
            kind = p.kind if p.kind in ("heading", "quote", POETRY, FOOTNOTE) else "text"
            chapters[-1].append(Block(kind, p.index, level=level if p.kind == "heading" else 0))
    title = next((p.index for p in doc.paragraphs if p.kind == "heading"), None)
    return Book("", title, "de", "", (), tuple(Chapter("", tuple(c)) for c in chapters if c), tuple(toc), (), None)


def _code_text(block: Block) -> str:
    lines = block.text.split("\n")
    if len(lines) > 1 and MD_FENCE.match(lines[0]):
        lines = lines[1:-1] if MD_FENCE.match(lines[-1]) else lines[1:]
    return "\n".join(lines)


class _BookWriter:
    def __init__(self, doc: Document, groups: Groups, bilingual: bool, by_sentence: bool = False) -> None:
        self.doc = doc
        self.book = doc.container if isinstance(doc.container, Book) else book_from_document(doc)
        self.texts = _Texts(doc, groups)
        self.bilingual = bilingual
        self.by_sentence = by_sentence  # bilingual, each German sentence followed by its English
        self.images = {image.path: (f"images/img{n:03}{posixpath.splitext(image.path)[1].lower()}", image.media_type)
                       for n, image in enumerate(self.book.images, 1)}
        self.english_title = (self.texts.english_plain(self.book.title_paragraph)
                              if self.book.title_paragraph is not None else "") or self.book.title or _stem(doc.name)
        self.german_title = one_line(self.book.title) if self.book.title else ""

    # -- blocks ---------------------------------------------------------------------------------------------------
    def _attrs(self, ids: tuple[str, ...], extra: str = "") -> tuple[str, str]:
        """(the element's attributes, anchors put in front of its content) for a block's ids."""
        first = f' id="{html.escape(ids[0])}"' if ids else ""
        rest = "".join(f'<span id="{html.escape(i)}"></span>' for i in ids[1:])
        return first + extra, rest

    def _pair(self, tag: str, block: Block, attrs: str = "") -> str:
        """A translated block: its English, or its German (class de) then its English (class en)."""
        assert block.paragraph is not None
        ids, anchors = self._attrs(block.ids, attrs)
        en = self.texts.english(block.paragraph)
        if not self.bilingual:
            return f"<{tag}{ids}>{anchors}{en}</{tag}>"
        if self.by_sentence and tag == "p" and block.kind != POETRY:  # a poem's lines stay whole
            return self._sentence_pairs(block.paragraph, ids, anchors)
        de = self.texts.german(block.paragraph)
        return (f'<{tag}{ids} class="de" lang="de" xml:lang="de">{anchors}{de}</{tag}>\n'
                f'<{tag} class="en" lang="en" xml:lang="en">{en}</{tag}>')

    @property
    def _variant(self) -> str:
        return ("epub-bilingual-sentence" if self.by_sentence else "epub-bilingual") if self.bilingual else "epub"

    def _sentence_pairs(self, paragraph: int, ids: str, anchors: str) -> str:
        """One paragraph, each German sentence (class de) on a line, its English (class en) on the next."""
        pairs = self.texts.sentences(paragraph)
        if not pairs:
            return f'<p{ids} class="de" lang="de" xml:lang="de">{anchors}{self.texts.german(paragraph)}</p>'
        lines = "<br/>\n".join(f'<span class="de" lang="de" xml:lang="de">{de}</span><br/>\n'
                                f'<span class="en" lang="en" xml:lang="en">{en}</span>' for de, en in pairs)
        return f'<p{ids} class="sentences">{anchors}{lines}</p>'

    def _inner(self, block: Block) -> str:
        """A translated block inside a list item, quote, poem or note: paragraphs."""
        return self._pair("p", block)

    def _kept(self, block: Block) -> str:
        """A block of a page kept as it was (German), the book's title in English."""
        plain = strip_inline(block.text) if block.text else None
        if plain is None:
            return ""
        if self.german_title and " ".join(plain.plain.split()) == self.german_title:
            inline = html.escape(self.english_title)
        else:
            inline = one_line(plain.marked().html())
        ids, anchors = self._attrs(block.ids)
        tag = f"h{max(1, min(block.level, 6))}" if block.kind == "heading" else "p"
        return f"<{tag}{ids}>{anchors}{inline}</{tag}>"

    def chapter_body(self, chapter: Chapter) -> str:
        out: list[str] = []
        blocks = [b for b in chapter.blocks if not b.hidden]
        k = 0
        while k < len(blocks):
            block = blocks[k]
            if block.kind in ("list", "quote", POETRY, FOOTNOTE) and block.paragraph is not None:
                run = [block]
                while k + 1 < len(blocks) and blocks[k + 1].kind == block.kind and blocks[k + 1].paragraph is not None \
                        and (block.kind != "list" or blocks[k + 1].list_id == block.list_id) and block.kind != FOOTNOTE:
                    k += 1
                    run.append(blocks[k])
                out.append(self._group(run))
            elif block.kind == "image":
                out.append(self._image(block))
            elif block.kind == "rule":
                out.append("<hr/>")
            elif block.kind == "code":
                ids, anchors = self._attrs(block.ids)
                out.append(f"<pre{ids}>{anchors}<code>{html.escape(_code_text(block))}</code></pre>")
            elif block.paragraph is None:
                out.append(self._kept(block))
            elif block.kind == "heading":
                out.append(self._pair(f"h{max(1, min(block.level or 2, 6))}", block))
            else:
                out.append(self._pair("p", block))
            k += 1
        return "\n".join(piece for piece in out if piece)

    def _group(self, run: list[Block]) -> str:
        kind = run[0].kind
        if kind == "list":
            tag = "ol" if run[0].ordered else "ul"
            items = []
            for block in run:
                ids, anchors = self._attrs(block.ids)
                inner = self._inner(replace(block, ids=())) if self.bilingual else self.texts.english(block.paragraph)
                items.append(f"<li{ids}>{anchors}{inner}</li>")
            return f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>"
        if kind == FOOTNOTE:
            block = run[0]
            ids, anchors = self._attrs(block.ids, ' epub:type="footnote" class="footnote"')
            return f"<aside{ids}>{anchors}{self._inner(replace(block, ids=()))}</aside>"
        tag, attrs = ("blockquote", "") if kind == "quote" else ("div", ' class="poem"')
        return f"<{tag}{attrs}>\n" + "\n".join(self._pair("p", b) for b in run) + f"\n</{tag}>"

    def _image(self, block: Block) -> str:
        if block.src not in self.images:
            return ""
        ids, anchors = self._attrs(block.ids, ' class="image"')
        return f'<div{ids}>{anchors}<img src="../{self.images[block.src][0]}" alt="{html.escape(block.alt)}"/></div>'

    # -- the package ----------------------------------------------------------------------------------------------
    def write(self, out: BinaryIO) -> None:
        from lxml import etree

        chapters = [(c, self.chapter_body(c)) for c in self.book.chapters]
        chapters = [(c, body) for c, body in chapters if body.strip()] or [(Chapter("", ()), "<p></p>")]
        names = {id(c): f"text/ch{n:03}.xhtml" for n, (c, _) in enumerate(chapters, 1)}
        by_source = {c.path: names[id(c)] for c, _ in chapters if c.path}
        trees = {}
        for c, body in chapters:
            title = html.escape(self._chapter_title(c) or self.english_title)
            trees[id(c)] = etree.fromstring(_XHTML.format(title=title, css="../style.css", body=body).encode())
        ids = {names[id(c)]: _clean_ids(tree) for c, _ in chapters for tree in [trees[id(c)]]}
        for c, _ in chapters:
            _fix_links(trees[id(c)], c.path, names[id(c)], by_source, ids)
        files: list[tuple[str, bytes]] = []
        for c, _ in chapters:
            files.append((names[id(c)], etree.tostring(trees[id(c)], xml_declaration=True, encoding="utf-8",
                                                       doctype="<!DOCTYPE html>")))
        nav = self._nav(chapters, names, ids)
        used = {src for c, _ in chapters for b in c.blocks if b.kind == "image" for src in [b.src]}
        if self.book.cover:
            used.add(self.book.cover)
        images = [(path, name, media_type) for path, (name, media_type) in self.images.items() if path in used]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            deflate = dict(compress_type=zipfile.ZIP_DEFLATED)
            archive.writestr("META-INF/container.xml", _CONTAINER, **deflate)
            archive.writestr("EPUB/package.opf", self._opf(files, images), **deflate)
            archive.writestr("EPUB/nav.xhtml", nav, **deflate)
            archive.writestr("EPUB/style.css", _CSS_NAMESPACE + STYLESHEET, **deflate)
            for name, data in files:
                archive.writestr(f"EPUB/{name}", data, **deflate)
            if images:
                with zipfile.ZipFile(io.BytesIO(self.book.data)) as source:
                    for path, name, _ in images:
                        archive.writestr(f"EPUB/{name}", source.read(path), **deflate)
        out.write(buffer.getvalue())

    def _chapter_title(self, chapter: Chapter) -> str:
        heading = next((b for b in chapter.blocks if b.kind == "heading" and b.paragraph is not None), None)
        return self.texts.english_plain(heading.paragraph) if heading else ""

    def _nav(self, chapters, names: dict[int, str], ids: dict[str, set[str]]) -> bytes:
        index = {id(c): k for k, c in enumerate(self.book.chapters)}
        written = {index[id(c)]: names[id(c)] for c, _ in chapters if id(c) in index}
        entries: list[tuple[int, str, str]] = []
        for entry in self.book.toc:
            if entry.chapter not in written:
                continue
            title = self.texts.english_plain(entry.paragraph) if entry.paragraph is not None else entry.title
            href = written[entry.chapter]
            anchor = self._anchor_of(entry, ids.get(href, set()))
            entries.append((entry.level, title or entry.title, href + (f"#{anchor}" if anchor else "")))
        if not entries:  # a chapter each, by its first heading (else the book's title, numbered)
            numbered = len(chapters) > 1
            entries = [(1, self._chapter_title(c) or (f"{self.english_title} ({n})" if numbered else self.english_title),
                        names[id(c)]) for n, (c, _) in enumerate(chapters, 1)]
        items = _nested_list(entries)
        body = f'<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n{items}\n</nav>'
        return _XHTML.format(title=html.escape(self.english_title), css="style.css", body=body).encode()

    def _anchor_of(self, entry: TocEntry, defined: set[str]) -> str:
        chapter = self.book.chapters[entry.chapter]
        block = next((b for b in chapter.blocks if b.paragraph == entry.paragraph and entry.paragraph is not None), None)
        if block is None or block.hidden or not block.ids:
            return ""
        anchor = _ncname(block.ids[0])
        return anchor if anchor in defined else ""

    def _opf(self, files: list[tuple[str, bytes]], images: list[tuple[str, str, str]]) -> bytes:
        esc = html.escape
        source_id = self.book.identifier or self.english_title
        identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"reader:{source_id}:{self._variant}")
        modified = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        meta = [f'<dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
                f"<dc:title>{esc(self.english_title)}</dc:title>",
                "<dc:language>en</dc:language>"]
        if self.bilingual:
            meta.append("<dc:language>de</dc:language>")
        meta += [f"<dc:creator>{esc(c)}</dc:creator>" for c in self.book.creators]
        if self.book.identifier:
            meta.append(f"<dc:source>{esc(self.book.identifier)}</dc:source>")
        meta.append(f'<meta property="dcterms:modified">{modified}</meta>')
        meta.append(f'<meta name="generator" content="reader {esc(__version__)}"/>')
        cover = self.images.get(self.book.cover or "", ("", ""))[0]
        if cover:
            meta.append('<meta name="cover" content="cover-image"/>')
        manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
                    '<item id="css" href="style.css" media-type="text/css"/>']
        manifest += [f'<item id="c{n:03}" href="{name}" media-type="application/xhtml+xml"/>'
                     for n, (name, _) in enumerate(files, 1)]
        for n, (_, name, media_type) in enumerate(images, 1):
            ident, props = ("cover-image", ' properties="cover-image"') if name == cover else (f"i{n:03}", "")
            manifest.append(f'<item id="{ident}" href="{name}" media-type="{media_type}"{props}/>')
        spine = [f'<itemref idref="c{n:03}"/>' for n in range(1, len(files) + 1)]
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">\n'
                '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(meta) + "\n</metadata>\n"
                "<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
                "<spine>\n" + "\n".join(spine) + "\n</spine>\n</package>\n").encode()


_CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"""


def _stem(name: str) -> str:
    from ..document.formats import document_stem

    return document_stem(posixpath.basename(name)) or "Book"


def _ncname(anchor: str) -> str:
    """An id as XML allows it (a book may have ``id="1"``): the same text where it is one, else made one."""
    return anchor if _NCNAME.match(anchor) else "id-" + re.sub(r"[^\w.-]", "-", anchor)


def _clean_ids(tree) -> set[str]:
    """Make every id an XML name and unique in its file; the ids it then has."""
    seen: set[str] = set()
    for el in tree.iter():
        value = el.get("id") if isinstance(el.tag, str) else None
        if value is None:
            continue
        value = _ncname(value)
        if value in seen:
            del el.attrib["id"]
            if el.tag == f"{_XHTML_NS}span" and not len(el) and not el.text:
                el.getparent().remove(el) if el.getparent() is not None else None
            continue
        el.set("id", value)
        seen.add(value)
    return seen


def _fix_links(tree, source: str, name: str, by_source: dict[str, str], ids: dict[str, set[str]]) -> None:
    """Every link leads somewhere in the new book: a chapter (with its anchor if it is there) or the web."""
    for a in list(tree.iter(f"{_XHTML_NS}a")):
        href = a.get("href")
        if href is None:
            continue
        a.attrib.pop("rel", None)
        scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", href)
        if scheme:
            if scheme[1].lower() in ("http", "https", "mailto"):
                continue
            target = None
        else:
            if source:
                path, fragment = resolve(source, href)
                target_name = name if (not path or path == source) else by_source.get(path)
            else:  # a document made into a book: only its own anchors are in it ("bild.png" is not)
                fragment = href.partition("#")[2]
                target_name = name if href.lstrip().startswith("#") else None
            if target_name is None:
                target = None
            else:
                frag = _ncname(fragment) if fragment else ""
                relative = posixpath.relpath(target_name, posixpath.dirname(name)) if target_name != name else ""
                if frag and frag in ids.get(target_name, set()):
                    target = f"{relative}#{frag}"
                else:
                    target = relative or (posixpath.basename(name))
        if target is None:  # nowhere in this book: the words stay, the link goes
            _unwrap(a)
        else:
            a.set("href", target)


def _unwrap(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    text = el.text or ""
    children = list(el)
    if index:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for k, child in enumerate(children):
        parent.insert(index + k, child)
    last_tail = el.tail or ""
    parent.remove(el)
    if children:
        children[-1].tail = (children[-1].tail or "") + last_tail
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + last_tail
    else:
        parent.text = (parent.text or "") + last_tail


def _nested_list(entries: list[tuple[int, str, str]]) -> str:
    """The navigation's ``<ol>``: entries nested by level (a level never jumps by more than one)."""
    out: list[str] = ["<ol>"]
    depth = 1
    first = True
    for level, title, href in entries:
        level = 1 if first else max(1, min(level, depth + 1))
        if level > depth:
            out.append("<ol>")
            depth = level
        else:
            if not first:
                out.append("</li>")
            while depth > level:
                out.append("</ol></li>")
                depth -= 1
        out.append(f'<li><a href="{html.escape(href)}">{html.escape(title) or "…"}</a>')
        first = False
    if not first:
        out.append("</li>")
    while depth > 1:
        out.append("</ol></li>")
        depth -= 1
    out.append("</ol>")
    return "\n".join(out)


def write_epub(doc: Document, groups: Groups, out: BinaryIO) -> None:
    _BookWriter(doc, groups, bilingual=False).write(out)


def write_epub_bilingual(doc: Document, groups: Groups, out: BinaryIO) -> None:
    _BookWriter(doc, groups, bilingual=True).write(out)


def write_epub_bilingual_sentences(doc: Document, groups: Groups, out: BinaryIO) -> None:
    """``epub-bilingual --interleave sentence``: each German sentence followed by its English, for learners."""
    _BookWriter(doc, groups, bilingual=True, by_sentence=True).write(out)
