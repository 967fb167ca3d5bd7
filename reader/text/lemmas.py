"""German lemmas, from simplemma (a kept library that ships its German data).

``lemma("Verbündeten")`` is "Verbündeter", ``lemma("ging")`` "gehen". A word the
data doesn't know comes back as written. ``lemma_key`` is what saved words and
known-word tracking compare: the lemma, case-folded, so "Haus" at the start of a
sentence and "haus" in a heading are one word.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

LANG = "de"


def _simplemma() -> ModuleType:
    # Imported on first use: it costs ~75 ms, and the reader's start-up shouldn't pay it.
    import simplemma

    return simplemma


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The lemma of one German word (the word itself when simplemma doesn't know it)."""
    if not word or not any(c.isalpha() for c in word):
        return word
    try:
        return _simplemma().lemmatize(word, lang=LANG) or word
    except (ValueError, KeyError):  # simplemma refuses some odd inputs; the word stands for itself
        return word


def lemma_key(word: str) -> str:
    """The key two forms of a word share: its lemma, case-folded."""
    return lemma(word).casefold()
