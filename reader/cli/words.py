"""`reader words list|export|import`: the saved words of the store, as a table, a file or an Anki deck."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..errors import InputError, ReaderError
from .common import check_output_file, count_of, existing_store, store_path
from ..words import SavedWord
from ..words.model import local_time_text
from .say import say

EXPORT_FORMATS = ("apkg", "csv", "tsv")
IMPORT_FORMATS = ("csv", "tsv")
_EXTENSIONS = {".apkg": "apkg", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv"}


def run_words(args: argparse.Namespace) -> int:
    if args.words_command == "export":
        return _export(args)
    if args.words_command == "import":
        return _import(args)
    return _list(args, sys.stdout)


def _stored_words(args: argparse.Namespace) -> tuple[Path, list[SavedWord]]:
    """The store's saved words; a store not yet made has none (and is not created just to say so)."""
    path, store = existing_store(args)
    if store is None:
        return path, []
    with store:
        return path, store.saved_words()


def _selected(args: argparse.Namespace) -> tuple[list[SavedWord], str]:
    """The words chosen by ``--status`` and ``--search``, and when there are none, why."""
    from ..words.selection import select_words

    path, words = _stored_words(args)
    if not words:
        return [], f"no saved words in {path}"
    chosen = select_words(words, args.status or (), args.search or "", args.sort)
    return chosen, "" if chosen else f"none of the {len(words)} saved words in {path} match"


def _list(args: argparse.Namespace, out: TextIO) -> int:
    words, none_because = _selected(args)
    if not words:
        say(f"reader: {none_because}")
        return 0
    if out.isatty():
        _print_table(words, out)
    else:
        from ..words.io import write_words

        write_words(words, out, "tsv")
    return 0


def _print_table(words: list[SavedWord], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..text.cleaning import clean

    table = Table(show_edge=False, pad_edge=False, highlight=False)
    for name in ("lemma", "word", "gloss", "status", "sentence", "saved"):
        table.add_column(name, overflow="fold", ratio=3 if name == "sentence" else None)
    for w in words:
        s, e = w.span
        sentence = Text(clean(w.sentence[:s]) if w.sentence else "—")  # "—": imported without a sentence
        sentence.append(clean(w.sentence[s:e]), style="bold")
        sentence.append(clean(w.sentence[e:]))
        saved = local_time_text(w.created, "%Y-%m-%d")
        # Text cells: a word or sentence is never read as Rich markup.
        table.add_row(Text(clean(w.lemma)), Text(clean(w.word)), Text(clean(w.gloss)), Text(w.status), sentence, Text(saved))
    console = Console(file=out, highlight=False)
    console.print(table)
    console.print(Text(f"{count_of(len(words), 'saved word')}", style="dim"))


def export_format(path: Path, given: str | None) -> str:
    """``--format``, else the output's extension; anything else is a one-line error."""
    if given:
        return given
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: cannot tell the format from the extension {path.suffix or '(none)'!r}; "
                         f"use .apkg, .csv or .tsv, or --format {'|'.join(EXPORT_FORMATS)}")
    return fmt


def _export(args: argparse.Namespace) -> int:
    from ..output.atomic import atomic_write_bytes, atomic_write_text

    path: Path = args.output
    check_output_file(path)  # before the extension: a directory has none worth naming
    fmt = export_format(path, args.format)
    words, none_because = _selected(args)
    if not words:
        raise ReaderError(f"{none_because}: nothing to export")
    try:
        if fmt == "apkg":
            from ..words.anki import DEFAULT_DECK, write_deck

            deck = args.deck or DEFAULT_DECK
            with atomic_write_bytes(path) as f:
                notes = write_deck(words, f, deck, cloze=not args.no_cloze)
            what = f"{count_of(notes, 'note')} ({count_of(len(words), 'word')}) in the deck {deck!r}"
        else:
            from ..words.io import write_words

            with atomic_write_text(path) as f:
                write_words(words, f, fmt)  # type: ignore[arg-type]
            what = count_of(len(words), "word")
    except OSError as e:  # named by the target: the temporary file beside it is ours, not the user's
        raise ReaderError(f"{path}: {e.strerror or e}") from None
    say(f"reader: wrote {what} to {path}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..store import TranslationStore
    from ..words.io import read_words_file

    words = read_words_file(args.input, args.format)  # all checked before the store is touched
    if not words:
        say(f"reader: {args.input}: no words to import")
        return 0
    with TranslationStore(store_path(args)) as store:
        counts = store.import_words(words, replace_newer=args.replace)
    said = f"reader: {args.input}: imported {counts.new} new, updated {counts.updated}"
    if counts.unchanged:
        said += f", {counts.unchanged} unchanged"
    if counts.kept_newer:
        said += f", kept {counts.kept_newer} newer (use --replace to overwrite)"
    say(said)
    return 0
