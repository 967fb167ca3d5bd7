"""Input → Document: read the bytes (or fetch the page), choose the format from the registry, load, check."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .formats import AUTO, LoadOptions, RawInput, detect_input_format, input_format_by_name
from .structure import Document

# Longer "sentences" than this are almost always not prose (minified data,
# base64, a table flattened to one line); translating one would take many
# minutes and produce nonsense, so we refuse the input and say where it is.
MAX_SENTENCE_CHARS = 20_000


def sample_path() -> Path:
    """The sample article shipped with the package."""
    return Path(__file__).resolve().parent.parent / "data" / "sample.de.txt"


def read_raw(source: str, encoding: str | None = None) -> RawInput:
    """The bytes of a path or ``-``, or a fetched web page; nothing decoded yet."""
    from ..text.decoding import is_url, read_input_bytes

    if is_url(source):
        from ..text.web import fetch_url

        data, charset, final = fetch_url(source)
        return RawInput(source, data, source, encoding, url=final, charset=charset)
    data, name = read_input_bytes(source)
    raw = RawInput(name, data, source, encoding)
    if not data.strip():
        raise InputError(f"{raw.given}: input is empty")
    return raw


def load_document(source: str, encoding: str | None = None, input_format: str = AUTO, markup: bool = False) -> Document:
    """Read ``source`` (a path, ``-`` or a URL) as a Document, in the format the registry picks (``reader.document.formats``).

    ``markup``: a web page becomes Markdown (a Document of format ``md``) with its links,
    emphasis and code, for the outputs that carry inline markup (``Writer.markup``);
    otherwise its plain text.
    """
    fmt = input_format_by_name(input_format) if input_format != AUTO else None  # an unknown name fails before reading
    raw = read_raw(source, encoding)
    if fmt is None:
        fmt = detect_input_format(raw)
    return checked_document(fmt.load(raw, LoadOptions(markup=markup)))


def checked_document(doc: Document) -> Document:
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
