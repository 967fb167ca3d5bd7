"""The installed dictionary formats, each read in place (no server, no full decompression).

* Debian's ``trans-de-en`` (the TU Chemnitz list, ``/usr/share/trans/de-en``):
  one entry per line, ``German :: English``; `` | `` separates a headword from
  its inflected forms and phrases, with the English in the same order, and
  ``; `` separates synonyms ("Verbündete {m,f}; Verbündeter {m} | Verbündeten {pl}").
* FreeDict dictd files (``freedict-deu-eng.index`` + ``.dict.dz`` or ``.dict``,
  Debian's ``dict-freedict-deu-eng`` puts them in ``/usr/share/dictd``): the
  dictzip file is read chunk by chunk, so a lookup neither starts ``dictd`` nor
  decompresses 100 MB.

Each source builds an index of its one-word headwords (case-folded) on its
first lookup: ~1.3 s for the real trans-de-en, ~0.6 s for FreeDict, in the
reader's lookup worker. After that a lookup is a few dict probes, and the same
index answers "is this a word?" for compound splitting and separable verbs.
"""

from __future__ import annotations

import mmap
import re
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_ANNOTATION = re.compile(r"\s*(\{[^}|]*\}|\[[^]|]*\]|\([^)|]*\)|<[^>|]*>)")  # not across a " | "
_TAG = re.compile(r"\s*(<[^>]*>|\[[^]]*\])")
# Words trans-de-en puts before a verb's infinitive: "sich beeilen", "etw. aufgeben", "jdm. etw. geben".
_PLACEHOLDERS = frozenset(("sich", "etw.", "jdn.", "jdm.", "jds.", "jd.", "einander"))
# How well an entry matches the form asked for, best first (a Source returns it with each entry).
EXACT_HEADWORD, HEADWORD_OTHER_CASE, LISTED_FORM, PHRASE_START = 0, 1, 2, 3
_FORM, _HEAD, _PHRASE = 0, 1, 2  # what a word is on a trans-de-en line (its index's refs: offset × 4 + this)


@dataclass(frozen=True)
class Entry:
    """One dictionary entry. ``body``: its lines as shown (the first is the main sense)."""

    headword: str
    body: str
    english: str = ""  # the English side alone: what alignment ranking compares with
    fits: tuple[str, ...] = ()  # the aligned English words it contains: the sense that fits the sentence
    part: str = ""  # the part of a compound it explains ("Waffenstillstand"), when the word was split

    @property
    def first_sense(self) -> str:
        """The main sense's line without grammar and usage tags, as a gloss: "[adm.] establishment <n>" → "establishment"."""
        line = self.body.strip().split("\n", 1)[0]
        return " ".join(_TAG.sub("", line).split()) or line.strip()


class Source(Protocol):
    name: str

    def entries(self, form: str) -> list[tuple[int, Entry]]:
        """The entries for ``form`` (any case), best first, each with its rank: 100 × ``EXACT_HEADWORD``,
        ``HEADWORD_OTHER_CASE``, ``LISTED_FORM`` (an inflected form) or ``PHRASE_START`` (a phrase's first
        word: "im" of "im Alleingang"), + the synonym's position."""
        ...

    def knows(self, form: str) -> bool:
        """Whether ``form`` (any case) is a one-word headword or listed form (not only a phrase's first word)."""
        ...

    def close(self) -> None: ...


def bare(head: str) -> str:
    """A headword without its annotations: "Haus {n} [arch.]" → "Haus"."""
    return _ANNOTATION.sub("", head).strip() if any(c in head for c in "{[(<") else head.strip()


def index_form(synonym: str) -> str:
    """The form a synonym is indexed under: bare, without a leading "sich"/"etw." ("sich beeilen {vr}" → "beeilen")."""
    return _without_placeholders(bare(synonym))


def _without_placeholders(form: str) -> str:
    while True:
        first, space, rest = form.partition(" ")
        if not space or first not in _PLACEHOLDERS:
            return form
        form = rest


def _b64(s: bytes) -> int:
    n = 0
    for c in s.decode("ascii"):
        n = n * 64 + _B64[c]
    return n


def _refs(index: dict[str, int | list[int]], key: str) -> list[int]:
    refs = index.get(key)
    return [] if refs is None else [refs] if isinstance(refs, int) else refs


class _Mapped:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._f = open(path, "rb")
        self.data = mmap.mmap(self._f.fileno(), 0, access=mmap.ACCESS_READ) if path.stat().st_size else b""

    def close(self) -> None:
        if isinstance(self.data, mmap.mmap):
            self.data.close()
        self._f.close()


