"""The one translation job (reader.job) and the reader's chunk order (reader.tui.view_first_order)."""

from __future__ import annotations

import dataclasses

import pytest

from reader.errors import ReaderError
from reader.job import ChunkOrder, TranslationJob, translate_sentences
from reader.store import StoreError, TranslationStore
from reader.tui.feed_status import describe_failure
from reader.tui.view_first_order import ViewFirstOrder

from tui_support import FakeTranslator

SOURCES = [f"Satz {k} ist hier." for k in range(10)] + ["Satz 3 ist hier."]  # one repeat


class CountingTranslator(FakeTranslator):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.loads = 0

    def load(self) -> None:
        self.loads += 1
        super().load()


def without_scores(t):
    return dataclasses.replace(t, best=dataclasses.replace(t.best, token_scores=()))


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / "t.sqlite3")
    yield s
    s.close()


def test_every_source_gets_its_translation_in_order_and_repeats_once():
    translator = CountingTranslator()
    out = translate_sentences(SOURCES, translator, chunk_size=4)
    assert [t.source for t in out] == SOURCES
    assert out[3] is out[10]
    assert translator.log == [SOURCES[0:4], SOURCES[4:8], SOURCES[8:10]]  # document order, distinct


def test_store_first_then_nothing_to_translate_and_no_model_load(store):
    first = CountingTranslator()
    translate_sentences(SOURCES, first, store)
    second = CountingTranslator()
    stages = []
    out = TranslationJob(SOURCES, second, store, on_stage=stages.append).run()
    assert [t.text for t in out] == [t.text for t in translate_sentences(SOURCES, CountingTranslator())]
    assert second.log == [] and second.loads == 0
    assert stages == ["lookup", "done"]


def test_stored_translations_without_scores_are_filled_in_and_saved(store):
    translator = CountingTranslator()
    made = translator.translate(SOURCES[:3], log=False)
    store.put_many(translator.model_key, translator.settings_key, [without_scores(t) for t in made])
    arrived = []
    out = TranslationJob(SOURCES[:3], translator, store, on_arrived=arrived.append).run()
    assert all(t.has_token_scores for t in out)
    assert [a.origin for a in arrived] == ["store", "scored"]
    assert ("scores", SOURCES[:3]) in translator.log
    again = store.get_many(translator.model_key, translator.settings_key, SOURCES[:3])
    assert all(t.has_token_scores for t in again.values())
    # A caller with no use for the scores does not fill them in.
    store.put_many(translator.model_key, translator.settings_key, [without_scores(t) for t in made])
    other = CountingTranslator()
    TranslationJob(SOURCES[:3], other, store, token_scores=False).run()
    assert other.log == [] and other.loads == 0


def test_progress_counts_distinct_sentences(store):
    seen = []
    translate_sentences(SOURCES[:5], CountingTranslator(), store)
    translate_sentences(SOURCES, CountingTranslator(), store, progress=lambda d, t: seen.append((d, t)), chunk_size=2)
    assert seen == [(5, 10), (7, 10), (9, 10), (10, 10)]


def test_chunks_come_in_the_order_the_caller_gives():
    def backwards(todo, stage):
        return sorted(todo, reverse=True)[:3]

    translator = CountingTranslator()
    TranslationJob(SOURCES, translator, order=backwards).run()
    assert translator.log[0] == sorted(set(SOURCES), reverse=True)[:3]
    assert sorted(s for chunk in translator.log for s in chunk) == sorted(set(SOURCES))


def test_cancelled_between_chunks():
    translator = CountingTranslator()
    job = TranslationJob(SOURCES, translator, order=ChunkOrder(SOURCES, 2), is_cancelled=lambda: len(translator.log) >= 2)
    assert job.run() is None
    assert len(translator.log) == 2 and len(job.done) == 4


class BrokenStore:
    def get_many(self, *a):
        raise StoreError("the store is broken")

    put_many = get_many


def test_store_failure_raises_or_is_reported_and_the_job_goes_on():
    with pytest.raises(StoreError):
        TranslationJob(SOURCES, CountingTranslator(), BrokenStore()).run()
    errors = []
    out = TranslationJob(SOURCES, CountingTranslator(), BrokenStore(), on_store_error=errors.append).run()
    assert len(out) == len(SOURCES) and [str(e) for e in errors] == ["the store is broken"]


def test_view_first_order_starts_on_screen_with_one_sentence_then_doubles():
    sentences = [f"s{k}" for k in range(100)]
    order = ViewFirstOrder(sentences, lambda: (50, 60), chunk_size=4, background_chunk_size=16)
    todo = set(sentences)
    lookup = order(todo, "lookup")
    assert lookup[:11] == sentences[50:61] and len(lookup) == 100
    chunks = []
    while todo:
        chunk = order(todo, "translating")
        todo.difference_update(chunk)
        chunks.append(chunk)
    assert chunks[0] == ["s50"] and chunks[1] == ["s51", "s52"] and chunks[2] == sentences[53:57]
    assert chunks[3] == sentences[57:61]  # the rest of the view, then the background
    assert chunks[4] == sentences[61:77]
    assert sorted(s for c in chunks for s in c) == sorted(sentences)


def test_failures_say_what_failed():
    assert describe_failure("resolving", ReaderError("no model here")) == ("unavailable", "no model here")
    assert describe_failure("loading", ValueError("bad")) == ("unavailable", "cannot load the model: ValueError: bad")
    assert describe_failure("scoring", ValueError("x")) == ("error", "scoring failed: ValueError: x")
    assert describe_failure("translating", RuntimeError("oom")) == ("error", "translation failed: RuntimeError: oom")
