"""EPUB in and out: the fixtures of several producers (tests/fixtures/make_epubs.py) read into chapters and blocks,
written back as English and bilingual books that EPUBCheck passes and pandoc reads, nothing lost on the way."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reader.cli import main
from reader.document import load_document
from reader.document.book import Book
from reader.output.writers import format_from_path, save_document
from reader.translation import Hypothesis, Translation

from pandoc_support import pandoc_json, pandoc_nodes

FIXTURES = Path(__file__).parent / "fixtures" / "epub"
BOOKS = sorted(FIXTURES.glob("*.epub"))
TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE = Path(__file__).parent.parent / "reader" / "data" / "sample.de.txt"
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
XHTML = "{http://www.w3.org/1999/xhtml}"


def upper(doc) -> list[Translation]:
    """A stand-in English that shows where each sentence went: its plain German upper-cased."""
    return [Translation(s.plain, Hypothesis(s.plain.upper(), -0.1)) for s in doc.inline]


def chapters_of(data: bytes) -> list:
    """The XHTML trees of a written book's spine, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = etree.fromstring(z.read("EPUB/package.opf"))
        ns = {"o": "http://www.idpf.org/2007/opf"}
        hrefs = {i.get("id"): i.get("href") for i in opf.iterfind(".//o:manifest/o:item", ns)}
        return [etree.fromstring(z.read("EPUB/" + hrefs[r.get("idref")])) for r in opf.iterfind(".//o:spine/o:itemref", ns)]


def words_of(el) -> str:
    """An element's text without the marks of note references (links the German's plain text has not)."""
    return re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", text_of(el))


def text_of(el) -> str:
    """An element's text as read: a line break is a space."""
    parts: list[str] = []

    def walk(node) -> None:
        parts.append((" " if node.tag == f"{XHTML}br" else "") + (node.text or ""))
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(el)
    return " ".join("".join(parts).split())


def german_paragraphs(doc) -> list[str]:
    """The German of every paragraph the book shows (a chapter title only the contents name is not shown)."""
    hidden = {b.paragraph for c in doc.container.chapters for b in c.blocks if b.hidden}
    return [" ".join(" ".join(s.plain for s in doc.inline[p.sentences[0].index : p.sentences[-1].index + 1]).split())
            if p.sentences else None for p in doc.paragraphs if p.index not in hidden]


@pytest.mark.parametrize("book", BOOKS, ids=[b.name for b in BOOKS])
def test_every_fixture_reads_as_chapters_of_paragraphs(book):
    doc = load_document(str(book), markup=True)
    assert doc.format == "md" and isinstance(doc.container, Book) and doc.sections
    assert all(0 <= s.start < s.end <= len(doc.paragraphs) for s in doc.sections)
    plain = load_document(str(book))  # the plain reading: the same paragraphs, no markup
    assert plain.format == "epub" and [p.kind for p in plain.paragraphs] == [p.kind for p in doc.paragraphs]
    assert plain.sections == doc.sections
    assert [s.text for s in plain.iter_sentences()] == [s.plain for s in doc.inline]


def test_structure_of_a_sloppy_epub2_with_an_ncx():
    doc = load_document(str(FIXTURES / "hand-epub2.epub"), markup=True)
    kinds = {p.kind for p in doc.paragraphs}
    assert {"heading", "text", "poetry", "quote", "list", "code", "footnote"} <= kinds
    assert [(s.title, s.level) for s in doc.sections] == [("Der Anfang", 1), ("Ein Gedicht", 2), ("Zweites Kapitel", 1)]
    texts = [s.plain for s in doc.inline]
    assert "Es war\xa0einmal ein kleines Haus." in texts  # unclosed <P>, &nbsp; and <I> read leniently
    assert any("er träumt" in t for t in texts) and "Die NATO beeilt sich." in texts
    poem = next(p for p in doc.paragraphs if p.kind == "poetry")
    assert doc.text[poem.start : poem.end].count("\n") == 2  # three lines kept
    assert not any("Hand Schrift" in t for t in texts)  # the title page is kept as it is, not translated
    code = next(p for p in doc.paragraphs if p.kind == "code")
    assert not code.sentences and "code  bleibt   wie er ist" in doc.text[code.start : code.end]


