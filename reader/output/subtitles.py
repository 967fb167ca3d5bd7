"""srt, vtt, srt-bilingual, vtt-bilingual: the English on the German's cues, timings unchanged.

Each sentence was translated whole; its English is cut over the cues its German came
from at the word links (``cue_split``), so each cue shows the English of its own German.
A speaker dash is put back where the German had one, a cue wholly in italics stays in
italics, and each cue's English is broken into lines of at most 42 characters
(``subtitle_lines``). The bilingual formats show the German cue as written above its
English, the English coloured (SRT ``<font color>``, WebVTT its ``yellow`` class).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Sequence, TextIO

from ..document import Document
from ..document.subtitles import Cue, SubtitleFile, SubtitleTrack, plain_line, timestamp
from ..errors import InputError
from ..translation import Translation
from .cue_split import split_over_pieces
from .pairs import Groups
from .subtitle_lines import MAX_CPS, MAX_LINE, MAX_LINES, break_lines, characters_per_second

ENGLISH_COLOUR = "#ffd75f"
# WebVTT's own colour class, no STYLE block: ffmpeg (5.1) reads no cue at all of a file with one.
VTT_ENGLISH_CLASS = "c.en.yellow"
NO_WORDS = "..."  # a cue whose German got none of the English words (a sentence shorter in English than its cues)


@dataclass(frozen=True)
class CueEnglish:
    cue: Cue
    lines: tuple[str, ...]  # the English as shown, without markup

    @property
    def cps(self) -> float:
        return characters_per_second(list(self.lines), self.cue.start, self.cue.end)


def subtitle_track(doc: Document) -> SubtitleTrack:
    """The cues of a subtitle document (none for a document with nothing in it); InputError for other text."""
    if not isinstance(doc.container, SubtitleTrack) and not any(p.sentences for p in doc.paragraphs):
        return SubtitleTrack(SubtitleFile(doc.format, ()), (), frozenset())
    if not isinstance(doc.container, SubtitleTrack):
        raise InputError(f"subtitle output needs subtitles to put the English on (an .srt or .vtt input); "
                         f"{doc.name} is {doc.format}")
    return doc.container


def english_cues(doc: Document, translations: Sequence[Translation]) -> list[CueEnglish]:
    """Every cue of ``doc`` with its English, laid out in subtitle lines."""
    track = subtitle_track(doc)
    parts: list[list[tuple[str, bool]]] = [[] for _ in track.cues]  # per cue: (English, starts a speaker's turn)
    for sentence, t in zip(doc.iter_sentences(), translations):
        cues = track.cues_over(sentence.start, sentence.end)
        pieces = [(max(track.spans[k][0], sentence.start) - sentence.start,
                   min(track.spans[k][1], sentence.end) - sentence.start) for k in cues]
        for k, piece, (a, b) in zip(cues, pieces, split_over_pieces(t.text, pieces, t.alignment)):
            if a < b:
                parts[k].append((t.text[a:b], sentence.start + piece[0] in track.turns))
    return [CueEnglish(cue, _layout(cue, cue_parts, track.spans[cue.index]))
            for cue, cue_parts in zip(track.cues, parts)]


def _layout(cue: Cue, parts: list[tuple[str, bool]], span: tuple[int, int]) -> tuple[str, ...]:
    if not parts:  # none of the English came to it, or its German has no words (♪): kept as it is
        return (NO_WORDS,) if span[0] < span[1] else tuple(plain_line(line) for line in cue.lines)
    turns: list[str] = []
    dialogue = any(turn for _, turn in parts)
    for text, turn in parts:
        if turn or not turns:
            turns.append(("- " if turn else "") + text)
        else:
            turns[-1] += " " + text
    if not dialogue or len(turns) == 1:
        return tuple(break_lines(" ".join(turns)))
    return tuple(line for turn in turns for line in break_lines(turn))


def _timing(cue: Cue, fmt: str, settings: bool) -> str:
    line = f"{timestamp(cue.start, fmt)} --> {timestamp(cue.end, fmt)}"
    return f"{line} {cue.settings}" if settings and cue.settings else line


def _safe(line: str, fmt: str) -> str:
    """A line that no parser reads as a tag, an entity or a timing line."""
    line = line.replace("-->", "->")
    return html.escape(line, quote=False) if fmt == "vtt" else line


def _english_lines(item: CueEnglish, fmt: str, coloured: bool, same_format: bool = True) -> list[str]:
    lines = [_safe(line, fmt) for line in item.lines]
    if item.cue.italic:
        lines = [f"<i>{line}</i>" for line in lines]
    # A voice (<v Anna>) or position ({\an8}) that opened the German cue opens the English too, in its own format.
    opening = item.cue.leading_tags if same_format else ""
    if opening and lines and not coloured:
        lines[0] = opening + lines[0]
    if coloured:
        lines = [f"<{VTT_ENGLISH_CLASS}>{line}</c>" if fmt == "vtt" else f'<font color="{ENGLISH_COLOUR}">{line}</font>' for line in lines]
    return lines


def _german_lines(cue: Cue, fmt: str, same_format: bool) -> list[str]:
    """The cue's German as written; from the other format without its tags (SRT knows no ``<v>``, WebVTT no ``<font>``)."""
    if same_format:
        return [line.replace("-->", "->") for line in cue.lines]
    return [_safe(plain_line(line), fmt) for line in cue.lines]


