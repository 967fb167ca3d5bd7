"""DOCX and ODT in and out: a German letter read (headings, lists, table cells, a footnote, bold, italic, a link),
written back in English and bilingually as a copy of the file, checked by python-docx, odfdo, LibreOffice and pandoc."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from reader.cli.main import main
from reader.document import load_document
from reader.document.formats import LoadOptions, RawInput, detect_input_format
from reader.document.office import OfficeFile
from reader.output.writers import format_from_path, save_document, write_document
from reader.translation import Hypothesis, Translation, WordLink

from pandoc_support import pandoc_json, pandoc_nodes

FIXTURES = Path(__file__).parent / "fixtures" / "office"
TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
T = f"{{{TEXT_NS}}}"
KINDS = ["heading", "text", "text", "text", "text", "list", "list", "list", "list",
         "text", "text", "text", "text", "text", "footnote", "text", "text"]  # the letter, cell by cell


def upper(doc) -> list[Translation]:
    """A stand-in English that shows where each sentence went: its plain German upper-cased, each word linked to itself."""
    out = []
    for s in doc.inline:
        links = tuple(WordLink(m.start(), m.end(), m.start(), m.end()) for m in re.finditer(r"\S+", s.plain))
        out.append(Translation(s.plain, Hypothesis(s.plain.upper(), -0.1, alignment=links)))
    return out


# -- reading the written files independently (python-docx, odfdo's XML) ------------------------------------------------


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(text, style name) of every paragraph with text, in order: the body's (table cells too), then the footnotes'."""
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    out = []

    def add(paragraph) -> None:
        if paragraph.text.strip():
            out.append((paragraph.text, paragraph.style.name))

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        add(paragraph)
        else:
            add(block)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "word/footnotes.xml" in z.namelist():
            for p in etree.fromstring(z.read("word/footnotes.xml")).iter(f"{W}p"):
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))
                if text.strip():
                    style = p.find(f"{W}pPr/{W}pStyle")
                    out.append((text, style.get(f"{W}val") if style is not None else ""))
    return out


