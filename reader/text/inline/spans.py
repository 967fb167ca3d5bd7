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


# Punctuation for the flanking rules (what may stand beside a delimiter) and the spacing of insertions.
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”„‘’«»–—…")


def nesting_key(s: InlineSpan) -> tuple[int, bool, int, bool]:
    # Insertions first at their offset, then outer before inner; of equal stretches, verbatim ones innermost.
    return (s.start, s.start != s.end, -s.end, s.kind in VERBATIM)
