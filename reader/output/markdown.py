"""md (German quoted above its English) and md-en (English only): Markdown, its inline markup carried across."""

from __future__ import annotations

import re
from typing import Iterator, Sequence, TextIO

from ..document import Document, Paragraph
from ..text.inline import Stripped
from ..text.paragraphs import fenced_code
from ..translation import Translation
from .pairs import Groups, Pairs, english_marked, joined, one_line

_ATX = re.compile(r"\s{0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*\Z", re.S)
MD_FENCE = re.compile(r"[ \t]{0,3}(?:```|~~~)")
_SETEXT = re.compile(r"(.*?)\n[ \t]{0,3}(=+|-+)[ \t]*\Z", re.S)
_ORDERED = re.compile(r"\d{1,9}(?=[.)](?:\s|$))")
_BLOCK = re.compile(r"#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|[=-]+\s*$|[*_](?:\s*[*_]){2,}\s*$|`{3}|~{3}|<")


def markdown_heading(text: str) -> tuple[int | None, str]:
    """(level, title) of a Markdown heading, or (None, text) if it is not marked up."""
    if m := _ATX.match(text):
        return len(m[1]), m[2]
    if m := _SETEXT.match(text):
        return (1 if m[2][0] == "=" else 2), m[1]
    return None, text


# Inline: emphasis, code, links, raw HTML and entities, GFM tables and strikethrough. Any
# ASCII punctuation may be backslash-escaped in CommonMark, so these are shown as written.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")


def escape_inline(text: str) -> str:
    """Plain text as Markdown that shows it as written: no emphasis, link, tag or entity made of it."""
    return _INLINE.sub(r"\\\1", text)


def _escape_line(line: str) -> str:
    # Plain text must not turn into Markdown structure: indentation would make a
    # code block, and a leading "#", ">", "- ", "1." ... a heading, quote or list;
    # nor into inline markup ("<img onerror=…>", "**", "[a](javascript:…)").
    line = escape_inline(line.lstrip())
    if m := _ORDERED.match(line):
        return line[: m.end()] + "\\" + line[m.end() :]
    return "\\" + line if _BLOCK.match(line) else line


def _escape(text: str) -> str:
    return "\n".join(_escape_line(line) for line in text.split("\n"))


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def block_start(doc: Document, p: Paragraph) -> int:
    """Where a Markdown paragraph's first line starts: its span leaves out the marker (#, -, 1., >)."""
    return doc.text.rfind("\n", 0, p.start) + 1 if doc.format == "md" else p.start



def _md_english(doc: Document, p: Paragraph, pairs: Pairs, inline: Sequence[Stripped] | None = None) -> str:
    # Markdown input: put the translations into the paragraph's own layout, so
    # list markers, line breaks and quote marks between sentences carry over.
    # A table row keeps what stands between its cells ("| "), and a "|" of the English is escaped.
    row = p.kind == "table"
    pieces = [doc.text[block_start(doc, p) : pairs[0][0].start]]
    for k, (s, t) in enumerate(pairs):
        if k:
            gap = doc.text[pairs[k - 1][0].end : s.start]
            pieces.append(gap if "\n" in gap or (row and "|" in gap) else " ")
        english = one_line(english_marked(inline[s.index], t).markdown() if inline else t.text)
        pieces.append(english.replace("|", "\\|") if row else english)
    pieces.append(doc.text[pairs[-1][0].end : p.end])
    return "".join(pieces)


def _md_blocks(doc: Document, groups: Groups) -> Iterator[tuple[Paragraph, str, str | None]]:
    """(paragraph, German, English) as Markdown blocks; English None where nothing was translated."""
    is_md = doc.format == "md"
    inline = doc.inline if is_md else None
    for p, pairs in groups:
        german = doc.text[block_start(doc, p) : p.end].strip("\n")
        if not pairs:  # nothing translated: show it once, as it was
            if is_md:
                yield p, german, None
            else:
                yield p, fenced_code(german) if p.kind == "code" else _escape(german), None
            continue
        english = _md_english(doc, p, pairs, inline).strip("\n") if is_md else joined(pairs)
        if p.kind == "heading":
            level, de_title = markdown_heading(german) if is_md else (None, german)
            _, en_title = markdown_heading(english) if is_md else (None, english)
            marks = "#" * (level or 2)
            if not is_md:
                de_title, en_title = escape_inline(de_title), escape_inline(en_title)
            german, english = f"{marks} {one_line(de_title)}", f"{marks} {one_line(en_title)}"
        elif not is_md:
            german, english = _escape(german), _escape(english)
        yield p, german, english


def write_md(doc: Document, groups: Groups, out: TextIO) -> None:
    blocks: list[str] = []
    table: list[tuple[str, str]] = []  # the rows of a table: (German, English); the table is quoted, then its English

    def end_table() -> None:
        if table:
            blocks.extend([_quote("\n".join(de for de, _ in table)), "\n".join(en for _, en in table)])
            table.clear()

    last_row: Paragraph | None = None
    for p, german, english in _md_blocks(doc, groups):
        if p.kind == "table":
            if doc.starts_a_table(last_row, p):
                end_table()  # two tables, a blank line between them
            table.append((german, german if english is None else english))
            last_row = p
            continue
        last_row = None
        end_table()
        blocks.extend([german] if english is None else [_quote(german), english])
    end_table()
    if blocks:
        out.write("\n\n".join(blocks) + "\n")


def write_md_en(doc: Document, groups: Groups, out: TextIO) -> None:
    # English only; Markdown input keeps its own separation between blocks (a list stays tight).
    prev: Paragraph | None = None
    for p, german, english in _md_blocks(doc, groups):
        if prev is not None:
            gap = doc.text[prev.end : block_start(doc, p)].count("\n") if doc.format == "md" else 2
            out.write("\n" * max(1, gap))
        out.write(german if english is None else english)
        prev = p
    if prev is not None:
        out.write("\n")
