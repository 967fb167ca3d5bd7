"""Translation engines behind one small interface.

``create_translator`` returns a ``Translator`` that loads its model lazily on
first use, so a run whose sentences are all in the store never imports torch
or reads weights (nor, through this package, numpy or sentencepiece).
"""

from __future__ import annotations

from ..models import ResolvedModel, model_config
from .auto import AutoTranslator
from .devices import cuda_available
from .options import BACKENDS, DEVICES, Backend, DecodingOptions, Device, model_beams, settings_key
from .protocol import Notify, Translator

__all__ = [
    "BACKENDS",
    "DEVICES",
    "AutoTranslator",
    "Backend",
    "DecodingOptions",
    "Device",
    "Notify",
    "Translator",
    "create_translator",
    "ctranslate2_importable",
    "cuda_available",
    "model_beams",
    "open_translator",
    "settings_key",
]


def ctranslate2_importable() -> bool:
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None


def create_translator(
    model: ResolvedModel,
    options: DecodingOptions = DecodingOptions(),
    backend: Backend = "auto",
    device: Device = "auto",
    compute_type: str | None = None,
) -> Translator:
    """A translator for ``model``; nothing is loaded yet.

    ``backend="auto"`` picks the fastest engine that works here: CTranslate2
    (int8 on CPU, float16 on CUDA) when it is installed and can give the
    requested alignment head, else torch. Should the model then fail to
    convert or load for CTranslate2, an auto translator falls back to torch
    on first use. ``compute_type`` is CTranslate2's (int8, float16, int8_float16, float32 …).
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    if backend == "ctranslate2":
        from .ctranslate2.translator import CTranslate2Translator

        return CTranslate2Translator(model, options, device, compute_type)
    if backend == "auto" and ctranslate2_importable():
        from .ctranslate2.translator import CTranslate2Translator

        ct2 = CTranslate2Translator(model, options, device, compute_type)
        if ct2.supports_alignment(_decoder_layers(model)):
            return AutoTranslator(ct2, lambda: _torch(model, options, device))
    return _torch(model, options, device)


def open_translator(
    model: str | None,
    options: DecodingOptions = DecodingOptions(),
    backend: Backend = "auto",
    device: Device = "auto",
    compute_type: str | None = None,
    notify: Notify | None = None,
) -> Translator:
    """``create_translator`` for a ``--model`` value (a locked name, ORG/NAME@REV, a directory; None: the default).

    A locked model not downloaded yet is pulled; ``notify`` is told so, and later of a
    one-time conversion for CTranslate2 and of auto's fallback to torch.
    """
    from ..models import resolve_model

    translator = create_translator(resolve_model(model, auto_pull=True, notify=notify), options, backend, device, compute_type)
    translator.notify = notify
    return translator


def _torch(model: ResolvedModel, options: DecodingOptions, device: Device) -> Translator:
    from .torch_backend import TorchTranslator

    return TorchTranslator(model, options, device)


def _decoder_layers(model: ResolvedModel) -> int | None:
    try:
        return int(model_config(model.path)["decoder_layers"])
    except (KeyError, TypeError, ValueError):
        return None
