"""Corpus and sentence scores, and paired significance, all computed by sacrebleu.

Nothing here re-implements a metric: BLEU, chrF (chrF++ with ``chrf_word_order=2``)
and TER are sacrebleu's, with its default settings and its signature strings, so a
figure here equals what ``sacrebleu`` prints for the same lines (tested). Systems
and references are plain lists of segments, one per source segment, in order;
empty segments (blank lines of a test set) are scored as empty strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..sacrebleu_adapter import remembering, sentence_chrf  # noqa: F401  (sentence scores are scores)

METRICS = ("BLEU", "chrF", "TER")
Test = Literal["bs", "ar"]  # paired bootstrap resampling, paired approximate randomization
ALPHA = 0.05  # a difference is significant when its p-value is below this


@dataclass(frozen=True, slots=True)
class CorpusScore:
    """One metric's corpus score of one system against one set of references."""

    system: str
    metric: str  # as sacrebleu names it: BLEU, chrF2, chrF2++, TER
    references: tuple[str, ...]  # names of the reference sets used together
    score: float
    formatted: str  # sacrebleu's one-line result, e.g. "BLEU = 27.31 58.9/33.4/20.6/13.1 (BP = …)"
    signature: str  # sacrebleu's signature, e.g. "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"


@dataclass(frozen=True, slots=True)
class PairedResult:
    """A system against the baseline under one metric: sacrebleu's paired test."""

    system: str
    metric: str
    score: float
    mean: float | None  # the mean over resamples (bootstrap), with its 95% confidence interval
    ci: float | None
    p_value: float | None  # None for the baseline itself
    test: Test
    higher_is_better: bool

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA


DEFAULT_METRICS = ("BLEU", "chrF")  # TER on request: sacrebleu's costs ~3.5 ms a segment (docs/compare.md)


def make_metrics(chrf_word_order: int = 0, metrics: Sequence[str] = DEFAULT_METRICS) -> dict[str, object]:
    """sacrebleu metric objects by our name (one of ``METRICS``), each remembering its statistics.

    sacrebleu computes a corpus score, a sentence score and every resample of a
    paired test from the same per-segment statistics; a metric object here keeps
    those of each (hypotheses, references) it has seen, so a system's statistics
    are extracted once for its corpus score, its sentence scores and the paired
    test (TER's are the slow ones; ``reader.sacrebleu_adapter``).
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    unknown = set(metrics) - set(METRICS)
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(sorted(unknown))}; choose from {', '.join(METRICS)}")
    makers = {"BLEU": (BLEU, {}), "chrF": (CHRF, {"word_order": chrf_word_order}), "TER": (TER, {})}
    return {name: remembering(makers[name][0])(**makers[name][1]) for name in metrics}


def _check_lengths(systems: Mapping[str, Sequence[str]], references: Mapping[str, Sequence[str]]) -> int:
    lengths = {len(v) for v in (*systems.values(), *references.values())}
    if len(lengths) > 1:
        sizes = ", ".join(f"{name}: {len(v)}" for name, v in (*systems.items(), *references.items()))
        raise ValueError(f"systems and references differ in length ({sizes})")
    return lengths.pop() if lengths else 0


def corpus_scores(
    systems: Mapping[str, Sequence[str]],
    references: Mapping[str, Sequence[str]],
    *,
    chrf_word_order: int = 0,
    metrics: Sequence[str] = DEFAULT_METRICS,
    metric_objects: Mapping[str, object] | None = None,
) -> list[CorpusScore]:
    """Every metric for every system against each reference set, and against all of them at once.

    With several reference sets, the last rows of each system and metric use them
    together (sacrebleu's multi-reference scoring).
    """
    _check_lengths(systems, references)
    groups = [(name,) for name in references]
    if len(references) > 1:
        groups.append(tuple(references))
    metric_objects = metric_objects or make_metrics(chrf_word_order, metrics)
    out = []
    for system, hyps in systems.items():
        for refs in groups:
            ref_lists = [list(references[r]) for r in refs]
            for metric in metric_objects.values():
                result = metric.corpus_score(list(hyps), ref_lists)
                out.append(CorpusScore(system, result.name, refs, result.score, str(result), str(metric.get_signature())))
    return out


def paired_significance(
    systems: Mapping[str, Sequence[str]],
    references: Mapping[str, Sequence[str]],
    *,
    baseline: str | None = None,
    test: Test = "bs",
    samples: int = 0,
    chrf_word_order: int = 0,
    metrics: Sequence[str] = DEFAULT_METRICS,
    metric_objects: Mapping[str, object] | None = None,
) -> tuple[dict[str, str], list[PairedResult]]:
    """Each system against ``baseline`` (default: the first), by sacrebleu's ``PairedTest``.

    Arguments:
        test: "bs" (paired bootstrap resampling; 1,000 resamples by default) or "ar"
            (paired approximate randomization; 10,000 trials, and 1,000 bootstrap
            resamples for the confidence intervals).
        samples: resamples or trials; 0 for sacrebleu's default.

    Returns:
        The signature of each metric (sacrebleu's, with the test and its seed), and one
        result per system and metric, the baseline first.
    """
    from sacrebleu.significance import PairedTest

    if len(systems) < 2:
        raise ValueError("a paired test needs two systems or more")
    names = list(systems)
    baseline = baseline or names[0]
    if baseline not in systems:
        raise ValueError(f"no system named {baseline!r} to be the baseline")
    _check_lengths(systems, references)
    order = [baseline, *(n for n in names if n != baseline)]
    metric_objects = metric_objects or make_metrics(chrf_word_order, metrics)
    paired = PairedTest(
        [(n, list(systems[n])) for n in order], metric_objects,
        [list(r) for r in references.values()], test_type=test, n_samples=samples,
        n_ar_confidence=0 if test == "ar" else -1,
    )
    signatures, table = paired()
    results = []
    for metric, column in table.items():
        if metric == "System":
            continue
        for system, r in zip(table["System"], column):
            results.append(PairedResult(
                system, metric, float(r.score), _float(r.mean), _float(r.ci), _float(r.p_value), test,
                higher_is_better=not metric.startswith("TER"),
            ))
    return {k: str(v) for k, v in signatures.items()}, results


def _float(x) -> float | None:
    return None if x is None else float(x)  # sacrebleu gives numpy scalars
