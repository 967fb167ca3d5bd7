"""html (English) and html-bilingual (each German block above its English): one self-contained page."""

from __future__ import annotations

import re
from typing import Sequence, TextIO

from .. import __version__
from ..document import Document, Paragraph
from ..document.structure import UNTRANSLATED_KINDS
from ..text.inline import Stripped
from ..text.paragraphs import table_cells
from .markdown import MD_FENCE, block_start, markdown_heading
from .pairs import Groups, Pairs, english_marked, one_line

# Safe by construction: every text is escaped, links only http(s)/mailto/relative, no scripts,
# images or other remote resources, and a policy that would block them anyway.
_HTML_HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="reader {version}">
<title>{title}</title>
<style>
body {{ max-width: 42em; margin: 2em auto; padding: 0 1em; font: 1.05em/1.5 Georgia, serif; }}
[lang="de"].de {{ color: #666; margin-bottom: 0.2em; }}
[lang="de"].de + [lang="en"] {{ margin-top: 0; }}
pre {{ overflow-x: auto; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; vertical-align: top; }}
</style>
</head>
<body>
<article>
"""
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|(\d{1,9})[.)])[ \t]")


def _html_inline(doc: Document, p: Paragraph, pairs: Pairs, inline: Sequence[Stripped] | None) -> tuple[str, str]:
    """(German, English) of a paragraph as inline HTML: its sentences joined by spaces."""
    from html import escape

    if inline is None:
        return (" ".join(escape(one_line(s.text)) for s, _ in pairs),
                " ".join(escape(text) for text in (one_line(t.text) for _, t in pairs) if text))
    german = " ".join(one_line(inline[s.index].marked().html()) for s, _ in pairs)
    english = " ".join(text for text in (one_line(english_marked(inline[s.index], t).html()) for s, t in pairs) if text)
    return german, english


def _cells_of(doc: Document, p: Paragraph, pairs: Pairs) -> list[Pairs]:
    """A table row's pairs, cell by cell (an empty cell: none)."""
    cell_of = doc.cell_of_sentences(p)
    return [[pair for pair, c in zip(pairs, cell_of) if c == k] for k in range(len(table_cells(doc.text, p.start, p.end)))]


def _write_html_doc(doc: Document, groups: Groups, out: TextIO, bilingual: bool) -> None:
    from html import escape

    is_md = doc.format == "md"
    inline = doc.inline if is_md else None
    body: list[str] = []
    title = None
    open_list: str | None = None
    last_row: Paragraph | None = None  # the open table's last row
    for p, pairs in groups:
        layout = doc.text[block_start(doc, p) : p.end]
        item = _LIST_ITEM.match(layout) if is_md and p.kind == "list" else None
        wanted = ("ol" if item and item[1] else "ul") if p.kind == "list" else None
        if open_list != wanted:
            if open_list:
                body.append(f"</{open_list}>")
            if wanted:
                body.append(f"<{wanted}>")
            open_list = wanted
        if p.kind == "table":  # a Markdown table's row: a row of cells, the first of a table its header
            new_table = doc.starts_a_table(last_row, p)
            if new_table:
                if last_row is not None:
                    body.append("</table>")
                body.append("<table>")
            cell = "th" if new_table else "td"
            row = []
            for cell_pairs in _cells_of(doc, p, pairs):
                german, english = _html_inline(doc, p, cell_pairs, inline) if cell_pairs else ("", "")
                row.append(f'<{cell}><p lang="de" class="de">{german}</p><p lang="en">{english}</p></{cell}>'
                           if bilingual and cell_pairs else f"<{cell}>{english}</{cell}>")
            body.append("<tr>" + "".join(row) + "</tr>")
            last_row = p
            continue
        if last_row is not None:
            body.append("</table>")
            last_row = None
        if not pairs:  # nothing translated: as it was
            text = doc.text[p.start : p.end]
            if p.kind in UNTRANSLATED_KINDS:  # markup of the source is shown, never run
                lines = text.split("\n")
                if is_md and MD_FENCE.match(lines[0]):
                    lines = lines[1:-1] if len(lines) > 1 and MD_FENCE.match(lines[-1]) else lines[1:]
                body.append(f"<pre><code>{escape(chr(10).join(lines))}</code></pre>")
            else:
                body.append(f"<p>{escape(text)}</p>")
            continue
        german, english = _html_inline(doc, p, pairs, inline)
        if p.kind == "heading":
            level = (markdown_heading(layout)[0] if is_md else None) or 2
            tag = f"h{level}"
            title = title or english
        else:
            tag = {"list": "li", "quote": "blockquote"}.get(p.kind, "p")
        if bilingual:
            inner = (f'<p lang="de" class="de">{german}</p><p lang="en">{english}</p>' if tag in ("li", "blockquote")
                     else None)
            body.append(f"<{tag}>{inner}</{tag}>" if inner else
                        f'<{tag} lang="de" class="de">{german}</{tag}>\n<{tag} lang="en">{english}</{tag}>')
        else:
            body.append(f"<{tag}><p>{english}</p></{tag}>" if tag == "blockquote" else f"<{tag}>{english}</{tag}>")
    if open_list:
        body.append(f"</{open_list}>")
    if last_row is not None:
        body.append("</table>")
    from html import unescape

    plain_title = re.sub(r"<[^>]*>", "", title) if title else doc.name
    out.write(_HTML_HEAD.format(lang="en", version=__version__, title=escape(unescape(plain_title))))
    out.write("\n".join(body) + "\n</article>\n</body>\n</html>\n")


def write_html(doc: Document, groups: Groups, out: TextIO) -> None:
    _write_html_doc(doc, groups, out, bilingual=False)


def write_html_bilingual(doc: Document, groups: Groups, out: TextIO) -> None:
    _write_html_doc(doc, groups, out, bilingual=True)
