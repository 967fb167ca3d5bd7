"""docx (the English Word document) and docx-bilingual (each German paragraph followed by its English).

A copy of the DOCX read (``reader.output.office``): each paragraph keeps its properties
(style, numbering, alignment), its first run's formatting (font, size, colour) and its
notes' marks and images; its text becomes the English, bold, italic and links carried
across. The bilingual file's English paragraphs have the style "English translation"
(italic, dark blue), added to the file's styles.
"""

from __future__ import annotations

import copy
import io
from typing import BinaryIO

from ..document import Document
from ..document.docx_package import (
    HYPERLINK, MARK_TAGS, PR, R, DocxPackage, open_docx, paragraph_elements, paragraph_runs, rels_path, w,
)
from ..document.office import OfficeFile, OfficeParagraph, Run
from .office import ENGLISH_STYLE, link_groups, write_office
from .pairs import Groups

ENGLISH_STYLE_ID = "EnglishTranslation"
# The order Word wants a run's properties in (CT_RPr), for those this writer sets.
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
              "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
              "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _element(tag: str, **attrs: str):
    from lxml import etree

    el = etree.Element(w(tag))
    for name, value in attrs.items():
        el.set(w(name), value)
    return el


def _set_property(rpr, tag: str, **attrs: str) -> None:
    """Put ``w:tag`` into run properties at its place in Word's order (replacing one that is there)."""
    old = rpr.find(w(tag))
    if old is not None:
        rpr.remove(old)
    rank = _RPR_ORDER.index(tag)
    at = sum(1 for child in rpr if child.tag.split("}")[-1] in _RPR_ORDER[:rank])
    rpr.insert(at, _element(tag, **attrs))


