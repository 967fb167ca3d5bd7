"""Corpus translation on this machine: `reader corpus` in one process and on Ray, beside `reader translate`.

Inputs (from ../shared/data; the script skips cleanly without it): the article
of articles/ and the first --paragraphs paragraphs of each novel of prose/, cut
into documents of --doc-paragraphs paragraphs each. Runs, each a fresh
process, wall clock from start to exit (model load and Ray start included):

  translate       `reader translate` of all the documents joined into one file (one model load)
  corpus          `reader corpus DIR -o OUT` in one process (a fresh store)
  ray 1×C         `reader corpus --ray --workers 1 --cpus-per-worker C` (a local Ray cluster)
  ray N×1         `reader corpus --ray --workers N --cpus-per-worker 1`

The model is the random-weight twin of opus-mt-de-en (benchmarks/make_twin_model.py; built
here when missing), its output length forced to source subwords + --extra as in
benchmarks/speed.py, so tokens/s = sum(source subwords + 1 + extra) / wall seconds.

    python benchmarks/corpus.py                     # ~500 sentences; a few minutes on 2 cores
    python benchmarks/corpus.py --paragraphs 200
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from forced_length import reader_command  # benchmarks/, the script's own directory

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TWIN = ROOT / "benchmarks" / "out" / "opus-mt-de-en-twin"


def build_inputs(opts, base: Path) -> tuple[Path, Path]:
    """The corpus directory and the same text as one file."""
    corpus = base / "corpus"
    docs: list[tuple[str, str]] = []
    for article in sorted((DATA / "articles").glob("*.txt")):
        docs.append((f"articles/{article.name}", article.read_text(encoding="utf-8")))
    for novel in sorted((DATA / "prose").glob("*.txt")):
        # The novels hold one paragraph per line; chapter numbers are lines too.
        paragraphs = [p for p in novel.read_text(encoding="utf-8").splitlines() if p.strip()][: opts.paragraphs]
        for k in range(0, len(paragraphs), opts.doc_paragraphs):
            docs.append((f"prose/{novel.stem}/{k:05d}.de.txt", "\n".join(paragraphs[k: k + opts.doc_paragraphs]) + "\n"))
    for rel, text in docs:
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        (corpus / rel).write_text(text, encoding="utf-8")
    joined = base / "all.de.txt"
    joined.write_text("\n\n".join(text.strip() for _, text in docs) + "\n", encoding="utf-8")
    return corpus, joined


def count_tokens(opts, joined: Path) -> tuple[int, int]:
    """(sentences, forced target tokens) of the text, segmented as the reader does."""
    sys.path.insert(0, str(ROOT))
    import sentencepiece as spm

    from reader.document import load_document

    sp = spm.SentencePieceProcessor(model_file=str(opts.model / "source.spm"))
    sentences = [s.text for s in load_document(str(joined)).sentences]
    return len(sentences), sum(len(sp.encode(s)) + 1 + opts.extra for s in sentences)


def timed(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return seconds


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, default=TWIN)
    p.add_argument("--paragraphs", type=int, default=60, help="paragraphs taken from each novel (default 60)")
    p.add_argument("--doc-paragraphs", type=int, default=10, help="paragraphs per document (default 10)")
    p.add_argument("--extra", type=int, default=8, help="forced output length: source subwords + EXTRA")
    p.add_argument("--workers", type=int, default=2, help="actors in the N×1 Ray run (default 2)")
    opts = p.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the benchmark inputs live there)")
        return 0
    if not (opts.model / "config.json").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_twin_model.py"), str(opts.model)], check=True)
    try:
        import ray  # noqa: F401
    except ImportError:
        print("Ray is missing: pip install -e '.[ray]'")
        return 1
    base = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    try:
        corpus, joined = build_inputs(opts, base)
        documents = sum(1 for _ in corpus.rglob("*.txt"))
        sentences, tokens = count_tokens(opts, joined)
        cores = len(os.sched_getaffinity(0))
        env = {**os.environ, "PYTHONWARNINGS": "ignore", "READER_CACHE_DIR": str(base / "cache")}
        reader = reader_command(opts.extra)  # every output forced to source subwords + extra
        common = ["--model", str(opts.model), "-q"]
        runs = [
            ("`reader translate` (one file)", reader + ["translate", str(joined), "-o", str(base / "all.en.txt"), "--no-cache"] + common),
            ("`reader corpus`, one process", reader + ["corpus", str(corpus), "-o", str(base / "out-local"),
                                                     "--cache-dir", str(base / "store")] + common),
            (f"`reader corpus --ray`, 1 actor × {cores} threads", reader + ["corpus", str(corpus), "-o", str(base / "out-ray1"),
             "--ray", "--workers", "1", "--cpus-per-worker", str(cores)] + common),
            (f"`reader corpus --ray`, {opts.workers} actors × 1 thread", reader + ["corpus", str(corpus), "-o", str(base / "out-ray2"),
             "--ray", "--workers", str(opts.workers), "--cpus-per-worker", "1"] + common),
        ]
        print(f"{documents} documents, {sentences} sentences, {tokens} forced target tokens; {opts.model.name}; "
              f"{cores} cores; beam 4, CTranslate2 int8\n")
        print("| run | wall s | sentences/s | tokens/s | vs `reader translate` |")
        print("|---|---:|---:|---:|---:|")
        baseline = None
        for label, cmd in runs:
            seconds = timed(cmd, env)
            baseline = baseline or seconds
            print(f"| {label} | {seconds:.1f} | {sentences / seconds:.1f} | {tokens / seconds:.0f} | {baseline / seconds:.2f}× |",
                  flush=True)
        outs = [base / n for n in ("out-local", "out-ray1", "out-ray2")]
        same = all(
            (outs[0] / f.relative_to(outs[0])).read_bytes() == (o / f.relative_to(outs[0])).read_bytes()
            for o in outs[1:] for f in outs[0].rglob("*.en.txt")
        )
        print(f"\noutputs of the three corpus runs byte-identical: {same}")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
