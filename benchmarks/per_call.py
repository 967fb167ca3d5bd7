"""What one `translate` call of a few sentences costs the reader beyond raw CTranslate2 (not a test).

The reader's view-first feed asks for what is on screen: a few sentences a call. Each call of
``CTranslate2Translator.translate`` encodes, plans batches, runs the search (and, on CPU at
beam 4, the one-step pass for the first step's attention), builds hypotheses and word links.
Raw is ``translate_batch`` on the same pre-tokenized input, nothing else. Both in this process
on one loaded model each (the twin, int8, forced length +8), calls alternating, medians.

    python benchmarks/per_call.py [--sentences 1] [--calls 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TWIN = ROOT / "benchmarks" / "out" / "opus-mt-de-en-twin"
SENTENCES = [
    "Die Verbündeten der Ukraine haben ihren Fokus verlagert.",
    "Dies berichtet Bloomberg unter Berufung auf mit der Angelegenheit vertraute Quellen.",
    "Der Krieg dauert schon drei Jahre.",
    "Ich weiß es nicht.",
]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, default=TWIN)
    p.add_argument("--sentences", type=int, default=1, help="sentences per call")
    p.add_argument("--calls", type=int, default=40)
    p.add_argument("--shortlist", choices=("off", "on"), default="off")
    opts = p.parse_args()
    import ctranslate2

    from reader.engines import DecodingOptions, create_translator
    from reader.engines.ctranslate2.conversion import convert
    from reader.models import resolve_model

    model = resolve_model(str(opts.model.resolve()))
    extra = 8
    reader = create_translator(model, DecodingOptions(force_length_extra=extra, token_scores=False, shortlist=opts.shortlist),
                               "ctranslate2", "cpu", "int8")
    reader.load()
    inter, intra = 1, os.cpu_count() or 1  # what a few sentences a call use best
    raw = ctranslate2.Translator(str(convert(model, "int8")), device="cpu", compute_type="int8",
                                 inter_threads=inter, intra_threads=intra)
    vocab = reader.vocab
    batch = (SENTENCES * opts.sentences)[: opts.sentences]
    tokens = [vocab.tokens(vocab.encode(s).ids) for s in batch]
    n = max(len(t) for t in tokens) + extra - 1
    use_vmap = opts.shortlist == "on"
    times = {"reader": [], "raw": []}
    for _ in range(opts.calls):
        t0 = time.perf_counter()
        reader.translate(batch)
        times["reader"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        raw.translate_batch(tokens, beam_size=reader.beams, max_input_length=0, min_decoding_length=n,
                            max_decoding_length=n, use_vmap=use_vmap)
        times["raw"].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"{opts.sentences} sentence(s) a call, beam {reader.beams}, shortlist {opts.shortlist}, {opts.calls} calls, "
          f"reader threads {reader_threads()}, load {os.getloadavg()[0]:.1f}: reader {med['reader']:.1f} ms, "
          f"raw {med['raw']:.1f} ms, reader / raw {med['reader'] / med['raw']:.2f}×, overhead {med['reader'] - med['raw']:.1f} ms")
    return 0


def reader_threads() -> str:
    from reader.engines.ctranslate2.runtime import threads

    inter, intra = threads("cpu")
    return f"{inter}×{intra}"


if __name__ == "__main__":
    sys.exit(main())