class TransDictionary:
    """``German :: English`` lines (trans-de-en)."""

    name = "trans-de-en"

    def __init__(self, path: Path) -> None:
        self.file = _Mapped(path)
        self._index: dict[str, int | list[int]] | None = None
        self._lock = threading.Lock()

    def index(self) -> dict[str, int | list[int]]:
        """Case-folded German words → line offset × 4 + what the word is there: ``_FORM`` (after the first `` | ``),
        ``_HEAD`` (a one-word headword) or ``_PHRASE`` (the first word of a headword phrase: "im Alleingang")."""
        with self._lock:
            if self._index is None:
                self._index = self._build_index()
            return self._index

    def _build_index(self) -> dict[str, int | list[int]]:
        # The first lookup's wait (~1.5 s): annotations go in one pass per line; most keys hold one int, not a list.
        index: dict[str, int | list[int]] = {}

        def add(form: str, ref: int) -> None:
            key = form.casefold()
            old = index.get(key)
            if old is None:
                index[key] = ref
            elif isinstance(old, int):
                if old != ref:
                    index[key] = [old, ref]
            elif ref not in old:
                old.append(ref)

        data = self.file.data
        if not isinstance(data, mmap.mmap):  # an empty file
            return index
        pos = 0
        data.seek(0)
        for line in iter(data.readline, b""):  # line by line: no 25 MB copy, no list of 200k lines
            german, sep, _ = line.partition(b" :: ")
            if sep and not line.startswith(b"#"):
                text = german.decode("utf-8", "replace")
                if "{" in text or "[" in text or "(" in text or "<" in text:
                    text = _ANNOTATION.sub("", text)
                for k, part in enumerate(text.split(" | ")):
                    for form in part.split("; "):
                        form = form.strip()
                        if " " not in form:
                            if form:
                                add(form, pos * 4 + (_HEAD if k == 0 else _FORM))
                            continue
                        words = _without_placeholders(form).split(" ")
                        if len(words) == 1:
                            add(words[0], pos * 4 + (_HEAD if k == 0 else _FORM))
                        elif k == 0:
                            add(words[0], pos * 4 + _PHRASE)
                            # "jdn. mit etw. bewaffnen": a verb with its objects, headword of its last word.
                            last = words[-1]
                            if last.endswith("n") and last.islower() and "," not in form and _PLACEHOLDERS & set(form.split(" ")):
                                add(last, pos * 4 + _HEAD)
            pos += len(line)
        return index

    def knows(self, form: str) -> bool:
        return any(ref % 4 != _PHRASE for ref in _refs(self.index(), form.casefold()))

    def entries(self, form: str) -> list[tuple[int, Entry]]:
        ranked: dict[int, tuple[int, Entry]] = {}  # by line offset: a line can hold the form twice
        for ref in _refs(self.index(), form.casefold()):
            offset, kind = divmod(ref, 4)
            end = self.file.data.find(b"\n", offset)
            line = bytes(self.file.data[offset:end if end >= 0 else len(self.file.data)]).decode("utf-8", "replace")
            german, _, english = line.partition(" :: ")
            de_parts, en_parts = german.split(" | "), english.split(" | ")
            rank = self._rank(form, de_parts, kind)
            if offset in ranked and ranked[offset][0] <= rank:
                continue
            lines = [en_parts[0].strip()] + [
                f"{d.strip()} — {e.strip()}" for d, e in list(zip(de_parts, en_parts))[1:6] if d.strip() or e.strip()
            ]
            ranked[offset] = (rank, Entry(de_parts[0].strip(), "\n".join(lines), english=english.strip()))
        return sorted(ranked.values(), key=lambda r: r[0])  # stable: file order within a rank

    @staticmethod
    def _rank(form: str, de_parts: list[str], kind: int) -> int:
        """The match's kind (``EXACT_HEADWORD`` …) × 100 + where the form stands among the synonyms (the main one first)."""
        if kind == _PHRASE:
            return 100 * PHRASE_START
        synonyms = [index_form(s) for s in (de_parts[0] if kind == _HEAD else "; ".join(de_parts[1:])).split("; ")]
        exact = [i for i, s in enumerate(synonyms) if s == form]
        folded = [i for i, s in enumerate(synonyms) if s.casefold() == form.casefold()]
        tier = LISTED_FORM if kind == _FORM else EXACT_HEADWORD if exact else HEADWORD_OTHER_CASE
        return 100 * tier + min(exact or folded or [99])

    def close(self) -> None:
        self.file.close()


