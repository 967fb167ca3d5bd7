"""What the compare view shows, independent of Textual: per segment, every version beside the pivot.

A *version* is one English for every segment: a model system, a file, a reference
or the user's own edits. One version is the *pivot* (a reference, or a chosen
system): every other version's words that differ from it are marked (a word-level
diff, ``text.word_diff``) and its sentence chrF is computed against it. The
figures are computed lazily and cached per pivot, so the first screen needs only
the segments on it; orderings that need every segment's score (by disagreement,
by score difference) compute them all once per pivot.

Alignments: a version's word links to the German and the model's per-word
confidence in it come from a forced pass (``Translator.score``: the model's
teacher-forced pass over the given English) or from the version's own hypothesis;
``alignment_from`` maps the hypothesis's spans onto the text as shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..confidence import word_confidence
from ..errors import InputError
from ..text.cleaning import clean
from ..translation import Hypothesis, WordLink
from ..text.word_diff import links_onto, word_diff
from .scores import make_metrics, sentence_chrf

VersionKind = Literal["model", "file", "reference", "user"]
Order = Literal["document", "disagreement", "difference"]
ORDERS: tuple[Order, ...] = ("document", "disagreement", "difference")
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Version:
    """One English for every segment, by name."""

    name: str
    kind: VersionKind
    segments: tuple[str | None, ...]  # None: no version of this segment (yours, where you made none)


@dataclass(frozen=True, slots=True)
class VersionAlignment:
    """A version's links to the German of one segment and the model's confidence in its words."""

    links: tuple[WordLink, ...]  # target spans into the version's text as shown
    confidence: tuple[tuple[int, int, float], ...]  # (start, end, mean log-prob) per word
    score: float  # mean log-probability of its subwords (</s> included)
    forced: bool  # from a forced pass, not the version's own decoding


def alignment_from(text: str, hypothesis: Hypothesis, forced: bool = True) -> VersionAlignment:
    """``hypothesis``'s links and word confidence on ``text``.

    A forced pass returns the English as the model's vocabulary round-trips it
    (e.g. a character it lacks becomes ``<unk>``): its words are mapped onto the
    shown text's by a word diff, position by position where both sides have as many
    words; links to words with no counterpart are dropped.
    """
    links = links_onto(text, hypothesis.text, hypothesis.alignment)
    confidence = word_confidence(text, hypothesis.tokens, hypothesis.token_scores) if hypothesis.has_token_scores else []
    return VersionAlignment(links, tuple(confidence), hypothesis.score, forced)


class CompareModel:
    """Every version of every segment, the pivot, the diffs and scores against it, orderings and a filter.

    Arguments:
        source: the German segments.
        versions: the versions, in the order they are shown; names are unique.
        pivot: the version the others are compared with (default: the first reference, else the first).
        chrf: sentence chrF per version against the pivot, when the caller has it already.
    """

    def __init__(
        self,
        source: Sequence[str],
        versions: Sequence[Version],
        pivot: str | None = None,
        chrf: Mapping[str, Sequence[float]] | None = None,
    ) -> None:
        if not versions:
            raise ValueError("nothing to compare: no versions")
        names = [v.name for v in versions]
        if len(set(names)) != len(names):
            raise ValueError(f"two versions share a name: {names}")
        for v in versions:
            if len(v.segments) != len(source):
                raise ValueError(f"{v.name} has {len(v.segments)} segments, the source has {len(source)}")
        self.source = tuple(source)
        self.versions = tuple(versions)
        self.by_name = {v.name: v for v in versions}
        default = next((v.name for v in versions if v.kind == "reference"), names[0])
        self.pivot = pivot or default
        if self.pivot not in self.by_name:
            raise ValueError(f"no version named {self.pivot!r}")
        self._chrf_metric = make_metrics(metrics=("chrF",))["chrF"]
        self._chrf: dict[tuple[str, str], dict[int, float]] = {}  # (pivot, version) → segment → chrF
        self._chrf_complete: set[tuple[str, str]] = set()
        for name, scores in (chrf or {}).items():
            self._chrf[self.pivot, name] = dict(enumerate(scores))
            self._chrf_complete.add((self.pivot, name))
        self._diffs: dict[tuple[str, str, int], tuple[tuple[Span, ...], tuple[int, ...]]] = {}
        self.alignments: dict[tuple[str, int], VersionAlignment] = {}

    @classmethod
    def from_comparison(cls, comparison, user: Sequence[str | None] | None = None) -> CompareModel:
        """The systems and references of a ``reader.compare.comparison.Comparison``, cleaned for a screen.

        Arguments:
            comparison: the figures ``reader compare`` computed.
            user: the user's own English per segment (their edits in the reader; None where they made
                none), shown as the version "yours" when given.
        """
        versions = [Version(s.name, s.kind, tuple(clean(t) for t in s.segments)) for s in comparison.systems]
        versions += [Version(name, "reference", tuple(clean(t) for t in r)) for name, r in comparison.references.items()]
        if user is not None:
            versions.append(Version("yours", "user", tuple(None if t is None else clean(t) for t in user)))
        pivot = next(iter(comparison.references), None)
        # with one reference, the comparison's sentence chrF is already against it
        chrf = comparison.sentence_chrf if len(comparison.references) == 1 else None
        return cls([clean(s) for s in comparison.source.segments], versions, pivot, chrf)

    def __len__(self) -> int:
        return len(self.source)

    @property
    def names(self) -> list[str]:
        return [v.name for v in self.versions]

    def text(self, name: str, k: int) -> str:
        """Version ``name``'s English for segment ``k`` ("" where it has none)."""
        return self.by_name[name].segments[k] or ""

    def has(self, name: str, k: int) -> bool:
        """Whether version ``name`` has a text for segment ``k`` (yours has none where you made none)."""
        return self.by_name[name].segments[k] is not None

    def others(self) -> list[str]:
        """The versions that are not the pivot, in order."""
        return [n for n in self.names if n != self.pivot]

    # ------------------------------------------------------------------ the pivot

    def set_pivot(self, name: str) -> None:
        if name not in self.by_name:
            raise ValueError(f"no version named {name!r}")
        self.pivot = name

    def next_pivot(self) -> str:
        """Make the next version the pivot (wrapping); return its name."""
        names = self.names
        self.pivot = names[(names.index(self.pivot) + 1) % len(names)]
        return self.pivot

    # ------------------------------------------------------------------ against the pivot

    def diff(self, name: str, k: int) -> tuple[Span, ...]:
        """The spans of version ``name``'s words in segment ``k`` that differ from the pivot's (none for the pivot)."""
        return self._diff(name, k)[0]

    def gaps(self, name: str, k: int) -> tuple[int, ...]:
        """Where version ``name`` leaves out words of the pivot in segment ``k``: the character offsets of
        the gaps (a deletion has no words of its own to mark)."""
        return self._diff(name, k)[1]

    def _diff(self, name: str, k: int) -> tuple[tuple[Span, ...], tuple[int, ...]]:
        if name == self.pivot or not (self.has(name, k) and self.has(self.pivot, k)):
            return (), ()
        key = (self.pivot, name, k)
        found = self._diffs.get(key)
        if found is None:
            steps = word_diff(self.text(self.pivot, k), self.text(name, k))
            spans = tuple(s.span_b for s in steps if s.op in ("replace", "insert") and s.span_b[0] < s.span_b[1])
            found = spans, tuple(s.span_b[0] for s in steps if s.op == "delete")
            self._diffs[key] = found
        return found

    def chrf(self, name: str, k: int) -> float | None:
        """Sentence chrF of version ``name`` against the pivot in segment ``k`` (None for the pivot, and where
        either has no text)."""
        if name == self.pivot or not (self.has(name, k) and self.has(self.pivot, k)):
            return None
        cache = self._chrf.setdefault((self.pivot, name), {})
        value = cache.get(k)
        if value is None:
            value = sentence_chrf([self.text(name, k)], [[self.text(self.pivot, k)]], chrf=self._chrf_metric)[0]
            cache[k] = value
        return value

    def all_chrf(self, name: str) -> list[float | None]:
        """Every segment's chrF of ``name`` against the pivot (computed once per pivot; slow: ~0.3 ms a segment);
        None where either has no text."""
        key = (self.pivot, name)
        n = len(self)
        if key not in self._chrf_complete:
            scores = sentence_chrf([self.text(name, k) for k in range(n)], [[self.text(self.pivot, k) for k in range(n)]])
            self._chrf[key] = dict(enumerate(scores))
            self._chrf_complete.add(key)
        cache = self._chrf[key]
        return [cache[k] if self.has(name, k) and self.has(self.pivot, k) else None for k in range(n)]

    def disagreement(self, k: int) -> float:
        """How much the versions disagree with the pivot in segment ``k``: the mean of 100 − chrF over the others
        (those with a text there)."""
        scores = [c for n in self.others() if (c := self.chrf(n, k)) is not None]
        return sum(100.0 - c for c in scores) / len(scores) if scores else 0.0

    # ------------------------------------------------------------------ alignments

    def alignment(self, name: str, k: int) -> VersionAlignment | None:
        return self.alignments.get((name, k))

    def set_alignment(self, name: str, k: int, alignment: VersionAlignment) -> None:
        self.alignments[name, k] = alignment

    def unaligned(self, segments: Sequence[int]) -> list[tuple[str, int]]:
        """The (version, segment) pairs of ``segments`` with no alignment yet and some text, versions in order."""
        return [(v.name, k) for k in segments for v in self.versions
                if (v.name, k) not in self.alignments and self.text(v.name, k).strip() and self.source[k].strip()]

    # ------------------------------------------------------------------ orderings and the filter

    def order(self, order: Order, pair: tuple[str, str] | None = None) -> list[int]:
        """Segment indexes in ``order``: document order, most disagreement first, or largest
        difference between the two versions of ``pair`` in chrF against the pivot first (ties in document order)."""
        n = len(self)
        if order == "document":
            return list(range(n))
        if order == "disagreement":
            others = self.others()
            if not others:
                return list(range(n))
            scores = [self.all_chrf(name) for name in others]
            key = [_mean([100.0 - s[k] for s in scores if s[k] is not None]) for k in range(n)]
            return sorted(range(n), key=lambda k: (-key[k], k))
        a, b = pair or self.default_pair()
        ca, cb = self._scores_or_full(a), self._scores_or_full(b)
        gap = [abs(x - y) if x is not None and y is not None else 0.0 for x, y in zip(ca, cb)]
        return sorted(range(n), key=lambda k: (-gap[k], k))

    def _scores_or_full(self, name: str) -> list[float | None]:
        if name == self.pivot:
            return [100.0 if self.has(name, k) else None for k in range(len(self))]
        return self.all_chrf(name)

    def default_pair(self) -> tuple[str, str]:
        """The two versions a score difference and the filter are about: the first two that are not the pivot."""
        others = self.others()
        if len(others) >= 2:
            return others[0], others[1]
        names = self.names
        return (names[0], names[1]) if len(names) >= 2 else (names[0], names[0])

    def pairs(self) -> list[tuple[str, str]]:
        """Every unordered pair of versions, in the order they are shown."""
        names = self.names
        return [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]

    def differing(self, a: str, b: str) -> set[int]:
        """The segments where versions ``a`` and ``b`` differ (in any word; both with a text there)."""
        sa, sb = self.by_name[a].segments, self.by_name[b].segments
        return {k for k in range(len(self)) if sa[k] is not None and sb[k] is not None and sa[k].split() != sb[k].split()}

    def rows(self, order: Order, pair: tuple[str, str] | None = None, only_differing: bool = False) -> list[int]:
        """The segments shown, in order, the filter applied."""
        rows = self.order(order, pair)
        if only_differing:
            keep = self.differing(*(pair or self.default_pair()))
            rows = [k for k in rows if k in keep]
        return rows


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def forced_alignments(
    translator, model: CompareModel, items: Sequence[tuple[str, int]]
) -> list[tuple[str, int, VersionAlignment | None]]:
    """Force-decode versions through the model: their links to the German and the model's confidence.

    Arguments:
        translator: a ``reader.engines.Translator`` (its ``score``: the teacher-forced pass).
        model: the compare model the items are from.
        items: (version, segment) pairs, scored in one call (the translator batches them).

    Returns:
        One (version, segment, alignment) per item, in order; the alignment is None for a
        segment longer than the model takes (``score`` does not split, unlike ``translate``).
    """
    if not items:
        return []
    targets = [model.text(name, k) for name, k in items]
    try:
        scored = translator.score([model.source[k] for _, k in items], targets)
    except InputError:
        if len(items) == 1:
            return [(items[0][0], items[0][1], None)]
        return [found for item in items for found in forced_alignments(translator, model, [item])]
    return [(name, k, alignment_from(text, t.best)) for (name, k), text, t in zip(items, targets, scored)]
