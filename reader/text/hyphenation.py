"""A hyphen at the end of a line: the typesetter's (``Waffenstill-`` / ``stand``: joined) or the word's own
(``Nord-`` / ``Süd-Gefälle``, ``E-`` / ``Mail``: kept)?

Text laid out for print (a PDF) hyphenates words at line ends; reflowing it must take those hyphens
out and keep the ones the words have. German decides it mostly by case: the part after a hyphen of
the word's own is a noun or name (``Süd-Gefälle``, ``E-Mail``, ``Baden-Württemberg``), so it starts
upper case, while the rest of a word split by the typesetter never does. Where both halves are lower
case, wordfreq says whether the joined word is German (``verhandlungen``); ``deutsch-`` /
``französischen`` keeps its hyphen because the joined word is not German and both halves are.
The error rate on tests/fixtures/pdf/hyphenation.tsv is in docs/formats.md.
"""

from __future__ import annotations

import re
from functools import lru_cache

LANG = "de"
SOFT_HYPHEN = "\u00ad"
LINE_END_HYPHENS = ("-", "\u2010", SOFT_HYPHEN)  # hyphen-minus, Unicode's hyphen, a soft hyphen shown at a break
# Both halves this frequent (Zipf scale: 3 is once per million words) are words of their own: a compound
# of two lower-case words that wordfreq does not know as one is written with its hyphen (deutsch-französisch).
WORD_ZIPF = 3.0
MIN_WORD = 3  # a shorter lower-case half is a syllable, not a word (ge-)
_LETTERS = re.compile(r"[^\W\d_]*")
_LETTERS_AT_END = re.compile(r"[^\W\d_]*$")
# A line that ends in "Ein-" and a next line that starts with one of these: a suspended hyphen (Ein- und Ausgang).
CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "bis", "noch", "wie", "als"})


def join_across_lines(head: str, tail: str) -> str:
    """What ``head`` (a line's last word, ending in a hyphen) and ``tail`` (the next line's first word) make.

    >>> join_across_lines("Waffenstill-", "stand")
    'Waffenstillstand'
    >>> join_across_lines("Nord-", "Süd-Gefälle")
    'Nord-Süd-Gefälle'
    >>> join_across_lines("Ein-", "und")
    'Ein- und'
    """
    if head.endswith(SOFT_HYPHEN):
        return head[:-1] + tail
    if is_suspended_hyphen(tail):
        return f"{head} {tail}"
    return head[:-1] + tail if is_line_end_hyphenation(head, tail) else head + tail


def is_suspended_hyphen(tail: str) -> bool:
    return tail.rstrip(",.;:").lower() in CONJUNCTIONS


def is_line_end_hyphenation(head: str, tail: str) -> bool:
    """Whether the hyphen ending ``head`` was put there by the typesetter (and so is taken out)."""
    before = _LETTERS_AT_END.search(head[:-1]).group()  # of "Süd-Waffenstill-": "Waffenstill"
    after = _LETTERS.match(tail).group()
    if not head[:-1][-1:].isalpha() or not after:
        return False  # a digit or a sign next to the hyphen (100-prozentig, 3-Zimmer), a dash
    if after[0].isupper():
        # upper case after the hyphen: a noun or name of its own (Süd-Gefälle, E-Mail), unless the whole
        # word is in capitals (a heading's WAFFENSTILL- / STAND)
        return before.isupper() and after.isupper() and _is_german(before + after)
    if _is_abbreviation(before):
        return False  # CDU-geführten, US-amerikanische, E-mail
    if _is_german(before + after):
        return True
    return not (before[0].islower() and len(before) >= MIN_WORD and _is_word(before) and _is_word(after))


def _is_abbreviation(part: str) -> bool:
    return len(part) == 1 or sum(c.isupper() for c in part) >= 2


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    import wordfreq  # imported on first use: its German list takes ~0.3 s to load

    return wordfreq.zipf_frequency(word, LANG)


def _is_german(word: str) -> bool:
    return _zipf(word.lower()) > 0


def _is_word(word: str) -> bool:
    return _zipf(word.lower()) >= WORD_ZIPF
