"""A comparison: the systems' English beside the references, and every figure about them.

``compare()`` takes segments that are already there (files read, model systems
translated: ``reader.compare.systems``) and computes the figures with sacrebleu
(``reader.compare.scores``). ``Comparison.to_json()`` is the JSON report: every
figure, the signatures and the per-segment scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .scores import (
    DEFAULT_METRICS, CorpusScore, PairedResult, Test, corpus_scores, make_metrics, paired_significance, sentence_chrf,
)
from .systems import Source, System

if TYPE_CHECKING:
    from ..glossary import Glossary


# Below this many segments a paired test's p-values mean little. Two equally good systems (a coin
# deciding, segment by segment, which gets the better translation) come out "significantly different"
# at p < 0.05 in 100% of 1-segment test sets, 38% at 5, 24–28% at 10, 18–20% at 20, then 12–15% at
# 30, 50 and 100 alike — 5% expected (benchmarks/significance_null.py, WMT22; docs/compare.md).
MIN_TEST_SEGMENTS = 30


@dataclass(frozen=True, slots=True)
class Significance:
    baseline: str
    test: Test
    references: tuple[str, ...]
    signatures: dict[str, str]
    results: tuple[PairedResult, ...]
    segments: int  # the segments with text the test ran on

    @property
    def too_few(self) -> bool:
        """Too small a test set for the test to mean anything: no verdict is claimed."""
        return self.segments < MIN_TEST_SEGMENTS


@dataclass(frozen=True, slots=True)
class Comparison:
    source: Source
    systems: tuple[System, ...]
    references: dict[str, tuple[str, ...]]
    corpus: tuple[CorpusScore, ...]  # against the references, or (none given) each system against the others
    sentence_chrf: dict[str, tuple[float, ...]]  # per system, against all references (or the baseline)
    significance: Significance | None
    baseline: str
    analyses: Any = None  # reader.compare.analysis.Analyses (compare-mt's: by length, by frequency, n-grams, …)
    notes: tuple[str, ...] = field(default=())

    @property
    def agreement(self) -> bool:
        """No reference: each system was scored against the others."""
        return not self.references

    def to_json(self) -> dict[str, Any]:
        src = self.source
        segments = src.segments
        return {
            "source": {"name": src.doc.name, "unit": src.unit, "segments": len(segments)},
            "systems": [{"name": s.name, "spec": s.spec, "kind": s.kind, "settings_key": s.settings_key} for s in self.systems],
            "references": list(self.references),
            "baseline": self.baseline,
            "agreement": self.agreement,
            "corpus": [asdict(c) | {"references": list(c.references)} for c in self.corpus],
            "significance": None if self.significance is None else {
                "baseline": self.significance.baseline,
                "test": self.significance.test,
                "references": list(self.significance.references),
                "signatures": self.significance.signatures,
                "segments": self.significance.segments,
                "too_few_segments": self.significance.too_few,
                "min_segments": MIN_TEST_SEGMENTS,
                "results": [asdict(r) | {"significant": r.significant and not self.significance.too_few}
                            for r in self.significance.results],
            },
            "segments": [
                {
                    "index": k,
                    "source": segments[k],
                    "systems": {s.name: s.segments[k] for s in self.systems},
                    "references": {name: ref[k] for name, ref in self.references.items()},
                    "chrf": {name: scores[k] for name, scores in self.sentence_chrf.items()},
                }
                for k in range(len(segments))
            ],
            "analyses": None if self.analyses is None else _plain(self.analyses),
            "notes": list(self.notes),
        }


def _plain(x: Any) -> Any:
    """Dataclasses, tuples and dicts as JSON values."""
    if hasattr(x, "__dataclass_fields__"):
        return {k: _plain(getattr(x, k)) for k in x.__dataclass_fields__}
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


def compare(
    source: Source,
    systems: Sequence[System],
    references: Mapping[str, Sequence[str]],
    *,
    baseline: str | None = None,
    test: Test = "bs",
    samples: int = 0,
    chrf_word_order: int = 0,
    metrics: Sequence[str] = DEFAULT_METRICS,
    significance: bool = True,
    glossary: Glossary | None = None,
) -> Comparison:
    """Every figure for ``systems`` against ``references`` (or, with none, against each other).

    Arguments:
        baseline: the system the others are tested against (default: the first).
        test: the paired test, "bs" (bootstrap resampling) or "ar" (approximate randomization).
        samples: resamples or trials (0: sacrebleu's defaults, 1,000 and 10,000).
        metrics: sacrebleu metrics by name ("BLEU", "chrF", "TER"); sentence scores are chrF always.
        significance: run the paired test (needs two systems and a reference).
        glossary: also score each system's terms (a ``terms`` row beside each metric's; ``term_scores``).
    """
    names = [s.name for s in systems]
    baseline = baseline or names[0]
    if baseline not in names:
        raise ValueError(f"--baseline {baseline}: no such system (systems: {', '.join(names)})")
    hyps = {s.name: list(s.segments) for s in systems}
    refs = {name: tuple(r) for name, r in references.items()}
    notes: list[str] = [note for system in systems for note in system.notes]
    # One set of metric objects: each system's statistics are extracted once for all the figures.
    scorers = make_metrics(chrf_word_order, tuple(dict.fromkeys((*metrics, "chrF"))))
    chosen = {name: scorers[name] for name in metrics}
    if refs:
        corpus = corpus_scores(hyps, refs, metric_objects=chosen)
        ref_lists = [list(r) for r in refs.values()]
        chrf = {name: tuple(sentence_chrf(h, ref_lists, chrf=scorers["chrF"])) for name, h in hyps.items()}
    else:  # agreement: every system against every other one as its reference
        corpus = []
        for other in names:
            corpus += corpus_scores({n: hyps[n] for n in names if n != other}, {other: hyps[other]}, metric_objects=chosen)
        chrf = {name: tuple(sentence_chrf(h, [hyps[baseline]], chrf=scorers["chrF"]))
                for name, h in hyps.items() if name != baseline}
        notes.append("no reference: each system is scored against each other one (agreement, not quality)")
    if glossary:
        rows = [(c.system, c.references) for c in corpus if c.metric == corpus[0].metric] or [(n, ()) for n in names]
        corpus += term_scores(source, hyps, glossary, rows)
    paired = None
    if significance and refs and len(systems) >= 2:
        signatures, results = paired_significance(hyps, refs, baseline=baseline, test=test, samples=samples,
                                                  metric_objects=chosen)
        with_text = sum(1 for segment in source.segments if segment.strip())
        paired = Significance(baseline, test, tuple(refs), signatures, tuple(results), with_text)
        if paired.too_few:
            notes.append(f"the paired test ran on {with_text} {source.unit}{'' if with_text == 1 else 's'} with text: too "
                         f"few (under {MIN_TEST_SEGMENTS}) for its p-values to mean anything, so no difference is "
                         "called significant (docs/compare.md)")
    from .analysis import analyse

    analyses = analyse(source.segments, hyps, refs, baseline,
                       chrfs=chrf if len(refs) == 1 else None, with_agreement=False, bleu=scorers.get("BLEU"))
    return Comparison(source, tuple(systems), refs, tuple(corpus), chrf, paired, baseline, analyses, tuple(notes))


def verdicts(c: Comparison) -> list[tuple[str, str, str, str]]:
    """(system, metric, score with its 95% confidence interval, what the test says, plainly) per paired result."""
    sig = c.significance
    if sig is None:
        return []
    base = {r.metric: r.score for r in sig.results if r.system == sig.baseline}
    rows = []
    for r in sig.results:
        interval = f" (μ = {r.mean:.2f} ± {r.ci:.2f})" if r.mean is not None and r.ci is not None else ""
        if r.p_value is None:
            text = "baseline"
        else:
            better = (r.score > base[r.metric]) == r.higher_is_better
            if sig.too_few:
                text = f"too few {c.source.unit}s to tell (p = {r.p_value:.4f} means little under {MIN_TEST_SEGMENTS})"
            elif not r.significant:
                text = f"not significantly different from {sig.baseline} (p = {r.p_value:.4f})"
            else:
                text = f"significantly {'better' if better else 'worse'} than {sig.baseline} (p = {r.p_value:.4f})"
        rows.append((r.system, r.metric, f"{r.score:.2f}{interval}", text))
    return rows


def term_scores(source: Source, hyps: Mapping[str, Sequence[str]], glossary: Glossary,
                rows: Sequence[tuple[str, tuple[str, ...]]]) -> list[CorpusScore]:
    """Each system's term success rate (%), as the WMT terminology task scores it: exact-match accuracy
    over the term occurrences in the source (``reader.glossary.checking.exact_match_accuracy``);
    a row for each (system, reference set) the metrics have, so the tables show it as a column."""
    from ..glossary.checking import exact_match_accuracy
    from ..glossary.matching import TermIndex

    index = TermIndex(glossary)
    scores: list[CorpusScore] = []
    rates = {name: exact_match_accuracy(index, source.segments, h) for name, h in hyps.items()}
    for system, refs in rows:
        hits, total = rates[system]
        score = 100.0 * hits / total if total else 0.0
        signature = f"exact-match|occurrences:{total}|glossary:{glossary.content_hash}"
        scores.append(CorpusScore(system, "terms", refs, score, f"terms = {score:.2f} ({hits}/{total})", signature))
    return scores
