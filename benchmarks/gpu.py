"""The GPU measurement in one run: a smoke test, then the timed table (not a test; prepared for a lent device).

Made to run first time on a bare GPU machine that has torch, transformers, sentencepiece and
sacrebleu but not CTranslate2 or this project's other needs, and no network:
benchmarks/gpu_bundle.sh builds ``.gpu-bundle/`` here (the wheels, newstest2019's German side,
the twin's subword models), which travels with the run as a carried path. Rehearse it here with
``--device cpu``; its output is a Markdown table (and the logs) under --out.

  1. setup      the bundle's wheels installed into --site (offline); where CTranslate2's
                libcublas.so.12 is missing (the image has CUDA 13; the cuBLAS 12 wheel is 554 MB,
                over what a call carries), the image's libcublas.so.13 is named libcublas.so.12
                in a folder on LD_LIBRARY_PATH: CTranslate2 4.8 calls nine cuBLAS functions, all
                in cuBLAS 13. Should that fail, the warm-up at load makes it a ModelError, the
                reader falls back to torch, and the raw CTranslate2 rows say "failed".
  2. smoke      the tiny model on --device, torch and CTranslate2: no NaN in token scores, the
                same text and word links as on the CPU (float32 for a small model on both).
  3. table      on the twin (built here from the bundle's subword models; forced output
                lengths as in speed.py), newstest2019 (--sentences): `reader translate` with
                CTranslate2 float16 and int8_float16 (txt, and jsonl with token scores),
                transformers fp16 batched at its best of --hf-batches, raw CTranslate2 float16
                and int8_float16; then a synthetic corpus of --corpus-sentences sentences
                (newstest sentences, cut into documents) through `reader corpus --ray
                --gpus-per-worker 1` (one process where Ray is not installed: its 75 MB wheel
                cannot travel). tokens/s and memory (GPU memory from NVML / nvidia-smi).

On the device (after ``bash benchmarks/gpu_bundle.sh`` here; carry .gpu-bundle)::

    python3 benchmarks/gpu.py --device cuda --out $OUT

Here (the rehearsal, small sizes)::

    python benchmarks/gpu.py --device cpu --sentences 40 --corpus-sentences 60 --out /tmp/gpu-rehearsal
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import speed  # noqa: E402  (benchmarks/: the engine workers, spawn, rows)
from forced_length import reader_command  # noqa: E402

BUNDLE = ROOT / ".gpu-bundle"
TINY = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"
TINY_CORPUS = ROOT / "tests" / "fixtures" / "tiny_corpus.tsv"
SHIM = Path(tempfile.gettempdir()) / "reader-cublas12"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- 1. setup


def install_wheels(bundle: Path, site: Path) -> None:
    """The bundle's wheels into ``site`` (no index, no dependencies: the image has the rest), first on every path."""
    import importlib.util

    # Only what this Python lacks: on the device, CTranslate2 and platformdirs; in a rehearsal, nothing.
    wheels = [w for w in sorted((bundle / "wheels").glob("*.whl")) if importlib.util.find_spec(w.name.split("-")[0]) is None]
    if wheels and not (site / ".installed").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-compile",
                        "--no-cache-dir", "--upgrade", "--target", str(site), *map(str, wheels)], check=True)
        (site / ".installed").write_text("\n".join(w.name for w in wheels))
    if wheels:
        sys.path.insert(0, str(site))
        os.environ["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    else:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
        return True
    except OSError:
        return False


def cublas12() -> str:
    """Make libcublas.so.12 loadable for CTranslate2's child processes; says how."""
    if _loads("libcublas.so.12"):
        return "libcublas.so.12 (present)"
    candidates = []
    try:
        import nvidia.cublas as nvcublas  # the image's cuBLAS 13 wheel

        candidates += [str(Path(p) / "lib") for p in nvcublas.__path__]
    except ImportError:
        pass
    candidates += ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/lib/x86_64-linux-gnu"]
    found = [f for d in candidates for f in sorted(glob.glob(f"{d}/libcublas.so.1[3-9]*"))]
    if not found:
        return "no cuBLAS found: CTranslate2 cannot run on CUDA (the reader falls back to torch)"
    target = Path(found[0])
    SHIM.mkdir(exist_ok=True)
    link = SHIM / "libcublas.so.12"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target)
    # The shim first, then cuBLAS's own folder (libcublasLt), for every child process.
    paths = [str(SHIM), str(target.parent), os.environ.get("LD_LIBRARY_PATH", "")]
    os.environ["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in paths if p)
    return f"libcublas.so.12 → {target} (the image's cuBLAS, named as CTranslate2 asks)"


def environment(device: str) -> list[str]:
    lines = [f"python {sys.version.split()[0]}"]
    for name in ("torch", "transformers", "ctranslate2"):
        try:
            module = __import__(name)
            lines.append(f"{name} {module.__version__}")
        except ImportError:
            lines.append(f"{name} missing")
    try:
        import ctranslate2

        lines.append(f"CTranslate2 CUDA devices: {ctranslate2.get_cuda_device_count()}; "
                     f"compute types on {device}: {sorted(ctranslate2.get_supported_compute_types(device))}")
    except Exception as exc:  # noqa: BLE001 - reported, the table goes on
        lines.append(f"CTranslate2 on {device}: {exc}")
    if device == "cuda":
        smi = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                             capture_output=True, text=True)
        lines.append(f"GPU: {smi.stdout.strip() or smi.stderr.strip()}")
    else:
        from reader.engines.ctranslate2.cpu_features import describe_cpu

        lines.append(describe_cpu())
    return lines


