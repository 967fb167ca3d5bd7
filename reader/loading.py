"""Input → Document: read, decode, detect the format, segment."""

from __future__ import annotations

from pathlib import Path

from .decoding import read_text
from .document import Document, build_document
from .errors import InputError

INPUT_FORMATS = ("auto", "txt", "md")
_EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}
MAX_SENTENCES = 2_000_000


def sample_path() -> Path:
    """The sample article shipped with the package."""
    return Path(__file__).with_name("data") / "sample.de.txt"


def detect_format(source: str, text: str) -> str:
    ext = _EXTENSIONS.get(Path(source).suffix.lower()) if source != "-" else None
    return ext or "txt"


def load_document(source: str, encoding: str | None = None, input_format: str = "auto") -> Document:
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")
    text, name = read_text(source, encoding)
    fmt = detect_format(source, text) if input_format == "auto" else input_format
    doc = build_document(text, name, fmt)
    if not doc.sentences:
        raise InputError(f"{name}: no text to translate")
    return doc
