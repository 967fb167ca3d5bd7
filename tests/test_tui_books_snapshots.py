"""Snapshots (pytest-textual-snapshot) of a book in the reader: the chapter list, and the title bar after a jump.

Update after an intended change with ``pytest tests/test_tui_books_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

from reader.document import load_document  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.chapters import ChaptersScreen  # noqa: E402

from tui_support import all_done, fake_factory  # noqa: E402

BOOK = Path(__file__).parent / "fixtures" / "epub" / "pandoc.epub"


async def _chapters_open(pilot) -> None:
    app = pilot.app
    for _ in range(500):
        if all_done(app):
            break
        await pilot.pause(0.01)
    await pilot.press("c")
    for _ in range(300):
        if isinstance(app.screen, ChaptersScreen):
            break
        await pilot.pause(0.01)
    await pilot.pause()


def test_the_chapter_list_of_a_book(snap_compare):
    app = ReaderApp(load_document(str(BOOK)), fake_factory(), None)
    assert snap_compare(app, terminal_size=(100, 24), run_before=_chapters_open)


def test_a_chapter_gone_to_and_named_in_the_title_bar(snap_compare):
    app = ReaderApp(load_document(str(BOOK)), fake_factory(), None)
    assert snap_compare(app, terminal_size=(100, 24), run_before=_chapters_open, press=["down", "enter"])
