"""Pilot tests of saved words in the reader: ``w``, ``1`` ``2`` ``3``, a chosen gloss, ``K``, ``W`` and ``r``.

Fast: the fake word-for-word translator (its English is the German upper-cased, each word
linked to its twin), except one test with the tiny Marian model's real alignment.
"""

from __future__ import annotations

import sys
import time
import types

import pytest

pytest.importorskip("textual")

from textual.screen import ModalScreen  # noqa: E402
from textual.widgets import Static  # noqa: E402

from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.messages import GlossChosen  # noqa: E402
from reader.words import saved_word  # noqa: E402

from test_speech import calls as espeak_calls, fake_espeak  # noqa: E402
from tui_support import (  # noqa: E402
    TINY_MODEL, all_done, fake_factory, sample_doc, sync_tests, text_doc, wait_for,
)

SIZE = (140, 36)
# sentence 1 of the sample: "Die Verbündeten der Ukraine haben ihren Fokus verlagert …"
ALLIES = 1
VERBUENDETEN = 1  # its word index


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / "translations.sqlite3")
    yield s
    s.close()


def make_app(store, doc=None, **kw):
    app = ReaderApp(doc or sample_doc(), kw.pop("factory", None) or fake_factory(), store, **kw)
    app.said = []
    app.notify = lambda message, **kw: app.said.append(message)
    return app


async def settled(pilot) -> None:
    await wait_for(pilot, lambda: all_done(pilot.app))


async def on_word(pilot, sentence: int, word: int, side: str = "de") -> None:
    pilot.app.reader.view.set_cursor(sentence, side, word)
    await pilot.pause()


async def said(pilot, start: str) -> str:
    await wait_for(pilot, lambda: any(m.startswith(start) for m in pilot.app.said))
    return next(m for m in pilot.app.said if m.startswith(start))


