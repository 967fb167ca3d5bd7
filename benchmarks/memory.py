"""The translation memory's cost: importing a TMX, exact look-ups for a test set, fuzzy matches.

    python benchmarks/memory.py [--data DIR]

Reads ../shared/data/parallel (skips when it is absent): Tatoeba's 17,565 German–English
pairs written as a TMX and imported (``reader.memory.tmx``, the store's table); then
newstest2019's 2,000 sentences looked up exactly (``MemoryLookup.exact``, what a
translation job adds per run) and fuzzily (``FuzzyMemory.best``, what the reader asks
for the cursor's sentence), best of 3, and how many have a fuzzy match at ≥ 75 %.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from reader.memory.lookup import FuzzyMemory, MemoryLookup  # noqa: E402
from reader.memory.tmx import read_tmx, write_tmx  # noqa: E402
from reader.store import MemoryEntry, TranslationStore  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "parallel"


def best_of(n: int, fn) -> float:
    return min(timeit.repeat(fn, number=1, repeat=n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not (args.data / "tatoeba-v2021-08-07.de").exists():
        print(f"skipped: no {args.data}")
        return
    de = (args.data / "tatoeba-v2021-08-07.de").read_text(encoding="utf-8").splitlines()
    en = (args.data / "tatoeba-v2021-08-07.en").read_text(encoding="utf-8").splitlines()
    test = (args.data / "newstest2019.de").read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        tmx = Path(tmp) / "tatoeba.tmx"
        with tmx.open("w", encoding="utf-8") as f:
            write_tmx((MemoryEntry(d, e, "bench") for d, e in zip(de, en)), f)
        t = time.perf_counter()
        read = read_tmx(tmx)
        t_read = time.perf_counter() - t
        store = TranslationStore(Path(tmp) / "t.sqlite3")
        t = time.perf_counter()
        written = store.add_memory(read.entries)
        t_add = time.perf_counter() - t
        print(f"TMX of {len(read.entries):,} units ({tmx.stat().st_size / 1e6:.1f} MB): read {t_read:.2f} s, "
              f"into the store {t_add:.2f} s ({written:,} distinct sentences)")
        lookup = MemoryLookup()
        hits = lookup.exact(store, test)
        t_exact = best_of(3, lambda: lookup.exact(store, test))
        print(f"exact look-up of newstest2019's {len(test):,} sentences: {t_exact * 1000:.0f} ms "
              f"({t_exact / len(test) * 1e6:.0f} µs a sentence), {len(hits)} hits")
        t = time.perf_counter()
        fuzzy = FuzzyMemory(store)
        t_load = time.perf_counter() - t
        matches = []
        t_fuzzy = best_of(3, lambda: matches.__setitem__(slice(None), [fuzzy.best(s) for s in test]))
        found = [m for m in matches if m is not None]
        print(f"fuzzy: memory read in {t_load:.2f} s; best match for each of {len(test):,} sentences "
              f"{t_fuzzy / len(test) * 1000:.1f} ms a sentence; {len(found)} at ≥ 75 %")
        for m in found[:3]:
            print(f"  {m.similarity:.0f}%: {m.source!r} ~ {m.matched!r}")
        store.close()


if __name__ == "__main__":
    main()
