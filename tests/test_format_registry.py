"""A format registered by a newcomer is picked up everywhere, with no other edit (docs/architecture.md, "Where to add").

A toy input format (``.toy``: a ``TOY1`` header, paragraphs separated by ``|``) and a
toy output format (``.toyen``) are registered here, then used by ``reader translate``,
``reader corpus`` and the reader's export exactly as the built-in formats are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.document import Document, InputFormat, LoadOptions, RawInput, build_document, load_document, register_input_format
from reader.document.formats import document_stem, unregister_input_format
from reader.errors import InputError
from reader.output.writers import FORMATS, Writer, format_from_path, register_writer, unregister_writer
from reader.store import TranslationStore
from reader.tui.app import ReaderApp
from tui_support import fake_factory, sync_tests

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
TOY_TEXT = "TOY1\nDie NATO beeilt sich.|Das Haus ist klein. Der Hund schläft.\n"


def load_toy(raw: RawInput, options: LoadOptions) -> Document:
    if not raw.text.startswith("TOY1\n"):
        raise InputError(f"{raw.name}: not a toy file")
    return build_document(raw.text[5:].replace("|", "\n\n"), raw.name, "toy")


def write_toy(doc, groups, out) -> None:
    out.write("TOYEN\n")
    for paragraph, pairs in groups:
        out.write(f"{paragraph.index}: {' '.join(t.text for _, t in pairs)}\n")


@pytest.fixture
def toy_formats():
    register_input_format(InputFormat("toy", load_toy, "a toy format", extensions=(".toy",),
                                      sniff=lambda raw: raw.text.startswith("TOY1\n")))
    register_writer(Writer("toy", ".toyen", write_toy, "a toy output"))
    yield
    unregister_input_format("toy")
    unregister_writer("toy")


def test_the_registries_name_the_toy_formats(toy_formats, tmp_path):
    assert "toy" in FORMATS and format_from_path("x.toyen") == "toy" and format_from_path("x.toy") == "toy"
    assert document_stem("brief.de.toy") == "brief"
    sniffed = tmp_path / "letter.dat"  # no known extension: recognised by its content
    sniffed.write_text(TOY_TEXT, encoding="utf-8")
    doc = load_document(str(sniffed))
    assert doc.format == "toy" and [len(p.sentences) for p in doc.paragraphs] == [1, 2]


def test_unregistered_toy_is_plain_text(tmp_path):
    path = tmp_path / "letter.toy"
    path.write_text(TOY_TEXT, encoding="utf-8")
    assert load_document(str(path)).format == "txt"
    assert "toy" not in FORMATS


def test_translate_reads_and_writes_the_toy_formats(toy_formats, tmp_path, capsys):
    src = tmp_path / "brief.de.toy"
    src.write_text(TOY_TEXT, encoding="utf-8")
    out = tmp_path / "brief.toyen"
    assert main(["translate", str(src), "-o", str(out), "--model", TINY, "--no-cache", "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "TOYEN" and [line.split(":")[0] for line in lines[1:]] == ["0", "1"]
    assert all(line.split(": ", 1)[1] for line in lines[1:])  # every paragraph has English
    # --input-format names it too (a .txt name would otherwise be read as plain text)
    renamed = tmp_path / "brief.txt"
    renamed.write_text(TOY_TEXT, encoding="utf-8")
    assert main(["translate", str(renamed), "--input-format", "toy", "-f", "toy", "--model", TINY, "--no-cache", "-q"]) == 0
    assert capsys.readouterr().out.splitlines() == lines


def test_corpus_reads_and_writes_the_toy_formats(toy_formats, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "brief.de.toy").write_text(TOY_TEXT, encoding="utf-8")
    assert main(["corpus", str(src), "-o", str(tmp_path / "out"), "-f", "toy", "--model", TINY, "-q",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    written = (tmp_path / "out" / "brief.en.toyen").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["translate", str(src / "brief.de.toy"), "-f", "toy", "--model", TINY, "--no-cache", "-q"]) == 0
    assert capsys.readouterr().out == written


async def test_the_readers_export_offers_and_writes_the_toy_format(toy_formats, tmp_path):
    src = tmp_path / "brief.de.toy"
    src.write_text(TOY_TEXT, encoding="utf-8")
    doc = load_document(str(src))
    store = TranslationStore(tmp_path / "translations.sqlite3")
    app = ReaderApp(doc, fake_factory(), store)
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(100):
            if all(t is not None and t.text for t in app.state.export_translations()):
                break
            await pilot.pause(0.05)
        await pilot.press("s")
        await pilot.pause()
        prompt = app.screen
        assert ".toyen" in prompt.hint  # the export's hint lists the registered extensions
        field = prompt.query_one("Input")
        assert Path(field.value).name == "brief.en.txt"
        out = tmp_path / "export.toyen"
        field.value = str(out)
        await pilot.press("enter")
        await pilot.pause()
    store.close()
    lines = out.read_text(encoding="utf-8").splitlines()  # the fake translator upper-cases each word
    assert lines[0] == "TOYEN" and lines[1].startswith("0: DIE NATO BEEILT SICH")
    assert lines[2].startswith("1: DAS HAUS IST KLEIN") and "DER HUND" in lines[2] and len(lines) == 3


sync_tests(globals())
