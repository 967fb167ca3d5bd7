"""Web pages and HTML files → the main text (trafilatura), ready for ``build_document``.

``fetch_url`` downloads a page (size-capped, with a timeout) and ``html_to_text``
keeps the article: navigation, ads, scripts and footers are dropped by
trafilatura; without trafilatura a plain tag-stripping fallback is used. As
Markdown, quotes stay quotes and ``<pre>`` blocks verbatim code (``_markdown``).
The result is normalized like any decoded input (no control characters).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser

from .decoding import decode_bytes, normalize_text
from .paragraphs import backtick_fence, fenced_code, is_table_delimiter, table_cells
from ..errors import InputError

MAX_PAGE_BYTES = 20 * 1024 * 1024
TIMEOUT_S = 20.0
USER_AGENT = "reader/0.1 (German-English bilingual reader; +https://github.com/)"
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def fetch_url(url: str, timeout: float = TIMEOUT_S) -> tuple[bytes, str | None, str]:
    """Download ``url``; return (its bytes, the charset the server names, the final URL).

    Raises InputError with a plain reason. The bytes are decoded like a file's
    (``decode_page``), so that ``--lines`` reads a fetched test set's line breaks as it
    reads a local one's.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_PAGE_BYTES + 1)
            final = response.geturl()
            charset = response.headers.get_content_charset()
            ctype = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"{url}: cannot fetch ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(f"{url}: cannot fetch ({exc})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(f"{url}: page is larger than {MAX_PAGE_BYTES // 2**20} MiB")
    # Images, sound, video and fonts are refused by their type; anything else (a test set served
    # as application/octet-stream, a PDF, an EPUB) is judged by its bytes, as a file is.
    if ctype.split("/")[0] in ("image", "audio", "video", "font"):
        raise InputError(f"{url}: not a web page or text ({ctype})")
    return data, charset, final


def decode_page(data: bytes, url: str, charset: str | None, lf_only: bool = False) -> str:
    """A fetched page's text: by the charset its server named, else as a file is decoded (a wrong name happens)."""
    if charset:
        try:
            return decode_bytes(data, url, charset, lf_only)
        except InputError:
            pass
    return decode_bytes(data, url, None, lf_only)


def html_to_text(html: str, url: str | None = None, markup: bool = False, name: str | None = None) -> str:
    """The main text of a page: one paragraph per line, the title first; ``name`` (else ``url``) in messages.

    ``markup``: Markdown instead (headings, lists, links, emphasis, code; paragraphs
    separated by blank lines), for outputs that carry inline markup across.
    """
    text = None
    title = None
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a declared dependency
        trafilatura = None
    if trafilatura is not None:
        extract = _markdown if markup else _text
        # Recall-oriented extraction keeps more of a long article but, on small pages,
        # falls back to a mode that breaks paragraphs at inline tags ("ist\nklein\n.");
        # precision mode keeps paragraphs whole. Prefer it unless it lost much of the text.
        precise = extract(html, url, favor_precision=True)
        recall = extract(html, url, favor_recall=True)
        if _adds_blocks(precise, recall):  # recall kept blocks precision dropped (a list, a heading), breaking none
            text = recall
        else:
            text = precise if len("".join(precise.split())) >= 0.6 * len("".join(recall.split())) else recall
        if text:
            meta = trafilatura.extract_metadata(html, default_url=url)
            title = meta.title if meta is not None else None
    if not text:
        text = _strip_tags(html)
    text = _tables(normalize_text(text).strip(), markup)
    if title:
        title = normalize_text(" ".join(title.split()))
        if title and title not in [line.lstrip("# ") for line in text.split("\n")]:  # not where the page has it
            text = f"# {title}\n\n{text}" if markup else f"{title}\n{text}"
    if not text:
        raise InputError(f"{name or url or 'page'}: no readable text found")
    return text


_PIPE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*\Z")