def _write(doc: Document, groups: Groups, out: TextIO, fmt: str, bilingual: bool) -> None:
    track = subtitle_track(doc)
    translations = [t for _, pairs in groups for _, t in pairs]
    if fmt == "vtt":
        header = track.file.header if track.file.format == "vtt" else "WEBVTT"
        out.write(header + "\n\n")
    same_format = track.file.format == fmt
    keep_notes = same_format and fmt == "vtt"  # WebVTT's comments, where they were
    for n, item in enumerate(english_cues(doc, translations), 1):
        cue = item.cue
        if keep_notes and cue.notes:
            out.write(cue.notes + "\n\n")
        number = (cue.identifier if same_format else "") if fmt == "vtt" else str(n)
        if number:
            out.write(number + "\n")
        out.write(_timing(cue, fmt, same_format) + "\n")
        german = _german_lines(cue, fmt, same_format) if bilingual else []
        out.write("\n".join(german + _english_lines(item, fmt, bilingual, same_format)) + "\n\n")
    if keep_notes and track.file.trailer:
        out.write(track.file.trailer + "\n")


def write_srt(doc: Document, groups: Groups, out: TextIO) -> None:
    _write(doc, groups, out, "srt", bilingual=False)


def write_vtt(doc: Document, groups: Groups, out: TextIO) -> None:
    _write(doc, groups, out, "vtt", bilingual=False)


def write_srt_bilingual(doc: Document, groups: Groups, out: TextIO) -> None:
    _write(doc, groups, out, "srt", bilingual=True)


def write_vtt_bilingual(doc: Document, groups: Groups, out: TextIO) -> None:
    _write(doc, groups, out, "vtt", bilingual=True)


def reading_speed_note(doc: Document, translations: Sequence[Translation]) -> str:
    """One line for stderr: how many cues are read faster than ``MAX_CPS``, and how many need more than two lines."""
    cues = english_cues(doc, translations)
    fast = [c for c in cues if c.cps > MAX_CPS]
    note = f"{len(cues):,} cues; {len(fast):,} faster than {MAX_CPS:g} characters a second"
    if fast:
        fastest = max(fast, key=lambda c: c.cps)
        note += f" (fastest: cue {fastest.cue.index + 1} at {fastest.cue.start // 1000}s, {fastest.cps:.1f})"
    long = sum(1 for c in cues if len(c.lines) > MAX_LINES or any(len(line) > MAX_LINE for line in c.lines))
    return note + (f"; {long:,} longer than {MAX_LINES} lines of {MAX_LINE}" if long else "")
