"""Word tokenization shared by alignment, the reader and the test fixtures.

A "word" is a run of letters/digits (with inner hyphens, apostrophes or dots,
so "NATO-Verbündeten", "don't" and "z.B" stay whole) or a single punctuation
character. Spans are [start, end) character offsets into the given text.
"""

from __future__ import annotations

import re

WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text``, in order."""
    return [m.span() for m in WORD_RE.finditer(text)]


def words(text: str) -> list[str]:
    return [m.group() for m in WORD_RE.finditer(text)]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed to leave out surrounding whitespace of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
