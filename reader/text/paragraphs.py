"""Splitting decoded text into paragraph spans (plain text and Markdown).

Plain text comes in two layouts: one paragraph per line (news copy, the
sample article, e-books) or hard-wrapped paragraphs separated by blank lines.
We tell them apart by whether blank-line blocks contain several lines that
wrap at a similar width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .words import strip_span as _strip


@dataclass(frozen=True)
class TextBlock:
    """A paragraph-to-be of the input: [start, end) in the decoded text, and its kind."""

    start: int
    end: int
    kind: str = "text"  # text | heading | list | quote | code | html | table (a row of a Markdown table)
    # Where its sentences are, when not the whole span: a table row's cells (spans in the text; none for the
    # delimiter row). Each part is segmented on its own, so a sentence never runs across cells.
    parts: tuple[tuple[int, int], ...] | None = None


_BLANK_SPLIT_RE = re.compile(r"\n[ \t]*\n")
_LINE_RE = re.compile(r"[^\n]+")


def _lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of non-blank lines, stripped of surrounding whitespace."""
    spans = []
    for m in _LINE_RE.finditer(text, start, len(text) if end is None else end):
        s, e = _strip(text, m.start(), m.end())
        if s < e:
            spans.append((s, e))
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line separated blocks, stripped."""
    spans, pos = [], 0
    for m in _BLANK_SPLIT_RE.finditer(text):
        spans.append(_strip(text, pos, m.start()))
        pos = m.end()
    spans.append(_strip(text, pos, len(text)))
    return [(s, e) for s, e in spans if s < e]


def _is_hard_wrapped(text: str, blocks: list[tuple[int, int]]) -> bool:
    multi = [b for b in blocks if "\n" in text[b[0]:b[1]]]
    if len(blocks) < 2 or len(multi) * 2 < len(blocks):
        return False
    lengths = [e - s for b in multi for s, e in _lines(text, *b)[:-1]]
    # Wrapped prose has most non-final lines at a similar, modest width.
    return bool(lengths) and sum(30 <= n <= 100 for n in lengths) >= 0.8 * len(lengths)


def text_blocks(text: str) -> list[TextBlock]:
    blocks = _blocks(text)
    if _is_hard_wrapped(text, blocks):
        return [TextBlock(s, e) for s, e in blocks]
    return [TextBlock(s, e) for s, e in _lines(text)]


def line_blocks(text: str) -> list[TextBlock]:
    """One block per line, blank lines included (empty, at the line's start): a line-aligned test set.

    Lines are what ``str.splitlines`` gives on the LF-normalized text (a final
    newline ends the last line, it starts no new one), so block ``n`` is line ``n + 1``.
    """
    out: list[TextBlock] = []
    pos = 0
    for line in text.split("\n")[: -1 if text.endswith("\n") else None]:
        s, e = _strip(text, pos, pos + len(line))
        out.append(TextBlock(s, e) if s < e else TextBlock(pos, pos))
        pos += len(line) + 1
    return out


def backtick_fence(text: str, at_least: int = 1) -> str:
    """A run of backticks longer than any inside ``text`` (and ``at_least`` long): what encloses it
    in Markdown, as a code span or a fenced block, without its own backticks closing it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(at_least, longest + 1)


def fenced_code(text: str) -> str:
    """``text`` as a fenced Markdown code block, its fence longer than any backtick run inside."""
    fence = backtick_fence(text, 3)
    return f"{fence}\n{text}\n{fence}"


_MD_HEADING_RE = re.compile(r"#{1,6}[ \t]+")
_MD_LIST_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
_MD_QUOTE_RE = re.compile(r">[ \t]?")
_MD_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]:[ \t]*")  # a GFM footnote's definition: "[^1]: Text"
_MD_FENCE_RE = re.compile(r"(```|~~~)")
_MD_RULE_RE = re.compile(r"(?:[-*_][ \t]*){3,}$")
_MD_SETEXT_RE = re.compile(r"(?:=+|-+)[ \t]*$")
# CommonMark's HTML blocks (spec 4.6): how each starts, and what ends it (None: a blank line).
_HTML_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|"
    "menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul")
