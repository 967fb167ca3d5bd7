"""`reader open`: the bilingual reader (Textual).

The document is read before the app starts (so the German is on screen in the
first frame); everything slow — resolving, pulling and loading the model,
translating — happens in the app's worker threads.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import ReaderError
from ..document.loading import load_document, sample_path
from ..text.decoding import looks_like_url
from .say import say


def run_open(args: argparse.Namespace) -> int:
    source = args.input or str(sample_path())
    if looks_like_url(source):
        say(f"Fetching {source} …")
    # A web page is read as Markdown, so the reader shows its emphasis, code and links (docs/formats.md).
    doc = load_document(source, args.encoding, args.input_format, markup=True)
    if source == "-":
        _reattach_tty()
    # Downloads must not draw progress bars over the reader.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    # Leave a core to the UI: with every core in a compute thread pool (which
    # spin-waits), the screen stutters and on 2 cores translation slows down.
    if "OMP_NUM_THREADS" not in os.environ and (os.cpu_count() or 1) > 1:
        os.environ["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 2) - 1))
    from .common import decoding_options, make_translator, open_store

    decoding_options(args)  # report bad option combinations before the screen opens
    store = open_store(args)

    def factory(notify):
        return make_translator(args, notify, glossary_always=not args.no_glossary)  # terms can be added in the reader

    from ..tui.app import ReaderApp

    app = ReaderApp(doc, factory, store, typography=args.typography, rare_rank=args.rare_rank,
                    source=_reopenable(source), memory=not args.no_memory)
    try:
        app.run()
    finally:
        if store is not None:
            store.close()
    return app.return_code or 0


def _reopenable(source: str) -> str:
    """What ``reader library`` lists to open the document again: an absolute path, an address, or "" for stdin."""
    if source == "-":
        return ""
    return source if looks_like_url(source) else os.path.abspath(source)


def _reattach_tty() -> None:
    """After reading the text from stdin, read keys from the terminal."""
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise ReaderError("reading the text from stdin needs a terminal for the keys (/dev/tty)") from None
    os.dup2(fd, 0)
    os.close(fd)
    sys.stdin = open(0, closefd=False, encoding="utf-8", errors="replace")