def odt_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(text, style) of every paragraph and heading with text, in document order, a note's text not in its host's
    (odfdo opens the file; its elements' XML read as lxml's)."""
    from odfdo import Document

    document = Document(io.BytesIO(data))
    assert document.get_type() == "text"
    content = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("content.xml"))
    out = []
    for el in content.iter(f"{T}p", f"{T}h"):
        text = _odt_text(el)
        if text.strip():
            out.append((text, el.get(f"{T}style-name") or ""))
    return out


def _odt_text(el) -> str:
    pieces = [el.text or ""]
    for child in el:
        if child.tag == f"{T}note":
            pass
        elif child.tag == f"{T}s":
            pieces.append(" " * int(child.get(f"{T}c", "1")))
        else:
            pieces.append(_odt_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def paragraphs_of(data: bytes, fmt: str) -> list[tuple[str, str]]:
    return docx_paragraphs(data) if fmt == "docx" else odt_paragraphs(data)


def written(doc, fmt: str, translations=None) -> bytes:
    out = io.BytesIO()
    write_document(doc, translations if translations is not None else upper(doc), fmt, out)
    return out.getvalue()


# -- reading ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_letter_is_read_with_its_structure_and_inline_markup(fmt):
    doc = load_document(str(FIXTURES / f"brief.{fmt}"), markup=True)
    assert doc.format == "md" and isinstance(doc.container, OfficeFile) and doc.container.format == fmt
    assert [p.kind for p in doc.paragraphs] == KINDS
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "# Ihr Antrag auf Kindergeld"
    assert "**sorgfältig**" in paragraphs[2] and "*unten*" in paragraphs[2]
    assert "[unserer Webseite](<https://www.example.de/kindergeld>)" in paragraphs[3]
    assert paragraphs[5:9] == ["- Die Geburtsurkunde des Kindes.", "- Einen Nachweis über den Wohnsitz.",
                               "1. Füllen Sie das Formular aus.", "2. Unterschreiben Sie es."]
    assert paragraphs[9:13] == ["Monat", "Betrag", "Januar", "250 Euro"]  # the table, cell by cell
    assert paragraphs[13:15] == ["Die Frist endet am 30. April.", "Es gilt das Datum des Poststempels."]
    assert [s.plain for s in doc.inline][2:4] == ["wir haben Ihren Antrag vom 3. März sorgfältig geprüft.",
                                                 "Das Ergebnis finden Sie unten."]
    plain = load_document(str(FIXTURES / f"brief.{fmt}"))
    assert plain.format == fmt and "**" not in plain.text and [p.kind for p in plain.paragraphs] == KINDS


def test_docx_and_odt_of_one_letter_read_the_same():
    for markup in (True, False):
        docx, odt = (load_document(str(FIXTURES / f"brief.{f}"), markup=markup) for f in ("docx", "odt"))
        assert docx.text == odt.text and [p.kind for p in docx.paragraphs] == [p.kind for p in odt.paragraphs]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_format_is_known_by_the_content_whatever_the_name(fmt):
    data = (FIXTURES / f"brief.{fmt}").read_bytes()
    for source in ("brief.txt", "-", "brief.zip"):
        assert detect_input_format(RawInput(source, data, source)).name == fmt
    assert format_from_path(f"letter.en.{fmt}") == fmt


def _encrypted_odt(tmp_path: Path) -> Path:
    path = tmp_path / "geschuetzt.odt"
    with zipfile.ZipFile(FIXTURES / "brief.odt") as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "META-INF/manifest.xml":
                data = re.sub(rb'(<manifest:file-entry[^>]*"content.xml"[^>]*)/>',
                              rb'\1><manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>', data)
                assert b"encryption-data" in data
            elif name == "content.xml":
                data = bytes(b ^ 0x5A for b in data)  # what an encrypted member looks like: not XML
            target.writestr(name, data)
    return path


def test_a_broken_or_password_protected_file_is_one_clear_line_and_exit_2(tmp_path, capsys):
    broken_odt = tmp_path / "kaputt.odt"
    broken_odt.write_bytes((FIXTURES / "brief.odt").read_bytes()[:3000])
    no_xml = tmp_path / "leer.docx"
    with zipfile.ZipFile(no_xml, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    cases = {FIXTURES / "kaputt.docx": "is a damaged DOCX file", FIXTURES / "geschuetzt.docx": "is a password-protected",
             broken_odt: "is a damaged ODT file", _encrypted_odt(tmp_path): "is a password-protected",
             no_xml: "is a damaged DOCX file"}
    for path, message in cases.items():
        assert main(["translate", str(path), "--model", TINY, "--no-cache", "-q", "-o", str(tmp_path / "x.docx")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{path.name}: {message}" in err, err
    assert not (tmp_path / "x.docx").exists()


# -- writing ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_english_file_keeps_every_paragraphs_style_and_carries_the_emphasis(fmt):
    source = (FIXTURES / f"brief.{fmt}").read_bytes()
    doc = load_document(str(FIXTURES / f"brief.{fmt}"), markup=True)
    english = written(doc, fmt)
    before, after = paragraphs_of(source, fmt), paragraphs_of(english, fmt)
    assert [style for _, style in after] == [style for _, style in before]
    assert [text for text, _ in after] == [text.upper() for text, _ in before]
    if fmt == "docx":
        body = etree.fromstring(zipfile.ZipFile(io.BytesIO(english)).read("word/document.xml"))
        bold = ["".join(t.text for t in r.iter(f"{W}t")) for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None]
        italic = ["".join(t.text for t in r.iter(f"{W}t")) for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}i") is not None]
        links = ["".join(t.text for t in h.iter(f"{W}t")) for h in body.iter(f"{W}hyperlink")]
        assert len(list(body.iter(f"{W}footnoteReference"))) == 1 and len(list(body.iter(f"{W}tbl"))) == 1
        rels = zipfile.ZipFile(io.BytesIO(english)).read("word/_rels/document.xml.rels").decode()
        assert "https://www.example.de/kindergeld" in rels
    else:
        content = etree.fromstring(zipfile.ZipFile(io.BytesIO(english)).read("content.xml"))
        styles = {s.get("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}name"): etree.tostring(s).decode()
                  for s in content.iter("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}style")}
        spans = [(s.text, styles.get(s.get(f"{T}style-name"), "")) for s in content.iter(f"{T}span")]
        bold = [text for text, style in spans if 'font-weight="bold"' in style]
        italic = [text for text, style in spans if 'font-style="italic"' in style]
        links = [_odt_text(a) for a in content.iter(f"{T}a")
                 if a.get("{http://www.w3.org/1999/xlink}href") == "https://www.example.de/kindergeld"]
        assert len(list(content.iter(f"{T}note"))) == 1 and len(list(content.iter(f"{T}list"))) == 2
    assert bold == ["SORGFÄLTIG"] and italic == ["UNTEN"] and links == ["UNSERER WEBSEITE"]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_bilingual_file_follows_each_german_paragraph_with_its_english(fmt):
    source = (FIXTURES / f"brief.{fmt}").read_bytes()
    doc = load_document(str(FIXTURES / f"brief.{fmt}"), markup=True)
    paragraphs = paragraphs_of(written(doc, f"{fmt}-bilingual"), fmt)
    english_style = "English translation" if fmt == "docx" else "English_20_translation"
    german = [(text, style) for text, style in paragraphs if style not in (english_style, "EnglishTranslation")]
    assert german == paragraphs_of(source, fmt)
    if fmt == "docx":  # the footnotes part is read after the body; its styles by id
        assert [style for _, style in paragraphs] == [s for _, s in german[:-1] for s in (s, english_style)] + [
            german[-1][1], "EnglishTranslation"]
    else:  # a note is inside the paragraph that cites it: its German and English come before that one's English
        host = next(k for k, (text, _) in enumerate(paragraphs) if text.startswith("Die Frist"))
        assert [text for text, _ in paragraphs[host : host + 4]] == [
            "Die Frist endet am 30. April.", "Es gilt das Datum des Poststempels.",
            "ES GILT DAS DATUM DES POSTSTEMPELS.", "DIE FRIST ENDET AM 30. APRIL."]
        paragraphs[host : host + 4] = [paragraphs[host + k] for k in (0, 3, 1, 2)]  # as pairs
        assert [style for _, style in paragraphs] == [s for _, s in german for s in (s, english_style)]
    pairs = [(paragraphs[k][0], paragraphs[k + 1][0]) for k in range(0, len(paragraphs), 2)]
    assert all(en == de.strip().upper() for de, en in pairs)


def _random_letter(paragraphs: list[list[tuple[str, bool, bool]]], fmt: str) -> bytes:
    """A DOCX (python-docx) or ODT (odfdo) of ``paragraphs`` of (text, bold, italic) runs."""
    buffer = io.BytesIO()
    if fmt == "docx":
        import docx

        document = docx.Document()
        for runs in paragraphs:
            p = document.add_paragraph()
            for text, bold, italic in runs:
                run = p.add_run(text)
                run.bold, run.italic = bold or None, italic or None
        document.save(buffer)
    else:
        from odfdo import Document, Paragraph, Span, Style

        document = Document("text")
        for name, props in (("b", {"fo:font-weight": "bold"}), ("i", {"fo:font-style": "italic"}),
                            ("bi", {"fo:font-weight": "bold", "fo:font-style": "italic"})):
            style = Style("text", name=name)
            style.set_properties(props, area="text")
            document.insert_style(style, automatic=True)
        document.body.clear()
        for runs in paragraphs:
            p = Paragraph("")
            for text, bold, italic in runs:
                p.append(Span(text, style="b" * bold + "i" * italic) if bold or italic else text)
            document.body.append(p)
        document.save(buffer)
    return buffer.getvalue()


WORDS = st.sampled_from(["Haus", "Straße", "über", "1.", "*", "#", "_x_", "[a]", "Grüße", "„Zitat“", "Nr.", "E-Mail",
                         "Er", "kommt.", "Sie", "fragt?", "ja!", "3,5", "(heute)", "`Code`", "<b>"])
RUN = st.tuples(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), st.booleans(), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(RUN, min_size=1, max_size=4), min_size=1, max_size=5), st.sampled_from(["docx", "odt"]))
def test_nothing_is_lost_every_german_paragraph_once_in_order(tmp_path_factory, paragraphs, fmt):
    path = tmp_path_factory.mktemp("letter") / f"brief.{fmt}"
    path.write_bytes(_random_letter(paragraphs, fmt))
    source = [text for text, _ in paragraphs_of(path.read_bytes(), fmt)]
    doc = load_document(str(path), markup=True)
    assert [" ".join(doc.inline[s.index].plain for s in p.sentences) for p in doc.paragraphs] == \
        [" ".join(text.split()) for text in source]
    bilingual = [text for text, _ in paragraphs_of(written(doc, f"{fmt}-bilingual"), fmt)]
    assert bilingual[0::2] == source  # the German of the bilingual file is the source's, every paragraph once, in order
    english = [text for text, _ in paragraphs_of(written(doc, fmt), fmt)]
    assert english == bilingual[1::2] and len(english) == len(source)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_markdown_document_becomes_a_new_file_with_headings_and_lists(tmp_path, fmt):
    src = tmp_path / "brief.de.md"
    src.write_text("# Betreff\n\nDer Hund *schläft*.\n\n- Eins.\n- Zwei.\n\n1. Erstens.\n", encoding="utf-8")
    doc = load_document(str(src), markup=True)
    paragraphs = paragraphs_of(written(doc, fmt), fmt)
    assert [text for text, _ in paragraphs] == ["BETREFF", "DER HUND SCHLÄFT.", "EINS.", "ZWEI.", "ERSTENS."]
    if fmt == "docx":
        assert [style for _, style in paragraphs] == ["Heading 1", "Normal", "List Bullet", "List Bullet", "List Number"]
    bilingual = [text for text, _ in paragraphs_of(written(doc, f"{fmt}-bilingual"), fmt)]
    assert bilingual[0::2] == ["Betreff", "Der Hund schläft.", "Eins.", "Zwei.", "Erstens."]


# -- the office suite and pandoc read every file written ---------------------------------------------------------------


def _written_files(tmp_path: Path) -> dict[Path, Path]:
    """Every file written from the letters and from a Markdown document, with the file it was written from."""
    out = {}
    md = tmp_path / "notiz.md"
    md.write_text("# Notiz\n\nDer Hund **schläft**.\n\n- Eins.\n", encoding="utf-8")
    for source in (FIXTURES / "brief.docx", FIXTURES / "brief.odt", md):
        doc = load_document(str(source), markup=True)
        for fmt in ("docx", "docx-bilingual", "odt", "odt-bilingual"):
            path = tmp_path / f"{source.stem}-{source.suffix[1:]}.{fmt}.{fmt.split('-')[0]}"
            save_document(doc, upper(doc), fmt, path)
            out[path] = source
    return out


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_every_file_written(tmp_path):
    files = _written_files(tmp_path)
    outdir = tmp_path / "txt"
    run = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                          "txt:Text (encoded):UTF8", "--outdir", str(outdir), *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    for path in files:
        text = (outdir / f"{path.stem}.txt").read_text(encoding="utf-8-sig")
        assert "KINDERGELD" in text or "NOTIZ" in text, path.name
        if "bilingual" in path.name:
            assert "Kindergeld" in text or "Notiz" in text, path.name


def _pandoc_counts(path: Path, fmt: str) -> tuple[int, int]:
    """(headings, paragraphs) as pandoc reads a file: notes' paragraphs counted, empty ones (a table's) not."""
    nodes = list(pandoc_nodes(pandoc_json(path, "-f", fmt)["blocks"]))
    return (sum(n["t"] == "Header" for n in nodes), sum(n["t"] in ("Para", "Plain") and bool(n["c"]) for n in nodes))


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_every_file_written_back_with_the_same_headings_and_paragraphs(tmp_path):
    for path, source in _written_files(tmp_path).items():
        fmt = path.suffix[1:]
        doc = load_document(str(source), markup=True)
        headings = sum(p.kind == "heading" for p in doc.paragraphs)
        expected = (headings, len(doc.paragraphs) - headings)
        if source.suffix[1:] == fmt:  # a copy of the file: pandoc reads it as it reads the source
            expected = _pandoc_counts(source, fmt)
        if "bilingual" in path.name:  # each paragraph's English after it, a paragraph of its own style
            expected = (expected[0], expected[1] + len(doc.paragraphs))
        assert _pandoc_counts(path, fmt) == expected, path.name


# -- the commands -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_translate_writes_the_letter_in_english_and_bilingually(tmp_path, fmt):
    cache = str(tmp_path / "cache")
    out = tmp_path / f"letter.en.{fmt}"
    assert main(["translate", str(FIXTURES / f"brief.{fmt}"), "-o", str(out), "--model", TINY, "--cache-dir", cache,
                 "-q"]) == 0
    source = paragraphs_of((FIXTURES / f"brief.{fmt}").read_bytes(), fmt)
    english = paragraphs_of(out.read_bytes(), fmt)
    assert [style for _, style in english] == [style for _, style in source]
    assert all(en != de for (en, _), (de, _) in zip(english, source))
    both = tmp_path / f"letter.{fmt}"
    assert main(["translate", str(FIXTURES / f"brief.{fmt}"), "-o", str(both), "-f", f"{fmt}-bilingual", "--model",
                 TINY, "--cache-dir", cache, "-q"]) == 0
    paragraphs = paragraphs_of(both.read_bytes(), fmt)
    assert [text for text, _ in paragraphs if text in {de for de, _ in source}] == [de for de, _ in source]
    # the same English (an ODT note's comes before its host's: the order is checked above on a stand-in)
    assert sorted(text.strip() for text, _ in english) == sorted(
        text for text, _ in paragraphs if text not in {de for de, _ in source})


def test_corpus_translates_the_office_files_of_a_tree(tmp_path):
    src = tmp_path / "in"
    for fmt in ("docx", "odt"):
        (src / fmt).mkdir(parents=True)
        shutil.copy(FIXTURES / f"brief.{fmt}", src / fmt / f"brief.{fmt}")
    assert main(["corpus", str(src), "-o", str(tmp_path / "out"), "-f", "txt", "--model", TINY, "-q",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    texts = [(tmp_path / "out" / fmt / "brief.en.txt").read_text(encoding="utf-8") for fmt in ("docx", "odt")]
    assert texts[0] == texts[1] and len(texts[0].split("\n\n")) == len(KINDS)


# -- the reader -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_reader_opens_the_letter(fmt):
    pytest.importorskip("textual")
    import asyncio

    from reader.tui.app import ReaderApp
    from tui_support import all_done, fake_factory, screen_lines, wait_for

    doc = load_document(str(FIXTURES / f"brief.{fmt}"), markup=True)  # as `reader open brief.docx` reads it

    async def run() -> list[str]:
        app = ReaderApp(doc, fake_factory(), None)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: all_done(app))
            await pilot.pause()
            return screen_lines(app.reader.view)

    lines = "\n".join(asyncio.run(run()))
    assert "Ihr Antrag auf Kindergeld" in lines and "IHR ANTRAG AUF KINDERGELD" in lines
    assert "sorgfältig" in lines and "**" not in lines  # the markup is shown, not its Markdown


def test_a_note_inside_a_paragraph_follows_the_english_of_its_sentence(tmp_path):
    from odfdo import Document, Note, Paragraph

    document = Document("text")
    document.body.clear()
    p = Paragraph("Der Hund schläft.")
    p.append(Note(note_class="footnote", note_id="n1", citation="1", body="Er ist müde."))
    p.append(" Die Katze wacht.")
    document.body.append(p)
    path = tmp_path / "notiz.odt"
    document.save(path)
    doc = load_document(str(path), markup=True)
    assert [p.kind for p in doc.paragraphs] == ["text", "footnote"]
    content = etree.fromstring(zipfile.ZipFile(io.BytesIO(written(doc, "odt"))).read("content.xml"))
    host = next(el for el in content.iter(f"{T}p") if el.find(f"{T}note") is not None)
    assert host.text == "DER HUND SCHLÄFT." and host.find(f"{T}note").tail == " DIE KATZE WACHT."
    assert _odt_text(host.find(f".//{T}note-body/{T}p")) == "ER IST MÜDE."


def test_a_text_box_and_a_symbol_are_kept_in_the_english_docx():
    # Word saves a text box as an mc:AlternateContent (a drawing, a VML fallback) in a run, a symbol-font glyph as w:sym.
    import docx

    document = docx.Document()
    p = document.add_paragraph("Vor dem Kasten. ")
    box = etree.fromstring(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:pict/></mc:Choice>'
        '<mc:Fallback><w:pict><v:rect><v:textbox><w:txbxContent><w:p><w:r><w:t>Hinweis im Kasten.</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    p._p.append(box)
    p.add_run("Nach dem Kasten.")
    q = document.add_paragraph("Symbol ")
    q.runs[0]._r.append(etree.fromstring('<w:sym xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                                         'w:font="Wingdings" w:char="F0E0"/>'))
    q.add_run(" hier.")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    raw = RawInput("box.docx", data, "box.docx")
    doc = detect_input_format(raw).load(raw, LoadOptions())
    english = written(doc, "docx")
    with zipfile.ZipFile(io.BytesIO(english)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count("<mc:AlternateContent") == 1 and "Hinweis im Kasten." in xml
    assert xml.count("<w:sym ") == 1 and "VOR DEM KASTEN." in xml and "HIER." in xml
