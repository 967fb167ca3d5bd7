"""sacrebleu's internals, used in this one module only.

sacrebleu computes a corpus score, a sentence score and every resample of a paired test
from per-segment statistics, reachable only through methods it keeps private
(``INTERNALS``). ``remembering`` subclasses a metric class so that each (hypotheses,
references) pair's statistics and each reference set's preparation are computed once
(methods overridden, no private attribute assigned); the functions below give the
statistics, the scores made from them, sentence chrF and the 13a tokenizer.
``tests/test_sacrebleu_adapter.py`` checks ``INTERNALS`` against the installed release
and names any that a release changed. sacrebleu is imported on first use (~80 ms).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

# Each private of sacrebleu used here (on every metric class, or a module path) with
# the parameters relied on.
INTERNALS: dict[str, tuple[str, ...]] = {
    "Metric._extract_corpus_statistics": ("self", "hypotheses", "references"),
    "Metric._cache_references": ("self", "references"),
    "Metric._compute_score_from_stats": ("self", "stats"),
    "Metric._aggregate_and_compute": ("self", "stats"),
    "sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a": ("self", "line"),  # its __call__
}


class Remembering:
    """Mixed in before a sacrebleu metric class: statistics and prepared references, once per input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._reader_statistics: dict[tuple, Any] = {}  # prefixed: sacrebleu's own attributes live here too
        self._reader_references: dict[tuple, Any] = {}
        super().__init__(*args, **kwargs)

    def _extract_corpus_statistics(self, hypotheses, references):
        key = (tuple(hypotheses), None if references is None else tuple(tuple(r) for r in references))
        if key not in self._reader_statistics:
            self._reader_statistics[key] = super()._extract_corpus_statistics(hypotheses, references)
        return self._reader_statistics[key]

    def _cache_references(self, references):
        key = tuple(tuple(r) for r in references)
        if key not in self._reader_references:
            self._reader_references[key] = super()._cache_references(references)
        return self._reader_references[key]


@cache
def remembering(metric_class: type) -> type:
    """sacrebleu's ``metric_class`` with ``Remembering`` mixed in, under the same name (its messages use it)."""
    return type(metric_class.__name__, (Remembering, metric_class), {"__module__": __name__, "__doc__": metric_class.__doc__})


def segment_statistics(metric: Any, hypotheses: list[str], references: list[list[str]] | None) -> list:
    """Each segment's statistics under ``metric`` (``references``: one list per reference set)."""
    return metric._extract_corpus_statistics(hypotheses, references)


def score_from_statistics(metric: Any, statistics: Any) -> Any:
    """sacrebleu's score (``.score``) of one segment's statistics: its sentence score."""
    return metric._compute_score_from_stats(statistics)


def corpus_score_from_statistics(metric: Any, statistics: Sequence) -> Any:
    """sacrebleu's corpus score of the segments whose statistics are given, as ``corpus_score`` on their lines."""
    return metric._aggregate_and_compute(statistics)


def sentence_chrf(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], chrf_word_order: int = 0, chrf=None
) -> list[float]:
    """sacrebleu's sentence-level chrF of each segment (``references``: one list per reference set).

    From the segments' statistics, as ``CHRF.sentence_score`` computes it (tested equal);
    ``chrf``: a ``remembering(CHRF)`` metric that may hold them already.
    """
    if chrf is None:
        from sacrebleu.metrics import CHRF

        chrf = remembering(CHRF)(word_order=chrf_word_order)
    stats = segment_statistics(chrf, list(hypotheses), [list(r) for r in references])
    return [score_from_statistics(chrf, s).score for s in stats]


@cache
def tokenizer_13a():
    """sacrebleu's 13a tokenizer (BLEU's default): ``tokenizer_13a()(text)`` is the text tokenized."""
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    return Tokenizer13a()
