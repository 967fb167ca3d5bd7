"""The learner's mode with the tiny Marian model: translate a sentence yourself, see it graded, find it again."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("textual")

from reader.engines import create_translator  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.attempts import AttemptsScreen  # noqa: E402
from reader.tui.state import HIDDEN  # noqa: E402
from reader.tui.widgets.attempt_panel import AttemptPanel  # noqa: E402

from tui_support import TINY_MODEL, all_done, sample_doc, screen_lines, sync_tests, text_doc, wait_for  # noqa: E402

if not (TINY_MODEL / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)

MINE = "NATO hurries to arm Ukraine before possible talks."


@pytest.fixture(scope="module")
def translator():
    import torch

    torch.set_num_threads(1)
    return create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")


def make_app(store, translator, doc=None):
    return ReaderApp(doc or sample_doc(), lambda notify: translator, store)


def panel_text(app) -> str:
    panel = app.reader.query_one(AttemptPanel)
    return "\n".join(str(w.render()) for w in panel.query("Static") if w.display)


async def test_submit_shows_the_grades_and_they_are_kept_on_reopen(tmp_path, translator):
    store = TranslationStore(tmp_path / "t.sqlite3")
    app = make_app(store, translator)
    async with app.run_test(size=(150, 40)) as pilot:
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        model = app.state.shown(0).text
        await pilot.press("t")
        panel = app.reader.query_one(AttemptPanel)
        assert panel.mode == "asking" and panel.input.has_focus
        # the model's English of this sentence is hidden while the learner types, in the view too
        assert app.state.shown(0).text == HIDDEN
        assert model not in "\n".join(screen_lines(app.reader.view))
        assert "Die NATO beeilt sich" in panel_text(app)
        await pilot.press(*"NATO hurries")  # typed keys go to the input, not the reader's bindings
        assert panel.input.value == "NATO hurries"
        panel.input.value = MINE
        await pilot.press("enter")
        await wait_for(pilot, lambda: panel.mode == "result", timeout=60)
        shown = panel_text(app)
        assert "chrF" in shown and MINE in shown and model in shown
        assert "least likely words of yours: " in shown and "hurries" in shown.split("least likely words of yours: ")[1]
        assert "leaves unaligned: " in shown
        assert app.state.shown(0).text == model  # revealed now
        assert 0 in app.state.tried
        (attempt,) = store.attempts_for([app.state.sentences[0].text])[app.state.sentences[0].text]
        assert attempt.text == MINE and attempt.model_text == model and 0 < attempt.chrf < 100
        await pilot.press("j")  # moving on closes the grades
        assert panel.mode == "closed"
    store.close()

    store = TranslationStore(tmp_path / "t.sqlite3")
    again = make_app(store, translator)
    async with again.run_test(size=(150, 40)) as pilot:
        await wait_for(pilot, lambda: all_done(again) and 0 in again.state.tried, timeout=90)
        await wait_for(pilot, lambda: again.reader.view.cursor == 1)  # reopened where it was left (j)
        await pilot.press("k", "t")  # the latest attempt, as it was graded
        panel = again.reader.query_one(AttemptPanel)
        assert panel.mode == "result"
        assert MINE in panel_text(again) and f"chrF {attempt.chrf:.1f}" in panel_text(again)
        await pilot.press("t")  # t again: a new attempt
        assert panel.mode == "asking"
        await pilot.press("escape")
        assert panel.mode == "closed" and again.state.trying is None
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(again.screen, AttemptsScreen))
        assert len(again.screen.attempts) == 1 and again.screen.days[0][1] == 1
    store.close()


async def test_any_unicode_and_markup_are_literal(tmp_path, translator):
    store = TranslationStore(tmp_path / "t.sqlite3")
    app = make_app(store, translator, text_doc("Der Hund [bold]schläft[/bold] im Garten."))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        await pilot.press("t")
        panel = app.reader.query_one(AttemptPanel)
        mine = "The 日本 dog [@click=app.quit]sleeps[/] «here» 😀"
        panel.input.value = mine
        await pilot.press("enter")
        await wait_for(pilot, lambda: panel.mode == "result", timeout=60)
        assert mine in panel_text(app) and app.is_running
        assert "[bold]schläft[/bold]" in panel_text(app)
    store.close()


async def test_without_a_store_the_attempt_is_graded_but_not_saved(translator):
    app = make_app(None, translator)
    async with app.run_test(size=(150, 40)) as pilot:
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        await pilot.press("t")
        panel = app.reader.query_one(AttemptPanel)
        panel.input.value = "NATO rushes."
        await pilot.press("enter")
        await wait_for(pilot, lambda: panel.mode == "result", timeout=60)
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, AttemptsScreen) and len(app.screen.attempts) == 1


sync_tests(globals())
