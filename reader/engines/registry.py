"""The engines: one registry of ``Engine`` records, each a name and how to make its translator.

``--backend`` choices, model SPECs in ``reader compare`` and ``create_translator`` read it.
``auto`` is no engine: it is CTranslate2 where it can give the alignment, else torch
(``reader.engines.create_translator``). An engine's module is imported only when one of
its translators is made, so a run served by the store never imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ..models import ResolvedModel
from ..registry import Registry
from .options import DecodingOptions, Device
from .protocol import Translator

AUTO = "auto"
EngineFactory = Callable[[ResolvedModel, DecodingOptions, Device, "str | None"], Translator]


@dataclass(frozen=True)
class Engine:
    name: str
    create: EngineFactory  # (model, options, device, compute type) → a translator, nothing loaded yet
    description: str = ""


_ENGINES: Registry[Engine] = Registry()


def register_engine(engine: Engine) -> Engine:
    """Add an engine (or replace one of the same name); ``--backend NAME`` then makes its translators."""
    if engine.name == AUTO:
        raise ValueError(f"{AUTO!r} is not an engine name")
    return _ENGINES.register(engine.name, engine)


def unregister_engine(name: str) -> None:
    _ENGINES.unregister(name)


def engine_named(name: str) -> Engine:
    engine = _ENGINES.get(name)
    if engine is None:
        raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return engine


BACKENDS: Sequence[str] = _ENGINES.names(AUTO)  # auto, torch, ctranslate2, and any registered later


def _torch(model: ResolvedModel, options: DecodingOptions, device: Device, compute_type: str | None) -> Translator:
    from .torch_backend import TorchTranslator

    return TorchTranslator(model, options, device)


def _ctranslate2(model: ResolvedModel, options: DecodingOptions, device: Device, compute_type: str | None) -> Translator:
    from .ctranslate2.translator import CTranslate2Translator

    return CTranslate2Translator(model, options, device, compute_type)


register_engine(Engine("torch", _torch, "transformers' MarianMTModel: the reference"))
register_engine(Engine("ctranslate2", _ctranslate2, "CTranslate2: int8 on CPU, float16 on CUDA; the fast one"))
