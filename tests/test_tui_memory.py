"""The translation memory in the reader, with the tiny model: an exact match shown in place of the
model's English and marked; a fuzzy match beside the model's English, taken as your version with one key."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("textual")

from reader.engines import create_translator  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.store import MemoryEntry, TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.keys import keys_of  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402

from tui_support import TINY_MODEL, all_done, component, sample_doc, styles_of, sync_tests, wait_for  # noqa: E402

if not (TINY_MODEL / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)

EXACT_EN = "NATO hurries to arm Kyiv before any talks – Bloomberg"  # a human's English, not the model's
NEAR_EN = "Reuters reports this, citing sources familiar with the matter."
TAKE = next(k.keys for k in keys_of("reader") if k.action == "take_suggestion")


def _store(tmp_path, doc) -> TranslationStore:
    first, third = doc.sentences[0].text, doc.sentences[2].text
    assert "Bloomberg" in third  # the near sentence below differs from it by one name
    store = TranslationStore(tmp_path / "t.sqlite3")
    store.add_memory([MemoryEntry(first, EXACT_EN, "tmx:test.tmx"),
                      MemoryEntry(third.replace("Bloomberg", "Reuters"), NEAR_EN, "tmx:test.tmx")])
    return store


async def test_exact_match_shown_marked_and_fuzzy_suggestion_taken_with_one_key(tmp_path, one_torch_thread):
    doc = sample_doc()
    store = _store(tmp_path, doc)
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(doc, lambda notify: translator, store)
    async with app.run_test(size=(150, 40)) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        shown = app.state.shown(0)
        assert (shown.text, shown.kind) == (EXACT_EN, "memory")
        assert shown.hypothesis is not None and shown.hypothesis.alignment  # linked by the model's forced pass
        assert "from your translation memory" in str(app.reader.status_bar.render())

        view.set_cursor(2)  # off the sentence: the cursor's style would cover the mark
        await wait_for(pilot, lambda: "memory" in str(app.reader.status_bar.render()))
        assert any(s.color == component(view, "memory").color for s in styles_of(view, "hurries"))
        model_text = app.state.shown(2).text
        assert app.state.shown(2).kind == "model" and model_text != NEAR_EN
        status = str(app.reader.status_bar.render())
        assert "memory 9" in status and NEAR_EN[:30] in status  # the similarity (90-odd %) and its English

        await pilot.press(TAKE)
        await pilot.pause()
        assert (app.state.shown(2).text, app.state.shown(2).kind) == (NEAR_EN, "user")
        assert store.get_user_translations([doc.sentences[2].text]) == {doc.sentences[2].text: NEAR_EN}

        view.set_cursor(1)  # no memory entry near it: the key says so and changes nothing
        await pilot.pause()
        await pilot.press(TAKE)
        await pilot.pause()
        assert app.state.shown(1).kind == "model"
    store.close()


async def test_no_memory_shows_the_models_english(tmp_path, one_torch_thread):
    doc = sample_doc()
    store = _store(tmp_path, doc)
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(doc, lambda notify: translator, store, memory=False)
    async with app.run_test(size=(150, 40)) as pilot:
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        assert app.state.shown(0).kind == "model" and app.state.shown(0).text != EXACT_EN
        app.query_one(BitextView).set_cursor(2)
        await pilot.pause()
        assert "memory" not in str(app.reader.status_bar.render())
    store.close()


sync_tests(globals())
