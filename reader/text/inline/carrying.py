"""Carrying the German's inline spans across to the English by the word links.

Where the alignment gives no place, a span goes to the English word aligned to the
nearest German word before it (else after it); no English text is ever dropped
except the model's copy of a verbatim span, which the original replaces.
"""

from __future__ import annotations

import re
from typing import Sequence

from ...translation import WordLink
from .rendering import Marked
from .spans import PUNCTUATION, VERBATIM, InlineSpan, nesting_key


def restore_inline(english: str, spans: Sequence[InlineSpan], links: Sequence[WordLink], german: str = "") -> Marked:
    """``english`` with each span of the German put around the English words aligned to its words.

    A span's English is the stretch from the first to the last English word linked to a
    German word inside it (a German span also covers its nested spans' English). A span
    with no linked word goes to the English word aligned to the nearest German word before
    it (else after it; with no links at all, to the same relative place), so it is never
    dropped. Spans that would cross in the English are widened until they nest. A verbatim
    span (code, autolink) replaces only the model's copy of its text (``_rendering``); with
    none it is inserted after the English of the word before it, and the English linked to
    it stays. ``german`` is the plain German the links index (for the relative fallback).
    """
    if not spans:
        return Marked(english)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", english)]
    n = len(english)
    ranges: list[tuple[int, int] | None] = []
    for span in spans:
        linked = [(l.target_start, l.target_end) for l in links
                  if l.source_start < span.end and span.start < l.source_end and l.target_start < l.target_end]
        if span.kind in VERBATIM:
            # Only the model's own rendering of the code is replaced; the English linked to it
            # otherwise is the model's words (and the attention's noise): kept, the code put beside.
            ranges.append(_rendering(english, span, linked, links))
        elif linked:
            ranges.append((min(a for a, _ in linked), max(b for _, b in linked)))
        else:
            ranges.append(None)
    # Spans without a place: the nearest aligned word (before, else after), or the relative place.
    for k, span in enumerate(spans):
        if ranges[k] is not None:
            continue
        point, side = _anchor(span, links, german, n)
        while span.kind in VERBATIM and 0 < point < n and english[point - 1].isalnum() and english[point].isalnum():
            point += 1  # the relative place can fall inside a word: the code goes after it, never into it
        while span.kind in VERBATIM and point > 0 and english[point - 1] in _TRAILING:
            point -= 1  # "Please use `x`." rather than "Please use. `x`"
        if span.kind in VERBATIM or not words or span.start == span.end:  # an insertion stays one (a note's mark)
            ranges[k] = (point, point)
        elif side == "at":  # the English word at the anchor, else the last one
            ranges[k] = next((w for w in words if w[1] > point), words[-1])
        elif side == "before":  # the word before the English of the next linked German word, else that word
            ranges[k] = next((w for w in reversed(words) if w[1] <= point), None) or next(w for w in words if w[1] > point)
        else:  # the English word that ends at (or holds) the anchor, else the first one
            ranges[k] = next((w for w in reversed(words) if w[0] < point), words[0])
    placed: list[list[int]] = [list(r) for r in ranges]  # type: ignore[arg-type]
    # A German span covers the English of the spans nested in it.
    order = sorted(range(len(spans)), key=lambda k: (spans[k].start, -spans[k].end))
    for k in reversed(order):
        for j in order:
            if j != k and spans[k].start <= spans[j].start and spans[j].end <= spans[k].end \
                    and (spans[j].start, -spans[j].end) > (spans[k].start, -spans[k].end) \
                    and spans[k].kind not in VERBATIM and placed[j][0] < placed[j][1]:
                placed[k][0] = min(placed[k][0], placed[j][0])
                placed[k][1] = max(placed[k][1], placed[j][1])
    for k, span in enumerate(spans):  # "today." for a German "**heute**": the full stop stays outside
        while span.kind not in VERBATIM and placed[k][1] - placed[k][0] > 1 and english[placed[k][1] - 1] in _TRAILING \
                and not german[span.start : span.end].endswith(english[placed[k][1] - 1]):
            placed[k][1] -= 1
        while span.kind not in VERBATIM and placed[k][1] - placed[k][0] > 1 \
                and (english[placed[k][0]] in _TRAILING or english[placed[k][0]].isspace()) \
                and not german[span.start : span.end].startswith(english[placed[k][0]]):
            placed[k][0] += 1  # ", the heads": a link to the comma before is the attention's noise
        while span.kind not in VERBATIM and placed[k][0] < placed[k][1] and english[placed[k][1] - 1].isspace():
            placed[k][1] -= 1  # Markdown cannot open or close a span at a space
        while span.kind not in VERBATIM and placed[k][0] < placed[k][1] and english[placed[k][0]].isspace():
            placed[k][0] += 1
        if span.kind in ("emphasis", "strong") and placed[k][0] < placed[k][1]:
            placed[k] = list(_flanking(english, *placed[k]))
    _make_laminar(spans, placed)
    _separate(spans, placed)
    out = [_fit(english, spans[k].at(placed[k][0], placed[k][1])) for k in range(len(spans))
           if placed[k][0] < placed[k][1] or spans[k].kind not in ("emphasis", "strong")]
    return Marked(english, tuple(sorted(out, key=nesting_key)))


