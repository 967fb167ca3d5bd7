"""Pilot tests of dictionary look-ups in the reader: the sense the alignment picks, first and marked;
Enter takes the highlighted sense as the word's gloss (``GlossChosen``)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("textual")

from reader.dictionary import Dictionary  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.messages import GlossChosen  # noqa: E402
from reader.tui.dialogs.dictionary import DictionaryScreen  # noqa: E402
from reader.tui.screens.reader import ReaderScreen  # noqa: E402
from textual.widgets import OptionList, Static  # noqa: E402

from tui_support import ScriptedTranslator, all_done, sync_tests, text_doc, wait_for  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "dict"
SIZE = (120, 36)
GERMAN = "Die Verbündeten helfen der Ukraine."
ENGLISH = "The allies help the Ukraine."  # linked word by word


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / "translations.sqlite3")
    yield s
    s.close()


@pytest.fixture
def chosen(monkeypatch):
    """The GlossChosen messages the reader screen receives (the words feature's handler stands aside)."""
    got: list[GlossChosen] = []
    monkeypatch.setattr(ReaderScreen, "on_gloss_chosen", lambda self, message: got.append(message), raising=False)
    return got


def make_app(store, german: str = GERMAN, english: str = ENGLISH) -> ReaderApp:
    translator = ScriptedTranslator({german: english})
    return ReaderApp(text_doc(german), lambda notify: translator, store, dictionary=Dictionary([FIXTURE]))


async def open_lookup(pilot, *keys: str) -> DictionaryScreen:
    await wait_for(pilot, lambda: all_done(pilot.app))
    await pilot.press(*keys, "d")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DictionaryScreen))
    return pilot.app.screen


def shown_text(screen: DictionaryScreen) -> str:
    """The screen's lines of text: its Statics and the entries' prompts."""
    parts = [str(w.render()) for w in screen.query(Static)]
    parts += [str(o.prompt) for w in screen.query(OptionList) for o in w.options]
    return "\n".join(parts)


async def test_the_sense_the_alignment_links_comes_first_marked(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "l", "l")  # "Verbündeten" ↔ "allies"
        first = screen.result.entries[0]
        assert first.english.startswith("ally") and first.fits == ("allies",)
        assert not any(e.fits for e in screen.result.entries[1:])
        assert screen.highlighted_entry == first
        assert "▶ fits here: allies" in shown_text(screen) and "Enter: save with this sense" in shown_text(screen)


async def test_enter_posts_the_highlighted_sense_as_the_gloss(store, chosen):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "l", "l")
        second = screen.result.entries[1]
        await pilot.press("j")
        assert screen.highlighted_entry == second
        await pilot.press("k", "j", "enter")
        await wait_for(pilot, lambda: chosen)
        assert not isinstance(app.screen, DictionaryScreen)
    start = GERMAN.index("Verbündeten")
    assert [(m.sentence, m.span, m.gloss) for m in chosen] == [(0, (start, start + len("Verbündeten")), second.first_sense)]
    assert second.first_sense == "confederate"


async def test_from_the_english_side_the_linked_german_word_is_looked_up(store, chosen):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "tab", "l")  # "allies" on the English side
        assert screen.word == "Verbündeten" and screen.result.entries[0].fits == ("allies",)
        await pilot.press("enter")
        await wait_for(pilot, lambda: chosen)
    start = GERMAN.index("Verbündeten")
    assert (chosen[0].span, chosen[0].gloss) == ((start, start + len("Verbündeten")), "ally")


async def test_hidden_english_marks_nothing(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("m")  # learning mode: the English is hidden, so is the alignment
        screen = await open_lookup(pilot, "l", "l")
        assert screen.result.entries and not any(e.fits for e in screen.result.entries)


async def test_a_separable_verb_is_explained(store):
    german = "Er gibt das Rauchen auf."
    app = make_app(store, german, "He gives the smoking up.")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "l", "l")  # "gibt"
        assert screen.result.reading == "separable: gibt … auf"
        assert "separable: gibt … auf" in shown_text(screen)
        assert screen.result.entries[0].headword == "aufgeben {vi}" and screen.result.entries[0].fits == ("gives",)


