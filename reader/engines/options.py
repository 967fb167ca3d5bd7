"""Decoding options and the store's settings key they enter."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from ..models import ResolvedModel

if TYPE_CHECKING:
    from .preprocess import Preprocess

Backend = str  # "auto" (CTranslate2 when it can, else torch) or a registered engine's name (reader.engines.registry)
Device = Literal["auto", "cpu", "cuda"]  # auto: CUDA when present
DEVICES: tuple[Device, ...] = get_args(Device)
# The vocabulary shortlist (reader.engines.shortlist): auto uses the model's list when it passed
# the quality gate, on uses it gated or not, off never.
ShortlistUse = Literal["auto", "on", "off"]
SHORTLIST_USES: tuple[ShortlistUse, ...] = get_args(ShortlistUse)


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
    preprocess: Preprocess | None = None  # None: the model's (models.lock, else its config.json)
    # Per-token log-probabilities (word confidence). CTranslate2's beam search does not give
    # them: they cost a teacher-forced scoring pass (~0.2× the search). `reader translate`
    # skips them when its output format has no use for them, and ``add_token_scores`` adds
    # them later (the reader does, for sentences found in the store without them).
    token_scores: bool = True
    # Word links (the alignment head's attention, and on CTranslate2's CPU beam search a one-step
    # pass for the first step's): ~10 % of a search. Off only where nothing keeps or writes
    # them: no store (it keeps links for the reader) and an output without them (txt, tsv,
    # tmx); `reader translate` and `reader corpus` decide (Writer.word_links). The torch
    # backend computes them in its scoring pass either way.
    word_links: bool = True
    shortlist: ShortlistUse = "auto"  # CTranslate2 only: restrict the output layer to a candidate list
    # Benchmark-only, never set by the CLI: make every output exactly (source subwords incl. </s>
    # + this) tokens long, so random-weight models do the same work in every engine (set by
    # benchmarks/forced_length.py).
    force_length_extra: int | None = None


def model_beams(model: ResolvedModel) -> int:
    """Beam size from the model's generation config, read without loading the model."""
    try:
        config = json.loads((model.path / "generation_config.json").read_text(encoding="utf-8"))
        return int(config.get("num_beams") or 1)
    except (OSError, ValueError):
        return 4


def settings_key(
    backend: str, precision: str, beams: int, options: DecodingOptions, layer: int, head: int, preprocess: Preprocess = "none",
    shortlist: str = "",
) -> str:
    """The store's key for how a translation was made; ``shortlist``: the digest of the vocabulary list used, if any."""
    forced = "" if options.force_length_extra is None else f";force={options.force_length_extra}"
    # Absent for "none": translations stored before preprocessing existed were made from the raw input.
    prepared = "" if preprocess == "none" else f";pre={preprocess}"
    return (
        f"{backend}-{precision};beams={beams};alts={options.alternatives};"
        f"maxin={options.max_input_tokens};len={options.max_length_ratio}+{options.max_length_extra};"
        f"align={layer}.{head}{forced}{prepared}{f';vmap={shortlist}' if shortlist else ''};v1"
    )
