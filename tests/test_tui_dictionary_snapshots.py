"""Snapshot of the dictionary screen with the sense the alignment picks first and marked.

Update after an intended change with ``pytest tests/test_tui_dictionary_snapshots.py --snapshot-update``
and look at the SVG in tests/__snapshots__/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

from reader.dictionary import Dictionary  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.dictionary import DictionaryScreen  # noqa: E402

from tui_support import ScriptedTranslator, all_done, text_doc  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "dict"
GERMAN = "Die Verbündeten der Ukraine haben ihren Fokus verlagert."
ENGLISH = "The allies of Ukraine have their focus shifted."  # linked word by word


async def _looked_up(pilot) -> None:
    for _ in range(500):
        if all_done(pilot.app):
            break
        await pilot.pause(0.01)
    await pilot.press("l", "l", "d")  # "Verbündeten" ↔ "allies"
    for _ in range(500):
        if isinstance(pilot.app.screen, DictionaryScreen):
            break
        await pilot.pause(0.01)
    await pilot.pause()


def test_dictionary_screen_with_the_fitting_sense_marked(snap_compare, tmp_path):
    store = TranslationStore(tmp_path / "t.sqlite3")
    translator = ScriptedTranslator({GERMAN: ENGLISH})
    app = ReaderApp(text_doc(GERMAN), lambda notify: translator, store, dictionary=Dictionary([FIXTURE]))
    try:
        assert snap_compare(app, terminal_size=(110, 30), run_before=_looked_up)
    finally:
        store.close()
