"""Where systems differ: compare-mt's analyses over plain lists of segments.

Corpus scores say which system is better; these say where. They follow compare-mt
(neulab/compare-mt): scores by source length, word F-measure by reference frequency,
the n-grams one system matches and another does not, the segments two systems score
most differently, plus agreement between systems when there is no reference and a
word-level diff for marking what changed (``reader.text.word_diff``'s). Every metric is sacrebleu's (through
``reader.compare.scores``), and words are sacrebleu's 13a tokens, so a word here is a
word as BLEU sees it. Pure functions: no UI, no files, deterministic.

With several reference sets, the analyses against a reference use one of them (the
first, unless ``reference`` names another): compare-mt's word and n-gram matching is
defined against a single reference.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reader.compare.scores import _check_lengths, make_metrics, sentence_chrf
from reader.sacrebleu_adapter import corpus_score_from_statistics, segment_statistics, tokenizer_13a
from reader.text.word_diff import WordDiff, word_correspondence, word_diff  # noqa: F401  (the analyses' word diff)

# compare-mt's defaults (compare_mt/bucketers.py): LengthSentenceBucketer, FreqWordBucketer.
LENGTH_CUTOFFS = (10, 20, 30, 40, 50, 60)
FREQUENCY_CUTOFFS = (1, 2, 3, 4, 5, 10, 100, 1000)
# compare-mt's generate_ngram_report: n = 1..4, (a + α) / (a + b + 2α) with α = 1.
MAX_NGRAM_ORDER = 4
NGRAM_SMOOTHING = 1.0
TOP = 10

@dataclass(frozen=True, slots=True)
class LengthBucket:
    """One system's scores on the segments whose source length falls in one bucket."""

    label: str  # compare-mt's: "<10", "[10,20)", …, ">=60"
    low: int  # source length in 13a tokens, low <= length < high; high None: unbounded
    high: int | None
    system: str
    segments: int
    mean_chrf: float | None  # mean of sacrebleu's sentence chrF; None for an empty bucket
    bleu: float | None  # sacrebleu's corpus BLEU of the bucket's segments; None for an empty bucket


@dataclass(frozen=True, slots=True)
class FrequencyBucket:
    """One system's word matches for the words whose reference frequency falls in one bucket."""

    label: str  # compare-mt's: "<1" (unseen in the reference), "1", …, "[5,10)", …, ">=1000"
    low: int  # frequency in the reference corpus, low <= frequency < high
    high: int | None
    system: str
    matched: int  # per segment min(count in system, count in reference), summed
    in_reference: int  # reference words in the bucket
    in_system: int  # system words in the bucket
    precision: float  # 0.0 when nothing matched, as compare-mt
    recall: float
    f_measure: float


@dataclass(frozen=True, slots=True)
class NgramDifference:
    """An n-gram matched against the reference more often by one system than the other."""

    words: tuple[str, ...]  # 13a tokens
    matches_a: int  # clipped matches, summed over segments
    matches_b: int
    score: float  # compare-mt's (a + α) / (a + b + 2α) for the favoured side

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class NgramComparison:
    """The n-grams that most distinguish system A from system B, each way."""

    system_a: str
    system_b: str
    better_in_a: tuple[NgramDifference, ...]  # best first
    better_in_b: tuple[NgramDifference, ...]


@dataclass(frozen=True, slots=True)
class DifferingSegment:
    """A segment two systems score far apart (or, without a reference, disagree on)."""

    index: int  # position in the segment lists
    chrf_a: float | None  # sentence chrF against the reference; None without one
    chrf_b: float | None
    agreement: float | None  # sentence chrF of B with A as the reference; None with a reference
    distance: float  # |chrf_b - chrf_a| with a reference, 100 - agreement without


@dataclass(frozen=True, slots=True)
class SegmentComparison:
    """The segments where two systems differ most, most different first (distance 0 left out)."""

    system_a: str
    system_b: str
    against: Literal["reference", "each other"]
    segments: tuple[DifferingSegment, ...]


