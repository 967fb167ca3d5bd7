"""Converting a Marian model for CTranslate2, once, in a child process.

The Hugging Face model is converted with ``ctranslate2.converters.
TransformersConverter`` into a cache directory (``ctranslate2-<quantization>``
next to a locked model, or under the models directory for a local one),
keyed by the model key and the quantization and written atomically. The
conversion runs in a child process (``python -m`` this module), so the
translating process never imports torch or transformers: translating with a
converted model needs only ctranslate2, sentencepiece and numpy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ...errors import ModelError
from ...models import ResolvedModel, models_dir

MARKER = "reader-conversion.json"
_CONVERSION_VERSION = 1


def stored_quantization(compute_type: str) -> str:
    """The weights stored on disk for a compute type (CTranslate2 converts the rest at load time)."""
    return compute_type


def converted_dir(model: ResolvedModel, quantization: str) -> Path:
    """Where the converted model lives: beside a downloaded model, else under the models directory."""
    root = models_dir()
    try:
        inside = model.path.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if inside and os.access(model.path, os.W_OK):
        return model.path / f"ctranslate2-{quantization}"
    digest = hashlib.sha256(model.key.encode()).hexdigest()[:16]
    return root / "ctranslate2" / f"{model.path.name}-{digest}" / quantization


def _marker(model: ResolvedModel, quantization: str) -> dict:
    return {"model_key": model.key, "quantization": quantization, "version": _CONVERSION_VERSION}


def is_converted(model: ResolvedModel, quantization: str) -> bool:
    directory = converted_dir(model, quantization)
    try:
        return json.loads((directory / MARKER).read_text(encoding="utf-8")) == _marker(model, quantization)
    except (OSError, ValueError):
        return False


def keeps_start_token(converted: Path) -> bool:
    """Whether the converted model starts decoding from a token of its own, not </s> (see _register_marian_loader)."""
    config = json.loads((converted / "config.json").read_text(encoding="utf-8"))
    return config.get("decoder_start_token") not in (None, config.get("eos_token"))


def convert(model: ResolvedModel, quantization: str, notify=None) -> Path:
    """Convert ``model`` for CTranslate2 once; return the converted directory.

    The conversion (which needs torch and transformers) runs in a child
    process into a temporary directory that is renamed into place when done,
    so an interrupted conversion leaves nothing half-written behind.
    """
    target = converted_dir(model, quantization)
    if is_converted(model, quantization):
        return target
    if notify:
        notify(f"Converting {model.name} for CTranslate2 ({quantization}); this happens once …")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        out = tmp / "model"
        proc = subprocess.run(
            [sys.executable, "-m", __name__, str(model.path), str(out), quantization],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            lines = [l for l in (proc.stderr or "").splitlines() if l.strip()]
            raise ModelError(f"cannot convert {model.name} for CTranslate2: {lines[-1] if lines else 'failed'}")
        _check_vocabulary(model.path, out)
        (out / MARKER).write_text(json.dumps(_marker(model, quantization)), encoding="utf-8")
        if target.exists() and not is_converted(model, quantization):  # a stale conversion (other weights): replace it
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(out, target)
        except OSError:
            if not is_converted(model, quantization):  # not a concurrent conversion that won the race
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _check_vocabulary(model_dir: Path, converted: Path) -> None:
    """The converted vocabulary must list vocab.json's tokens in id order (the converter drops a final <pad>)."""
    vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    by_id = sorted(vocab, key=vocab.get)
    files = [converted / "shared_vocabulary.json"]
    if not files[0].exists():
        files = [converted / "source_vocabulary.json", converted / "target_vocabulary.json"]
    for f in files:
        tokens = json.loads(f.read_text(encoding="utf-8"))
        if tokens != by_id[: len(tokens)] or len(by_id) - len(tokens) > 1:
            raise ModelError(f"{f.name} of the converted model does not match {model_dir / 'vocab.json'}")


def _convert_main(argv: list[str]) -> int:
    """Child-process entry point: ``python -m reader.engines.ctranslate2.conversion MODEL_DIR OUT QUANTIZATION``."""
    import warnings

    warnings.filterwarnings("ignore")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    _register_marian_loader()
    model_dir, out, quantization = argv
    TransformersConverter(model_dir, low_cpu_mem_usage=True).convert(out, quantization=quantization, force=True)
    return 0


def _register_marian_loader() -> None:
    """Convert Marian models whose decoder-start embedding is not zero faithfully.

    CTranslate2's Marian loader drops ``<pad>`` (the decoder-start token) and starts
    the decoder from a zero vector, which is what Marian-trained opus-mt models do
    (their ``<pad>`` row is zero). A model trained with transformers may have
    learned a ``<pad>`` embedding; then we keep the token and start from it, as
    ``generate`` does, and the runtime forbids generating it (as the model's
    ``bad_words_ids`` does).
    """
    from ctranslate2.converters import transformers as ct2_transformers

    base = ct2_transformers.MarianMTLoader
    bart = ct2_transformers.BartLoader

    @ct2_transformers.register_loader("MarianConfig")
    class FaithfulMarianLoader(base):
        keep_start = False

        def get_model_spec(self, model):
            start = model.config.decoder_start_token_id
            weight = model.model.decoder.embed_tokens.weight
            self.keep_start = bool(start is not None and start < weight.shape[0] and weight[start].abs().max() > 0)
            if not self.keep_start:
                return super().get_model_spec(model)
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return bart.get_model_spec(self, model)

        def set_config(self, config, model, tokenizer):
            super().set_config(config, model, tokenizer)
            if self.keep_start:
                config.decoder_start_token = tokenizer.convert_ids_to_tokens(model.config.decoder_start_token_id)

        def set_decoder(self, spec, decoder):
            if self.keep_start:
                return bart.set_decoder(self, spec, decoder)
            return super().set_decoder(spec, decoder)

        def get_vocabulary(self, model, tokenizer):
            if self.keep_start:
                return bart.get_vocabulary(self, model, tokenizer)
            return super().get_vocabulary(model, tokenizer)


if __name__ == "__main__":  # the conversion child process
    sys.exit(_convert_main(sys.argv[1:]))
