"""pdf: a PDF with a text layer, reflowed into paragraphs (the layout goes, the text stays).

pdfminer.six reads the lines and their geometry (``reader.document.pdf_lines``);
``reader.document.pdf_layout`` drops running headers, footers and page numbers, reads columns
one after the other, joins lines and hyphenated words, and keeps footnotes apart as paragraphs
of kind ``footnote``. Headings (larger or bold lines) are ``heading`` paragraphs and each starts
a section. A PDF without text (a scan), with a password, or damaged is refused in one line.
"""

from __future__ import annotations

import re

from ...errors import InputError
from ...text.paragraphs import TextBlock
from ..input_format import InputFormat, LoadOptions, RawInput
from ..pdf_layout import PdfBlock, pdf_blocks
from ..pdf_lines import read_pdf_pages
from ..structure import Document, Section, document_from_blocks

MAGIC = b"%PDF-"
UNMAPPED_GLYPH_RE = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph with no Unicode mapping


def load_pdf(raw: RawInput, options: LoadOptions) -> Document:
    pages = read_pdf_pages(raw.data, raw.given)
    if not any(page.lines for page in pages):
        scanned = sum(1 for page in pages if page.images)
        what = f"its {len(pages)} page{'s' if len(pages) > 1 else ''} {'are' if len(pages) > 1 else 'is'} images, " \
               "a scan?" if scanned else "no page has any"
        raise InputError(f"{raw.given}: is a PDF without text ({what}); reader reads text PDFs and does no OCR")
    blocks = pdf_blocks(pages)
    text = " ".join(b.text for b in blocks)
    unmapped = sum(len(m) for m in UNMAPPED_GLYPH_RE.findall(text))
    if unmapped > len(text) / 2:
        raise InputError(f"{raw.given}: is a PDF whose fonts do not say which letters their glyphs are, so its text "
                         "cannot be read (print it to a new PDF, or OCR it)")
    return _document(raw.name, blocks)


def _document(name: str, blocks: list[PdfBlock]) -> Document:
    text = "\n\n".join(b.text for b in blocks) + "\n"
    spans: list[TextBlock] = []
    pos = 0
    for block in blocks:
        spans.append(TextBlock(pos, pos + len(block.text), block.kind))
        pos += len(block.text) + 2
    return document_from_blocks(text, spans, name, "pdf", _sections(blocks))


def _sections(blocks: list[PdfBlock]) -> tuple[Section, ...]:
    """A section from each heading to the next."""
    starts = [k for k, b in enumerate(blocks) if b.kind == "heading"]
    return tuple(Section(blocks[k].text, k, end) for k, end in zip(starts, [*starts[1:], len(blocks)]))


def looks_like_a_pdf(raw: RawInput) -> bool:
    return raw.data.startswith(MAGIC)


FORMAT = InputFormat("pdf", load_pdf, "a PDF document with a text layer (reflowed into paragraphs)",
                     extensions=(".pdf",), sniff=looks_like_a_pdf, binary=True)
