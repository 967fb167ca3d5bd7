"""Did a change move the speed? `reader translate` from two checkouts, alternating fresh processes.

Runs speed.py's own reader worker (``--worker --engine reader-ctranslate2``: the whole CLI,
the time inside ``Translator.translate`` counted) from each tree on the same input, in
alternating order, and prints each round and the median ratio after / before. Not a test.

    git worktree add /tmp/before <commit>
    python benchmarks/compare_trees.py /tmp/before . --sentences 100 --rounds 4 --format txt --beams 4
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSTEST = ROOT.parent / "shared" / "data" / "parallel" / "newstest2019.de"
TWIN = ROOT / "benchmarks" / "out" / "opus-mt-de-en-twin"


def run(tree: Path, doc: Path, opts) -> dict:
    cmd = [sys.executable, str(tree / "benchmarks" / "speed.py"), "--worker", "--engine", "reader-ctranslate2",
           "--input", str(doc), "--model", str(opts.model), "--device", "cpu", "--extra", "8",
           "--backend", "ctranslate2", "--beams", str(opts.beams), "--batch", "32", "--format", opts.format]
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"{tree}: the worker failed:\n{proc.stderr[-2000:]}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--sentences", type=int, default=100, help="evenly spaced newstest2019 sentences")
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--format", default="txt")
    p.add_argument("--beams", type=int, default=4)
    p.add_argument("--model", type=Path, default=TWIN, help="default: the twin (benchmarks/make_twin_model.py)")
    opts = p.parse_args()
    if not NEWSTEST.exists():
        print(f"skipped: {NEWSTEST} is not here")
        return 0
    lines = [l for l in NEWSTEST.read_text(encoding="utf-8").splitlines() if l.strip()]
    step = len(lines) / opts.sentences
    doc = Path(tempfile.mkdtemp()) / "input.txt"
    doc.write_text("\n\n".join(lines[int(k * step)] for k in range(opts.sentences)) + "\n", encoding="utf-8")
    trees = {"before": opts.before.resolve(), "after": opts.after.resolve()}
    rates: dict[str, list[float]] = {k: [] for k in trees}
    for r in range(opts.rounds):
        for name in (("before", "after") if r % 2 == 0 else ("after", "before")):
            res = run(trees[name], doc, opts)
            rates[name].append(res["tokens"] / res["seconds"])
            print(f"round {r + 1} {name:6s} {rates[name][-1]:7,.0f} tokens/s (translate {res['seconds']:.2f} s)", flush=True)
    b, a = statistics.median(rates["before"]), statistics.median(rates["after"])
    print(f"median tokens/s: before {b:,.0f}, after {a:,.0f}: after / before {a / b:.2f} "
          f"({opts.sentences} newstest2019 sentences, beam {opts.beams}, {opts.format}, {opts.rounds} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
