"""BitextView: German and English paragraph blocks, rendered lazily with the Line API.

Only the paragraph blocks in (or near) view are wrapped and styled; the rest
have an estimated height until they come near the viewport. A block that gets
its exact height while above the top of the view moves the scroll position by
the difference, so what is on screen never jumps. Memory is bounded by an LRU
cache of blocks, whatever the length of the book.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...confidence import DOUBT_LOGPROB
from ...document.structure import UNTRANSLATED_KINDS
from ...text.cleaning import blank_controls
from ...text.inline import is_web_link
from ..keys import bindings
from ..layout import Column, ParagraphLayout, estimate_lines, make_column
from ..search import sentence_hits
from ..state import ReaderState, Side, Span

STACK_BELOW = 90  # columns: narrower terminals get the stacked layout
GUTTER = " │ "
STACK_MARK = "▎ "  # before English lines in the stacked layout, so the languages stay apart
PAD = 1
CACHE_BLOCKS = 600


@dataclass(frozen=True)
class WordRef:
    sentence: int
    side: Side
    span: Span  # in the sentence's text (German) or shown English


class BitextView(ScrollView, can_focus=True, inherit_bindings=False):
    """The two columns. Holds the sentence cursor, the word cursor and the hover word."""

    BINDINGS = bindings("bitext")

    COMPONENT_CLASSES = {
        "bitext--sentence",
        "bitext--word",
        "bitext--linked",
        "bitext--unaligned",
        "bitext--doubt-word",
        "bitext--doubt-sentence",
        "bitext--user",
        "bitext--memory",
        "bitext--pending",
        "bitext--hidden",
        "bitext--match",
        "bitext--heading",
        "bitext--code",
        "bitext--gutter",
        "bitext--tried",
        "bitext--strong",
        "bitext--emphasis",
        "bitext--inline-code",
        "bitext--link",
        "bitext--unknown",
        "bitext--learning",
        "bitext--term",
    }

    DEFAULT_CSS = """
    BitextView {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        background: $surface;
        color: $foreground;
    }
    BitextView > .bitext--sentence { background: $primary 28%; }
    BitextView > .bitext--word { background: $accent; color: $text; text-style: bold; }
    BitextView > .bitext--linked { background: $warning 75%; color: $text; text-style: bold; }
    BitextView > .bitext--unaligned { background: $error 55%; color: $text; text-style: italic; }
    BitextView > .bitext--doubt-word { text-style: underline; }
    BitextView > .bitext--doubt-sentence { color: $text-warning; }
    BitextView > .bitext--user { color: $text-success; text-style: italic; }
    BitextView > .bitext--memory { color: $text-accent; text-style: italic; }
    BitextView > .bitext--pending { color: $text-muted; }
    BitextView > .bitext--hidden { color: $text-muted; }
    BitextView > .bitext--match { background: $secondary 60%; }
    BitextView > .bitext--heading { text-style: bold; }
    BitextView > .bitext--code { color: $text-muted; }
    BitextView > .bitext--gutter { color: $panel-lighten-2; }
    BitextView > .bitext--tried { text-style: underline; }
    BitextView > .bitext--strong { text-style: bold; }
    BitextView > .bitext--emphasis { text-style: italic; }
    BitextView > .bitext--inline-code { color: $text-accent; background: $boost; }
    BitextView > .bitext--link { color: $text-primary; text-style: underline; }
    BitextView > .bitext--unknown { color: $text-warning; text-style: bold; }
    BitextView > .bitext--learning { color: $warning-darken-2; }
    BitextView > .bitext--term { color: $text-success; text-style: bold underline; }
    """

    class CursorMoved(Message):
        """The sentence or word cursor (or the hover word) moved."""

        def __init__(self, view: "BitextView") -> None:
            super().__init__()
            self.view = view

    def __init__(self, state: ReaderState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        self.doc = state.doc
        n = len(self.doc.paragraphs)
        self.cursor = 0  # sentence index
        self.side: Side = "de"  # side of the word cursor
        self.word: int | None = None  # word index in the cursor sentence (on ``side``)
        self.hover: WordRef | None = None
        self.match_pattern: re.Pattern | None = None  # the last search's, matched as each sentence is drawn
        self.visible_range = (0, 0)  # sentences on screen (first, last), read by the translation worker
        self._para_of = [s.paragraph for s in state.sentences]
        self._blocks: OrderedDict[int, ParagraphLayout] = OrderedDict()
        self._heights = [1] * n
        self._exact = bytearray(n)
        self._offsets = [0] * (n + 1)
        self._layout_key: tuple[bool, int, int] | None = None
        self._para_styles: dict[tuple[int, Side], list[tuple[int, int, Style]]] = {}
        self._style_key: object = None

    # ------------------------------------------------------------------ geometry

    @property
    def laid_out_paragraphs(self) -> int:
        """How many paragraphs are laid out now (only those near the view are)."""
        return len(self._blocks)

    def _columns(self) -> tuple[bool, int, int]:
        width = max(10, self.scrollable_content_region.width)
        if width < STACK_BELOW:
            inner = max(4 + len(STACK_MARK), width - 2 * PAD)
            return True, inner, inner - len(STACK_MARK)
        inner = width - 2 * PAD - len(GUTTER)
        de = inner // 2
        return False, de, inner - de

    def _check_layout_key(self) -> None:
        key = self._columns()
        if key != self._layout_key:
            self._layout_key = key
            self._blocks.clear()
            self._para_styles.clear()
            stacked, wde, wen = key
            self._exact = bytearray(len(self._heights))
            for p in self.doc.paragraphs:
                de = estimate_lines(self.doc.text[p.start:p.end], wde)
                en = de if p.sentences else 1
                self._heights[p.index] = de + en + 1 if stacked else max(de, en) + 1
            self._recompute_offsets()

    def _recompute_offsets(self) -> None:
        self._offsets = [0, *accumulate(self._heights)]
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, self._offsets[-1])

    def paragraph_at_row(self, row: int) -> int:
        return min(len(self._heights) - 1, max(0, bisect_right(self._offsets, row) - 1))

    def block(self, p: int) -> ParagraphLayout:
        """The laid-out block of paragraph ``p`` (cached)."""
        self._check_layout_key()
        b = self._blocks.get(p)
        if b is not None:
            self._blocks.move_to_end(p)
            return b
        stacked, wde, wen = self._layout_key
        para = self.doc.paragraphs[p]
        german, spans = self.state.german_paragraph(p)
        margin = self.state.margin(p)  # a subtitle's start time
        if margin:
            german, spans = margin + german, [(s + len(margin), e + len(margin)) for s, e in spans]
        de = make_column([], wde, raw=blank_controls(german), spans=spans, preformatted=para.kind in UNTRANSLATED_KINDS)
        first = self.state.first_sentence[p]
        en = make_column([self.state.shown(first + k).text for k in range(len(para.sentences))], wen,
                         separators=_cell_separators(self.doc, para) if para.kind == "table" else None)
        b = ParagraphLayout(p, de, en, stacked)
        self._blocks[p] = b
        if len(self._blocks) > CACHE_BLOCKS:
            self._blocks.popitem(last=False)
        self._exact[p] = 1
        self._heights[p] = b.height
        return b

    def _ensure_layout(self) -> None:
        """Lay out the blocks in and near view; fix heights and keep the view steady."""
        self._check_layout_key()
        top = round(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        p = self.paragraph_at_row(max(0, top - height))
        changed = False
        correction = 0
        n = len(self._heights)
        y = self._offsets[p]
        while p < n and y < top + 2 * height:
            if not self._exact[p] or p not in self._blocks:
                delta = self._lay_out(p)
                changed |= delta != 0
                correction += delta if y < top else 0
            y += self._heights[p]
            p += 1
        top = self._apply_height_changes(changed, correction, top)
        first_p = self.paragraph_at_row(top)
        last_p = self.paragraph_at_row(top + height - 1)
        first_s = self.state.first_sentence[first_p]
        lp = self.doc.paragraphs[last_p]
        last_s = self.state.first_sentence[last_p] + max(0, len(lp.sentences) - 1)
        self.visible_range = (first_s, last_s)

    def relayout(self, paragraphs: set[int]) -> None:
        """Paragraphs whose English changed: lay them out again if near view."""
        if self._layout_key is None:
            return
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        changed = False
        correction = 0
        for p in sorted(paragraphs):
            self._para_styles.pop((p, "de"), None)
            self._para_styles.pop((p, "en"), None)
            if self._blocks.pop(p, None) is None:
                self._exact[p] = 0
                continue
            y = self._offsets[p]
            if y > top + 3 * height or y + self._heights[p] < top - 2 * height:
                self._exact[p] = 0
                continue
            delta = self._lay_out(p)
            changed |= delta != 0
            correction += delta if y < top else 0
        self._apply_height_changes(changed, correction, top)
        self.refresh()

    def _lay_out(self, p: int) -> int:
        """Lay out paragraph ``p`` exactly; return how much its height changed."""
        old = self._heights[p]
        self.block(p)
        return self._heights[p] - old

    def _apply_height_changes(self, changed: bool, correction: int, top: int) -> int:
        """Refresh the row offsets; keep the text on screen still when blocks above it changed height."""
        if changed:
            self._recompute_offsets()
            if correction:
                self.scroll_to(y=top + correction, animate=False, immediate=True)
                top += correction
        return top

    def on_resize(self, event: events.Resize) -> None:
        self._check_layout_key()
        self.call_after_refresh(self.scroll_to_sentence, self.cursor, False)

    # ------------------------------------------------------------------ styles

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(f"bitext--{name}")

    def active_word(self) -> WordRef | None:
        """The hover word if any, else the word cursor."""
        if self.hover is not None:
            return self.hover
        if self.word is None:
            return None
        words = self.state.words(self.cursor, self.side)
        if not 0 <= self.word < len(words):
            return None
        return WordRef(self.cursor, self.side, words[self.word])

    def _paragraph_styles(self, p: int, side: Side, b: ParagraphLayout) -> list[tuple[int, int, Style]]:
        key = (p, side)
        cached = self._para_styles.get(key)
        if cached is not None:
            return cached
        st = self.state
        para = self.doc.paragraphs[p]
        first = st.first_sentence[p]
        spans = b.de.sentence_spans if side == "de" else b.en.sentence_spans
        out: list[tuple[int, int, Style]] = []
        active = self.active_word()
        if side == "de" and para.kind == "heading":
            out.append((0, len(b.de.text), self._component("heading")))
        if not para.sentences:
            out.append((0, len(b.de.text), self._component("code")))
        if side == "de" and (margin := st.margin(p)):
            out.append((0, len(margin), self._component("gutter")))
        status_styles = {}  # the unknown-word highlighting's, by status: only their colour, so the sentence's background stays
        if side == "de" and st.highlight != "off":
            status_styles = {status: self.get_component_rich_style(f"bitext--{name}", partial=True)
                     for status, name in (("new", "unknown"), ("learning", "learning"))}
        for k, (ss, se) in enumerate(spans):
            i = first + k
            out.extend(self._mark_styles(i, side, ss))
            if side == "en":
                shown = st.shown(i)
                kind = shown.kind
                if kind in ("user", "picked"):
                    out.append((ss, se, self._component("user")))
                elif kind == "memory":
                    out.append((ss, se, self._component("memory")))
                elif kind in ("pending", "none"):
                    out.append((ss, se, self._component("pending")))
                elif kind == "hidden":
                    out.append((ss, se, self._component("hidden")))
                elif st.translations[i] is not None and st.translations[i].score < DOUBT_LOGPROB:
                    out.append((ss, se, self._component("doubt-sentence")))
                if kind == "model":
                    for ws, we in st.doubtful_words(i):
                        out.append((ss + ws, ss + we, self._component("doubt-word")))
                    for ws, we in st.term_spans(i):
                        out.append((ss + ws, ss + we, self._component("term")))
            elif i in st.tried:
                out.append((ss, se, self._component("tried")))
            if i == self.cursor:
                out.append((ss, se, self._component("sentence")))
            if side == "de" and status_styles:
                for ws, we, status in st.word_marks(i):
                    out.append((ss + ws, ss + we, status_styles[status]))
            for hit in sentence_hits(st, i, side, self.match_pattern) if self.match_pattern is not None else ():
                out.append((ss + hit.start, ss + hit.end, self._component("match")))
            if active is not None and active.sentence == i:
                if active.side == side:
                    has_links = bool(st.links(i, side, active.span))
                    style = "word" if has_links or not st.has_alignment(i) else "unaligned"
                    out.append((ss + active.span[0], ss + active.span[1], self._component(style)))
                elif side == "de" or st.shown(i).kind != "hidden":
                    for ls, le in st.links(i, active.side, active.span):
                        out.append((ss + ls, ss + le, self._component("linked")))
        self._para_styles[key] = out
        return out

    def _mark_styles(self, i: int, side: Side, offset: int) -> list[tuple[int, int, Style]]:
        """The inline markup of sentence ``i`` (bold, italic, code, links) as styles, the sentence at ``offset``."""
        out = []
        for m in self.state.marks(i, side):
            if m.start == m.end:
                continue
            if m.kind in ("link", "image", "autolink"):
                style = self._component("link")
                if is_web_link(m.url):  # a terminal hyperlink; the address is the document's
                    style += Style(link=m.url)
            else:
                style = self._component({"strong": "strong", "emphasis": "emphasis"}.get(m.kind, "inline-code"))
            out.append((offset + m.start, offset + m.end, style))
        return out

    def _render_side_line(self, b: ParagraphLayout, side: Side, line: int, width: int) -> Strip:
        s_obj: Column = b.de if side == "de" else b.en
        if not 0 <= line < len(s_obj.lines):
            return Strip.blank(width, self.rich_style)
        ls, le = s_obj.lines[line]
        text = Text(s_obj.text[ls:le], no_wrap=True, end="")
        for s, e, style in self._paragraph_styles(b.paragraph, side, b):
            if e > ls and s < le:
                text.stylize(style, max(s, ls) - ls, min(e, le) - ls)
        segments = list(text.render(self.app.console))
        return Strip(segments).apply_style(self.rich_style).crop_extend(0, width, self.rich_style)

    # ------------------------------------------------------------------ rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        st = self.state
        style_key = (self.cursor, self.side, self.word, self.hover, id(self.match_pattern), st.learning, st.highlight, st.highlight_version)
        if style_key != self._style_key:
            self._style_key = style_key
            self._para_styles.clear()
        self._ensure_layout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_offset.y)
        if not self.doc.paragraphs or row >= self._offsets[-1]:
            return Strip.blank(width, self.rich_style)
        p = self.paragraph_at_row(row)
        b = self.block(p)
        r = row - self._offsets[p]
        stacked, wde, wen = self._layout_key
        pad = Strip.blank(PAD, self.rich_style)
        if stacked:
            where = b.at_row(r)
            if not where:
                return Strip.blank(width, self.rich_style)
            side, line = where[0]
            if side == "de":
                body = self._render_side_line(b, side, line, wde)
            else:
                mark = Strip([Segment(STACK_MARK, self.rich_style + self._component("gutter"))])
                body = Strip.join([mark, self._render_side_line(b, side, line, wen)])
            return Strip.join([pad, body, pad]).crop_extend(0, width, self.rich_style)
        left = self._render_side_line(b, "de", r, wde)
        right = self._render_side_line(b, "en", r, wen)
        gutter = Strip([Segment(GUTTER, self.rich_style + self._component("gutter"))])
        return Strip.join([pad, left, gutter, right, pad]).crop_extend(0, width, self.rich_style)

    # ------------------------------------------------------------------ positions

    def sentence_rows(self, i: int) -> tuple[int, int]:
        """Virtual rows [top, bottom] covered by sentence ``i`` on both sides."""
        p = self._para_of[i]
        b = self.block(p)
        k = i - self.state.first_sentence[p]
        rows = []
        for side, s_obj in (("de", b.de), ("en", b.en)):
            if k < len(s_obj.sentence_spans):
                ss, se = s_obj.sentence_spans[k]
                rows.append(b.line_of(side, s_obj.locate(ss)))
                rows.append(b.line_of(side, s_obj.locate(max(ss, se - 1))))
        base = self._offsets[p]
        return base + min(rows, default=0), base + max(rows, default=0)

    def scroll_to_sentence(self, i: int, animate: bool = False, to_top: bool = False) -> None:
        """Scroll so that sentence ``i`` and its counterpart are in view (``to_top``: on the view's first rows,
        as a chapter's start or the place a book was left is read from there on)."""
        if not self.state.sentences:
            return
        p = self._para_of[i]
        self._check_layout_key()
        # Exact heights for the target and what is above it on screen.
        was = self._heights[p]
        self.block(p)
        if self._heights[p] != was:
            self._recompute_offsets()
        top, bottom = self.sentence_rows(i)
        height = self.scrollable_content_region.height
        y = round(self.scroll_offset.y)
        if to_top or top < y:
            target = max(0, top - 1)
        elif bottom >= y + height:
            target = min(top - 1, bottom - height + 2)
        else:
            return
        self.scroll_to(y=max(0, target), animate=animate, immediate=not animate)

    def hit(self, x: int, y: int) -> WordRef | tuple[int, Side] | None:
        """What is at widget cell (x, y): a word, or (sentence, side) between words."""
        if self._layout_key is None:
            return None
        row = y + round(self.scroll_offset.y)
        if row >= self._offsets[-1] or row < 0:
            return None
        p = self.paragraph_at_row(row)
        b = self.block(p)
        r = row - self._offsets[p]
        stacked, wde, wen = self._layout_key
        col = x - PAD
        if stacked:
            where = b.at_row(r)
            if not where:
                return None
            side, line = where[0]
            if side == "en":
                col -= len(STACK_MARK)
            if not 0 <= col < (wde if side == "de" else wen):
                return None
        elif 0 <= col < wde:
            side, line = "de", r
        elif wde + len(GUTTER) <= col < wde + len(GUTTER) + wen:
            side, line, col = "en", r, col - wde - len(GUTTER)
        else:
            return None
        s_obj = b.de if side == "de" else b.en
        off = s_obj.offset_at(line, col)
        if off is None:
            return None
        for k, (ss, se) in enumerate(s_obj.sentence_spans):
            if ss <= off < se:
                i = self.state.first_sentence[p] + k
                rel = off - ss
                for ws, we in self.state.words(i, side):
                    if ws <= rel < we:
                        return WordRef(i, side, (ws, we))
                return (i, side)
        return None

    # ------------------------------------------------------------------ cursor

    def set_cursor(self, i: int, side: Side | None = None, word: int | None = None, scroll: bool = True) -> None:
        n = len(self.state.sentences)
        if n == 0:
            return
        self.cursor = max(0, min(n - 1, i))
        if side is not None:
            self.side = side
        self.word = word
        if scroll:
            self.scroll_to_sentence(self.cursor)
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def move_word(self, step: int) -> None:
        words = self.state.words(self.cursor, self.side)
        if self.word is None:
            target = 0 if step > 0 else len(words) - 1
        else:
            target = self.word + step
        if 0 <= target < len(words):
            self.set_cursor(self.cursor, word=target)
            return
        i = self.cursor + (1 if step > 0 else -1)
        if 0 <= i < len(self.state.sentences):
            nxt = self.state.words(i, self.side)
            self.set_cursor(i, word=(0 if step > 0 else max(0, len(nxt) - 1)) if nxt else None)

    def set_matches(self, pattern: re.Pattern | None) -> None:
        """A search's pattern: each sentence's matches are found as it is drawn, so an English that changes is marked as it reads."""
        self.match_pattern = pattern
        self.refresh()

    # ------------------------------------------------------------------ mouse

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self.hit(event.x, event.y)
        hover = found if isinstance(found, WordRef) else None
        if hover != self.hover:
            self.hover = hover
            self.refresh()
            self.post_message(self.CursorMoved(self))

    def on_leave(self, event: events.Leave) -> None:
        if self.hover is not None:
            self.hover = None
            self.refresh()
            self.post_message(self.CursorMoved(self))

    def on_click(self, event: events.Click) -> None:
        found = self.hit(event.x, event.y)
        if isinstance(found, WordRef):
            words = self.state.words(found.sentence, found.side)
            self.set_cursor(found.sentence, found.side, words.index(found.span), scroll=False)
        elif found is not None:
            self.set_cursor(found[0], found[1], None, scroll=False)


def _cell_separators(doc, para) -> list[str]:
    """A table row's English: " │ " between sentences of different cells, a space within one."""
    cell_of = doc.cell_of_sentences(para)
    return [" │ " if cell_of[k] != cell_of[k - 1] else " " for k in range(1, len(cell_of))]
