"""Search in the reader: where a query occurs, in the German and the English shown, and where n/N go.

Pure (no Textual): the app runs it on the UI thread and moves the cursor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .state import ReaderState, Side

# English that is not a translation on screen is not searched.
_UNSEARCHED = ("pending", "none", "hidden")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match: [start, end) in the German sentence or its shown English."""

    sentence: int
    side: Side
    start: int
    end: int


def query_pattern(query: str) -> re.Pattern:
    """The case-insensitive pattern of a search (its text taken literally)."""
    return re.compile(re.escape(query), re.I)


def sentence_hits(state: ReaderState, i: int, side: Side, pattern: re.Pattern) -> list[SearchHit]:
    """The matches in sentence ``i``'s German, or in its English as shown now (none where no translation is shown)."""
    if side == "de":
        text = state.sentences[i].text
    else:
        shown = state.shown(i)
        if shown.kind in _UNSEARCHED:
            return []
        text = shown.text
    return [SearchHit(i, side, m.start(), m.end()) for m in pattern.finditer(text)]


def find_hits(state: ReaderState, query: str) -> list[SearchHit]:
    """Every case-insensitive match of ``query``, by sentence, German before English."""
    pattern = query_pattern(query)
    return [h for s in state.sentences for side in ("de", "en") for h in sentence_hits(state, s.index, side, pattern)]


def next_hit(hits: list[SearchHit], cursor: int, step: int, include_current: bool = False) -> SearchHit | None:
    """The first hit of the nearest sentence with hits after ``cursor`` (step > 0) or before it, wrapping round.

    ``include_current``: a hit in the cursor's own sentence counts (a new search starts there).
    None when there are no hits.
    """
    if not hits:
        return None
    sentences = sorted({h.sentence for h in hits})
    if step > 0:
        after = [i for i in sentences if i > cursor or (include_current and i == cursor)]
        target = after[0] if after else sentences[0]
    else:
        before = [i for i in sentences if i < cursor]
        target = before[-1] if before else sentences[-1]
    return next(h for h in hits if h.sentence == target)


def hit_word(state: ReaderState, hit: SearchHit) -> int | None:
    """Index of the word (on the hit's side) where ``hit`` starts; None between words."""
    words = state.words(hit.sentence, hit.side)
    return next((k for k, (s, e) in enumerate(words) if s <= hit.start < e), None)
