"""One XHTML chapter of a book → its blocks: headings, paragraphs, quotes, lists, poetry, footnotes, code, images.

Each block's German is written as one line of Markdown (emphasis, strong, code and
links inline; every character Markdown would read as markup escaped), so the Document
is a Markdown document and the inline-markup path (``reader.text.inline``) carries
emphasis and links across translation as it does for Markdown files. Its plain text
(what a reader sees) is kept too. A block whose Markdown would not read back as exactly
its plain text (an emphasis CommonMark's flanking rules would not open) is written
without its markup: words are never lost to markup.

Real books are not always well formed: a file that is not XML is read by lxml's HTML
parser, which takes tag soup and HTML entities.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urlsplit

from ..text.paragraphs import backtick_fence, fenced_code
from .book import FOOTNOTE, POETRY, Block

_OPS = "{http://www.idpf.org/2007/ops}type"
_XLINK = "{http://www.w3.org/1999/xlink}href"
BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 blockquote ul ol li pre table thead tbody tfoot tr td th caption dl dt dd section "
    "article aside header footer nav figure figcaption hr address main body center details summary hgroup form "
    "fieldset legend img svg".split())
_SKIP = frozenset("script style head title meta link noscript template math object embed video audio iframe".split())
_HEADING = re.compile(r"h([1-6])\Z")
_EMPHASIS = {"em": "*", "i": "*", "cite": "*", "dfn": "*", "var": "*", "strong": "**", "b": "**"}
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_SPACE = re.compile(r"[ \t\r\n\f]+")
_BLANK_LINES = re.compile(r"[ \t]*\n(?:[ \t]*\n)+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"(\d{1,9})?([#>+=~|.)-])")  # a marker, or the dot of "1." (a digit is no escape)
# epub:type, or role without its "doc-" (doc-footnote, doc-endnotes): a note, or the section holding notes.
_NOTE_TYPES = frozenset({"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"})
_POETRY_CLASSES = frozenset({"poem", "poetry", "verse", "stanza", "lg", "linegroup"})
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class Parsed:
    """A chapter's blocks (their German as Markdown in ``Block.text``), each with its plain text."""

    blocks: list[tuple[Block, str]] = field(default_factory=list)
    page_types: set[str] = field(default_factory=set)  # epub:type of the body and its top sections (cover, toc, …)


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def types_of(el) -> set[str]:
    """An element's epub:type and role words (an HTML parser keeps ``epub:type`` as a plain attribute)."""
    words = (el.get(_OPS) or el.get("epub:type") or "") + " " + (el.get("role") or "")
    return {w.split(":")[-1].removeprefix("doc-") for w in words.split()}


