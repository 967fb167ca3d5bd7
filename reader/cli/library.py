"""`reader library`: the documents opened in the reader, with where each was left (``reader.store.positions``).

Most recently opened first: the name, how far (% of sentences, the sentence), the
German words read up to there, the share of its words known as the reader last
counted it (``K``; "—" where it never did: counting lemmatizes the whole text,
seconds for a novel, so it is not done for the list), when it was last opened and
the path to open it again with `reader open`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..store import ReadingPosition
from ..words.model import local_time_text
from .common import store_path

COLUMNS = ("document", "read", "sentence", "words read", "known", "last opened", "path")


def run_library(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from ..store import TranslationStore

    path = store_path(args)
    positions: list[ReadingPosition] = []
    if path.exists():  # a store not yet made has no documents (and is not created just to say so)
        with TranslationStore(path) as store:
            positions = store.reading_positions()
    if not positions:
        print(f"reader: no documents opened yet (the store: {path})", file=sys.stderr)
        return 0
    print_library(positions, out)
    return 0


def library_row(p: ReadingPosition) -> tuple[str, ...]:
    """One document's cells, as ``COLUMNS`` names them."""
    return (p.name, f"{p.percent}%", f"{p.sentence + 1}/{p.sentences}", f"{p.words_read:,}",
            "—" if p.known is None else f"{p.known}%", local_time_text(p.opened, "%Y-%m-%d %H:%M"), p.path or "(stdin)")


def print_library(positions: list[ReadingPosition], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..text.cleaning import clean

    table = Table(show_edge=False, pad_edge=False, highlight=False)
    for name in COLUMNS:
        table.add_column(name, overflow="fold", justify="right" if name in ("read", "sentence", "words read", "known") else "left")
    for p in positions:
        # Text cells: a name or path is never read as Rich markup.
        table.add_row(*(Text(clean(cell)) for cell in library_row(p)))
    console = Console(file=out, highlight=False, width=None if out.isatty() else 160)
    console.print(table)
