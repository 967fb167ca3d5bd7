"""Which device an engine runs on, asked of that engine, cheaply; and whether a model is too small for half precision."""

from __future__ import annotations

from pathlib import Path

from ..models import ResolvedModel, model_config

# Below this width a model is "small" (the tiny test model: 64): half precision gains it nothing and
# changes its outputs (the tiny model reproduces its training pairs only in float32). opus-mt is 512.
SMALL_MODEL_D_MODEL = 256


def nvidia_driver_present() -> bool:
    """Whether an NVIDIA driver is loaded: without one no engine is asked (importing one costs time)."""
    return Path("/proc/driver/nvidia/version").exists() or Path("/dev/nvidia0").exists()


def torch_cuda_available() -> bool:
    """Whether torch can use a CUDA device; imports torch only on machines with an NVIDIA driver (seconds)."""
    if not nvidia_driver_present():
        return False
    try:
        import torch

        return torch.cuda.is_available()
    except ImportError:  # pragma: no cover
        return False


def ctranslate2_cuda_available() -> bool:
    """Whether CTranslate2 sees a CUDA device; imports ctranslate2 (never torch) only where a driver is loaded.

    CTranslate2 and torch link different CUDA versions: one can see a GPU the other cannot use.
    """
    if not nvidia_driver_present():
        return False
    try:
        import ctranslate2

        return ctranslate2.get_cuda_device_count() > 0
    except (ImportError, RuntimeError):  # pragma: no cover
        return False


# The name callers used before each engine asked for itself: torch's answer.
cuda_available = torch_cuda_available


def resolve_device(requested: str, engine_sees_cuda) -> str:
    """``cuda`` or ``cpu``: ``auto`` is CUDA when the engine that will run sees a device."""
    if requested == "auto":
        return "cuda" if engine_sees_cuda() else "cpu"
    return requested


def small_model(model: ResolvedModel) -> bool:
    """Whether the model is narrower than SMALL_MODEL_D_MODEL (then float32 on every device)."""
    try:
        return int(model_config(model.path).get("d_model", 512)) < SMALL_MODEL_D_MODEL
    except (TypeError, ValueError):
        return False
