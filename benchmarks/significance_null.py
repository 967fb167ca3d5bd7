"""How often the paired test calls two equally good systems "significantly different", by test-set size.

Under a true null hypothesis a test at α = 0.05 should say "significant" about 5% of the time. The
two systems here are exchangeable by construction: for each segment a coin decides which of them gets
the WMT22 refB translation and which gets it with every 4th word dropped; refA is the reference. What
this measures is the false-positive rate of `reader compare`'s test (sacrebleu's PairedTest, through
reader.compare.scores) on test sets of n segments — the figure behind MIN_TEST_SEGMENTS
(docs/compare.md). Needs ../shared/data (skips without it).

    python benchmarks/significance_null.py [--trials 200] [--test bs]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "parallel"
DATA = DATA if DATA.is_dir() else Path("/work/shared/data/parallel")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--test", choices=("bs", "ar"), default="bs")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--sizes", default="1,2,3,5,10,20,30,50,100")
    args = parser.parse_args()
    ref_a, ref_b = DATA / "wmt22-general.refA.en", DATA / "wmt22-general.refB.en"
    if not ref_a.is_file():
        print(f"skipped: {ref_a} not found (../shared/data)", file=sys.stderr)
        return 0
    from reader.compare.scores import paired_significance

    refs = ref_a.read_text(encoding="utf-8").splitlines()
    good = ref_b.read_text(encoding="utf-8").splitlines()
    worse = [" ".join(w for k, w in enumerate(line.split()) if k % 4 != 3) for line in good]
    rng = random.Random(2019)
    print(f"test={args.test} samples={args.samples} trials={args.trials}; false positives at p < 0.05 (expected 5%)")
    print("segments\tBLEU\tchrF")
    for n in (int(x) for x in args.sizes.split(",")):
        hits = {"BLEU": 0, "chrF2": 0}
        for _ in range(args.trials):
            chosen = rng.sample(range(len(refs)), n)
            x, y = [], []
            for i in chosen:
                a, b = (good[i], worse[i]) if rng.random() < 0.5 else (worse[i], good[i])
                x.append(a)
                y.append(b)
            _, results = paired_significance({"x": x, "y": y}, {"ref": [refs[i] for i in chosen]},
                                             test=args.test, samples=args.samples)
            for r in results:
                if r.system == "y" and r.significant:
                    hits[r.metric] += 1
        print(f"{n}\t{hits['BLEU'] / args.trials:.1%}\t{hits['chrF2'] / args.trials:.1%}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
