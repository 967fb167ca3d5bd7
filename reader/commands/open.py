"""`reader open`: the bilingual reader (Textual)."""

from __future__ import annotations

import argparse

from ..errors import ReaderError


def run_open(args: argparse.Namespace) -> int:
    raise ReaderError("the reader is not built yet")