_HTML_BLOCKS = (
    (re.compile(r"<(?:script|pre|style|textarea)(?:[ \t>]|$)", re.I), re.compile(r"</(?:script|pre|style|textarea)>", re.I), True),
    (re.compile(r"<!--"), re.compile(r"-->"), True),
    (re.compile(r"<\?"), re.compile(r"\?>"), True),
    (re.compile(r"<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (re.compile(rf"</?(?:{_HTML_BLOCK_TAGS})(?:[ \t>]|/>|$)", re.I), None, True),
    # any complete open or closing tag alone on its line; it cannot interrupt a paragraph
    (re.compile(r"(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
                r"|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$"), None, False),
)


_TABLE_DELIMITER_CELL = re.compile(r":?-+:?")


def table_cells(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A table row's cells as spans of their text (trimmed; empty cells as empty spans), split at unescaped "|"."""
    bounds, k = [], s
    while k < e:
        if text[k] == "\\":
            k += 2
            continue
        if text[k] == "|":
            bounds.append(k)
        k += 1
    edges = [s - 1, *bounds, e]
    cells = [(a + 1, b) for a, b in zip(edges, edges[1:])]
    if bounds and not text[s:bounds[0]].strip():  # a leading pipe
        cells = cells[1:]
    if bounds and not text[bounds[-1] + 1:e].strip():  # a trailing pipe
        cells = cells[:-1]
    out = []
    for a, b in cells:
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t":
            b -= 1
        out.append((a, b))
    return out


def is_table_delimiter(line: str) -> bool:
    """A GFM table's delimiter row: ``|---|:--:|`` (a "|" in it, every cell dashes with optional colons)."""
    return "|" in line and all(_TABLE_DELIMITER_CELL.fullmatch(line[a:b]) for a, b in table_cells(line, 0, len(line)))


def _table_header(text: str, line: tuple[int, int], below: tuple[int, int] | None) -> bool:
    """GFM: a row with a "|", then a delimiter row (``|---|:--:|``) of as many cells."""
    (s, e) = line
    if below is None or "|" not in text[s:e] or not is_table_delimiter(text[below[0]:below[1]]):
        return False
    return len(table_cells(text, *below)) == len(table_cells(text, s, e))


def _table_row(text: str, s: int, e: int, delimiter: bool = False) -> TextBlock:
    """A table row as a paragraph: the whole line (its pipes kept for the writers), its cells the parts."""
    return TextBlock(s, e, "table", () if delimiter else tuple((a, b) for a, b in table_cells(text, s, e) if a < b))


def _html_block_start(line: str, in_paragraph: bool) -> tuple[bool, re.Pattern | None]:
    """(starts an HTML block, what ends it: a pattern on a line, or None for a blank line)."""
    for start, end, interrupts in _HTML_BLOCKS:
        if start.match(line) and (interrupts or not in_paragraph):
            return True, end
    return False, None


def markdown_blocks(text: str) -> list[TextBlock]:
    """Paragraph spans of a Markdown text; markers (#, >, -, 1.) stay outside the spans.

    Consecutive plain lines form one paragraph (Markdown's soft wrap); headings,
    list items, quote lines and footnote definitions are paragraphs of their own; fenced
    code is kept as a "code" block that is not translated, and an HTML block (a ``<div>``,
    a comment, as CommonMark reads them) as an "html" block, kept as written and never
    translated: it is markup, not prose (the html and epub outputs show it as code). A GFM
    table is a "table" block per row (its delimiter row too), its cells the row's parts.
    """
    out: list[TextBlock] = []
    para: list[tuple[int, int]] = []
    fence_start: int | None = None
    html: list[int] | None = None  # an open HTML block: [start, end so far]
    html_end: re.Pattern | None = None

    def flush() -> None:
        if para:
            out.append(TextBlock(para[0][0], para[-1][1]))
            para.clear()

    lines = [_strip(text, *m.span()) for m in re.finditer(r"[^\n]*", text)
             if not (m.start() == m.end() and m.start() > 0 and text[m.start() - 1] != "\n")]  # not the empty match after a line
    table = False  # inside a table's body
    delimiter_row = False  # the line is a table's delimiter row, already taken
    item = False  # the last block is a list item, footnote or quote that a plain line still continues
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        continues, item = item, False  # only the line right after an item (or its continuation) may continue it
        if delimiter_row:
            delimiter_row = False
            continue
        if table:
            if s < e and "|" in line and not _MD_FENCE_RE.match(line):
                out.append(_table_row(text, s, e))
                continue
            table = False
        if html is not None:
            if html_end is None and s == e:  # a blank line ends it
                out.append(TextBlock(html[0], html[1], "html"))
                html = None
                continue
            html[1] = e
            if html_end is not None and html_end.search(line):
                out.append(TextBlock(html[0], e, "html"))
                html = None
            continue
        if fence_start is not None:
            if _MD_FENCE_RE.match(line):
                out.append(TextBlock(fence_start, e, "code"))
                fence_start = None
            continue
        if _MD_FENCE_RE.match(line):
            flush()
            fence_start = s
            continue
        starts, end = _html_block_start(line, bool(para))
        if starts:
            flush()
            if end is not None and end.search(line, 2):  # opened and closed on one line
                out.append(TextBlock(s, e, "html"))
            else:
                html, html_end = [s, e], end
            continue
        if _table_header(text, (s, e), lines[i + 1] if i + 1 < len(lines) else None):
            flush()
            out.append(_table_row(text, s, e))
            out.append(_table_row(text, *lines[i + 1], delimiter=True))
            table = delimiter_row = True
            continue
        if continues and s < e and not _MD_RULE_RE.match(line) and not any(
                p.match(line) for p in (_MD_HEADING_RE, _MD_LIST_RE, _MD_QUOTE_RE, _MD_FOOTNOTE_RE)):
            # A wrapped item goes on (CommonMark's continuation, indented or lazy): one sentence, not two.
            out[-1] = TextBlock(out[-1].start, e, out[-1].kind)
            item = True
            continue
        if para and _MD_SETEXT_RE.match(line):  # "Title\n=====": the paragraph is a heading
            out.append(TextBlock(para[0][0], para[-1][1], "heading"))
            para.clear()
            continue
        if s == e or _MD_RULE_RE.match(line):
            flush()
            continue
        for pattern, kind in ((_MD_HEADING_RE, "heading"), (_MD_LIST_RE, "list"), (_MD_QUOTE_RE, "quote"),
                              (_MD_FOOTNOTE_RE, "footnote")):
            marker = pattern.match(line)
            if marker:
                flush()
                s2 = s + marker.end()
                if kind == "heading":
                    e = len(line.rstrip("# \t")) + s if line.rstrip("# \t") else e
                if s2 < e:
                    out.append(TextBlock(s2, e, kind))
                    item = kind != "heading"
                break
        else:
            para.append((s, e))
    flush()
    if fence_start is not None:
        out.append(TextBlock(fence_start, len(text.rstrip()), "code"))
    if html is not None:
        out.append(TextBlock(html[0], html[1], "html"))
    return out
