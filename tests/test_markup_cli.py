"""Inline markup through `reader translate`: -f md, md-en, html, html-bilingual with the tiny model,
and the writers on hand-made translations (structure, escaping, safety)."""

from __future__ import annotations

import html
import json
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.cli import main
from reader.document import build_document
from reader.output.writers import translation_sources, write_document
from reader.text.inline import strip_inline
from reader.translation import Hypothesis, Translation, WordLink

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")

ARTICLE = """# Die Lage

Das Haus ist **klein**. Der Hund _schläft_.

- Das Wetter ist [heute](https://example.org/wetter?q=a_b&x=1) schön.
- Wir trinken `Kaffee`.

> Wo ist der Bahnhof?

```
Der Code bleibt.
```
"""

PAGE = """<!doctype html>
<html><head><title>Die Lage</title><script>alert("x")</script></head>
<body><nav><a href="/">Start</a> <a href="/a">Archiv</a></nav>
<article>
<h1>Die Lage</h1>
<p>Das Haus ist <strong>klein</strong>. Der Hund <em>schläft</em>.</p>
<p>Das Wetter ist <a href="https://example.org/wetter?q=a_b&amp;x=1">heute</a> schön.</p>
<ul><li>Wir trinken <code>Kaffee</code>.</li><li>Er liest ein <a href="javascript:alert(1)">Buch</a>.</li></ul>
<p><img src="https://tracker.example/pixel.gif" alt="">Die Kinder spielen im Garten.</p>
</article>
<footer>Impressum</footer>
</body></html>
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


def _translate(capsys, path, fmt, cache):
    rc = main(["translate", str(path), "-f", fmt, "--model", TINY, "--backend", "torch", "--cache-dir", str(cache), "-q"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    return out.out


def test_md_en_keeps_structure_links_emphasis_and_code(capsys, cache, tmp_path):
    src = tmp_path / "art.md"
    src.write_text(ARTICLE, encoding="utf-8")
    out = _translate(capsys, src, "md-en", cache)
    lines = out.split("\n")
    assert lines[0].startswith("# ")
    assert "The house is **small**. The dog _is sleeping_." in lines
    assert "- The weather is nice [today](https://example.org/wetter?q=a_b&x=1)." in lines
    # Code is never translated; the model's own "coffee" is kept (no English word is lost).
    assert "- We are drinking `Kaffee` coffee." in lines
    assert "> Where is the train station?" in lines
    assert "```\nDer Code bleibt.\n```" in out
    # The list stays tight (one newline between items, as in the original).
    assert "schön" not in out and "- The weather" in out and out.index("- We are") - out.index("- The weather") < 80


def test_md_bilingual_carries_the_markup_too(capsys, cache, tmp_path):
    src = tmp_path / "art.md"
    src.write_text(ARTICLE, encoding="utf-8")
    out = _translate(capsys, src, "md", cache)
    assert "> Das Haus ist **klein**. Der Hund _schläft_.\n\nThe house is **small**. The dog _is sleeping_." in out
    assert "[today](https://example.org/wetter?q=a_b&x=1)" in out


CODE_SENTENCES = [
    "Das Haus ist `rm -rf /tmp/x` klein.",
    "`ls -l` zeigt die Dateien.",
    "Die Dateien zeigt `ls -l`.",
    "Der Befehl `git status` ist nützlich und `git log` auch.",
    "Ich habe `x = 1` geschrieben, aber es war falsch.",
]


def test_md_en_keeps_every_english_word_around_inline_code(capsys, cache, tmp_path):
    # The tiny model's attention links code to English words that are no copy of it; those
    # words once gave way to the code ("The situation is `rm -rf /tmp/x`" lost "unstable and
    # the talks are due to begin soon").
    marked = tmp_path / "code.md"
    marked.write_text("\n\n".join(CODE_SENTENCES) + "\n", encoding="utf-8")
    plain = tmp_path / "code.txt"
    plain.write_text("\n\n".join(strip_inline(s).plain for s in CODE_SENTENCES) + "\n", encoding="utf-8")
    shown = [line for line in _translate(capsys, marked, "md-en", cache).split("\n") if line]
    english = [line for line in _translate(capsys, plain, "txt", cache).split("\n") if line]
    assert len(shown) == len(english) == len(CODE_SENTENCES)
    for german, md, model in zip(CODE_SENTENCES, shown, english):
        rest = strip_inline(md).plain
        for code in strip_inline(german).spans:
            assert code.verbatim in md  # as written, backticks included
            rest = rest.replace(code.text, " ", 1)
        assert "".join(rest.split()) == "".join(model.split())  # the model's English, every character


def test_the_model_never_sees_the_markup(tmp_path):
    src = tmp_path / "art.md"
    src.write_text(ARTICLE, encoding="utf-8")
    from reader.document import load_document

    doc = load_document(str(src))
    sources = translation_sources(doc, "md-en")
    assert "Das Haus ist klein." in sources and "Das Wetter ist heute schön." in sources
    assert not any(c in "".join(sources) for c in "*_`[]()")
    assert translation_sources(doc, "txt") == [s.text for s in doc.sentences]  # other formats: as before


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_page_in_english_with_links_and_emphasis(capsys, cache, tmp_path):
    src = tmp_path / "page.html"
    src.write_text(PAGE, encoding="utf-8")
    out = _translate(capsys, src, "html", cache)
    assert "<p>The house is <strong>small</strong>. The dog <em>is sleeping</em>.</p>" in out
    assert ('The weather is nice <a href="https://example.org/wetter?q=a_b&amp;x=1" '
            'rel="noopener noreferrer nofollow">today</a>.') in out
    assert "<li>We are drinking <code>Kaffee</code> coffee.</li>" in out
    parser = _Tags()
    parser.feed(out)
    tags = [t for t, _ in parser.tags]
    assert "h1" in tags and "ul" in tags
    # Safe: no scripts, no images or other remote resources, no javascript: links, nothing from the page's chrome.
    assert not {"script", "img", "iframe", "link", "object"} & set(tags)
    assert all(a.get("href", "").startswith("https://") for t, a in parser.tags if t == "a")
    assert "javascript" not in out and "tracker" not in out and "Impressum" not in out
    assert "default-src 'none'" in out


def test_html_bilingual_each_german_paragraph_then_its_english(capsys, cache, tmp_path):
    src = tmp_path / "page.html"
    src.write_text(PAGE, encoding="utf-8")
    out = _translate(capsys, src, "html-bilingual", cache)
    de = '<p lang="de" class="de">Das Haus ist <strong>klein</strong>. Der Hund <em>schläft</em>.</p>'
    en = '<p lang="en">The house is <strong>small</strong>. The dog <em>is sleeping</em>.</p>'
    assert de + "\n" + en in out
    assert '<li><p lang="de" class="de">Wir trinken <code>Kaffee</code>.</p><p lang="en">We are drinking <code>Kaffee</code> coffee.</p></li>' in out


def test_html_escapes_everything():
    doc = build_document("Das <b>Haus</b> & **gut**.\n", "t.md", "md")
    sources = translation_sources(doc, "html")
    plain = sources[0]
    en = "The <b>house</b> & good."
    words = lambda t: [m.span() for m in re.finditer(r"\S+", t)]
    links = tuple(WordLink(*a, *b) for a, b in zip(words(plain), words(en)))
    t = Translation(plain, Hypothesis(en, -0.1, alignment=links))
    out = io.StringIO()
    write_document(doc, [t], "html", out)
    html = out.getvalue()
    assert "<p>The &lt;b&gt;house&lt;/b&gt; &amp; <strong>good</strong>.</p>" in html


def test_a_translation_of_the_marked_up_text_is_written_as_it_is():
    # A caller that translated the raw sentence (markup included) gets today's behaviour.
    doc = build_document("Das **Haus**.\n", "t.md", "md")
    t = Translation("Das **Haus**.", Hypothesis("The **house**.", -0.1))
    out = io.StringIO()
    write_document(doc, [t], "md-en", out)
    assert out.getvalue() == "The **house**.\n"


def test_md_en_of_plain_text_escapes_structure():
    doc = build_document("Titel\n# Kein Titel\n", "t.txt", "txt")
    ts = [Translation(s.text, Hypothesis(e, -0.1)) for s, e in zip(doc.sentences, ["Title", "# No title"])]
    out = io.StringIO()
    write_document(doc, ts, "md-en", out)
    assert out.getvalue() == "Title\n\n\\# No title\n"
    assert strip_inline("\\# No title").plain == "# No title"


QUOTE_AND_CODE = Path(__file__).parent / "fixtures" / "quote_and_code.html"
CODE = 'def gruss(name):\n\n    return "Das Haus ist klein."  # *nicht* <übersetzen>'


def test_html_quotes_stay_quotes_and_pre_is_verbatim_code(capsys, cache):
    out = _translate(capsys, QUOTE_AND_CODE, "md-en", cache)
    lines = out.split("\n")
    assert "> Where is the train station?" in lines and "> The children are playing in the garden." in lines
    assert f"```\n{CODE}\n```" in out  # never translated, blank line and all
    assert "```\nreader open   seite.html\n```" in out  # a <pre> without <code> too (not a quote)
    assert "The house is **small**. The dog is sleeping." in lines and "He is reading a book." in lines


def test_html_output_of_an_html_page_keeps_the_quote_and_the_code(capsys, cache):
    out = _translate(capsys, QUOTE_AND_CODE, "html", cache)
    assert "<blockquote><p>Where is the train station?</p></blockquote>" in out
    assert f"<pre><code>{CODE.replace('<', '&lt;').replace('>', '&gt;').replace(chr(34), '&quot;')}</code></pre>" in out
    assert "<pre><code>reader open   seite.html</code></pre>" in out


PLAIN_NASTY = [
    "Hallo <img src=x onerror=alert(1)> Welt.",
    "Das ist **fett** und _schräg_ und `Code`.",
    "Ein [Klick](javascript:alert(1)) hier & &amp; dort.",
    "Spalte | Spalte und ~~durch~~ und \\*Stern\\*.",
    "# Keine Überschrift",
    "> Kein Zitat, <!-- kein Kommentar -->.",
]


def test_plain_text_in_markdown_output_is_shown_as_written_never_as_markup(tmp_path):
    # A text file is never Markdown: in md its German (and the English) render, by CommonMark with HTML on, to the
    # very characters written, with no tag, emphasis, link or entity made of them.
    from markdown_it import MarkdownIt

    doc = build_document("\n\n".join(PLAIN_NASTY) + "\n", "nasty.txt", "txt")
    translations = [Translation(s, Hypothesis(s, -0.1)) for s in translation_sources(doc, "md")]  # English = German
    out = io.StringIO()
    write_document(doc, translations, "md", out)
    rendered = MarkdownIt("commonmark").render(out.getvalue())
    assert not re.search(r"<(?!/?(p|blockquote)>)", rendered), rendered  # only paragraphs and the quotes
    texts = [html.unescape(t) for t in re.findall(r"<p>(.*?)</p>", rendered, re.S)]
    assert texts == [t for line in PLAIN_NASTY for t in (line, line)]


def test_an_html_block_in_markdown_is_kept_in_md_and_shown_as_code_in_html(tmp_path, capsys):
    source = tmp_path / "seite.md"
    source.write_text("<div>\n<p>Hallo <b>Welt</b></p>\n</div>\n\nDas Haus ist klein.\n\n<!-- nicht zeigen -->\n", encoding="utf-8")
    assert main(["translate", str(source), "-f", "md-en", "--model", TINY, "--no-cache", "-q"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("<div>\n<p>Hallo <b>Welt</b></p>\n</div>\n\n") and md.endswith("\n\n<!-- nicht zeigen -->\n")
    assert main(["translate", str(source), "-f", "html", "--model", TINY, "--no-cache", "-q"]) == 0
    page = capsys.readouterr().out
    assert "&lt;div&gt;" in page and "<div>" not in page and "&lt;!-- nicht zeigen --&gt;" in page


TABLE_MD = """# Die Lage

