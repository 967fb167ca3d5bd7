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
import stat
import sys
import time
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
FIFO_WAIT_S = 5.0  # how long a FIFO may go without a writer before it is refused


def read_input_bytes(source: str) -> tuple[bytes, str]:
    """Read a path or ``-`` (stdin); return the bytes and a display name.

    A FIFO is read as a stream (``<(zcat a.txt.gz)`` gives one) but never waited on for
    long: one that nothing writes to is refused after ``FIFO_WAIT_S``. Sockets and devices
    are refused without being opened (``/dev/zero`` never ends).
    """
    if source == "-":
        return _bounded(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "<stdin>"), "<stdin>"
    path = Path(source)
    try:
        info = path.stat()
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{source}: is a directory, not a text file")
        if stat.S_ISFIFO(mode):
            return _read_fifo(source), path.name
        if not stat.S_ISREG(mode):
            raise InputError(f"{source}: {special_file_reason(mode)}")
        size = info.st_size
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


def read_file_bytes(path: Path | str) -> bytes:
    """A named file's bytes, read as ``read_input_bytes`` reads an input (a file named ``-`` is a file here)."""
    path = str(path)
    return read_input_bytes(f"./{path}" if path == "-" else path)[0]


_SPECIAL_FILES = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"))


def special_file_reason(mode: int) -> str:
    """What a file that is not a regular one is (``os.stat``'s mode): "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "")
    return f"not a regular file{': ' + kind if kind else ''}"


def _bounded(data: bytes, name: str) -> bytes:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: input is too large (more than {MAX_INPUT_BYTES // 2**20} MiB)")
    return data


def _read_fifo(source: str) -> bytes:
    """A FIFO's bytes to its end; InputError if nothing was written to it within FIFO_WAIT_S.

    Opened without blocking (a plain open waits for a writer, forever if none comes): a read
    that would block means a writer is there; an empty read means none yet (or one that
    wrote nothing and left), so it is tried again until the deadline.
    """
    fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb", buffering=0) as stream:
        deadline = time.monotonic() + FIFO_WAIT_S
        first = b""
        while True:
            try:
                first = os.read(fd, 1 << 16)
            except BlockingIOError:  # a writer, nothing written yet
                break
            if first:
                break
            if time.monotonic() >= deadline:
                raise InputError(f"{source}: a FIFO that nothing was written to (waited {FIFO_WAIT_S:g} s)")
            time.sleep(0.05)
        os.set_blocking(fd, True)
        chunks, size = [first], len(first)
        while size <= MAX_INPUT_BYTES and (chunk := stream.read(1 << 20)):
            chunks.append(chunk)
            size += len(chunk)
    return _bounded(b"".join(chunks), source)


def decode_bytes(data: bytes, name: str = "<input>", encoding: str | None = None, lf_only: bool = False) -> str:
    """Decode ``data`` to normalized text, or raise InputError saying why not (a known binary container by name).

    ``lf_only``: only "\n" and "\r\n" end a line; a lone "\r" becomes a space (``normalize_text``).
    """
    refuse_container(data, name)
    if encoding:
        check_text_encoding(encoding)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} (byte {exc.start})") from None
        except UnicodeError as exc:
            raise InputError(f"{name}: cannot be read as {encoding} ({exc})") from None
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


# Codecs Python has that are no character set of a text file: they would rewrite the text
# ("C:\\neu" a line break, an escaped ESC a real one) or fail on any text.
_NOT_CHARSETS = frozenset({"undefined", "unicode_escape", "raw_unicode_escape", "idna", "punycode"})


def check_text_encoding(encoding: str) -> None:
    """InputError unless ``encoding`` names a character set (``--encoding``): not rot13, hex, unicode_escape…"""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding: {encoding}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        raise InputError(f"{encoding} is not a text encoding (a character set such as utf-8, cp1252, latin-1)")


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
