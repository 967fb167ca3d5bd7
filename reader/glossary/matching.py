"""Where a glossary's terms occur in a German sentence: by lemma, not by string.

A word matches a term's word when they share a key: the lemma (simplemma,
case-folded), the word itself case-folded, or either with a German inflection
ending taken off (simplemma gives ``Verbündete`` → "verbündet" but
``Verbündeten`` → "verbündeter"; both end as "verbündet"). So ``Finanzamt``,
``Finanzämter`` and ``Finanzamtes`` all match the term ``Finanzamt``, and
``die Deutschen Bahn`` … ``Deutsche Bahn`` word by word. A longer word that
contains a term (``Finanzamtsleiter``, ``NATO-Verbündeten``) is a compound:
reported, never forced, since the term is only part of what it means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text.lemmas import lemma_key
from ..text.words import WORD_RE
from .model import Glossary, Term

_ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")  # noun and adjective inflection, longest first
_MIN_STEM = 4  # a shorter word keeps its ending: "Bahn" must not become "Bah"
_MIN_COMPOUND_PART = 5  # a term shorter than this inside a longer word is chance ("Amt" in "Samt")


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One occurrence of a term in a German sentence: [start, end) character offsets."""

    term: Term
    start: int
    end: int
    compound: bool = False  # the term is part of a longer word: reported, not forced


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def word_keys(word: str) -> frozenset[str]:
    """The keys a German word is matched by (see the module's docstring)."""
    folded, lemma = word.casefold(), lemma_key(word)
    return frozenset({folded, lemma, _stem(folded), _stem(lemma)})


class TermIndex:
    """A glossary prepared for matching: its terms by their first word's keys, longest term first."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._by_key: dict[str, list[tuple[Term, list[frozenset[str]]]]] = {}
        compound_parts: dict[str, Term] = {}  # a part a longer word may contain → its term
        for term in glossary.terms:
            parts = [word_keys(w) for w in WORD_RE.findall(term.german) if w[0].isalnum()]
            if not parts:
                continue
            for key in parts[0]:
                self._by_key.setdefault(key, []).append((term, parts))
            if len(parts) == 1:
                folded = term.german.casefold()
                for part in (folded, _stem(folded)):
                    if len(part) >= _MIN_COMPOUND_PART:
                        compound_parts.setdefault(part, term)
        for candidates in self._by_key.values():
            candidates.sort(key=lambda c: -len(c[1]))
        self._compound_terms = compound_parts
        # One pattern for them all, longest first: a word is searched once, not once per term.
        parts_first = sorted(compound_parts, key=len, reverse=True)
        self._compound_re = re.compile("|".join(map(re.escape, parts_first))) if parts_first else None

    def find(self, sentence: str) -> list[TermMatch]:
        """Every occurrence of a term in ``sentence``, in order; a word belongs to one occurrence at most."""
        spans = [m.span() for m in WORD_RE.finditer(sentence) if m.group()[0].isalnum()]
        keys = [word_keys(sentence[s:e]) for s, e in spans]
        found: list[TermMatch] = []
        i = 0
        while i < len(spans):
            match = self._match_at(keys, i)
            if match is not None:
                term, n = match
                found.append(TermMatch(term, spans[i][0], spans[i + n - 1][1]))
                i += n
                continue
            compound = self._compound(sentence[spans[i][0] : spans[i][1]])
            if compound is not None:
                found.append(TermMatch(compound, spans[i][0], spans[i][1], compound=True))
            i += 1
        return found

    def _match_at(self, keys: list[frozenset[str]], i: int) -> tuple[Term, int] | None:
        seen: set[int] = set()
        for key in keys[i]:
            for term, parts in self._by_key.get(key, ()):
                if id(term) in seen:
                    continue
                seen.add(id(term))
                n = len(parts)
                if i + n <= len(keys) and all(keys[i + k] & parts[k] for k in range(n)):
                    return term, n
        return None

    def _compound(self, word: str) -> Term | None:
        if self._compound_re is None or len(word) <= _MIN_COMPOUND_PART:
            return None
        folded = word.casefold()
        found = self._compound_re.search(folded)
        if found is None:
            return None
        term = self._compound_terms[found.group()]
        # the word itself (an inflected form of the term, no compound) matched by a longer stem
        return None if found.group() == folded or word_keys(word) & word_keys(term.german) else term
