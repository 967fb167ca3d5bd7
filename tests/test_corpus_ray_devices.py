"""`reader corpus --ray` and devices: zero-GPU actors stay on the CPU, the pool fits the GPUs, the manifest names the engine that ran."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from reader.cli import main
from reader.corpus import run
from reader.corpus.distributed import TranslatorActor, TranslatorSpec, actor_spec, check_gpus
from reader.corpus.outcome import Finished
from reader.engines import DecodingOptions
from reader.errors import InputError

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")


def test_zero_gpu_actors_run_on_the_cpu():
    auto = TranslatorSpec(TINY, DecodingOptions(), device="auto")
    assert actor_spec(auto, 0).device == "cpu"
    assert actor_spec(auto, 1) is auto and actor_spec(auto, 0.5) is auto
    with pytest.raises(InputError, match="--gpus-per-worker"):
        actor_spec(TranslatorSpec(TINY, DecodingOptions(), device="cuda"), 0)


def test_the_pool_must_fit_the_gpus():
    check_gpus(2, 0.5, 1)
    check_gpus(1, 1, 1)
    with pytest.raises(InputError, match=r"--workers 2 × --gpus-per-worker 1 needs 2 GPUs; the Ray cluster has 1"):
        check_gpus(2, 1, 1)


def test_cuda_without_gpus_per_worker_is_refused_before_outdir_is_made(capsys, tmp_path):
    pytest.importorskip("ray")
    src = tmp_path / "a.de.txt"
    src.write_text("Ich weiß es nicht.\n", encoding="utf-8")
    rc = main(["corpus", str(src), "-o", str(tmp_path / "out"), "--ray", "--device", "cuda", "--model", TINY])
    assert rc == 2 and "--gpus-per-worker" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("engine_keys", [("tiny@actor", "torch-fp32;from-the-actor"), None], ids=["actor", "driver"])
def test_manifest_records_the_keys_the_actor_reports(capsys, tmp_path, monkeypatch, engine_keys):
    pytest.importorskip("ray")

    def fake_run_ray(units, *args, **kwargs):  # the driver's side only: no cluster
        for u in units:
            yield Finished(u, 0, None, "stopped", engine_keys)

    monkeypatch.setattr(run, "run_ray", fake_run_ray)
    src = tmp_path / "a.de.txt"
    src.write_text("Ich weiß es nicht.\n", encoding="utf-8")
    main(["corpus", str(src), "-o", str(tmp_path / "out"), "--ray", "--model", TINY, "--device", "cpu", "-q"])
    entry = json.loads((tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])
    if engine_keys:
        assert (entry["model"], entry["settings"]) == engine_keys
    else:
        assert entry["settings"].startswith("ctranslate2-")


def test_an_actor_that_fell_back_reports_torchs_keys(monkeypatch):
    ctranslate2 = pytest.importorskip("ctranslate2")

    class NoCublas(ctranslate2.Translator):
        def translate_batch(self, *args, **kwargs):
            raise RuntimeError("Library libcublas.so.12 is not found or cannot be loaded")

    monkeypatch.setattr(ctranslate2, "Translator", NoCublas)
    spec = TranslatorSpec(TINY, DecodingOptions(beams=1), backend="auto", device="auto")
    actor = type("Actor", (TranslatorActor,), {"SPEC": actor_spec(spec, 0), "THREADS": 0})()
    out = actor({"unit": [b"u"], "doc": [b""], "sources": [pickle.dumps(["Ich weiß es nicht."])], "error": [""]})
    model_key, settings_key = out["keys"][0].split("\t")
    assert settings_key.startswith("torch-fp32;") and model_key == actor.translator.model_key
    assert pickle.loads(out["translations"][0])[0].text


def test_threads_are_not_set_for_gpu_actors(monkeypatch):
    monkeypatch.setenv("READER_CT2_THREADS", "")  # restored (or removed) after the test
    monkeypatch.delenv("READER_CT2_THREADS")
    monkeypatch.setattr("torch.set_num_threads", lambda n: None)
    monkeypatch.setattr(TranslatorSpec, "open", lambda self: _Opened())
    type("Gpu", (TranslatorActor,), {"SPEC": TranslatorSpec(TINY, DecodingOptions(), device="cuda"), "THREADS": 0})()
    assert "READER_CT2_THREADS" not in os.environ
    type("Cpu", (TranslatorActor,), {"SPEC": actor_spec(TranslatorSpec(TINY, DecodingOptions()), 0), "THREADS": 2})()
    assert os.environ["READER_CT2_THREADS"] == "2,1"


class _Opened:
    model_key, settings_key = "m", "s"

    def load(self):
        pass