async def test_a_compounds_entries_are_grouped_by_part(store, chosen):
    german = "Die Waffenstillstandsverhandlungen beginnen."
    app = make_app(store, german, "The ceasefire-negotiations begin.")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "l", "l")
        text = shown_text(screen)
        assert "compound: Waffenstillstand + Verhandlungen" in text
        assert text.index("Waffenstillstand:") < text.index("armistice") < text.index("Verhandlungen:") < text.index("negotiation")
        assert screen.result.entries[1].fits == ("negotiations",)
        await pilot.press("j", "enter")  # over the part's heading to its entry
        await wait_for(pilot, lambda: chosen)
    assert chosen[0].gloss == "negotiation" and chosen[0].span == (4, 4 + len("Waffenstillstandsverhandlungen"))


async def test_the_tiny_models_alignment_picks_the_sense(store):
    pytest.importorskip("torch")
    from reader.engines import create_translator
    from reader.models import resolve_model
    from tui_support import TINY_MODEL, sample_doc

    if not (TINY_MODEL / "model.safetensors").exists():
        pytest.skip("tiny model fixture missing")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    dictionary = Dictionary([FIXTURE])
    assert dictionary.lookup("beeilt").entries[0].headword == "beeilt {adv}"  # alone: the exact headword first
    app = ReaderApp(sample_doc(), lambda notify: translator, store, dictionary=dictionary)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "l", "l", "l")  # "beeilt", which the model renders "rushes"
        aligned = [app.state.shown(0).text[s:e] for s, e in app.state.links(0, "de", screen.span)]
        assert screen.word == "beeilt" and aligned == ["rushes"]
        assert screen.result.entries[0].headword == "sich beeilen {vr}" and screen.result.entries[0].fits == ("rushes",)
        assert screen.highlighted_entry == screen.result.entries[0]


async def test_a_slow_lookup_says_why(store):
    release = threading.Event()

    class SlowDictionary(Dictionary):  # as the first lookup of the real trans-de-en, building its index
        def lookup(self, word, **kw):
            release.wait(5)
            return super().lookup(word, **kw)

    translator = ScriptedTranslator({GERMAN: ENGLISH})
    app = ReaderApp(text_doc(GERMAN), lambda notify: translator, store, dictionary=SlowDictionary([FIXTURE]))
    said: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        reader = app.screen
        reader.notify = lambda text, **kw: said.append(text)
        await pilot.press("l", "l", "d")
        await wait_for(pilot, lambda: said)
        release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, DictionaryScreen))
    assert said == ["Looking up Verbündeten: the first lookup reads the dictionary's index (a few seconds)…"]




async def test_enter_in_the_dictionary_saves_the_word_with_that_sense(store):
    """The dictionary screen and the words feature together: the chosen sense becomes the saved gloss."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "l", "l")  # "Verbündeten" ↔ "allies"
        sense = screen.result.entries[0].first_sense
        await pilot.press("enter")
        await wait_for(pilot, lambda: store.get_word("Verbündeter") is not None)
        word = store.get_word("Verbündeter")
        assert (word.word, word.gloss, word.sentence) == ("Verbündeten", sense, GERMAN)
        assert word.aligned_words() == ["allies"]


async def test_a_dictionary_s_text_is_shown_literally(store, tmp_path):
    """A dictionary file is text from elsewhere: markup and escape codes in it are shown, never run."""
    (tmp_path / "de-en").write_text(
        "Hund {m} :: [bold red]dog[/] \x1b[31mred\x1b[0m [link=https://evil.example]x[/link]\n", encoding="utf-8"
    )
    translator = ScriptedTranslator({"Der Hund bellt.": "The dog barks."})
    app = ReaderApp(text_doc("Der Hund bellt."), lambda notify: translator, store, dictionary=Dictionary([tmp_path]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lookup(pilot, "l", "l")
        text = shown_text(screen)
        assert "[bold red]dog[/]" in text and "[link=https://evil.example]x[/link]" in text
        assert "\x1b" not in text and "red" in text


sync_tests(globals())
