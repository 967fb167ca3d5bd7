"""Whether the machine has a CUDA device, asked cheaply."""

from __future__ import annotations

from pathlib import Path


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
