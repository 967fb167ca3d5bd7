"""Inline Markdown carried across translation by word alignment (as Firefox's Bergamot does with tags).

``strip_inline`` takes the markup out of a German text: the model sees only the
words (``plain``), and each marked stretch becomes an ``InlineSpan`` over
``plain``. ``restore_inline`` puts the spans back around the English words that
the word links align to the marked German words, as a ``Marked`` text that
renders to Markdown or HTML. docs/formats.md, "Inline markup".
"""

from .markup import (
    VERBATIM,
    InlineSpan,
    Marked,
    Read,
    SpanKind,
    Stripped,
    is_web_link,
    restore_inline,
    strip_inline,
    strip_sentences,
)

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
