"""How fast the compare view opens and pages (issue 9's targets: first screen < 1 s, page down < 100 ms).

The WMT22 general test set (1,984 lines) with four versions: refA (the reference and
pivot), refB (the second human reference), and two copies made from them so the
versions differ as systems do: refA with 15 % of its words dropped and refB with 20 %
of its neighbouring words swapped (seeded, so every run is the same). The figures
(``reader compare``'s: corpus scores, 200 bootstrap resamples, analyses) are computed
first and not timed in the first screen; then the real ``CompareApp`` runs headless
(Textual's ``run_test``) in this process at 160×48:

- first screen: from making the view's model (``CompareModel.from_comparison``) and the
  app to the first frame of rows rendered;
- page down: 20 presses, wall time per press (the Pilot's own waits included) and the
  view's own work (layout + rendering of the visible lines) per press;
- sorting by disagreement: the worker's time to score every segment against the pivot.

With ``--model`` the view force-aligns the versions in view too and the time to the
first screen of alignments is given (not a target). Skips cleanly without the data.

    python benchmarks/compare_view.py
    python benchmarks/compare_view.py --model tests/fixtures/tiny-opus-mt-de-en
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "parallel"
sys.path.insert(0, str(ROOT))

SIZE = (160, 48)
PRESSES = 20


def dropped(lines: list[str], share: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(w for w in line.split() if rng.random() >= share) for line in lines]


def swapped(lines: list[str], share: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for line in lines:
        words = line.split()
        for i in range(len(words) - 1):
            if rng.random() < share:
                words[i], words[i + 1] = words[i + 1], words[i]
        out.append(" ".join(words))
    return out


def comparison():
    from reader.compare.comparison import compare
    from reader.compare.systems import Source, System
    from reader.document import load_document

    source = Source.of(load_document(str(DATA / "wmt22-general.de"), None, "lines"), True)
    ref_a = (DATA / "wmt22-general.refA.en").read_text(encoding="utf-8").split("\n")[:-1]
    ref_b = (DATA / "wmt22-general.refB.en").read_text(encoding="utf-8").split("\n")[:-1]
    systems = [System("refB", "refB", "file", tuple(ref_b)),
               System("refA-drop15", "-", "file", tuple(dropped(ref_a, 0.15, 1))),
               System("refB-swap20", "-", "file", tuple(swapped(ref_b, 0.20, 2)))]
    return compare(source, systems, {"refA": tuple(ref_a)}, samples=200)


async def measure(result, factory, freeze: bool = True) -> dict:
    from reader.cli.compare_table import comparison_header
    from reader.compare.view_model import CompareModel
    from reader.tui.compare_view.app import CompareApp

    out: dict = {}
    t0 = time.perf_counter()
    app = CompareApp(CompareModel.from_comparison(result), header=comparison_header(result), translator_factory=factory)
    if freeze:
        gc.freeze()  # as `reader compare --view` does before it runs the app
    view = app.compare.view
    first_frame: list[float] = []
    frames: list[tuple[float, int]] = []  # (when a frame of the view was rendered, its scroll position)
    spent = [0.0]
    render_lines = view.render_lines

    def timed(crop):
        start = time.perf_counter()
        strips = render_lines(crop)
        end = time.perf_counter()
        spent[0] += end - start
        frames.append((end, round(view.scroll_offset.y)))
        if not first_frame and view.rows and strips and strips[0].text.strip():
            first_frame.append(end)
        return strips

    view.render_lines = timed
    async with app.run_test(size=SIZE) as pilot:
        while not first_frame:
            await pilot.pause(0.001)
        out["first_screen_s"] = first_frame[0] - t0
        if factory is not None:
            start = time.perf_counter()
            while not (app.compare.model.alignments and not view.pending):
                await pilot.pause(0.01)
            out["aligned_s"] = time.perf_counter() - start
        presses, seen = [], []
        spent[0] = 0.0
        for _ in range(PRESSES):
            before = round(view.scroll_offset.y)
            start = time.perf_counter()
            await pilot.press("pagedown")
            presses.append(time.perf_counter() - start)
            # on screen: the first frame of the view at the new position
            seen.append(next(t for t, y in frames if t > start and y != before) - start)
        out["page_all_ms"] = [round(1000 * t) for t in seen]
        out["page_median_ms"] = 1000 * statistics.median(seen)
        out["page_max_ms"] = 1000 * max(seen)
        out["press_median_ms"] = 1000 * statistics.median(presses)
        out["press_max_ms"] = 1000 * max(presses)
        out["render_ms_per_page"] = 1000 * spent[0] / PRESSES
        out["row_after_paging"] = view.cursor
        idle = []
        for _ in range(PRESSES):  # what a press costs the Pilot when nothing is bound to it
            start = time.perf_counter()
            await pilot.press("x")
            idle.append(time.perf_counter() - start)
        out["idle_median_ms"] = 1000 * statistics.median(idle)
        direct = []
        for _ in range(PRESSES):  # the action and a full frame of the view, without the event loop
            start = time.perf_counter()
            app.compare.action_page_down()
            view._check_layout()
            view.render_lines(view.scrollable_content_region.reset_offset)
            direct.append(time.perf_counter() - start)
            await pilot.pause()
        out["direct_median_ms"] = 1000 * statistics.median(direct)
        out["direct_max_ms"] = 1000 * max(direct)
        start = time.perf_counter()
        await pilot.press("o")
        while app.compare.sorting:
            await pilot.pause(0.005)
        out["sort_disagreement_s"] = time.perf_counter() - start
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="also force-align the versions in view with this model directory or name")
    parser.add_argument("--no-freeze", action="store_true", help="leave out the gc.freeze() of `reader compare --view`")
    args = parser.parse_args()
    if not (DATA / "wmt22-general.de").is_file():
        print(f"skipped: {DATA} has no WMT22 set")
        return 0
    start = time.perf_counter()
    result = comparison()
    print(f"figures ({len(result.source.groups):,} segments, {len(result.systems)} systems + 1 reference): "
          f"{time.perf_counter() - start:.1f} s (not part of the first screen)")
    factory = None
    if args.model:
        from reader.engines import DecodingOptions, open_translator

        def factory():
            return open_translator(args.model, DecodingOptions(), "auto", "cpu")

    fig = asyncio.run(measure(result, factory, freeze=not args.no_freeze))
    print("per press (ms):", fig["page_all_ms"])
    print(f"first screen: {fig['first_screen_s'] * 1000:.0f} ms (target < 1000 ms)")
    print(f"page down ×{PRESSES}, from the key to the view's frame at the new place: median {fig['page_median_ms']:.1f} ms, "
          f"max {fig['page_max_ms']:.1f} ms (target < 100 ms); ended at row {fig['row_after_paging'] + 1}")
    print(f"  the whole Pilot press (its own waits, and every message the press set off, included): median "
          f"{fig['press_median_ms']:.1f} ms, max {fig['press_max_ms']:.1f} ms; the view's layout+render "
          f"{fig['render_ms_per_page']:.1f} ms a press")
    print(f"  a press of an unbound key costs the Pilot {fig['idle_median_ms']:.1f} ms (median); the page-down action "
          f"plus a full frame of the view, called directly: median {fig['direct_median_ms']:.1f} ms, "
          f"max {fig['direct_max_ms']:.1f} ms")
    print(f"sort by disagreement (worker, every segment scored against the pivot): {fig['sort_disagreement_s']:.2f} s")
    if "aligned_s" in fig:
        print(f"forced alignments of the versions in view and a screen below: {fig['aligned_s']:.2f} s after the first screen")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
