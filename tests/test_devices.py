"""Choosing the device and precision: each engine asks for itself; a broken CUDA build falls back before translating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ctranslate2 = pytest.importorskip("ctranslate2")

from reader.engines import DecodingOptions, create_translator, devices  # noqa: E402
from reader.engines.ctranslate2 import translator as ct2_translator  # noqa: E402
from reader.engines.ctranslate2.translator import default_compute_type  # noqa: E402
from reader.errors import ModelError  # noqa: E402
from reader.models import ResolvedModel, resolve_model  # noqa: E402

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny-opus-mt-de-en"


@pytest.fixture
def model():
    return resolve_model(str(TINY))


def _wide_model(tmp_path, d_model=512) -> ResolvedModel:
    (tmp_path / "config.json").write_text(json.dumps({"d_model": d_model}), encoding="utf-8")
    return ResolvedModel("wide", tmp_path, "wide@test")


def test_auto_asks_ctranslate2_not_torch(model, monkeypatch):
    """A GPU torch sees but CTranslate2 cannot use: auto is the CPU, and torch is never asked."""
    monkeypatch.setattr(devices, "nvidia_driver_present", lambda: True)
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)

    def torch_asked():
        raise AssertionError("torch was asked")

    monkeypatch.setattr(devices, "torch_cuda_available", torch_asked)
    t = create_translator(model, DecodingOptions(), backend="ctranslate2", device="auto")
    assert t.device == "cpu" and t.settings_key.startswith("ctranslate2-float32;")


def test_auto_is_cuda_when_ctranslate2_sees_a_device(model, tmp_path, monkeypatch):
    monkeypatch.setattr(devices, "nvidia_driver_present", lambda: True)
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    tiny = create_translator(model, DecodingOptions(), backend="ctranslate2", device="auto")
    assert tiny.device == "cuda"
    assert tiny.compute_type == "float32"  # small: exact only in float32, on the GPU too
    wide = create_translator(_wide_model(tmp_path), DecodingOptions(), backend="ctranslate2", device="auto")
    assert (wide.device, wide.compute_type) == ("cuda", "float16")


def test_no_driver_asks_no_engine(monkeypatch):
    monkeypatch.setattr(devices, "nvidia_driver_present", lambda: False)
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1 / 0)
    assert devices.ctranslate2_cuda_available() is False
    assert devices.torch_cuda_available() is False


def test_compute_type_by_model_size(model, tmp_path):
    assert default_compute_type("cuda", model) == default_compute_type("cpu", model) == "float32"
    wide = _wide_model(tmp_path)
    assert (default_compute_type("cuda", wide), default_compute_type("cpu", wide)) == ("float16", "int8")
    edge = _wide_model(tmp_path, devices.SMALL_MODEL_D_MODEL)
    assert not devices.small_model(edge) and devices.small_model(_wide_model(tmp_path, devices.SMALL_MODEL_D_MODEL - 1))


def test_torch_keeps_small_models_in_fp32_on_cuda(model, tmp_path, monkeypatch):
    from reader.engines import torch_backend

    monkeypatch.setattr(torch_backend, "torch_cuda_available", lambda: True)
    assert create_translator(model, DecodingOptions(), backend="torch", device="auto").settings_key.startswith("torch-fp32;")
    wide = create_translator(_wide_model(tmp_path), DecodingOptions(), backend="torch", device="auto")
    assert wide.settings_key.startswith("torch-fp16;")


class _NoCublas(ctranslate2.Translator):
    """Loads, but fails at its first forward pass, as the PyPI wheel does where libcublas.so.12 is missing."""

    def translate_batch(self, *args, **kwargs):
        raise RuntimeError("Library libcublas.so.12 is not found or cannot be loaded")


def test_a_failing_first_forward_pass_is_a_model_error_at_load(model, monkeypatch):
    monkeypatch.setattr(ctranslate2, "Translator", _NoCublas)
    t = create_translator(model, DecodingOptions(beams=1), backend="ctranslate2", device="cpu")
    with pytest.raises(ModelError, match="libcublas.so.12"):
        t.load()


def test_auto_falls_back_to_torch_when_the_first_forward_pass_fails(model, monkeypatch):
    monkeypatch.setattr(ctranslate2, "Translator", _NoCublas)
    said = []
    auto = create_translator(model, DecodingOptions(beams=1), backend="auto", device="cpu")
    auto.notify = said.append
    out = auto.translate(["Ich weiß es nicht."])
    assert auto.backend == "torch" and out[0].text
    assert any("libcublas" in s and "using torch" in s for s in said), said


def test_warm_up_runs_one_step(monkeypatch):
    calls = []

    class Model:
        def translate_batch(self, batch, **kwargs):
            calls.append((batch, kwargs["max_decoding_length"]))

    ct2_translator.warm_up(Model(), "</s>")
    assert calls == [([["</s>"]], 1)]


def test_searches_queued_a_few_ahead_give_the_same_output(model, monkeypatch):
    """The GPU's order of work (scoring between searches) against the CPU's (every search first)."""
    sources = [line.split("\t")[0] for line in (TINY.parent / "tiny_corpus.tsv").read_text(encoding="utf-8").splitlines()][:12]
    options = DecodingOptions(beams=2, batch_size=2, alternatives=1)
    first = create_translator(model, options, backend="ctranslate2", device="cpu").translate(sources)
    monkeypatch.setitem(ct2_translator.SEARCHES_AHEAD, "cpu", 1)
    again = create_translator(model, options, backend="ctranslate2", device="cpu").translate(sources)
    assert again == first and all(t.best.token_scores for t in again)
