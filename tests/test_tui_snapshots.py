"""Snapshot tests (pytest-textual-snapshot) of the reader's main screens.

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from reader.errors import ModelError  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.alternatives import AlternativesScreen  # noqa: E402

from tui_support import all_done, fake_factory, sample_doc, text_doc  # noqa: E402


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / "translations.sqlite3")
    yield s
    s.close()


async def _settled(pilot) -> None:
    app = pilot.app
    for _ in range(500):
        if all_done(app):
            break
        await pilot.pause(0.01)
    await pilot.pause()


def test_main_screen_word_highlight(snap_compare, store):
    app = ReaderApp(sample_doc(), fake_factory(), store)
    assert snap_compare(app, terminal_size=(120, 32), run_before=_settled, press=["j", "l", "l", "l", "l"])


def test_stacked_layout_on_a_narrow_terminal(snap_compare, store):
    app = ReaderApp(sample_doc(), fake_factory(), store)
    assert snap_compare(app, terminal_size=(72, 30), run_before=_settled, press=["j"])


def test_help_screen(snap_compare, store):
    app = ReaderApp(sample_doc(), fake_factory(), store)
    assert snap_compare(app, terminal_size=(120, 44), run_before=_settled, press=["question_mark"])


def test_learning_mode(snap_compare, store):
    app = ReaderApp(sample_doc(), fake_factory(), store)
    assert snap_compare(app, terminal_size=(120, 32), run_before=_settled, press=["m", "space", "j"])


def test_no_model_notice(snap_compare):
    def factory(notify):
        raise ModelError(
            "model 'opus-mt-de-en' is not downloaded and HF_HUB_OFFLINE is set; run `reader models pull opus-mt-de-en` "
            "when online, or pass --model PATH to a local Marian model directory"
        )

    app = ReaderApp(sample_doc(), factory, None)
    assert snap_compare(app, terminal_size=(120, 32), run_before=_settled)


def test_alternatives_dialog(snap_compare, store):
    async def before(pilot):
        await _settled(pilot)
        await pilot.press("a")
        for _ in range(300):
            if isinstance(pilot.app.screen, AlternativesScreen):
                break
            await pilot.pause(0.01)
        await pilot.pause()

    app = ReaderApp(sample_doc(), fake_factory(), store)
    assert snap_compare(app, terminal_size=(120, 32), run_before=before)


def test_markup_shown_literally(snap_compare, store):
    doc = text_doc("Ein [bold]x[/bold] Test.\nNoch [@click=app.quit]y[/] hier.", name="markup.txt")
    app = ReaderApp(doc, fake_factory(), store)
    assert snap_compare(app, terminal_size=(100, 16), run_before=_settled)
