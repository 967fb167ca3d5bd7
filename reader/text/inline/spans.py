"""The spans inline markup marks over a plain text, shared by parsing, carrying and rendering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SpanKind = Literal["emphasis", "strong", "link", "image", "code", "autolink"]
VERBATIM: frozenset[str] = frozenset({"code", "autolink"})  # never translated: the original comes back


@dataclass(frozen=True, slots=True)
class InlineSpan:
    """A marked stretch ``[start, end)`` of a plain text.

    ``markup`` is what the source wrote around it: the delimiter (``*``, ``__``),
    the link destination as written between the parentheses, the backtick run;
    ``url`` is the destination itself (links, images, autolinks); ``verbatim``
    the original text of inline code or an autolink.
    """

    kind: SpanKind
    start: int
    end: int
    markup: str = ""
    url: str = ""
    verbatim: str = ""
    text: str = ""  # a verbatim span's text as the model sees it (the code, the address); a link's German text

    def at(self, start: int, end: int) -> InlineSpan:
        """The same span over ``[start, end)``."""
        return InlineSpan(self.kind, start, end, self.markup, self.url, self.verbatim, self.text)


# A link whose text is only these is a note reference ("[¹](#fn1)", as the EPUB loader writes a book's):
# no words for the model, an insertion at its place, glued to the word before it.
NOTE_MARKS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹*†‡")


def is_note_mark(text: str) -> bool:
    """Whether a link's text is a note's mark (superscript digits): ``"¹²"`` yes, ``"1"`` or ``"Anm."`` no."""
    return bool(text) and all(c in NOTE_MARKS for c in text) and any(c not in "*†‡" for c in text)


# Punctuation for the flanking rules (what may stand beside a delimiter) and the spacing of insertions.
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”„‘’«»–—…")


def nesting_key(s: InlineSpan) -> tuple[int, bool, int, bool]:
    # Insertions first at their offset, then outer before inner; of equal stretches, verbatim ones innermost.
    return (s.start, s.start != s.end, -s.end, s.kind in VERBATIM)