class DocxEditor:
    def __init__(self, data: bytes) -> None:
        self.package: DocxPackage = open_docx(data, "the DOCX written")
        self.elements: dict[str, list] = {}
        self.changed: set[str] = set()
        self.styled = False

    def paragraph(self, where: OfficeParagraph):
        if where.part not in self.elements:
            self.elements[where.part] = paragraph_elements(self.package.xml(where.part))
        self.changed.add(where.part)
        return self.elements[where.part][where.element]

    # -- runs -------------------------------------------------------------------------------------------------------
    def _base_props(self, p, in_link: bool):
        """The formatting the English runs take: the paragraph's first (linked) run's, without bold and italic."""
        runs = [r for r in p.iter(w("r")) if r.find(w("t")) is not None
                and (r.getparent().tag == w("hyperlink")) == in_link]
        rpr = copy.deepcopy(runs[0].find(w("rPr"))) if runs and runs[0].find(w("rPr")) is not None else None
        if rpr is None:
            rpr = _element("rPr")
        for tag in ("b", "bCs", "i", "iCs", "vertAlign") + (() if in_link else ("rStyle",)):
            for el in rpr.findall(w(tag)):
                rpr.remove(el)
        for lang in rpr.findall(w("lang")):
            lang.set(w("val"), "en-US")
        if in_link and not runs and self._has_style("Hyperlink"):
            _set_property(rpr, "rStyle", val="Hyperlink")
        elif in_link and not runs:
            _set_property(rpr, "color", val="0563C1")
            _set_property(rpr, "u", val="single")
        return rpr

    def _has_style(self, style_id: str) -> bool:
        return style_id in self.package.styles

    def _run(self, run: Run, base):
        rpr = copy.deepcopy(base)
        if run.bold:
            _set_property(rpr, "b")
            _set_property(rpr, "bCs")
        if run.italic:
            _set_property(rpr, "i")
            _set_property(rpr, "iCs")
        r = _element("r")
        if len(rpr):
            r.append(rpr)
        t = _element("t")
        t.text = run.text
        t.set(_XML_SPACE, "preserve")
        r.append(t)
        return r

    def _fill(self, part: str, p, runs: list[Run], kept: list, plain_base, link_base) -> None:
        for group in link_groups(runs):
            if group is None:
                if kept:
                    p.append(kept.pop(0))
            elif not group[0]:
                p.extend(self._run(run, plain_base) for run in group[1])
            else:
                link = self._link(part, group[0])
                link.extend(self._run(run, link_base) for run in group[1])
                p.append(link)
        for el in kept:  # objects no sentence took (there are none unless the text changed): kept at the end
            p.append(el)

    def _link(self, part: str, url: str):
        if url.startswith("#"):
            return _element("hyperlink", anchor=url[1:])
        link = _element("hyperlink")
        link.set(f"{{{R}}}id", self._relationship(part, url))
        return link

    def _relationship(self, part: str, url: str) -> str:
        """The id of ``part``'s external hyperlink relationship to ``url`` (added where it has none)."""
        from lxml import etree

        path = rels_path(part)
        if path in self.package.zip.namelist() or path in self.package.parts:
            rels = self.package.xml(path)
        else:
            rels = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
            self.package.parts[path] = rels
        for rel in rels:
            if rel.get("Type") == HYPERLINK and rel.get("Target") == url and rel.get("TargetMode") == "External":
                return rel.get("Id")
        ids = {rel.get("Id") for rel in rels}
        n = 1
        while f"rIdReader{n}" in ids:
            n += 1
        etree.SubElement(rels, f"{{{PR}}}Relationship", Id=f"rIdReader{n}", Type=HYPERLINK, Target=url,
                         TargetMode="External")
        self.changed.add(path)
        return f"rIdReader{n}"

    # -- the edits --------------------------------------------------------------------------------------------------
    def replace(self, where: OfficeParagraph, runs: list[Run]) -> None:
        p = self.paragraph(where)
        plain_base, link_base = self._base_props(p, False), self._base_props(p, True)
        kept = list(dict.fromkeys(el for run, el in paragraph_runs(self.package, where.part, p) if run.kept))
        for el in kept:
            for t in el.findall(w("t")):
                el.remove(t)
        for child in list(p):
            if child.tag != w("pPr") and child.tag not in MARK_TAGS:  # bookmarks and comments' ranges stay first
                p.remove(child)
        self._fill(where.part, p, runs, kept, plain_base, link_base)

    def add_after(self, where: OfficeParagraph, runs: list[Run]) -> None:
        p = self.paragraph(where)
        self._add_english_style()
        english = _element("p")
        ppr = copy.deepcopy(p.find(w("pPr"))) if p.find(w("pPr")) is not None else _element("pPr")
        for tag in ("pStyle", "numPr", "outlineLvl", "sectPr"):
            for el in ppr.findall(w(tag)):
                ppr.remove(el)
        ppr.insert(0, _element("pStyle", val=ENGLISH_STYLE_ID))
        english.append(ppr)
        self._fill(where.part, english, runs, [], self._base_props(p, False), self._base_props(p, True))
        p.addnext(english)

    def _add_english_style(self) -> None:
        part = self.package.related("styles")
        if self.styled or part is None or ENGLISH_STYLE_ID in self.package.styles:
            self.styled = True
            return
        style = _element("style", type="paragraph", customStyle="1", styleId=ENGLISH_STYLE_ID)
        style.append(_element("name", val=ENGLISH_STYLE))
        if "Normal" in self.package.styles:
            style.append(_element("basedOn", val="Normal"))
        style.append(_element("qFormat"))
        rpr = _element("rPr")
        for tag, attrs in (("i", {}), ("iCs", {}), ("color", {"val": "1F4E79"}), ("lang", {"val": "en-US"})):
            rpr.append(_element(tag, **attrs))
        style.append(rpr)
        self.package.xml(part).append(style)
        self.changed.add(part)
        self.styled = True

    def changed_parts(self) -> dict[str, bytes]:
        from lxml import etree

        return {part: etree.tostring(self.package.xml(part), xml_declaration=True, encoding="UTF-8", standalone=True)
                for part in self.changed}


def blank_docx(layout) -> OfficeFile:
    """A new DOCX (python-docx's template) with an empty paragraph per entry: a heading, a list item or text."""
    import docx

    document = docx.Document()
    for kind, level, ordered in layout:
        if kind == "heading":
            document.add_heading("", level=min(max(level, 1), 9))
        elif kind == "list":
            document.add_paragraph("", style="List Number" if ordered else "List Bullet")
        else:
            document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return OfficeFile("docx", buffer.getvalue(),
                      tuple(OfficeParagraph("word/document.xml", k) for k in range(len(layout))), filled=False)


def write_docx(doc: Document, groups: Groups, out: BinaryIO) -> None:
    write_office(doc, groups, out, "docx", DocxEditor, blank_docx, bilingual=False)


def write_docx_bilingual(doc: Document, groups: Groups, out: BinaryIO) -> None:
    write_office(doc, groups, out, "docx", DocxEditor, blank_docx, bilingual=True)

