"""Output formats for a translated document. See docs/formats.md for the details.

``translations[i]`` always belongs to ``doc.sentences[i]``.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TextIO

from .. import __version__
from ..document import Document, Paragraph, Sentence
from ..text.inline import Marked, Stripped, restore_inline
from ..text.paragraphs import fenced_code
from ..translation import Translation

# Formats that write the per-token log-probabilities; the others let the engine skip
# them (DecodingOptions.token_scores).
TOKEN_SCORE_FORMATS = frozenset({"jsonl"})
# Formats that carry inline markup (emphasis, links, code) across by word alignment: the engine
# is given each sentence without it (``translation_sources``). docs/formats.md, "Inline markup".
MARKUP_FORMATS = frozenset({"md", "md-en", "html", "html-bilingual"})

_Pairs = list[tuple[Sentence, Translation]]
_Groups = list[tuple[Paragraph, _Pairs]]


def format_from_path(path: str | Path) -> str | None:
    """The output format implied by a file name's extension, or None."""
    ext = Path(path).suffix.lower().lstrip(".")
    return ext if ext in FORMATS else None


def translation_sources(doc: Document, fmt: str) -> list[str]:
    """What the engine is given for each sentence of ``doc`` when writing ``fmt``: its text, without inline markup where ``fmt`` carries it."""
    if fmt in MARKUP_FORMATS:
        return [s.plain for s in doc.inline]
    return [s.text for s in doc.iter_sentences()]


def write_document(
    doc: Document, translations: Sequence[Translation], fmt: str, out: TextIO
) -> None:
    """Write ``doc`` with its sentence translations to ``out`` in format ``fmt``."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n_sentences = sum(len(p.sentences) for p in doc.paragraphs)
    if len(translations) != n_sentences:
        raise ValueError(
            f"got {len(translations)} translations for {n_sentences} sentences in {doc.name}"
        )
    groups: _Groups = []
    i = 0
    for p in doc.paragraphs:
        groups.append((p, [(s, translations[i + k]) for k, s in enumerate(p.sentences)]))
        i += len(p.sentences)
    writer(doc, groups, out)


# -- shared helpers ---------------------------------------------------------

# Everything str.splitlines() treats as a line break, so no reader sees a new row.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(rf"\s*[{_LINE_BREAKS}]\s*")
_FIELD_BREAK = re.compile(rf"[\t{_LINE_BREAKS}]")


def _one_line(text: str) -> str:
    """Collapse line breaks (and the space around them) to single spaces."""
    return _BREAK_RUN.sub(" ", text).strip()


def _number(x: float) -> float | None:
    # JSON has no NaN/Infinity; 4 decimals are plenty for log-probabilities.
    return round(x, 4) if math.isfinite(x) else None


def english_paragraph(translations: Iterable[Translation]) -> str:
    """A paragraph's English as the txt output writes it: the sentences' translations on one line."""
    return " ".join(text for text in (_one_line(t.text) for t in translations) if text)


def _joined(pairs: _Pairs) -> str:
    return english_paragraph(t for _, t in pairs)


# -- txt --------------------------------------------------------------------


def _write_txt(doc: Document, groups: _Groups, out: TextIO) -> None:
    prev: Paragraph | None = None
    for p, pairs in groups:
        if prev is not None:
            # Keep the original's paragraph separation (one newline, or blank lines).
            out.write("\n" * max(1, doc.text[prev.end : p.start].count("\n")))
        # A paragraph with nothing to translate (code, numbers) is kept as it was.
        out.write(_joined(pairs) if pairs else doc.text[p.start : p.end])
        prev = p
    if prev is not None:
        out.write("\n")


# -- md ---------------------------------------------------------------------

_ATX = re.compile(r"\s{0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*\Z", re.S)
_MD_FENCE = re.compile(r"[ \t]{0,3}(?:```|~~~)")
_SETEXT = re.compile(r"(.*?)\n[ \t]{0,3}(=+|-+)[ \t]*\Z", re.S)
_ORDERED = re.compile(r"\d{1,9}(?=[.)](?:\s|$))")
_BLOCK = re.compile(r"#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|[=-]+\s*$|[*_](?:\s*[*_]){2,}\s*$|`{3}|~{3}|<")


def _heading(text: str) -> tuple[int | None, str]:
    """(level, title) of a Markdown heading, or (None, text) if it is not marked up."""
    if m := _ATX.match(text):
        return len(m[1]), m[2]
    if m := _SETEXT.match(text):
        return (1 if m[2][0] == "=" else 2), m[1]
    return None, text


def _escape_line(line: str) -> str:
    # Plain text must not turn into Markdown structure: indentation would make a
    # code block, and a leading "#", ">", "- ", "1." ... a heading, quote or list.
    line = line.lstrip()
    if m := _ORDERED.match(line):
        return line[: m.end()] + "\\" + line[m.end() :]
    return "\\" + line if _BLOCK.match(line) else line


def _escape(text: str) -> str:
    return "\n".join(_escape_line(line) for line in text.split("\n"))


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def _block_start(doc: Document, p: Paragraph) -> int:
    """Where a Markdown paragraph's first line starts: its span leaves out the marker (#, -, 1., >)."""
    return doc.text.rfind("\n", 0, p.start) + 1 if doc.format == "md" else p.start


