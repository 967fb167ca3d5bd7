"""The one-line account of a run's terms: ``37 term occurrences, 36 placed, 1 not: paragraph 12``."""

from __future__ import annotations

from collections.abc import Sequence

from .checking import TermOccurrence, term_success_rate

_LISTED = 5  # paragraphs named at most, then "…"


def summary_line(occurrences: Sequence[Sequence[TermOccurrence]], paragraphs: Sequence[int]) -> str:
    """``occurrences`` per sentence, ``paragraphs[i]`` sentence i's paragraph (0-based; named from 1)."""
    placed, total = term_success_rate(occurrences)
    line = f"{total} term occurrence{'s' * (total != 1)}, {placed} placed"
    if placed < total:
        missing = sorted({paragraphs[i] + 1 for i, sentence in enumerate(occurrences) for o in sentence
                          if o.status == "not placed"})
        named = ", ".join(map(str, missing[:_LISTED])) + (", …" if len(missing) > _LISTED else "")
        line += f", {total - placed} not: paragraph{'s' * (len(missing) > 1)} {named}"
    compounds = sum(o.status == "compound" for sentence in occurrences for o in sentence)
    if compounds:
        line += f"; {compounds} in compound{'s' * (compounds != 1)}, not forced"
    return line
