"""A PDF's pages as lines of text with their geometry, read by pdfminer.six; its failures as one-line InputErrors.

pdfminer's layout analysis (``LAParams``) groups the characters into lines; what a line is in the
reading order (headers, columns, paragraphs, footnotes) is ``reader.document.pdf_layout``'s work.
A small raised digit (a footnote's marker) becomes a superscript digit, so that ``Gefälle¹`` stays
one word and the marker is not read as a number.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUPERSCRIPT_SIZE = 0.8  # a character this much smaller than its line's text, and raised, is a superscript
BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")


@dataclass(frozen=True)
class TextLine:
    """One line of a page: its text (spaces squeezed), its box (PDF points, y upwards) and its type."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float  # the font size most of its characters have
    bold: bool  # every character in a bold face
    lead: float = 0.0  # the width of its first word


@dataclass(frozen=True)
class PdfPage:
    number: int  # 0-based
    width: float
    height: float
    lines: tuple[TextLine, ...]
    images: int  # how many images are drawn on it (a scanned page is one)
    bottom: float = 0.0  # the y of its lower edge (a media box need not start at 0)
    turned: tuple[str, ...] = ()  # its lines set at an angle (a margin's rotated note), each read along its direction


def read_pdf_pages(data: bytes, given: str) -> list[PdfPage]:
    """Every page of the PDF ``data`` as lines; InputError (one line) for a PDF that cannot be read."""
    import logging

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)  # its warnings about sloppy files would break the one-line contract
    try:
        # boxes_flow=None: no ordering of text boxes, pdf_layout orders the lines itself
        pages = list(extract_pages(io.BytesIO(data), laparams=LAParams(boxes_flow=None, all_texts=True)))
    except PDFPasswordIncorrect:
        raise InputError(f"{given}: is a PDF protected by a password; reader reads only PDFs that open without one")
    except PDFEncryptionError as e:
        raise InputError(f"{given}: is an encrypted PDF that reader cannot decrypt ({e or 'unsupported encryption'})")
    except Exception as e:  # pdfminer raises its own errors and Python's (KeyError, ValueError, …) on damaged files
        reason = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        raise InputError(f"{given}: is a damaged PDF that cannot be read ({reason})") from e
    finally:
        log.setLevel(level)
    if not pages:
        raise InputError(f"{given}: is a PDF without pages (damaged?)")
    return [_page(k, page) for k, page in enumerate(pages)]


def _page(number: int, page) -> PdfPage:
    from pdfminer.layout import LTChar, LTImage, LTTextLineHorizontal

    lines: list[TextLine] = []
    images = 0
    turned: list = []
    for item in _walk(page):
        if isinstance(item, LTTextLineHorizontal):
            line = _line(number, item)
            if line is not None:
                lines.append(line)
            turned.extend(c for c in item if isinstance(c, LTChar) and not c.upright)
        elif isinstance(item, LTImage):
            images += 1
        elif isinstance(item, LTChar) and not item.upright:
            turned.append(item)
    return PdfPage(number, page.width, page.height, tuple(lines), images, page.y0, _turned_lines(turned))


def _turned_lines(chars: list) -> tuple[str, ...]:
    """Characters set at an angle, as lines: grouped by direction and baseline, read along their direction.

    pdfminer's line finding is for upright text; a rotated line (a journal's margin note) would
    otherwise come out one letter a "line", in no order.
    """
    runs: dict[tuple[float, float, int], list[tuple[float, str]]] = {}
    for c in chars:
        a, b, _, _, e, f = c.matrix
        norm = (a * a + b * b) ** 0.5 or 1.0
        da, db = round(a / norm, 2), round(b / norm, 2)
        across = round((-db * e + da * f) / 2)  # the baseline, within 2 points
        runs.setdefault((da, db, across), []).append((da * e + db * f, c.get_text()))
    out = []
    for run in runs.values():
        text = " ".join("".join(t for _, t in sorted(run, key=lambda r: r[0])).split())
        if text:
            out.append(text)
    return tuple(out)


def _walk(item):
    from pdfminer.layout import LTContainer, LTTextLineHorizontal

    yield item
    if isinstance(item, LTContainer) and not isinstance(item, LTTextLineHorizontal):
        for child in item:
            yield from _walk(child)


def _line(page: int, item) -> TextLine | None:
    from pdfminer.layout import LTChar

    chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip() and c.upright]
    if not chars:
        return None
    sizes = Counter(round(c.size * 2) / 2 for c in chars)
    size = sizes.most_common(1)[0][0]
    base = min(c.y0 for c in chars if round(c.size * 2) / 2 == size)
    out: list[str] = []
    for c in item:
        if isinstance(c, LTChar) and not c.upright:
            continue  # read as a turned line (_turned_lines)
        text = c.get_text()
        if isinstance(c, LTChar) and c.size < SUPERSCRIPT_SIZE * size and c.y0 > base + 0.15 * size:
            text = text.translate(SUPERSCRIPT_DIGITS)
        out.append(text)
    text = " ".join("".join(out).split())
    bold = all(any(b in c.fontname.lower() for b in BOLD_NAMES) for c in chars)
    return TextLine(page, item.x0, item.y0, item.x1, item.y1, text, size, bold, _first_word_width(item))


def _first_word_width(item) -> float:
    """From the line's start to the end of its first word (pdfminer puts a space between words)."""
    from pdfminer.layout import LTChar

    end = None
    for c in item:
        if not c.get_text().strip():
            if end is not None:
                break
        elif isinstance(c, LTChar):
            end = c.x1
    return end - item.x0 if end is not None else 0.0