def test_footnotes_stay_paragraphs_of_their_own_with_their_anchor():
    doc = load_document(str(FIXTURES / "notes-image.epub"), markup=True)
    notes = [p for p in doc.paragraphs if p.kind == "footnote"]
    assert [doc.text[p.start : p.end] for p in notes] == ["Eine Anmerkung zum Hund.", "Die zweite Anmerkung."]
    first = next(p for p in doc.paragraphs if "Hund schläft" in doc.text[p.start : p.end])
    assert "Anmerkung" not in doc.text[first.start : first.end]  # never merged into the sentence it interrupts
    assert "(<#fn1>)" in doc.text[first.start : first.end]  # its reference is a link to the note's anchor
    blocks = [b for c in doc.container.chapters for b in c.blocks]
    assert any(b.kind == "footnote" and b.ids == ("fn1",) for b in blocks)
    assert [b.src for b in blocks if b.kind == "image"] == ["EPUB/images/cover.png", "EPUB/images/bild.png"]
    assert doc.container.cover == "EPUB/images/cover.png"
    assert "emphasis" in {span.kind for s in doc.inline for span in s.spans}


@pytest.mark.parametrize("book", ["notes-image.epub", "hand-epub2.epub"])
def test_a_note_reference_is_a_link_kept_out_of_the_words_the_model_translates(book, tmp_path):
    # <a epub:type="noteref"><sup>1</sup></a>, <sup><a>2</a></sup>, <a href="notes.html#n1"><sup>1</sup></a>
    doc = load_document(str(FIXTURES / book), markup=True)
    marked = [s for s in doc.inline if any(span.start == span.end and span.kind == "link" for span in s.spans)]
    assert marked and all(not re.search(r"[0-9¹²]", s.plain) for s in marked)  # not in what the model is given
    assert [s.text for s in load_document(str(FIXTURES / book)).iter_sentences()] == [s.plain for s in doc.inline]
    out = tmp_path / "en.epub"
    save_document(doc, upper(doc), "epub", out)
    links = [a for tree in chapters_of(out.read_bytes()) for a in tree.iter(f"{XHTML}a") if text_of(a) in ("¹", "²")]
    assert len(links) == len(marked) and all(a.get("href") for a in links)
    before = [(a.getprevious().tail if a.getprevious() is not None else a.getparent().text) or "" for a in links]
    assert all(b[-1:].isalpha() for b in before)  # glued to the English word, as the mark was to the German one


@pytest.mark.parametrize("fmt", ["epub", "epub-bilingual"])
@pytest.mark.parametrize("book", BOOKS, ids=[b.name for b in BOOKS])
def test_nothing_is_lost_every_paragraph_once_in_order(book, fmt, tmp_path):
    doc = load_document(str(book), markup=True)
    out = tmp_path / f"out.{fmt}.epub"
    save_document(doc, upper(doc), fmt, out)
    data = out.read_bytes()
    german = [g for g in german_paragraphs(doc) if g is not None]
    if fmt == "epub-bilingual":
        shown = [words_of(el) for tree in chapters_of(data) for el in tree.iter() if el.get("class") == "de"]
        english = [words_of(el) for tree in chapters_of(data) for el in tree.iter() if el.get("class") == "en"]
        assert shown == german and "".join(shown) == "".join(german)
        assert english == [g.upper() for g in german]
    else:
        blocks = [words_of(el) for tree in chapters_of(data) for el in tree.iter(*(f"{XHTML}{t}" for t in (
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "li"))) if el.getparent().tag != f"{XHTML}li"]
        upper_german = [g.upper() for g in german]
        assert [b for b in blocks if b in upper_german] == upper_german  # each once, in order
    assert etree.fromstring(zipfile.ZipFile(out).read("EPUB/nav.xhtml")).get("lang") == "en"


@pytest.mark.parametrize("book", BOOKS, ids=[b.name for b in BOOKS])
def test_interleaved_by_sentence_each_german_sentence_is_followed_by_its_english(book, tmp_path):
    doc = load_document(str(book), markup=True)
    out = tmp_path / "out.epub"
    save_document(doc, upper(doc), "epub-bilingual", out, interleave="sentence")
    spans = [(el.get("class"), words_of(el)) for tree in chapters_of(out.read_bytes()) for el in tree.iter()
             if el.get("class") in ("de", "en") and el.tag == f"{XHTML}span"]
    pairs = list(zip(spans[::2], spans[1::2]))
    assert pairs and all(de[0] == "de" and en[0] == "en" and en[1] == de[1].upper() for de, en in pairs)
    # every sentence of a paragraph that is not a heading or a poem: once, in order
    stacked = {p.index for p in doc.paragraphs if p.kind not in ("heading", "poetry")}
    hidden = {b.paragraph for c in doc.container.chapters for b in c.blocks if b.hidden}
    german = [" ".join(doc.inline[s.index].plain.split()) for s in doc.sentences if s.paragraph in stacked - hidden]
    assert [de[1] for de, _ in pairs] == german


