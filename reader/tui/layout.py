"""Word wrapping and paragraph-block layout for the bilingual view (pure, no Textual).

A paragraph is shown as one *block*: German lines and English lines, side by
side (two columns) or one above the other (stacked). Wrapping works on
character offsets so a screen position maps back to a character of a sentence
and from there to a word and its alignment links.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rich.cells import cell_len

from .state import Side

_WORD = re.compile(r"\S+")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap: [start, end) character ranges of ``text``, one per line.

    Line breaks in ``text`` are kept; a word longer than ``width`` is cut.
    Whitespace at a soft break belongs to no line.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while True:
        nl = text.find("\n", pos)
        seg_end = n if nl < 0 else nl
        _wrap_segment(text, pos, seg_end, width, lines)
        if nl < 0:
            break
        pos = nl + 1
    return lines


def _wrap_segment(text: str, start: int, end: int, width: int, out: list[tuple[int, int]]) -> None:
    before = len(out)
    line_start = -1
    line_end = start
    col = 0
    ascii_text = text.isascii()
    for m in _WORD.finditer(text, start, end):
        ws, we = m.span()
        word = m.group()
        w = len(word) if ascii_text else cell_len(word)
        if line_start >= 0:
            gap = ws - line_end
            if col + gap + w <= width:
                col += gap + w
                line_end = we
                continue
            out.append((line_start, line_end))
            line_start = -1
        # a new line starting with this word
        while w > width:  # cut an over-long word
            cut, cells = ws, 0
            while cut < we:
                c = 1 if ascii_text else cell_len(text[cut])
                if cells + c > width and cut > ws:
                    break
                cells += c
                cut += 1
            out.append((ws, cut))
            ws = cut
            word = text[ws:we]
            w = len(word) if ascii_text else cell_len(word)
        if ws < we:
            line_start, line_end, col = ws, we, w
    if line_start >= 0:
        out.append((line_start, line_end))
    if len(out) == before:
        out.append((start, start))  # an empty line keeps its place


def wrap_preformatted(text: str, width: int) -> list[tuple[int, int]]:
    """Code's lines as they are, leading spaces included: [start, end) per line of ``text``.

    A line wider than ``width`` is cut every ``width`` cells (code has no place to break
    a line but the column's edge); nothing else moves.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        cells = 0
        for i in range(start, end):
            c = cell_len(text[i])
            if cells + c > width and i > start:
                lines.append((start, i))
                start, cells = i, 0
            cells += c
        lines.append((start, end))
        pos = end + 1
    return lines


def estimate_lines(text: str, width: int) -> int:
    """A cheap guess of ``len(wrap(text, width))`` (used before a block is laid out)."""
    width = max(1, width)
    return max(1, sum(-(-max(1, len(part)) * 21 // (20 * width)) for part in text.split("\n")))


@dataclass
class Column:
    """One column of a paragraph block: its text and wrapped lines."""

    text: str
    lines: list[tuple[int, int]]
    sentence_spans: list[tuple[int, int]]  # per sentence of the paragraph, in ``text``

    def locate(self, offset: int) -> int:
        """Index of the line holding character ``offset`` (the line before a gap)."""
        return max(0, bisect_right([s for s, _ in self.lines], offset) - 1)

    def offset_at(self, line: int, col: int) -> int | None:
        """Character offset at cell ``col`` of ``line``, or None past the text."""
        if not 0 <= line < len(self.lines):
            return None
        s, e = self.lines[line]
        cells = 0
        for i in range(s, e):
            cells += cell_len(self.text[i])
            if cells > col:
                return i
        return None


@dataclass
class ParagraphLayout:
    """A paragraph laid out on screen: its German and English columns and its height in rows."""

    paragraph: int
    de: Column
    en: Column
    stacked: bool
    height: int = field(init=False)

    def __post_init__(self) -> None:
        if self.stacked:
            self.height = len(self.de.lines) + len(self.en.lines) + 1
        else:
            self.height = max(len(self.de.lines), len(self.en.lines)) + 1

    def line_of(self, side: Side, line: int) -> int:
        """Row within the block of ``line`` of ``side``."""
        if self.stacked and side == "en":
            return len(self.de.lines) + line
        return line

    def at_row(self, row: int) -> list[tuple[Side, int]]:
        """(side, line) pairs shown on block row ``row``."""
        if self.stacked:
            if row < len(self.de.lines):
                return [("de", row)]
            row -= len(self.de.lines)
            return [("en", row)] if row < len(self.en.lines) else []
        out = []
        if row < len(self.de.lines):
            out.append(("de", row))
        if row < len(self.en.lines):
            out.append(("en", row))
        return out


def make_column(pieces: list[str], width: int, raw: str | None = None, spans: list[tuple[int, int]] | None = None,
                preformatted: bool = False, separators: list[str] | None = None) -> Column:
    """A column from sentence texts joined by spaces (or ``raw`` text with given spans).

    ``preformatted``: code, laid out line by line with its indentation (``wrap_preformatted``).
    ``separators``: what goes before each piece after the first, where not a space (a table's cells).
    """
    if raw is None:
        spans = []
        parts = []
        pos = 0
        for k, piece in enumerate(pieces):
            if parts:
                gap = separators[k - 1] if separators else " "
                parts.append(gap)
                pos += len(gap)
            spans.append((pos, pos + len(piece)))
            parts.append(piece)
            pos += len(piece)
        raw = "".join(parts)
    return Column(raw, (wrap_preformatted if preformatted else wrap)(raw, width), spans or [])