def dictd_english(body: str) -> str:
    """The English of a FreeDict entry: its sense lines and its examples' translations, not the German
    synonyms, references and examples ("Synonyms: {…}", "see: {…}", '"ein Haus bauen"  - build a house')."""
    out = []
    for line in body.splitlines():
        line = line.strip()
        if line.startswith('"') and '"  - ' in line:
            out.append(line.split('"  - ', 1)[1])
        elif line and not line.startswith(("Synonyms:", "see:", "Note:", "Antonyms:")):
            out.append(line)
    return "\n".join(out)


class DictdDictionary:
    """A dictd index + (dictzip) data file (FreeDict)."""

    name = "freedict-deu-eng"

    def __init__(self, index: Path, data: Path) -> None:
        self.index_file = _Mapped(index)
        self.data_path = data
        self._chunks: tuple[int, int, list[int]] | None = None  # (chunk length, data start, offsets)
        self._index: dict[str, int | list[int]] | None = None
        self._lock = threading.Lock()

    def index(self) -> dict[str, int | list[int]]:
        """Case-folded one-word headwords → where their offset and length start in the index file."""
        with self._lock:
            if self._index is None:
                index: dict[str, int | list[int]] = {}
                pattern = re.compile(rb"(?m)^([^\t\n ]+)\t(?=[A-Za-z0-9+/]+\t[A-Za-z0-9+/]+$)")
                for m in pattern.finditer(self.index_file.data):
                    key, ref = m.group(1).decode("utf-8", "replace").casefold(), m.end()
                    old = index.get(key)
                    if isinstance(old, list):
                        old.append(ref)
                    else:
                        index[key] = ref if old is None else [old, ref]
                self._index = index
            return self._index

    def knows(self, form: str) -> bool:
        return form.casefold() in self.index()

    def entries(self, form: str) -> list[tuple[int, Entry]]:
        out = []
        data = self.index_file.data
        for ref in _refs(self.index(), form.casefold()):
            end = data.find(b"\n", ref)
            offset, length = bytes(data[ref:end if end >= 0 else len(data)]).split(b"\t")
            head, _, body = self.read(_b64(offset), _b64(length)).strip().partition("\n")
            out.append((EXACT_HEADWORD * 100, Entry(head.strip(), body.rstrip(), english=dictd_english(body))))
        return out

    def read(self, offset: int, length: int) -> str:
        if not self.data_path.name.endswith(".dz"):
            with open(self.data_path, "rb") as f:
                f.seek(offset)
                return f.read(length).decode("utf-8", "replace")
        chlen, start, offsets = self._dictzip_header()
        first, last = offset // chlen, (offset + length - 1) // chlen
        out = bytearray()
        with open(self.data_path, "rb") as f:
            for c in range(first, last + 1):
                f.seek(start + offsets[c])
                raw = f.read(offsets[c + 1] - offsets[c])
                out += zlib.decompressobj(-15).decompress(raw)
        skip = offset - first * chlen
        return bytes(out[skip:skip + length]).decode("utf-8", "replace")

    def _dictzip_header(self) -> tuple[int, int, list[int]]:
        if self._chunks is not None:
            return self._chunks
        with open(self.data_path, "rb") as f:
            head = f.read(10)
            if head[:2] != b"\x1f\x8b":
                raise OSError(f"{self.data_path}: not a gzip file")
            flags = head[3]
            if not flags & 4:
                raise OSError(f"{self.data_path}: not a dictzip file (no chunk table)")
            (xlen,) = struct.unpack("<H", f.read(2))
            extra = f.read(xlen)
            pos = 0
            chlen, sizes = 0, []
            while pos + 4 <= len(extra):
                si, sublen = extra[pos:pos + 2], struct.unpack("<H", extra[pos + 2:pos + 4])[0]
                body = extra[pos + 4:pos + 4 + sublen]
                if si == b"RA":
                    _ver, chlen, count = struct.unpack("<HHH", body[:6])
                    sizes = list(struct.unpack(f"<{count}H", body[6:6 + 2 * count]))
                pos += 4 + sublen
            if not chlen:
                raise OSError(f"{self.data_path}: not a dictzip file (no RA field)")
            if flags & 8:  # file name
                while f.read(1) not in (b"\0", b""):
                    pass
            if flags & 16:  # comment
                while f.read(1) not in (b"\0", b""):
                    pass
            if flags & 2:
                f.read(2)
            start = f.tell()
        offsets = [0]
        for s in sizes:
            offsets.append(offsets[-1] + s)
        self._chunks = (chlen, start, offsets)
        return self._chunks

    def close(self) -> None:
        self.index_file.close()
