"""The reader with the tiny Marian model from tests/fixtures: highlighting follows the
model's real word alignment (last decoder layer, head 0), many-to-many and unaligned
words included; alternatives come from real beam search."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("textual")

from reader.engines import create_translator  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.alternatives import AlternativesScreen  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402

from tui_support import (  # noqa: E402
    TINY_MODEL, all_done, component, has_bg, sample_doc, screen_lines, styles_of, sync_tests, text_doc, wait_for,
)

if not (TINY_MODEL / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)


def _word_index(app, sentence: int, side: str, word: str, nth: int = 0) -> int:
    """The index of the ``nth`` (from 0) word ``word`` of the sentence's ``side``."""
    text = app.state.sentences[sentence].text if side == "de" else app.state.shown(sentence).text
    return [k for k, (s, e) in enumerate(app.state.words(sentence, side)) if text[s:e] == word][nth]


def _lit(view, app, sentence: int) -> set[str]:
    """English (or German) words currently lit as linked, by their text."""
    linked = component(view, "linked")
    return {seg.text.strip() for y in range(view.scrollable_content_region.height)
            for seg in view.render_line(y) if seg.style is not None and seg.style.bgcolor == linked.bgcolor}



async def test_highlighting_follows_the_tiny_models_alignment(tmp_path, one_torch_thread):
    store = TranslationStore(tmp_path / "t.sqlite3")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(sample_doc(), lambda notify: translator, store)
    async with app.run_test(size=(150, 40)) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        assert app.reader.feed_status.stage == "done"
        assert app.state.shown(0).text == "NATO rushes to arm Ukraine ahead of possible talks – Bloomberg"
        assert "NATO rushes to arm Ukraine" in screen_lines(view)[0].split("│")[1]

        view.set_cursor(0, "de", _word_index(app, 0, "de", "beeilt"))
        await pilot.pause()
        assert _lit(view, app, 0) == {"rushes"}
        assert has_bg(styles_of(view, "beeilt"), component(view, "word"))

        view.set_cursor(0, "de", _word_index(app, 0, "de", "vor"))  # one German word, two English words
        await pilot.pause()
        assert _lit(view, app, 0) == {"ahead", "of"}

        view.set_cursor(0, "de", _word_index(app, 0, "de", "Die"))  # no link: shown as unaligned
        await pilot.pause()
        assert _lit(view, app, 0) == set()
        assert has_bg(styles_of(view, "Die"), component(view, "unaligned"))
        assert "unaligned" in str(app.reader.status_bar.render())

        view.set_cursor(1, "en", _word_index(app, 1, "en", "Ukraine’s"))  # the reverse direction, two German words (the model's ' shown as ’)
        await pilot.pause()
        assert _lit(view, app, 1) == {"der", "Ukraine"}

        view.set_cursor(1, "de", _word_index(app, 1, "de", "entgegenzuwirken"))
        await pilot.pause()
        assert {"counter"} <= _lit(view, app, 1)

        await pilot.press("a")  # n-best from real beam search
        await wait_for(pilot, lambda: isinstance(app.screen, AlternativesScreen), timeout=60)
        hyps = app.screen.hypotheses
        assert len(hyps) >= 2 and hyps[0].text == app.state.translations[1].text
        await pilot.press("escape")
    store.close()



async def test_quotes_and_ellipsis_the_model_never_saw(tmp_path, one_torch_thread):
    """The model was trained on preprocessed text (“ → ", … → ...): it is given
    'Er sagte nur: „Vielleicht... morgen."', and its links point back into the
    sentence as written, so the German lit is the original's, „“… included."""
    store = TranslationStore(tmp_path / "t.sqlite3")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    doc = text_doc("Er sagte nur: „Vielleicht… morgen.“ Und dann… nichts.\n")
    # typography="none": the English as the model wrote it, so each of its subwords can be checked.
    app = ReaderApp(doc, lambda notify: translator, store, typography="none")
    async with app.run_test(size=(150, 20)) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        assert [s.text for s in app.state.sentences] == ["Er sagte nur: „Vielleicht… morgen.“", "Und dann… nichts."]
        assert app.state.shown(0).text == 'He only said: "Maybe... tomorrow."'
        assert app.state.shown(1).text == "And then... nothing."

        async def lit(sentence, side, word, nth=0):
            view.set_cursor(sentence, side, _word_index(app, sentence, side, word, nth))
            await pilot.pause()
            return _lit(view, app, sentence)

        # German words next to the quotes and the ellipsis light their English words
        assert await lit(0, "de", "Vielleicht") == {"Maybe"}
        assert await lit(0, "de", "morgen") == {"tomorrow"}
        assert await lit(1, "de", "dann") == {"then"}
        assert "nothing" in await lit(1, "de", "nichts")  # (with the last dot of "...": see below)
        assert await lit(0, "de", "„") == {'"'}
        # ... and the English words light the original German characters (not the preprocessed
        # text's: after "…" became "..." those are two characters on)
        assert await lit(0, "en", "Maybe") == {"Vielleicht"}
        assert await lit(0, "en", "tomorrow") == {"morgen"}
        assert await lit(0, "en", '"', 0) == {"„"}
        assert await lit(0, "en", '"', 1) == {"“"}
        for dot in range(3):  # each dot of "..." is the one "…"
            assert await lit(0, "en", ".", dot) == {"…"}
        assert await lit(0, "en", ".", 3) == {"."}
        assert await lit(0, "de", "…") == {"."}  # the three dots of "..."
        assert await lit(0, "de", ".") == {"."}
        # head 0 is not perfect (1322 of the corpus's 1323 aligned subwords): the last dot
        # of "then..." attends to "nichts".
        assert [await lit(1, "en", ".", dot) for dot in range(3)] == [{"…"}, {"…"}, {"nichts"}]
        assert await lit(1, "de", "…") == {"."}
        assert await lit(1, "en", "nothing") == {"nichts"}
        assert await lit(1, "en", ".", 3) == {"."}

    # As the reader shows it by default (typography restored): the same links, on “ ” and …
    typeset = ReaderApp(doc, lambda notify: translator, store)
    async with typeset.run_test(size=(150, 20)) as pilot:
        view = typeset.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(typeset), timeout=90)
        assert typeset.state.shown(0).text == "He only said: “Maybe… tomorrow.”"
        for word, german in (("Maybe", {"Vielleicht"}), ("“", {"„"}), ("…", {"…"}), ("”", {"“"})):
            view.set_cursor(0, "en", _word_index(typeset, 0, "en", word))
            await pilot.pause()
            assert _lit(view, typeset, 0) == german, word
    store.close()


sync_tests(globals())