def classes_of(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


def parse_xhtml(data: bytes):
    """The root element of an XHTML file; lxml's HTML parser where it is not well-formed XML. None if neither reads it."""
    from lxml import etree, html

    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError:
        pass
    match = re.search(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)""", data[:200])
    try:
        return html.document_fromstring(data, parser=html.HTMLParser(encoding=(match[1].decode() if match else "utf-8")))
    except (etree.ParserError, LookupError, ValueError):
        return None


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def escape_line_starts(md: str) -> str:
    # A line must not turn into Markdown structure: a heading, quote, list item, rule or fence.
    lines = []
    for line in md.split("\n"):
        line = line.lstrip()
        marker = _LINE_START.match(line)
        if marker and (marker[1] is None) != (marker[2] in ".)"):  # "#", "-", … or "1." / "1)"
            line = line[: marker.start(2)] + "\\" + line[marker.start(2) :]
        lines.append(line)
    return "\n".join(lines)


def readable_markdown(md: str, plain: str) -> str:
    """``md``, or the words of ``plain`` escaped where ``md``'s markup would not read back as ``plain``
    (an emphasis CommonMark's flanking rules would not open): words are never lost to markup."""
    from ..text.inline import strip_inline

    words = escape_line_starts(md_escape(plain))
    return words if md != words and strip_inline(md).plain != plain else md


def resolve(base: str, href: str) -> tuple[str, str]:
    """(path in the zip, fragment) of a relative ``href`` in the file ``base``; ("", "") for an absolute address."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return "", ""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path))) if parts.path else base
    return path.lstrip("/"), unquote(parts.fragment)


class _Inline:
    """The inline content of one block, as Markdown and as plain text, with the anchors and images inside it."""

    def __init__(self, path: str, line_breaks: bool) -> None:
        self.path = path
        self.line_breaks = line_breaks  # <br/> is a line break (text, poetry), else a space (headings, quotes, items)
        self.md: list[str] = []
        self.plain: list[str] = []
        self.ids: list[str] = []
        self.images: list[Block] = []

    def text(self, text: str | None) -> None:
        if text:
            text = _SPACE.sub(" ", text)
            self.md.append(md_escape(text))
            self.plain.append(text)

    def element(self, el) -> None:
        tag = local(el.tag)
        if el.get("id"):
            self.ids.append(el.get("id"))
        if not tag or tag in _SKIP:
            pass
        elif tag == "br":
            self.md.append("\n" if self.line_breaks else " ")
            self.plain.append("\n" if self.line_breaks else " ")
        elif tag in ("img", "image", "svg"):
            self.images.extend(image_blocks(el, self.path))
        elif tag in _EMPHASIS:
            self._wrapped(el, _EMPHASIS[tag])
        elif tag in _CODE:
            code = _SPACE.sub(" ", "".join(el.itertext()))
            if code.strip():
                fence = backtick_fence(code)
                pad = " " if code[:1] in ("`", " ") or code[-1:] in ("`", " ") else ""
                self.md.append(f"{fence}{pad}{code}{pad}{fence}")
                self.plain.append(code)
        elif tag == "a" and ({"backlink"} & types_of(el) or "footnote-back" in classes_of(el)):
            pass  # a note's way back to its reference: navigation, not text
        elif tag == "a" and el.get("href") and not el.get("href").strip().lower().startswith(("javascript:", "data:")):
            self._link(el)
        else:
            self.children(el)

    def children(self, el) -> None:
        self.text(el.text)
        for child in el:
            self.element(child)
            self.text(child.tail)

    def _inner(self, el) -> "_Inline":
        inner = _Inline(self.path, self.line_breaks)
        inner.children(el)
        self.ids.extend(inner.ids)
        self.images.extend(inner.images)
        return inner

    def _wrapped(self, el, mark: str) -> None:
        inner = self._inner(el)
        md, plain = "".join(inner.md), "".join(inner.plain)
        core = md.strip(" ")
        if not core or "\n" in core:
            self.md.append(md)
        else:  # spaces go outside the delimiters, or the emphasis would not open
            lead, trail = md[: len(md) - len(md.lstrip(" "))], md[len(md.rstrip(" ")) :]
            self.md.append(f"{lead}{mark}{core}{mark}{trail}")
        self.plain.append(plain)

    def _link(self, el) -> None:
        inner = self._inner(el)
        md, plain = "".join(inner.md).replace("\n", " "), "".join(inner.plain).replace("\n", " ")
        if not plain.strip():
            return
        if {"noteref"} & types_of(el) or "footnote-ref" in classes_of(el) or local(el.getparent().tag) == "sup" \
                or (len(el) == 1 and local(el[0].tag) == "sup" and not (el.text or "").strip()):
            if plain.strip().isdigit():  # a note's mark: a superscript link, no words of the sentence
                md, plain = plain.strip().translate(_SUPERSCRIPT), ""
        href = el.get("href").strip().replace(">", "%3E").replace("<", "%3C").replace("\n", "")
        lead, trail = md[: len(md) - len(md.lstrip(" "))], md[len(md.rstrip(" ")) :]
        self.md.append(f"{lead}[{md.strip(' ')}](<{href}>){trail}")
        self.plain.append(plain)


def image_blocks(el, path: str) -> list[Block]:
    tag = local(el.tag)
    if tag == "svg":
        return [b for child in el.iter() if local(child.tag) == "image" for b in image_blocks(child, path)]
    src = el.get("src") if tag == "img" else (el.get(_XLINK) or el.get("href") or el.get("xlink:href"))
    if not src:
        return []
    target, _ = resolve(path, src)
    return [Block("image", src=target, alt=_SPACE.sub(" ", el.get("alt") or "").strip())] if target else []


class _Walker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.out: list[tuple[Block, str]] = []
        self.pending_ids: list[str] = []  # anchors on containers, given to the next block
        self.lists = 0
        self.stanza: object = None  # the element whose lines the last poetry block holds

    def emit(self, block: Block, plain: str, stanza: object = None) -> None:
        ids = tuple(dict.fromkeys([*self.pending_ids, *block.ids]))
        self.pending_ids.clear()
        if block.kind == POETRY and stanza is not None and self.out and self.stanza is stanza \
                and self.out[-1][0].kind == POETRY:  # another line of the same stanza
            last, last_plain = self.out[-1]
            self.out[-1] = (replace(last, text=f"{last.text}\n{block.text}", ids=last.ids + ids), f"{last_plain}\n{plain}")
            return
        self.out.append((replace(block, ids=ids), plain))
        self.stanza = stanza

    def leaf(self, inline: _Inline, kind: str, parent, **fields) -> None:
        # Line breaks (<br/>) stay, but never a blank line: that would end the paragraph.
        md = escape_line_starts(_BLANK_LINES.sub("\n", "".join(inline.md).strip()))
        plain = "\n".join(line.strip() for line in _BLANK_LINES.sub("\n", "".join(inline.plain).strip()).split("\n"))
        if md:
            md = readable_markdown(md, plain)
            self.emit(Block(kind, ids=tuple(inline.ids), text=md, **fields), plain, parent if kind == POETRY else None)
        else:
            self.pending_ids.extend(inline.ids)
        for image in inline.images:
            self.emit(image, "")

    def container(self, el, kind: str, **fields) -> None:
        """An element holding blocks, perhaps with inline text between them (each run a block of ``kind``)."""
        run = _Inline(self.path, kind in ("text", POETRY, FOOTNOTE))
        run.text(el.text)
        for child in el:
            if self.is_block(child):
                self.leaf(run, kind, el, **fields)
                run = _Inline(self.path, run.line_breaks)
                self.block(child, kind)
            else:
                run.element(child)
            run.text(child.tail)
        self.leaf(run, kind, el, **fields)

    def is_block(self, el) -> bool:
        tag = local(el.tag)
        if tag in BLOCK_TAGS:
            return tag not in ("img", "svg") or el.getparent() is None or local(el.getparent().tag) in BLOCK_TAGS
        return bool(tag) and tag not in _SKIP and any(local(d.tag) in BLOCK_TAGS - {"img", "svg"} for d in el.iterdescendants())

    def block(self, el, kind: str) -> None:
        tag = local(el.tag)
        if not tag or tag in _SKIP:
            return
        if el.get("id"):
            self.pending_ids.append(el.get("id"))
        types, classes = types_of(el), classes_of(el)
        if types & _NOTE_TYPES or classes & {"footnote", "endnote"}:
            kind = FOOTNOTE
        elif classes & _POETRY_CLASSES or types & {"poem", "verse"}:
            kind = POETRY
        if heading := _HEADING.match(tag):
            inline = _Inline(self.path, False)
            inline.children(el)
            self.leaf(inline, "heading" if kind != FOOTNOTE else FOOTNOTE, el, level=int(heading[1]))
        elif tag in ("img", "svg"):
            for image in image_blocks(el, self.path):
                self.emit(image, "")
        elif tag == "hr":
            if kind != FOOTNOTE:
                self.emit(Block("rule"), "")
        elif tag == "pre":
            code = "".join(el.itertext()).removeprefix("\n").rstrip()
            if code.strip():
                self.emit(Block("code", text=fenced_code(code)), code)
        elif tag == "blockquote":
            self.container(el, "quote" if kind == "text" else kind)
        elif tag in ("ul", "ol"):
            self.lists += 1
            list_id = self.lists
            for item in (child for child in el if local(child.tag) == "li"):
                if kind in ("text", "quote", "list"):
                    self.container(item, "list", ordered=tag == "ol", list_id=list_id)
                else:
                    self.block(item, kind)
        else:
            self.container(el, kind)


def chapter_blocks(data: bytes, path: str) -> Parsed | None:
    """The blocks of the XHTML file ``path`` (its bytes ``data``); None if it cannot be read at all."""
    root = parse_xhtml(data)
    if root is None:
        return None
    body = next((el for el in root.iter() if local(el.tag) == "body"), None)
    if body is None:
        return Parsed()
    parsed = Parsed()
    parsed.page_types = types_of(body) | {t for el in body for t in types_of(el)}
    if any(local(el.tag) == "nav" and "toc" in types_of(el) for el in body.iter()):
        parsed.page_types.add("toc")
    walker = _Walker(path)
    walker.container(body, "text")
    if walker.pending_ids and walker.out:  # anchors after the last block still land in this chapter
        last, plain = walker.out[-1]
        walker.out[-1] = (replace(last, ids=last.ids + tuple(walker.pending_ids)), plain)
    parsed.blocks = walker.out
    return parsed
