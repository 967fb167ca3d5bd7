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
from reader.tui.screens.alternatives import AlternativesScreen  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402

from tui_support import TINY_MODEL, all_done, component, has_bg, sample_doc, screen_lines, styles_of, sync_tests, wait_for  # noqa: E402

if not (TINY_MODEL / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)


def _word_index(app, sentence: int, side: str, word: str) -> int:
    text = app.state.sentences[sentence].text if side == "de" else app.state.shown(sentence).text
    return next(k for k, (s, e) in enumerate(app.state.words(sentence, side)) if text[s:e] == word)


def _lit(view, app, sentence: int) -> set[str]:
    """English (or German) words currently lit as linked, by their text."""
    linked = component(view, "linked")
    return {seg.text.strip() for y in range(view.scrollable_content_region.height)
            for seg in view.render_line(y) if seg.style is not None and seg.style.bgcolor == linked.bgcolor}


@pytest.fixture
def one_torch_thread():
    """The UI thread and torch's threads share few cores in CI; one torch thread is faster there."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


async def test_highlighting_follows_the_tiny_models_alignment(tmp_path, one_torch_thread):
    store = TranslationStore(tmp_path / "t.sqlite3")
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    app = ReaderApp(sample_doc(), lambda notify: translator, store)
    async with app.run_test(size=(150, 40)) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app), timeout=90)
        assert app.feed_status.stage == "done"
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
        assert "unaligned" in str(app.status_bar.render())

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


sync_tests(globals())
