"""The model's input preprocessing in every path: vocabulary, both engines, forced scoring, store keys, CLI."""

from __future__ import annotations

import importlib.util
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reader.cli import main
from reader.engines import DecodingOptions, create_translator, settings_key
from reader.engines.preprocess import preprocess
from reader.engines.vocab import MarianVocab
from reader.models import resolve_model
from reader.store import DB_FILENAME

TINY = Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en"
# “ ” … and a zero-width space: what the script changes in German web text.
RAW = "Sie sagte: “Ich komme morgen”\u200b … und ging."
BACKENDS = ["torch"] + (["ctranslate2"] if importlib.util.find_spec("ctranslate2") else [])


@pytest.fixture(scope="module")
def model():
    return resolve_model(str(TINY))


def _translator(model, backend: str, **options):
    extra = {"compute_type": "float32"} if backend == "ctranslate2" else {}
    return create_translator(model, DecodingOptions(**options), backend=backend, device="cpu", **extra)


# --- the vocabulary ----------------------------------------------------------------------


def test_encode_gives_the_preprocessed_ids_with_spans_into_the_original():
    vocab, plain = MarianVocab(TINY, "opus-mt"), MarianVocab(TINY)
    encoded = vocab.encode(RAW)
    assert encoded.ids == plain.encode(preprocess(RAW).text).ids != plain.encode(RAW).ids
    assert all(0 <= s <= e <= len(RAW) for s, e in encoded.spans)
    assert [s for s, _ in encoded.spans] == sorted(s for s, _ in encoded.spans)
    dots = [RAW[s:e] for p, (s, e) in zip(encoded.pieces, encoded.spans) if p.strip("▁") == "."]
    assert "…" in dots  # a "." of "..." points at the ellipsis
    assert vocab.count(RAW) == len(encoded.ids)


def test_targets_are_preprocessed_too():
    vocab, plain = MarianVocab(TINY, "opus-mt"), MarianVocab(TINY)
    assert vocab.encode_target("She said: “soon”…") == plain.encode_target('She said: "soon"...')


# --- the engines -------------------------------------------------------------------------


def test_model_and_options_choose_the_preprocessing(model):
    t = _translator(model, "torch")
    assert model.preprocess == "opus-mt" and t.preprocess == "opus-mt" and t.vocab.preprocess == "opus-mt"
    raw = t.with_options(replace(t.options, preprocess="none"))
    assert raw.preprocess == "none" and raw.vocab.preprocess == "none"  # siblings share the model, not the vocab
    assert t.vocab.preprocess == "opus-mt"
    assert ";pre=opus-mt;" in t.settings_key and ";pre=" not in raw.settings_key


@pytest.mark.parametrize("backend", BACKENDS)
def test_translate_sees_the_preprocessed_text_and_links_point_into_the_original(model, backend):
    t = _translator(model, backend, alternatives=1, beams=4)
    raw = t.with_options(replace(t.options, preprocess="none"))
    [got] = t.translate([RAW])
    [expected] = raw.translate([preprocess(RAW).text])
    assert got.source == RAW
    assert (got.best.text, got.best.tokens) == (expected.best.text, expected.best.tokens)
    assert [h.text for h in got.alternatives] == [h.text for h in expected.alternatives]
    for link in got.best.alignment:
        assert RAW[link.source_start:link.source_end].strip() == RAW[link.source_start:link.source_end] != ""
    lean = t.with_options(replace(t.options, token_scores=False))
    [filled] = lean.add_token_scores(lean.translate([RAW]))
    assert filled.best.token_scores == pytest.approx(got.best.token_scores, abs=1e-3)


@pytest.mark.parametrize("backend", BACKENDS)
def test_forced_scoring_sees_the_preprocessed_source_and_reference(model, backend):
    t = _translator(model, backend)
    raw = t.with_options(replace(t.options, preprocess="none"))
    reference = "She said: “I am coming tomorrow”…"
    [got] = t.score([RAW], [reference])
    [expected] = raw.score([preprocess(RAW).text], [preprocess(reference).text])
    assert got.best.tokens == expected.best.tokens
    assert got.best.token_scores == pytest.approx(expected.best.token_scores, abs=1e-3)


def test_long_sentences_are_split_on_the_preprocessed_count(model):
    t = _translator(model, "torch", max_input_tokens=12)
    long = "„Ja“ … sagte er, und dann ging er nach Hause, weil es spät war … und kalt."
    [got] = t.translate([long])
    assert got.source == long and got.best.text
    for link in got.best.alignment:
        assert 0 <= link.source_start < link.source_end <= len(long)


# --- the store key -----------------------------------------------------------------------


def test_settings_key_is_todays_for_none_and_names_opus_mt():
    options = DecodingOptions()
    none = settings_key("torch", "fp32", 4, options, -1, 0, "none")
    assert none == settings_key("torch", "fp32", 4, options, -1, 0)
    assert none == "torch-fp32;beams=4;alts=0;maxin=0;len=1.5+10;align=-1.0;v1"  # as stored before preprocessing
    assert settings_key("torch", "fp32", 4, options, -1, 0, "opus-mt") == "torch-fp32;beams=4;alts=0;maxin=0;len=1.5+10;align=-1.0;pre=opus-mt;v1"


def test_the_store_never_serves_one_preprocessing_for_the_other(capsys, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text(RAW + "\n", encoding="utf-8")
    cache = tmp_path / "cache"

    def run(*extra: str) -> str:
        rc = main(["translate", str(source), "--model", str(TINY), "--backend", "torch", "--cache-dir", str(cache), "-q", *extra])
        out = capsys.readouterr()
        assert rc == 0, out.err
        return out.out

    def keys() -> list[str]:
        with sqlite3.connect(cache / DB_FILENAME) as c:
            return sorted(k for (k,) in c.execute("select distinct settings_key from translations"))

    first = run("--preprocess", "none")
    assert len(keys()) == 1 and ";pre=" not in keys()[0]
    second = run()  # the model's: opus-mt
    assert len(keys()) == 2 and any(";pre=opus-mt;" in k for k in keys())
    assert run("--preprocess", "opus-mt") == second and run("--preprocess", "none") == first
    assert len(keys()) == 2
