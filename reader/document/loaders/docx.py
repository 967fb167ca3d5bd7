"""docx: a Word document (Office Open XML), its paragraphs, headings, lists, tables cell by cell and footnotes.

Each footnote is a paragraph of kind ``footnote`` right after the paragraph that cites
it. Text boxes, headers and footers, comments and deleted text (tracked changes) are not
read; the file itself is kept on ``Document.container`` for the DOCX writers.
"""

from __future__ import annotations

from ..docx_package import footnotes, is_docx, open_docx, paragraph_elements, paragraph_runs, w
from ..input_format import InputFormat, LoadOptions, RawInput
from ..office import FOOTNOTE, OfficeBlock, office_document
from ..structure import Document


def load_docx(raw: RawInput, options: LoadOptions) -> Document:
    package = open_docx(raw.data, raw.given)
    notes_part, notes = footnotes(package)
    note_elements = paragraph_elements(package.xml(notes_part)) if notes_part else []
    cited: set[str] = set()
    blocks: list[OfficeBlock] = []

    def note_blocks(note_id: str) -> None:
        if note_id in cited or note_id not in notes:
            return
        cited.add(note_id)
        for k in notes[note_id]:
            runs = tuple(run for run, _ in paragraph_runs(package, notes_part, note_elements[k]))
            blocks.append(OfficeBlock(notes_part, k, FOOTNOTE, runs))

    for k, p in enumerate(paragraph_elements(package.xml(package.main))):
        runs = paragraph_runs(package, package.main, p)
        level = package.heading_level(p)
        is_item, ordered = package.list_kind(p)
        kind = "heading" if level else "list" if is_item else "text"
        blocks.append(OfficeBlock(package.main, k, kind, tuple(run for run, _ in runs), min(level, 6), ordered))
        for _, element in runs:
            reference = element.find(w("footnoteReference"))
            if reference is not None:
                note_blocks(reference.get(w("id")))
    for note_id in notes:  # notes no paragraph cites: at the end
        note_blocks(note_id)
    return office_document(raw.name, "docx", raw.data, blocks, options.markup)


def looks_like_a_docx(raw: RawInput) -> bool:
    return is_docx(raw.data)


FORMAT = InputFormat("docx", load_docx, "a Word document (.docx)", extensions=(".docx",),
                     sniff=looks_like_a_docx, binary=True)