@dataclass(frozen=True, slots=True)
class Agreement:
    """One system scored with another system's output as the reference."""

    system: str
    reference_system: str
    bleu: float
    chrf: float


@dataclass(frozen=True, slots=True)
class Analyses:
    """Everything ``analyse`` could run for one set of systems."""

    baseline: str
    reference: str | None  # the reference set used, None without one
    by_length: tuple[LengthBucket, ...]
    by_frequency: tuple[FrequencyBucket, ...]
    ngrams: tuple[NgramComparison, ...]  # the baseline against each other system
    differing: tuple[SegmentComparison, ...]  # the baseline against each other system
    agreement: tuple[Agreement, ...]  # without a reference: every ordered pair of distinct systems


@lru_cache(maxsize=2**16)
def tokens(text: str) -> tuple[str, ...]:
    """sacrebleu's 13a tokens of ``text`` (cached: every analysis reads the same strings)."""
    return tuple(tokenizer_13a()(text).split())


def bucket_labels(cutoffs: Sequence[int]) -> list[tuple[str, int, int | None]]:
    """compare-mt's bucket names and bounds for counts: ``(label, low, high)``, low <= count < high.

    Arguments:
        cutoffs: increasing bucket boundaries, e.g. ``(10, 20, 30)``.

    Returns:
        ``len(cutoffs) + 1`` buckets: from 0 to the first cutoff, between each two, from the last
        on (``high`` None).
    """
    if not cutoffs or cutoffs[0] <= 0 or any(b <= a for a, b in zip(cutoffs, cutoffs[1:])):
        raise ValueError(f"bucket cutoffs must be positive and increasing, got {list(cutoffs)}")
    out: list[tuple[str, int, int | None]] = [(f"<{cutoffs[0]}", 0, cutoffs[0])]
    for low, high in zip(cutoffs, cutoffs[1:]):
        out.append((str(low) if high == low + 1 else f"[{low},{high})", low, high))
    out.append((f">={cutoffs[-1]}", cutoffs[-1], None))
    return out


def _bucket(value: int, cutoffs: Sequence[int]) -> int:
    return bisect_right(cutoffs, value)  # the first bucket whose high is above value


def scores_by_length(
    source: Sequence[str],
    systems: Mapping[str, Sequence[str]],
    reference: Sequence[str],
    *,
    cutoffs: Sequence[int] = LENGTH_CUTOFFS,
) -> list[LengthBucket]:
    """Each system's mean sentence chrF and corpus BLEU per bucket of source length.

    Arguments:
        source: the source segments; a segment's length is its number of 13a tokens.
        systems: each system's segments, by name.
        reference: one reference segment per source segment.
        cutoffs: bucket boundaries (compare-mt's by default).

    Returns:
        One row per bucket and system, buckets in order, systems in the given order;
        empty buckets included, with None scores.
    """
    _check_lengths({"source": source, **systems}, {"reference": reference})
    chrfs = {name: sentence_chrf(hyps, [reference]) for name, hyps in systems.items()}
    return _scores_by_length(source, systems, reference, chrfs, cutoffs)


def _scores_by_length(source, systems, reference, chrfs, cutoffs, bleu=None) -> list[LengthBucket]:
    members: list[list[int]] = [[] for _ in range(len(cutoffs) + 1)]
    for k, segment in enumerate(source):
        members[_bucket(len(tokens(segment)), cutoffs)].append(k)
    # A bucket's corpus BLEU from its segments' statistics, each system's extracted once
    # (exactly what corpus_score does on the bucket's lines).
    bleu = bleu or make_metrics(metrics=("BLEU",))["BLEU"]
    stats = {name: segment_statistics(bleu, list(hyps), [list(reference)]) for name, hyps in systems.items()}
    out = []
    for (label, low, high), ks in zip(bucket_labels(cutoffs), members):
        for name, hyps in systems.items():
            if not ks:
                out.append(LengthBucket(label, low, high, name, 0, None, None))
                continue
            mean_chrf = sum(chrfs[name][k] for k in ks) / len(ks)
            score = corpus_score_from_statistics(bleu, [stats[name][k] for k in ks]).score
            out.append(LengthBucket(label, low, high, name, len(ks), mean_chrf, score))
    return out


