"""`reader library`: the documents opened in the reader, with where each was left (``reader.store.positions``).

Most recently opened first: the name, how far (% of sentences, the sentence), the
German words read up to there, the new words (lemmas first saved while reading it),
the share of its running words known — counted against the saved words as they are
now, where the reader counted the document's words (``K``; "—" where it never did:
counting lemmatizes the whole text, a second for a novel, so it is not done for the
list) — when it was last opened and the path to open it again with `reader open`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..store.library import COLUMNS, NUMBERS, LibraryEntry, library_entries, library_row
from .common import store_path
from .say import say


def run_library(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from ..store import TranslationStore

    path = store_path(args)
    entries: list[LibraryEntry] = []
    if path.exists():  # a store not yet made has no documents (and is not created just to say so)
        with TranslationStore(path) as store:
            entries = library_entries(store)
    if not entries:
        say(f"reader: no documents opened yet (the store: {path})")
        return 0
    print_library(entries, out or sys.stdout)  # stdout as it is now, not at import
    return 0


def print_library(entries: list[LibraryEntry], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..text.cleaning import clean

    table = Table(show_edge=False, pad_edge=False, highlight=False)
    for name in COLUMNS:
        table.add_column(name, overflow="fold", justify="right" if name in NUMBERS else "left")
    for entry in entries:
        # Text cells: a name or path is never read as Rich markup.
        table.add_row(*(Text(clean(cell)) for cell in library_row(entry)))
    console = Console(file=out, highlight=False, width=None if out.isatty() else 160)
    console.print(table)
