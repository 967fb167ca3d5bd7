"""odt (the English OpenDocument text) and odt-bilingual (each German paragraph followed by its English).

A copy of the ODT read (``reader.output.office``): each paragraph or heading keeps its
element and paragraph style (so lists, tables and outline numbering stay), and its notes
and frames; its text becomes the English, bold and italic as automatic text styles,
links as ``text:a``. The bilingual file's English paragraphs have the style "English
translation" (italic, dark blue), added to the file's styles.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from ..document import Document
from ..document.odt_package import CONTENT, MARK_TAGS, NS, OdtPackage, open_odt, paragraph_elements, paragraph_runs, q
from ..document.office import OfficeFile, OfficeParagraph, Run
from .office import ENGLISH_STYLE, link_groups, write_office
from .pairs import Groups

ENGLISH_STYLE_NAME = "English_20_translation"  # ODF's encoding of the display name "English translation"
_TEXT_STYLES = {(True, False): "reader_bold", (False, True): "reader_italic", (True, True): "reader_bold_italic"}


def _element(name: str, text: str | None = None, **attrs: str):
    from lxml import etree

    el = etree.Element(q(name), nsmap={k: v for k, v in NS.items() if k in ("text", "style", "fo", "xlink", "office")})
    for key, value in attrs.items():
        el.set(q(key.replace("__", ":").replace("_", "-")), value)
    el.text = text
    return el


def _append_text(parent, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class OdtEditor:
    def __init__(self, data: bytes) -> None:
        self.package: OdtPackage = open_odt(data, "the ODT written")
        self.elements = paragraph_elements(self.package.xml(CONTENT))
        self.changed: set[str] = set()
        self.text_styles: set[tuple[bool, bool]] = set()
        self.styled = False

    def _fill(self, p, runs: list[Run], kept: list) -> None:
        for group in link_groups(runs):
            if group is None:
                if kept:
                    p.append(kept.pop(0))
                continue
            parent = p
            if group[0]:
                parent = _element("text:a", xlink__type="simple", xlink__href=group[0])
                p.append(parent)
            for run in group[1]:
                self._text(parent, run)
        for el in kept:
            p.append(el)

    def _text(self, parent, run: Run) -> None:
        if not (run.bold or run.italic):
            _append_text(parent, run.text)
            return
        self.text_styles.add((run.bold, run.italic))
        parent.append(_element("text:span", run.text, text__style_name=_TEXT_STYLES[(run.bold, run.italic)]))

    def replace(self, where: OfficeParagraph, runs: list[Run]) -> None:
        p = self.elements[where.element]
        kept = list(dict.fromkeys(el for run, el in paragraph_runs(self.package, p) if run.kept))
        for el in kept:
            el.getparent().remove(el)
            el.tail = None  # the German after it goes with the rest
        p.text = None
        for child in list(p):
            if child.tag not in MARK_TAGS:  # bookmarks and reference marks stay first
                p.remove(child)
            else:
                child.tail = None
        self._fill(p, runs, kept)
        self.changed.add(CONTENT)

    def add_after(self, where: OfficeParagraph, runs: list[Run]) -> None:
        p = self.elements[where.element]
        english = _element("text:p", text__style_name=ENGLISH_STYLE_NAME)
        self._fill(english, runs, [])
        english.tail = p.tail
        p.addnext(english)
        self.styled = True
        self.changed.add(CONTENT)

    def changed_parts(self) -> dict[str, bytes]:
        from lxml import etree

        if self.text_styles:
            self._add_text_styles()
        if self.styled:
            self._add_english_style()
        return {part: etree.tostring(self.package.xml(part), xml_declaration=True, encoding="UTF-8")
                for part in self.changed}

    def _add_text_styles(self) -> None:
        root = self.package.xml(CONTENT)
        automatic = root.find(q("office:automatic-styles"))
        if automatic is None:
            automatic = _element("office:automatic-styles")
            body = root.find(q("office:body"))
            body.addprevious(automatic)
        for bold, italic in sorted(self.text_styles):
            style = _element("style:style", style__name=_TEXT_STYLES[(bold, italic)], style__family="text")
            props = _element("style:text-properties")
            for area in ("", "-asian", "-complex"):
                prefix = "fo" if not area else "style"
                if bold:
                    props.set(q(f"{prefix}:font-weight{area}"), "bold")
                if italic:
                    props.set(q(f"{prefix}:font-style{area}"), "italic")
            style.append(props)
            automatic.append(style)

    def _add_english_style(self) -> None:
        if "styles.xml" not in self.package.zip.namelist():
            return
        root = self.package.xml("styles.xml")
        styles = root.find(q("office:styles"))
        if styles is None or ENGLISH_STYLE_NAME in self.package.styles:
            return
        style = _element("style:style", style__name=ENGLISH_STYLE_NAME, style__display_name=ENGLISH_STYLE,
                         style__family="paragraph")
        if "Standard" in self.package.styles:
            style.set(q("style:parent-style-name"), "Standard")
        style.append(_element("style:text-properties", fo__font_style="italic", fo__color="#1f4e79",
                              style__font_style_asian="italic", style__font_style_complex="italic"))
        styles.append(style)
        self.changed.add("styles.xml")


def blank_odt(layout) -> OfficeFile:
    """A new ODT (odfdo's template) with an empty paragraph per entry: a heading, a list item or text."""
    from odfdo import Document as OdfDocument
    from odfdo import Header, List, ListItem, Paragraph

    document = OdfDocument("text")
    body = document.body
    body.clear()
    current: List | None = None
    for kind, level, ordered in layout:
        if kind == "list":
            if current is None:
                current = List()
                body.append(current)
            item = ListItem()
            item.append(Paragraph(""))
            current.append(item)
            continue
        current = None
        body.append(Header(min(max(level, 1), 10), "") if kind == "heading" else Paragraph(""))
    buffer = io.BytesIO()
    document.save(buffer)
    return OfficeFile("odt", buffer.getvalue(), tuple(OfficeParagraph(CONTENT, k) for k in range(len(layout))),
                      filled=False)


def write_odt(doc: Document, groups: Groups, out: BinaryIO) -> None:
    write_office(doc, groups, out, "odt", OdtEditor, blank_odt, bilingual=False)


def write_odt_bilingual(doc: Document, groups: Groups, out: BinaryIO) -> None:
    write_office(doc, groups, out, "odt", OdtEditor, blank_odt, bilingual=True)