def test_interleave_sentence_is_refused_for_a_format_without_it(tmp_path, capsys):
    assert main(["translate", str(SAMPLE), "-f", "txt", "--interleave", "sentence", "--model", TINY, "--no-cache",
                 "-q"]) == 2
    assert "epub-bilingual" in capsys.readouterr().err


def test_the_english_book_has_english_titles_a_new_identifier_and_the_images(tmp_path):
    doc = load_document(str(FIXTURES / "notes-image.epub"), markup=True)
    out = tmp_path / "book.en.epub"
    save_document(doc, upper(doc), "epub", out)
    z = zipfile.ZipFile(out)
    opf = z.read("EPUB/package.opf").decode()
    assert "<dc:title>ANMERKUNGEN UND BILDER</dc:title>" in opf and "<dc:language>en</dc:language>" in opf
    assert "0b5a3c1e-6a50-4a53-9b1c-2d1e4e5f6a7b</dc:identifier>" not in opf and 'properties="cover-image"' in opf
    nav = z.read("EPUB/nav.xhtml").decode()
    assert "KAPITEL MIT ANMERKUNGEN" in nav and "EIN BILD" in nav and "Kapitel mit" not in nav
    assert sum(n.startswith("EPUB/images/") for n in z.namelist()) == 2
    ch = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("EPUB/text/"))
    assert 'epub:type="footnote"' in ch and 'id="fn1"' in ch and 'href="#fn1"' in ch and "<em>" in ch


def test_a_markdown_document_becomes_a_book_a_chapter_per_heading(tmp_path):
    src = tmp_path / "buch.de.md"
    src.write_text("# Erstes Kapitel\n\nDer Hund *schläft*.\n\n## Zweites Kapitel\n\nDas Haus ist klein.\n\n"
                   "- Eins.\n- Zwei.\n\n# Drittes\n\nEr träumt.\n", encoding="utf-8")
    doc = load_document(str(src), markup=True)
    out = tmp_path / "buch.epub"
    assert format_from_path(out) in ("epub", "epub-bilingual")
    save_document(doc, upper(doc), "epub", out)
    trees = chapters_of(out.read_bytes())
    assert [text_of(next(t.iter(f"{XHTML}h1", f"{XHTML}h2"))) for t in trees] == [
        "ERSTES KAPITEL", "ZWEITES KAPITEL", "DRITTES"]


def _written_books(tmp_path) -> list[Path]:
    out = []
    for book in BOOKS:
        doc = load_document(str(book), markup=True)
        for fmt in ("epub", "epub-bilingual"):
            path = tmp_path / f"{book.stem}.{fmt}.epub"
            save_document(doc, upper(doc), fmt, path)
            out.append(path)
        path = tmp_path / f"{book.stem}.epub-bilingual-sentence.epub"
        save_document(doc, upper(doc), "epub-bilingual", path, interleave="sentence")
        out.append(path)
    md = tmp_path / "a.md"
    md.write_text("# Titel\n\nDer Hund schläft.\n", encoding="utf-8")
    text_doc = load_document(str(SAMPLE), markup=True)
    for doc, name in ((load_document(str(md), markup=True), "md"), (text_doc, "txt")):
        path = tmp_path / f"{name}.epub"
        save_document(doc, upper(doc), "epub-bilingual", path)
        out.append(path)
    return out


@pytest.mark.skipif(not (EPUBCHECK.exists() and shutil.which("java")), reason="EPUBCheck is not installed")
def test_every_written_book_passes_epubcheck(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    def check(book: Path) -> tuple[Path, str]:
        # A short-lived JVM starts 3× faster without the optimising compiler.
        run = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK), str(book)],
                             capture_output=True, text=True, timeout=300)
        return book, run.stdout + run.stderr

    with ThreadPoolExecutor(2) as pool:
        for book, output in pool.map(check, _written_books(tmp_path)):
            summary = re.search(r"Messages: (\d+) fatals / (\d+) errors / (\d+) warnings", output)
            assert summary and summary.groups() == ("0", "0", "0"), (book.name, output)


