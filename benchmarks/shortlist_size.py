"""How many output tokens a shortlist leaves per batch, by batch size (not a test).

CTranslate2 restricts each batch to the union of its source subwords' candidates and the
always-kept tokens, so the larger the batch, the larger the set (and the smaller the saving
on the output layer). The batches are the reader's: length-sorted, ``plan_batches``.

    python benchmarks/shortlist_size.py [--model DIR] [--compute-type int8]

Reads the list ``reader models shortlist`` (or speed.py --shortlist on) stored for the model;
newstest2019's first --sentences lines (skips cleanly when ../shared/data is absent).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("READER_SHARED_DATA") or ROOT.parent / "shared" / "data")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, default=ROOT / "benchmarks" / "out" / "opus-mt-de-en-twin")
    p.add_argument("--compute-type", default="int8")
    p.add_argument("--sentences", type=int, default=500)
    opts = p.parse_args()
    news = DATA / "parallel" / "newstest2019.de"
    if not news.exists():
        print(f"skipped: {DATA} is not here")
        return 0
    from reader.engines.batching import plan_batches
    from reader.engines.ctranslate2.conversion import converted_dir
    from reader.engines.shortlist import VMAP_FILE, read_shortlist
    from reader.engines.vocab import MarianVocab
    from reader.models import config_preprocess, resolve_model

    model = resolve_model(str(opts.model.resolve()))
    stored = read_shortlist(converted_dir(model, opts.compute_type), model.key)
    if stored is None:
        print(f"no shortlist for {model.name} ({opts.compute_type}): run `reader models shortlist` first")
        return 1
    lines = (stored.directory / VMAP_FILE).read_text(encoding="utf-8").split("\n")
    kept = set(lines[0].split())
    rules = {k: set(v.split()) for k, _, v in (l.partition("\t") for l in lines[1:] if l)}
    vocab = MarianVocab(model.path, config_preprocess(model.path))
    size = len(vocab)
    sentences = news.read_text(encoding="utf-8").splitlines()[: opts.sentences]
    pieces = [vocab.tokens(vocab.encode(s).ids) for s in sentences]
    print(f"{model.name}: list {stored.digest}, {len(kept):,} always kept, vocabulary {size:,}; "
          f"{len(sentences)} newstest2019 sentences\n")
    print("| batch size | batches | candidates per batch, median (min–max) | share of the vocabulary |\n|---|---|---|---|")
    for batch_size in (1, 4, 8, 16, 32, 64):
        sizes = []
        for batch in plan_batches([len(x) for x in pieces], batch_size, 10**9):
            union = set(kept)
            for i in batch:
                for piece in pieces[i]:
                    union |= rules.get(piece, set())
            sizes.append(len(union) + 3)  # CTranslate2 adds <unk>, <s>, </s>
        print(f"| {batch_size} | {len(sizes)} | {statistics.median(sizes):,.0f} ({min(sizes):,}–{max(sizes):,}) | "
              f"{statistics.median(sizes) / size:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