| Stadt | Wetter |
|:------|-------:|
| Berlin ist groß. Es regnet. | Das Haus ist klein. |
| | Der Hund schläft. |

Danach ein Satz.
"""


def _table_cells(rendered: str) -> list[list[str]]:
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", rendered, re.S)]


def test_a_markdown_table_stays_a_table_its_cells_translated(tmp_path, capsys):
    from markdown_it import MarkdownIt

    source = tmp_path / "lage.md"
    source.write_text(TABLE_MD, encoding="utf-8")
    assert main(["translate", str(source), "-f", "jsonl", "--model", TINY, "--no-cache", "-q"]) == 0
    sent = [json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()]
    assert "Stadt" in sent and "Es regnet." in sent and not any("|" in s or "---" in s for s in sent)  # cells only
    assert main(["translate", str(source), "-f", "md-en", "--model", TINY, "--no-cache", "-q"]) == 0
    english = capsys.readouterr().out
    lines = english.splitlines()
    assert lines[3] == "|:------|-------:|" and lines[2].startswith("| ") and lines[5].startswith("| | ")
    md = MarkdownIt("commonmark").enable("table")
    cells = _table_cells(md.render(english))
    assert [len(row) for row in cells] == [2, 2, 2] and cells[2][0] == "" and all(c for c in cells[1])
    assert _table_cells(md.render(TABLE_MD))[1][0] == "Berlin ist groß. Es regnet."
    assert main(["translate", str(source), "-f", "md", "--model", TINY, "--no-cache", "-q"]) == 0
    both = capsys.readouterr().out
    assert "> | Stadt | Wetter |\n> |:------|-------:|\n> | Berlin ist groß. Es regnet. | Das Haus ist klein. |\n> | | Der Hund schläft. |\n\n|" in both
    assert [len(row) for row in _table_cells(md.render(both))] == [2, 2, 2, 2, 2, 2]  # the German table, then the English
    assert main(["translate", str(source), "-f", "txt", "--model", TINY, "--no-cache", "-q"]) == 0
    assert "---" not in capsys.readouterr().out
    assert main(["translate", str(source), "-f", "html", "--model", TINY, "--no-cache", "-q"]) == 0
    page = capsys.readouterr().out
    assert page.count("<table>") == 1 and page.count("<tr>") == 3 and page.count("<th>") == 2 and page.count("<td>") == 4
    assert main(["translate", str(source), "-f", "html-bilingual", "--model", TINY, "--no-cache", "-q"]) == 0
    assert '<th><p lang="de" class="de">Stadt</p><p lang="en">' in capsys.readouterr().out
    for fmt in ("docx", "odt", "epub"):  # the delimiter row is Markdown's markup: a new file leaves it out
        out = tmp_path / f"lage.{fmt}"
        assert main(["translate", str(source), "-o", str(out), "--model", TINY, "--no-cache", "-q"]) == 0
        with zipfile.ZipFile(out) as archive:
            assert not any("|:------|" in archive.read(n).decode("utf-8", "replace") for n in archive.namelist()), fmt


def test_a_footnote_definition_keeps_its_label_in_md_en(tmp_path, capsys):
    source = tmp_path / "fn.md"
    source.write_text("Ein Satz mit Fußnote[^1].\n\n[^1]: Die Fußnote ist hier.\n", encoding="utf-8")
    assert main(["translate", str(source), "-f", "md-en", "--model", TINY, "--no-cache", "-q"]) == 0
    assert capsys.readouterr().out.split("\n\n")[1].startswith("[^1]: ")

