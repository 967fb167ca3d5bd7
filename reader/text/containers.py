"""Binary containers recognised by their magic bytes, so that none is ever decoded as German text.

A PDF, an office file or an EPUB can pass a "looks like text" check (a PDF is mostly
ASCII) and would come out as model garbage. Each is named in the message; a format
that reads one (``reader.document.formats``) sniffs it before text decoding is tried.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import InputError

# (magic bytes at offset 0, what it is); checked in order, longest first where they share a start.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"ID3\x02", "an MP3 audio file"),
    (b"ID3\x03", "an MP3 audio file"),
    (b"ID3\x04", "an MP3 audio file"),
    (b"OggS\x00", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls/.ppt)"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
)
_RIFF = {b"WAVE": "a WAV audio file", b"WEBP": "a WebP image", b"AVI ": "an AVI video"}
_MIMETYPES = {
    "application/epub+zip": "an EPUB book",
    "application/vnd.oasis.opendocument.text": "an ODT document",
    "application/vnd.oasis.opendocument.spreadsheet": "an ODS spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "an ODP presentation",
}
_OOXML = {"word/": "a DOCX document", "xl/": "an XLSX spreadsheet", "ppt/": "a PPTX presentation"}


def container_kind(data: bytes) -> str | None:
    """What binary container ``data`` is ("a PDF document", "an EPUB book", …), or None if it is none we know."""
    head = data[:64]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(b"RIFF") and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        return "an MP4/M4A/MOV media file"
    if head[:1] == b"\xff" and len(head) > 1 and head[1] & 0xE0 == 0xE0 and head[1] < 0xFE:
        return "an MP3/AAC audio file"  # an MPEG audio frame header (FF Ex–FF Fx; FF FE is a UTF-16 BOM)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if magic == b"BZh" and not head[3:10].startswith(tuple(b"%d1AY&SY" % d for d in range(1, 10))):
                continue  # "BZh" alone could start a line of text
            if magic == b"MZ" and b"\x00" not in head:
                continue  # "MZ…" could be text; a Windows program has NUL bytes in its header
            return kind
    return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = zip_mimetype(archive).decode("ascii", "replace")
                if mimetype in _MIMETYPES:
                    return _MIMETYPES[mimetype]
                if mimetype.startswith("application/vnd.oasis.opendocument"):
                    return "an OpenDocument file"
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        pass
    return "a zip archive"


def zip_mimetype(archive: zipfile.ZipFile) -> bytes:
    """The ``mimetype`` member of an OpenDocument or EPUB zip, stripped; b"" if missing or too long to be one.

    Its declared size is checked first: a zip bomb's "mimetype" could unpack to gigabytes.
    """
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return b""
    return archive.read(info).strip() if info.file_size <= 256 else b""


def refuse_container(data: bytes, name: str) -> None:
    """Raise InputError naming the container if ``data`` is one: it is not text, and no format was asked to read it."""
    kind = container_kind(data)
    if kind is not None:
        raise InputError(f"{name}: is {kind}, a binary file, not German text")