def word_accuracy_by_frequency(
    systems: Mapping[str, Sequence[str]],
    reference: Sequence[str],
    *,
    cutoffs: Sequence[int] = FREQUENCY_CUTOFFS,
    lowercase: bool = False,
) -> list[FrequencyBucket]:
    """Word precision, recall and F-measure per bucket of reference frequency (compare-mt's word accuracy).

    A word's bucket is its count in the whole reference (0 for a word the reference
    never uses); in each segment a word matches min(count in the system, count in the
    reference) times.

    Arguments:
        systems: each system's segments, by name.
        reference: one reference segment per source segment; also the frequency corpus.
        cutoffs: bucket boundaries (compare-mt's by default).
        lowercase: compare and count words case-insensitively (off by default, as in compare-mt and BLEU).

    Returns:
        One row per bucket and system, buckets in order, systems in the given order.
    """
    _check_lengths(systems, {"reference": reference})
    def words(text: str) -> tuple[str, ...]:
        return tuple(w.lower() for w in tokens(text)) if lowercase else tokens(text)

    ref_counts = [Counter(words(r)) for r in reference]
    frequency: Counter[str] = Counter()
    for counts in ref_counts:
        frequency.update(counts)
    n = len(cutoffs) + 1
    out = []
    for name, hyps in systems.items():
        matched, in_ref, in_sys = [0] * n, [0] * n, [0] * n
        for hyp, ref in zip(hyps, ref_counts):
            hyp_counts = Counter(words(hyp))
            for word, count in hyp_counts.items():
                b = _bucket(frequency[word], cutoffs)
                in_sys[b] += count
                matched[b] += min(count, ref[word])
            for word, count in ref.items():
                in_ref[_bucket(frequency[word], cutoffs)] += count
        for b, (label, low, high) in enumerate(bucket_labels(cutoffs)):
            p, r, f = _precision_recall_f(matched[b], in_ref[b], in_sys[b])
            out.append(FrequencyBucket(label, low, high, name, matched[b], in_ref[b], in_sys[b], p, r, f))
    return out


def _precision_recall_f(matched: int, in_reference: int, in_system: int) -> tuple[float, float, float]:
    if matched == 0:
        return 0.0, 0.0, 0.0
    p, r = matched / in_system, matched / in_reference
    return p, r, 2 * p * r / (p + r)


def ngram_differences(
    systems: Mapping[str, Sequence[str]],
    reference: Sequence[str],
    system_a: str,
    system_b: str,
    *,
    top: int = TOP,
    max_order: int = MAX_NGRAM_ORDER,
    alpha: float = NGRAM_SMOOTHING,
) -> NgramComparison:
    """The n-grams that system A matches in the reference much more often than B, and the reverse.

    Per n-gram (n = 1..max_order), a and b are its reference matches in A and B, clipped per
    segment; n-grams are ranked by compare-mt's smoothed ratio (a + α) / (a + b + 2α) for A
    and (b + α) / (a + b + 2α) for B, ties by more matches, then alphabetically.

    Arguments:
        systems: each system's segments, by name.
        reference: one reference segment per source segment.
        system_a: the name of one system.
        system_b: the name of the other.
        top: how many n-grams each way.
        max_order: the longest n-gram.
        alpha: the smoothing; larger favours frequent n-grams.

    Returns:
        The top n-grams for A and for B.
    """
    _check_lengths(systems, {"reference": reference})
    for name in (system_a, system_b):
        if name not in systems:
            raise ValueError(f"no system named {name!r}")
    ref_ngrams = [_ngrams(r, max_order) for r in reference]
    return _rank_ngrams(
        system_a, _matched_ngrams(systems[system_a], ref_ngrams, max_order),
        system_b, _matched_ngrams(systems[system_b], ref_ngrams, max_order), top, alpha,
    )