async def test_w_saves_the_word_with_its_lemma_sentence_english_and_aligned_words(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await on_word(pilot, ALLIES, VERBUENDETEN)
        await pilot.press("w")
        assert await said(pilot, "Saved ") == "Saved Verbündeter (new) — VERBÜNDETEN"
    w = store.get_word("Verbündeter")
    german = app.state.sentences[ALLIES].text
    assert (w.word, w.sentence, w.span) == ("Verbündeten", german, (4, 15))
    assert w.translation == app.state.shown(ALLIES).text
    assert w.aligned_words() == ["VERBÜNDETEN"] and w.gloss == "VERBÜNDETEN"
    assert (w.status, w.document, w.sentence_index) == ("new", app.services.doc.name, ALLIES)


async def test_w_on_an_english_word_saves_the_german_it_is_aligned_to(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await on_word(pilot, ALLIES, 3, side="en")  # UKRAINE
        await pilot.press("w")
        await said(pilot, "Saved Ukraine (new)")
    assert store.get_word("ukraine").span == (20, 27)


async def test_w_keeps_a_gloss_of_your_own_and_a_chosen_gloss_replaces_it(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await on_word(pilot, ALLIES, VERBUENDETEN)
        await pilot.press("w")
        assert await said(pilot, "Saved ") == "Saved Verbündeter (new) — VERBÜNDETEN"
        store.set_word_gloss("Verbündeter", "ally")  # the learner's own (the saved-words screen)
        app.said.clear()
        await pilot.press("w")  # saved again: the aligned English is only a first guess, "ally" stays
        assert await said(pilot, "Saved ") == "Saved Verbündeter (new) — ally"
        app.said.clear()
        app.reader.post_message(GlossChosen(ALLIES, (4, 15), "confederate [bold]x[/bold]"))
        assert await said(pilot, "Saved ") == "Saved Verbündeter (new) — confederate [bold]x[/bold]"
    w = store.get_word("Verbündeter")
    assert w.gloss == "confederate [bold]x[/bold]" and w.sentence_index == ALLIES and w.aligned_words() == ["VERBÜNDETEN"]


async def test_status_keys_save_an_unsaved_word_and_change_a_saved_one(store, tmp_path):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await on_word(pilot, ALLIES, VERBUENDETEN)
        await pilot.press("2")  # not saved yet: saved, with its context, as learning
        assert await said(pilot, "Saved ") == "Saved Verbündeter (learning) — VERBÜNDETEN"
        await pilot.press("3")
        assert await said(pilot, "Verbündeter: ") == "Verbündeter: learning → known"
        await pilot.press("3")
        assert await said(pilot, "Verbündeter is") == "Verbündeter is known already"
        await on_word(pilot, 0, 0)
        await pilot.press("1")
        await said(pilot, "Saved der (new)")
    assert store.word_statuses() == {"verbündeter": "known", "der": "new"}
    assert store.get_word("Verbündeter").sentence == app.state.sentences[ALLIES].text
    store.close()
    with TranslationStore(tmp_path / "translations.sqlite3") as again:  # persisted
        assert again.get_word("verbündeter").status == "known"


async def test_without_a_word_under_the_cursor_or_without_the_store_it_says_so(store):
    app = make_app(store, doc=text_doc("Es kostet 2024 Euro."))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("w")
        assert app.said == ["Put the word cursor (← →) or the mouse on a German word first."]
        await on_word(pilot, 0, 2)  # "2024": nothing to learn
        await pilot.press("3")
        assert app.said[-1].startswith("Put the word cursor")
    assert store.saved_words() == []

    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await on_word(pilot, ALLIES, VERBUENDETEN)
        for key in ("w", "3", "W"):
            await pilot.press(key)
        app.reader.post_message(GlossChosen(ALLIES, (4, 15), "ally"))
        await pilot.pause()
        assert app.said == ["Saved words need the store, and it is off (--no-cache)."] * 4


def mark(view, name: str):
    return view.get_component_rich_style(f"bitext--{name}", partial=True)


def word_styles(view, word: str) -> list:
    """Styles of the visible segments that are exactly ``word`` (a highlighted word is a segment of its own)."""
    return [seg.style for y in range(view.scrollable_content_region.height) for seg in view.render_line(y)
            if seg.text == word]


def status_line(app) -> str:
    return str(app.reader.status_bar.render())


async def test_k_highlights_the_words_not_known_and_the_status_bar_shows_the_share(store):
    store.save_word(saved_word("Ukraine", "Die Ukraine.", (4, 11), status="known"))
    store.save_word(saved_word("Fokus", "Der Fokus.", (4, 9), status="learning"))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        view = app.reader.view
        await on_word(pilot, 3, None)  # the cursor off sentence 1, so its styles are the highlight's alone
        unknown, learning = mark(view, "unknown"), mark(view, "learning")
        assert unknown.color != learning.color and unknown.color is not None
        assert word_styles(view, "Verbündeten") == []  # not marked: inside a longer plain segment
        await pilot.press("K")
        await wait_for(pilot, lambda: "known " in status_line(app))
        vocabulary = app.state.vocabulary
        share = vocabulary.share()
        assert f"known {share.percent}% ({share.known:,} of {share.total:,} words)" in status_line(app)
        assert share.known == sum(1 for i in range(len(app.state.sentences)) for w in vocabulary.words(i)
                                  if w.key == "ukraine") > 0
        assert any(s.color == unknown.color and s.bold for s in word_styles(view, "Verbündeten"))
        assert any(s.color == learning.color for s in word_styles(view, "Fokus"))
        assert not any(s.color in (unknown.color, learning.color) for s in word_styles(view, "Ukraine"))
        assert not any(s.color == unknown.color for s in word_styles(view, "VERBÜNDETEN"))  # German only

        await on_word(pilot, ALLIES, VERBUENDETEN)
        await pilot.press("3")  # known now: plain, and the share goes up by each of its occurrences
        await wait_for(pilot, lambda: vocabulary.status("verbündeter") == "known")
        await on_word(pilot, 3, None)
        assert not any(s.color == unknown.color for s in word_styles(view, "Verbündeten"))
        occurrences = sum(w.key == "verbündeter" for i in range(len(app.state.sentences)) for w in vocabulary.words(i))
        assert occurrences == 2 and vocabulary.share().known == share.known + occurrences
        assert str(vocabulary.share()) in status_line(app)

        await pilot.press("K")  # off: no marks, no share
        assert "known " not in status_line(app)
        assert not any(s.color in (unknown.color, learning.color) for s in word_styles(view, "Fokus"))


async def test_k_with_a_rare_rank_cycles_through_the_rare_words_only(store):
    app = make_app(store, rare_rank=1000)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        view = app.reader.view
        await on_word(pilot, 3, None)
        unknown = mark(view, "unknown")
        await pilot.press("K")
        await wait_for(pilot, lambda: "known " in status_line(app))
        assert app.state.highlight == "unknown"
        assert any(s.color == unknown.color for s in word_styles(view, "Ukraine"))
        await pilot.press("K")
        assert app.state.highlight == "rare" and "past the 1,000 most frequent" in status_line(app)
        assert not any(s.color == unknown.color for s in word_styles(view, "haben"))  # among the 1,000
        assert any(s.color == unknown.color for s in word_styles(view, "Verbündeten"))
        await pilot.press("K")
        assert app.state.highlight == "off"


async def test_saved_words_screen_picks_a_word_and_the_reader_goes_to_it(store, monkeypatch):
    picked = []

    class StubWordsScreen(ModalScreen):
        def __init__(self, store, current_document=None):
            super().__init__()
            self.args = (store, current_document)
            picked.append(self)

        def compose(self):
            yield Static("saved words")

    module = types.ModuleType("reader.tui.dialogs.words")
    module.WordsScreen = StubWordsScreen
    monkeypatch.setitem(sys.modules, "reader.tui.dialogs.words", module)
    doc = text_doc("Der Hund bellt. Die Katze schläft. Der Hund schläft.")
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, StubWordsScreen))
        assert picked[0].args == (store, doc.name)
        # "Hund" was saved at sentence 2 of this text: the nearest sentence with the same German
        app.screen.dismiss(saved_word("Hund", "Der Hund schläft.", (4, 8), document=doc.name, sentence_index=1))
        await wait_for(pilot, lambda: app.reader.view.cursor == 2)
        assert app.reader.view.active_word().span == (4, 8) and app.reader.view.side == "de"

        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, StubWordsScreen))
        app.screen.dismiss(saved_word("Maus", "Die Maus piept.", (4, 8), document="/books/tiere.txt", sentence_index=41))
        assert await said(pilot, "Maus") == "Maus was saved in /books/tiere.txt, sentence 42."
        assert app.reader.view.cursor == 2

        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, StubWordsScreen))
        app.screen.dismiss(saved_word("Maus", "", (0, 0)))  # imported from a plain word list
        assert await said(pilot, "Maus has") == "Maus has no sentence (it came from a word list)."

        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, StubWordsScreen))
        app.screen.dismiss(None)
        await pilot.pause()
        assert app.reader.view.cursor == 2 and len(app.said) == 2


