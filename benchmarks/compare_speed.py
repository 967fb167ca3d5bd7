"""How long `reader compare` takes on a test set without model systems (issue 8's target: < 10 s).

2,000 lines of WMT22 (German source, refA as the reference) and four systems made of
files: refB (the second human reference) and three copies of it with words dropped
(5 %, 15 %, 30 %), so the systems differ as real ones do. Each run is the whole
command in a fresh process (`python -m reader compare … --report out.json`): reading,
corpus scores, sentence chrF, 1,000 paired bootstrap resamples, compare-mt's analyses,
the JSON report. Not a test.

    python benchmarks/compare_speed.py                 # BLEU and chrF (the default), 3 runs
    python benchmarks/compare_speed.py --metrics bleu,chrf,ter
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "parallel"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lines", type=int, default=2000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--metrics", default="bleu,chrf")
    p.add_argument("--samples", type=int, default=1000)
    opts = p.parse_args()
    if not (DATA / "wmt22-general.de").exists():
        print(f"skipped: {DATA} is not here")
        return 0
    work = Path(tempfile.mkdtemp())

    def take(name: str) -> list[str]:
        lines = (DATA / name).read_text(encoding="utf-8").split("\n")[:-1]
        while len(lines) < opts.lines:  # WMT22 has 1,984 lines: wrap round for more
            lines += lines[: opts.lines - len(lines)]
        return lines[: opts.lines]

    def write(name: str, lines: list[str]) -> Path:
        (work / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return work / name

    src = write("src.de", take("wmt22-general.de"))
    ref = write("refA.en", take("wmt22-general.refA.en"))
    ref_b = take("wmt22-general.refB.en")
    systems = [f"refB={write('refB.en', ref_b)}"]
    for k, keep in enumerate((0.95, 0.85, 0.7)):
        rng = random.Random(k)
        dropped = [" ".join(w for w in line.split() if rng.random() < keep) for line in ref_b]
        systems.append(f"drop{round((1 - keep) * 100)}={write(f'sys{k}.en', dropped)}")
    cmd = [sys.executable, "-m", "reader", "compare", str(src), "--lines", "--ref", f"refA={ref}",
           "--metrics", opts.metrics, "--samples", str(opts.samples), "--report", str(work / "out.json"), "-q"]
    for s in systems:
        cmd += ["--system", s]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(opts.runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - t0)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return 1
    load = os.getloadavg()[0]
    print(f"reader compare: {opts.lines:,} lines, {len(systems)} systems, metrics {opts.metrics}, "
          f"{opts.samples:,} bootstrap resamples, analyses and JSON report")
    print(f"| runs | median s | min s | max s | target | load average |\n|---|---|---|---|---|---|\n"
          f"| {opts.runs} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} | < 10 s | {load:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
