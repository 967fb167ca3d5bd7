"""models.lock, `reader models`, downloads (from a local fake Hub) and offline behaviour."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fakehub import FakeHub, model_files
from reader.errors import ModelError
from reader.models import config_preprocess, load_lock, resolve_model

TINY = Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en"
REPO, REV = "test-org/tiny-de-en", "0123456789abcdef0123456789abcdef01234567"


def _lock(tmp_path: Path, weights_sha: str | None = None) -> Path:
    sha = weights_sha or hashlib.sha256((TINY / "model.safetensors").read_bytes()).hexdigest()
    files = "".join(f'\n  [[model.file]]\n  path = "{name}"\n' for name in
                    ("config.json", "generation_config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"))
    lock = tmp_path / "models.lock"
    lock.write_text(
        f'default = "tiny"\n\n[[model]]\nname = "tiny"\nrepo = "{REPO}"\nrevision = "{REV}"\n'
        f'\n  [[model.file]]\n  path = "model.safetensors"\n  sha256 = "{sha}"\n{files}',
        encoding="utf-8",
    )
    return lock


def _run(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "READER_"))}
    env.update({"HF_HOME": str(tmp_path / "hf"), "READER_CACHE_DIR": str(tmp_path / "cache"),
                "HF_HUB_DISABLE_PROGRESS_BARS": "1", **env_extra})
    return subprocess.run([sys.executable, "-m", "reader", *args], env=env, capture_output=True, text=True, timeout=120)


def test_shipped_lock_pins_opus_mt_de_en():
    lock = load_lock()
    model = lock.find(lock.default)
    assert model.repo == "Helsinki-NLP/opus-mt-de-en"
    assert model.revision == "1a922f3b32a8e809e17a47d4b32142d8105924e5"
    weights = {f.path: f.sha256 for f in model.files}
    assert weights["pytorch_model.bin"] == "e743c3070f61f477cb62fe95ef2c9be2e77f3e488cb6b8030ff8a19e8295c87d"
    assert (model.alignment_layer, model.alignment_head) == (-1, 0)
    assert model.preprocess == "opus-mt"


def test_pull_verify_list_and_translate_from_a_hub(tmp_path):
    env = {"READER_MODELS_LOCK": str(_lock(tmp_path)), "READER_MODELS_DIR": str(tmp_path / "models")}
    with FakeHub(REPO, REV, model_files(TINY)) as hub:
        env["HF_ENDPOINT"] = hub.endpoint
        r = _run(["models", "pull"], env, tmp_path)
        assert r.returncode == 0, r.stderr
        assert "downloaded and verified" in r.stdout
    r = _run(["models", "list"], env, tmp_path)
    assert "tiny (default)" in r.stdout and "\tdownloaded\t" in r.stdout
    r = _run(["models", "verify"], env, tmp_path)
    assert r.returncode == 0 and r.stdout.count("\tok\t") == 7, r.stdout
    # The hub is gone now: the model is used from disk.
    p = subprocess.run([sys.executable, "-m", "reader", "translate", "-", "--no-cache"], input="Das Haus ist klein.\n",
                       env={**os.environ, **env, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "The house is small.\n"


def test_damaged_file_fails_verify(tmp_path):
    env = {"READER_MODELS_LOCK": str(_lock(tmp_path)), "READER_MODELS_DIR": str(tmp_path / "models")}
    with FakeHub(REPO, REV, model_files(TINY)) as hub:
        assert _run(["models", "pull"], {**env, "HF_ENDPOINT": hub.endpoint}, tmp_path).returncode == 0
    vocab = next((tmp_path / "models").rglob("vocab.json"))
    vocab.write_text(vocab.read_text() + " ")
    r = _run(["models", "verify"], env, tmp_path)
    assert r.returncode != 0
    assert "vocab.json\tmismatch" in r.stdout
    assert r.stderr.startswith("reader: error: verification failed") and "Traceback" not in r.stderr


def test_weights_not_matching_the_lock_are_refused_and_removed(tmp_path):
    env = {"READER_MODELS_LOCK": str(_lock(tmp_path, weights_sha="0" * 64)), "READER_MODELS_DIR": str(tmp_path / "models")}
    with FakeHub(REPO, REV, model_files(TINY)) as hub:
        r = _run(["models", "pull"], {**env, "HF_ENDPOINT": hub.endpoint}, tmp_path)
    assert r.returncode == 3
    assert "model.safetensors does not match models.lock" in r.stderr and "Traceback" not in r.stderr
    assert not list((tmp_path / "models").rglob("model.safetensors"))


def test_small_file_not_matching_the_hub_commit_is_refused(tmp_path):
    env = {"READER_MODELS_LOCK": str(_lock(tmp_path)), "READER_MODELS_DIR": str(tmp_path / "models")}
    with FakeHub(REPO, REV, model_files(TINY)) as hub:
        hub.etag_override["config.json"] = "f" * 40  # the commit says other content
        r = _run(["models", "pull"], {**env, "HF_ENDPOINT": hub.endpoint}, tmp_path)
    assert r.returncode == 3 and "config.json does not match" in r.stderr


@pytest.mark.parametrize("how", ["offline", "unreachable"])
def test_missing_model_without_hub_gives_clear_message(tmp_path, how):
    env = {"READER_MODELS_DIR": str(tmp_path / "models")}
    env.update({"HF_HUB_OFFLINE": "1"} if how == "offline" else {"HF_ENDPOINT": "http://127.0.0.1:9"})
    sample = Path(__file__).parent.parent / "reader" / "data" / "sample.de.txt"
    for args in (["models", "pull"], ["translate", str(sample)]):
        r = _run(args, env, tmp_path)
        assert r.returncode == 3, r.stderr
        line = r.stderr.strip().splitlines()[-1]
        assert line.startswith("reader: error: model 'opus-mt-de-en' is not downloaded")
        assert "reader models pull opus-mt-de-en" in line and "--model PATH" in line
        assert "Traceback" not in r.stderr


def test_resolve_local_directory_and_errors(tmp_path):
    m = resolve_model(str(TINY))
    assert m.path == TINY.resolve() and m.key.startswith("dir:")
    with pytest.raises(ModelError, match="not a Marian model directory"):
        resolve_model(str(tmp_path))
    with pytest.raises(ModelError, match="pin a revision"):
        resolve_model("someone/some-model")
    with pytest.raises(ModelError, match="not a name in models.lock"):
        resolve_model("no-such-model")


def test_a_model_declares_its_preprocessing(tmp_path, monkeypatch):
    assert resolve_model(str(TINY)).preprocess == "opus-mt"  # a local Marian directory: OPUS-MT's
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.json").write_text('{"model_type": "t5"}', encoding="utf-8")
    assert config_preprocess(other) == "none" and config_preprocess(tmp_path / "missing") == "none"
    lock = _lock(tmp_path)
    monkeypatch.setenv("READER_MODELS_LOCK", str(lock))
    assert load_lock().find("tiny").preprocess is None  # not in the lock: from its config.json
    lock.write_text(lock.read_text(encoding="utf-8").replace('revision = "', 'preprocess = "none"\nrevision = "'), encoding="utf-8")
    assert load_lock().find("tiny").preprocess == "none"
    lock.write_text(lock.read_text(encoding="utf-8").replace('preprocess = "none"', 'preprocess = "moses"'), encoding="utf-8")
    with pytest.raises(ModelError, match="preprocess must be one of none, opus-mt"):
        load_lock()
