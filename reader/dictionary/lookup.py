"""``Dictionary``: the installed German→English dictionaries, asked in order, with the sentence as context.

A lookup tries, in order: a separable verb the word belongs to ("gibt" in "Er
gibt das Rauchen auf." → aufgeben), the word as written and its lemma
(simplemma), and, when none of those is in any dictionary, the parts of a
compound ("Waffenstillstand + Verhandlungen"). With the English the model
aligned to the word, the senses that hold it come first, marked (``Entry.fits``).

The directories are re-checked on every lookup (a few ``stat`` calls), so a
dictionary installed while the reader runs is found on the next lookup, and a
changed one is reopened. ``$READER_DICT_DIR`` (one or more directories,
``:``-separated) is searched before the system directories.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .forms import MAX_COMPOUND, PUNCTUATION, candidates, separable_verb, split_compound, without_endings
from .ranking import mark_fitting
from .sources import LISTED_FORM, PHRASE_START, DictdDictionary, Entry, Source, TransDictionary

SYSTEM_DIRS = ("/usr/share/trans", "/usr/share/dictd", "/usr/local/share/trans", "/usr/local/share/dictd")
TRANS_NAME = "de-en"
FREEDICT_NAME = "freedict-deu-eng"
INSTALL_HINT = (
    "No offline dictionary is installed. On Debian/Ubuntu: `sudo apt install trans-de-en` "
    "(TU Chemnitz German–English) or `sudo apt install dict-freedict-deu-eng` (FreeDict); "
    "or point READER_DICT_DIR at a folder holding de-en or freedict-deu-eng.index/.dict.dz."
)
READ_ERRORS = (OSError, zlib.error, ValueError, KeyError)
PER_PART = 4  # entries shown for each part of a compound
MAX_WORD = 2 * MAX_COMPOUND  # longer "words" (a run of letters with no space) are not looked up

FileState = tuple[int, int] | None  # (mtime in ns, size) of a regular file, None when there is none


@dataclass(frozen=True)
class LookupContext:
    """Where the word stands: the German sentence, the word's span in it, and what the model made of it."""

    sentence: str
    span: tuple[int, int]
    english: str = ""  # the English sentence shown ("" when it is hidden or not there yet)
    aligned: tuple[str, ...] = ()  # the English words the alignment links to the German word

    @property
    def word(self) -> str:
        return self.sentence[self.span[0]:self.span[1]]


@dataclass
class LookupResult:
    """What a lookup found: entries best first (fitting senses first, a compound's grouped by part), or why none."""

    entries: list[Entry] = field(default_factory=list)
    source: str = ""  # which dictionary answered, and as which form ("trans-de-en, as aufgeben")
    message: str = ""  # why there is nothing (no dictionary installed, no entry)
    reading: str = ""  # how the word was read, when not alone: "separable: gibt … auf", "compound: A + B"


def search_dirs() -> list[Path]:
    env = os.environ.get("READER_DICT_DIR", "")
    return [Path(d) for d in env.split(os.pathsep) if d] + [Path(d) for d in SYSTEM_DIRS]


def _file_state(path: Path) -> FileState:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size) if stat.S_ISREG(st.st_mode) else None


def _files(d: Path) -> tuple[Path, ...]:
    return (d / TRANS_NAME, d / f"{FREEDICT_NAME}.index", d / f"{FREEDICT_NAME}.dict.dz", d / f"{FREEDICT_NAME}.dict")


