"""Rendering a text with inline spans: Markdown, HTML, or the text as it reads (for the reader)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from ..typography import IDENTITY, OffsetMap, Replacement
from .spans import PUNCTUATION, VERBATIM, InlineSpan, is_note_mark, nesting_key


@dataclass(frozen=True, slots=True)
class Marked:
    """A text and non-crossing spans over it; verbatim spans replace their stretch of ``text``."""

    text: str
    spans: tuple[InlineSpan, ...] = ()
    escape: bool = True  # Markdown-escape the text (False: the text was never Markdown, leave it)

    def markdown(self) -> str:
        return _render(self, _md_open, _md_close, _md_text if self.escape else str)

    def html(self) -> str:
        return _render(self, _html_open, _html_close, html.escape)

    def plain(self) -> str:
        """The text as it reads: verbatim spans' text in their places, no markers."""
        return _render(self, lambda s: s.text if s.kind in VERBATIM else "", lambda s: "", str)

    def as_read(self) -> "Read":
        """``plain()`` with the spans moved onto it and the map from ``text`` into it (for the reader).

        The verbatim pieces are found by rendering them between private-use sentinels, so
        the text is ``plain()`` exactly, spaces put beside an insertion included.
        """
        as_given = Read(self.text, self.spans, IDENTITY)  # when there is nothing to put in, or no sure place
        # What reads as text of its own: code and autolinks, and a link with no English (its German text).
        verbatim = [s for s in self.spans if s.kind in VERBATIM or (s.start == s.end and s.kind in ("link", "image"))]
        if not verbatim or any(c in self.text for c in _SENTINELS):
            return as_given
        index = {id(s): k for k, s in enumerate(verbatim)}

        def open_(s: InlineSpan) -> str:
            if s.kind in VERBATIM:
                return f"{_OPEN}{index[id(s)]}{_MID}{s.text}{_CLOSE}"
            return f"{_OPEN}{index[id(s)]}{_MID}" if id(s) in index else ""

        rendered = _render(self, open_, lambda s: _CLOSE if id(s) in index and s.kind not in VERBATIM else "", str)
        out: list[str] = []
        placed: dict[int, tuple[int, int]] = {}
        replacements: list[Replacement] = []
        old = pos = 0  # where we are in self.text and in the rendered pieces
        length = 0  # of the text read so far
        for m in re.finditer(f"{_OPEN}(\\d+){_MID}(.*?){_CLOSE}", rendered, re.S):
            s = verbatim[int(m.group(1))]
            if s.start < old:
                return as_given
            between = rendered[pos : m.start()]
            gap = self.text[old : s.start]  # the English between: the rendered stretch less the spaces put beside
            lead = between.find(gap) if gap else len(between)
            if lead < 0 or between[:lead].strip() or between[lead + len(gap):].strip():
                return as_given  # never guess: the English as given
            trail_prev, lead_cur = between[:lead], between[lead + len(gap):]
            if trail_prev and replacements:  # the space after the previous insertion
                r = replacements[-1]
                replacements[-1] = Replacement(r.old_start, r.old_end, r.new + trail_prev)
            elif trail_prev:
                replacements.append(Replacement(old, old, trail_prev))
            out.append(between)
            length += len(between)
            placed[int(m.group(1))] = (length, length + len(m.group(2)))
            replacements.append(Replacement(s.start, s.end, lead_cur + m.group(2)))
            # the lead is already in ``out`` as part of between; the replacement holds it for the map
            out.append(m.group(2))
            length += len(m.group(2))
            old, pos = s.end, m.end()
        tail = rendered[pos:]
        gap = self.text[old:]
        if not tail.endswith(gap) or tail[: len(tail) - len(gap)].strip():
            return as_given
        if len(tail) > len(gap):  # the space after the last insertion
            r = replacements[-1]
            replacements[-1] = Replacement(r.old_start, r.old_end, r.new + tail[: len(tail) - len(gap)])
        out.append(tail)
        offsets = OffsetMap(tuple(replacements))
        spans = []
        for s in self.spans:
            if id(s) in index:
                a, b = placed[index[id(s)]]
            else:
                a, b = offsets.span(s.start, s.end)
            spans.append(s.at(a, b))
        return Read("".join(out), tuple(spans), offsets)


_OPEN, _MID, _CLOSE = "\ue000", "\ue001", "\ue002"
_SENTINELS = (_OPEN, _MID, _CLOSE)