_TRAILING = set(".,;:!?")


def _flanking(english: str, start: int, end: int) -> tuple[int, int]:
    """A stretch ``*`` can mark: one that starts (ends) with punctuation right after (before) a letter
    cannot be opened (closed) in Markdown, so it grows to the whole word ("2018*:*" → "*2018:*")."""
    if english[start] in PUNCTUATION and start > 0 and english[start - 1].isalnum():
        while start > 0 and not english[start - 1].isspace():
            start -= 1
    if english[end - 1] in PUNCTUATION and end < len(english) and english[end].isalnum():
        while end < len(english) and not english[end].isspace():
            end += 1
    return start, end


def _fit(english: str, s: InlineSpan) -> InlineSpan:
    """``_`` does not mark emphasis inside a word; where the English stretch is part of one, use ``*``."""
    if "_" not in s.markup or s.kind not in ("emphasis", "strong"):
        return s
    before = english[s.start - 1] if s.start > 0 else " "
    after = english[s.end] if s.end < len(english) else " "
    if before.isalnum() or after.isalnum():
        return InlineSpan(s.kind, s.start, s.end, s.markup.replace("_", "*"))
    return s


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _rendering(english: str, span: InlineSpan, linked: list[tuple[int, int]],
               links: Sequence[WordLink]) -> tuple[int, int] | None:
    """Where the model wrote a verbatim span's text into the English, nearest its aligned place.

    An exact copy, else a run of the English tokens that is a run of the code's own tokens
    (words and marks: ``rm -rf / tmp / x`` for ``rm -rf /tmp/x``, ``x=1`` for ``x = 1``) and
    holds at least half of them; a token never splits an English word. None: no rendering.
    """
    text = span.text
    if not text.strip():
        return None
    near = min(a for a, _ in linked) if linked else _anchor(span, links, "", len(english))[0]
    hits = [(m.start(), m.end()) for m in re.finditer(re.escape(text), english)
            if _whole(english, m.start(), m.end())]
    if not hits:
        code = [m.group() for m in _TOKEN.finditer(text)]
        tokens = list(_TOKEN.finditer(english))
        best = 0
        for i in range(len(tokens)):
            for j in range(len(code)):
                run = 0
                while i + run < len(tokens) and j + run < len(code) and tokens[i + run].group() == code[j + run]:
                    run += 1
                while run and not _whole(english, tokens[i].start(), tokens[i + run - 1].end()):
                    run -= 1
                if run * 2 < len(code) or run < best:
                    continue
                if run > best:
                    best, hits = run, []
                hits.append((tokens[i].start(), tokens[i + run - 1].end()))
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - near))


