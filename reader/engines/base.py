"""The base both backends build on: what the torch and CTranslate2 translators share.

Store keys, decoding settings, the vocabulary, the loaded model that
``with_options`` siblings share, forced scoring. A backend supplies what
differs: how a model is loaded (``_load``), how a sibling with other options
is made (``_new``), how sentences are translated and how a batch of given
targets is scored (``_force``).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..errors import InputError
from ..models import ResolvedModel
from ..translation import Translation
from .batching import plan_batches
from .options import Backend, DecodingOptions, model_beams, settings_key
from .preprocess import Preprocess
from .protocol import Notify
from .units import Unit, forced_length, make_hypothesis, make_units, output_cap
from .vocab import MarianVocab

@dataclass
class Loaded:
    """What loading gives a translator and its ``with_options`` siblings; a backend adds its model."""

    input_limit: int  # most source subwords before </s> the model takes
    max_output: int  # most target tokens, </s> included


class _Shared:
    """The state a translator shares with its ``with_options`` siblings: loaded once, by whichever asks first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # guards loading
        self.vocabs: dict[Preprocess, MarianVocab] = {}  # siblings may preprocess differently
        self.loaded: Loaded | None = None


class BaseTranslator(ABC):
    """A Marian model behind the ``Translator`` interface; nothing is loaded until first use.

    Arguments:
        model: The resolved model (its directory, name and key).
        options: Decoding options.
        device: The device asked for (``auto``, ``cpu``, ``cuda``).
        precision: The engine's precision, as the settings key names it.
        shortlist: The digest of the vocabulary shortlist it translates with ("" for none).
    """

    backend: ClassVar[Backend]

    def __init__(self, model: ResolvedModel, options: DecodingOptions, device: str, precision: str, shortlist: str = ""):
        self.model_info = model
        self.name = model.name
        self.options = options
        self.requested_device = device
        self.precision = precision
        self.beams = options.beams or model_beams(model)
        self.layer = model.alignment_layer if options.alignment_layer is None else options.alignment_layer
        self.head = model.alignment_head if options.alignment_head is None else options.alignment_head
        self.preprocess: Preprocess = options.preprocess or model.preprocess
        self.model_key = model.key
        self.settings_key = settings_key(
            self.backend, precision, self.beams, options, self.layer, self.head, self.preprocess, shortlist
        )
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
        vocabs = self._shared.vocabs
        if self.preprocess not in vocabs:
            vocabs[self.preprocess] = MarianVocab(self.model_info.path, self.preprocess)
        return vocabs[self.preprocess]

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

    # ------------------------------------------------------------ forced scoring

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        """Forced decoding (see ``Translator.score``); hypotheses built as ``translate`` builds them."""
        if len(sources) != len(targets):
            raise ValueError(f"{len(sources)} sources but {len(targets)} targets")
        if not sources:
            return []
        self.load()
        vocab = self.vocab
        units = make_units(sources, vocab, self.max_input)
        if len(units) != len(sources):
            n = next(u.sentence for u in units if not u.whole)
            raise InputError(f"cannot score sentence {n + 1}: longer than the model's {self.max_input} subwords")
        ids = [vocab.encode_target(t) for t in targets]
        hypotheses = [None] * len(units)
        lengths = [len(u.encoded.ids) + len(t) for u, t in zip(units, ids)]
        for batch in plan_batches(lengths, self.options.batch_size, self.options.batch_tokens):
            forced = self._force([units[i] for i in batch], [ids[i] for i in batch])
            for i, (token_scores, attention) in zip(batch, forced):
                hypotheses[i] = make_hypothesis(vocab, units[i], ids[i], token_scores, attention)
        return [Translation(source, h) for source, h in zip(sources, hypotheses)]

    @abstractmethod
    def _force(self, units: list[Unit], targets: list[list[int]]) -> list[tuple[Sequence[float], np.ndarray]]:
        """Teacher-forced pass over one batch.

        Arguments:
            units: Whole source sentences.
            targets: Target ids per unit, ending with </s>.

        Returns:
            Per unit: the log-probability of each target id (</s> included), and the
            alignment head's attention over the source tokens at each target position
            (at least up to the last before </s>).
        """
