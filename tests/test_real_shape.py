"""A model of the exact opus-mt-de-en shape (random weights, built from config) loads and translates on CPU."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def twin(tmp_path_factory):
    out = tmp_path_factory.mktemp("twin")
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_twin_model.py"), str(out), "--spm-vocab", "2000"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return out


def _reader(*args, input=None):
    return subprocess.run([sys.executable, "-m", "reader", *args], input=input, capture_output=True, text=True, timeout=600)


def test_twin_has_the_opus_mt_shape(twin):
    config = json.loads((twin / "config.json").read_text())
    assert (config["encoder_layers"], config["decoder_layers"], config["d_model"]) == (6, 6, 512)
    assert (config["decoder_attention_heads"], config["decoder_ffn_dim"], config["vocab_size"]) == (8, 2048, 58101)
    assert len(json.loads((twin / "vocab.json").read_text())) == 58101


@pytest.mark.parametrize("backend", ["torch", "auto"])
def test_twin_translates_every_sentence_with_scores_and_alignment(twin, backend):
    text = "Die NATO beeilt sich. Dr. Müller kam am 3. Oktober um 14.30 Uhr.\nAktuell beobachtet\n"
    r = _reader("translate", "-", "-f", "jsonl", "--model", str(twin), "--no-cache", "--greedy",
                "--device", "cpu", "--backend", backend, input=text)
    assert r.returncode == 0, r.stderr
    records = [json.loads(l) for l in r.stdout.splitlines()]
    assert [x["source"] for x in records] == ["Die NATO beeilt sich.", "Dr. Müller kam am 3. Oktober um 14.30 Uhr.", "Aktuell beobachtet"]
    for x in records:
        assert x["translation"]
        # random weights rarely stop: the output cap (1.5 × source subwords + 10) must hold
        assert len(x["tokens"]) <= int(1.5 * (len(x["source"].split()) * 6 + 1)) + 10
        assert len(x["token_scores"]) == len(x["tokens"])
        for link in x["alignment"]:
            assert x["source"][link["source"][0]:link["source"][1]] == link["source_word"]
            assert x["translation"][link["target"][0]:link["target"][1]] == link["target_word"]


def test_alignment_head_outside_the_model_is_a_clear_error(twin):
    r = _reader("translate", "-", "--model", str(twin), "--no-cache", "--greedy", "--backend", "torch",
                "--align-layer", "6", input="Hallo.\n")
    assert r.returncode == 3
    assert r.stderr.strip() == "reader: error: alignment layer/head 6/0 outside the model's 6×8"