# ---------------------------------------------------------------- 2. smoke test (in a child process)


def smoke_worker(device: str) -> dict:
    """Tiny model: each engine on ``device`` against the CPU (text, links), and its token scores free of NaN."""
    from reader.engines import DecodingOptions, create_translator
    from reader.models import resolve_model

    model = resolve_model(str(TINY))
    sources = [l.split("\t")[0] for l in TINY_CORPUS.read_text(encoding="utf-8").splitlines() if l.strip()][:40]
    links = lambda t: [(l.source_start, l.source_end, l.target_start, l.target_end) for l in t.alignment]  # noqa: E731
    out = {}
    for backend, compute_type in (("torch", None), ("ctranslate2", None), ("ctranslate2", "float16" if device == "cuda" else "int8")):
        name = backend + (f" {compute_type}" if compute_type else "")
        try:
            on = create_translator(model, DecodingOptions(), backend, device, compute_type).translate(sources)
            cpu = create_translator(model, DecodingOptions(), backend, "cpu", None if device == "cuda" else compute_type).translate(sources)
        except Exception as exc:  # noqa: BLE001 - a line in the report
            out[name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
            continue
        nan = sum(1 for t in on for x in t.best.token_scores if math.isnan(x))
        out[name] = {
            "sentences": len(on),
            "nan_scores": nan,
            "same_text": sum(a.text == b.text for a, b in zip(on, cpu)),
            "same_links": sum(links(a) == links(b) for a, b in zip(on, cpu)),
            # Half precision may change a word of the tiny model: counted, not required.
            "exact_required": compute_type is None,
        }
    return out


def smoke(device: str) -> tuple[list[str], bool]:
    proc = subprocess.run([sys.executable, __file__, "--smoke-worker", "--device", device], capture_output=True, text=True)
    result = next((json.loads(l[6:]) for l in proc.stdout.splitlines() if l.startswith("SMOKE ")), None)
    if result is None:
        return [f"smoke test crashed (exit {proc.returncode}): {proc.stderr.strip().splitlines()[-1:] or ''}"], False
    lines, ok = [], True
    for name, r in result.items():
        if "error" in r:
            lines.append(f"- {name} on {device}: **failed**: {r['error']}")
            ok = False
            continue
        n = r["sentences"]
        good = r["nan_scores"] == 0 and (not r["exact_required"] or r["same_text"] == r["same_links"] == n)
        ok &= good
        lines.append(f"- {name} on {device}: {'ok' if good else '**FAILED**'}: {r['nan_scores']} NaN token scores; "
                     f"{r['same_text']}/{n} texts and {r['same_links']}/{n} word links as on the CPU"
                     + ("" if r["exact_required"] else " (reduced precision: not required)"))
    return lines, ok


# ---------------------------------------------------------------- 3. the timed table


class GpuMemoryPeak:
    """The GPU's used memory, sampled from nvidia-smi every half second while a run lasts (its peak, MiB)."""

    def __init__(self, device: str):
        self.enabled = device == "cuda" and shutil.which("nvidia-smi") is not None
        self.peak = 0.0
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            r = subprocess.run(["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"],
                               capture_output=True, text=True)
            try:
                self.peak = max(self.peak, float(r.stdout.split()[0]))
            except (IndexError, ValueError):
                return

    def __enter__(self):
        if self.enabled:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()


def twin(opts) -> Path:
    model = opts.model
    if not (model / "config.json").exists():
        tokenizers = opts.bundle / "twin"
        log(f"building the twin in {model} (subword models from {tokenizers}) …")
        subprocess.run([sys.executable, str(HERE / "make_twin_model.py"), str(model), "--threads", str(os.cpu_count() or 2)]
                       + (["--tokenizers-from", str(tokenizers)] if (tokenizers / "source.spm").exists() else []), check=True)
    return model.resolve()


def sentences(opts) -> list[str]:
    for source in (opts.bundle / "data" / "newstest2019.de", speed.NEWSTEST):
        if source.exists():
            lines = [l for l in source.read_text(encoding="utf-8").splitlines() if l.strip()]
            break
    else:
        raise SystemExit(f"no sentences: {opts.bundle}/data/newstest2019.de is missing (run benchmarks/gpu_bundle.sh)")
    while len(lines) < opts.sentences:
        lines += lines
    return lines[: opts.sentences]


def engine_rows(opts, sents: list[str], tmp: Path) -> list[tuple[str, dict | None]]:
    """(label, result) per engine run on the newstest sentences, each in a fresh process (speed.py's workers)."""
    sent_file, doc_file = tmp / "sentences.txt", tmp / "document.txt"
    sent_file.write_text("\n".join(sents) + "\n", encoding="utf-8")
    doc_file.write_text("\n\n".join(sents) + "\n", encoding="utf-8")
    cuda = opts.device == "cuda"
    types = ["float16", "int8_float16"] if cuda else ["int8"]
    rows: list[tuple[str, dict | None]] = []
    best_hf = None
    for batch in opts.hf_batches:
        r = speed.spawn("hf-batched", sent_file, opts, beams=4, batch=batch)
        log(f"transformers batch {batch}: {r and round(r['tokens'] / r['seconds'])} tokens/s")
        if r and (best_hf is None or r["tokens"] / r["seconds"] > best_hf[1]["tokens"] / best_hf[1]["seconds"]):
            best_hf = (batch, r)
    if best_hf:
        rows.append((f"transformers {'fp16' if cuda else 'fp32'}, beam 4, best batch ({best_hf[0]} of "
                     f"{', '.join(map(str, opts.hf_batches))})", best_hf[1]))
    raw_settings = {}
    for ct in types:
        r, how = speed.best_ct2(sent_file, opts, 4, ct)
        raw_settings[ct] = r["settings"] if r else None
        rows.append((f"raw CTranslate2 {ct}, beam 4 ({how or 'failed'})", r))
    for ct, fmt in [(t, "txt") for t in types] + [(types[0], "jsonl")]:
        r = speed.spawn("reader-ctranslate2", doc_file, opts, backend="ctranslate2", beams=4, format=fmt,
                        reader_compute_type=ct, **{"batch": opts.gpu_batch, **speed.reader_budget(opts, raw_settings[ct])})
        rows.append((f"`reader translate --device {opts.device} --compute-type {ct} -o out.{fmt}`, beam 4", r))
    return rows


def corpus_row(opts, sents: list[str], tmp: Path) -> tuple[str, dict | None, str]:
    """The synthetic corpus through `reader corpus` (--ray --gpus-per-worker 1 where Ray is installed)."""
    rng = random.Random(0)
    pool = list(sents)
    src = tmp / "corpus"
    src.mkdir()
    per_doc = opts.doc_sentences
    n_docs = math.ceil(opts.corpus_sentences / per_doc)
    made = 0
    for d in range(n_docs):
        k = min(per_doc, opts.corpus_sentences - made)
        (src / f"doc{d:05d}.de.txt").write_text("\n\n".join(rng.choice(pool) for _ in range(k)) + "\n", encoding="utf-8")
        made += k
    try:
        import ray  # noqa: F401

        how = ["--ray", "--workers", "1"] + (["--gpus-per-worker", "1"] if opts.device == "cuda" else ["--cpus-per-worker", str(os.cpu_count() or 1)])
        note = "`reader corpus --ray --workers 1 " + " ".join(how[3:]) + "`"
    except ImportError:
        how, note = [], "`reader corpus` in one process (Ray is not installed here: its 75 MB wheel is over what a call carries)"
    argv = reader_command(opts.extra) + ["corpus", str(src), "-o", str(tmp / "corpus-out"), "--model", str(opts.model),
                                         "--device", opts.device, "--backend", "ctranslate2", "--no-cache", "-q",
                                         "--batch-size", str(opts.gpu_batch), *how]
    from reader.engines.vocab import MarianVocab
    from reader.models import config_preprocess

    vocab = MarianVocab(opts.model, config_preprocess(opts.model))
    t0 = time.perf_counter()
    with GpuMemoryPeak(opts.device) as memory:
        proc = subprocess.run(argv, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        log(proc.stderr[-3000:])
        return note, None, f"exit {proc.returncode}"
    docs = sorted(src.iterdir())
    texts = [p for f in docs for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    tokens = sum(len(vocab.encode(t).ids) + opts.extra for t in texts)
    result = dict(tokens=tokens, seconds=wall, sentences=len(texts), rss_mb=0, load=0, first=0, wall=wall,
                  gpu_mb=memory.peak or None)
    return note, result, f"{len(docs)} documents of {per_doc} sentences; wall clock incl. start and model load"


def fmt_row(label: str, r: dict | None) -> str:
    if r is None:
        return f"| {label} | failed | | |"
    gpu = f"{r['gpu_mb']:,.0f}" if r.get("gpu_mb") else "–"
    return f"| {label} | {r['tokens'] / r['seconds']:,.0f} | {r['sentences'] / r['seconds']:,.1f} | {gpu} |"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", choices=("cpu", "cuda"), default="cuda")
    p.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "benchmarks/out/gpu")))
    p.add_argument("--bundle", type=Path, default=BUNDLE)
    p.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "reader-site")
    p.add_argument("--model", type=Path, default=speed.TWIN)
    p.add_argument("--sentences", type=int, default=2000, help="newstest2019 sentences for the engine table")
    p.add_argument("--corpus-sentences", type=int, default=20000,
                   help="synthetic corpus size (the issue's 100k scaled to the 15-minute device budget)")
    p.add_argument("--doc-sentences", type=int, default=200, help="sentences per synthetic document")
    p.add_argument("--hf-batches", type=lambda s: [int(x) for x in s.split(",")], default=[64, 256],
                   help="batch sizes tried for transformers fp16 (the best is kept)")
    p.add_argument("--gpu-batch", type=int, default=256, help="sentences per batch for CTranslate2 and the reader")
    p.add_argument("--extra", type=int, default=8, help="forced output length: source subwords + EXTRA (speed.py)")
    p.add_argument("--skip-smoke", action="store_true")
    p.add_argument("--smoke-worker", action="store_true", help=argparse.SUPPRESS)
    opts = p.parse_args()
    if opts.smoke_worker:
        print("SMOKE " + json.dumps(smoke_worker(opts.device)), flush=True)
        return 0
    started = time.perf_counter()
    opts.out.mkdir(parents=True, exist_ok=True)
    opts.bundle = opts.bundle.resolve()
    install_wheels(opts.bundle, opts.site)
    report = [f"## benchmarks/gpu.py — {opts.device}", ""]
    if opts.device == "cuda":
        report.append(f"- cuBLAS for CTranslate2: {cublas12()}")
    report += [f"- {line}" for line in environment(opts.device)]
    if not opts.skip_smoke:
        t0 = time.perf_counter()
        lines, ok = smoke(opts.device)
        report += ["", f"### Smoke test (tiny model, {time.perf_counter() - t0:.0f} s): {'passed' if ok else 'FAILED'}", ""]
        report += lines
        print("\n".join(report), flush=True)
    opts.model = twin(opts)
    # speed.py's spawn and best_ct2 read these
    opts.quick, opts.skip_naive = True, True
    from reader.engines.ctranslate2.conversion import convert
    from reader.models import resolve_model

    for ct in (["float16", "int8_float16"] if opts.device == "cuda" else ["int8"]):
        convert(resolve_model(str(opts.model)), ct)
    sents = sentences(opts)
    tmp = Path(tempfile.mkdtemp(prefix="reader-gpu-"))
    rows = engine_rows(opts, sents, tmp)
    note, corpus, how = corpus_row(opts, sents, tmp)
    report += ["", f"### The twin of opus-mt-de-en, forced lengths (source subwords + {opts.extra}), beam 4", "",
               f"newstest2019, {len(sents)} sentences; each run a fresh process, model load and an untimed warm-up excluded", "",
               "| engine | tokens/s | sentences/s | GPU memory MiB |", "|---|---|---|---|"]
    report += [fmt_row(label, r) for label, r in rows]
    report += [fmt_row(f"synthetic corpus, {opts.corpus_sentences:,} sentences: {note} ({how})", corpus)]
    rates = {label: r["tokens"] / r["seconds"] for label, r in rows if r}
    hf = next((v for k, v in rates.items() if k.startswith("transformers")), None)
    raw = next((v for k, v in rates.items() if k.startswith("raw CTranslate2")), None)
    reader = next((v for k, v in rates.items() if k.startswith("`reader") and "out.txt" in k), None)
    report.append("")
    if reader and hf:
        report.append(f"- reader (first compute type, txt) / transformers batched: {reader / hf:.2f}× (goal ≥ 2× on CUDA)")
    if reader and raw:
        report.append(f"- reader / raw CTranslate2, same compute type: {reader / raw:.2f}× (goal ≥ 0.95× on CUDA)")
    report.append(f"- whole script: {time.perf_counter() - started:.0f} s")
    text = "\n".join(report) + "\n"
    (opts.out / "gpu-table.md").write_text(text, encoding="utf-8")
    print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
