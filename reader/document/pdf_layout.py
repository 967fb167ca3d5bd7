"""A PDF's lines (``pdf_lines``) → its paragraphs in reading order: the layout goes, the text stays.

Each step is a small decision on the lines' geometry:

* running headers, footers and page numbers (the same text, digits aside, at the top or foot of
  two or more pages; "Seite 3 von 9", "- 3 -", "iv" anywhere there) are dropped;
* footnotes (the run of lines in smaller print at the foot of a page, starting with a marker) become
  paragraphs of kind ``footnote``, put after the paragraph the page ends in, so that they never
  interrupt it;
* a page whose lines leave an empty vertical strip between two groups side by side is read column
  by column (lines across the strip, such as a title, are read where they stand);
* a paragraph ends at a wider gap than the line spacing, at a change of type (a heading), or where a
  sentence ends and the next line is indented or its first word would have fitted on this one; it
  runs on over a column or page break unless its line there ended a sentence, or the next column's
  first line is indented or its first word would have fitted;
* its lines are joined by a space, or by ``reader.text.hyphenation`` at a line-end hyphen.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterable, Iterator

from ..text.hyphenation import LINE_END_HYPHENS, join_across_lines
from .pdf_lines import PdfPage, TextLine

HEADING_SIZE = 1.15  # a line this much larger than the body text is a heading
SMALL_PRINT = 0.9  # a line this much smaller is small print (a footnote, where it has a marker)
FURNITURE_BAND = 0.12  # headers and footers stand in the top and bottom 12 % of the page
PARAGRAPH_GAP = 1.3  # a gap between baselines this much wider than the line spacing ends a paragraph
MIN_GUTTER = 6.0
SPACE = 0.25  # a space's width, in ems (Helvetica's and Times' are 0.25–0.28)  # points: the narrowest empty strip between columns
PAGE_NUMBER_RE = re.compile(
    r"[\W_]*(?:(?:seite|page|s\.)\s*)?(?:\d{1,4}|(?=[ivxlc])(?:x{0,3}|xl|l?x{0,3}|xc)(?:i{0,3}|iv|v?i{0,3}|ix))"
    r"(?:\s*(?:von|/|of|aus)\s*\d{1,4})?[\W_]*", re.I)
SENTENCE_END_RE = re.compile(r"[.!?:…][\"'“”»«‘’)\]]*$")
NOTE_MARKER_RE = re.compile(r"(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,3}[.)]?(?=\s)|[*†‡])")


@dataclass(frozen=True)
class PdfBlock:
    """A paragraph of the PDF: its kind (text, heading, footnote) and its text on one line."""

    kind: str
    text: str


@dataclass(frozen=True)
class _Style:
    """What the body text looks like."""

    body_size: float  # the font size of most of the text
    leading: float  # the usual distance between the baselines of two of its lines
    indents: bool  # its paragraphs start with an indented line (else after a wider gap)


@dataclass(frozen=True)
class _Placed:
    """A line in reading order with the column (or the page's text area) it stands in."""

    line: TextLine
    left: float
    right: float
    flow: tuple[int, int, int]  # (page, band, column): a new flow is a column or page break


def pdf_blocks(pages: list[PdfPage]) -> list[PdfBlock]:
    """The paragraphs of ``pages`` in reading order, footnotes after the paragraph their page ends in."""
    running = _running_lines(pages)
    body_size = _body_size(ln for page in pages for ln in page.lines if ln not in running)
    placed: list[_Placed] = []
    notes: list[tuple[int, list[PdfBlock]]] = []  # the index in ``placed`` of a page's last line, its footnotes
    for page in pages:
        body, page_notes = _split_footnotes([ln for ln in page.lines if ln not in running], body_size)
        placed.extend(_reading_order(page.number, body, body_size))
        # A page's turned lines (a margin's rotated note) are kept as its footnotes are: after the paragraph it ends in.
        page_notes = page_notes + [PdfBlock("text", text) for text in page.turned]
        if page_notes:
            notes.append((len(placed) - 1, page_notes))
    style = _style(placed, body_size)
    out = [note for at, page_notes in notes if at < 0 for note in page_notes]  # pages of footnotes only
    for start, end in _paragraphs(placed, style):
        lines = [p.line for p in placed[start : end + 1]]
        out.append(PdfBlock(_kind(lines[0], body_size), reflow(ln.text for ln in lines)))
        out.extend(note for at, page_notes in notes if start <= at <= end for note in page_notes)
    return out


def reflow(lines: Iterable[str]) -> str:
    """Lines of one paragraph as one line: a line-end hyphen resolved (``reader.text.hyphenation``), else a space."""
    text = ""
    for line in lines:
        if not text:
            text = line
            continue
        head = text.rsplit(" ", 1)[-1]
        if head.endswith(LINE_END_HYPHENS) and len(head) > 1 and line:
            tail = line.split(" ", 1)[0]
            text = text[: len(text) - len(head)] + join_across_lines(head, tail) + line[len(tail):]
        else:
            text = f"{text} {line}"
    return text


# --- running headers, footers, page numbers --------------------------------------------------------------------


def _running_lines(pages: list[PdfPage]) -> set[TextLine]:
    """The lines at a page's top or foot that are page numbers, or recur on two or more pages (digits aside)."""
    seen: dict[tuple[str, str], set[int]] = {}
    candidates: list[tuple[TextLine, tuple[str, str]]] = []
    for page in pages:
        for line in page.lines:
            band = "top" if line.y0 > page.bottom + page.height * (1 - FURNITURE_BAND) else \
                "foot" if line.y1 < page.bottom + page.height * FURNITURE_BAND else None
            if band is None:
                continue
            key = (band, re.sub(r"\d+", "#", " ".join(line.text.casefold().split())))
            seen.setdefault(key, set()).add(page.number)
            candidates.append((line, key))
    return {line for line, key in candidates
            if len(seen[key]) >= 2 or PAGE_NUMBER_RE.fullmatch(line.text.translate(_PLAIN_DIGITS))}


_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


# --- sizes and spacing ---------------------------------------------------------------------------------------------


def _body_size(lines: Iterable[TextLine]) -> float:
    """The font size of most of the text."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _kind(line: TextLine, body_size: float) -> str:
    return "heading" if _is_heading(line, body_size) else "text"


def _is_heading(line: TextLine, body_size: float) -> bool:
    return line.size >= HEADING_SIZE * body_size or (line.bold and line.size >= body_size * SMALL_PRINT)


# --- footnotes --------------------------------------------------------------------------------------------------


def _split_footnotes(lines: list[TextLine], body_size: float) -> tuple[list[TextLine], list[PdfBlock]]:
    """A page's body lines, and its footnotes: the small print at its foot, below all body text, from a marker on."""
    ordered = sorted(lines, key=lambda ln: -ln.y1)
    k = len(ordered)
    while k > 0 and ordered[k - 1].size <= SMALL_PRINT * body_size:
        k -= 1
    foot = ordered[k:]
    start = next((i for i, ln in enumerate(foot) if NOTE_MARKER_RE.match(ln.text)), None)
    if k == 0 or start is None:
        return lines, []
    notes: list[list[str]] = []
    for line in foot[start:]:
        if NOTE_MARKER_RE.match(line.text) or not notes:
            notes.append([])
        notes[-1].append(line.text)
    kept = set(foot[start:])
    return [ln for ln in lines if ln not in kept], [PdfBlock("footnote", reflow(n)) for n in notes]


# --- columns ----------------------------------------------------------------------------------------------------


def _reading_order(page: int, lines: list[TextLine], body_size: float) -> list[_Placed]:
    """A page's lines top to bottom; where it has two columns, the left one read before the right one.

    Lines across the gutter, or above or below the height where the columns stand side by side (a
    title, the end of a paragraph over the full width), are read where they stand.
    """
    if not lines:
        return []
    text = [ln for ln in lines if ln.size == body_size] or lines  # its margins: a title's or a note's may differ
    left, right = min(ln.x0 for ln in text), max(ln.x1 for ln in text)
    ordered = sorted(lines, key=lambda ln: (-round(ln.y1), ln.x0))
    gutter = _gutter(lines, left, right)
    if gutter is None:
        return [_Placed(ln, left, right, (page, 0, 0)) for ln in ordered]
    sides = [ln for ln in lines if ln.x1 <= gutter[0]], [ln for ln in lines if ln.x0 >= gutter[1]]
    top = min(max(ln.y1 for ln in side) for side in sides)
    bottom = min(min(ln.y0 for ln in side) for side in sides)
    zone = [ln for ln in lines if ln.y1 <= top + 1 and ln.y0 >= bottom - 1]
    g0, g1 = _gutter(zone, left, right) or gutter
    columns = [[ln for ln in zone if ln.x1 <= g0], [ln for ln in zone if ln.x0 >= g1]]
    column_of = {id(ln): c for c, column in enumerate(columns) for ln in column}
    extents = [(min(ln.x0 for ln in text), max(ln.x1 for ln in text))
               for column in columns for text in [[ln for ln in column if ln.size == body_size] or column]]
    out: list[_Placed] = []
    band: list[TextLine] = []
    bands = 0

    def flush() -> None:
        nonlocal bands
        if band:
            for c, (c_left, c_right) in enumerate(extents):
                out.extend(_Placed(ln, c_left, c_right, (page, bands, c)) for ln in band if column_of[id(ln)] == c)
            bands += 1
            band.clear()

    across_before = False
    for line in ordered:
        if id(line) in column_of:
            if across_before:
                bands += 1
            band.append(line)
            across_before = False
        else:  # read where it stands
            flush()
            out.append(_Placed(line, left, right, (page, bands, -1)))
            across_before = True
    flush()
    return out


def _gutter(lines: list[TextLine], left: float, right: float) -> tuple[float, float] | None:
    """The widest vertical strip in the middle of the text area that only lines across it cover, with lines
    beside it on both sides at the same heights (two columns), if there is one."""
    width = right - left
    xs = range(int(left + 0.2 * width), int(right - 0.2 * width) + 1)
    starts_ends = [0] * (len(xs) + 1)  # how many lines start (+1) and end (-1) at each x: one pass, not x × lines
    for ln in lines:
        a, b = max(xs.start, math.ceil(ln.x0)), min(xs.stop, math.ceil(ln.x1))  # the x with x0 <= x < x1
        if a < b:
            starts_ends[a - xs.start] += 1
            starts_ends[b - xs.start] -= 1
    cover = list(accumulate(starts_ends))[: len(xs)]
    if not cover or min(cover) * 4 >= len(lines):
        return None
    low = min(cover)
    best: tuple[float, float] | None = None
    run_start: int | None = None
    for x, n in zip([*xs, xs[-1] + 1], [*cover, low + 1]):
        if n == low and run_start is None:
            run_start = x
        elif n != low and run_start is not None:
            if best is None or x - run_start > best[1] - best[0]:
                best = (float(run_start), float(x))
            run_start = None
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    g0, g1 = best
    g0 = max((ln.x1 for ln in lines if ln.x1 <= g0 + 1), default=g0)
    g1 = min((ln.x0 for ln in lines if ln.x0 >= g1 - 1), default=g1)
    beside = sum(1 for ln in lines if ln.x1 <= g0), sum(1 for ln in lines if ln.x0 >= g1)
    return (g0, g1) if min(beside) >= 3 and _side_by_side(lines, (g0, g1)) else None


def _side_by_side(lines: list[TextLine], strip: tuple[float, float]) -> bool:
    """Whether two lines on either side of the strip share a height (columns, not a ragged block)."""
    lefts = [ln for ln in lines if ln.x1 <= strip[0]]
    rights = [ln for ln in lines if ln.x0 >= strip[1]]
    shared = sum(1 for a in lefts if any(b.y0 < a.y1 and a.y0 < b.y1 for b in rights))
    return shared >= 2


# --- paragraphs -------------------------------------------------------------------------------------------------


def _paragraphs(placed: list[_Placed], style: _Style) -> Iterator[tuple[int, int]]:
    """Each paragraph as the indices of its first and last line in ``placed``."""
    start = 0
    for k in range(1, len(placed)):
        if not _continues(placed[k - 1], placed[k], style):
            yield start, k - 1
            start = k
    if placed:
        yield start, len(placed) - 1


def _style(placed: list[_Placed], body_size: float) -> _Style:
    """The body text's size and line spacing, and whether its paragraphs start indented (else after a gap)."""
    gaps = [a.line.y0 - b.line.y0 for a, b in zip(placed, placed[1:])
            if a.flow == b.flow and a.line.size == b.line.size == body_size and 0 < a.line.y0 - b.line.y0 < 3 * body_size]
    leading = sorted(gaps)[len(gaps) // 4] if gaps else 1.2 * body_size  # the lower quartile: most gaps are a line's
    by_indent = by_gap = 0
    for a, b in zip(placed, placed[1:]):
        if a.flow == b.flow and a.line.size == b.line.size == body_size and SENTENCE_END_RE.search(a.line.text):
            by_gap += a.line.y0 - b.line.y0 > PARAGRAPH_GAP * leading
            by_indent += _indented(b)
    return _Style(body_size, leading, by_indent > by_gap)


def _continues(a: _Placed, b: _Placed, style: _Style) -> bool:
    """Whether line ``b`` (right after ``a`` in reading order) belongs to ``a``'s paragraph."""
    x, y = a.line, b.line
    if _is_heading(x, style.body_size) != _is_heading(y, style.body_size) or abs(x.size - y.size) > 0.5:
        return False
    if x.text.endswith(LINE_END_HYPHENS):
        return True
    ends_sentence = bool(SENTENCE_END_RE.search(x.text))
    if a.flow != b.flow:  # a column or page break: the paragraph runs on unless it ended there
        if style.indents:  # its paragraphs start indented: only an indented line starts one
            return not _indented(b)
        return not (ends_sentence or _indented(b) or _would_fit(x, y, a.right))
    if x.y0 - y.y0 > PARAGRAPH_GAP * style.leading * y.size / style.body_size:
        return False
    return not (ends_sentence and (_indented(b) or _would_fit(x, y, a.right)))


def _indented(p: _Placed) -> bool:
    return p.line.x0 - p.left > 0.6 * p.line.size


def _would_fit(x: TextLine, y: TextLine, right: float) -> bool:
    """Whether ``y``'s first word would have fitted at the end of ``x`` (so ``x`` ended its paragraph)."""
    return x.x1 + SPACE * x.size + y.lead < right