def english_marked(stripped: Stripped, t: Translation) -> Marked:
    """The English of a sentence with the German's inline markup put back (``reader.text.inline``).

    Only when the engine was given the sentence without its markup (``t.source`` is the
    plain text); a translation of the marked-up text is the English as the model wrote it,
    and an empty one (not translated yet, in the reader's export) stays empty.
    """
    if stripped.has_markup and t.source == stripped.plain and t.text:
        return restore_inline(t.text, stripped.spans, t.alignment, stripped.plain)
    return Marked(t.text, escape=False)


def _md_english(doc: Document, p: Paragraph, pairs: _Pairs, inline: Sequence[Stripped] | None = None) -> str:
    # Markdown input: put the translations into the paragraph's own layout, so
    # list markers, line breaks and quote marks between sentences carry over.
    pieces = [doc.text[_block_start(doc, p) : pairs[0][0].start]]
    for k, (s, t) in enumerate(pairs):
        if k:
            gap = doc.text[pairs[k - 1][0].end : s.start]
            pieces.append(gap if "\n" in gap else " ")
        pieces.append(_one_line(english_marked(inline[s.index], t).markdown() if inline else t.text))
    pieces.append(doc.text[pairs[-1][0].end : p.end])
    return "".join(pieces)


def _md_blocks(doc: Document, groups: _Groups) -> Iterator[tuple[Paragraph, str, str | None]]:
    """(paragraph, German, English) as Markdown blocks; English None where nothing was translated."""
    is_md = doc.format == "md"
    inline = doc.inline if is_md else None
    for p, pairs in groups:
        german = doc.text[_block_start(doc, p) : p.end].strip("\n")
        if not pairs:  # nothing translated: show it once, as it was
            if is_md:
                yield p, german, None
            else:
                yield p, fenced_code(german) if p.kind == "code" else _escape(german), None
            continue
        english = _md_english(doc, p, pairs, inline).strip("\n") if is_md else _joined(pairs)
        if p.kind == "heading":
            level, de_title = _heading(german) if is_md else (None, german)
            _, en_title = _heading(english) if is_md else (None, english)
            marks = "#" * (level or 2)
            german, english = f"{marks} {_one_line(de_title)}", f"{marks} {_one_line(en_title)}"
        elif not is_md:
            german, english = _escape(german), _escape(english)
        yield p, german, english


def _write_md(doc: Document, groups: _Groups, out: TextIO) -> None:
    blocks: list[str] = []
    for _, german, english in _md_blocks(doc, groups):
        blocks.extend([german] if english is None else [_quote(german), english])
    if blocks:
        out.write("\n\n".join(blocks) + "\n")


def _write_md_en(doc: Document, groups: _Groups, out: TextIO) -> None:
    # English only; Markdown input keeps its own separation between blocks (a list stays tight).
    prev: Paragraph | None = None
    for p, german, english in _md_blocks(doc, groups):
        if prev is not None:
            gap = doc.text[prev.end : _block_start(doc, p)].count("\n") if doc.format == "md" else 2
            out.write("\n" * max(1, gap))
        out.write(german if english is None else english)
        prev = p
    if prev is not None:
        out.write("\n")


