"""Input → Document: read, decode, detect the format, segment."""

from __future__ import annotations

from pathlib import Path

from ..text.decoding import read_text
from .structure import Document, build_document
from ..errors import InputError

INPUT_FORMATS = ("auto", "txt", "md", "html", "lines")  # lines: one segment per line (a test set)
_EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html"}
# Longer "sentences" than this are almost always not prose (minified data,
# base64, a table flattened to one line); translating one would take many
# minutes and produce nonsense, so we refuse the input and say where it is.
MAX_SENTENCE_CHARS = 20_000


def sample_path() -> Path:
    """The sample article shipped with the package."""
    return Path(__file__).resolve().parent.parent / "data" / "sample.de.txt"


def detect_format(source: str, text: str) -> str:
    ext = _EXTENSIONS.get(Path(source).suffix.lower()) if source != "-" else None
    if ext is None:
        from ..text.web import looks_like_html

        if looks_like_html(text):
            return "html"
    return ext or "txt"


def load_document(source: str, encoding: str | None = None, input_format: str = "auto", markup: bool = False) -> Document:
    """Read ``source`` (a path, ``-`` or a URL) as a Document.

    ``markup``: a web page becomes Markdown (a Document of format ``md``) with its links,
    emphasis and code, for the outputs that carry inline markup (``writers.MARKUP_FORMATS``);
    otherwise its plain text.
    """
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")
    from ..text.decoding import is_url

    if is_url(source):  # a web page: fetch it and keep the main text
        from ..text.web import fetch_url, looks_like_html

        page, final = fetch_url(source)
        if input_format in ("auto", "html") and (input_format == "html" or looks_like_html(page)):
            return _checked_doc(_page_document(page, final, source, markup))
        text, name = page, source
    else:
        text, name = read_text(source, encoding, lf_only=input_format == "lines")
    fmt = detect_format(source, text) if input_format == "auto" else input_format
    if fmt == "lines" and source.lower().endswith(".jsonl"):
        text = jsonl_segments(text, name)
    if fmt == "html":  # the main text of the page; paragraphs one per line (or Markdown)
        return _checked_doc(_page_document(text, None, name, markup))
    return _checked_doc(build_document(text, name, fmt))


def _page_document(page: str, url: str | None, name: str, markup: bool) -> Document:
    from ..text.web import html_to_text

    if markup:
        return build_document(html_to_text(page, url, markup=True), name, "md")
    return build_document(html_to_text(page, url), name, "html")


JSONL_FIELDS = ("de", "source", "src", "text")


def jsonl_segments(text: str, name: str) -> str:
    """A JSONL test set as lines: each record a string, or an object whose first field of ``JSONL_FIELDS`` is German.

    A blank line stays an empty segment; a line break inside a segment becomes a space,
    so segment n is still line n.
    """
    import json

    lines = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            lines.append("")
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise InputError(f"{name}: line {n} is not JSON") from None
        value = record if isinstance(record, str) else next(
            (record[k] for k in JSONL_FIELDS if isinstance(record, dict) and isinstance(record.get(k), str)), None)
        if value is None:
            raise InputError(f"{name}: line {n} has no German text (a JSON string, or an object with one of "
                             f"{', '.join(repr(k) for k in JSONL_FIELDS)})")
        lines.append(" ".join(value.splitlines()))
    return "\n".join(lines)


def _checked_doc(doc: Document) -> Document:
    """Refuse documents with nothing to translate or with a "sentence" that is not prose."""
    if not doc.sentences:
        raise InputError(f"{doc.name}: no text to translate")
    for s in doc.iter_sentences():
        if len(s.text) > MAX_SENTENCE_CHARS:
            line = doc.text.count("\n", 0, s.start) + 1
            raise InputError(
                f"{doc.name}: line {line} holds a {len(s.text):,}-character run without a sentence end "
                f"(more than {MAX_SENTENCE_CHARS:,}); is this really prose?"
            )
    return doc
