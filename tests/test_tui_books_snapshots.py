"""Snapshots (pytest-textual-snapshot) of a book in the reader: the chapter list, the title bar after a jump, the library.

Update after an intended change with ``pytest tests/test_tui_books_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

import reader.tui.features.position  # noqa: E402
from reader.document import load_document  # noqa: E402
from reader.store import ReadingPosition, TranslationStore, document_key  # noqa: E402
from reader.tui.dialogs.library import LibraryScreen  # noqa: E402
from reader.words import saved_word  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.chapters import ChaptersScreen  # noqa: E402

from tui_support import all_done, fake_factory  # noqa: E402

BOOK = Path(__file__).parent / "fixtures" / "epub" / "pandoc.epub"


def _opened(key: str, ready):
    """A ``run_before``: the translations done, then ``key`` pressed and ``ready(app)`` waited for."""

    async def run_before(pilot) -> None:
        app = pilot.app
        for _ in range(500):
            if all_done(app):
                break
            await pilot.pause(0.01)
        await pilot.press(key)
        for _ in range(300):
            if ready(app):
                break
            await pilot.pause(0.01)
        await pilot.pause()

    return run_before


_chapters_open = _opened("c", lambda app: isinstance(app.screen, ChaptersScreen))
_library_open = _opened("L", lambda app: isinstance(app.screen, LibraryScreen) and app.screen.entries)


def test_the_chapter_list_of_a_book(snap_compare):
    app = ReaderApp(load_document(str(BOOK)), fake_factory(), None)
    assert snap_compare(app, terminal_size=(100, 24), run_before=_chapters_open)


def test_a_chapter_gone_to_and_named_in_the_title_bar(snap_compare):
    app = ReaderApp(load_document(str(BOOK)), fake_factory(), None)
    assert snap_compare(app, terminal_size=(100, 24), run_before=_chapters_open, press=["down", "enter"])


def test_the_library(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(reader.tui.features.position, "clock", lambda: 1796558400.0)  # 2026-12-06 12:00 UTC
    doc = load_document(str(BOOK), markup=True)
    with TranslationStore(tmp_path / "t.sqlite3") as store:
        roman = document_key("Ein Roman.")
        store.save_reading_position(ReadingPosition(roman, "roman.epub", "/books/roman.epub", 4999, 13708, 81234,
                                                    opened=1796472000.0))
        store.save_reading_position(ReadingPosition(document_key("Ein Artikel."), "artikel.txt", "/texts/artikel.txt",
                                                    15, 16, 290, known=71, opened=1796385600.0))
        for form in ("Hund", "Katze", "Garten"):
            store.save_word(saved_word(form, f"Der {form}.", (4, 4 + len(form))), document=roman)
        store.save_document_words(roman, {"hund": 60, "katze": 40})
        store.set_word_status("Hund", "known")
        app = ReaderApp(doc, fake_factory(), store, source="/books/pandoc.epub")
        try:
            assert snap_compare(app, terminal_size=(120, 16), run_before=_library_open)
        finally:
            monkeypatch.delenv("TZ")
            time.tzset()