def _whole(english: str, start: int, end: int) -> bool:
    """``english[start:end]`` cuts no word in two: "a" in "a cat" but not in "cat"."""
    cut_before = start > 0 and english[start - 1].isalnum() and english[start].isalnum()
    cut_after = end < len(english) and english[end - 1].isalnum() and english[end].isalnum()
    return not (cut_before or cut_after)


def _anchor(span: InlineSpan, links: Sequence[WordLink], german: str, n: int) -> tuple[int, str]:
    """An English offset for a span with no links, and where the span goes from it ("after", "before", "at").

    After the English of the nearest linked German word before the span; else before
    that of the nearest one after it; else (no links at all) the same relative place.
    """
    before = [l for l in links if l.source_end <= span.start and l.target_start < l.target_end]
    if before:
        last = max(l.source_end for l in before)
        return max(l.target_end for l in before if l.source_end == last), "after"
    after = [l for l in links if l.source_start >= span.end and l.target_start < l.target_end]
    if after:
        first = min(l.source_start for l in after)
        return min(l.target_start for l in after if l.source_start == first), "before"
    if german:
        return round(n * span.start / max(1, len(german))), "at"
    return n, "after"


def _make_laminar(spans: Sequence[InlineSpan], placed: list[list[int]]) -> None:
    """Widen crossing stretches until every two nest or are apart; verbatim stretches never widen.

    A verbatim stretch that crosses another verbatim one shrinks to an insertion at its end
    (its text is the original either way); any other span that crosses or sits inside a
    verbatim stretch grows to cover it.
    """
    verbatim = [k for k, s in enumerate(spans) if s.kind in VERBATIM]
    for i, k in enumerate(verbatim):
        for j in verbatim[:i]:
            a, b = placed[k]
            c, d = placed[j]
            if a < d and c < b or (a == b and c < a < d):
                placed[k] = [d, d]
    changed = True
    while changed:
        changed = False
        for k, s in enumerate(spans):
            if s.kind in VERBATIM:
                continue
            a, b = placed[k]
            for j in range(len(spans)):
                if j == k:
                    continue
                c, d = placed[j]
                if c == d:
                    continue  # an insertion sits between characters: it crosses nothing
                crosses = a < c < b < d or c < a < d < b
                inside_verbatim = spans[j].kind in VERBATIM and c <= a and b <= d and (a, b) != (c, d)
                if crosses or inside_verbatim:
                    a, b = min(a, c), max(b, d)
                    changed = True
            placed[k] = [a, b]


def _separate(spans: Sequence[InlineSpan], placed: list[list[int]]) -> None:
    """Markdown cannot nest a link in a link, nor tell ``*a*`` on ``*b*`` from ``**a**``.

    Two emphases (or two strongs, or two links to one address) on the same English, nested,
    or touching become one; a link
    inside another link's English takes the larger side of it from the outer one, and one
    on exactly the same English becomes an insertion after it (shown with its German text).
    """
    order = sorted(range(len(spans)), key=lambda k: (placed[k][0], -placed[k][1], k))
    for i, k in enumerate(order):
        a, b = placed[k]
        for j in order[:i]:
            c, d = placed[j]
            kind, other = spans[k].kind, spans[j].kind
            same_link = kind in ("link", "image") and kind == other and spans[k].markup == spans[j].markup
            if (kind in ("emphasis", "strong") and kind == other or same_link) and c < d and a <= d and c <= b:
                placed[j] = [min(a, c), max(b, d)]  # nested, the same or touching: one span
                a = b = placed[j][1]
                placed[k] = [a, b]  # empty: not shown
            elif kind in ("link", "image") and other in ("link", "image") and c <= a and b <= d and c < d:
                outer = [c, a] if a - c >= d - b else [b, d]
                if (a, b) != (c, d) and not any(_crosses(outer, placed[x]) for x in range(len(spans)) if x != j):
                    placed[j] = outer
                else:  # no room beside it: the inner link becomes an insertion after the outer one
                    placed[k] = [d, d]
                    a = b = d


def _crosses(x: list[int], y: list[int]) -> bool:
    (a, b), (c, d) = x, y
    return c < d and a < b and (a < c < b < d or c < a < d < b)
