"""The reader on a subtitle file: each paragraph's German with its first cue's start time in the margin."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from reader.document import load_document  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402

from tui_support import all_done, component, fake_factory, has_bg, screen_lines, styles_of, sync_tests, wait_for  # noqa: E402

SAMPLE_SRT = Path(__file__).parent / "fixtures" / "subtitles" / "sample.de.srt"
SIZE = (140, 36)


async def test_cues_start_times_in_the_margin_and_sentences_light_as_prose():
    doc = load_document(str(SAMPLE_SRT))
    app = ReaderApp(doc, fake_factory(), None)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app))
        lines = screen_lines(view)
        assert lines[0].split("│")[0].strip().startswith("00:01 Die NATO beeilt sich")
        assert "DIE NATO BEEILT SICH" in lines[0].split("│")[1]
        assert any(line.split("│")[0].strip().startswith("00:12 Die Verbündeten") for line in lines)
        margin = styles_of(view, "00:12")
        assert margin and all(s.color == component(view, "gutter").color for s in margin)
        await pilot.press("j")
        sentence = component(view, "sentence")
        assert has_bg(styles_of(view, "Die Verbündeten"), sentence)
        assert not has_bg(styles_of(view, "00:12"), sentence)


sync_tests(globals())
