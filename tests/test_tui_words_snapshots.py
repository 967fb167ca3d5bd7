"""Snapshots of the unknown-word highlighting (``K``): the words not known, the learning ones, the share known.

Update after an intended change with ``pytest tests/test_tui_words_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.words import saved_word  # noqa: E402

from tui_support import all_done, fake_factory, sample_doc  # noqa: E402

KNOWN = ["die", "der", "Ukraine", "NATO", "sich", "zu", "und", "in", "haben", "ihren", "auf", "mit", "dass", "an"]
LEARNING = ["Fokus", "Bemühungen", "Waffen"]


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / "translations.sqlite3")
    for words, status in ((KNOWN, "known"), (LEARNING, "learning")):
        for w in words:
            s.save_word(saved_word(w, w, (0, len(w)), status=status))
    yield s
    s.close()


def _highlighted(*keys: str):
    async def before(pilot) -> None:
        app = pilot.app
        for _ in range(500):
            if all_done(app):
                break
            await pilot.pause(0.01)
        await pilot.press(*keys)
        for _ in range(500):
            if app.state.vocabulary is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause()

    return before


def test_the_words_not_known_highlighted(snap_compare, store):
    app = ReaderApp(sample_doc(), fake_factory(), store)
    assert snap_compare(app, terminal_size=(120, 32), run_before=_highlighted("j", "l", "K"))


def test_only_the_rare_words_not_known(snap_compare, store):
    app = ReaderApp(sample_doc(), fake_factory(), store, rare_rank=2000)
    assert snap_compare(app, terminal_size=(120, 32), run_before=_highlighted("K", "K"))
