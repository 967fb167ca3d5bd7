"""srt, vtt: subtitles, their cues' text joined and segmented as prose, the cues kept beside it.

A sentence runs over several cues and a cue can end one sentence and start the next,
so the German is not translated cue by cue: the cues' lines are joined with spaces into
paragraphs, and those are segmented like any text. A paragraph ends at a speaker dash
(a line starting ``- ``, the dash itself left out of the text) and at a pause of
``PAUSE_MS`` or more after a cue that does not end on a continuation mark (``...``,
``,``); a ``...`` that ends one cue and starts the next is one sentence going on, and
both marks are left out. ``Document.container`` is the ``SubtitleTrack``: the cues and
each one's span in the text, so the writers can carry the English back onto them.
"""

from __future__ import annotations

import re

from ...text.paragraphs import TextBlock
from ..input_format import InputFormat, LoadOptions, RawInput
from ..structure import Document, document_from_blocks
from ..subtitles import Cue, SubtitleTrack, parse_subtitles, plain_line

PAUSE_MS = 2000  # a silence this long between cues ends a paragraph (a headline, a scene change)
_SPEAKER_DASH = re.compile(r"^[-–—]\s*(?=\S)")
_ELLIPSIS_END = re.compile(r"\s*(?:\.\.\.|…)$")
_ELLIPSIS_START = re.compile(r"^(?:\.\.\.|…)\s*")
_CONTINUES = ("...", "…", ",", ";", ":", "-", "–")


def load_srt(raw: RawInput, options: LoadOptions) -> Document:
    return subtitle_document(raw, "srt")


def load_vtt(raw: RawInput, options: LoadOptions) -> Document:
    return subtitle_document(raw, "vtt")


def subtitle_document(raw: RawInput, fmt: str) -> Document:
    subtitles = parse_subtitles(raw.text, fmt, raw.given)
    lines = _cue_lines(subtitles.cues)
    pieces: list[str] = []
    pos = 0
    blocks: list[TextBlock] = []
    spans: list[tuple[int, int]] = []
    turns: set[int] = set()
    previous: Cue | None = None
    for cue, cue_lines in zip(subtitles.cues, lines):
        start: int | None = None
        for k, (line, turn) in enumerate(cue_lines):
            new_paragraph = not blocks or turn or (k == 0 and previous is not None and _pause_ends(previous, lines, cue))
            if new_paragraph:
                if blocks:
                    pieces.append("\n")
                    pos += 1
                blocks.append(TextBlock(pos, pos, "text"))
            else:
                pieces.append(" ")
                pos += 1
            if turn:
                turns.add(pos)
            start = pos if start is None else start
            pieces.append(line)
            pos += len(line)
            blocks[-1] = TextBlock(blocks[-1].start, pos, "text")
        spans.append((start, pos) if start is not None else (pos, pos))
        if cue_lines:
            previous = cue
    track = SubtitleTrack(subtitles, tuple(spans), frozenset(turns))
    return document_from_blocks("".join(pieces) + "\n", blocks, raw.name, fmt, container=track)


def _cue_lines(cues: tuple[Cue, ...]) -> list[list[tuple[str, bool]]]:
    """Per cue, its lines as translated text with whether each starts a speaker's turn; ``...`` carried across cues dropped."""
    out: list[list[tuple[str, bool]]] = []
    for cue in cues:
        lines = []
        for line in cue.lines:
            text = plain_line(line)
            turn = bool(_SPEAKER_DASH.match(text))
            text = _SPEAKER_DASH.sub("", text)
            if text:
                lines.append((text, turn))
        out.append(lines)
    for here, after in zip(out, out[1:]):
        if here and after and _ELLIPSIS_END.search(here[-1][0]) and _ELLIPSIS_START.match(after[0][0]):
            here[-1] = (_ELLIPSIS_END.sub("", here[-1][0]), here[-1][1])
            after[0] = (_ELLIPSIS_START.sub("", after[0][0]), after[0][1])
    for lines in out:
        lines[:] = [(text, turn) for text, turn in lines if text]
    return out


def _pause_ends(previous: Cue, lines: list[list[tuple[str, bool]]], cue: Cue) -> bool:
    """A long silence after a cue that does not say it goes on ends the paragraph."""
    last = lines[previous.index][-1][0]
    return cue.start - previous.end >= PAUSE_MS and not last.endswith(_CONTINUES) and not _ELLIPSIS_START.match(
        plain_line(cue.lines[0]) if cue.lines else "")


def looks_like_webvtt(raw: RawInput) -> bool:
    return raw.text.lstrip("\ufeff").startswith("WEBVTT")


_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d+:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


def looks_like_srt(raw: RawInput) -> bool:
    return bool(_SRT_START.match(raw.text.lstrip("\ufeff")))


SRT_FORMAT = InputFormat("srt", load_srt, "SubRip subtitles (.srt): cues joined into sentences, timings kept",
                         extensions=(".srt",), sniff=looks_like_srt)
VTT_FORMAT = InputFormat("vtt", load_vtt, "WebVTT subtitles (.vtt): cues joined into sentences, settings kept",
                         extensions=(".vtt",), sniff=looks_like_webvtt)
FORMATS = (SRT_FORMAT, VTT_FORMAT)
