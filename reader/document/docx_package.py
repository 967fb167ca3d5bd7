"""A DOCX file (Office Open XML): its zip, parts, relationships, styles and numbering, and each paragraph's runs.

Read with zipfile and lxml rather than python-docx: python-docx reads neither the
footnotes part nor list numbering, and gives no public way to rewrite a paragraph's
runs in place (its hyperlinks, notes' marks and images kept) — which the writer needs,
so the reader and the writer share this one reading of the XML (docs/architecture.md).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import InputError
from .office import Run, parse_xml
from .zip_limits import refuse_zip_bomb

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HYPERLINK = REL_TYPE + "hyperlink"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# A run's children that are an object, not text: moved with their run, never translated.
# (A text box or shape as Word saves it is an mc:AlternateContent around its drawing; a w:sym is a symbol-font glyph.)
KEPT_TAGS = frozenset(f"{{{W}}}{t}" for t in (
    "footnoteReference", "endnoteReference", "footnoteRef", "endnoteRef", "commentReference", "drawing", "pict",
    "object", "sym")) | {f"{{{MC}}}AlternateContent"}
# A paragraph's marks that span no text of their own (bookmarks, comments' ranges): kept, at its start.
MARK_TAGS = frozenset(f"{{{W}}}{t}" for t in ("bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd"))
_SKIPPED = frozenset(f"{{{W}}}{t}" for t in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText"))
_HEADING_STYLE = re.compile(r"heading\s*([1-9])\Z", re.I)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def is_docx(data: bytes) -> bool:
    """A zip holding ``word/document.xml`` (or a password-protected one, whose loader says so)."""
    if data.startswith(_OLE):
        return _ENCRYPTED in data[:65536] or _ENCRYPTED in data[-65536:]
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def rels_path(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


@dataclass
class DocxPackage:
    """The parts of a DOCX a reader of its text needs: the main document, its notes, styles, numbering, links."""

    zip: zipfile.ZipFile
    main: str  # the main document part, "word/document.xml"
    parts: dict[str, object] = field(default_factory=dict)  # parsed XML by member name, as read or as edited

    def xml(self, part: str):
        if part not in self.parts:
            self.parts[part] = parse_xml(self.zip.read(part))
        return self.parts[part]

    def relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """A part's relationships: id → (type, target, external)."""
        path = rels_path(part)
        if path not in self.zip.namelist():
            return {}
        out = {}
        for rel in self.xml(path):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(part), target)).lstrip("/")
            out[rel.get("Id")] = (rel.get("Type", ""), target, external)
        return out

    def related(self, kind: str) -> str | None:
        """The part the main document relates to as ``kind`` ("footnotes", "styles", "numbering"), if it is there."""
        return next((target for rel_type, target, external in self.relationships(self.main).values()
                     if rel_type.rsplit("/", 1)[-1] == kind and not external and target in self.zip.namelist()), None)

    @cached_property
    def styles(self) -> dict[str, object]:
        """Paragraph and character styles by id."""
        part = self.related("styles")
        return {s.get(w("styleId")): s for s in self.xml(part).iter(w("style"))} if part else {}

    def style_chain(self, style_id: str | None):
        """A style and those it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None

    def heading_level(self, p) -> int:
        """1–9 for a heading (its style's name or outline level), 0 for any other paragraph."""
        ppr = p.find(w("pPr"))
        style_id = _val(ppr.find(w("pStyle"))) if ppr is not None else None
        outline = ppr.find(w("outlineLvl")) if ppr is not None else None
        for style in self.style_chain(style_id):
            name = _val(style.find(w("name"))) or ""
            if name.lower() == "title":
                return 1
            if match := _HEADING_STYLE.match(name):
                return int(match[1])
            if outline is None:
                outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
        level = _val(outline)
        return int(level) + 1 if level and level.isdigit() and int(level) < 9 else 0

    def list_kind(self, p) -> tuple[bool, bool]:
        """(a list item, a numbered one) by its numbering (its own or its style's)."""
        ppr = p.find(w("pPr"))
        num = ppr.find(w("numPr")) if ppr is not None else None
        style_id = _val(ppr.find(w("pStyle"))) if ppr is not None else None
        for style in self.style_chain(style_id):
            if num is not None:
                break
            num = style.find(f"{w('pPr')}/{w('numPr')}")
        num_id = _val(num.find(w("numId"))) if num is not None else None
        if not num_id or num_id == "0":
            return False, False
        level = _val(num.find(w("ilvl"))) or "0"
        return True, self._numbered(num_id, level)

    def _numbered(self, num_id: str, level: str) -> bool:
        part = self.related("numbering")
        if part is None:
            return False
        root = self.xml(part)
        num = next((n for n in root.iter(w("num")) if n.get(w("numId")) == num_id), None)
        abstract_id = _val(num.find(w("abstractNumId"))) if num is not None else None
        abstract = next((a for a in root.iter(w("abstractNum")) if a.get(w("abstractNumId")) == abstract_id), None)
        lvl = next((x for x in abstract.iter(w("lvl")) if x.get(w("ilvl")) == level), None) if abstract is not None else None
        fmt = _val(lvl.find(w("numFmt"))) if lvl is not None else None
        return fmt not in (None, "bullet", "none")

    def run_format(self, run) -> tuple[bool, bool]:
        """(bold, italic) of a run: its own properties, else its character style's."""
        rpr = run.find(w("rPr"))
        bold = _on(rpr.find(w("b"))) if rpr is not None else None
        italic = _on(rpr.find(w("i"))) if rpr is not None else None
        style_id = _val(rpr.find(w("rStyle"))) if rpr is not None else None
        for style in self.style_chain(style_id):
            if bold is None:
                bold = _on(style.find(f"{w('rPr')}/{w('b')}"))
            if italic is None:
                italic = _on(style.find(f"{w('rPr')}/{w('i')}"))
        return bool(bold), bool(italic)


def _val(el) -> str | None:
    return el.get(w("val")) if el is not None else None


def _on(el) -> bool | None:
    """A toggle property: None if absent, else whether it is on (``w:val`` false/0/off turns it off)."""
    if el is None:
        return None
    return (el.get(w("val")) or "true").lower() not in ("false", "0", "off", "none")


def open_docx(data: bytes, name: str) -> DocxPackage:
    """The DOCX in ``data``; InputError with one clear line if it is not one that can be read."""
    if data.startswith(_OLE):
        raise InputError(f"{name}: is a password-protected (encrypted) Word file; save it without a password and try again")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        refuse_zip_bomb(archive, name)  # before testzip unpacks every member
        archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"{name}: is a damaged DOCX file (its zip cannot be read: {e})") from None
    package = DocxPackage(archive, "word/document.xml")
    try:
        root_rels = parse_xml(archive.read("_rels/.rels")) if "_rels/.rels" in archive.namelist() else None
        if root_rels is not None:
            main = next((r.get("Target", "").lstrip("/") for r in root_rels
                         if r.get("Type", "").endswith("/officeDocument")), "")
            if main in archive.namelist():
                package.main = main
        package.xml(package.main)
    except Exception as e:  # lxml's XMLSyntaxError, a bad zip member: the file is not a DOCX that can be read
        raise InputError(f"{name}: is a damaged DOCX file ({package.main} cannot be read: {e})") from None
    return package


