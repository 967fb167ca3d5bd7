"""The reader's services (one translator, made once behind a lock) and the feed's one-sentence jobs."""

from __future__ import annotations

import threading
import time

import pytest

from reader.errors import ReaderError
from reader.store import TranslationStore
from reader.tui.services import ReaderServices
from reader.tui.translation_feed import TranslationFeed

from tui_support import FakeTranslator, text_doc

SOURCE = "Der Hund bellt laut."


def services(factory) -> ReaderServices:
    return ReaderServices(text_doc(SOURCE), factory)


def test_the_translator_is_made_once_however_many_threads_ask():
    made = []

    def slow_factory(status):
        time.sleep(0.05)  # long enough for every asker to arrive while it is being made
        made.append(FakeTranslator())
        return made[-1]

    s = services(slow_factory)
    assert s.translator is None
    got, start = [], threading.Barrier(8)

    def ask():
        start.wait()
        got.append(s.get_translator())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1
    assert all(t is made[0] for t in got) and s.translator is made[0]


def test_a_failed_factory_leaves_no_translator_and_is_asked_again():
    calls = []

    def factory(status):
        calls.append(status)
        if len(calls) == 1:
            raise ReaderError("offline")
        return FakeTranslator()

    s = services(factory)
    with pytest.raises(ReaderError, match="offline"):
        s.get_translator()
    assert s.translator is None
    assert s.get_translator() is s.translator is not None and len(calls) == 2


def test_without_a_model_asking_for_the_translator_says_so():
    with pytest.raises(ReaderError, match="no translation model"):
        services(None).get_translator()


def feed(translator: FakeTranslator, store: TranslationStore | None) -> TranslationFeed:
    return TranslationFeed([SOURCE], lambda status: translator, store, post=lambda m: None, visible=lambda: (0, 0),
                           typography="none")


def test_one_sentences_translation_goes_through_the_job_store_first(tmp_path):
    store = TranslationStore(tmp_path / "t.sqlite")
    translator = FakeTranslator()
    first = feed(translator, store).translation(SOURCE)
    assert translator.log == [[SOURCE]]  # translated once, and kept
    assert store.get_many(translator.model_key, translator.settings_key, [SOURCE])[SOURCE].text == first.text
    again = FakeTranslator()
    assert feed(again, store).translation(SOURCE).text == first.text
    assert again.log == []  # the store answered


def test_one_sentences_translation_goes_on_when_the_store_fails(tmp_path):
    class BrokenStore(TranslationStore):
        def get_many(self, *args, **kwargs):
            from reader.store import StoreError

            raise StoreError("disk gone")

    translator = FakeTranslator()
    t = feed(translator, BrokenStore(tmp_path / "t.sqlite")).translation(SOURCE)
    assert t.text == translator.translate([SOURCE], log=False)[0].text


def test_a_document_opened_from_the_library_keeps_the_options_given(tmp_path):
    # `reader open --no-memory`, then L and Enter: the next document is read without the memory too.
    from reader.document import build_document
    from reader.tui.services import ReaderServices

    first = ReaderServices(build_document("Der Hund schläft.\n"), None, None, memory=False, typography="none",
                           alternatives=2, rare_rank=500)
    second = first.for_document(build_document("Die Katze frisst.\n"), "b.txt")
    assert (second.memory, second.typography, second.alternatives, second.rare_rank, second.source) == (
        False, "none", 2, 500, "b.txt")