class Dictionary:
    """All installed German→English dictionaries, searched in order (thread-safe: one lookup at a time)."""

    def __init__(self, dirs: list[Path] | None = None) -> None:
        self.dirs = list(dirs) if dirs is not None else search_dirs()
        self._lock = threading.RLock()
        self._seen: tuple[FileState, ...] | None = None
        self._open: dict[tuple[Path, ...], tuple[tuple[FileState, ...], Source]] = {}
        self._sources: list[Source] = []

    @property
    def sources(self) -> list[Source]:
        """The dictionaries installed now (re-checked, reopened where a file appeared or changed)."""
        with self._lock:
            files = [p for d in self.dirs for p in _files(d)]
            states = tuple(_file_state(p) for p in files)
            if states != self._seen:
                self._reopen(dict(zip(files, states)))
                self._seen = states
            return list(self._sources)

    def _reopen(self, states: dict[Path, FileState]) -> None:
        wanted: list[tuple[tuple[Path, ...], type]] = []
        for d in self.dirs:
            trans, index, dictzip, plain = _files(d)
            if states[trans]:
                wanted.append(((trans,), TransDictionary))
            data = dictzip if states[dictzip] else plain if states[plain] else None
            if states[index] and data is not None:
                wanted.append(((index, data), DictdDictionary))
        kept: dict[tuple[Path, ...], tuple[tuple[FileState, ...], Source]] = {}
        for paths, kind in wanted:
            now = tuple(states[p] for p in paths)
            old = self._open.get(paths)
            if old is not None and old[0] == now:
                kept[paths] = old
                continue
            try:
                kept[paths] = (now, kind(*paths))
            except OSError:
                continue
        for paths, (_, source) in self._open.items():
            if kept.get(paths, (None, None))[1] is not source:
                source.close()
        self._open = kept
        self._sources = [source for _, source in kept.values()]

    @property
    def available(self) -> bool:
        return bool(self.sources)

    def lookup(self, word: str, *, context: LookupContext | None = None, limit: int = 12) -> LookupResult:
        """The entries for ``word``; with ``context``, also as part of a separable verb, and fitting senses first."""
        with self._lock:
            sources = self.sources
            if not sources:
                return LookupResult(message=INSTALL_HINT)
            word = word.strip(PUNCTUATION)
            if len(word) > MAX_WORD:  # no dictionary has it, and searching for it costs seconds
                return LookupResult(message=f"No entry for a {len(word):,}-letter word ({word[:20]}…).")
            try:
                result = self._first_reading(sources, word, context)
            except Unreadable as exc:
                return LookupResult(source=exc.source, message=f"{exc.source}: cannot read ({exc.__cause__})")
        if result is None:
            return LookupResult(message=f"No entry for {word!r} in {', '.join(s.name for s in sources)}.")
        if context is not None:  # before the limit: a fitting sense further down moves up into it
            result.entries = mark_fitting(result.entries, context.aligned)
        result.entries = result.entries[: max(limit, len({e.part for e in result.entries}))]
        return result

    def _first_reading(self, sources: list[Source], word: str, context: LookupContext | None) -> LookupResult | None:
        """The first way of reading ``word`` that some dictionary has: separable verb, as written or its
        lemma, with an ending cut off, as a compound."""
        if context is not None:
            for source in sources:
                if (result := self._separable(source, word, context)) is not None:
                    return result
        result = self._plain(sources, word, candidates(word)) or self._plain(sources, word, without_endings(word))
        if result is not None:
            return result
        for source in sources:
            if (result := self._compound(source, word)) is not None:
                return result
        return None

    @staticmethod
    def _entries(source: Source, forms: list[str]) -> tuple[list[Entry], str, int]:
        """The entries for ``forms`` (``candidates(word)``), the form the first entry was found as, and the
        index of the first form that had any (len(forms) when none had).

        Headwords come before inflected forms listed in other entries, whichever candidate found them:
        "Verhandlungen" gives the entry "Verhandlung" before the lines that list "Verhandlungen" as a plural.
        Phrases that begin with the word ("im Alleingang" for "im") only when there is nothing else.
        """
        ranked: dict[Entry, tuple[bool, int, int]] = {}
        hits: list[tuple[int, int]] = []  # (form index, rank) of every match
        seen: set[str] = set()
        with reading(source):
            for k, form in enumerate(forms):
                if form.casefold() in seen:  # the index is case-folded: one probe per key (the first form ranks case)
                    continue
                seen.add(form.casefold())
                for rank, entry in source.entries(form):
                    key = (rank >= 100 * LISTED_FORM, k, rank)
                    ranked[entry] = min(key, ranked.get(entry, key))
                    hits.append((k, rank))
        if any(rank < 100 * PHRASE_START for _, rank in hits):
            ranked = {e: key for e, key in ranked.items() if key[2] < 100 * PHRASE_START}
            hits = [(k, rank) for k, rank in hits if rank < 100 * PHRASE_START]
        if not ranked:
            return [], "", len(forms)
        entries = sorted(ranked, key=ranked.__getitem__)
        return entries, forms[ranked[entries[0]][1]], min(k for k, _ in hits)

    def _separable(self, source: Source, word: str, context: LookupContext) -> LookupResult | None:
        with reading(source):
            verb = separable_verb(context.sentence, context.span, source.knows)
        if verb is None:
            return None
        entries, _, _ = self._entries(source, [verb.infinitive])
        if not entries:
            return None
        own, _, _ = self._entries(source, candidates(word))
        entries += [e for e in own if e not in entries]
        return LookupResult(entries, f"{source.name}, as {verb.infinitive}", reading=f"separable: {verb.shown}")

    def _plain(self, sources: list[Source], word: str, forms: list[str]) -> LookupResult | None:
        """The entries for ``forms`` of the source that has the earliest of them (the first source on a tie)."""
        best: tuple[int, Source, str, list[Entry]] | None = None
        for source in sources:
            entries, form, first = self._entries(source, forms)
            if entries and (best is None or first < best[0]):
                best = (first, source, form, entries)
                if first == 0:  # found as written: a later source can't do better (and needn't build its index)
                    break
        if best is None:
            return None
        _, source, form, entries = best
        return LookupResult(entries, source.name if form == word else f"{source.name}, as {form}")

    def _compound(self, source: Source, word: str) -> LookupResult | None:
        with reading(source):
            parts = split_compound(word, source.knows)
        if parts is None:
            return None
        entries = [
            dataclasses.replace(e, part=part) for part in parts for e in self._entries(source, candidates(part))[0][:PER_PART]
        ]
        if not entries:
            return None
        return LookupResult(entries, source.name, reading=f"compound: {' + '.join(parts)}")


class Unreadable(Exception):
    """A dictionary file that cannot be read (named by ``source``; the cause is the OS or zlib error)."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.source = source


@contextmanager
def reading(source: Source) -> Iterator[None]:
    """Reading ``source``: its read errors become ``Unreadable`` naming it."""
    try:
        yield
    except READ_ERRORS as exc:
        raise Unreadable(source.name) from exc
