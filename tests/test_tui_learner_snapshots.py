"""Snapshots of the learner's mode with the tiny model: the input (English hidden) and the grades in place.

Update after an intended change with ``pytest tests/test_tui_learner_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import os
import time

import pytest

pytest.importorskip("pytest_textual_snapshot")
pytest.importorskip("torch")

import reader.attempts  # noqa: E402
from reader.engines import create_translator  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.widgets.attempt_panel import AttemptPanel  # noqa: E402

from reader.attempts import Attempt, WordScore  # noqa: E402
from reader.tui.dialogs.attempts import AttemptsScreen  # noqa: E402

from tui_support import TINY_MODEL, all_done, fake_factory, sample_doc  # noqa: E402

if not (TINY_MODEL / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)

MINE = "NATO hurries to arm Ukraine before possible talks."


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(reader.attempts, "clock", lambda: 1764680400.0)  # 2025-12-02 13:00 UTC
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    store = TranslationStore(tmp_path / "t.sqlite3")
    yield ReaderApp(sample_doc(), lambda notify: translator, store)
    store.close()
    monkeypatch.delenv("TZ")
    time.tzset()


async def _settled(pilot) -> None:
    for _ in range(3000):
        if all_done(pilot.app):
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def _asking(pilot) -> None:
    await _settled(pilot)
    await pilot.press("t")
    pilot.app.reader.query_one(AttemptPanel).input.value = MINE
    await pilot.pause()


async def _graded(pilot) -> None:
    await _asking(pilot)
    await pilot.press("enter")
    panel = pilot.app.reader.query_one(AttemptPanel)
    for _ in range(3000):
        if panel.mode == "result":
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_the_models_english_is_hidden_while_you_translate(snap_compare, app):
    assert snap_compare(app, terminal_size=(130, 36), run_before=_asking)


def test_your_translation_graded_in_place(snap_compare, app):
    assert snap_compare(app, terminal_size=(130, 36), run_before=_graded)


def test_your_attempts_and_the_average_chrf_per_day(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    doc = sample_doc()
    store = TranslationStore(tmp_path / "t.sqlite3")
    day = 86400.0
    for k, (sentence, text, chrf) in enumerate([
        (0, "NATO hurries to arm Ukraine.", 38.5), (0, "NATO rushes to arm Ukraine before talks.", 61.0),
        (2, "Bloomberg says so, citing [bold]sources[/bold].", 44.25), (4, "It is said that NATO doubles its effort.", 70.0),
    ]):
        source = doc.sentences[sentence].text
        store.add_attempt(Attempt(source, text, 1764680400.0 + (k // 2) * day + k * 60, chrf, "",
                                  least_likely=(WordScore(0, 4, -1.0),)))

    async def before(pilot):
        await _settled(pilot)
        await pilot.press("T")
        for _ in range(300):
            if isinstance(pilot.app.screen, AttemptsScreen):
                break
            await pilot.pause(0.01)
        await pilot.pause()

    app = ReaderApp(doc, fake_factory(), store)
    try:
        assert snap_compare(app, terminal_size=(130, 30), run_before=before)
    finally:
        store.close()
        monkeypatch.delenv("TZ")
        time.tzset()
