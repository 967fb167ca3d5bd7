"""Offline German→English dictionary lookup.

Two installed formats are read, no server needed:

* Debian's ``trans-de-en`` (the TU Chemnitz list, ``/usr/share/trans/de-en``):
  one entry per line, ``German :: English``, alternatives separated by `` | ``.
* FreeDict dictd files (``freedict-deu-eng.index`` + ``.dict.dz`` or ``.dict``,
  Debian's ``dict-freedict-deu-eng`` puts them in ``/usr/share/dictd``): the
  index is searched directly and the dictzip file is read chunk by chunk, so a
  lookup neither starts ``dictd`` nor decompresses 100 MB.

``$READER_DICT_DIR`` (one or more directories, ``:``-separated) is searched
before the system directories.
"""

from __future__ import annotations

import mmap
import os
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SYSTEM_DIRS = ("/usr/share/trans", "/usr/share/dictd", "/usr/local/share/trans", "/usr/local/share/dictd")
TRANS_NAME = "de-en"
FREEDICT_NAME = "freedict-deu-eng"
INSTALL_HINT = (
    "No offline dictionary is installed. On Debian/Ubuntu: `sudo apt install trans-de-en` "
    "(TU Chemnitz German–English) or `sudo apt install dict-freedict-deu-eng` (FreeDict); "
    "or point READER_DICT_DIR at a folder holding de-en or freedict-deu-eng.index/.dict.dz."
)
_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_SUFFIXES = ("ern", "en", "em", "er", "es", "st", "e", "n", "s", "t")


@dataclass(frozen=True)
class Entry:
    headword: str
    body: str


@dataclass
class LookupResult:
    entries: list[Entry] = field(default_factory=list)
    source: str = ""  # which dictionary answered
    message: str = ""  # why there is nothing (no dictionary installed, no entry)


def search_dirs() -> list[Path]:
    env = os.environ.get("READER_DICT_DIR", "")
    return [Path(d) for d in env.split(os.pathsep) if d] + [Path(d) for d in SYSTEM_DIRS]


def candidates(word: str) -> list[str]:
    """The word as written, lower/capitalized, then with common inflection endings removed."""
    word = word.strip(".,;:!?»«„“”\"'()[]")
    out: list[str] = []
    for w in (word, word.lower(), word[:1].upper() + word[1:].lower()):
        if w and w not in out:
            out.append(w)
    low = word.lower()
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            base = word[: len(word) - len(suf)]
            for w in (base, base.lower(), base[:1].upper() + base[1:].lower()):
                if w not in out:
                    out.append(w)
    return out


def _b64(s: bytes) -> int:
    n = 0
    for c in s.decode("ascii"):
        n = n * 64 + _B64[c]
    return n


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

    def lookup(self, forms: list[str], limit: int) -> tuple[str, list[Entry]]:
        """Entries for the first of ``forms`` that has any; exact headwords first."""
        keys = b"|".join(re.escape(f.encode("utf-8")) for f in forms)
        pattern = re.compile(rb"(?m)^(?:\(\w+\) )?(" + keys + rb")(?=[ \t{;|(:]|$)[^\n]*")
        found: dict[str, list[tuple[bool, Entry]]] = {}
        for m in pattern.finditer(self.file.data):
            form = m.group(1).decode("utf-8")
            line = m.group().decode("utf-8", "replace")
            if " :: " not in line or len(found.get(form, ())) >= 4 * limit:
                continue
            de, en = line.split(" :: ", 1)
            de_parts, en_parts = de.split(" | "), en.split(" | ")
            head = de_parts[0].strip()
            lines = [en_parts[0].strip()] + [
                f"{d.strip()} — {e.strip()}" for d, e in list(zip(de_parts, en_parts))[1:6] if d.strip() or e.strip()
            ]
            exact = _bare(head) == form
            found.setdefault(form, []).append((exact, Entry(head, "\n".join(lines))))
        for form in forms:
            if found.get(form):
                ranked = sorted(found[form], key=lambda x: not x[0])
                return form, [e for _, e in ranked[:limit]]
        return "", []


def _bare(head: str) -> str:
    """A trans headword without its annotations: "Haus {n} [arch.]" → "Haus"."""
    return re.sub(r"\s*(\{[^}]*\}|\[[^]]*\]|\([^)]*\))", "", head).strip()


class DictdDictionary:
    """A dictd index + (dictzip) data file (FreeDict)."""

    name = "freedict-deu-eng"

    def __init__(self, index: Path, data: Path) -> None:
        self.index = _Mapped(index)
        self.data_path = data
        self._chunks: tuple[int, int, list[int]] | None = None  # (chunk length, data start, offsets)

    def lookup(self, forms: list[str], limit: int) -> tuple[str, list[Entry]]:
        keys = list(dict.fromkeys(k for f in forms for k in (f, f.lower())))
        alternation = b"|".join(re.escape(k.encode("utf-8")) for k in keys)
        pattern = re.compile(rb"(?m)^(" + alternation + rb")\t([A-Za-z0-9+/]+)\t([A-Za-z0-9+/]+)$")
        refs: dict[str, list[tuple[int, int]]] = {}
        for m in pattern.finditer(self.index.data):
            refs.setdefault(m.group(1).decode("utf-8"), []).append((_b64(m.group(2)), _b64(m.group(3))))
        for form in forms:
            hits = list(dict.fromkeys(refs.get(form, []) + refs.get(form.lower(), [])))
            if hits:
                out = []
                for offset, length in hits[:limit]:
                    head, _, body = self.read(offset, length).strip().partition("\n")
                    out.append(Entry(head.strip(), body.rstrip()))
                return form, out
        return "", []

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


class Dictionary:
    """All installed German→English dictionaries, searched in order."""

    def __init__(self, dirs: list[Path] | None = None) -> None:
        self.sources: list[TransDictionary | DictdDictionary] = []
        for d in dirs if dirs is not None else search_dirs():
            try:
                trans = d / TRANS_NAME
                if trans.is_file():
                    self.sources.append(TransDictionary(trans))
                index = d / f"{FREEDICT_NAME}.index"
                if index.is_file():
                    for data in (d / f"{FREEDICT_NAME}.dict.dz", d / f"{FREEDICT_NAME}.dict"):
                        if data.is_file():
                            self.sources.append(DictdDictionary(index, data))
                            break
            except OSError:
                continue

    @property
    def available(self) -> bool:
        return bool(self.sources)

    def lookup(self, word: str, limit: int = 12) -> LookupResult:
        if not self.sources:
            return LookupResult(message=INSTALL_HINT)
        forms = candidates(word)
        best: tuple[int, str, str, list[Entry]] | None = None
        for source in self.sources:
            try:
                form, entries = source.lookup(forms, limit)
            except (OSError, zlib.error, ValueError, KeyError) as exc:
                return LookupResult(source=source.name, message=f"{source.name}: cannot read ({exc})")
            if entries and (best is None or forms.index(form) < best[0]):
                best = (forms.index(form), form, source.name, entries)
        if best is not None:
            _, form, name, entries = best
            return LookupResult(entries, name if form == word else f"{name}, as {form}")
        return LookupResult(message=f"No entry for {word!r} in {', '.join(s.name for s in self.sources)}.")
