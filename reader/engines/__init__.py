"""Translation engines behind one small interface.

``create_translator`` returns an object with ``translate(sources)`` that
loads its model lazily on first use, so a run whose sentences are all in the
store never imports torch or reads weights.
"""

from __future__ import annotations

import json
from pathlib import Path
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..models import ResolvedModel
from ..translation import Translation

BACKENDS = ("auto", "torch", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class DecodingOptions:
    beams: int | None = None  # None: the model's generation_config (4 for opus-mt-de-en)
    alternatives: int = 0  # extra hypotheses (n-best) per sentence, besides the best
    batch_size: int = 32  # sentences per batch at most
    batch_tokens: int = 6000  # padded source tokens per batch at most
    max_input_tokens: int = 0  # 0: the model's limit (512 positions minus </s>)
    max_length_ratio: float = 1.5  # output subwords ≤ ratio × input subwords + max_length_extra
    max_length_extra: int = 10
    alignment_layer: int | None = None  # None: from models.lock (last layer)
    alignment_head: int | None = None  # None: from models.lock (head 0)


def model_beams(model: ResolvedModel) -> int:
    """Beam size from the model's generation config, read without loading the model."""
    try:
        config = json.loads((model.path / "generation_config.json").read_text(encoding="utf-8"))
        return int(config.get("num_beams") or 1)
    except (OSError, ValueError):
        return 4


class Translator(Protocol):
    name: str  # model name shown to people
    model_key: str  # the exact weights (store key, part 1)
    settings_key: str  # engine, precision and decoding settings (store key, part 2)

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        """One Translation per source sentence, in order."""
        ...

    def load(self) -> None:
        """Load the model now (otherwise the first ``translate`` does)."""
        ...

    def with_options(self, options: DecodingOptions) -> "Translator":
        """The same loaded model with other decoding options (e.g. n-best for one sentence)."""
        ...


def cuda_available() -> bool:
    """Whether a CUDA device can be used, without importing torch on machines with no NVIDIA driver.

    Importing torch costs seconds; a fully cached run on a CPU machine should not pay it.
    """
    if not (Path("/proc/driver/nvidia/version").exists() or Path("/dev/nvidia0").exists()):
        return False
    try:
        import torch

        return torch.cuda.is_available()
    except ImportError:  # pragma: no cover
        return False


def settings_key(backend: str, precision: str, beams: int, options: DecodingOptions, layer: int, head: int) -> str:
    return (
        f"{backend}-{precision};beams={beams};alts={options.alternatives};"
        f"maxin={options.max_input_tokens};len={options.max_length_ratio}+{options.max_length_extra};"
        f"align={layer}.{head};v1"
    )


def create_translator(
    model: ResolvedModel, options: DecodingOptions = DecodingOptions(), backend: str = "auto", device: str = "auto"
) -> Translator:
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    from .torch_backend import TorchTranslator

    return TorchTranslator(model, options, device)
