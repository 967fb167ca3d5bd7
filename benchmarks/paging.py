"""Paging through a novel in the reader, against a short article, and how long the novel takes to open.

    python benchmarks/paging.py                       # Fontane, "Vor dem Sturm" (223,000 words) as an EPUB, tiny model
    python benchmarks/paging.py --pages 200 --model benchmarks/out/opus-mt-de-en-twin

Needs ../shared/data (skips cleanly without it). The novel is packed as an EPUB 3 by
``benchmarks/book.py`` and opened as ``reader open`` opens it (``load_document(markup=True)``,
then the ``ReaderApp``), headless through Textual's Pilot at 160×48, with the model
translating what comes into view (CTranslate2 for the tiny test model, as ``reader open``
runs it) and a fresh store. Figures:

* opening: from nothing to the first German words on screen — *cold* in a fresh Python
  process (imports, unzip, parse, segment, the app; the interpreter's own start-up not
  counted), *warm* in this process (the modules imported, the file in the page cache);
* paging: ``--pages`` presses of PgDn, each timed from the key to the screen refreshed
  after it (Pilot's ``press``, which waits for the app to be idle), p50 and p95, on the
  novel and on the sample article (which pages from its end back to its start and over
  again, as it is only a few screens long).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from book import NOVEL, TINY, write_novel_epub  # noqa: E402
from reader_startup import screen, until  # noqa: E402

SIZE = (160, 48)

# What a fresh process does to show the novel: the time from the first import to the German on screen.
COLD = """
import sys, time; t0 = time.perf_counter(); sys.path.insert(0, sys.argv[2]); sys.path.insert(0, sys.argv[2] + "/benchmarks")
import asyncio
from reader.document import load_document
from reader.tui.app import ReaderApp
from reader_startup import screen, until
async def first_screen():
    doc = load_document(sys.argv[1], markup=True)
    app = ReaderApp(doc, None, None)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: doc.sentences[0].text[:12] in screen(app.reader.view), 60)
        print(time.perf_counter() - t0)
asyncio.run(first_screen())
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def page_times(doc, factory, store, pages: int) -> tuple[float, list[float]]:
    """(seconds to the first German on screen, each PgDn's seconds)."""
    from reader.tui.app import ReaderApp

    t0 = time.perf_counter()
    app = ReaderApp(doc, factory, store)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        view = app.reader.view
        shown = await until(pilot, lambda: doc.sentences[0].text[:12] in screen(view), 60) - t0
        for _ in range(pages):
            at_end = view.scroll_offset.y + view.scrollable_content_region.height >= view.virtual_size.height
            if at_end:  # a short text: back to the start (not timed), and on
                await pilot.press("home")
            s = time.perf_counter()
            await pilot.press("pagedown")
            times.append(time.perf_counter() - s)
        app.exit()
    return shown, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--model", type=Path, default=TINY, help="a local Marian model directory (default: the tiny test model)")
    parser.add_argument("--pages", type=int, default=100, help="PgDn presses on each document (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="cold and warm opens, the best kept (default 3)")
    args = parser.parse_args()
    if not args.novel.exists():
        print(f"skipped: {args.novel} is not here (../shared/data)")
        return 0
    from reader.document import load_document, sample_path
    from reader.engines import create_translator
    from reader.models import resolve_model
    from reader.store import TranslationStore

    book = write_novel_epub(args.novel)

    colds = [float(subprocess.run([sys.executable, "-c", COLD, str(book), str(ROOT)], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(args.repeat)]
    print(f"open cold (fresh process: imports, read, segment, app, German on screen): best {min(colds):.2f} s "
          f"of {', '.join(f'{c:.2f}' for c in colds)}")

    translator = create_translator(resolve_model(str(args.model)))  # as `reader open` makes it (CTranslate2 where it can)

    def factory(notify):
        return translator

    for model, make in (("the model translating what comes into view", factory), ("no model: the view alone", None)):
        for name, path in (("novel", book), ("article", sample_path())):
            opens, load_s, pages = [], [], []
            for _ in range(args.repeat if name == "novel" else 1):
                t = time.perf_counter()
                doc = load_document(str(path), markup=True)
                loaded = time.perf_counter() - t
                with tempfile.TemporaryDirectory() as store_dir:
                    store = TranslationStore(Path(store_dir) / "t.sqlite3")
                    shown, times = asyncio.run(page_times(doc, make, store, args.pages))
                    store.close()
                load_s.append(loaded)
                opens.append(loaded + shown)
                pages = times  # the last run's pages
            print(f"{name}, {model}: {len(doc.sentences):,} sentences; open warm (read + segment {min(load_s):.2f} s, "
                  f"then the app): best {min(opens):.2f} s to the German on screen; PgDn ×{len(pages)}: "
                  f"p50 {1000 * statistics.median(pages):.1f} ms, p95 {1000 * percentile(pages, 0.95):.1f} ms, "
                  f"max {1000 * max(pages):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
