"""Inline Markdown carried across translation by word alignment (as Firefox's Bergamot does with tags).

``strip_inline`` (``markup``) takes the markup out of a German text: the model
sees only the words (``plain``), and each marked stretch becomes an
``InlineSpan`` (``spans``) over ``plain``. ``restore_inline`` (``carrying``)
puts the spans back around the English words that the word links align to the
marked German words, as a ``Marked`` text that renders (``rendering``) to
Markdown or HTML. docs/formats.md, "Inline markup".
"""

from .carrying import restore_inline
from .markup import Stripped, strip_inline, strip_sentences
from .rendering import Marked, Read, is_web_link
from .spans import VERBATIM, InlineSpan, SpanKind

__all__ = [
    "VERBATIM",
    "InlineSpan",
    "Marked",
    "Read",
    "SpanKind",
    "Stripped",
    "is_web_link",
    "restore_inline",
    "strip_inline",
    "strip_sentences",
]
