"""One line to stderr, cleaned: names of files and terms are the user's, never escape sequences to the terminal."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    """Print ``message`` on stderr with control characters and escape sequences taken out."""
    from ..text.cleaning import clean

    print(clean(str(message)), file=sys.stderr)