@dataclass(frozen=True, slots=True)
class Read:
    """A ``Marked`` as it reads: ``text`` with the verbatim spans' own text in their places,
    ``spans`` over it (a verbatim one exactly on its text), ``offsets`` from the Marked text into it."""

    text: str
    spans: tuple[InlineSpan, ...]
    offsets: OffsetMap


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_open(s: InlineSpan) -> str:
    if s.kind in VERBATIM:
        return s.verbatim
    if s.kind in ("link", "image"):
        return "![" if s.kind == "image" else "["
    return s.markup


def _md_close(s: InlineSpan) -> str:
    if s.kind in VERBATIM:
        return ""
    if s.kind in ("link", "image"):
        return f"]({s.markup})"
    return s.markup


def _html_open(s: InlineSpan) -> str:
    if s.kind == "code":
        return f"<code>{html.escape(s.text)}</code>"
    if s.kind == "autolink":
        return _html_link(s.url) + html.escape(s.text) + ("</a>" if _safe_url(s.url) else "")
    if s.kind in ("link", "image"):
        return _html_link(s.url)
    return "<strong>" if s.kind == "strong" else "<em>"


def _html_link(url: str) -> str:
    # Only links a reader can follow safely: no javascript:, data: or other schemes.
    return f'<a href="{html.escape(url)}" rel="noopener noreferrer nofollow">' if _safe_url(url) else ""


def _safe_url(url: str) -> bool:
    """http(s), mailto, or a relative address (no scheme at all)."""
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", url)
    return scheme is None or scheme[1].lower() in ("http", "https", "mailto")


def is_web_link(url: str) -> bool:
    """An absolute http(s) or mailto address: what the reader makes a terminal hyperlink (no other scheme, nothing relative)."""
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    # No space or control character either: the address goes into an OSC 8 escape sequence.
    return scheme is not None and scheme[1].lower() in ("http", "https", "mailto") and url.isprintable() and " " not in url


def _html_close(s: InlineSpan) -> str:
    if s.kind in ("link", "image"):
        return "</a>" if _safe_url(s.url) else ""
    return "</strong>" if s.kind == "strong" else "</em>"


def _render(marked: Marked, open_: Callable[[InlineSpan], str], close: Callable[[InlineSpan], str],
            text: Callable[[str], str]) -> str:
    """The text with its spans' markers: a tree by nesting, text between children escaped by ``text``."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for s in sorted(marked.spans, key=nesting_key):
        node = _Node(s)
        while stack and not stack[-1].holds(s):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        if s.kind not in VERBATIM:
            stack.append(node)

    def render(lo: int, hi: int, children: list[_Node]) -> str:
        out, pos = [], lo
        after_verbatim = False
        for child in children:
            s = child.span
            if s.start < pos:  # never the same text twice (spans are laminar; this only guards)
                s = s.at(pos, max(pos, s.end))
            between = marked.text[pos : s.start]
            out.append(text(between))
            if s.kind in VERBATIM:
                piece = _spaced(marked.text, s, open_(s))
                if after_verbatim and not between and not piece.startswith(" "):
                    piece = " " + piece  # two code spans side by side would read as one ``run``
                out.append(piece)
            elif s.start == s.end and s.kind in ("emphasis", "strong"):
                pass  # nothing to emphasise
            elif s.start == s.end:  # a link with no English of its own: its German text keeps the address
                out.append(_spaced(marked.text, s, open_(s) + text(s.text) + close(s)))
            else:
                out.append(open_(s) + render(s.start, s.end, child.children) + close(s))
            pos = max(pos, s.end)
            after_verbatim = s.kind in VERBATIM
        out.append(text(marked.text[pos:hi]))
        return "".join(out)

    return render(0, len(marked.text), roots)


@dataclass(slots=True)
class _Node:
    span: InlineSpan
    children: list["_Node"] = field(default_factory=list)

    def holds(self, s: InlineSpan) -> bool:
        me = self.span
        if s.start == s.end:  # an insertion at a boundary goes outside
            return me.start < s.start < me.end
        return me.start <= s.start and s.end <= me.end


def _spaced(text: str, s: InlineSpan, rendered: str) -> str:
    """An inserted verbatim span, with a space between it and the words beside it."""
    if s.start != s.end:
        return rendered
    before = text[s.start - 1] if s.start > 0 else " "
    after = text[s.start] if s.start < len(text) else " "
    lead = "" if before.isspace() or before in "([“‘„" or is_note_mark(s.text) else " "  # "sleeps¹", as the German
    trail = "" if after.isspace() or after in PUNCTUATION else " "
    return lead + rendered + trail