"""HTML files and URLs: fetched (from a local server), main text extracted, segmented."""

from __future__ import annotations

import http.server
import threading
from functools import partial

import pytest

from reader.errors import InputError
from reader.document import load_document
from reader.text.web import _strip_tags, html_to_text, looks_like_html

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Die NATO beeilt sich</title>
<script>document.write("nicht lesen")</script><style>p { color: red }</style></head>
<body>
<nav><a href="/">Startseite</a> <a href="/k">Kontakt</a> <a href="/i">Impressum</a></nav>
<article>
<h1>Die NATO beeilt sich</h1>
<p>Die Verbündeten der Ukraine haben ihren Fokus verlagert. Sie wollen Kiew besser in die Lage versetzen,
dem russischen Vormarsch entgegenzuwirken oder einen möglichen Waffenstillstand auszuhandeln.</p>
<p>Dies berichtet Bloomberg unter Berufung auf mit der Angelegenheit vertraute Quellen. Ein Text mit
[bold]eckigen[/bold] Klammern bleibt, wie er ist.</p>
<p>Die Diskussion beinhaltet Sicherheitsgarantien, die die Ukraine schützen würden, ohne Putin zu provozieren,
sagten die Gesprächspartner.</p>
</article>
<footer>© 2024 Irgendein Verlag · Datenschutz · Cookies</footer>
</body></html>
"""


def test_looks_like_html():
    assert looks_like_html(PAGE)
    assert looks_like_html("  <!-- x --><html><body>x</body></html>")
    assert not looks_like_html("Die NATO beeilt sich. <b>fett</b>")


def test_main_text_is_kept_and_the_rest_dropped():
    text = html_to_text(PAGE)
    assert text.startswith("Die NATO beeilt sich")
    assert "Die Verbündeten der Ukraine haben ihren Fokus verlagert." in text
    assert "[bold]eckigen[/bold]" in text
    for junk in ("nicht lesen", "color: red", "Impressum", "Datenschutz"):
        assert junk not in text


def test_fallback_tag_stripper():
    text = _strip_tags(PAGE)
    assert "Die Verbündeten der Ukraine" in text and "nicht lesen" not in text and "color: red" not in text


def test_html_file_becomes_paragraphs(tmp_path):
    path = tmp_path / "artikel.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = load_document(str(path))
    assert doc.format == "html"
    assert doc.paragraphs[0].sentences[0].text == "Die NATO beeilt sich"
    assert any("Bloomberg" in s.text for s in doc.sentences)
    assert not any("<p>" in s.text for s in doc.sentences)


def test_html_detected_without_extension(tmp_path):
    path = tmp_path / "page"
    path.write_text(PAGE, encoding="utf-8")
    assert load_document(str(path)).format == "html"


@pytest.fixture
def server(tmp_path):
    (tmp_path / "artikel.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Ein Satz. Noch ein Satz.", encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_fetched_and_extracted(server):
    doc = load_document(f"{server}/artikel.html")
    assert doc.name.endswith("/artikel.html")
    assert doc.sentences[0].text == "Die NATO beeilt sich"
    assert "Impressum" not in doc.text


def test_a_fetched_page_is_html_by_its_content_whatever_its_address(server, tmp_path):
    (tmp_path / "notes.md").write_text(PAGE, encoding="utf-8")  # the server's folder is tmp_path
    doc = load_document(f"{server}/notes.md")
    assert doc.format == "html" and doc.sentences[0].text == "Die NATO beeilt sich"


def test_plain_text_url(server):
    doc = load_document(f"{server}/plain.txt")
    assert [s.text for s in doc.sentences] == ["Ein Satz.", "Noch ein Satz."]


def test_a_fetched_test_set_has_the_lines_a_local_copy_has(server, tmp_path):
    # A lone "\r" inside a line does not end it in a test set (--lines), fetched or not.
    (tmp_path / "set.de").write_bytes("Erste Zeile\rmit Wagenrücklauf.\r\nZweite Zeile.\n\nVierte Zeile.\n".encode("utf-8"))
    fetched = load_document(f"{server}/set.de", input_format="lines")
    local = load_document(str(tmp_path / "set.de"), input_format="lines")
    assert fetched.text == local.text == "Erste Zeile mit Wagenrücklauf.\nZweite Zeile.\n\nVierte Zeile.\n"
    assert [len(p.sentences) for p in fetched.paragraphs] == [len(p.sentences) for p in local.paragraphs]


def test_encoding_is_honoured_for_a_url(server, tmp_path):
    (tmp_path / "alt.txt").write_bytes("Grüße aus Köln.".encode("cp1252"))
    assert load_document(f"{server}/alt.txt", encoding="cp1252").sentences[0].text == "Grüße aus Köln."


@pytest.mark.parametrize("name, fmt", [("epub/sample.epub", "epub"), ("pdf/bericht.pdf", "pdf"), ("office/brief.docx", "docx")])
def test_a_book_or_file_at_an_address_is_read_by_its_bytes(server, tmp_path, name, fmt):
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / name
    (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    fetched, local = load_document(f"{server}/{fixture.name}"), load_document(str(fixture))
    assert fetched.format == local.format == fmt and fetched.text == local.text


def test_an_image_at_an_address_is_refused_by_its_type(server, tmp_path):
    (tmp_path / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(InputError, match="not a web page or text .image/png."):
        load_document(f"{server}/bild.png")


def test_url_errors_are_plain(server):
    with pytest.raises(InputError, match="404"):
        load_document(f"{server}/missing.html")
    with pytest.raises(InputError, match="cannot fetch"):
        load_document("http://127.0.0.1:9/nothing")


def test_inline_tags_do_not_split_paragraphs_and_title_is_not_repeated():
    from reader.text.web import html_to_text

    page = (
        "<html><head><title>Hunde und Häuser</title></head><body><nav>Startseite | Kontakt</nav>"
        "<article><h1>Hunde und Häuser</h1><p>Der Hund schläft. Das Haus ist <b>klein</b>.</p>"
        '<p>Ein <a href="x">Link</a> hier und <i>kursiv</i> dort.</p></article></body></html>'
    )
    assert html_to_text(page).split("\n") == [
        "Hunde und Häuser",
        "Der Hund schläft. Das Haus ist klein.",
        "Ein Link hier und kursiv dort.",
    ]


def test_markdown_keeps_quotes_and_preformatted_text_verbatim():
    from pathlib import Path

    page = (Path(__file__).parent / "fixtures" / "quote_and_code.html").read_text(encoding="utf-8")
    text = html_to_text(page, markup=True)
    assert "> Wo ist der Bahnhof?\n>\n> Die Kinder spielen im Garten." in text
    assert '```\ndef gruss(name):\n\n    return "Das Haus ist klein."  # *nicht* <übersetzen>\n```' in text
    assert "```\nreader open   seite.html\n```" in text
    assert "readerblock" not in text and "Impressum" not in text
    from reader.document import build_document

    doc = build_document(text, "page.html", "md")
    kinds = {doc.text[p.start:p.end]: (p.kind, len(p.sentences)) for p in doc.paragraphs}
    assert kinds["Wo ist der Bahnhof?"] == ("quote", 1)
    assert [n for kind, n in kinds.values() if kind == "code"] == [0, 0]  # never translated
    # The plain text of the page is as before: one paragraph a line, no markup.
    assert "Wo ist der Bahnhof?\nDie Kinder spielen im Garten." in html_to_text(page)


@pytest.mark.parametrize(("pre", "code"), [
    ("x = *a* + `b`\n  y = 2", "x = *a* + `b`   y = 2"),  # a backtick inside: a longer run around it
    ("`quoted`", "`quoted`"),  # a backtick at an end: a space inside each end, which the reader strips
    ("  eingerückt", "  eingerückt"),
    ("a ``` b", "a ``` b"),
])
def test_a_pre_inside_a_list_item_is_one_code_span_with_its_text(pre, code):
    from reader.text.inline import strip_inline

    page = ("<html><body><article><h1>Titel</h1><p>Das ist ein langer Absatz über den Code, der hier folgt, "
            "damit die Seite genug Text hat.</p>"
            f"<ul><li>Erstens: <pre>{pre}</pre></li><li>Zweitens ist das hier.</li></ul>"
            "<p>Noch ein Absatz mit genug Text, damit trafilatura die Seite als Artikel erkennt.</p></article></body></html>")
    text = html_to_text(page, markup=True)
    (line,) = [line for line in text.split("\n") if line.startswith("- Erstens")]
    (span,) = strip_inline(line).spans
    assert span.kind == "code" and span.text == code
    assert strip_inline(line).plain == "- Erstens: " + code


def test_a_small_local_page_keeps_every_block_in_its_order(tmp_path):
    # Precision-mode extraction dropped the list and the mid-page heading (and the title guess put that heading
    # first); recall mode keeps both and breaks no paragraph, so it is taken.
    page = tmp_path / "klein.html"
    page.write_text("<html><body><p>Vorher.</p><p>Mitte eins.</p><ul><li>Eins ist hier.</li></ul><h2>Titel zwei</h2>"
                    "<p>Mitte zwei.</p><p>Nachher.</p></body></html>", encoding="utf-8")
    doc = load_document(str(page))
    assert [s.text for s in doc.sentences] == ["Vorher.", "Mitte eins.", "Eins ist hier.", "Titel zwei", "Mitte zwei.", "Nachher."]


def test_a_page_table_is_cells_never_pipes(tmp_path):
    page = tmp_path / "tabelle.html"
    page.write_text("<html><body><p>Vorher.</p><table><tr><td>Berlin ist groß.</td><td>Hamburg ist nass.</td></tr>"
                    "</table><ul><li>Eins ist hier.</li><li>Zwei ist da.</li></ul><p>Nachher.</p></body></html>",
                    encoding="utf-8")
    plain = load_document(str(page))
    assert [s.text.removeprefix("- ") for s in plain.sentences] == [
        "Vorher.", "Berlin ist groß.", "Hamburg ist nass.", "Eins ist hier.", "Zwei ist da.", "Nachher."]
    assert "|" not in plain.text
    marked = load_document(str(page), markup=True)  # Markdown for the md/html outputs: a GFM table, a row of two cells
    rows = [p for p in marked.paragraphs if p.kind == "table"]
    assert [[s.text for s in p.sentences] for p in rows] == [["Berlin ist groß.", "Hamburg ist nass."], []]
    assert [s.text for s in marked.sentences][-3:] == ["Eins ist hier.", "Zwei ist da.", "Nachher."]
