"""Same input, same batches, same bytes: what holds of a translation's dependence on its batch.

An engine's scores and word-link weights (and, on a near tie, a word) can change with
the sentences that share a sentence's batch: padding and batch size change the float
arithmetic (docs/scale.md, "Same input, same bytes"; measured by
benchmarks/batch_dependence.py). What is guaranteed, and tested here on the tiny model:
the same sentences in the same batches give the same Translations, and a job's batches
depend only on the document and on what the store held before the run, so a run
resumed from its own store, or read back from it, writes the bytes an undisturbed run
writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.engines import create_translator
from reader.job import translate_sentences
from reader.models import resolve_model
from reader.store import TranslationStore

FIXTURES = Path(__file__).parent / "fixtures"
TINY = str(FIXTURES / "tiny-opus-mt-de-en")
SAMPLE = Path(__file__).parent.parent / "reader" / "data" / "sample.de.txt"


def sample_sentences() -> list[str]:
    german = [row.split("\t")[0] for row in (FIXTURES / "tiny_corpus.tsv").read_text(encoding="utf-8").splitlines()]
    return german[:24]


@pytest.mark.parametrize("backend", ["ctranslate2", "torch"])
def test_same_sentences_in_the_same_batches_give_the_same_translations(backend):
    sentences = sample_sentences()
    translator = create_translator(resolve_model(TINY), backend=backend, device="cpu")
    first = translate_sentences(sentences, translator, chunk_size=8)
    translator.translate(sentences[::-1])  # other batches in between
    assert translate_sentences(sentences, translator, chunk_size=8) == first


def test_a_run_resumed_from_its_own_store_gives_what_an_undisturbed_run_gives(tmp_path):
    sentences = sample_sentences()
    translator = create_translator(resolve_model(TINY), backend="ctranslate2", device="cpu")
    undisturbed = translate_sentences(sentences, translator, chunk_size=8)
    store = TranslationStore(tmp_path / "store.sqlite")
    # What an interrupted run leaves: its first chunks, each saved whole when it was done.
    store.put_many(translator.model_key, translator.settings_key, undisturbed[:16])
    assert translate_sentences(sentences, translator, store, chunk_size=8) == undisturbed


def test_a_rerun_from_the_store_writes_the_same_bytes(tmp_path, capsys):
    cache = tmp_path / "cache"

    def jsonl() -> str:
        assert main(["translate", str(SAMPLE), "-f", "jsonl", "--model", TINY, "-q", "--cache-dir", str(cache)]) == 0
        return capsys.readouterr().out

    translated = jsonl()
    assert list(cache.iterdir())  # the second run reads the store
    assert '"weight"' in translated and '"token_scores"' in translated  # every float the store keeps is compared
    assert jsonl() == translated
