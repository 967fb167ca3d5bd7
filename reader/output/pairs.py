"""What every writer is given: a document's paragraphs, each with its (sentence, translation) pairs, and the helpers they share."""

from __future__ import annotations

import math
import re
from typing import Iterable

from ..document import Paragraph, Sentence
from ..text.inline import Marked, Stripped, restore_inline
from ..translation import Translation

Pairs = list[tuple[Sentence, Translation]]
Groups = list[tuple[Paragraph, Pairs]]

# Everything str.splitlines() treats as a line break, so no reader sees a new row.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(rf"\s*[{LINE_BREAKS}]\s*")


def one_line(text: str) -> str:
    """Collapse line breaks (and the space around them) to single spaces."""
    return _BREAK_RUN.sub(" ", text).strip()


def json_number(x: float) -> float | None:
    # JSON has no NaN/Infinity; 4 decimals are plenty for log-probabilities.
    return round(x, 4) if math.isfinite(x) else None


def english_paragraph(translations: Iterable[Translation]) -> str:
    """A paragraph's English as the txt output writes it: the sentences' translations on one line."""
    return " ".join(text for text in (one_line(t.text) for t in translations) if text)


def joined(pairs: Pairs) -> str:
    return english_paragraph(t for _, t in pairs)



def english_marked(stripped: Stripped, t: Translation) -> Marked:
    """The English of a sentence with the German's inline markup put back (``reader.text.inline``).

    Only when the engine was given the sentence without its markup (``t.source`` is the
    plain text); a translation of the marked-up text is the English as the model wrote it,
    and an empty one (not translated yet, in the reader's export) stays empty.
    """
    if stripped.has_markup and t.source == stripped.plain and t.text:
        return restore_inline(t.text, stripped.spans, t.alignment, stripped.plain)
    return Marked(t.text, escape=False)
