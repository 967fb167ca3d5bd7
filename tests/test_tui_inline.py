"""The reader on a Markdown document: the German without its inline markers, bold, italic,
code and links as styles on the right cells, the English with the spans carried over by the
tiny model's real word alignment, and the model given the plain words (the store keys of
``reader translate -f md``)."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("textual")

from reader.document import build_document  # noqa: E402
from reader.engines import create_translator  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.output.writers import translation_sources  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402

from tui_support import TINY_MODEL, all_done, component, screen_lines, sync_tests, text_doc, wait_for  # noqa: E402

if not (TINY_MODEL / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)

ARTICLE = """# Die Lage

Das Haus ist **klein**. Der Hund _schläft_.

- Das Wetter ist [heute](https://example.org/wetter) schön.
- Wir trinken `Kaffee`.
- Er liest ein [Buch](javascript:alert(1)).
"""


def _cells(view, word: str, column: str) -> list:
    """The styles of the cells showing ``word`` in the German ("de") or English ("en") column."""
    found = []
    for y in range(view.scrollable_content_region.height):
        x = 0
        segments = list(view.render_line(y))
        line = "".join(seg.text for seg in segments)
        gutter = line.find("│")
        start = line.find(word, 0 if column == "de" else gutter + 1)
        while start >= 0 and (column == "de" and start > gutter or column == "en" and start < gutter):
            start = line.find(word, start + 1)
        if start < 0:
            continue
        for seg in segments:
            for offset in range(len(seg.text)):
                if start <= x + offset < start + len(word):
                    found.append(seg.style)
            x += len(seg.text)
    return found


def _all(styles, test) -> bool:
    return bool(styles) and all(s is not None and test(s) for s in styles)



async def test_markdown_shows_its_emphasis_as_styles_on_both_sides(tmp_path, one_torch_thread):
    doc = build_document(ARTICLE, "art.md", "md")
    store = TranslationStore(tmp_path / "t.sqlite3")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(doc, lambda notify: translator, store)
    async with app.run_test(size=(140, 24)) as pilot:
        view = app.reader.view
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        german = "\n".join(line.split("│")[0] for line in screen_lines(view))
        assert "Das Haus ist klein. Der Hund schläft." in german
        assert "Das Wetter ist heute schön." in german and "Wir trinken Kaffee." in german
        assert not any(mark in german for mark in ("**", "_", "[", "](", "`", "https"))

        # The model was given the plain words: the store holds what `reader translate -f md` asks for.
        sources = [s.text for s in app.state.sentences]
        assert sources == translation_sources(doc, "md")
        assert "Das Haus ist klein." in sources
        stored = store.get_many(translator.model_key, translator.settings_key, sources)
        assert set(stored) == set(sources)
        assert app.state.shown(1).text == "The house is small."
        assert app.state.shown(2).text == "The dog is sleeping."
        assert app.state.shown(3).text == "The weather is nice today."

        # German: the styles on exactly the marked cells.
        strong, emphasis, code, link = (component(view, n) for n in ("strong", "emphasis", "inline-code", "link"))
        assert _all(_cells(view, "klein", "de"), lambda s: s.bold)
        assert not any(s is not None and s.bold for s in _cells(view, "Das Haus ist", "de"))
        assert _all(_cells(view, "schläft", "de"), lambda s: s.italic)
        assert not any(s is not None and s.italic for s in _cells(view, "Der Hund", "de"))
        assert _all(_cells(view, "Kaffee", "de"), lambda s: s.color == code.color)
        assert _all(_cells(view, "heute", "de"), lambda s: s.underline and s.link == "https://example.org/wetter")
        assert not any(s is not None and s.link for s in _cells(view, "Das Wetter ist", "de"))
        # A javascript: address is no hyperlink: the link style only.
        assert _all(_cells(view, "Buch", "de"), lambda s: s.color == link.color and s.link is None)

        # English: the spans put on the words the model aligned to the marked German words.
        assert _all(_cells(view, "small", "en"), lambda s: s.bold)
        assert not any(s is not None and s.bold for s in _cells(view, "The house is", "en"))
        assert _all(_cells(view, "is sleeping", "en"), lambda s: s.italic)
        assert _all(_cells(view, "today", "en"), lambda s: s.underline and s.link == "https://example.org/wetter")
        assert not any(s is not None and s.link for s in _cells(view, "nice", "en"))
        assert strong.bold and emphasis.italic

        # Word spans and links are in the shown text: the cursor on "klein" lights "small".
        words = app.state.words(1, "de")
        k = next(n for n, (s, e) in enumerate(words) if app.state.sentences[1].text[s:e] == "klein")
        view.set_cursor(1, "de", k)
        await pilot.pause()
        assert app.state.links(1, "de", words[k]) == [(13, 18)]
        assert "klein → small" in str(app.reader.status_bar.render())

        # Search finds the plain words; `y` copies the German as shown (no markers).
        assert app.reader.search("klein") == 1
        hit = app.reader._search_hits[0]
        assert (hit.sentence, hit.side, hit.start, hit.end) == (1, "de", 13, 18)
        view.set_cursor(1)
        await pilot.press("y")
        assert app.clipboard == "Das Haus ist klein."

        # Export to Markdown: the German as written, the English with the markup put back.
        out = tmp_path / "art.en.md"
        assert app.reader.export(out)
        written = out.read_text(encoding="utf-8")
        assert "> Das Haus ist **klein**. Der Hund _schläft_.\n\nThe house is **small**. The dog _is sleeping_." in written
        assert "The weather is nice [today](https://example.org/wetter)." in written
    store.close()


async def test_attempts_edits_and_compare_use_the_plain_german(tmp_path, one_torch_thread):
    from reader.tui.compare_view.screen import CompareScreen
    from reader.tui.widgets.attempt_panel import AttemptPanel

    doc = build_document(ARTICLE, "art.md", "md")
    store = TranslationStore(tmp_path / "t.sqlite3")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(doc, lambda notify: translator, store)
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        app.reader.view.set_cursor(1)
        await pilot.press("t")
        panel = app.reader.query_one(AttemptPanel)
        assert panel.mode == "asking"
        panel.input.value = "The house is small."
        await pilot.press("enter")
        await wait_for(pilot, lambda: panel.mode == "result", timeout=60)
        (attempt,) = store.attempts_for(["Das Haus ist klein."])["Das Haus ist klein."]
        assert attempt.chrf == 100.0  # graded against the model's English of the plain sentence
        await pilot.press("j", "k")

        app.reader.set_user_version("Das Haus ist klein.", "The home is tiny.")  # as `e` saves it
        assert store.get_user_translations(["Das Haus ist klein."]) == {"Das Haus ist klein.": "The home is tiny."}
        (strong,) = app.state.marks(1, "en")  # no links: at the same relative place, as export puts it
        assert app.state.shown(1).text[strong.start:strong.end] == "tiny"
        out = tmp_path / "art.en.md"
        assert app.reader.export(out)
        assert "The home is **tiny**. The dog _is sleeping_." in out.read_text(encoding="utf-8")

        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        assert app.screen.model.source[1] == "Das Haus ist klein."
        assert app.screen.model.text("yours", 1) == "The home is tiny."
    store.close()


async def test_a_markdown_document_opens_from_what_reader_translate_stored(tmp_path, capsys, one_torch_thread):
    """`reader translate -f md` fills the store; the reader then finds every sentence there, translating none."""
    from reader.cli import main

    src = tmp_path / "art.md"
    src.write_text(ARTICLE, encoding="utf-8")
    cache = tmp_path / "cache"
    rc = main(["translate", str(src), "-f", "md", "--model", str(TINY_MODEL), "--backend", "torch",
               "--cache-dir", str(cache), "-q"])
    assert rc == 0, capsys.readouterr().err
    store = TranslationStore(cache / "translations.sqlite3")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    translated: list[list[str]] = []
    translate = translator.translate
    translator.translate = lambda sources, *a, **kw: (translated.append(list(sources)), translate(sources, *a, **kw))[1]
    from reader.document import load_document

    app = ReaderApp(load_document(str(src)), lambda notify: translator, store)
    async with app.run_test(size=(140, 24)) as pilot:
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        assert app.state.shown(1).text == "The house is small."
        assert translated == []  # every sentence came from the store (the torch backend stores its token scores too)
        assert app.reader.feed_status.translated == len(app.state.sentences)
    store.close()


async def test_a_fenced_code_block_is_shown_without_its_fences():
    from tui_support import fake_factory

    doc = build_document("Der Hund schläft.\n\n```\nDer **Code** bleibt.\n```\n", "t.md", "md")
    app = ReaderApp(doc, fake_factory(), None)
    async with app.run_test(size=(120, 10)) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        lines = [line.split("│")[0].strip() for line in screen_lines(app.reader.view)]
        assert lines[:3] == ["Der Hund schläft.", "", "Der **Code** bleibt."]  # verbatim: its ** are text
        assert "```" not in "".join(lines)


async def test_plain_text_is_shown_as_written(tmp_path):
    """A text document is never read as Markdown: its asterisks are text."""
    from tui_support import fake_factory

    doc = text_doc("Das ist **nicht** fett.\n")
    app = ReaderApp(doc, fake_factory(), None)
    async with app.run_test(size=(120, 10)) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        assert "Das ist **nicht** fett." in screen_lines(app.reader.view)[0]
        assert app.state.marks(0, "de") == () and app.state.marks(0, "en") == ()




CODE_ARTICLE = """Das Haus ist `rm -rf /tmp/x` klein.

Wir trinken `Kaffee`.

Die Dateien zeigt `ls -l`.
"""


async def test_inline_code_is_shown_in_the_english_as_md_en_writes_it(tmp_path, one_torch_thread):
    from reader.output.pairs import english_marked
    from reader.text.inline import strip_inline

    doc = build_document(CODE_ARTICLE, "code.md", "md")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(doc, lambda notify: translator, None)
    async with app.run_test(size=(160, 20)) as pilot:
        view, st = app.reader.view, app.state
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        code_style = component(view, "inline-code")
        for i, stripped in enumerate(doc.inline):
            t = st.translations[i]
            shown = st.shown(i)
            code = next(s for s in stripped.spans if s.kind == "code")
            # The English shown is md-en's, read without markers: the code's own text in it.
            written = english_marked(stripped, t).markdown()
            assert shown.text == strip_inline(written).plain
            assert code.text in shown.text and code.verbatim in written
            (mark,) = [m for m in st.marks(i, "en") if m.kind == "code"]
            assert shown.text[mark.start:mark.end] == code.text
            if i != view.cursor:  # the cursor's own highlight covers the sentence under it
                assert _all(_cells(view, code.text, "en"), lambda s: s.color == code_style.color)
            # Every word of the model's English is still there, and every span is in the text shown.
            assert "".join(shown.text.replace(code.text, "", 1).split()) == "".join(t.text.split())
            for s, e in st.words(i, "en"):
                assert shown.text[s:e].strip() == shown.text[s:e] != ""
            for link, given in zip(shown.hypothesis.alignment, t.alignment):
                assert 0 <= link.target_start <= link.target_end <= len(shown.text)
                here = shown.text[link.target_start:link.target_end]
                assert here == t.text[given.target_start:given.target_end] or code.text in here  # a copy: now the code
            for s, e in st.doubtful_words(i):
                assert (s, e) in st.words(i, "en")
        # The cursor on a German word lights the English the model gave for it, in the text shown.
        words = st.words(0, "de")
        k = next(n for n, (s, e) in enumerate(words) if st.sentences[0].text[s:e] == "Haus")
        view.set_cursor(0, "de", k)
        await pilot.pause()
        lit = st.links(0, "de", words[k])
        linked = [l for l in st.translations[0].alignment if st.sentences[0].text[l.source_start:l.source_end] == "Haus"]
        assert [st.shown(0).text[a:b] for a, b in lit] == [st.translations[0].text[l.target_start:l.target_end] for l in linked]
        # Search finds the code's text in the English too.
        assert app.reader.search("tmp") >= 1
        # `e` starts from the English as shown; saved unchanged, it is no version of the user's.
        view.set_cursor(0)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert 0 not in st.user and st.shown(0).kind == "model"


async def test_a_code_block_keeps_its_indentation():
    from tui_support import fake_factory

    long = "    x = " + " + ".join(["wert"] * 30)
    doc = build_document(f"Der Hund schläft.\n\n```\ndef f(x):\n    return x\n\n{long}\n```\n", "t.md", "md")
    app = ReaderApp(doc, fake_factory(), None)
    async with app.run_test(size=(100, 16)) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        lines = [line.split("│")[0] for line in screen_lines(app.reader.view)]
        start = next(k for k, line in enumerate(lines) if "def f(x):" in line)
        indent = lines[start].index("def")
        assert lines[start + 1][indent:].startswith("    return x")  # not "return x"
        assert lines[start + 2].strip() == ""  # the blank line inside the code kept
        assert lines[start + 3][indent:].startswith("    x = wert + wert")
        # A line wider than the column is cut at its edge, and every character is shown once.
        code = app.reader.view.block(1).de
        assert "".join(code.text[s:e] for s, e in code.lines) == code.text.replace("\n", "")
        assert len(code.lines) > 4




TABLE_AND_HTML = """# Die Lage

<div>
<p>Roh <b>HTML</b></p>
</div>

| Stadt | Wetter |
|---|---|
| Das Haus ist klein. | Der Hund schläft. |

Wir trinken Kaffee.
"""


async def test_a_markdown_table_and_an_html_block_are_shown_the_cells_translated(tmp_path, one_torch_thread):
    doc = build_document(TABLE_AND_HTML, "lage.md", "md")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(doc, lambda notify: translator, TranslationStore(tmp_path / "t.sqlite3"))
    async with app.run_test(size=(140, 30)) as pilot:
        view = app.reader.view
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        sources = [s.text for s in app.state.sentences]
        assert "Das Haus ist klein." in sources and "Der Hund schläft." in sources and "Stadt" in sources
        assert not any("|" in s or "<" in s for s in sources)  # cells only; the HTML block is never translated
        german = "\n".join(line.split("│")[0] for line in screen_lines(view))
        assert "<p>Roh <b>HTML</b></p>" in german and "Das Haus ist klein." in german
        assert app.state.shown(sources.index("Das Haus ist klein.")).text == "The house is small."
        row = app.state.first_sentence[next(p.index for p in doc.paragraphs if p.kind == "table" and len(p.sentences) == 2
                                            and p.sentences[0].text == "Das Haus ist klein.")]
        english = "\n".join(line.split("│", 1)[1] if "│" in line else "" for line in screen_lines(view))
        assert f"{app.state.shown(row).text} │ {app.state.shown(row + 1).text}" in english  # its cells kept apart
        await pilot.press("j", "j", "j", "k")  # moving through the rows and over the block raises nothing
        await pilot.pause()


sync_tests(globals())
