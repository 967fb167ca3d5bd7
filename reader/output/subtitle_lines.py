"""Subtitle conventions for the English of a cue: lines of at most 42 characters, two a cue, reading speed.

As the streaming services' style guides set them (Netflix's timed text style guide:
42 characters a line, 2 lines, about 20 characters a second for adults). A cue's text is
broken once, where both lines fit, preferring a break after punctuation or before a
conjunction and balanced lines, never after an article or a preposition if it can be
helped; what cannot fit in two lines is wrapped into more.
"""

from __future__ import annotations

import re

MAX_LINE = 42
MAX_LINES = 2
MAX_CPS = 20.0  # characters a second above which a cue is reported as too fast to read

CONJUNCTIONS = frozenset("and but or nor so because although though while whereas if when whether that which who "
                         "whom whose where than unless until since as".split())
DANGLING = frozenset("a an the of to in on at by for with from into and or my your his her its our their".split())
_SPACE = re.compile(r" +")


def break_lines(text: str, width: int = MAX_LINE) -> list[str]:
    """``text`` (one line) as subtitle lines: one if it fits, else two at the best place, else as many as it takes."""
    text = " ".join(text.split())
    if len(text) <= width:
        return [text] if text else []
    best: tuple[float, int] | None = None
    for m in _SPACE.finditer(text):
        first, second = text[: m.start()], text[m.end() :]
        if len(first) > width or len(second) > width:
            continue
        cost = _break_cost(first, second)
        if best is None or cost < best[0]:
            best = (cost, m.start())
    if best is not None:
        return [text[: best[1]], text[best[1] + 1 :]]
    return _wrap(text, width)


def _break_cost(first: str, second: str) -> float:
    cost = abs(len(first) - len(second)) / 4  # balance: a few characters matter less than a good place
    last, following = first.rsplit(" ", 1)[-1], second.split(" ", 1)[0]
    if last[-1] in ",.;:!?)…":
        cost -= 8
    elif following.lower() in CONJUNCTIONS:
        cost -= 5
    if last.lower() in DANGLING:
        cost += 8
    return cost


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def characters_per_second(lines: list[str], start_ms: int, end_ms: int) -> float:
    """Reading speed: the characters shown (spaces included, line breaks not) over the cue's duration."""
    chars = sum(len(line) for line in lines)
    if end_ms <= start_ms:
        return float("inf") if chars else 0.0
    return chars * 1000 / (end_ms - start_ms)
