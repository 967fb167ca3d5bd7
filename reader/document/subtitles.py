"""Subtitle files (SRT, WebVTT) as cues: reading them, and the track a subtitle Document keeps.

A small parser of our own rather than pysubs2 or webvtt-py: pysubs2 drops WebVTT cue
settings and ``STYLE`` blocks and silently folds a cue with a broken timestamp into the
text of the cue before it (as ffmpeg does); we keep settings and styles as written and
name a broken cue. Leniency follows what ffmpeg reads (docs/formats.md): a BOM, CRLF, a
missing final blank line, numbers missing or out of order, ``.`` or ``,`` before the
milliseconds, hours left out, overlapping cues. Refused, naming the cue: a timing line
that does not parse, a cue that ends before it starts (ffmpeg moves its end), text with
no timing line.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cached_property

from ..errors import InputError

SUBTITLE_FORMATS = ("srt", "vtt")
# [hh:]mm:ss[.,]fff — hours of any length, milliseconds 1–3 digits (a decimal fraction).
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(.*)$")
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")  # HTML-like tags (<i>, <c.x>, <v Name>, <00:01.000>) and ASS overrides
_LEADING_TAGS = re.compile(r"(?:\s*(?:<v(?:\.[\w.-]+)*(?:\s[^>\n]*)?>|\{\\[^}\n]*\}))+")
_WHOLE_ITALIC = re.compile(r"^\s*<i>(?:(?!<i>|</i>).)*</i>\s*$", re.S)


@dataclass(frozen=True)
class Cue:
    """One cue as the file has it: its timing in milliseconds, its text with line breaks and tags."""

    index: int  # 0-based, in file order
    start: int  # ms
    end: int  # ms
    text: str  # lines joined by "\n", tags kept
    identifier: str = ""  # the SRT number or the WebVTT cue identifier, as written
    settings: str = ""  # WebVTT cue settings after the end time ("align:start line:10%")
    line: int = 0  # 1-based line of its timing line, for messages
    notes: str = ""  # WebVTT: the NOTE blocks between the cue before and this one, as written (kept in vtt output)

    @property
    def lines(self) -> list[str]:
        return [line for line in self.text.split("\n") if line.strip()]

    @property
    def leading_tags(self) -> str:
        """What opens the cue and holds for all of it: WebVTT voice spans (``<v Anna>``) and ASS overrides
        (``{\\an8}``: the cue's position), as written; the English cue is given them too."""
        m = _LEADING_TAGS.match(self.text)
        return m.group().strip() if m else ""

    @property
    def italic(self) -> bool:
        """Every line of the cue is in ``<i>`` (an off-screen voice, a song): the English is set in italics too."""
        lines = self.lines
        return bool(lines) and (all(_WHOLE_ITALIC.match(line) for line in lines) or bool(_WHOLE_ITALIC.match(self.text)))


@dataclass(frozen=True)
class SubtitleFile:
    format: str  # "srt" | "vtt"
    cues: tuple[Cue, ...]
    header: str = ""  # WebVTT: the WEBVTT line and the STYLE, REGION and NOTE blocks before the first cue, as written
    trailer: str = ""  # WebVTT: NOTE blocks after the last cue, as written


@dataclass(frozen=True)
class SubtitleTrack:
    """What a subtitle Document keeps (``Document.container``) so that the writers can put the English back on its cues."""

    file: SubtitleFile
    spans: tuple[tuple[int, int], ...]  # per cue, its text's [start, end) in Document.text (empty for a cue with no words)
    turns: frozenset[int]  # offsets in Document.text where a speaker dash ("- ") began a line

    @property
    def cues(self) -> tuple[Cue, ...]:
        return self.file.cues

    @cached_property
    def _ends(self) -> list[int]:
        return [end for _, end in self.spans]

    def cues_over(self, start: int, end: int) -> list[int]:
        """The cues (indexes) whose text overlaps [start, end) of Document.text, in order."""
        out = []
        for k in range(max(0, bisect_left(self._ends, start + 1)), len(self.spans)):
            a, b = self.spans[k]
            if a >= end:
                break
            if a < b and b > start:  # a cue with no words has an empty span
                out.append(k)
        return out

    def cue_at(self, offset: int) -> Cue | None:
        """The cue whose text holds (or, between cues, follows) ``offset`` of Document.text."""
        k = bisect_left(self._ends, offset + 1)
        return self.cues[k] if k < len(self.cues) else None


def clock(ms: int) -> str:
    """A start time as a margin shows it: ``12:05``, ``1:02:03``."""
    h, rest = divmod(ms // 1000, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def plain_line(line: str) -> str:
    """A cue line without tags and entities, spaces collapsed: what is translated."""
    return " ".join(html.unescape(_TAG.sub("", line)).split())


def timestamp(ms: int, fmt: str) -> str:
    """``01:02:03,004`` (SRT) or ``01:02:03.004`` (WebVTT)."""
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{',' if fmt == 'srt' else '.'}{frac:03d}"


def _ms(h: str | None, m: str, s: str, frac: str) -> int:
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0"))


def parse_subtitles(text: str, fmt: str, name: str) -> SubtitleFile:
    """The cues of an SRT or WebVTT file (``text`` decoded, line endings "\n"); InputError naming a broken cue."""
    lines = text.lstrip("\ufeff").split("\n")
    header: list[str] = []
    at = 0
    if fmt == "vtt":
        if not lines or not lines[0].startswith("WEBVTT"):
            raise InputError(f"{name}: a WebVTT file starts with a WEBVTT line")
        at = _header_end(lines)
        header = lines[:at]
        while header and not header[-1].strip():
            header.pop()
    cues: list[Cue] = []
    block: list[tuple[int, str]] = []
    notes: list[str] = []  # NOTE blocks waiting for the cue after them
    for n in range(at, len(lines) + 1):
        line = lines[n] if n < len(lines) else ""
        if line.strip():
            block.append((n + 1, line))
        elif block:
            cue = _cue(block, len(cues), fmt, name)
            if cue is None:  # a comment between cues
                notes.append("\n".join(text.rstrip() for _, text in block))
            else:
                cues.append(replace(cue, notes="\n\n".join(notes)) if notes else cue)
                notes = []
            block = []
    return SubtitleFile(fmt, tuple(cues), "\n".join(header), "\n\n".join(notes))


def _header_end(lines: list[str]) -> int:
    """The index of the first line of the first cue block (WebVTT: blocks before it without "-->" are the header)."""
    n = 0
    while n < len(lines):
        end = next((k for k in range(n, len(lines)) if not lines[k].strip()), len(lines))
        if n > 0 and any("-->" in line for line in lines[n:end]) and not lines[n].startswith(("NOTE", "STYLE", "REGION")):
            return n
        n = end + 1
    return len(lines)


def _cue(block: list[tuple[int, str]], index: int, fmt: str, name: str) -> Cue | None:
    first_line, first = block[0]
    if fmt == "vtt" and first.startswith("NOTE"):
        return None  # a comment between cues
    timing_at = next((k for k, (_, line) in enumerate(block[:2]) if "-->" in line), None)
    if timing_at is None:
        raise InputError(f"{name}: cue {index + 1} (line {first_line}) has no timing line ('00:00:01,000 --> 00:00:02,000')")
    line_no, timing = block[timing_at]
    match = _TIMING.match(timing)
    if match is None:
        raise InputError(f"{name}: cue {index + 1} (line {line_no}): cannot read the timing {timing.strip()!r}")
    start, end = _ms(*match.group(1, 2, 3, 4)), _ms(*match.group(5, 6, 7, 8))
    if end < start:
        raise InputError(f"{name}: cue {index + 1} (line {line_no}) ends before it starts ({timing.strip()})")
    identifier = block[0][1].strip() if timing_at == 1 else ""
    settings = match.group(9).strip() if fmt == "vtt" else ""
    text = "\n".join(line.rstrip() for _, line in block[timing_at + 1 :])
    return Cue(index, start, end, text, identifier, settings, line_no)
