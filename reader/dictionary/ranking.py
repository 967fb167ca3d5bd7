"""Which dictionary senses fit a sentence: those whose English holds the word the model aligned.

English words are compared case-insensitively on word boundaries and on their
base forms (simplemma's English data: allies → ally, hurried → hurry), so the
aligned "allies" finds the entry "ally; confederate".
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from .sources import Entry

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Aligned words that say nothing about a sense ("gibt … auf" → "gives up": "up" is in half the entries).
FUNCTION_WORDS = frozenset(
    "a an the to of in on at by for with from up out off into over about as and or but not no is are was were be "
    "been am do does did has have had it its this that these those he she they we you i me him her them us "
    "his their our your my sb sth".split()
)


@lru_cache(maxsize=65536)
def english_base(word: str) -> str:
    """An English word's base form, lower-cased ("Allies" → "ally")."""
    import simplemma  # imported on first use, as reader.text.lemmas does

    low = word.lower()
    try:
        return (simplemma.lemmatize(low, lang="en") or low).lower()
    except (ValueError, KeyError):
        return low


def english_words(text: str) -> set[str]:
    """The words of an English text and their base forms, lower-cased."""
    words = {m.group().lower() for m in _WORD.finditer(text)}
    return words | {english_base(w) for w in words}


def content_words(aligned: tuple[str, ...]) -> tuple[str, ...]:
    """The aligned words worth comparing: without function words, unless there is nothing else."""
    words = tuple(w for text in aligned for w in _WORD.findall(text))
    content = tuple(w for w in words if w.lower() not in FUNCTION_WORDS)
    return content or words


def mark_fitting(entries: list[Entry], aligned: tuple[str, ...]) -> list[Entry]:
    """``entries`` with ``fits`` set on those whose English holds an aligned word; fitting ones first, order kept
    otherwise (and within each compound part)."""
    words = content_words(aligned)
    if not words:
        return entries
    marked = []
    for entry in entries:
        english = english_words(entry.english or entry.body)
        fits = tuple(w for w in words if w.lower() in english or english_base(w) in english)
        marked.append(dataclasses.replace(entry, fits=fits) if fits else entry)
    parts = list(dict.fromkeys(e.part for e in marked))
    return sorted(marked, key=lambda e: (parts.index(e.part), not e.fits))