async def test_statuses_changed_on_the_saved_words_screen_are_highlighted_on_return(store, monkeypatch):
    class StubWordsScreen(ModalScreen):
        def __init__(self, store, current_document=None):
            super().__init__()
            store.set_word_status("Verbündeter", "known")

        def compose(self):
            yield Static("saved words")

    module = types.ModuleType("reader.tui.dialogs.words")
    module.WordsScreen = StubWordsScreen
    monkeypatch.setitem(sys.modules, "reader.tui.dialogs.words", module)
    store.save_word(saved_word("Verbündeten", "Die Verbündeten kommen.", (4, 15)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("K")
        await wait_for(pilot, lambda: app.state.vocabulary is not None)
        assert app.state.vocabulary.status("verbündeter") == "new"
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, StubWordsScreen))
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: app.state.vocabulary.status("verbündeter") == "known")
        assert not any(s.color == mark(app.reader.view, "unknown").color for s in word_styles(app.reader.view, "Verbündeten"))


async def test_a_status_set_while_the_words_are_read_is_kept(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await on_word(pilot, ALLIES, VERBUENDETEN)

        def stale_statuses():  # read before the save below reached the store, delivered after it was shown
            deadline = time.monotonic() + 10
            while not app.said and time.monotonic() < deadline:
                time.sleep(0.01)
            return {}

        store.word_statuses = stale_statuses
        await pilot.press("3")
        await pilot.press("K")
        await wait_for(pilot, lambda: app.state.vocabulary is not None and any(m.startswith("Saved") for m in app.said))
        assert app.state.vocabulary.status("verbündeter") == "known"


async def test_r_reads_the_sentence_aloud_and_r_again_stops_it(store, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    fake_espeak(bin_dir, sleep=30)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("j")
        await pilot.press("r")
        await wait_for(pilot, lambda: espeak_calls(bin_dir))
        assert espeak_calls(bin_dir) == [{"args": ["-v", "de", "-b", "1", "--stdin"], "stdin": app.state.sentences[1].text}]
        speaker = app.reader._speaker
        assert speaker.speaking
        await pilot.press("j")  # reading goes on while it speaks
        assert app.reader.view.cursor == 2
        await pilot.press("r")  # another sentence: the one before stops, this one is read
        await wait_for(pilot, lambda: len(espeak_calls(bin_dir)) == 2)
        assert espeak_calls(bin_dir)[1]["stdin"] == app.state.sentences[2].text
        await pilot.press("r")  # the same sentence again: stopped
        await wait_for(pilot, lambda: not speaker.speaking)
        await pilot.pause(0.3)
        assert len(espeak_calls(bin_dir)) == 2 and app.said == []


async def test_r_speaks_a_markdown_sentence_as_shown_its_code_whole(store, tmp_path, monkeypatch):
    from reader.document import build_document

    bin_dir = tmp_path / "bin"
    fake_espeak(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    app = make_app(store, doc=build_document("Rechne `2*3*4` mit **Sorgfalt**.\n", "t.md", "md"))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: espeak_calls(bin_dir))
        assert espeak_calls(bin_dir)[0]["stdin"] == "Rechne 2*3*4 mit Sorgfalt."


async def test_k_leaves_inline_code_out(store):
    from reader.document import build_document

    app = make_app(store, doc=build_document("Der Hund `bellt laut` im [Garten](https://example.org).\n", "t.md", "md"))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("K")
        await wait_for(pilot, lambda: app.state.vocabulary is not None)
        text = app.state.sentences[0].text
        assert [text[s:e] for s, e, _ in app.state.word_marks(0)] == ["Der", "Hund", "im", "Garten"]


async def test_r_without_espeak_ng_says_how_to_install_it(store, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("r")
        assert app.said == ["Reading aloud needs espeak-ng: sudo apt install espeak-ng"]


@pytest.mark.skipif(not (TINY_MODEL / "model.safetensors").exists(), reason="tiny model fixture missing")
async def test_w_with_the_tiny_models_real_alignment(store):
    pytest.importorskip("torch")
    from reader.engines import create_translator
    from reader.models import resolve_model

    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = make_app(store, factory=lambda notify: translator)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        await on_word(pilot, 0, 2)  # "beeilt" → "rushes"
        await pilot.press("w")
        await said(pilot, "Saved ")
    w = store.get_word("beeilen")
    assert w is not None and w.word == "beeilt"
    assert w.translation == app.state.shown(0).text and w.aligned_words() == ["rushes"] and w.gloss == "rushes"


def test_reader_open_takes_a_rare_rank(capsys, monkeypatch):
    from reader.cli import main

    with pytest.raises(SystemExit) as exit:
        main(["open", "--help"])
    assert exit.value.code == 0
    assert "--rare-rank N" in capsys.readouterr().out
    ran = []
    for name in ("OMP_NUM_THREADS", "HF_HUB_DISABLE_PROGRESS_BARS"):  # `reader open` sets them; restored after
        monkeypatch.setenv(name, "1")
    monkeypatch.setattr("reader.tui.app.ReaderApp.run", lambda app: ran.append(app.services.rare_rank))
    assert main(["open", "--no-cache", "--rare-rank", "5000"]) == 0 and ran == [5000]
    with pytest.raises(SystemExit) as exit:
        main(["open", "--rare-rank", "0"])
    assert exit.value.code == 2 and "--rare-rank: must be at least 1" in capsys.readouterr().err




async def test_w_then_the_real_saved_words_screen_and_enter_goes_back_to_the_word(store):
    from reader.tui.dialogs.words import WordsScreen

    doc = text_doc("Der Hund bellt. Die Katze schläft. Der Hund schläft.")
    app = make_app(store, doc=doc)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await on_word(pilot, 1, 1)  # "Katze"
        await pilot.press("w")
        await said(pilot, "Saved Katze")
        await on_word(pilot, 0, 0)
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, WordsScreen))
        await wait_for(pilot, lambda: "Katze" in str(app.screen.query_one("DataTable").get_row_at(0)))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, WordsScreen) and app.reader.view.cursor == 1)
        assert app.reader.view.active_word().span == (4, 9)


sync_tests(globals())
