"""Output formats, on Documents and Translations built by hand."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
import xml.etree.ElementTree as ET
from typing import Sequence, Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.output.atomic import atomic_write_text
from reader.document import Document, Paragraph, Sentence
from reader.translation import Hypothesis, Translation, WordLink
from reader.output.writers import FORMATS, format_from_path, write_document, writer_for

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# A paragraph: its sentences (joined by spaces in the text), or (paragraph text, sentences).
Layout = Sequence[Union[Sequence[str], tuple[str, Sequence[str]]]]


def build(text: str, layout: Layout, kinds: Sequence[str] = (), fmt: str = "txt") -> Document:
    """A Document over ``text``, locating each paragraph and sentence in order."""
    paragraphs = []
    pos = index = 0
    for p_index, entry in enumerate(layout):
        # A bare list of sentences spans first sentence start .. last sentence end.
        p_text, sents = entry if isinstance(entry, tuple) else (None, entry)
        p_start = text.index(p_text if p_text is not None else sents[0], pos)
        pos = p_start
        sentences = []
        for s_text in sents:
            start = text.index(s_text, pos)
            pos = start + len(s_text)
            sentences.append(Sentence(index, p_index, start, pos, s_text))
            index += 1
        if p_text is not None:
            pos = p_start + len(p_text)
        kind = kinds[p_index] if p_index < len(kinds) else "text"
        paragraphs.append(Paragraph(p_index, p_start, pos, tuple(sentences), kind))
    return Document(text=text, paragraphs=tuple(paragraphs), name="test", format=fmt)


def tr(source: str, text: str, score: float = -0.25, **kw: object) -> Translation:
    return Translation(source=source, best=Hypothesis(text=text, score=score), **kw)  # type: ignore[arg-type]


def render(doc: Document, translations: Sequence[Translation], fmt: str) -> str:
    out = io.StringIO()
    write_document(doc, translations, fmt, out)
    return out.getvalue()


def simple(doc: Document, english: Sequence[str]) -> list[Translation]:
    return [tr(s.text, e) for s, e in zip(doc.sentences, english)]


TEXT = "Erster Satz. Zweiter Satz.\n\nDritter Satz.\nVierter Satz.\n\n\nFünfter Satz."
LAYOUT = [["Erster Satz.", "Zweiter Satz."], ["Dritter Satz."], ["Vierter Satz."], ["Fünfter Satz."]]
ENGLISH = ["First sentence.", "Second sentence.", "Third sentence.", "Fourth sentence.", "Fifth."]


# -- general ----------------------------------------------------------------


def test_format_from_path() -> None:
    assert [format_from_path(f"a/b.{f}") for f in FORMATS] == list(FORMATS)
    assert format_from_path("OUT.TMX") == "tmx"
    assert format_from_path("x.html") == "html"
    assert format_from_path("x.docx") == "docx"
    assert format_from_path("x.pages") is None
    assert format_from_path("noext") is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_length_mismatch_is_a_clear_error(fmt: str) -> None:
    doc = build(TEXT, LAYOUT)
    with pytest.raises(ValueError, match="4 translations for 5 sentences"):
        render(doc, simple(doc, ENGLISH)[:4], fmt)
    with pytest.raises(ValueError, match="6 translations for 5 sentences"):
        render(doc, simple(doc, ENGLISH) + [tr("x", "y")], fmt)


def test_unknown_format() -> None:
    doc = build(TEXT, LAYOUT)
    with pytest.raises(ValueError, match="unknown output format"):
        render(doc, simple(doc, ENGLISH), "pages")


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_document(fmt: str) -> None:
    if writer_for(fmt).binary:  # a container: still a whole one (an EPUB with an empty chapter, an empty letter)
        data = io.BytesIO()
        write_document(Document(text="", paragraphs=()), [], fmt, data)
        names = zipfile.ZipFile(data).namelist()
        if fmt.startswith("docx"):
            assert "word/document.xml" in names
        else:
            mimetype = {"epub": b"application/epub+zip", "odt": b"application/vnd.oasis.opendocument.text"}
            assert zipfile.ZipFile(data).read("mimetype") == mimetype[fmt.split("-")[0]]
        return
    out = render(Document(text="", paragraphs=()), [], fmt)
    if fmt == "tsv":
        assert out == "paragraph\tsentence\tsource\ttranslation\tscore\n"
    elif fmt == "tmx":
        assert ET.fromstring(out.encode()).find("body") is not None
    elif fmt.startswith("html"):
        assert "<article>\n\n</article>" in out
    elif fmt.startswith("vtt"):
        assert out == "WEBVTT\n\n"
    else:
        assert out == ""


# -- txt --------------------------------------------------------------------


def test_txt_keeps_paragraph_separation() -> None:
    doc = build(TEXT, LAYOUT)
    assert render(doc, simple(doc, ENGLISH), "txt") == (
        "First sentence. Second sentence.\n\nThird sentence.\nFourth sentence.\n\n\nFifth.\n"
    )


def test_txt_empty_translations_and_inner_newlines() -> None:
    doc = build(TEXT, LAYOUT)
    english = ["", "Two\nlines.", "", "Four.", "Five."]
    assert render(doc, simple(doc, english), "txt") == "Two lines.\n\n\nFour.\n\n\nFive.\n"


def test_txt_keeps_untranslated_paragraph() -> None:
    text = "Satz eins.\n\n    x = 1\n\nSatz zwei."
    doc = build(text, [["Satz eins."], ("    x = 1", []), ["Satz zwei."]], kinds=["text", "code"])
    out = render(doc, simple(doc, ["One.", "Two."]), "txt")
    assert out == "One.\n\n    x = 1\n\nTwo.\n"


# -- md ---------------------------------------------------------------------


def test_md_plain_text_document() -> None:
    text = "Die Lage\n\nEs regnet. Es ist kalt.\n\n# Kein Titel\n- kein Punkt\n1. keine Zahl"
    doc = build(
        text,
        [["Die Lage"], ["Es regnet.", "Es ist kalt."], ["# Kein Titel\n- kein Punkt\n1. keine Zahl"]],
        kinds=["heading"],
    )
    out = render(doc, simple(doc, ["The situation", "It rains.", "It is cold.", "# No\n- title"]), "md")
    assert out == (
        "> ## Die Lage\n\n## The situation\n\n"
        "> Es regnet. Es ist kalt.\n\nIt rains. It is cold.\n\n"
        "> \\# Kein Titel\n> \\- kein Punkt\n> 1\\. keine Zahl\n\n\\# No - title\n"
    )


def test_md_markdown_document_keeps_markup() -> None:
    text = (
        "# Überschrift\n\nText & mehr. Noch *einer*.\n\n- Punkt eins.\n- Punkt zwei.\n\n"
        "Zweiter Titel\n=====\n\n```\ncode\n```"
    )
    doc = build(
        text,
        [
            ("# Überschrift", ["Überschrift"]),
            ["Text & mehr.", "Noch *einer*."],
            ("- Punkt eins.\n- Punkt zwei.", ["Punkt eins.", "Punkt zwei."]),
            ("Zweiter Titel\n=====", ["Zweiter Titel"]),
            ("```\ncode\n```", []),
        ],
        kinds=["heading", "text", "list", "heading", "code"],
        fmt="md",
    )
    english = ["Heading", "Text & more.", "Another *one*.", "Point one.", "Point two.", "Second title"]
    out = render(doc, simple(doc, english), "md")
    assert out == (
        "> # Überschrift\n\n# Heading\n\n"
        "> Text & mehr. Noch *einer*.\n\nText & more. Another *one*.\n\n"
        "> - Punkt eins.\n> - Punkt zwei.\n\n- Point one.\n- Point two.\n\n"
        "> # Zweiter Titel\n\n# Second title\n\n"
        "```\ncode\n```\n"
    )


# -- jsonl ------------------------------------------------------------------


def test_jsonl_fields() -> None:
    text = "Vorwort.\n\nDer Hund schläft. Er träumt."
    doc = build(text, [["Vorwort."], ["Der Hund schläft.", "Er träumt."]])
    rich = Translation(
        source="Der Hund schläft.",
        best=Hypothesis(
            text="The dog sleeps.",
            score=-0.123456,
            tokens=("▁The", "▁dog", "▁sleeps", ".", "</s>"),
            token_scores=(-0.1, -0.2, -0.3, -0.01, -0.001),
            alignment=(WordLink(0, 3, 0, 3, 0.9), WordLink(4, 8, 4, 7, 0.8), WordLink(9, 16, 8, 14)),
        ),
        alternatives=(Hypothesis("The dog is sleeping.", -0.5),),
    )
    edited = tr("Er träumt.", "He dreams.", edited=True)
    lines = render(doc, [tr("Vorwort.", "", float("-inf")), rich, edited], "jsonl").splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert records[0]["translation"] == "" and records[0]["score"] is None
    assert "alternatives" not in records[0]
    r = records[1]
    assert r["paragraph"] == 1 and r["sentence"] == 1
    assert r["source"] == "Der Hund schläft." and "schläft" in lines[1]  # ensure_ascii=False
    s, e = r["source_span"]
    assert text[s:e] == r["source"]
    assert r["translation"] == "The dog sleeps." and r["score"] == -0.1235
    assert r["tokens"] == list(rich.best.tokens)
    assert r["token_scores"] == list(rich.best.token_scores)
    assert r["alignment"][1] == {
        "source": [4, 8], "target": [4, 7], "source_word": "Hund", "target_word": "dog", "weight": 0.8
    }
    assert [a["source_word"] for a in r["alignment"]] == ["Der", "Hund", "schläft"]
    assert r["edited"] is False and records[2]["edited"] is True
    assert r["alternatives"] == [{"translation": "The dog is sleeping.", "score": -0.5}]
    assert "engine_source" not in r


def test_jsonl_control_characters_and_newlines_stay_on_one_line() -> None:
    text = "Ein\x07 Satz\nmit Umbruch.\tTab."
    doc = build(text, [["Ein\x07 Satz\nmit Umbruch.", "Tab."]])
    out = render(doc, simple(doc, ["A\x1b sentence\nwith\u2028break.", "Tab\t."]), "jsonl")
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == 3
    assert len(out.splitlines()) == 2  # U+2028 escaped too
    assert json.loads(lines[0])["source"] == "Ein\x07 Satz\nmit Umbruch."
    assert json.loads(lines[0])["translation"] == "A\x1b sentence\nwith\u2028break."


# -- tsv --------------------------------------------------------------------


def test_tsv_rows_have_five_fields() -> None:
    text = "Ein\tSatz\nmit Umbruch.\r Zweiter\u2028Satz."
    doc = build(text, [["Ein\tSatz\nmit Umbruch.", "Zweiter\u2028Satz."]])
    english = ["A\tsentence\r\nwith break.", ""]
    out = render(doc, simple(doc, english), "tsv")
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["paragraph", "sentence", "source", "translation", "score"]
    assert rows[1] == ["0", "0", "Ein Satz mit Umbruch.", "A sentence  with break.", "-0.2500"]
    assert rows[2] == ["0", "1", "Zweiter Satz.", "", "-0.2500"]
    assert len(rows) == 3


# -- tmx --------------------------------------------------------------------


def test_tmx_structure_and_escaping() -> None:
    text = 'A & B <c> "d"\x00\x07. Zweiter\x1b Satz.'
    doc = build(text, [['A & B <c> "d"\x00\x07.', "Zweiter\x1b Satz."]])
    out = render(doc, simple(doc, ['A & B <c> "d"\x0c.', ""]), "tmx")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.attrib["creationtool"] == "reader" and header.attrib["creationtoolversion"]
    assert {k: header.attrib[k] for k in ("segtype", "adminlang", "srclang", "datatype")} == {
        "segtype": "sentence", "adminlang": "en", "srclang": "de", "datatype": "plaintext"
    }
    assert header.get("o-tmf")
    tus = root.findall("body/tu")
    assert len(tus) == 2
    pairs = [
        [(tuv.get(XML_LANG), tuv.findtext("seg")) for tuv in tu.findall("tuv")] for tu in tus
    ]
    assert pairs[0] == [("de", 'A & B <c> "d".'), ("en", 'A & B <c> "d".')]
    assert pairs[1] == [("de", "Zweiter Satz."), ("en", "")]


# -- every format, arbitrary text ---------------------------------------------

sentence_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(sentence_text, st.text(max_size=30)), min_size=1, max_size=5))
def test_any_text_gives_well_formed_output(pairs: list[tuple[str, str]]) -> None:
    text = "\n\n".join(s for s, _ in pairs)
    doc = build(text, [[s] for s, _ in pairs])
    translations = [tr(s, e) for s, e in pairs]
    tsv = render(doc, translations, "tsv").splitlines()
    assert len(tsv) == len(pairs) + 1 and all(len(r.split("\t")) == 5 for r in tsv)
    jsonl = render(doc, translations, "jsonl").splitlines()
    assert [json.loads(line)["translation"] for line in jsonl] == [e for _, e in pairs]
    segs = ET.fromstring(render(doc, translations, "tmx").encode()).findall("body/tu/tuv/seg")
    assert len(segs) == 2 * len(pairs)
    for fmt in ("txt", "md"):
        assert render(doc, translations, fmt).endswith("\n")


# -- atomic writes ------------------------------------------------------------


def test_atomic_write_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with atomic_write_text(target) as f:
        f.write("neu – ü\r\nzwei\n")
        assert target.read_text() == "old\n"  # not visible until done
    assert target.read_bytes() == "neu – ü\r\nzwei\n".encode()
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_new_file_mode_respects_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with atomic_write_text(tmp_path / "new.txt") as f:
            f.write("x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_atomic_write_exception_keeps_old_file(tmp_path: Path, exc: type[BaseException]) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(exc):
        with atomic_write_text(target) as f:
            f.write("half")
            raise exc()
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_exception_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        with atomic_write_text(tmp_path / "out.txt") as f:
            f.write("half")
            raise RuntimeError
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_atomic_write_sigkill_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    child = textwrap.dedent(
        f"""
        import sys, time
        from reader.output.atomic import atomic_write_text
        with atomic_write_text({str(target)!r}) as f:
            f.write("half" * 10000)
            f.flush()
            print("ready", flush=True)
            time.sleep(60)
        """
    )
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_text() == "old\n"
    # The killed writer may leave its temp file: hidden, next to the target.
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p != target)
    assert all(n.startswith(".out.txt.") and n.endswith(".tmp") for n in leftovers)


def test_ctrl_c_the_instant_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """The window CI once hit: the interrupt lands after the file exists, before any write."""
    from reader.output import atomic

    real = atomic.create_new_file

    def then_interrupted(path):
        real(path)
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "create_new_file", then_interrupted)
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt):
        with atomic.atomic_write_text(target) as f:
            f.write("new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert target.read_text() == "old\n"


def test_markdown_input_keeps_its_markers_on_both_sides():
    import io

    from reader.document import build_document
    from reader.translation import Hypothesis, Translation

    doc = build_document("# Titel\n\n- Eins.\n1. Zwei.\n\n> Drei.\n", "t.md", "md")
    english = {"Titel": "Title", "Eins.": "One.", "Zwei.": "Two.", "Drei.": "Three."}
    translations = [Translation(s.text, Hypothesis(english[s.text], -0.1)) for s in doc.sentences]
    out = io.StringIO()
    write_document(doc, translations, "md", out)
    assert out.getvalue() == (
        "> # Titel\n\n# Title\n\n> - Eins.\n\n- One.\n\n> 1. Zwei.\n\n1. Two.\n\n> > Drei.\n\n> Three.\n"
    )
