"""The known-word view (``K`` in the reader): how long lemmatizing a document takes, what it holds,
and whether the reader stays responsive while it runs.

    python benchmarks/vocabulary.py [--novel PATH]

Prints, for the bundled sample article and a whole novel: the build time of
``DocumentVocabulary`` (best of 3, the lemma cache cleared each time) and its memory; then
``K`` pressed in the reader (Textual's headless driver) on the novel: the time until the words
are highlighted and the UI loop's longest stall meanwhile (it sleeps 5 ms at a time).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from reader.document import load_document, sample_path  # noqa: E402
from reader.text.lemmas import lemma, lemma_key  # noqa: E402
from reader.words.vocabulary import DocumentVocabulary, frequent_words  # noqa: E402

NOVEL = ROOT.parent / "shared" / "data" / "prose" / "fontane-vor-dem-sturm-1878.de.txt"


def core(paths: list[Path]) -> None:
    t = time.perf_counter()
    lemma_key("Haus")
    print(f"simplemma's German data, first lemma: {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    top = frequent_words(5000)
    print(f"wordfreq's 5,000 most frequent German words: {time.perf_counter() - t:.2f} s")
    for path in paths:
        sentences = [s.text for s in load_document(str(path)).sentences]
        best, size = [], 0
        for rep in range(3):
            lemma.cache_clear()
            if rep == 0:
                tracemalloc.start()
            t = time.perf_counter()
            v = DocumentVocabulary.build(sentences, {}, top)
            best.append(time.perf_counter() - t)
            if rep == 0:
                lemma.cache_clear()  # the lemma cache is the lemmas module's, not the vocabulary's
                size, _ = tracemalloc.get_traced_memory()
                tracemalloc.stop()
        print(f"{path.name}: {len(sentences):,} sentences, {v.share().total:,} words; "
              f"build {min(best):.3f} s (best of 3), holds {size / 2**20:.1f} MiB")


async def in_reader(path: Path) -> None:
    from reader.tui.app import ReaderApp

    doc = load_document(str(path))
    app = ReaderApp(doc, None, None)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)
        gaps = []
        t = last = time.perf_counter()
        app.reader.action_highlight_unknown()
        while app.state.vocabulary is None:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
        ready = time.perf_counter() - t
        gaps.sort()
        print(f"reader, K on {path.name}: highlighted after {ready:.2f} s; UI loop meanwhile "
              f"(5 ms sleeps): median {gaps[len(gaps) // 2] * 1000:.1f} ms, longest {gaps[-1] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    args = parser.parse_args()
    if not args.novel.is_file():
        sys.exit(f"benchmarks/vocabulary.py: {args.novel} not found (../shared/data, or --novel PATH)")
    core([sample_path(), args.novel])
    asyncio.run(in_reader(args.novel))


if __name__ == "__main__":
    main()
