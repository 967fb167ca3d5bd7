"""A binary container is never translated as German text: each is refused by name (issue: nothing lost at the edges)."""

from __future__ import annotations

import gzip
import io
import sqlite3
import wave
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.errors import InputError
from reader.text.containers import container_kind
from reader.text.decoding import decode_bytes

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
GERMAN = "Die NATO beeilt sich, der Ukraine zu helfen. Das Haus ist klein.\n" * 20


def _pdf() -> bytes:
    """A small real PDF: one page whose text is German (mostly ASCII, as PDFs are)."""
    content = b"BT /F1 12 Tf 72 720 Td (Die NATO beeilt sich, der Ukraine zu helfen.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _zip(entries: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if stored_first:
            z.writestr(zipfile.ZipInfo(stored_first), entries.pop(stored_first), compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _sqlite(tmp_path: Path) -> bytes:
    db = tmp_path / "x.sqlite3"
    with sqlite3.connect(db) as c:
        c.execute("create table t (de text)")
        c.execute("insert into t values (?)", (GERMAN,))
    return db.read_bytes()


def _wav() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(8000), w.writeframes(b"\x10\x00" * 800)
    return buf.getvalue()


def containers(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    german = GERMAN.encode()
    return {
        "pdf": (_pdf(), "a PDF document"),
        "epub": (_zip({"mimetype": b"application/epub+zip", "OEBPS/c1.xhtml": german}, "mimetype"), "an EPUB book"),
        "odt": (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": german}, "mimetype"),
                "an ODT document"),
        "docx": (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": german}), "a DOCX document"),
        "zip": (_zip({"brief.txt": german}), "a zip archive"),
        "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + german, "a PNG image"),
        "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + german, "a JPEG image"),
        "mp3": (b"ID3\x03\x00\x00\x00\x00\x00\x0f" + german, "an MP3 audio file"),
        "wav": (_wav(), "a WAV audio file"),
        "sqlite": (_sqlite(tmp_path), "an SQLite database"),
        "gzip": (gzip.compress(german), "a gzip archive"),
    }


def test_each_container_is_named(tmp_path):
    for kind, (data, name) in containers(tmp_path).items():
        assert container_kind(data) == name, kind
        with pytest.raises(InputError, match=f"is {name}, a binary file"):
            decode_bytes(data, f"x.{kind}")


@pytest.mark.parametrize("text", [
    "BZh, sagte er. Das ist kein Archiv.",
    "ID3-Tags beschreiben Musikstücke.",
    "MZ steht für Mitteleuropäische Zeit.",
    "PK ist die Abkürzung für Pressekonferenz.",
    "OggS ist kein Wort.",
])
def test_text_that_starts_like_a_magic_number_is_text(text):
    assert container_kind(text.encode()) is None
    assert decode_bytes(text.encode()) == text


def test_utf16_and_utf32_with_their_marks_are_text():
    for codec in ("utf-16", "utf-16-le", "utf-32"):
        data = ("\ufeff" if codec == "utf-16-le" else "") + GERMAN
        assert decode_bytes(data.encode(codec)).startswith("Die NATO")


def test_translate_refuses_a_pdf_read_as_text(tmp_path, capsys):
    """A PDF passes the old binary check (it is mostly ASCII): where a text format is forced on it, it is refused
    by its magic bytes; left to auto, whatever its name, the pdf format reads it."""
    path = tmp_path / "brief.txt"
    path.write_bytes(_pdf())
    for extra in (["--lines"], ["--input-format", "md"], ["--input-format", "txt"]):
        assert main(["translate", str(path), "--model", TINY, "--no-cache", "-q", *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "brief.txt: is a PDF document" in err
    assert main(["translate", str(path), "--model", TINY, "--no-cache", "-q", "-o", str(tmp_path / "out.txt")]) == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").strip()


def test_compare_refuses_a_container_as_a_system(tmp_path, capsys):
    source = tmp_path / "test.de"
    source.write_text("Das Haus ist klein.\n", encoding="utf-8")
    system = tmp_path / "sys.txt"
    system.write_bytes(gzip.compress(b"The house is small.\n"))
    assert main(["compare", str(source), "--lines", "--system", f"a={system}", "--ref", str(source), "-q",
                 "--no-cache"]) == 2
    assert "is a gzip archive" in capsys.readouterr().err


def test_corpus_fails_the_container_and_translates_the_rest(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.de.txt").write_text("Das Haus ist klein.\n", encoding="utf-8")
    (src / "scan.gz").write_bytes(gzip.compress(GERMAN.encode()))
    rc = main(["corpus", str(src), "-o", str(tmp_path / "out"), "--model", TINY, "-q",
               "--cache-dir", str(tmp_path / "cache")])
    assert rc == 1
    import json

    entries = {e["input"]: e for e in map(json.loads, (tmp_path / "out" / "manifest.jsonl").read_text().splitlines())}
    assert entries["a.de.txt"]["status"] == "ok"
    assert entries["scan.gz"]["status"] == "failed" and "gzip archive" in entries["scan.gz"]["reason"]
