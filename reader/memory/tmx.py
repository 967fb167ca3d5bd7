"""TMX 1.4 in and out for the translation memory (read with lxml, which the project has for EPUB).

Reading takes what CAT tools export: each ``<tu>`` with a German ``<tuv>`` and an
English one (``xml:lang``, or TMX 1.1's ``lang``, by its primary subtag: ``de-AT``
is German), the text of its ``<seg>`` without inline native codes (``bpt``,
``ept``, ``ph``, ``it``, ``ut``: formatting of the CAT tool's source file, not
words). A file that is not XML or not TMX is refused in one line (``InputError``);
units without both languages are counted, not fatal.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from lxml import etree

from ..errors import InputError
from ..output.tmx import write_units
from ..store import MemoryEntry
from ..text.cleaning import CONTROL_RE
from ..text.decoding import special_file_reason

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NATIVE_CODES = {"bpt", "ept", "ph", "it", "ut"}  # their text is markup of the original file, never words


@dataclass(frozen=True, slots=True)
class TmxRead:
    """What a TMX file gave: its German–English units, and how many units had not both languages."""

    entries: list[MemoryEntry]
    skipped: int


def read_tmx(path: Path | str, origin: str | None = None) -> TmxRead:
    """The German–English units of the TMX file at ``path``; ``origin`` defaults to ``tmx:<file name>``."""
    path = Path(path)
    origin = origin or f"tmx:{path.name}"
    if not path.is_file():  # lxml would wait on a FIFO and read /dev/zero forever
        try:
            reason = special_file_reason(path.stat().st_mode)
        except OSError:
            reason = "no such file"
        raise InputError(f"{path}: {'is a directory' if path.is_dir() else reason}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not a TMX file (not XML: {exc})") from None
    if etree.QName(root).localname != "tmx" or root.find("body") is None:
        raise InputError(f"{path}: not a TMX file (no <tmx> with a <body>)")
    entries: list[MemoryEntry] = []
    skipped = 0
    now = time.time()
    for tu in root.iterfind("body/tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iterfind("tuv"):
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()
            seg = tuv.find("seg")
            if lang in ("de", "en") and seg is not None and lang not in texts:
                texts[lang] = " ".join(CONTROL_RE.sub(" ", _seg_text(seg)).split())
        if texts.get("de") and texts.get("en"):
            entries.append(MemoryEntry(texts["de"], texts["en"], origin, now))
        else:
            skipped += 1
    if not entries:
        raise InputError(f"{path}: no translation unit with both German (de) and English (en) text")
    return TmxRead(entries, skipped)


def _seg_text(seg) -> str:  # an lxml element
    """A ``<seg>``'s words: its text and its children's, inline native codes left out (their tails kept)."""
    parts = [seg.text or ""]
    for child in seg:
        # A comment, processing instruction or unresolved entity has no tag name: nothing of it is text.
        if isinstance(child.tag, str) and etree.QName(child).localname not in _NATIVE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def write_tmx(entries: Iterable[MemoryEntry], out: TextIO) -> None:
    """``entries`` as a TMX 1.4 file, each unit with its creation date and origin (``<prop type="x-origin">``)."""
    write_units(
        ((e.source, e.target, {"creationdate": _tmx_date(e.added)}, {"x-origin": e.origin}) for e in entries),
        out,
    )


def _tmx_date(seconds: float) -> str:
    """TMX's date format: ISO 8601 basic, UTC (``20261206T144713Z``)."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))
