"""The quality gate: a shortlist is used only where it changes (almost) nothing.

The held-out sentences, translated with the full vocabulary and with the list, are compared:
the share of identical translations, and chrF between the two sets (how far the differing
ones moved). The threshold, 98 % identical: a list that keeps the model's choice keeps it
exactly, so every differing sentence is one where the right token was missing from the
candidates (a beam near-tie also moves under any change of batch; docs/benchmarks.md measured
0–1 % of sentences changing their text with another batch). Above 2 %, the list misses words
regular text needs, and the user should give it more German text to learn from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

IDENTICAL_AT_LEAST = 0.98
MIN_HELD_OUT = 20  # fewer sentences cannot show a 2 % difference


@dataclass(frozen=True)
class GateResult:
    sentences: int
    identical: float  # share of held-out sentences translated the same with the list
    chrf: float  # chrF of the list's translations against the full vocabulary's
    threshold: float
    passed: bool
    reason: str  # why it failed ("" when it passed)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        return (f"{self.sentences} held-out sentences: {self.identical:.1%} identical with the full vocabulary "
                f"(needs ≥ {self.threshold:.0%}), chrF {self.chrf:.1f}")


def compare_outputs(
    full: Sequence[str], listed: Sequence[str], threshold: float = IDENTICAL_AT_LEAST, min_held_out: int = MIN_HELD_OUT
) -> GateResult:
    """The gate's figures and verdict for the same sentences translated without and with a list."""
    from sacrebleu.metrics import CHRF

    if len(full) != len(listed):
        raise ValueError(f"{len(full)} translations against {len(listed)}")
    n = len(full)
    identical = sum(a == b for a, b in zip(full, listed)) / n if n else 0.0
    chrf = CHRF().corpus_score(list(listed), [list(full)]).score if n else 0.0
    if n < min_held_out:
        reason = f"only {n} held-out sentences (needs {min_held_out}): give more German text (--corpus)"
    elif identical < threshold:
        reason = f"{identical:.1%} identical is under {threshold:.0%}"
    else:
        reason = ""
    return GateResult(n, round(identical, 4), round(chrf, 2), threshold, not reason, reason)
