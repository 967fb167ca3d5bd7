"""VersionsView: one row per segment, the German and then every version's English, rendered with the Line API.

Each row is laid out once per width (the German and every version wrapped
beside a label column with the version's name and its scores); the rows are
shown in the order the screen asks for (document, disagreement, score
difference) and only the lines on screen are rendered. Wrapping every segment
of a 2,000-line test set with four versions takes ~70 ms, so heights are exact
from the start and nothing on screen ever jumps.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...compare.view_model import CompareModel, Span
from ...confidence import DOUBT_LOGPROB
from ...text.cleaning import blank_controls
from ...text.words import word_spans
from ..layout import wrap

PAD = 1
GUTTER = " │ "
NAME_WIDTH = 14  # at most; longer names are cut with …
SCORES_WIDTH = 13  # " 100.0 -11.23"
MISSING = "—"  # a version with no text for this segment (yours, where you made none)
CACHE_LINES = 600  # rendered lines kept: paging back and the repeated frames of one key press cost nothing


@dataclass(frozen=True, slots=True)
class Block:
    """One segment laid out: its lines as (which, start, end); which 0 is the German, i ≥ 1 version i − 1."""

    segment: int
    lines: tuple[tuple[int, int, int], ...]

    @property
    def height(self) -> int:
        return len(self.lines) + 1  # a blank line after each row


class VersionsView(ScrollView, can_focus=True, inherit_bindings=False):
    """The rows of the compare view. Holds the row cursor and the word cursor (on the German or one version)."""

    COMPONENT_CLASSES = {
        "versions--row",
        "versions--word",
        "versions--linked",
        "versions--unaligned",
        "versions--diff",
        "versions--gap",
        "versions--doubt-word",
        "versions--label",
        "versions--pivot",
        "versions--number",
        "versions--scores",
        "versions--gutter",
    }

    DEFAULT_CSS = """
    VersionsView {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        background: $surface;
        color: $foreground;
    }
    VersionsView > .versions--row { background: $primary 20%; }
    VersionsView > .versions--word { background: $accent; color: $text; text-style: bold; }
    VersionsView > .versions--linked { background: $warning 75%; color: $text; text-style: bold; }
    VersionsView > .versions--unaligned { background: $error 55%; color: $text; text-style: italic; }
    VersionsView > .versions--diff { color: $text-warning; text-style: bold; }
    VersionsView > .versions--gap { background: $warning 45%; }
    VersionsView > .versions--doubt-word { text-style: underline; }
    VersionsView > .versions--label { color: $text-primary; }
    VersionsView > .versions--pivot { color: $text-success; text-style: bold; }
    VersionsView > .versions--number { color: $text-muted; text-style: bold; }
    VersionsView > .versions--scores { color: $text-muted; }
    VersionsView > .versions--gutter { color: $panel-lighten-2; }
    """

    class CursorMoved(Message):
        """The row or word cursor moved."""

    class RowsShown(Message):
        """Other rows came into view (the screen asks for their alignments)."""

    def __init__(self, model: CompareModel, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self.rows: list[int] = list(range(len(model)))  # segment per row, in the order shown
        self._row_of = {k: k for k in self.rows}
        self.cursor = 0  # row
        self.line = 0  # the word cursor's line: 0 the German, i ≥ 1 version i − 1
        self.word: int | None = None  # word index on that line
        self.hover: tuple[int, int, int] | None = None  # (row, line, word) under the mouse
        self.visible_rows = (0, 0)
        self.pending: set[tuple[str, int]] = set()  # (version, segment) being force-aligned
        self.name_width = min(NAME_WIDTH, max(2, *(len(v.name) for v in model.versions), len(str(len(model))) + 1))
        self.label_width = self.name_width + 1 + SCORES_WIDTH
        self._width: int | None = None
        self._blocks: dict[int, Block] = {}
        self._offsets: list[int] = [0]
        self._strips: OrderedDict[tuple, Strip] = OrderedDict()
        self._component_styles: dict[str, Style] = {}
        self._frame: tuple[int, Style] | None = None  # the width and base style of the frame being rendered

    # ------------------------------------------------------------------ geometry

    @property
    def text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - 2 * PAD - self.label_width - len(GUTTER))

    def _check_layout(self) -> None:
        width = self.text_width
        if width != self._width:
            self._width = width
            self._blocks = {k: self._lay_out(k, width) for k in range(len(self.model))}
            self._recompute_offsets()
            self._strips.clear()

    def _lay_out(self, k: int, width: int) -> Block:
        lines = [(0, s, e) for s, e in wrap(self.model.source[k], width)]
        for i, v in enumerate(self.model.versions, 1):
            lines += [(i, s, e) for s, e in wrap(self.model.text(v.name, k), width)]
        return Block(k, tuple(lines))

    def _recompute_offsets(self) -> None:
        if self._width is None:
            return
        self._offsets = [0, *accumulate(self._blocks[k].height for k in self.rows)]
        self.virtual_size = Size(self.scrollable_content_region.width, self._offsets[-1])

    def invalidate(self, segments: set[int] | None = None) -> None:
        """What these segments' rows show changed (an alignment; None: every row, e.g. the pivot): render them again."""
        if segments is None:
            self._strips.clear()
        elif self._strips:
            rows = [r for k in segments if (r := self._row_of.get(k)) is not None]
            spans = [(self._offsets[r], self._offsets[r + 1]) for r in rows]
            for key in [key for key in self._strips if any(a <= key[0] < b for a, b in spans)]:
                del self._strips[key]
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # another theme: other component styles
        self._component_styles.clear()

    def row_top(self, r: int) -> int:
        """The virtual line row ``r`` starts on."""
        self._check_layout()
        return self._offsets[r]

    def row_at(self, y: int) -> int:
        """The row at virtual line ``y``."""
        return min(len(self.rows) - 1, max(0, bisect_right(self._offsets, y) - 1))

    def set_rows(self, rows: list[int]) -> None:
        """Show these segments in this order; the cursor stays on its segment when it is still shown."""
        segment = self.segment
        self.rows = rows
        self._row_of = {k: r for r, k in enumerate(rows)}
        self._recompute_offsets()
        self._strips.clear()
        self.cursor = self._row_of.get(segment, 0)
        self.word = None
        self.scroll_to(y=0, animate=False, immediate=True)
        if rows:
            self.scroll_to_row(self.cursor)
        self.refresh()
        self.post_message(self.CursorMoved())

    @property
    def segment(self) -> int | None:
        """The segment under the row cursor (None with no rows)."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def scroll_to_row(self, r: int) -> None:
        self._check_layout()
        top, bottom = self._offsets[r], self._offsets[r + 1] - 2
        height = self.scrollable_content_region.height
        y = round(self.scroll_offset.y)
        if top < y:
            target = top
        elif bottom >= y + height:
            target = min(top, bottom - height + 1)
        else:
            return
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def on_resize(self) -> None:
        self._check_layout()
        self.call_after_refresh(self._keep_cursor_in_view)

    def _keep_cursor_in_view(self) -> None:
        if self.rows:
            self.scroll_to_row(self.cursor)  # the cursor then, not when the resize came

    # ------------------------------------------------------------------ cursor

    def line_text(self, k: int, line: int) -> str:
        return self.model.source[k] if line == 0 else self.model.text(self.model.versions[line - 1].name, k)

    def line_name(self, line: int) -> str:
        return "de" if line == 0 else self.model.versions[line - 1].name

    def set_cursor(self, row: int, line: int | None = None, word: int | None = None, scroll: bool = True) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, row))
        self.hover = None  # the keys move the word cursor; the mouse lights its word again when it moves
        if line is not None:
            self.line = line
        self.word = word
        if scroll:
            self.scroll_to_row(self.cursor)
        self.refresh()
        self.post_message(self.CursorMoved())

    def move_word(self, step: int) -> None:
        k = self.segment
        if k is None:
            return
        words = word_spans(self.line_text(k, self.line))
        target = (0 if step > 0 else len(words) - 1) if self.word is None else self.word + step
        if 0 <= target < len(words):
            self.set_cursor(self.cursor, word=target)
            return
        row = self.cursor + (1 if step > 0 else -1)
        if 0 <= row < len(self.rows):
            nxt = word_spans(self.line_text(self.rows[row], self.line))
            self.set_cursor(row, word=(0 if step > 0 else max(0, len(nxt) - 1)) if nxt else None)

    def hit(self, x: int, y: int) -> tuple[int, int, int | None] | None:
        """What is at widget cell (x, y): (row, line, word index or None between words), or None."""
        if not self.rows or self._width is None:
            return None
        y += round(self.scroll_offset.y)
        if not 0 <= y < self._offsets[-1]:
            return None
        r = self.row_at(y)
        block = self._blocks[self.rows[r]]
        local = y - self._offsets[r]
        if local >= len(block.lines):
            return None
        which, s, e = block.lines[local]
        col = x - PAD - self.label_width - len(GUTTER)
        text = self.line_text(block.segment, which)
        cells, offset = 0, None
        for i in range(s, e):
            cells += cell_len(text[i])
            if cells > col:
                offset = i
                break
        if col < 0 or offset is None:
            return r, which, None
        word = next((n for n, (ws, we) in enumerate(word_spans(text)) if ws <= offset < we), None)
        return r, which, word

    def on_click(self, event: events.Click) -> None:
        found = self.hit(event.x, event.y)
        if found is not None:
            row, line, word = found
            self.set_cursor(row, line=line, word=word, scroll=False)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self.hit(event.x, event.y)
        hover = found if found is not None and found[2] is not None else None
        if hover != self.hover:
            self.hover = hover
            self.refresh()
            self.post_message(self.CursorMoved())

    def on_leave(self, event: events.Leave) -> None:
        if self.hover is not None:
            self.hover = None
            self.refresh()
            self.post_message(self.CursorMoved())

    def active_word(self) -> tuple[int, int, Span] | None:
        """(segment, line, span) of the word under the mouse if any, else of the word cursor, or None."""
        if self.hover is not None:
            row, line, word = self.hover
        else:
            row, line, word = self.cursor, self.line, self.word
        if word is None or not 0 <= row < len(self.rows):
            return None
        k = self.rows[row]
        words = word_spans(self.line_text(k, line))
        if not 0 <= word < len(words):
            return None
        return k, line, words[word]

    def _active_row(self) -> int:
        return self.hover[0] if self.hover is not None else self.cursor

    def links(self, k: int, line: int, span: Span, other: int) -> list[Span]:
        """The spans on line ``other`` linked to the word at ``span`` of ``line`` (one of them the German)."""
        if (line and other) or line == other:
            return []  # links join the German and a version, never two versions
        alignment = self.model.alignment(self.model.versions[max(line, other) - 1].name, k)
        if alignment is None:
            return []
        s, e = span
        if line == 0:
            return sorted({(l.target_start, l.target_end) for l in alignment.links if l.source_start < e and s < l.source_end})
        return sorted({(l.source_start, l.source_end) for l in alignment.links if l.target_start < e and s < l.target_end})

    # ------------------------------------------------------------------ rendering

    def _component(self, name: str) -> Style:
        style = self._component_styles.get(name)
        if style is None:  # looked up per word drawn: Textual's lookup costs more than the drawing
            style = self._component_styles[name] = self.get_component_rich_style(f"versions--{name}")
        return style

    def _fore(self, name: str, color: bool = True) -> Style:
        """A component's colour and text style without its background, so the row's background stays under it."""
        key = f"{name} fore" if color else f"{name} attributes"
        style = self._component_styles.get(key)
        if style is None:
            s = self._component(name)
            style = Style(color=s.color if color else None, bold=s.bold, italic=s.italic, underline=s.underline)
            self._component_styles[key] = style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._check_layout()
        if self.rows:
            top = round(self.scroll_offset.y)
            height = max(1, self.scrollable_content_region.height)
            shown = (self.row_at(top), self.row_at(top + height - 1))
            if shown != self.visible_rows:
                self.visible_rows = shown
                self.post_message(self.RowsShown())
        # looked up once a frame, not once a line: Textual computes both afresh each time
        self._frame = (self.scrollable_content_region.width, self.rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, style = self._frame or (self.scrollable_content_region.width, self.rich_style)
        blank = Strip.blank(width, style)
        y += round(self.scroll_offset.y)
        if not self.rows or y >= self._offsets[-1]:
            return blank
        r = self.row_at(y)
        # a line's look depends on the row cursor and, on the row of the active word, on that word
        key = (y, width, r == self.cursor, self.active_word() if r == self._active_row() else None)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row_line(r, y, width, style)
            if len(self._strips) > CACHE_LINES:
                self._strips.popitem(last=False)
        return strip

    def _render_row_line(self, r: int, y: int, width: int, style: Style) -> Strip:
        blank = Strip.blank(width, style)
        block = self._blocks[self.rows[r]]
        local = y - self._offsets[r]
        if local >= len(block.lines):
            return blank
        which, s, e = block.lines[local]
        first = local == 0 or block.lines[local - 1][0] != which
        base = style + self._component("row") if r == self.cursor else style
        label = self._label(block.segment, which) if first else Text(" " * self.label_width)
        label.truncate(self.label_width, pad=True)
        body = self._body(block.segment, which, s, e)
        line = Text.assemble(" " * PAD, label, (GUTTER, self._fore("gutter")), body, no_wrap=True, end="")
        strip = Strip(list(line.render(self.app.console))).apply_style(base)
        return strip.crop_extend(0, width, base)

    def _label(self, k: int, which: int) -> Text:
        m = self.model
        if which == 0:
            t = Text(f"#{k + 1}".ljust(self.name_width), style=self._fore("number"), no_wrap=True, end="")
            if m.others():
                t.append(f" Δ{m.disagreement(k):5.1f}", style=self._fore("scores"))
            return t
        name = m.versions[which - 1].name
        shown = name if len(name) <= self.name_width else name[: self.name_width - 1] + "…"
        pivot = name == m.pivot
        t = Text(shown.ljust(self.name_width), style=self._fore("pivot" if pivot else "label"), no_wrap=True, end="")
        chrf = m.chrf(name, k)
        alignment = m.alignment(name, k)
        if (name, k) in self.pending:
            lp = "…"
        elif alignment is None or math.isnan(alignment.score):
            lp = ""
        else:
            lp = f"{alignment.score:.2f}"
        score = "pivot" if pivot else "" if chrf is None else f"{chrf:5.1f}"
        t.append(f" {score:>5} {lp:>6}", style=self._fore("scores"))
        return t

    def _body(self, k: int, which: int, s: int, e: int) -> Text:
        if which and not self.model.has(self.model.versions[which - 1].name, k):
            return Text(MISSING, style=self._fore("scores"), no_wrap=True, end="")
        text = Text(blank_controls(self.line_text(k, which)[s:e]), no_wrap=True, end="")
        for span, style in self._styles(k, which):
            a, b = max(span[0], s), min(span[1], e)
            if a < b:
                text.stylize(style, a - s, b - s)
        return text

    def _styles(self, k: int, which: int) -> list[tuple[Span, Style]]:
        m = self.model
        out: list[tuple[Span, Style]] = []
        if which:
            name = m.versions[which - 1].name
            alignment = m.alignment(name, k)
            if alignment is not None:
                out += [((a, b), self._fore("doubt-word", color=False)) for a, b, v in alignment.confidence if v < DOUBT_LOGPROB]
            out += [(span, self._fore("diff")) for span in m.diff(name, k)]
            text = self.line_text(k, which)
            for at in m.gaps(name, k) if text else ():  # the space (or mark) where the pivot's words are left out
                at = min(at, len(text) - 1)
                out.append(((at, at + 1), self._component("gap")))
        active = self.active_word()
        if active is not None and active[0] == k:
            _, line, span = active
            if line == which:
                names = [v.name for v in m.versions] if line == 0 else [m.versions[line - 1].name]
                aligned = any(m.alignment(name, k) is not None for name in names)
                linked = any(self.links(k, line, span, o) for o in range(len(m.versions) + 1))
                style = "word" if linked or not aligned else "unaligned"
                out.append((span, self._component(style)))
            else:
                out += [(ls, self._component("linked")) for ls in self.links(k, line, span, which)]
        return out
