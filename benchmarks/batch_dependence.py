"""Does a sentence's translation depend on the sentences that share its batch? (not a test)

The same test set is translated several ways, each a different batch composition,
and every sentence's Translation is compared with the one the document run gave:

  document     `reader translate`'s way: ``translate_sentences`` over the whole set, no store
  again        the same once more (the control: the same batches must give the same bytes)
  alone        each sentence on its own (a batch of one)
  shuffled     ``translate_sentences`` over the set in a shuffled order (other chunks, other batches)
  half-stored  a store already holding every other sentence (from the alone run), the rest
               translated through it: they are batched among themselves, as in a rerun
               whose store started differently

Counted per way: sentences whose text differs, and sentences whose Translation
differs in any field (text, scores, per-token scores, word links and their
weights: what the jsonl format writes), and the wall and CPU seconds it took.

Models: the trained tiny test model (tests/fixtures/tiny-opus-mt-de-en) and the
random-weight twin of opus-mt-de-en (benchmarks/make_twin_model.py, built when
missing; its near-uniform scores make near ties common, the worst case). Backends:
CTranslate2 at its default compute type (int8 for the twin, float32 for the tiny
model) and torch.

    python benchmarks/batch_dependence.py --limit 300
    python benchmarks/batch_dependence.py --limit 100 --models twin --backends torch

Reads newstest2019.de from ../shared/data/parallel (or --data); skips cleanly (exit 0
with a message) when it is absent.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
TINY = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"
TWIN = ROOT / "benchmarks" / "out" / "opus-mt-de-en-twin"
MODELS = {"tiny": TINY, "twin": TWIN}
SEED = 20


def cpu_seconds() -> float:
    """This process's CPU time, the engine's threads included (a fairer measure than wall time on a busy machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def translate_ways(translator, sentences: list[str], store_dir: Path) -> dict[str, tuple[dict, float, float]]:
    """Each way's translations by source sentence, its wall seconds and its CPU seconds."""
    from reader.job import translate_sentences
    from reader.store import TranslationStore

    ways: dict[str, tuple[dict, float, float]] = {}

    def timed(name, run):
        wall, cpu = time.perf_counter(), cpu_seconds()
        found = {t.source: t for t in run()}
        ways[name] = (found, time.perf_counter() - wall, cpu_seconds() - cpu)
        print(f"  {name}: {ways[name][1]:.1f} s, CPU {ways[name][2]:.1f} s", file=sys.stderr)

    timed("document", lambda: translate_sentences(sentences, translator))
    timed("again", lambda: translate_sentences(sentences, translator))
    timed("alone", lambda: [translator.translate([s])[0] for s in sentences])
    shuffled = list(sentences)
    random.Random(SEED).shuffle(shuffled)
    timed("shuffled", lambda: translate_sentences(shuffled, translator))

    store = TranslationStore(store_dir / f"{translator.backend}-{translator.model_key[:12]}.sqlite")
    alone = ways["alone"][0]
    store.put_many(translator.model_key, translator.settings_key, [alone[s] for s in sentences[::2]])
    rest = set(sentences) - set(sentences[::2])
    timed("half-stored", lambda: [t for t in translate_sentences(sentences, translator, store) if t.source in rest])
    return ways


def table_rows(label: str, ways: dict[str, tuple[dict, float, float]]) -> list[str]:
    reference, wall, cpu = ways["document"]
    rows = [f"| {label} | document | {len(reference)} | – | – | {wall:.1f} | {cpu:.1f} |"]
    for name, (found, wall, cpu) in ways.items():
        if name == "document":
            continue
        text = sum(found[s].text != reference[s].text for s in found)
        anything = sum(found[s] != reference[s] for s in found)
        rows.append(f"| {label} | {name} | {len(found)} | {text} | {anything} | {wall:.1f} | {cpu:.1f} |")
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=300, help="first N sentences of newstest2019 (default 300)")
    p.add_argument("--models", default="tiny,twin", help="comma-separated: tiny, twin, or model directories")
    p.add_argument("--backends", default="ctranslate2,torch", help="comma-separated: ctranslate2, torch")
    p.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default ../shared/data)")
    opts = p.parse_args()

    test_set = opts.data / "parallel" / "newstest2019.de"
    if not test_set.exists():
        print(f"{test_set} not found: nothing to measure (the benchmark needs ../shared/data)")
        return 0
    lines = [l.strip() for l in test_set.read_text(encoding="utf-8").splitlines() if l.strip()]
    sentences = list(dict.fromkeys(lines))[: opts.limit]

    from reader.engines import DecodingOptions, create_translator
    from reader.models import resolve_model

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("READER_MODELS_DIR", str(Path(tmp) / "models"))  # conversions, thrown away
        for name in opts.models.split(","):
            path = MODELS.get(name, Path(name))
            if path == TWIN and not TWIN.exists():
                print(f"building the twin model in {TWIN} …", file=sys.stderr)
                subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_twin_model.py"), str(TWIN)], check=True)
            for backend in opts.backends.split(","):
                translator = create_translator(resolve_model(str(path)), DecodingOptions(), backend, "cpu")
                translator.load()
                label = f"{name} | {backend} {translator.settings_key.split(';')[0].split('-', 1)[1]}"
                print(f"{label}: {len(sentences)} sentences", file=sys.stderr)
                rows += table_rows(label, translate_ways(translator, sentences, Path(tmp)))
    print(f"newstest2019, first {len(sentences)} distinct sentences; differing sentences against the document run\n")
    print("| model | engine | way | sentences | text differs | any field differs | wall s | CPU s |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
