"""The vocabulary shortlist on the tiny model: same output with it, a bad list refused, its own store key."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from reader.cli import main  # noqa: E402
from reader.engines import DecodingOptions, create_translator  # noqa: E402
from reader.engines.shortlist import VMAP_FILE, chosen_shortlist  # noqa: E402
from reader.errors import ModelError  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.shortlist import Recipe, build_shortlist, compare_outputs  # noqa: E402
from reader.shortlist.candidates import learned, vmap_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"
CORPUS = ROOT / "tests" / "fixtures" / "tiny_corpus.tsv"
GOOD = Recipe(frequent=30, per_source=50, copies=False, dictionary=False)  # restricts, and keeps every output
BAD = Recipe(frequent=0, per_source=0, copies=False, dictionary=False)  # only single characters and punctuation


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory):
    # A list of its own: a gated list would be used by every other test's translator (--shortlist auto).
    with pytest.MonkeyPatch.context() as patch:
        directory = tmp_path_factory.mktemp("shortlist-models")
        patch.setenv("READER_MODELS_DIR", str(directory))
        yield directory


@pytest.fixture(scope="module")
def model(models_dir):
    return resolve_model(str(TINY))


@pytest.fixture(scope="module")
def sentences():
    return [l.split("\t")[0] for l in CORPUS.read_text(encoding="utf-8").splitlines() if l.strip()]


def _ct2(model, shortlist):
    return create_translator(model, DecodingOptions(shortlist=shortlist), "ctranslate2", "cpu", "float32")


def test_learned_candidates_rank_consistent_partners_first():
    pairs = [(["▁Hund"], ["▁dog", "▁the"]), (["▁Hund", "▁Katze"], ["▁dog", "▁cat", "▁the"]), (["▁Katze"], ["▁cat", "▁the"])]
    got = learned(pairs, per_source=2)
    assert got["▁Hund"] == ["▁dog", "▁the"]  # Dice 1.0 beats 0.8
    assert got["▁Katze"][0] == "▁cat"


def test_vmap_text_keeps_the_fixed_line_first_and_a_constant_list_on_it_alone():
    text = vmap_text({"▁the", "."}, {"▁Hund": ["▁dog", "▁the"]})
    assert text.splitlines() == ["\t. ▁the", "▁Hund\t▁dog"]
    constant = vmap_text({"▁the"}, {"▁Hund": ["▁dog"]}, constant=True)
    assert constant.splitlines() == ["\t▁dog ▁the"]


def test_gate_figures():
    same = compare_outputs(["a b c"] * 30, ["a b c"] * 30)
    assert same.passed and same.identical == 1.0 and same.chrf == 100.0
    one_off = compare_outputs(["a b c"] * 30, ["a b c"] * 29 + ["a b d"])
    assert not one_off.passed and one_off.identical == round(29 / 30, 4) and one_off.chrf < 100
    assert not compare_outputs(["x"] * 5, ["x"] * 5).passed  # too few to judge


def test_good_list_gives_identical_output_and_its_own_settings_key(model, sentences):
    # Each sentence twice, the second time one place later: every held-out sentence is also learned
    # from, so the list covers them. From the others alone the tiny model's list cannot (its corpus
    # has words no other sentence has), and the gate says so (the next test).
    built = build_shortlist(model, sentences + sentences[1:] + sentences[:1], GOOD, "float32", min_held_out=10)
    assert built.gate.passed and built.gate.identical == 1.0, built.gate
    kept = (built.stored.directory / VMAP_FILE).read_text(encoding="utf-8").splitlines()[0].split()
    assert 0 < len(kept) < 0.7 * len(json.loads((TINY / "vocab.json").read_text(encoding="utf-8")))  # it does restrict
    off, on, auto = _ct2(model, "off"), _ct2(model, "on"), _ct2(model, "auto")
    assert off.shortlist is None and on.shortlist is not None and auto.shortlist == on.shortlist
    assert on.settings_key != off.settings_key and auto.settings_key == on.settings_key
    assert f";vmap={built.stored.digest}" in on.settings_key
    # Greedy: each step's best token is the same over the list as over the vocabulary when it is on the list.
    greedy = DecodingOptions(beams=1, shortlist="on")
    full, listed = off.with_options(replace(greedy, shortlist="off")).translate(sentences), on.with_options(greedy).translate(sentences)
    on_list = [n for n, t in enumerate(full) if set(t.best.tokens) <= set(kept) | {"</s>"}]
    assert len(on_list) >= 0.9 * len(sentences)  # the list was learned from beam search's outputs
    assert [listed[n].text for n in on_list] == [full[n].text for n in on_list]
    assert [listed[n].best.tokens for n in on_list] == [full[n].best.tokens for n in on_list]
    assert [_spans(listed[n]) for n in on_list] == [_spans(full[n]) for n in on_list]
    # Beam search compares log-probabilities normalised over the list, so a near tie may go the other
    # way; the gate bounds how often (the tiny model, far less sure than a real one: 2 of the 52 here).
    full, listed = off.translate(sentences), on.translate(sentences)
    assert sum(a.text == b.text for a, b in zip(full, listed)) / len(full) >= 0.95
    scored = on.with_options(DecodingOptions(shortlist="on", token_scores=True)).translate(sentences[:5])
    reference = off.with_options(DecodingOptions(shortlist="off", token_scores=True)).translate(sentences[:5])
    # The per-token log-probabilities come from the full vocabulary's softmax either way.
    assert [t.best.token_scores for t in scored] == pytest.approx([t.best.token_scores for t in reference], abs=1e-3)
    torch_on = create_translator(model, DecodingOptions(shortlist="on"), "torch", "cpu")
    torch_off = create_translator(model, DecodingOptions(shortlist="off"), "torch", "cpu")
    assert torch_on.settings_key == torch_off.settings_key  # CTranslate2 only: torch translates as before


def _spans(t):
    return [(l.source_start, l.source_end, l.target_start, l.target_end) for l in t.alignment]


def test_a_list_learned_from_too_little_is_refused(model, sentences):
    built = build_shortlist(model, sentences, GOOD, "float32", min_held_out=10)
    assert not built.gate.passed and built.gate.identical < 0.98 and built.gate.chrf < 100


def test_bad_list_is_refused_and_auto_leaves_it_unused(model, sentences):
    built = build_shortlist(model, sentences, BAD, "float32", min_held_out=10)
    assert not built.gate.passed and built.gate.identical < 0.98 and "identical" in built.gate.reason
    assert not built.stored.passed
    directory = built.stored.directory
    assert chosen_shortlist(directory, model.key, "auto", model.name) is None
    assert chosen_shortlist(directory, model.key, "on", model.name).digest == built.stored.digest
    assert _ct2(model, "auto").settings_key == _ct2(model, "off").settings_key


def test_cli_refuses_and_on_without_a_list_is_a_model_error(model, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_MODELS_DIR", str(tmp_path / "models"))
    fresh = resolve_model(str(TINY))
    with pytest.raises(ModelError, match="no vocabulary shortlist"):
        _ct2(fresh, "on")
    rc = main(["models", "shortlist", str(TINY), "--compute-type", "float32", "--frequent", "0", "--per-source", "0", "-q"])
    out, err = capsys.readouterr()
    assert rc == 1 and "shortlist refused" in err and "identical with the full vocabulary" in out
    doc = tmp_path / "a.txt"
    doc.write_text("Ich weiß es nicht.\n", encoding="utf-8")
    args = ["translate", str(doc), "--model", str(TINY), "--backend", "ctranslate2", "--compute-type", "float32", "--no-cache"]
    outputs = {}
    for use in ("off", "on", "auto"):
        assert main([*args, "--shortlist", use]) == 0
        outputs[use] = capsys.readouterr().out
    assert outputs["auto"] == outputs["off"] and outputs["off"].strip()  # auto leaves a refused list unused


def test_compare_spec_takes_a_shortlist_setting():
    from reader.compare.systems import parse_model_spec
    from reader.errors import InputError

    assert parse_model_spec("opus-mt-de-en,shortlist=off").options.shortlist == "off"
    assert parse_model_spec("opus-mt-de-en").options.shortlist == "auto"
    with pytest.raises(InputError, match="shortlist is one of"):
        parse_model_spec("opus-mt-de-en,shortlist=maybe")
