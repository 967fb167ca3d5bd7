"""Reader start-up figures: German on screen, first English on screen, cached reopen, the novel.

    python benchmarks/reader_startup.py --model tests/fixtures/tiny-opus-mt-de-en
    python benchmarks/reader_startup.py --model ~/models/opus-mt-de-en --novel ../shared/data/prose/fontane-vor-dem-sturm-1878.de.txt

Each figure runs the real ReaderApp headless (Textual's ``run_test``) in this
process, with a fresh temporary store; times are wall-clock from creating the
app (the document already read) to the condition being true on screen. The
load time of the document (reading + segmenting) is given separately. Memory
is the process's peak RSS growth while the novel is open and scrolled end to end.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.engines import create_translator  # noqa: E402
from reader.document import load_document, sample_path  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.store import TranslationStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402

SIZE = (160, 48)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def screen(view: BitextView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))


async def until(pilot, predicate, timeout: float) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            return float("nan")
        await pilot.pause(0.005)
    return time.perf_counter()


async def open_times(doc, factory, store, want_english: bool, timeout: float = 300.0) -> dict:
    t0 = time.perf_counter()
    app = ReaderApp(doc, factory, store)
    out = {}
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        first_words = doc.sentences[0].text.split()[0]
        t = await until(pilot, lambda: first_words in screen(view), timeout)
        out["german"] = t - t0
        if want_english:
            t = await until(pilot, lambda: app.state.translations[0] is not None and app.state.shown(0).text.split()[0] in screen(view), timeout)
            out["english"] = t - t0
            t = await until(pilot, lambda: app.reader.feed_status.stage == "done", timeout)
            out["all"] = t - t0
    return out


async def novel_figures(doc, factory, store, release: threading.Event) -> dict:
    out = {}
    base = rss_mb()
    t0 = time.perf_counter()
    app = ReaderApp(doc, factory, store)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(BitextView)
        t = await until(pilot, lambda: doc.sentences[0].text[:20] in screen(view), 60)
        out["novel_german"] = t - t0
        # scroll the book a page at a time: wall time per key press (pilot's own waits included)
        # and the view's own work (layout + rendering of the visible lines) per page
        spent = [0.0]
        original = view.render_lines

        def timed(crop):
            s = time.perf_counter()
            try:
                return original(crop)
            finally:
                spent[0] += time.perf_counter() - s

        view.render_lines = timed
        frames = []
        pages = 0
        while view.scroll_offset.y + view.scrollable_content_region.height < view.virtual_size.height and pages < 400:
            s = time.perf_counter()
            await pilot.press("pagedown")
            frames.append(time.perf_counter() - s)
            pages += 1
        s = time.perf_counter()
        await pilot.press("end")
        out["end_ms"] = 1000 * (time.perf_counter() - s)
        assert doc.sentences[-1].text[:15] in screen(view)
        frames.sort()
        out["pages"] = pages
        out["page_median_ms"] = 1000 * frames[len(frames) // 2]
        out["page_p99_ms"] = 1000 * frames[int(len(frames) * 0.99)]
        out["render_ms_per_page"] = 1000 * spent[0] / max(1, pages)
        out["blocks_cached"] = view.laid_out_paragraphs
        out["rss_growth_mb"] = rss_mb() - base
        release.set()  # let the idle worker end, or the app waits for it on exit
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="a local Marian model directory")
    ap.add_argument("--novel", default=str(ROOT.parent / "shared/data/prose/fontane-vor-dem-sturm-1878.de.txt"))
    ap.add_argument("--article", default=str(sample_path()))
    args = ap.parse_args()

    model = resolve_model(args.model)
    translator = create_translator(model)

    def factory(notify):
        return translator

    t = time.perf_counter()
    article = load_document(args.article)
    print(f"article: {len(article.sentences)} sentences, read+segmented in {time.perf_counter() - t:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        store = TranslationStore(Path(tmp) / "t.sqlite3")
        cold = asyncio.run(open_times(article, factory, store, True))
        print(f"cold open (model on disk, not loaded): German on screen {cold['german']:.3f} s, "
              f"first English sentence on screen {cold['english']:.3f} s, all {len(article.sentences)} sentences {cold['all']:.2f} s")
        fresh = create_translator(model)  # not loaded: a cached reopen must not need the model
        warm = asyncio.run(open_times(article, lambda notify: fresh, store, True))
        print(f"cached reopen: German {warm['german']:.3f} s, English on screen {warm['english']:.3f} s, "
              f"all {warm['all']:.3f} s (model not loaded)")
        store.close()
    novel_path = Path(args.novel)
    if novel_path.exists():
        t = time.perf_counter()
        novel = load_document(str(novel_path))
        load_s = time.perf_counter() - t
        print(f"novel: {len(novel.sentences)} sentences, {len(novel.paragraphs)} paragraphs, read+segmented in {load_s:.2f} s")
        with tempfile.TemporaryDirectory() as tmp:
            store = TranslationStore(Path(tmp) / "t.sqlite3")
            release = threading.Event()

            class Idle:  # layout only: keep the model out of these figures
                name, model_key, settings_key = "idle", "idle", "idle"

                def load(self):
                    release.wait()
                    raise RuntimeError("benchmark over")

            gate = Idle()
            try:
                fig = asyncio.run(novel_figures(novel, lambda notify: gate, store, release))
            finally:
                release.set()
            print(f"novel open: German on screen {fig['novel_german']:.3f} s after the document was read; "
                  f"End key {fig['end_ms']:.0f} ms; paged through {fig['pages']} pages: median {fig['page_median_ms']:.1f} ms, p99 {fig['page_p99_ms']:.1f} ms per key press "
                  f"(view layout+render {fig['render_ms_per_page']:.1f} ms of it); "
                  f"{fig['blocks_cached']} blocks cached; RSS growth {fig['rss_growth_mb']:.0f} MB")
            store.close()
    else:
        print(f"novel not found at {novel_path}; skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
