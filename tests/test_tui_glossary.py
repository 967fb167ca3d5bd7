"""The glossary in the reader with the tiny model: G makes a term of the word under the cursor, its sentences are
translated again with it, and the placed terms are marked in the English."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("textual")

from reader.engines import create_translator  # noqa: E402
from reader.glossary import Glossary, Term  # noqa: E402
from reader.glossary.translator import GlossaryTranslator  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.prompt import PromptScreen  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402

from tui_support import TINY_MODEL, all_done, sample_doc, styles_of, sync_tests, wait_for  # noqa: E402

if not (TINY_MODEL / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)


def _sentence_with(app, word: str) -> int:
    return next(i for i, s in enumerate(app.state.sentences) if word in s.text.split())


async def test_g_adds_a_term_and_the_english_follows_marked(tmp_path, one_torch_thread):
    store = TranslationStore(tmp_path / "t.sqlite3")
    store.add_terms([Term("Waffenstillstand", "truce")])
    translator = GlossaryTranslator(create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu"),
                                    store.glossary())
    app = ReaderApp(sample_doc(), lambda notify: translator, store)
    async with app.run_test(size=(150, 40)) as pilot:
        view = app.query_one(BitextView)
        await wait_for(pilot, lambda: all_done(app), timeout=120)
        i = _sentence_with(app, "Waffenstillstand")
        shown = app.state.shown(i).text
        assert [shown[s:e] for s, e in app.state.term_spans(i)] == ["truce"]
        view.set_cursor(i, "de")
        await pilot.pause()
        assert any(s is not None and s.underline and s.bold for s in styles_of(view, "truce"))  # bitext--term

        k = _sentence_with(app, "Verbündeten")
        words = app.state.words(k, "de")
        german = app.state.sentences[k].text
        view.set_cursor(k, "de", next(n for n, (s, e) in enumerate(words) if german[s:e] == "Verbündeten"))
        await pilot.pause()
        before = app.state.shown(k).text
        await pilot.press("G")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen), timeout=10)
        prompt = app.screen.query_one("Input")
        assert "allies" in prompt.value.split() and "allies" in before  # the linked English as the first guess
        prompt.value = "partners"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "partners" in app.state.shown(k).text, timeout=120)
        assert [t.german for t in store.glossary().terms] == ["Waffenstillstand", "Verbündeter"]
        after = app.state.shown(k).text
        assert {after[s:e] for s, e in app.state.term_spans(k)} == {"partners", "truce"}  # the sentence has both
        assert translator.glossary == store.glossary()
    store.close()


sync_tests(globals())
