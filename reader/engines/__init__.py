"""Translation engines behind one small interface.

``create_translator`` returns a ``Translator`` that loads its model lazily on
first use, so a run whose sentences are all in the store never imports torch
or reads weights (nor, through this package, numpy or sentencepiece).
"""

from __future__ import annotations

from ..models import ResolvedModel, model_config
from .auto import AutoTranslator
from .devices import cuda_available
from .options import DEVICES, Backend, DecodingOptions, Device, model_beams, settings_key
from .registry import AUTO, BACKENDS, Engine, engine_named, register_engine
from .protocol import Notify, Translator

__all__ = [
    "BACKENDS",
    "DEVICES",
    "AutoTranslator",
    "Backend",
    "DecodingOptions",
    "Device",
    "Engine",
    "Notify",
    "Translator",
    "create_translator",
    "ctranslate2_importable",
    "cuda_available",
    "model_beams",
    "open_translator",
    "register_engine",
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
    if backend != AUTO:
        return engine_named(backend).create(model, options, device, compute_type)
    torch = engine_named("torch")
    if ctranslate2_importable():
        from .ctranslate2.translator import CTranslate2Translator

        ct2 = engine_named("ctranslate2").create(model, options, device, compute_type)
        if isinstance(ct2, CTranslate2Translator) and ct2.supports_alignment(_decoder_layers(model)):
            return AutoTranslator(ct2, lambda: torch.create(model, options, device, None))
    return torch.create(model, options, device, None)


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


def _decoder_layers(model: ResolvedModel) -> int | None:
    try:
        return int(model_config(model.path)["decoder_layers"])
    except (KeyError, TypeError, ValueError):
        return None
