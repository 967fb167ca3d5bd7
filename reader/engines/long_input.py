"""Splitting a sentence that is longer than the model's input limit.

Marian models see at most 512 subwords; rather than truncate, we cut the
sentence into parts that fit, preferring clause boundaries (after , ; : –
or before a conjunction), then word boundaries, and characters only for a
run without spaces. The parts' translations are joined again, so one source
sentence still yields one translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text.words import strip_span as _strip

_CLAUSE_RE = re.compile(r"(?<=[,;:)\]–—])\s+|\s+(?=(?:und|oder|aber|sondern|denn|doch|weil|dass|daß|während|wobei|sowie)\s)")
_SPACE_RE = re.compile(r"\s+")


def split_to_fit(text: str, count: Callable[[str], int], limit: int) -> list[tuple[int, int]]:
    """Spans of ``text`` whose token ``count`` is at most ``limit`` each, covering all its words."""
    s, e = _strip(text, 0, len(text))
    if s == e:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    _split(text, s, e, count, limit, out)
    return out


def _split(text: str, s: int, e: int, count: Callable[[str], int], limit: int, out: list[tuple[int, int]]) -> None:
    if e - s <= 1 or count(text[s:e]) <= limit:
        out.append((s, e))
        return
    cut = _best_cut(text, s, e)
    left, right = _strip(text, s, cut[0]), _strip(text, cut[1], e)
    for a, b in (left, right):
        if a < b:
            _split(text, a, b, count, limit, out)


def _best_cut(text: str, s: int, e: int) -> tuple[int, int]:
    """The cut (gap start, gap end) nearest the middle: a clause boundary, else a space, else the middle."""
    middle = (s + e) // 2
    for pattern in (_CLAUSE_RE, _SPACE_RE):
        gaps = [m.span() for m in pattern.finditer(text, s, e) if s < m.start() and m.end() < e]
        # Accept a clause cut only if it leaves no part tiny; else try plain spaces.
        gaps = [g for g in gaps if min(g[0] - s, e - g[1]) >= (e - s) // 6] or (gaps if pattern is _SPACE_RE else [])
        if gaps:
            return min(gaps, key=lambda g: abs(g[0] - middle))
    return middle, middle
