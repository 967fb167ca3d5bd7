"""A term's English as it stands in a sentence: its forms (singular, plural) and the shape of the words it replaces."""

from __future__ import annotations

import re
from functools import lru_cache

_POSSESSIVE = re.compile(r"(['’]s?)$")
_VOWEL_SOUND = re.compile(r"^[aeiouAEIOU]")


def plural(english: str) -> str:
    """The regular English plural of a term's last word: truce → truces, ally → allies, tax → taxes."""
    head, _, last = english.rpartition(" ")
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def looks_plural(word: str) -> bool:
    """Whether an English word reads as a regular plural (allies, talks; not news-like -ss/-us/-is)."""
    lower = word.lower()
    return len(lower) > 2 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s", "’s"))


@lru_cache(maxsize=4096)
def forms_pattern(english: str) -> re.Pattern[str]:
    """Where a term's English (either number, any case) stands as whole words."""
    forms = sorted({english, plural(english)}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def shaped_like(english: str, replaced: str) -> str:
    """``english`` in the number, capitalisation and possessive of the words it replaces."""
    possessive = _POSSESSIVE.search(replaced) if replaced[-2:] in ("'s", "’s") or replaced[-1:] in "'’" else None
    core = replaced[: possessive.start()] if possessive else replaced
    words = core.split()
    text = plural(english) if words and looks_plural(words[-1]) and not looks_plural(english.split()[-1]) else english
    if core[:1].isupper() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text + (possessive.group(1) if possessive else "")


def article_for(article: str, following: str) -> str:
    """``a``/``an`` (keeping its case) as the word after it needs; other words unchanged."""
    if article.lower() not in ("a", "an"):
        return article
    wanted = "an" if _VOWEL_SOUND.match(following) else "a"
    return wanted.capitalize() if article[0].isupper() else wanted
