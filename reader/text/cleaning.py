"""Control characters and terminal escapes: what must never reach the screen.

The decoder blanks control characters in the input (``CONTROL_RE``); the
reader cleans translations and fetched pages again before showing them, since
an escape sequence could drive the terminal.
"""

from __future__ import annotations

import re

# C0 and C1 controls except \t and \n (\r: line-ending normalization first makes it \n, except a lone one in --lines),
# the code points no XML file may hold (surrogates, U+FFFE, U+FFFF): a DOCX, ODT or EPUB written with one is
# refused by lxml, and none is text; and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069): in German and English they only hide what a line says ("rechnung\u202etxt.exe"), and an
# unclosed one can turn a terminal row around.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# CSI and OSC sequences, any other ESC-led pair, then the lone controls.
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|" + CONTROL_RE.pattern)


def clean(text: str) -> str:
    """Defensive: drop terminal escape sequences, replace other control characters.

    The decoder already replaced control characters in the input; translations
    and fetched web pages pass through here too. The length may change only if
    an escape sequence is present (never for decoded input).
    """
    if text.isprintable():
        return text
    return _ESCAPE.sub(_replace_control, text).replace("\t", " ")


def _replace_control(m: re.Match) -> str:
    return "" if m.group().startswith("\x1b") else " "


def blank_controls(text: str) -> str:
    """Control characters (ESC included) become spaces; the length never changes, so spans stay valid."""
    return CONTROL_RE.sub(" ", text.replace("\t", " ")) if not text.isprintable() else text
