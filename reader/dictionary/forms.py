"""Which forms to look a German word up as: its lemma, a separable verb, the parts of a compound.

Nothing here reads a dictionary; the functions that need to know whether a
form is a word take ``knows`` (a source's headword test).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..text.lemmas import lemma
from ..text.words import word_spans

PUNCTUATION = ".,;:!?»«„“”\"'()[]‹›‚‘’"
# Particles that split off a verb in a main clause ("Er gibt das Rauchen auf" → aufgeben).
SEPARABLE_PREFIXES = frozenset(
    "ab an auf aus bei dabei dar davon dazu durch ein empor entgegen fest fort her herab heran herauf heraus herbei "
    "herein herüber herum herunter hervor hin hinauf hinaus hinein hinüber hinunter hinzu los mit nach nieder vor "
    "voran voraus vorbei vorüber weg weiter wieder zu zurecht zurück zusammen".split()
)
# A clause ends before these as at a comma: the particle is the clause's last word.
CONJUNCTIONS = frozenset(
    "und oder aber denn sondern doch dass daß weil wenn als ob obwohl während bevor nachdem damit sodass".split()
)
CLAUSE_END = frozenset(".,;:!?–—")
# Linking elements between the parts of a compound ("Waffenstillstand-s-verhandlungen", "NATO-Verbündeten").
LINKERS = ("", "s", "es", "n", "en", "e", "-")
MIN_PART = 3
# Longer than any real compound ("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz" is 63):
# a longer token is no word to split, and the split's search grows with the square of the length.
MAX_COMPOUND = 64
VOWELS = frozenset("aeiouyäöü")
ENDINGS = ("ern", "en", "em", "er", "es", "st", "e", "n", "s", "t")


def case_variants(word: str) -> list[str]:
    """The word as written, lower-cased and capitalized, without repeats."""
    return list(dict.fromkeys(w for w in (word, word.lower(), word[:1].upper() + word[1:].lower()) if w))


def candidates(word: str) -> list[str]:
    """The forms to look ``word`` up as, in order: as written (and its case variants), then its lemma's,
    then the same for the post-1996 spelling of an old "ß" ("daß", "wußte")."""
    word = word.strip(PUNCTUATION)
    forms = case_variants(word)
    spellings = [word] + ([word.replace("ß", "ss")] if "ß" in word else [])  # "wußte" before 1996 is "wusste"
    for spelling in spellings:
        for w in case_variants(spelling) + case_variants(lemma(spelling)) + case_variants(lemma(spelling.lower())):
            if w not in forms:
                forms.append(w)
    return forms


def without_endings(word: str) -> list[str]:
    """The word with one inflection ending cut off, in each case: the last resort for what simplemma doesn't
    know ("leibhaftigen" → leibhaftig, "entmilitarisierten" → entmilitarisiert)."""
    word = word.strip(PUNCTUATION)
    forms: list[str] = []
    for ending in ENDINGS:
        if word.lower().endswith(ending) and len(word) - len(ending) >= 3:
            forms += [w for w in case_variants(word[: len(word) - len(ending)]) if w not in forms]
    return forms


@dataclass(frozen=True)
class SeparableVerb:
    """A verb read with its particle: ``infinitive`` "aufgeben", ``shown`` "gibt … auf"."""

    infinitive: str
    shown: str


def _clause(sentence: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The word spans of the clause that holds ``span``: cut at punctuation and at conjunctions."""
    clauses: list[list[tuple[int, int]]] = [[]]
    previous_end = 0
    for s, e in word_spans(sentence):
        text = sentence[s:e]
        gap = sentence[previous_end:s]
        if any(c in CLAUSE_END for c in gap) or text in CLAUSE_END or text.lower() in CONJUNCTIONS:
            clauses.append([])
        if text not in CLAUSE_END and any(c.isalpha() for c in text):
            clauses[-1].append((s, e))
        previous_end = e
    return next((c for c in clauses if any(s < span[1] and span[0] < e for s, e in c)), [])


def separable_verb(sentence: str, span: tuple[int, int], knows: Callable[[str], bool]) -> SeparableVerb | None:
    """The separable verb the word at ``span`` belongs to, if the clause ends in a particle that makes one.

    Looking up the verb ("gibt") or the particle ("auf") of "Er gibt das Rauchen auf." gives aufgeben;
    the combined infinitive must be a word ``knows``, so "Er wartet auf." stays plain.
    """
    clause = _clause(sentence, span)
    if len(clause) < 2:
        return None
    particle_span = clause[-1]
    particle = sentence[particle_span[0]:particle_span[1]]
    if particle.lower() not in SEPARABLE_PREFIXES:
        return None

    def as_verb(s: int, e: int) -> SeparableVerb | None:
        word = sentence[s:e]
        # A finite verb is written lower-case unless it opens the clause ("Gib das auf!").
        if (s, e) == particle_span or (word[:1].isupper() and (s, e) != clause[0]):
            return None
        stem = lemma(word.lower()).lower()
        if not stem.endswith("n"):  # an infinitive ends in -n; "Der" + "an" is no verb "ander"
            return None
        infinitive = particle.lower() + stem
        return SeparableVerb(infinitive, f"{word} … {particle}") if knows(infinitive) else None

    if tuple(span) != particle_span:
        return as_verb(*span)
    return next((v for s, e in clause[:-1] if (v := as_verb(s, e)) is not None), None)


def split_compound(word: str, knows: Callable[[str], bool]) -> list[str] | None:
    """The fewest known parts ``word`` splits into, or None; on a tie the split whose shortest part is longest
    ("Agentur + Quellen", not "Agent + Urquellen"), then the longer first part.

    Parts are at least ``MIN_PART`` letters, joined by a linking element (``LINKERS``); the last may be
    inflected (its lemma is tried). "Waffenstillstandsverhandlungen" → ["Waffenstillstand", "Verhandlungen"].
    """
    word = word.strip(PUNCTUATION)
    low = word.lower()
    if len(low) != len(word) or not 2 * MIN_PART <= len(word) <= MAX_COMPOUND:
        return None
    n = len(low)

    def is_part(part: str) -> bool:  # a vowel keeps out abbreviations ("abm" + "alten" is no split of "abmalten")
        return any(c in VOWELS for c in part) and knows(part)

    def last_known(part: str) -> bool:
        return any(c in VOWELS for c in part) and (knows(part) or knows(lemma(part.capitalize())) or knows(lemma(part)))

    @lru_cache(maxsize=None)
    def best(i: int) -> tuple[int, int, int, tuple[tuple[int, int], ...]] | None:
        """The best split of word[i:]: (parts, -its shortest part's length, -its first part's, part spans)."""
        options = []
        if not low[i].isalpha():
            return None
        if i > 0 and n - i >= MIN_PART and last_known(low[i:]):
            options.append((1, -(n - i), -(n - i), ((i, n),)))
        for j in range(i + MIN_PART, n - MIN_PART + 1):
            if not is_part(low[i:j]):
                continue
            for linker in LINKERS:
                k = j + len(linker)
                if low.startswith(linker, j) and k < n and (rest := best(k)) is not None:
                    options.append((rest[0] + 1, max(rest[1], -(j - i)), -(j - i), ((i, j),) + rest[3]))
        return min(options) if options else None

    found = best(0)
    if found is None:
        return None
    parts = [word[s:e] for s, e in found[3]]
    # A noun compound's later parts are nouns: shown capitalized, as looked up.
    return [parts[0]] + [p[:1].upper() + p[1:] if word[:1].isupper() else p for p in parts[1:]]
