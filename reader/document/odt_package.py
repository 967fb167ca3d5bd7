"""An ODT file (OpenDocument text): its zip, content and styles, and each paragraph's runs.

Read with zipfile and lxml, like DOCX (``docx_package``): the writer rewrites paragraphs
in place in the same XML, and odfdo's elements would only wrap these ones.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import InputError
from ..text.containers import zip_mimetype
from .office import Run, parse_xml
from .zip_limits import refuse_zip_bomb

MIMETYPE = "application/vnd.oasis.opendocument.text"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
CONTENT = "content.xml"


def q(name: str) -> str:
    """``text:p`` → ``{urn:…:text:1.0}p``."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


# Inline elements that are an object, not text: moved as they are, never translated.
KEPT_TAGS = frozenset(q(t) for t in ("text:note", "draw:frame", "draw:a", "office:annotation", "office:annotation-end"))
# A paragraph's marks that hold no text of their own: kept, at its start.
MARK_TAGS = frozenset(q(t) for t in ("text:bookmark", "text:bookmark-start", "text:bookmark-end",
                                     "text:reference-mark", "text:reference-mark-start", "text:reference-mark-end"))
# Where a paragraph is not text of the document's own: kept as it is.
_NOT_TEXT = frozenset(q(t) for t in (
    "office:annotation", "text:tracked-changes", "draw:frame", "text:table-of-content", "text:alphabetical-index",
    "text:illustration-index", "text:table-index", "text:object-index", "text:user-index", "text:bibliography"))
_PARAGRAPHS = (q("text:p"), q("text:h"))


def is_odt(data: bytes) -> bool:
    """A zip whose ``mimetype`` says OpenDocument text."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return zip_mimetype(archive) == MIMETYPE.encode()
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return False


@dataclass
class OdtPackage:
    zip: zipfile.ZipFile
    parts: dict[str, object] = field(default_factory=dict)  # parsed XML by member name, as read or as edited

    def xml(self, part: str):
        if part not in self.parts:
            self.parts[part] = parse_xml(self.zip.read(part))
        return self.parts[part]

    def _style_roots(self):
        yield self.xml(CONTENT)
        if "styles.xml" in self.zip.namelist():
            yield self.xml("styles.xml")

    def _named(self, tag: str) -> dict[str, object]:
        """The ``tag`` elements by their style:name (automatic ones first: they win)."""
        out: dict[str, object] = {}
        for root in self._style_roots():
            for style in root.iter(q(tag)):
                out.setdefault(style.get(q("style:name")), style)
        return out

    @cached_property
    def styles(self) -> dict[str, object]:
        """Text and paragraph styles by name."""
        return self._named("style:style")

    @cached_property
    def list_styles(self) -> dict[str, object]:
        """List styles by name."""
        return self._named("text:list-style")

    def text_format(self, style_name: str | None, bold: bool, italic: bool) -> tuple[bool, bool]:
        """(bold, italic) inside an element of style ``style_name``, given those around it."""
        seen: set[str] = set()
        found_bold = found_italic = None
        while style_name and style_name in self.styles and style_name not in seen:
            seen.add(style_name)
            style = self.styles[style_name]
            props = style.find(q("style:text-properties"))
            if props is not None:
                weight, slant = props.get(q("fo:font-weight")), props.get(q("fo:font-style"))
                if found_bold is None and weight:
                    found_bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
                if found_italic is None and slant:
                    found_italic = slant in ("italic", "oblique")
            style_name = style.get(q("style:parent-style-name"))
        return (bold if found_bold is None else found_bold), (italic if found_italic is None else found_italic)

    def list_numbered(self, p) -> bool:
        """Whether a list item's paragraph is in a numbered list (its list style at its depth)."""
        depth, style_name, el = 0, None, p.getparent()
        while el is not None:
            if el.tag == q("text:list"):
                depth += 1
                style_name = el.get(q("text:style-name")) or style_name
            el = el.getparent()
        style = self.list_styles.get(style_name or "")
        if style is None:
            return False
        level = next((x for x in style if x.get(q("text:level")) == str(depth)), None)
        return level is not None and level.tag == q("text:list-level-style-number") \
            and level.get(q("style:num-format")) not in (None, "")


def open_odt(data: bytes, name: str) -> OdtPackage:
    """The ODT in ``data``; InputError with one clear line if it is not one that can be read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        refuse_zip_bomb(archive, name)  # before testzip unpacks every member
        archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"{name}: is a damaged ODT file (its zip cannot be read: {e})") from None
    if "META-INF/manifest.xml" in archive.namelist() and b"encryption-data" in archive.read("META-INF/manifest.xml"):
        raise InputError(f"{name}: is a password-protected (encrypted) ODT file; save it without a password and try again")
    package = OdtPackage(archive)
    try:
        package.xml(CONTENT)
    except Exception as e:  # lxml's XMLSyntaxError, a missing member
        raise InputError(f"{name}: is a damaged ODT file ({CONTENT} cannot be read: {e})") from None
    return package


def paragraph_elements(root) -> list:
    """The document's paragraphs and headings in order, a note's among them; none in a frame, comment,
    generated index or tracked change."""
    body = root.find(f"{q('office:body')}/{q('office:text')}")
    if body is None:
        return []
    out = []
    for p in body.iter(*_PARAGRAPHS):
        el = p.getparent()
        while el is not None and el is not body and el.tag not in _NOT_TEXT:
            el = el.getparent()
        if el is body:
            out.append(p)
    return out


def in_note(p) -> bool:
    el = p.getparent()
    while el is not None and el.tag != q("text:note-body"):
        el = el.getparent()
    return el is not None


def in_list(p) -> bool:
    el = p.getparent()
    return el is not None and el.tag in (q("text:list-item"), q("text:list-header"))


def paragraph_runs(package: OdtPackage, p) -> list[tuple[Run, object]]:
    """A paragraph's runs, each with its element (a kept object's own element; else the paragraph)."""
    out: list[tuple[Run, object]] = []
    bold0, italic0 = package.text_format(p.get(q("text:style-name")), False, False)

    def text(value: str | None, bold: bool, italic: bool, url: str) -> None:
        if value:
            out.append((Run(value, bold, italic, url), p))

    def walk(el, bold: bool, italic: bool, url: str) -> None:
        text(el.text, bold, italic, url)
        for child in el:
            tag = child.tag
            if tag in KEPT_TAGS:
                out.append((Run("", kept=True), child))
            elif tag == q("text:s"):
                count = child.get(q("text:c"))
                text(" " * (int(count) if count and count.isdigit() else 1), bold, italic, url)
            elif tag in (q("text:tab"), q("text:line-break")):
                text(" ", bold, italic, url)
            elif tag == q("text:span"):
                walk(child, *package.text_format(child.get(q("text:style-name")), bold, italic), url)
            elif tag == q("text:a"):
                walk(child, bold, italic, child.get(q("xlink:href")) or url)
            elif isinstance(tag, str) and not tag.startswith(("{" + NS["text"] + "}bookmark",
                                                               "{" + NS["text"] + "}soft-page-break")):
                walk(child, bold, italic, url)  # fields (dates, page numbers), ruby, meta: their text
            text(child.tail, bold, italic, url)

    walk(p, bold0, italic0, "")
    return out
