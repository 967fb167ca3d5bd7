"""Each term occurrence checked by the word links: its English present in the translation and linked to the German.

Statuses: ``enforced`` (the glossary put it there), ``already right`` (the model
wrote it), ``placed`` (present and linked, in a translation from the store, where
who placed it is not kept), ``not placed``, and ``compound`` (the term is part of
a longer German word: reported, never forced).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..translation import Translation
from .english import forms_pattern
from .matching import TermIndex, TermMatch
from .model import Term

Status = Literal["enforced", "already right", "placed", "not placed", "compound"]
PLACED: frozenset[Status] = frozenset({"enforced", "already right", "placed"})


@dataclass(frozen=True, slots=True)
class TermOccurrence:
    """One term in one sentence: where in the German, where (if anywhere) in the English, and its status."""

    term: Term
    source_start: int
    source_end: int
    status: Status
    target_start: int | None = None
    target_end: int | None = None

    @property
    def placed(self) -> bool:
        return self.status in PLACED

    def record(self) -> dict[str, object]:
        """The occurrence as a JSON object (the jsonl output's ``terms``)."""
        target = None if self.target_start is None else [self.target_start, self.target_end]
        return {"german": self.term.german, "english": self.term.english, "source": [self.source_start, self.source_end],
                "target": target, "status": self.status}


def linked_targets(translation: Translation, start: int, end: int) -> list[tuple[int, int, float]]:
    """The target spans (and weights) linked to any part of the source span [start, end)."""
    return [(a.target_start, a.target_end, a.weight) for a in translation.alignment
            if a.source_start < end and start < a.source_end and a.target_end > a.target_start]


def placed_span(translation: Translation, match: TermMatch) -> tuple[int, int] | None:
    """Where the term's English stands in the translation linked to the German occurrence, or None."""
    targets = linked_targets(translation, match.start, match.end)
    for found in forms_pattern(match.term.english).finditer(translation.text):
        if any(s < found.end() and found.start() < e for s, e, _ in targets):
            return found.span()
    return None


def check(translation: Translation, matches: Iterable[TermMatch], enforced: Collection[tuple[int, int]] | None = None,
          ) -> list[TermOccurrence]:
    """The status of each match in ``translation``.

    Arguments:
        enforced: the source spans the glossary replaced in this translation; None when
            that is not known (a translation from the store), and a placed term is then ``placed``.
    """
    result: list[TermOccurrence] = []
    for m in matches:
        if m.compound:
            result.append(TermOccurrence(m.term, m.start, m.end, "compound"))
            continue
        span = placed_span(translation, m)
        if span is None:
            result.append(TermOccurrence(m.term, m.start, m.end, "not placed"))
            continue
        status: Status = "placed" if enforced is None else "enforced" if (m.start, m.end) in enforced else "already right"
        result.append(TermOccurrence(m.term, m.start, m.end, status, *span))
    return result


def check_all(index: TermIndex, translations: Sequence[Translation],
              enforced: dict[str, frozenset[tuple[int, int]]] | None = None) -> list[list[TermOccurrence]]:
    """Every sentence's occurrences; ``enforced`` by source sentence, as a ``GlossaryTranslator`` records it."""
    return [check(t, index.find(t.source), None if enforced is None or t.source not in enforced else enforced[t.source])
            for t in translations]


def occurrence_records(occurrences: Iterable[Iterable[TermOccurrence]]) -> list[list[dict[str, object]]]:
    """Each sentence's occurrences as an output records them (jsonl's ``terms``)."""
    return [[o.record() for o in sentence] for sentence in occurrences]


def term_success_rate(occurrences: Iterable[Iterable[TermOccurrence]]) -> tuple[int, int]:
    """(placed, occurrences): the WMT terminology task's exact-match accuracy, compounds left out."""
    placed = total = 0
    for sentence in occurrences:
        for o in sentence:
            if o.status != "compound":
                total += 1
                placed += o.placed
    return placed, total


def exact_match_accuracy(index: TermIndex, sources: Sequence[str], outputs: Sequence[str]) -> tuple[int, int]:
    """(hits, occurrences) as the WMT terminology task scores a system: a source occurrence of a term
    is a hit when the output holds the term's English (any case, either number) once more for each
    earlier occurrence of that term in the sentence. No word links needed: any system's text is scored."""
    hits = total = 0
    for source, output in zip(sources, outputs, strict=True):
        seen: dict[str, int] = {}
        for m in index.find(source):
            if m.compound:
                continue
            total += 1
            n = seen.get(m.term.english, 0)
            seen[m.term.english] = n + 1
            hits += len(forms_pattern(m.term.english).findall(output)) > n
    return hits, total
