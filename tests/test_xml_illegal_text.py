"""Code points that no XML file may hold (U+FFFE, U+FFFF) never reach an output: they are blanked on reading."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.document import load_document

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE_EPUB = Path(__file__).parent / "fixtures" / "epub" / "sample.epub"


@pytest.mark.parametrize("fmt", ["docx", "docx-bilingual", "odt", "odt-bilingual", "epub", "epub-bilingual", "tmx"])
def test_a_text_with_a_noncharacter_is_written_in_every_xml_format(tmp_path, capsys, fmt):
    source = tmp_path / "de.txt"
    source.write_text("Das Haus \ufffe ist alt.\n\nDer Zug \uffff kommt.\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt.split('-')[0]}"
    assert main(["translate", str(source), "-f", fmt, "-o", str(out), "--model", TINY, "--no-cache", "-q"]) == 0, \
        capsys.readouterr().err
    if zipfile.is_zipfile(out):
        with zipfile.ZipFile(out) as archive:
            assert not any("\ufffe" in archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_an_epub_character_reference_to_a_noncharacter_is_blanked(tmp_path):
    book = tmp_path / "book.epub"
    with zipfile.ZipFile(SAMPLE_EPUB) as source, zipfile.ZipFile(book, "w") as target:
        done = False
        for info in source.infolist():
            data = source.read(info)
            if not done and info.filename.endswith(".xhtml") and b"<p>" in data:
                data, done = data.replace(b"<p>", b"<p>Ein &#xFFFE; Zeichen. ", 1), True
            target.writestr(info, data, compress_type=info.compress_type)
    doc = load_document(str(book))
    assert "Ein   Zeichen." in doc.text and "\ufffe" not in doc.text
