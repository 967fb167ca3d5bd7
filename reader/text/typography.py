"""English typography restored in the model's output (``--typography auto|none``).

OPUS-MT models were trained on text whose quotes were straightened
(“ ” → ", ’ → ', … → ...), so they write straight quotes and three dots.
``restore_typography`` puts the curly forms back; ``straighten`` undoes it
(word confidence matches the model's pieces against the shown text through it).
Both return the new text and an ``OffsetMap`` that moves spans into it: the
store keeps the model's own text, and alignment spans are remapped wherever a
translation is shown or written.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal, get_args

from ..translation import Hypothesis, Translation

Typography = Literal["auto", "none"]
TYPOGRAPHIES: tuple[Typography, ...] = get_args(Typography)

_OPENING_CONTEXT = "([{“‘–—-"  # a quote after one of these (or a space, or the start) opens
_ELLIPSIS_RE = re.compile(r"(?<!\.)\.\.\.(?!\.)")  # exactly three: longer runs may be deliberate
_DECADE_RE = re.compile(r"'\d\d(?:s\b|\b)")  # ’90s, ’68: an apostrophe where the digits were cut
_STRAIGHT = {"“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."}
_STRAIGHTEN_RE = re.compile("[“”‘’…]")


@dataclass(frozen=True, slots=True)
class Replacement:
    """``old_text[old_start:old_end]`` became ``new`` (in a text rewritten left to right)."""

    old_start: int
    old_end: int
    new: str


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Moves offsets of a text into its rewritten form.

    Only replacements that change the length are kept (a quote for a quote
    moves nothing). A span that starts or ends inside a replaced stretch
    grows to cover all of its replacement: one dot of "..." maps to "…".
    """

    replacements: tuple[Replacement, ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of the old text as a span of the new one."""
        return self._move(start, toward_end=False), self._move(end, toward_end=True)

    def _move(self, offset: int, toward_end: bool) -> int:
        shift = 0
        for r in self.replacements:
            if toward_end and r.old_start == r.old_end == offset:
                break  # text inserted where a span ends goes after it, not into it
            if r.old_end <= offset:
                shift += len(r.new) - (r.old_end - r.old_start)
            elif r.old_start < offset:  # inside this stretch: to its start or its end
                return r.old_start + shift + (len(r.new) if toward_end else 0)
            else:
                break
        return offset + shift


IDENTITY = OffsetMap()


def restore_typography(text: str) -> tuple[str, OffsetMap]:
    """``text`` with curly quotes, apostrophes and … for the model's straight forms.

    Double quotes open after the start, a space, an opening bracket, a dash
    or an opening quote, and close otherwise. A single quote after a letter or
    digit is an apostrophe or a closing quote (both ’: it’s, the Smiths’); one
    before a cut-off decade is an apostrophe (’90s); one after the start, a
    space or an opener opens (‘); any other closes. A quote with spaces on
    both sides is left as it is (no telling which). Exactly three dots become
    …. Text with nothing to change is returned as the same object.
    """
    if '"' not in text and "'" not in text and "..." not in text:
        return text, IDENTITY
    out: list[str] = []
    replacements: list[Replacement] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "." and _ELLIPSIS_RE.match(text, i):
            replacements.append(Replacement(i, i + 3, "…"))
            out.append("…")
            i += 3
            continue
        if char in "\"'":
            char = _curly_quote(text, i, out[-1][-1] if out else "")
        out.append(char)
        i += 1
    new = "".join(out)
    if new == text:
        return text, IDENTITY
    return new, OffsetMap(tuple(replacements))


def _curly_quote(text: str, i: int, before: str) -> str:
    """The curly form of the straight quote at ``text[i]``, given the (already curly) character before it."""
    after = text[i + 1] if i + 1 < len(text) else ""
    opens = not before or before.isspace() or before in _OPENING_CONTEXT
    if opens and (not after or after.isspace()):
        return text[i]  # free-standing: no telling which
    if text[i] == '"':
        return "“" if opens else "”"
    if before.isalnum() or _DECADE_RE.match(text, i):
        return "’"
    return "‘" if opens else "’"


def straighten(text: str) -> tuple[str, OffsetMap]:
    """``text`` with straight quotes and "..." for curly quotes and … (the forms the model's pieces have)."""
    if not _STRAIGHTEN_RE.search(text):
        return text, IDENTITY
    replacements = tuple(Replacement(m.start(), m.end(), "...") for m in re.finditer("…", text))
    return _STRAIGHTEN_RE.sub(lambda m: _STRAIGHT[m.group()], text), OffsetMap(replacements)


def typeset_hypothesis(h: Hypothesis) -> Hypothesis:
    """``h`` with restored typography and its word links' target spans moved into the new text."""
    text, offsets = restore_typography(h.text)
    if text is h.text:
        return h
    links = tuple(
        dataclasses.replace(link, target_start=start, target_end=end)
        for link in h.alignment
        for start, end in [offsets.span(link.target_start, link.target_end)]
    )
    return dataclasses.replace(h, text=text, alignment=links)  # tokens and scores stay the model's


def apply_typography(t: Translation, typography: Typography = "auto") -> Translation:
    """``t`` as shown and written: best and alternatives typeset under ``auto``; the user's own text or a memory's never."""
    if typography == "none" or t.edited or t.origin != "model":
        return t
    best = typeset_hypothesis(t.best)
    alternatives = tuple(typeset_hypothesis(h) for h in t.alternatives)
    if best is t.best and all(a is b for a, b in zip(alternatives, t.alternatives)):
        return t
    return dataclasses.replace(t, best=best, alternatives=alternatives)