def paragraph_elements(root) -> list:
    """A part's paragraphs in document order that hold text of their own: none in a text box inside another
    paragraph, nor in the fallback copy of a drawing (it repeats the drawing's text)."""
    out = []
    for p in root.iter(w("p")):
        ancestor = p.getparent()
        while ancestor is not None and ancestor.tag not in (w("p"), f"{{{MC}}}Fallback"):
            ancestor = ancestor.getparent()
        if ancestor is None:
            out.append(p)
    return out


def paragraph_runs(package: DocxPackage, part: str, p) -> list[tuple[Run, object]]:
    """A paragraph's runs, each with its element: a ``w:r`` for text and kept objects (a note's mark, a drawing)."""
    links = package.relationships(part)
    out: list[tuple[Run, object]] = []

    def walk(el, url: str) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == w("r"):
                run(child, url)
            elif tag == w("hyperlink"):
                rel = links.get(child.get(f"{{{R}}}id") or "")
                anchor = child.get(w("anchor"))
                walk(child, rel[1] if rel and rel[2] else (f"#{anchor}" if anchor else url))
            elif tag == w("p"):
                continue  # a paragraph inside (a text box): not this paragraph's text
            else:  # w:ins, w:smartTag, w:sdt, w:sdtContent, w:fldSimple, w:customXml, …
                walk(child, url)

    def run(r, url: str) -> None:
        bold, italic = package.run_format(r)
        text: list[str] = []
        for child in r:
            tag = child.tag
            if tag == w("t"):
                text.append(child.text or "")
            elif tag in (w("tab"), w("br"), w("cr")):
                text.append(" ")
            elif tag == w("noBreakHyphen"):
                text.append("\u2011")
            elif tag in KEPT_TAGS:
                if text:
                    out.append((Run("".join(text), bold, italic, url), r))
                    text = []
                out.append((Run("", kept=True), r))
        if text:
            out.append((Run("".join(text), bold, italic, url), r))

    walk(p, "")
    return out


def footnotes(package: DocxPackage) -> tuple[str | None, dict[str, list[int]]]:
    """The footnotes part and, for each note's id, its paragraphs (indices into ``paragraph_elements``)."""
    part = package.related("footnotes")
    if part is None:
        return None, {}
    elements = paragraph_elements(package.xml(part))
    index = {id(p): k for k, p in enumerate(elements)}
    notes: dict[str, list[int]] = {}
    for note in package.xml(part).iter(w("footnote")):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        notes[note.get(w("id"))] = [index[id(p)] for p in note.iter(w("p")) if id(p) in index]
    return part, notes
