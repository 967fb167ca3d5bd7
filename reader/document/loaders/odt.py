"""odt: an OpenDocument text (LibreOffice, OpenOffice), its paragraphs, headings, lists, tables and notes.

A note (``text:note``) is a paragraph of kind ``footnote`` right after the paragraph that
holds it, as in a DOCX. Frames (text boxes, images), comments, tracked changes and
generated indexes are not read; the file itself is kept on ``Document.container`` for the
ODT writers.
"""

from __future__ import annotations

from ..input_format import InputFormat, LoadOptions, RawInput
from ..odt_package import CONTENT, in_list, in_note, is_odt, open_odt, paragraph_elements, paragraph_runs, q
from ..office import FOOTNOTE, OfficeBlock, office_document
from ..structure import Document


def load_odt(raw: RawInput, options: LoadOptions) -> Document:
    package = open_odt(raw.data, raw.given)
    elements = paragraph_elements(package.xml(CONTENT))
    index = {id(p): k for k, p in enumerate(elements)}
    blocks: list[OfficeBlock] = []
    for k, p in enumerate(elements):
        if in_note(p):
            continue  # read right after the paragraph that holds its note
        blocks.append(_block(package, k, p))
        for note in p.iter(q("text:note")):
            blocks.extend(_block(package, index[id(inner)], inner, FOOTNOTE)
                          for inner in note.iter(q("text:p"), q("text:h")) if id(inner) in index)
    return office_document(raw.name, "odt", raw.data, blocks, options.markup)


def _block(package, k: int, p, kind: str | None = None) -> OfficeBlock:
    runs = tuple(run for run, _ in paragraph_runs(package, p))
    if kind is not None:
        return OfficeBlock(CONTENT, k, kind, runs)
    if p.tag == q("text:h"):
        level = p.get(q("text:outline-level"))
        return OfficeBlock(CONTENT, k, "heading", runs, min(int(level), 6) if level and level.isdigit() else 1)
    if in_list(p):
        return OfficeBlock(CONTENT, k, "list", runs, ordered=package.list_numbered(p))
    return OfficeBlock(CONTENT, k, "text", runs)


def looks_like_an_odt(raw: RawInput) -> bool:
    return is_odt(raw.data)


FORMAT = InputFormat("odt", load_odt, "an OpenDocument text (.odt)", extensions=(".odt",),
                     sniff=looks_like_an_odt, binary=True)
