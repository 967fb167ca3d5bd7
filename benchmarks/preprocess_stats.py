"""How often OPUS-MT's input preprocessing changes a sentence, which rules fire, and what it costs.

For each corpus (newstest2019, WMT22 general, the bundled sample article
segmented as the reader segments it): the sentences that change at all, the
rules that fire most, and the time of ``preprocess`` over all sentences
beside the time of ``MarianVocab.encode`` (SentencePiece alone, preprocessing
"none"). The per-sentence search time for a ratio to translation is the
measured ~30 sentences/s of `reader translate`, CTranslate2 int8 beam 4 on CPU
(docs/benchmarks.md), unless --search-ms says otherwise.

Usage:
  python benchmarks/preprocess_stats.py [--model DIR] [--data DIR] [--repeat N] [--search-ms MS]
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import regex  # noqa: E402

from reader.document import load_document  # noqa: E402
from reader.engines.preprocess import OPUS_MT_REPLACEMENTS, preprocess  # noqa: E402
from reader.engines.vocab import MarianVocab  # noqa: E402

TWIN = REPO / "benchmarks" / "out" / "opus-mt-de-en-twin"
TINY = REPO / "tests" / "fixtures" / "tiny-opus-mt-de-en"
SEARCH_MS = 1000 / 30  # reader translate, ct2 int8, beam 4, CPU: ~30 sentences/s (docs/benchmarks.md)
_OTHER = regex.compile(r"(?!\n)\p{C}")


def rules_fired(text: str) -> Counter[str]:
    """Each rule of the script that changes ``text``, with how many times it fires."""
    fired: Counter[str] = Counter()
    for pattern, out in OPUS_MT_REPLACEMENTS:
        if n := len(regex.findall(pattern, text)):
            fired[f"{pattern.rstrip(' *')} → {out.strip()}"] += n
    for c in _OTHER.findall(text):
        fired[f"U+{ord(c):04X} {unicodedata.name(c, unicodedata.category(c))} → space"] += 1
    lines = _OTHER.sub(" ", text).split("\n")
    if n := sum(len(regex.findall("  +", line.strip(" "))) for line in lines):
        fired["spaces squeezed"] += n
    if n := sum(line != line.strip(" ") for line in lines):
        fired["line stripped"] += n
    return fired


def corpora(data: Path) -> dict[str, list[str]]:
    parallel = data / "parallel"
    out = {name: (parallel / f).read_text(encoding="utf-8").splitlines()
           for name, f in (("newstest2019", "newstest2019.de"), ("WMT22 general", "wmt22-general.de"))}
    out["sample article"] = [s.text for s in load_document(str(REPO / "reader" / "data" / "sample.de.txt")).sentences]
    return out


def best_time(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a Marian directory for encode speed (default: the twin, else the tiny fixture)")
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5, help="timings are the best of this many runs")
    parser.add_argument("--search-ms", type=float, default=SEARCH_MS, help="translation time per sentence, for the last ratio")
    parser.add_argument("--top", type=int, default=6, help="rules shown per corpus")
    args = parser.parse_args()
    model = args.model or (TWIN if TWIN.is_dir() else TINY)
    vocab = MarianVocab(model)  # "none": SentencePiece alone
    print(f"encode model: {model}; timings best of {args.repeat}; translation {args.search_ms:.1f} ms/sentence\n")
    print("| corpus | sentences | changed | % | preprocess µs/sent | encode µs/sent | preprocess / encode | preprocess / translation |")
    print("|---|---|---|---|---|---|---|---|")
    tops = {}
    for name, sentences in corpora(args.data).items():
        changed = [s for s in sentences if preprocess(s).changed]
        fired: Counter[str] = Counter()
        for s in changed:
            fired.update(rules_fired(s).keys())  # sentences a rule fires in
        tops[name] = fired.most_common(args.top)
        pre = best_time(lambda: [preprocess(s) for s in sentences], args.repeat) / len(sentences)
        enc = best_time(lambda: [vocab.encode(s) for s in sentences], args.repeat) / len(sentences)
        print(f"| {name} | {len(sentences)} | {len(changed)} | {100 * len(changed) / len(sentences):.1f} | "
              f"{pre * 1e6:.1f} | {enc * 1e6:.1f} | {pre / enc:.2f} | {pre * 1e3 / args.search_ms:.5f} |")
    for name, top in tops.items():
        print(f"\n{name}: sentences each rule fires in: " + "; ".join(f"{rule} {n}" for rule, n in top))


if __name__ == "__main__":
    main()