def _pandoc_blocks(path: Path) -> tuple[int, int]:
    """(chapters, text blocks) as pandoc reads a book: its files' anchors, and its paragraphs, headings, items and
    code blocks outside notes (pandoc moves a note to where it is referenced, or leaves it out)."""
    counts = {"chapters": 0, "blocks": 0}
    for node in pandoc_nodes(pandoc_json(path)["blocks"], skip=lambda node: node.get("t") == "Note"):
        kind = node["t"]
        if kind == "Span" and node["c"][0][0].endswith(".xhtml") and "#" not in node["c"][0][0]:
            counts["chapters"] += 1  # pandoc marks where each file of the spine starts
        elif kind in ("Para", "Plain", "Header", "CodeBlock") and not (
                len(node["c"]) == 1 and node["c"][0].get("t") == "Span" and node["c"][0]["c"][0][0].endswith(".xhtml")):
            counts["blocks"] += 1
    return counts["chapters"], counts["blocks"]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_every_written_book_back_with_the_same_chapters_and_paragraphs(tmp_path):
    for book in _written_books(tmp_path):
        data = book.read_bytes()
        trees = chapters_of(data)
        blocks = sum(1 for t in trees for el in t.iter(*(f"{XHTML}{x}" for x in ("p", "h1", "h2", "h3", "h4", "h5", "h6",
                                                                              "pre", "li", "img")))
                     if (el.tag != f"{XHTML}li" or el.find(f"{XHTML}p") is None)
                     and not any(a.tag == f"{XHTML}aside" for a in el.iterancestors()))
        cover = b'properties="cover-image"' in zipfile.ZipFile(book).read("EPUB/package.opf")  # pandoc shows it first
        assert _pandoc_blocks(book) == (len(trees), blocks + cover), book.name


def test_the_sample_article_as_a_book_translates_to_the_same_english_as_the_text(tmp_path, capsys):
    cache = str(tmp_path / "cache")
    assert main(["translate", str(FIXTURES / "sample.epub"), "-f", "txt", "--model", TINY, "--cache-dir", cache, "-q"]) == 0
    from_book = capsys.readouterr().out
    assert main(["translate", str(SAMPLE), "-f", "txt", "--model", TINY, "--no-cache", "-q"]) == 0
    from_text = capsys.readouterr().out
    assert [line for line in from_book.splitlines() if line] == from_text.splitlines()
    assert len(from_text.splitlines()) == 13
    out = tmp_path / "sample.en.epub"  # and the book written back has the same English, paragraph by paragraph
    assert main(["translate", str(FIXTURES / "sample.epub"), "-o", str(out), "--model", TINY, "--cache-dir", cache,
                 "-q"]) == 0
    paragraphs = [text_of(p) for t in chapters_of(out.read_bytes()) for p in t.iter(f"{XHTML}p")]
    assert len(paragraphs) == 13 and all(paragraphs)


def _variant(tmp_path, name: str, change) -> Path:
    """A copy of the hand-written EPUB 2 with ``change(files)`` applied to its {name: bytes}."""
    with zipfile.ZipFile(FIXTURES / "hand-epub2.epub") as z:
        files = {n: z.read(n) for n in z.namelist()}
    change(files)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    return path


ENCRYPTION = """<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
<enc:EncryptedData><enc:EncryptionMethod Algorithm="{algorithm}"/>
<enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData>
</encryption>"""


