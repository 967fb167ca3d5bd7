"""The input preprocessing a model was trained with, keeping every character's place.

OPUS-MT models (opus-mt-de-en among them) were trained on text that went
through ``scripts/preprocess-spm.sh`` of Helsinki-NLP/OPUS-MT-train (the
released model zips ship it as ``preprocess.sh``) before SentencePiece:
Moses-style punctuation mapping, control characters to spaces, spaces
squeezed. transformers' ``MarianTokenizer`` skips it, so the reference
implementation feeds the model quotes and ellipses it never saw; we apply
the same steps, in the script's order:

1. ``sed``: CJK and full-width punctuation and digits → ASCII, ``“ ”`` → ``"``,
   ``’`` → ``'``, ``…`` → ``...`` (``OPUS_MT_REPLACEMENTS``; ``１`` → ``"`` is the
   script's own, inherited from Moses, and kept: the model saw it);
2. ``perl -C 's/(?!\\n)\\p{C}/ /g'``: every Unicode "Other" character (controls,
   format characters such as zero-width spaces, soft hyphens and BOMs, private
   use, unassigned) but a newline becomes a space;
3. ``perl 's/[\\x{2060}\\x{200B}\\x{feff}]//g'``: those three removed — after step
   2 there are none left (they are format characters), so the script's order
   makes them spaces; we keep its effect, not its intent;
4. ``sed 's/  */ /g;s/^ *//g;s/ *$//g'``: runs of spaces squeezed, each line stripped.

``preprocess`` returns the text the model is given and, for every character of
it, the span of the original it came from, so subword spans and word links
still point into the original sentence (and from there into the document).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..models import PREPROCESSING, Preprocess  # noqa: F401  (the kinds: a model's metadata, applied here)

if TYPE_CHECKING:
    import regex

# Step 1, in the script's order (each a global sed substitution; none's output feeds another).
OPUS_MT_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("，", ","), ("。 *", ". "), ("、", ","), ("”", '"'), ("“", '"'), ("∶", ":"), ("：", ":"),
    ("？", "?"), ("《", '"'), ("》", '"'), ("）", ")"), ("！", "!"), ("（", "("), ("；", ";"),
    ("１", '"'), ("」", '"'), ("「", '"'), ("０", "0"), ("３", "3"), ("２", "2"), ("５", "5"),
    ("６", "6"), ("９", "9"), ("７", "7"), ("８", "8"), ("４", "4"), ("． *", ". "), ("～", "~"),
    ("’", "'"), ("…", "..."), ("━", "-"), ("〈", "<"), ("〉", ">"), ("【", "["), ("】", "]"),
    ("％", "%"),
)
_SED_OUT = {pattern.rstrip(" *"): out for pattern, out in OPUS_MT_REPLACEMENTS}
_REMOVED = frozenset("\u2060\u200b\ufeff")  # step 3


@cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """Step 1's replacements, step 2's characters, and anything any step would change."""
    import regex  # on first use: the CLI imports this module for its choices, and regex costs ~15 ms

    sed = "|".join(f"(?:{pattern})" for pattern, _ in OPUS_MT_REPLACEMENTS)
    # The common sentence matches none of the last: it needs none of the work in ``preprocess``.
    return regex.compile(sed), regex.compile(r"(?!\n)\p{C}"), regex.compile(sed + r"|(?!\n)\p{C}|  |^ | $", regex.M)


@dataclass(frozen=True, slots=True)
class Preprocessed:
    """The model's input for one text, with the original span of each of its characters."""

    text: str  # what the model is given
    original: str  # what it came from
    starts: tuple[int, ...] | None = None  # per character of ``text``; None: ``text`` is ``original``
    ends: tuple[int, ...] | None = None

    @property
    def changed(self) -> bool:
        return self.starts is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` came from."""
        if self.starts is None:
            return start, end
        if start >= end:  # an empty span sits before the character at ``start``
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]


def preprocess(text: str, kind: Preprocess = "opus-mt") -> Preprocessed:
    """``text`` as the model saw its training data (``kind``: "opus-mt", or "none" for as it is)."""
    if kind == "none":
        return Preprocessed(text, text)
    sed, other, may_change = _patterns()
    if not may_change.search(text):
        return Preprocessed(text, text)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    # Step 1: replacements; a piece that replaces one character comes from that character.
    pos = 0
    for m in sed.finditer(text):
        for k in range(pos, m.start()):
            chars.append(text[k]), starts.append(k), ends.append(k + 1)
        matched = m.group()
        out = _SED_OUT[matched[0]]
        if len(out) == 2 and out.endswith(" "):  # "。 *" / "． *" → ". ": the space stands for the spaces eaten
            chars += [out[0], " "]
            starts += [m.start(), m.start() + 1 if len(matched) > 1 else m.start()]
            ends += [m.start() + 1, m.end()]
        else:
            for c in out:
                chars.append(c), starts.append(m.start()), ends.append(m.end())
        pos = m.end()
    for k in range(pos, len(text)):
        chars.append(text[k]), starts.append(k), ends.append(k + 1)
    # Steps 2 and 3: other characters become spaces; the removed ones are gone by then (see above).
    chars = [" " if other.match(c) else c for c in chars]
    keep = [n for n, c in enumerate(chars) if c not in _REMOVED]
    # Step 4: a run of spaces becomes one, covering them all; none at a line's start or end.
    out_chars: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    for n in keep:
        c = chars[n]
        if c == " " and out_chars and out_chars[-1] == " ":
            out_ends[-1] = ends[n]
            continue
        if c == " " and (not out_chars or out_chars[-1] == "\n"):
            continue  # leading spaces of a line
        if c == "\n" and out_chars and out_chars[-1] == " ":
            out_chars.pop(), out_starts.pop(), out_ends.pop()  # trailing spaces of a line
        out_chars.append(c), out_starts.append(starts[n]), out_ends.append(ends[n])
    if out_chars and out_chars[-1] == " ":
        out_chars.pop(), out_starts.pop(), out_ends.pop()
    new = "".join(out_chars)
    if new == text:
        return Preprocessed(text, text)
    return Preprocessed(new, text, tuple(out_starts), tuple(out_ends))
