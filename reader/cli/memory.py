"""`reader memory import|list|export|clear`: the translation memory (imported TMX units and your own versions)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..errors import ReaderError
from ..store import MemoryEntry
from .common import check_output_file, count_of, existing_store, store_path
from .say import say


def run_memory(args: argparse.Namespace) -> int:
    if args.memory_command == "import":
        return _import(args)
    if args.memory_command == "export":
        return _export(args)
    if args.memory_command == "clear":
        return _clear(args)
    return _list(args, sys.stdout)


def _entries(args: argparse.Namespace) -> tuple[Path, list[MemoryEntry]]:
    """The memory's entries ``--search`` picks; a store not yet made has none (and is not created just to say so)."""
    from ..memory.lookup import memory_entries

    path, store = existing_store(args)
    if store is None:
        return path, []
    with store:
        entries = memory_entries(store, yours=not args.no_yours)
    needle = (args.search or "").casefold()
    return path, [e for e in entries if needle in e.source.casefold() or needle in e.target.casefold()]


def _import(args: argparse.Namespace) -> int:
    from ..memory.tmx import read_tmx
    from ..store import TranslationStore

    read = read_tmx(args.input)  # all checked before the store is touched
    with TranslationStore(store_path(args)) as store:
        if args.replace:
            store.clear_memory(origin=read.entries[0].origin)
        written = store.add_memory(read.entries)
    said = f"reader: {args.input}: imported {count_of(written, 'translation unit')}"
    if written < len(read.entries):
        said += f" ({len(read.entries) - written} repeated a sentence: the last kept)"
    if read.skipped:
        said += f"; skipped {read.skipped} without both German and English"
    say(said)
    return 0


def _list(args: argparse.Namespace, out: TextIO) -> int:
    path, entries = _entries(args)
    if not entries:
        say(f"reader: no translation memory entries{' match' if args.search else ''} in {path}")
        return 0
    if out.isatty():
        _print_table(entries, out)
    else:
        from ..output.pairs import one_line

        for e in entries:
            out.write(f"{one_line(e.source)}\t{one_line(e.target)}\t{e.origin}\n")
    return 0


def _print_table(entries: list[MemoryEntry], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..text.cleaning import clean
    from ..words.model import local_time_text

    table = Table(show_edge=False, pad_edge=False, highlight=False)
    for name in ("German", "English", "origin", "added"):
        table.add_column(name, overflow="fold", ratio=3 if name in ("German", "English") else None)
    for e in entries:
        # Text cells: a sentence is never read as Rich markup.
        table.add_row(Text(clean(e.source)), Text(clean(e.target)), Text(e.origin), Text(local_time_text(e.added, "%Y-%m-%d")))
    console = Console(file=out, highlight=False)
    console.print(table)
    console.print(Text(count_of(len(entries), "entry", "entries"), style="dim"))


def _export(args: argparse.Namespace) -> int:
    from ..memory.tmx import write_tmx
    from ..output.atomic import atomic_write_text

    path: Path = args.output
    check_output_file(path)
    where, entries = _entries(args)
    if not entries:
        raise ReaderError(f"no translation memory entries in {where}: nothing to export")
    try:
        with atomic_write_text(path) as f:
            write_tmx(entries, f)
    except OSError as e:  # named by the target: the temporary file beside it is ours, not the user's
        raise ReaderError(f"{path}: {e.strerror or e}") from None
    say(f"reader: wrote {count_of(len(entries), 'translation unit')} to {path}")
    return 0


def _clear(args: argparse.Namespace) -> int:
    path, store = existing_store(args)
    if store is None:
        say(f"reader: no translation memory in {path}")
        return 0
    with store:
        origin = f"tmx:{Path(args.origin).name}" if args.origin and not args.origin.startswith("tmx:") else args.origin
        removed = store.clear_memory(origin)
        said = f"reader: removed {count_of(removed, 'imported translation unit')}"
        if args.include_yours:
            yours = len(store.iter_user_translations())
            store.clear_user_translations()
            said += f" and {count_of(yours, 'version')} of your own"
    say(said)
    return 0