@pytest.mark.parametrize("case, message", [
    ("drm", "protected by DRM (OEBPS/Text/kapitel2.html is encrypted)"),
    ("not-epub", "is not an EPUB book (a zip without META-INF/container.xml)"),
    ("missing", "its spine names OEBPS/Text/kapitel2.html, which is missing from the book"),
    ("not-zip", "is not an EPUB book (not a zip archive)"),
    ("same-id", "its manifest gives the id 'c1' to two files (OEBPS/Text/Kapitel 1.html, OEBPS/Text/kapitel2.html)"),
])
def test_unreadable_books_are_one_line_and_exit_2(case, message, tmp_path, capsys):
    if case == "drm":
        path = _variant(tmp_path, "drm.epub", lambda f: f.update({"META-INF/encryption.xml": ENCRYPTION.format(
            algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc", uri="OEBPS/Text/kapitel2.html").encode()}))
    elif case == "not-epub":
        path = tmp_path / "photos.epub"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "Der Hund schläft.")
    elif case == "missing":
        path = _variant(tmp_path, "missing.epub", lambda f: f.pop("OEBPS/Text/kapitel2.html"))
    elif case == "same-id":  # which file the spine means would be a guess, and a chapter lost without a word
        opf = "OEBPS/content.opf"
        path = _variant(tmp_path, "same-id.epub", lambda f: f.update({opf: f[opf].replace(b'id="c2"', b'id="c1"')}))
    else:
        path = tmp_path / "text.epub"
        path.write_text("Der Hund schläft.", encoding="utf-8")
    assert main(["translate", str(path), "--model", TINY, "--no-cache", "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_font_obfuscation_is_not_drm(tmp_path):
    path = _variant(tmp_path, "fonts.epub", lambda f: f.update({"META-INF/encryption.xml": ENCRYPTION.format(
        algorithm="http://www.idpf.org/2008/embedding", uri="OEBPS/Fonts/a.otf").encode()}))
    assert load_document(str(path)).sections


def test_corpus_over_a_folder_with_a_book_and_compare_with_a_book_source(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "sample.epub", src / "sample.epub")
    shutil.copy(SAMPLE, src / "artikel.de.txt")
    cache = str(tmp_path / "cache")
    assert main(["corpus", str(src), "-o", str(tmp_path / "out"), "-f", "epub-bilingual", "--model", TINY, "-q",
                 "--cache-dir", cache]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".epub")
    assert written == ["artikel.en.epub", "sample.en.epub"]
    assert main(["corpus", str(src), "-o", str(tmp_path / "txt"), "-f", "txt", "--model", TINY, "-q",
                 "--cache-dir", cache]) == 0
    english = tmp_path / "txt" / "sample.en.txt"
    assert english.exists()
    capsys.readouterr()
    assert main(["compare", str(FIXTURES / "sample.epub"), "--system", f"txt={english}", "--system", f"model={TINY}",
                 "--cache-dir", cache]) == 0
    assert "100.0" in capsys.readouterr().out


@pytest.mark.parametrize("xhtml, plain", [
    ("<p>Wort<em>„Zitat“</em>b und <b>fett</b>.</p>", "Wort„Zitat“b und fett."),  # an emphasis that cannot open
    ("<p># Keine * Überschrift_ [sondern] &lt;Text&gt;</p>", "# Keine * Überschrift_ [sondern] <Text>"),
    ("<p>1. Kein Punkt einer Liste.<br/><br/>- Auch <code>x `y`</code> nicht.</p>",
     "1. Kein Punkt einer Liste.\n- Auch x `y` nicht."),
])
def test_a_blocks_markdown_reads_back_as_exactly_its_words(xhtml, plain):
    from reader.document.xhtml import chapter_blocks
    from reader.text.inline import strip_inline

    parsed = chapter_blocks(f"<html><body>{xhtml}</body></html>".encode(), "x.xhtml")
    [(block, words)] = parsed.blocks
    assert words == plain and strip_inline(block.text).plain == plain


def test_a_markdown_book_keeps_a_numbered_and_a_bulleted_list_apart_and_links_nowhere_unwrapped(tmp_path):
    source = tmp_path / "listen.md"
    source.write_text("# Titel\n\n1. Eins ist hier.\n2. Zwei ist da.\n\n- Oben ist es.\n- Unten ist es.\n\n"
                      "Ein [Bild](bild.png) und [Web](https://example.org).\n", encoding="utf-8")
    out = tmp_path / "listen.epub"
    assert main(["translate", str(source), "-o", str(out), "--model", TINY, "--no-cache", "-q"]) == 0
    tree = chapters_of(out.read_bytes())[0]
    assert [(el.tag.rsplit("}", 1)[1], len(el)) for el in tree.iter(f"{XHTML}ol", f"{XHTML}ul")] == [("ol", 2), ("ul", 2)]
    assert [a.get("href") for a in tree.iter(f"{XHTML}a")] == ["https://example.org"]  # bild.png is not in the book
