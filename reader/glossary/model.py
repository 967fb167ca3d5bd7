"""A glossary: German terms with the English the user wants, and the hash the store key carries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    """One term: ``Finanzamt`` → ``tax office``; the note is for people and never changes a translation."""

    german: str
    english: str
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    """Terms in the user's order; a German term appears once (the last one given wins)."""

    terms: tuple[Term, ...] = ()

    @classmethod
    def of(cls, terms: list[Term] | tuple[Term, ...]) -> Glossary:
        by_german: dict[str, Term] = {}
        for term in terms:
            german, english = _clean(term.german), _clean(term.english)
            if german and english:
                by_german.pop(german.casefold(), None)  # a repeated term moves to where it was last given
                by_german[german.casefold()] = Term(german, english, _clean(term.note))
        return cls(tuple(by_german.values()))

    def __len__(self) -> int:
        return len(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def content_hash(self) -> str:
        """What the translations depend on (German and English, not notes or order), 16 hex digits."""
        lines = sorted(f"{t.german}\t{t.english}" for t in self.terms)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _clean(text: str) -> str:
    """One line of words: controls (an escape sequence would drive the terminal of `glossary list`) and runs of space as one space."""
    from ..text.cleaning import CONTROL_RE

    return " ".join(CONTROL_RE.sub(" ", text).split())
