"""Exact and fuzzy matches of German sentences in the translation memory.

Exact: the same sentence after ``normalise_source`` (the store's index); the
user's own version wins over an imported unit. Fuzzy: rapidfuzz's ``fuzz.ratio``
(an edit-distance similarity in %, 0–100) over the normalised sentences, at
least ``FUZZY_THRESHOLD``, the usual threshold of CAT tools.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..store import MemoryEntry, TranslationStore, normalise_source
from ..translation import TranslationOrigin

FUZZY_THRESHOLD = 75.0  # % similarity, as CAT tools default


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A memory's English for a German sentence."""

    source: str  # the sentence asked for
    matched: str  # the German of the entry that matched (the same, normalised, for an exact match)
    target: str
    origin: TranslationOrigin  # "yours" (the user's version) or "memory" (imported)
    similarity: float = 100.0  # %; 100 for an exact match


@dataclass(frozen=True, slots=True)
class MemoryLookup:
    """What a translation job serves before the model: exact matches, with or without the user's versions.

    The reader passes ``yours=False``: it shows the user's versions itself, over the model's
    translation (which it keeps, so that removing a version shows the model's again).
    """

    yours: bool = True

    def exact(self, store: TranslationStore, sources: Iterable[str]) -> dict[str, MemoryMatch]:
        """The exact matches of ``sources`` (hits only), by source."""
        sources = list(dict.fromkeys(sources))
        found = {s: MemoryMatch(s, e.source, e.target, "memory") for s, e in store.get_memory(sources).items()}
        if self.yours:
            found.update((s, MemoryMatch(s, s, text, "yours")) for s, text in store.get_user_translations(sources).items())
        return found


class FuzzyMemory:
    """The memory's sentences held for fuzzy matching (read once from the store: the reader's suggestions)."""

    def __init__(self, store: TranslationStore, threshold: float = FUZZY_THRESHOLD) -> None:
        self.threshold = threshold
        entries: dict[str, tuple[str, str, TranslationOrigin]] = {}
        for e in store.iter_memory():
            entries[normalise_source(e.source)] = (e.source, e.target, "memory")
        for source, text, _ in store.iter_user_translations():
            entries[normalise_source(source)] = (source, text, "yours")
        self._keys = list(entries)
        self._entries = list(entries.values())

    def __len__(self) -> int:
        return len(self._keys)

    def best(self, source: str) -> MemoryMatch | None:
        """The most similar other sentence of the memory, at least ``threshold`` % alike; None if there is none.

        The sentence itself (an exact match) is left out: it is served, not suggested.
        """
        norm = normalise_source(source)
        if not norm or not self._keys:
            return None
        hits = process.extract(norm, self._keys, scorer=fuzz.ratio, score_cutoff=self.threshold, limit=2)
        for key, score, index in hits:
            if key != norm:
                matched, target, origin = self._entries[index]
                return MemoryMatch(source, matched, target, origin, round(score, 1))
        return None


def memory_entries(store: TranslationStore, yours: bool = True) -> list[MemoryEntry]:
    """The whole memory, oldest first: imported units, then (``yours``) the user's versions, origin ``yours``."""
    entries = list(store.iter_memory())
    if yours:
        entries += [MemoryEntry(source, text, "yours", updated) for source, text, updated in store.iter_user_translations()]
    return entries