def _ngrams(text: str, max_order: int) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    return Counter(words[i:i + n] for n in range(1, max_order + 1) for i in range(len(words) - n + 1))


def _matched_ngrams(hyps: Sequence[str], ref_ngrams: list[Counter], max_order: int) -> Counter[tuple[str, ...]]:
    matched: Counter[tuple[str, ...]] = Counter()
    for hyp, ref in zip(hyps, ref_ngrams):
        for gram, count in _ngrams(hyp, max_order).items():
            if gram in ref:
                matched[gram] += min(count, ref[gram])
    return matched


def _rank_ngrams(name_a: str, a: Counter, name_b: str, b: Counter, top: int, alpha: float) -> NgramComparison:
    grams = set(a) | set(b)

    def best(mine: Counter, theirs: Counter) -> tuple[NgramDifference, ...]:
        scored = [((mine[g] + alpha) / (mine[g] + theirs[g] + 2 * alpha), mine[g], g) for g in grams]
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        return tuple(NgramDifference(g, a[g], b[g], score) for score, _, g in scored[:top])

    return NgramComparison(name_a, name_b, best(a, b), best(b, a))


def differing_segments(
    systems: Mapping[str, Sequence[str]],
    system_a: str,
    system_b: str,
    reference: Sequence[str] | None = None,
    *,
    top: int = TOP,
) -> SegmentComparison:
    """The segments where two systems differ most.

    With a reference: the largest differences in sentence chrF against it. Without: the
    lowest sentence chrF of B with A as the reference (their disagreement). Segments
    where they do not differ (distance 0) are left out.

    Arguments:
        systems: each system's segments, by name.
        system_a: the name of one system.
        system_b: the name of the other.
        reference: one reference segment per source segment, or None.
        top: how many segments.

    Returns:
        Up to ``top`` segments, most different first, ties in segment order.
    """
    refs = {} if reference is None else {"reference": reference}
    _check_lengths(systems, refs)
    for name in (system_a, system_b):
        if name not in systems:
            raise ValueError(f"no system named {name!r}")
    a, b = systems[system_a], systems[system_b]
    if reference is None:
        return _disagreeing_segments(system_a, a, system_b, b, top)
    return _differing_segments(system_a, sentence_chrf(a, [reference]), system_b, sentence_chrf(b, [reference]), top)


def _differing_segments(
    name_a: str, chrf_a: list[float], name_b: str, chrf_b: list[float], top: int,
) -> SegmentComparison:
    rows = [DifferingSegment(k, x, y, None, abs(y - x)) for k, (x, y) in enumerate(zip(chrf_a, chrf_b)) if x != y]
    rows.sort(key=lambda r: (-r.distance, r.index))
    return SegmentComparison(name_a, name_b, "reference", tuple(rows[:top]))


def _disagreeing_segments(name_a: str, a: Sequence[str], name_b: str, b: Sequence[str], top: int) -> SegmentComparison:
    differ = [k for k, (x, y) in enumerate(zip(a, b)) if x != y]
    # identical segments agree fully (sacrebleu gives two empty strings chrF 0), so only the others are scored
    scores = sentence_chrf([b[k] for k in differ], [[a[k] for k in differ]])
    rows = [DifferingSegment(k, None, None, s, 100.0 - s) for k, s in zip(differ, scores) if s < 100.0]
    rows.sort(key=lambda r: (-r.distance, r.index))
    return SegmentComparison(name_a, name_b, "each other", tuple(rows[:top]))


