"""What both backends share: store keys, decoding settings, vocabulary, the shared loaded model.

A backend subclasses ``BaseTranslator`` and supplies what differs: how a model
is loaded (``_load``), how a sibling with other options is made (``_new``),
how sentences are translated and how given targets are scored.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from ..models import ResolvedModel
from .options import Backend, DecodingOptions, model_beams, settings_key
from .units import forced_length, output_cap
from .vocab import MarianVocab

Notify = Callable[[str], None]  # told one-line messages for people (a one-time conversion, a fallback)


@dataclass
class Loaded:
    """What loading gives a translator and its ``with_options`` siblings; a backend adds its model."""

    input_limit: int  # most source subwords before </s> the model takes
    max_output: int  # most target tokens, </s> included


class _Shared:
    """The state a translator shares with its ``with_options`` siblings: loaded once, by whichever asks first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # guards loading
        self.vocab: MarianVocab | None = None
        self.loaded: Loaded | None = None


class BaseTranslator(ABC):
    """A Marian model behind the ``Translator`` interface; nothing is loaded until first use.

    Arguments:
        model: The resolved model (its directory, name and key).
        options: Decoding options.
        device: The device asked for (``auto``, ``cpu``, ``cuda``).
        precision: The engine's precision, as the settings key names it.
    """

    backend: ClassVar[Backend]

    def __init__(self, model: ResolvedModel, options: DecodingOptions, device: str, precision: str):
        self.model_info = model
        self.name = model.name
        self.options = options
        self.requested_device = device
        self.precision = precision
        self.beams = options.beams or model_beams(model)
        self.layer = model.alignment_layer if options.alignment_layer is None else options.alignment_layer
        self.head = model.alignment_head if options.alignment_head is None else options.alignment_head
        self.model_key = model.key
        self.settings_key = settings_key(self.backend, precision, self.beams, options, self.layer, self.head)
        self.notify: Notify | None = None
        self._shared = _Shared()

    def with_options(self, options: DecodingOptions) -> BaseTranslator:
        """A translator with other decoding options that shares this one's (loaded or not) model."""
        other = self._new(options)
        other._shared, other.notify = self._shared, self.notify
        return other

    @abstractmethod
    def _new(self, options: DecodingOptions) -> BaseTranslator:
        """A fresh translator like this one (model, device, precision) with ``options``."""

    def load(self) -> None:
        """Load the model now (otherwise the first ``translate`` does); siblings load it once."""
        with self._shared.lock:
            if self._shared.loaded is None:
                self._shared.loaded = self._load()

    @abstractmethod
    def _load(self) -> Loaded:
        """Load the model; called once per shared state, under its lock.

        Raises:
            ModelError: The model cannot be loaded by this backend.
        """

    @property
    def loaded(self) -> Loaded | None:
        """The loaded model and its limits, shared with the ``with_options`` siblings; None before loading."""
        return self._shared.loaded

    @property
    def vocab(self) -> MarianVocab:
        shared = self._shared
        if shared.vocab is None:
            shared.vocab = MarianVocab(self.model_info.path)
        return shared.vocab

    @property
    def max_input(self) -> int:
        """Most source subwords before </s> per unit (longer sentences are split); needs the model loaded."""
        limit = self._shared.loaded.input_limit
        return min(self.options.max_input_tokens or limit, limit)

    @property
    def max_output(self) -> int:
        return self._shared.loaded.max_output

    def _output_cap(self, source_tokens: int) -> int:
        """Most target tokens for a source of this length: stops a degenerate repetition loop early."""
        o = self.options
        if o.force_length_extra is not None:  # benchmark-only: exactly this many tokens
            return forced_length(source_tokens, o.force_length_extra, self.max_output)
        return output_cap(source_tokens, o.max_length_ratio, o.max_length_extra, self.max_output)