def _tables(text: str, markup: bool) -> str:
    """trafilatura's tables ("| a | b |" rows) made what the Document reads: in Markdown a GFM table (a
    delimiter row put in where the page had no header row, else it would be prose with pipes); as plain
    text each cell a paragraph of its own, so no "|" ever reaches the model."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        j = i
        while j < len(lines) and _PIPE_ROW.match(lines[j]):
            j += 1
        if j == i:
            out.append(lines[i])
            i += 1
            continue
        rows = [row.strip() for row in lines[i:j]]
        if markup:
            if len(rows) < 2 or not is_table_delimiter(rows[1]):
                rows.insert(1, "|" + "---|" * max(1, len(table_cells(rows[0], 0, len(rows[0])))))
            out.extend(rows)
        else:
            out.extend(row[a:b] for row in rows if not is_table_delimiter(row) for a, b in table_cells(row, 0, len(row)) if a < b)
        i = j
    return "\n".join(out)


_MARKS = re.compile(r"^\s*(?:[#>*+-]+\s+|\d+[.)]\s+)|[|\s]+")


def _adds_blocks(precise: str, recall: str) -> bool:
    """Every line of ``precise`` is a line of ``recall`` (their words: markers and table pipes aside), in order,
    and ``recall`` has more."""
    wanted = [w for line in precise.split("\n") if (w := " ".join(_MARKS.sub(" ", line).split()))]
    found = [w for line in recall.split("\n") if (w := " ".join(_MARKS.sub(" ", line).split()))]
    if len(found) <= len(wanted):
        return False
    rest = iter(found)
    return all(any(line == other for other in rest) for line in wanted)


_OPTIONS = dict(include_comments=False, include_tables=True, include_images=False)


def _text(html: str, url: str | None, **favor: bool) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, output_format="txt", **_OPTIONS, **favor) or ""


def _markdown(html: str, url: str | None, **favor: bool) -> str:
    """The main text as trafilatura's Markdown, with its quotes and preformatted blocks kept.

    Its Markdown writes a blockquote as a plain paragraph, a ``<pre>`` without ``<code>``
    as a quote, and drops blank lines inside code. So each ``<pre>`` is taken out of the
    page first (its text kept verbatim, a placeholder code block left in its place), and
    each quote of the extracted body becomes a placeholder paragraph; trafilatura writes
    the rest, then the quotes come back as ``> `` blocks and the ``<pre>`` texts as fenced
    code (never translated).
    """
    import trafilatura
    from lxml import etree
    from trafilatura.utils import load_html
    from trafilatura.xml import xmltotxt

    tree = load_html(html)
    if tree is None:
        return ""
    mark = "readerblock"
    while mark in html:
        mark += "x"
    blocks: dict[str, str] = {}
    for k, pre in enumerate([pre for pre in tree.iter("pre") if not any(a.tag == "pre" for a in pre.iterancestors())]):
        token = f"{mark}{k}pre"
        code = "".join(pre.itertext())
        blocks[token] = fenced_code(code.removeprefix("\n").rstrip())
        tail = pre.tail
        pre.clear()
        pre.tail = tail
        etree.SubElement(pre, "code").text = token
    document = trafilatura.bare_extraction(tree, url=url, output_format="markdown", include_formatting=True,
                                           include_links=True, as_dict=False, **_OPTIONS, **favor)
    if document is None or document.body is None:
        return ""
    body = document.body
    for k, quote in enumerate([child for child in body if child.tag == "quote"]):
        token = f"{mark}{k}quote"
        copy = etree.fromstring(etree.tostring(quote))
        copy.tail = None
        lines = xmltotxt(copy, include_formatting=True).strip().split("\n")
        blocks[token] = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
        placeholder = etree.Element("p")
        placeholder.text, placeholder.tail = token, quote.tail
        body.replace(quote, placeholder)
    out: list[str] = []
    for line in xmltotxt(body, include_formatting=True).split("\n"):
        bare = line.strip().strip("`").strip()
        if bare in blocks:  # a block of its own, a blank line either side (the code's own lines untouched)
            out.extend(([""] if out and out[-1] else []) + [blocks[bare], ""])
        elif line.strip() or (out and out[-1]):
            for token, block in blocks.items():  # a placeholder inside a line (a <pre> in a list item): inline
                if token in line:
                    span = _code_span("\n".join(block.split("\n")[1:-1]))
                    line = re.sub(f"(`*){token}\\1", lambda _: span, line)  # trafilatura's own backticks too
            out.append(line)
    return "\n".join(out).strip()


def _code_span(code: str) -> str:
    """``code`` as one CommonMark code span: a backtick run longer than any inside it, and a
    space inside each end where the code starts or ends with a backtick or a space (the
    reader strips one). Line breaks become spaces, as in any code span; other spaces stay."""
    code = code.replace("\n", " ")
    if not code:
        return ""
    fence = backtick_fence(code)
    pad = " " if code.strip() and (code[:1] in ("`", " ") or code[-1:] in ("`", " ")) else ""
    return f"{fence}{pad}{code}{pad}{fence}"


class _TextOnly(HTMLParser):
    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote", "pre", "title"}
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _strip_tags(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
