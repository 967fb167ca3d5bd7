"""Reading input bytes and decoding them to clean text.

Decoding order: BOM (UTF-8, UTF-16, UTF-32), strict UTF-8, then the legacy
German encodings cp1252 and latin-1. Line endings become "\n", the text is
NFC-normalized (macOS produces decomposed umlauts), and control characters
other than newline and tab become spaces so that nothing from the input can
drive a terminal.

A lone "\r" is a line break in prose (old Mac files) but not in a line-aligned
test set: there only "\n" (or "\r\n") ends a line, as `wc -l`, sacrebleu and
every test-set tool count, so ``lf_only`` blanks a lone "\r" like other controls.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from pathlib import Path

from ..errors import InputError
from .cleaning import CONTROL_RE
from .containers import refuse_container

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAX_INPUT_BYTES = 200 * 1024 * 1024


def read_input_bytes(source: str) -> tuple[bytes, str]:
    """Read a path or ``-`` (stdin); return the bytes and a display name."""
    if source == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError(f"{source}: is a directory, not a text file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{source}: file is too large ({size // 2**20} MiB)")
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a directory, not a text file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None


def decode_bytes(data: bytes, name: str = "<input>", encoding: str | None = None, lf_only: bool = False) -> str:
    """Decode ``data`` to normalized text, or raise InputError saying why not (a known binary container by name).

    ``lf_only``: only "\n" and "\r\n" end a line; a lone "\r" becomes a space (``normalize_text``).
    """
    refuse_container(data, name)
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding: {encoding}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} (byte {exc.start})") from None
        return _checked(normalize_text(text, lf_only), name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(normalize_text(data[len(bom):].decode(codec), lf_only), name)
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec}") from None
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, name)
    return _checked(normalize_text(text, lf_only), name)


def _decode_legacy(data: bytes, name: str) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    # latin-1 decodes any byte: accept it only if it does not look like binary.
    if _control_ratio(text) > 0.01:
        raise InputError(f"{name}: cannot decode (not UTF-8, UTF-16 or a Western European encoding); try --encoding")
    return text


def _control_ratio(text: str) -> float:
    return len(CONTROL_RE.findall(text)) / max(1, len(text))


def _checked(text: str, name: str) -> str:
    if _control_ratio(text) > 0.05:
        raise InputError(f"{name}: looks like a binary file, not text")
    if not text.strip():
        raise InputError(f"{name}: input is empty")
    return text


def normalize_text(text: str, lf_only: bool = False) -> str:
    """Line breaks as "\\n" (a lone "\\r" too, unless ``lf_only``: then it is a control), NFC, no BOM, controls blanked."""
    text = text.replace("\r\n", "\n")
    if not lf_only:
        text = text.replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\ufeff", "")
    return CONTROL_RE.sub(" ", text)


def read_text(source: str, encoding: str | None = None, lf_only: bool = False) -> tuple[str, str]:
    """Read and decode a path or ``-``; return (text, display name). ``lf_only``: see ``decode_bytes``."""
    data, name = read_input_bytes(source)
    given = name if source == "-" else source  # messages name the path as given, as read_input_bytes's do
    if not data.strip():
        raise InputError(f"{given}: input is empty")
    return decode_bytes(data, given, encoding, lf_only), name


def looks_like_url(source: str) -> bool:
    """``source`` starts with http:// or https:// (whether or not a file has that name)."""
    return source.startswith(("http://", "https://"))


def is_url(source: str) -> bool:
    """A web page to fetch: it looks like a URL and no file has that name."""
    return looks_like_url(source) and not os.path.exists(source)
