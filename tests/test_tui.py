"""Pilot tests of the reader (`reader open`), one per interaction. Fast: a fake translator,
except where the tiny model's real alignment is the point."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

pytest.importorskip("textual")

from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.keys import keys_of  # noqa: E402
from reader.tui.dialogs.alternatives import AlternativesScreen  # noqa: E402
from reader.tui.dialogs.dictionary import DictionaryScreen  # noqa: E402
from reader.tui.dialogs.help import HelpScreen  # noqa: E402
from reader.tui.state import HIDDEN  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402
from reader.tui.widgets.notice import Notice  # noqa: E402

from tui_support import (  # noqa: E402
    FakeTranslator, ScriptedTranslator, all_done, component, fake_factory, has_bg, sample_doc, screen_lines, styles_of,
    sync_tests, text_doc, wait_for,
)

SIZE = (140, 36)


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / "translations.sqlite3")
    yield s
    s.close()


def make_app(doc=None, store=None, **kw):
    factory = kw.pop("factory", None) or fake_factory()
    return ReaderApp(doc or sample_doc(), factory, store, **kw)


async def test_opens_with_both_columns(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        lines = screen_lines(view)
        first = lines[0]
        assert "Die NATO beeilt sich" in first.split("│")[0]
        assert "DIE NATO BEEILT SICH" in first.split("│")[1]
        assert app.reader.feed_status.translated == len(app.state.sentences)


async def test_sentence_cursor_highlights_both_sides(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("j")
        assert view.cursor == 1
        sentence = component(view, "sentence")
        assert has_bg(styles_of(view, "Die Verbündeten der Ukraine"), sentence)
        assert has_bg(styles_of(view, "DIE VERBÜNDETEN DER UKRAINE"), sentence)
        assert not has_bg(styles_of(view, "Die NATO beeilt"), sentence)
        await pilot.press("k")
        assert view.cursor == 0
        assert has_bg(styles_of(view, "Die NATO beeilt"), sentence)


async def test_word_cursor_lights_aligned_words_and_back(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("l", "l")  # second word of sentence 0: "NATO"
        assert view.word == 1 and view.side == "de"
        assert has_bg(styles_of(view, "NATO"), component(view, "word"))
        assert has_bg(styles_of(view, "NATO"), component(view, "linked"))
        status = str(app.reader.status_bar.render())
        assert "NATO → NATO" in status
        await pilot.press("tab")  # the English side: the reverse direction
        assert view.side == "en" and view.word == 0
        assert has_bg(styles_of(view, "DIE"), component(view, "word"))
        assert has_bg(styles_of(view, "Die"), component(view, "linked"))


async def test_curly_quotes_shown_and_word_links_still_right(store):
    german = "Er sagte „ja“ ... es waren die Neunziger."  # "..." as three words, as in the English
    translator = ScriptedTranslator({german: "He said \"yes\"... it's the '90s."})
    app = make_app(text_doc(german), store=store, factory=lambda notify: translator)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        assert "He said “yes”… it’s the ’90s." in screen_lines(view)[0].split("│")[1]
        await pilot.press("l", "l", "l", "l")  # the fourth German word: "ja"
        assert has_bg(styles_of(view, "yes"), component(view, "linked"))
        assert "ja → yes" in str(app.reader.status_bar.render())
        await pilot.press("l", "l", "l", "l", "l")  # "es", after the … that is two characters shorter than "..."
        assert has_bg(styles_of(view, "it’s"), component(view, "linked"))
        assert "es → it’s" in str(app.reader.status_bar.render())
        text = app.state.shown(0).text
        assert "…" in [text[s:e] for s, e, _ in app.state.confidence(0)]  # the pieces' "..." matched to …
    assert store.get_many(translator.model_key, translator.settings_key, [german])[german].text == "He said \"yes\"... it's the '90s."


async def test_hover_and_click_use_the_alignment(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        line = screen_lines(view)[0]
        x = line.index("beeilt")
        await pilot.hover(BitextView, offset=(x + 1, 0))
        assert view.hover is not None and view.hover.side == "de"
        assert has_bg(styles_of(view, "BEEILT"), component(view, "linked"))
        x_en = line.index("UKRAINE")
        await pilot.click(BitextView, offset=(x_en + 2, 0))
        assert view.cursor == 0 and view.side == "en"
        s, e = app.state.words(0, "en")[view.word]
        assert app.state.shown(0).text[s:e] == "UKRAINE"


async def test_unaligned_word_is_marked(store):
    from reader.translation import Hypothesis, Translation, WordLink

    class Partial(FakeTranslator):
        def translate(self, sources):
            out = []
            for s in sources:
                t = super().translate([s])[0]
                links = tuple(l for l in t.best.alignment if l.source_start != 0)  # first German word unaligned
                out.append(Translation(s, Hypothesis(t.text, t.score, t.best.tokens, t.best.token_scores, links)))
            return out

    p = Partial()
    app = make_app(store=store, factory=lambda notify: p)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("l")
        assert has_bg(styles_of(view, "Die"), component(view, "unaligned"))
        assert "unaligned" in str(app.reader.status_bar.render())


async def test_streaming_fill_in_view_first(store):
    paragraphs = [f"Absatz Nummer {k} steht hier. Er hat zwei Sätze." for k in range(300)]
    doc = text_doc("\n".join(paragraphs))
    gate = threading.Event()
    factory = fake_factory(gate=gate)
    app = make_app(doc, store, factory=factory, chunk_size=4, background_chunk_size=64)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await pilot.pause()
        assert "…" in screen_lines(view)[0]  # German on screen, English pending
        await pilot.press("end")  # jump to the end before the model is "ready"
        await pilot.pause()
        first, last = view.visible_range
        assert first > 500
        gate.set()
        await wait_for(pilot, lambda: all_done(app), timeout=20)
        log = factory.translator.log
        assert len(log[0]) <= 4 and log[0][0] == doc.sentences[first].text  # what is in view came first
        assert app.reader.feed_status.translated == len(doc.sentences)
        assert "…" not in "".join(screen_lines(view))
        # saved as it came: a second open is served by the store without translating
    again = make_app(doc, store)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(again))
        assert again.reader.feed_status.translated == len(doc.sentences)
        assert factory.translator.log is not again.services.translator_factory.translator.log
        assert again.services.translator_factory.translator.log == []


async def test_edit_is_kept_across_reopen_and_never_overwritten(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("e")
        await pilot.pause()
        inp = app.screen.query_one("Input")
        inp.value = "NATO hurries to arm Ukraine"
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.shown(0).kind == "user"
    source = sample_doc().sentences[0].text
    assert store.get_user_translations([source]) == {source: "NATO hurries to arm Ukraine"}
    again = make_app(store=store)
    async with again.run_test(size=SIZE) as pilot:
        view = again.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(again))
        assert again.state.shown(0).text == "NATO hurries to arm Ukraine"
        assert has_bg(styles_of(view, "NATO hurries"), component(view, "sentence"))
        assert "your version" in str(again.reader.status_bar.render())
        # emptying the edit restores the model's translation
        await pilot.press("e")
        await pilot.pause()
        again.screen.query_one("Input").value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert again.state.shown(0).kind == "model"
    assert store.get_user_translations([source]) == {}


async def test_alternatives_pick_one(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AlternativesScreen))
        assert len(app.screen.hypotheses) == 5  # best + 4
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.state.shown(0).kind == "picked"
        assert app.state.shown(0).text.startswith("die1 nato1")
        assert "die1" in screen_lines(view)[0]
    again = make_app(store=store)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(again) and 0 in again.state.picked)
        shown = again.state.shown(0)
        assert shown.kind == "picked" and shown.hypothesis is not None  # alignment kept for a picked alternative


async def test_learning_mode_hides_until_revealed(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("m")
        text = "\n".join(screen_lines(view))
        assert "DIE NATO" not in text and HIDDEN in text
        await pilot.press("space")
        assert "DIE NATO" in screen_lines(view)[0]
        assert "DIE VERBÜNDETEN" not in "\n".join(screen_lines(view))
        await pilot.press("m")
        assert "DIE VERBÜNDETEN" in "\n".join(screen_lines(view))


async def test_search_both_languages(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("slash")
        await pilot.press(*"waffenstillstand", "enter")
        first = view.cursor
        assert "Waffenstillstand" in app.state.sentences[first].text
        assert has_bg(styles_of(view, "Waffenstillstand"), component(view, "match"))
        await pilot.press("n")
        assert view.cursor > first
        assert app.reader.search("BLOOMBERG") > 0  # the English side too
        assert view.cursor == 0 or "Bloomberg" in app.state.sentences[view.cursor].text
        assert app.reader.search("gibt es nicht") == 0


async def test_a_search_marks_an_english_changed_after_it_where_it_says_it(store):
    # The matches are found again as a sentence is drawn: an edit after the search moves them with the words.
    from textual.widgets import Input

    app = make_app(text_doc("Das Haus ist klein.\nDer Hund schläft im Haus."), store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        assert app.reader.search("haus") > 0  # the German, and the (fake, upper-cased) English: "DAS HAUS …"
        await pilot.press("home", "e")
        await pilot.pause()
        app.screen.query_one(Input).value = "The big Hausboot is small."
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.shown(0).text == "The big Hausboot is small."
        match = component(view, "match")  # it was at "big " (where "HAUS" stood), now on "Haus" of "Hausboot"
        assert has_bg(styles_of(view, "Haus"), match) and not has_bg(styles_of(view, "big"), match)


async def test_goto_paragraph_and_doubtful_jump(store):
    doc = text_doc("Eins ist klar.\nZwei ist gut.\nDrei ist doubtful hier.\nVier ist klar.")
    app = make_app(doc, store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("u")
        assert view.cursor == 2
        assert has_bg(styles_of(view, "DOUBTFUL"), component(view, "sentence"))
        assert any(s.underline for s in styles_of(view, "DOUBTFUL"))
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("Input").value = "4"
        await pilot.press("enter")
        await pilot.pause()
        assert view.cursor == 3


async def test_stored_translations_without_token_scores_get_them(store):
    # `reader translate -o x.txt` stores translations without per-token scores; the reader
    # shows them at once and fills in the scores (doubtful words) without translating again.
    doc = text_doc("Eins ist klar.\nDrei ist doubtful hier.")
    fake = FakeTranslator()
    full = fake.translate([s.text for s in doc.sentences], log=False)
    bare = [dataclasses.replace(t, best=dataclasses.replace(t.best, token_scores=())) for t in full]
    assert not any(t.has_token_scores for t in bare)
    store.put_many(fake.model_key, fake.settings_key, bare)
    factory = fake_factory()
    app = make_app(doc, store, factory=factory)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        log = factory.translator.log
        assert all(entry[0] == "scores" for entry in log)  # no translation, only scoring
        assert sorted(s for _, chunk in log for s in chunk) == sorted(s.text for s in doc.sentences)
        assert any(s.underline for s in styles_of(view, "DOUBTFUL"))  # word confidence is back
    stored = store.get_many(fake.model_key, fake.settings_key, [s.text for s in doc.sentences])
    assert all(t.has_token_scores for t in stored.values())


async def test_export_includes_edits(store, tmp_path):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        source = app.state.sentences[1].text
        app.reader.set_user_version(source, "My own sentence.")
        await pilot.press("s")
        await pilot.pause()
        out = tmp_path / "out.tsv"
        app.screen.query_one("Input").value = str(out)
        await pilot.press("enter")
        await pilot.pause()
    text = out.read_text(encoding="utf-8")
    assert "My own sentence." in text and "DIE NATO BEEILT" in text
    assert len(text.strip().splitlines()) >= len(sample_doc().sentences)


async def test_copy_both_languages(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("y")
        assert app.clipboard == app.state.sentences[0].text
        await pilot.press("Y")
        assert app.clipboard == app.state.shown(0).text


async def test_dictionary_lookup(store):
    from reader.dictionary import Dictionary

    fixture = Path(__file__).parent / "fixtures" / "dict"
    app = make_app(store=store, dictionary=Dictionary([fixture]))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("d")  # no word under the cursor yet: a hint, no crash
        await pilot.press("l", "l")  # "NATO"
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DictionaryScreen))
        assert app.screen.result.entries
        await pilot.press("escape")
        empty = make_app(store=store, dictionary=Dictionary([]))
    async with empty.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(empty))
        await pilot.press("l", "d")
        await wait_for(pilot, lambda: isinstance(empty.screen, DictionaryScreen))
        assert "apt install" in empty.screen.result.message


async def test_markup_in_text_is_shown_literally(store):
    doc = text_doc("Ein [bold]x[/bold] Test.\nNoch [@click=app.quit]y[/] hier.\nFarbe \x1b[31mrot.")
    app = make_app(doc, store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        text = "\n".join(screen_lines(view))
        assert "[bold]x[/bold]" in text
        assert "[@click=app.quit]y[/]" in text
        assert "\x1b" not in text
        line = next(l for l in screen_lines(view) if "[@click" in l)
        await pilot.click(BitextView, offset=(line.index("y[/]"), screen_lines(view).index(line)))
        await pilot.press("j", "l")
        assert app.is_running
        assert all(not s.style.meta for y in range(5) for s in view.render_line(y) if s.style)  # no actions attached


async def test_escape_sequences_from_the_engine_are_dropped(store):
    from reader.translation import Hypothesis, Translation

    class Evil(FakeTranslator):
        def translate(self, sources):
            return [Translation(s, Hypothesis("red \x1b[31mtext\x1b]0;title\x07 end", -0.1)) for s in sources]

    e = Evil()
    app = make_app(text_doc("Ein Satz."), store, factory=lambda notify: e)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        line = screen_lines(view)[0]
        assert "\x1b" not in line and "\x07" not in line and "red text end" in line


async def test_no_model_still_opens_german_and_says_how(tmp_path, monkeypatch):
    import argparse

    from reader.cli.common import make_translator

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("READER_MODELS_DIR", str(tmp_path / "models"))
    args = argparse.Namespace(
        model=None, greedy=False, beams=None, alternatives=0, batch_size=32, batch_tokens=6000,
        align_layer=None, align_head=None, backend="auto", device="cpu",
    )
    app = ReaderApp(sample_doc(), lambda notify: make_translator(args, notify), None)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        notice = app.query_one(Notice)
        message = str(notice.render())
        assert notice.has_class("-shown")
        assert "reader models pull" in message and "--model PATH" in message
        assert "Die NATO beeilt sich" in screen_lines(view)[0]
        assert app.reader.feed_status.translated == 0
        await pilot.press("a")  # no made-up alternatives either
        assert not isinstance(app.screen, AlternativesScreen)


class FailingTranslator(FakeTranslator):
    """Loads, or translates the first chunk, then fails as an engine can."""

    def __init__(self, fail_load: bool = False, **kw):
        super().__init__(**kw)
        self.fail_load = fail_load

    def load(self) -> None:
        if self.fail_load:
            raise ValueError("weights are damaged")

    def translate(self, sources, log=True):
        if self.log:
            raise RuntimeError("out of memory")
        return super().translate(sources, log)

    def with_options(self, options):
        return FailingTranslator(self.fail_load, options=options, log=["used"])


async def test_engine_failures_are_reported_once_and_the_reader_stays(store):
    translator = FailingTranslator()
    app = ReaderApp(sample_doc(), lambda notify: translator, store)
    said = []
    app.notify = lambda message, **kw: said.append(message)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        assert said == ["translation failed: RuntimeError: out of memory"]
        assert app.reader.feed_status.stage == "error"
        assert app.reader.feed_status.detail == "translation failed: RuntimeError: out of memory"
        assert 0 < app.reader.feed_status.translated < len(app.state.sentences)  # the first chunk stays
        assert "translating" in str(app.reader.status_bar.render())
        await pilot.press("a")  # a failing n-best search says so and leaves the reader as it was
        await wait_for(pilot, lambda: len(said) == 3)
        assert said[1] == "Finding alternatives…" and said[2] == "No alternatives: RuntimeError: out of memory"
        assert not isinstance(app.screen, AlternativesScreen)

    broken = ReaderApp(sample_doc(), lambda notify: FailingTranslator(fail_load=True), store=None)
    async with broken.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(broken))
        assert broken.reader.feed_status.stage == "unavailable"
        assert "cannot load the model: ValueError: weights are damaged" in str(broken.query_one(Notice).render())


async def test_help_and_command_palette_offer_every_action(store):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert [k for k, _ in app.screen.keys] == [k.display for k in keys_of("reader")]
        await pilot.press("escape")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for key in keys_of("reader"):
            if key.bound and key.action != "app.quit":
                assert key.description[:1].upper() + key.description[1:] in titles


async def test_narrow_terminal_stacks_the_columns(store):
    app = make_app(store=store)
    async with app.run_test(size=(70, 30)) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        lines = screen_lines(view)
        assert "│" not in lines[0]
        de = next(k for k, l in enumerate(lines) if "Die NATO" in l)
        en = next(k for k, l in enumerate(lines) if "DIE NATO" in l)
        assert en > de


async def test_large_document_opens_lazily(store):
    paragraphs = [f"Das ist Absatz {k}. " + "Ein Satz mit einigen Wörtern darin. " * (1 + k % 5) for k in range(5000)]
    doc = text_doc("\n".join(paragraphs))
    gate = threading.Event()  # never translate: only the layout is measured here
    app = make_app(doc, store, factory=fake_factory(gate=gate))
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await pilot.pause()
        assert view.laid_out_paragraphs < 100  # only what is near the view was laid out
        await pilot.press("end")
        assert view.cursor == len(doc.sentences) - 1
        assert any("Absatz 4999" in l for l in screen_lines(view))
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("Input").value = "2500"
        await pilot.press("enter")
        await pilot.pause()
        assert any("Absatz 2499" in l for l in screen_lines(view))
        for _ in range(30):
            await pilot.press("pageup")
        assert view.laid_out_paragraphs <= 600
        gate.set()


sync_tests(globals())