# -- html -------------------------------------------------------------------

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
</style>
</head>
<body>
<article>
"""
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|(\d{1,9})[.)])[ \t]")


def _html_inline(doc: Document, p: Paragraph, pairs: _Pairs, inline: Sequence[Stripped] | None) -> tuple[str, str]:
    """(German, English) of a paragraph as inline HTML: its sentences joined by spaces."""
    from html import escape

    if inline is None:
        return (" ".join(escape(_one_line(s.text)) for s, _ in pairs),
                " ".join(escape(text) for text in (_one_line(t.text) for _, t in pairs) if text))
    german = " ".join(_one_line(inline[s.index].marked().html()) for s, _ in pairs)
    english = " ".join(text for text in (_one_line(english_marked(inline[s.index], t).html()) for s, t in pairs) if text)
    return german, english


def _write_html_doc(doc: Document, groups: _Groups, out: TextIO, bilingual: bool) -> None:
    from html import escape

    is_md = doc.format == "md"
    inline = doc.inline if is_md else None
    body: list[str] = []
    title = None
    open_list: str | None = None
    for p, pairs in groups:
        layout = doc.text[_block_start(doc, p) : p.end]
        item = _LIST_ITEM.match(layout) if is_md and p.kind == "list" else None
        wanted = ("ol" if item and item[1] else "ul") if p.kind == "list" else None
        if open_list != wanted:
            if open_list:
                body.append(f"</{open_list}>")
            if wanted:
                body.append(f"<{wanted}>")
            open_list = wanted
        if not pairs:  # nothing translated: as it was
            text = doc.text[p.start : p.end]
            if p.kind == "code":
                lines = text.split("\n")
                if is_md and _MD_FENCE.match(lines[0]):
                    lines = lines[1:-1] if len(lines) > 1 and _MD_FENCE.match(lines[-1]) else lines[1:]
                body.append(f"<pre><code>{escape(chr(10).join(lines))}</code></pre>")
            else:
                body.append(f"<p>{escape(text)}</p>")
            continue
        german, english = _html_inline(doc, p, pairs, inline)
        if p.kind == "heading":
            level = (_heading(layout)[0] if is_md else None) or 2
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
    from html import unescape

    plain_title = re.sub(r"<[^>]*>", "", title) if title else doc.name
    out.write(_HTML_HEAD.format(lang="en", version=__version__, title=escape(unescape(plain_title))))
    out.write("\n".join(body) + "\n</article>\n</body>\n</html>\n")


def _write_html(doc: Document, groups: _Groups, out: TextIO) -> None:
    _write_html_doc(doc, groups, out, bilingual=False)


def _write_html_bilingual(doc: Document, groups: _Groups, out: TextIO) -> None:
    _write_html_doc(doc, groups, out, bilingual=True)


# -- jsonl ------------------------------------------------------------------


def _sentence_record(p: Paragraph, index: int, s: Sentence, t: Translation) -> dict[str, Any]:
    src, tgt = t.source, t.text
    record: dict[str, Any] = {
        "paragraph": p.index,
        "sentence": index,
        "source": s.text,
        "source_span": [s.start, s.end],
        "translation": tgt,
        "score": _number(t.score),
        "tokens": list(t.best.tokens),
        "token_scores": [_number(x) for x in t.best.token_scores],
        "alignment": [
            {
                "source": [a.source_start, a.source_end],
                "target": [a.target_start, a.target_end],
                "source_word": src[a.source_start : a.source_end],
                "target_word": tgt[a.target_start : a.target_end],
                "weight": _number(a.weight),
            }
            for a in t.alignment
        ],
        "edited": t.edited,
    }
    if src != s.text:
        # Alignment spans index the text the engine saw; say so when it differs.
        record["engine_source"] = src
    if t.alternatives:
        record["alternatives"] = [
            {"translation": h.text, "score": _number(h.score)} for h in t.alternatives
        ]
    return record


# json.dumps leaves these unescaped, yet str.splitlines() (and JavaScript) break
# lines at them; they can only occur inside strings, so escaping them is safe.
_JSON_LINE_SAFE = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def _write_jsonl(doc: Document, groups: _Groups, out: TextIO) -> None:
    index = 0
    for p, pairs in groups:
        for s, t in pairs:
            line = json.dumps(_sentence_record(p, index, s, t), ensure_ascii=False, allow_nan=False)
            out.write(line.translate(_JSON_LINE_SAFE) + "\n")
            index += 1


# -- tsv --------------------------------------------------------------------


def _field(text: str) -> str:
    return _FIELD_BREAK.sub(" ", text)


def _write_tsv(doc: Document, groups: _Groups, out: TextIO) -> None:
    out.write("paragraph\tsentence\tsource\ttranslation\tscore\n")
    index = 0
    for p, pairs in groups:
        for s, t in pairs:
            score = f"{t.score:.4f}" if math.isfinite(t.score) else ""
            out.write(f"{p.index}\t{index}\t{_field(s.text)}\t{_field(t.text)}\t{score}\n")
            index += 1


# -- tmx --------------------------------------------------------------------

# Characters XML 1.0 does not allow at all (not even as references).
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _write_tmx(doc: Document, groups: _Groups, out: TextIO) -> None:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "reader",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "reader",
            "adminlang": "en",
            "srclang": "de",
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    index = 0
    for _, pairs in groups:
        for s, t in pairs:
            tu = ET.SubElement(body, "tu", tuid=str(index + 1))
            for lang, text in (("de", s.text), ("en", t.text)):
                tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
                ET.SubElement(tuv, "seg").text = _xml_text(text)
            index += 1
    ET.indent(root)  # only adds whitespace between elements, never inside <seg>
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")


# The registry: a format is a name and a writer; FORMATS (the CLI's choices, the extensions) follows it.
_WRITERS: dict[str, Callable[[Document, _Groups, TextIO], None]] = {
    "txt": _write_txt,
    "md": _write_md,
    "md-en": _write_md_en,
    "jsonl": _write_jsonl,
    "tsv": _write_tsv,
    "tmx": _write_tmx,
    "html": _write_html,
    "html-bilingual": _write_html_bilingual,
}
FORMATS = tuple(_WRITERS)  # txt, md, md-en, jsonl, tsv, tmx, html, html-bilingual