def agreement(systems: Mapping[str, Sequence[str]]) -> list[Agreement]:
    """Each system's corpus BLEU and chrF (sacrebleu's defaults) with each other system's output as the reference.

    Arguments:
        systems: each system's segments, by name.

    Returns:
        One row per ordered pair of distinct systems (the diagonal is left out; both
        metrics are asymmetric, so A against B and B against A are both there).
    """
    from sacrebleu.metrics import BLEU, CHRF

    _check_lengths(systems, {})
    cells = {}
    for other, refs in systems.items():
        # sacrebleu prepares a reference once when given at construction, not once per system scored
        bleu, chrf = BLEU(references=[list(refs)]), CHRF(references=[list(refs)])
        for name, hyps in systems.items():
            if name != other:
                cells[name, other] = Agreement(name, other, bleu.corpus_score(list(hyps), None).score,
                                               chrf.corpus_score(list(hyps), None).score)
    return [cells[name, other] for name in systems for other in systems if name != other]


def analyse(
    source: Sequence[str] | None,
    systems: Mapping[str, Sequence[str]],
    references: Mapping[str, Sequence[str]],
    baseline: str | None = None,
    top: int = TOP,
    *,
    reference: str | None = None,
    chrfs: Mapping[str, Sequence[float]] | None = None,
    with_agreement: bool = True,
    bleu=None,
) -> Analyses:
    """Every analysis that applies to these systems, with or without a reference.

    With a reference set: scores by source length (when there is a source), word accuracy
    by frequency, and, for the baseline against each other system, n-gram differences and
    the most differing segments. Without: the segments where the baseline and each other
    system disagree most, and the agreement of every system with every other.

    Arguments:
        source: the source segments, or None (no length analysis).
        systems: each system's segments, by name, all of one length.
        references: reference sets by name (may be empty).
        baseline: the system the others are compared with (default: the first).
        top: how many n-grams and segments to keep each way.
        reference: the reference set to analyse against (default: the first).
        chrfs: each system's sentence chrF against that reference, when the caller has it.
        with_agreement: without a reference, also the agreement matrix (a caller that
            scored the systems against each other already has it).
        bleu: a BLEU metric from ``reader.compare.scores.make_metrics`` that may hold the
            systems' statistics already.

    Returns:
        The analyses; those that do not apply are empty.
    """
    if not systems:
        raise ValueError("no systems to analyse")
    _check_lengths({**({"source": source} if source is not None else {}), **systems}, references)
    baseline = baseline or next(iter(systems))
    if baseline not in systems:
        raise ValueError(f"no system named {baseline!r} to be the baseline")
    if reference is not None and reference not in references:
        raise ValueError(f"no reference set named {reference!r}")
    reference = reference or next(iter(references), None)
    others = [name for name in systems if name != baseline]
    if reference is None:
        differing = tuple(_disagreeing_segments(baseline, systems[baseline], o, systems[o], top) for o in others)
        matrix = tuple(agreement(systems)) if others and with_agreement else ()
        return Analyses(baseline, None, (), (), (), differing, matrix)

    refs = references[reference]
    chrfs = chrfs or {name: sentence_chrf(hyps, [refs]) for name, hyps in systems.items()}
    by_length = () if source is None else tuple(_scores_by_length(source, systems, refs, chrfs, LENGTH_CUTOFFS, bleu))
    ref_ngrams = [_ngrams(r, MAX_NGRAM_ORDER) for r in refs]
    matched = {name: _matched_ngrams(hyps, ref_ngrams, MAX_NGRAM_ORDER) for name, hyps in systems.items()}
    return Analyses(
        baseline,
        reference,
        by_length,
        tuple(word_accuracy_by_frequency(systems, refs)),
        tuple(_rank_ngrams(baseline, matched[baseline], o, matched[o], top, NGRAM_SMOOTHING) for o in others),
        tuple(_differing_segments(baseline, chrfs[baseline], o, chrfs[o], top) for o in others),
        (),
    )
