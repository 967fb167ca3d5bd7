"""Translation speed, side by side, in one run on one machine (not a test).

Engines, each in its own fresh process (so load time and peak RSS are its own):

  hf-naive       transformers MarianMTModel, beam 4, one sentence at a time (how most people call it)
  hf-batched     transformers, batches of 32 sorted by length (beam 4 and greedy)
  ct2-raw        CTranslate2 translate_batch on pre-tokenized input, int8 (CPU) / float16 and
                 int8_float16 (GPU), best of a few thread/batch settings (beam 4 and greedy)
  reader-ct2     `reader translate FILE --backend ctranslate2` end to end (beam 4 and --greedy)
  reader-torch   `reader translate FILE --backend torch` end to end (beam 4)

The model is the random-weight twin of opus-mt-de-en (benchmarks/make_twin_model.py builds it;
exact shape, real subword models). Random weights never emit </s> sensibly, so EVERY engine is
forced to the same output length per sentence: source subwords (</s> included) + --extra
(transformers: min_new_tokens = max_new_tokens; CTranslate2: min/max_decoding_length per batch;
reader: DecodingOptions.force_length_extra, set by benchmarks/forced_length.py). Batched engines run each batch to
its longest row (as beam search does anyway); tokens/s counts the forced tokens
sum(source subwords + extra) over the time spent translating (model load excluded), and
"first" is the time from process start to the first translated sentence.

    python benchmarks/speed.py                       # CPU: 200 newstest2019 sentences + a novel slice
    python benchmarks/speed.py --sentences 2000 --novel-lines 0 --whole-novel
    python benchmarks/speed.py --repeat 5 --sentences 100 --novel-lines 20   # median reader/raw ratios
    python benchmarks/speed.py --repeat 3 --sentences 100 --novel-lines 20 --shortlist on   # + a shortlist column
    python benchmarks/speed.py --repeat 3 --sentences 100 --novel-lines 20 --shortlist on --store-row   # + txt with a store
    python benchmarks/speed.py --device cuda --sentences 10000   # the GPU table (H100/H200)
    python benchmarks/speed.py --device cuda --quick --sentences-file S.de --twin-tokenizers DIR  # benchmarks/gpu.py

On the CPU it skips cleanly (exit 0 with a message) when ../shared/data is absent and no
--sentences-file is given; on CUDA that is an error (exit 1), so a device run never passes
by measuring nothing. On CUDA every engine translates a few sentences untimed first (CUDA
context, cuBLAS handles, kernels), and the reader gets raw CTranslate2's batch-token budget.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("READER_SHARED_DATA") or ROOT.parent / "shared" / "data")  # a worktree elsewhere: set it
NEWSTEST = DATA / "parallel" / "newstest2019.de"
MORE_DE = [DATA / "parallel" / n for n in ("wmt22-general.de", "flores200-devtest.de", "tatoeba-v2021-08-07.de")]
NOVEL = DATA / "prose" / "fontane-vor-dem-sturm-1878.de.txt"
TWIN = ROOT / "benchmarks" / "out" / "opus-mt-de-en-twin"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def since_start() -> float:
    return time.perf_counter() - START


# ---------------------------------------------------------------- workers (run in a child process)


def _vocab(model: Path):
    sys.path.insert(0, str(ROOT))
    from reader.engines.vocab import MarianVocab
    from reader.models import config_preprocess

    return MarianVocab(model, config_preprocess(model))  # the input the engines get in reader


def _batches(lengths, size):
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[i:i + size] for i in range(0, len(order), size)]


def warm_up_sentences(sentences: list[str]) -> list[str]:
    """What a CUDA worker translates untimed before it starts the clock."""
    return sentences[:8]


def gpu_memory_mb() -> float | None:
    """This process's memory on the GPU (what the engine's allocator holds at the end ≈ its peak), via NVML."""
    try:
        import pynvml

        pynvml.nvmlInit()
        handle = pynvml.nvmlDeviceGetHandleByIndex(0)
        for p in pynvml.nvmlDeviceGetComputeRunningProcesses(handle):
            if p.pid == os.getpid() and p.usedGpuMemory:
                return p.usedGpuMemory / 2**20
        return pynvml.nvmlDeviceGetMemoryInfo(handle).used / 2**20  # inside a container pids may not match
    except Exception:  # no NVML: the column stays empty
        return None


def worker_hf(args, sentences: list[str]) -> dict:
    import torch
    from transformers import MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(args.threads or torch.get_num_threads())
    cuda = args.device == "cuda"
    vocab = _vocab(args.model)
    dtype = getattr(torch, args.hf_dtype) if args.hf_dtype else (torch.float16 if cuda else torch.float32)
    model = MarianMTModel.from_pretrained(args.model, dtype=dtype)
    model.eval().to("cuda" if cuda else "cpu")
    if cuda:
        torch.cuda.synchronize()
    load = since_start()
    ids = [vocab.encode(s).ids for s in sentences]
    targets = [len(x) + args.extra for x in ids]
    size = 1 if args.engine == "hf-naive" else args.batch
    batches = [list(range(len(ids)))[i:i + 1] for i in range(len(ids))] if size == 1 else _batches([len(x) for x in ids], size)
    first = None
    if cuda:
        batches = [list(range(min(len(ids), len(warm_up_sentences(sentences)))))] + batches  # the first is untimed
    t0 = time.perf_counter()
    with torch.inference_mode():
        for n_batch, batch in enumerate(batches):
            longest = max(len(ids[i]) for i in batch)
            inp = torch.full((len(batch), longest), vocab.pad_id, dtype=torch.long)
            for r, i in enumerate(batch):
                inp[r, : len(ids[i])] = torch.tensor(ids[i])
            inp = inp.to(model.device)
            n = max(targets[i] for i in batch)
            model.generate(input_ids=inp, attention_mask=(inp != vocab.pad_id).long(), num_beams=args.beams,
                           do_sample=False, min_new_tokens=n, max_new_tokens=n, max_length=None)
            if cuda:
                torch.cuda.synchronize()
                if n_batch == 0:  # the warm-up batch
                    t0 = time.perf_counter()
                    continue
            if first is None:
                first = since_start()
    elapsed = time.perf_counter() - t0
    return dict(load=load, first=first, seconds=elapsed, tokens=sum(targets), sentences=len(ids))


def worker_ct2(args, sentences: list[str]) -> dict:
    import ctranslate2

    sys.path.insert(0, str(ROOT))
    from reader.engines.ctranslate2.conversion import convert
    from reader.models import resolve_model

    path = convert(resolve_model(str(args.model)), args.compute_type)  # normally cached already (the parent converts first)
    inter, intra = args.inter, args.intra
    translator = ctranslate2.Translator(str(path), device=args.device, compute_type=args.compute_type,
                                        inter_threads=inter, intra_threads=intra)
    vocab = _vocab(args.model)
    load = since_start()
    ids = [vocab.encode(s).ids for s in sentences]
    tokens = [vocab.tokens(x) for x in ids]
    targets = [len(x) + args.extra for x in ids]
    if args.device == "cuda":
        warm = tokens[: len(warm_up_sentences(sentences))]
        translator.translate_batch(warm, beam_size=args.beams, max_input_length=0, max_decoding_length=args.extra)
    t0 = time.perf_counter()
    if args.tokens:  # length-sorted, at most --batch sentences and --tokens padded source tokens
        from reader.engines.batching import plan_batches

        batches = plan_batches([len(x) for x in ids], args.batch, args.tokens)
    else:
        batches = _batches([len(x) for x in ids], args.batch)
    first = None
    jobs = []
    for batch in batches:  # submitted asynchronously so inter_threads > 1 can run batches in parallel
        n = max(targets[i] for i in batch) - 1
        jobs.append(translator.translate_batch([tokens[i] for i in batch], beam_size=args.beams, max_input_length=0,
                                               min_decoding_length=n, max_decoding_length=n, asynchronous=True))
    produced = 0
    for batch, job in zip(batches, jobs):
        for r in job:
            produced += len(r.result().hypotheses[0])
            if first is None:
                first = since_start()
    elapsed = time.perf_counter() - t0
    return dict(load=load, first=first, seconds=elapsed, tokens=sum(targets), sentences=len(ids), produced=produced)


def worker_reader(args, input_file: Path) -> dict:
    """`reader translate` in this process, with timers around the translator (nothing else changed)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import forced_length
    import reader.cli.translate as tr
    from reader.cli import main

    forced_length.install(args.extra)

    stats = dict(load=None, first=None, seconds=0.0, tokens=0, sentences=0, units=0)
    make = tr.make_translator

    def timed_make(a, notify=None, **kw):
        translator = make(a, notify, **kw)
        load, translate = translator.load, translator.translate

        def timed_load():
            load()
            if stats["load"] is None:
                if args.device == "cuda":
                    translate(warm_up_sentences(Path(args.input).read_text(encoding="utf-8").split("\n\n")))
                stats["load"] = since_start()

        def timed_translate(sources):
            if stats["load"] is None:
                timed_load()
            t0 = time.perf_counter()
            out = translate(sources)
            stats["seconds"] += time.perf_counter() - t0
            stats["sentences"] += len(out)
            stats["tokens"] += sum(len(t.best.tokens) for t in out)
            if stats["first"] is None:
                stats["first"] = since_start()
            return out

        translator.load, translator.translate = timed_load, timed_translate
        return translator

    tr.make_translator = timed_make
    # "txt+store": txt with a fresh store instead of --no-cache (the default run: the word links are
    # made for the store, which keeps them for the reader)
    fmt, stored = args.format.removesuffix("+store"), args.format.endswith("+store")
    work = Path(tempfile.mkdtemp())
    out = work / f"out.{fmt}"
    argv = ["translate", str(input_file), "-o", str(out), "-q", *(["--cache-dir", str(work / "cache")] if stored else ["--no-cache"]),
            "--model", str(args.model),
            "--backend", args.backend, "--device", args.device, "--batch-size", str(args.batch),
            "--shortlist", args.shortlist]
    if args.batch_tokens:
        argv += ["--batch-tokens", str(args.batch_tokens)]
    if args.reader_compute_type:
        argv += ["--compute-type", args.reader_compute_type]
    if args.beams == 1:
        argv.append("--greedy")
    code = main(argv)
    stats["wall"] = since_start()
    if code:
        raise SystemExit(code)
    return stats


def run_worker(args) -> None:
    if args.engine.startswith("reader"):
        result = worker_reader(args, Path(args.input))
    else:
        sentences = Path(args.input).read_text(encoding="utf-8").splitlines()
        result = (worker_ct2 if args.engine == "ct2-raw" else worker_hf)(args, sentences)
    result["rss_mb"] = peak_rss_mb()
    if args.device == "cuda":
        result["gpu_mb"] = gpu_memory_mb()
    result.setdefault("wall", since_start())
    print("RESULT " + json.dumps(result), flush=True)


# ---------------------------------------------------------------- the parent: inputs, runs, table


def spawn(engine: str, input_file: Path, opts, **kw) -> dict | None:
    cmd = [sys.executable, __file__, "--worker", "--engine", engine, "--input", str(input_file),
           "--model", str(opts.model), "--device", opts.device, "--extra", str(opts.extra)]
    for k, v in kw.items():
        cmd += [f"--{k.replace('_', '-')}", str(v)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    print(f"  {engine} {kw} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
    return None


def row(label: str, r: dict | None) -> str:
    if r is None:
        return f"| {label} | failed | | | | | |"
    tps = r["tokens"] / r["seconds"]
    sps = r["sentences"] / r["seconds"]
    memory = f"{r['rss_mb']:,.0f}" + (f" (GPU {r['gpu_mb']:,.0f})" if r.get("gpu_mb") else "")
    return (f"| {label} | {tps:,.0f} | {sps:,.2f} | {memory} | {r['load']:.2f} | {r['first']:.2f} | "
            f"{r['seconds']:.1f} |")


HEADER = ("| engine | tokens/s | sentences/s | peak RSS MB (GPU MB) | load s | first s | translate s |\n"
          "|---|---|---|---|---|---|---|")


def best_ct2(input_file: Path, opts, beams: int, compute_type: str) -> tuple[dict | None, str]:
    """CTranslate2 at its best settings here: a few thread splits and batch sizes, the fastest kept."""
    n = os.cpu_count() or 1
    if opts.device == "cuda":
        grid = [dict(inter=1, intra=0, batch=b) for b in (32, 256, 1024)]
        if opts.quick:
            grid = [dict(inter=1, intra=0, batch=opts.gpu_batch)]
    else:
        sys.path.insert(0, str(ROOT))
        from reader.engines.ctranslate2.translator import CPU_BEAM_TOKENS

        # Besides the usual splits, the reader's own CPU token budget (and twice it), so raw
        # CTranslate2 is never slower than the batches the reader forms.
        grid = [dict(inter=1, intra=n, batch=32), dict(inter=n, intra=1, batch=32), dict(inter=1, intra=n, batch=64),
                dict(inter=n, intra=1, batch=32, tokens=2 * CPU_BEAM_TOKENS // (beams * n)),
                dict(inter=n, intra=1, batch=32, tokens=CPU_BEAM_TOKENS // (beams * n))]
        if opts.quick:
            grid = grid[:1]
    best, label = None, ""
    for g in grid:
        r = spawn("ct2-raw", input_file, opts, beams=beams, compute_type=compute_type, **g)
        if r and (best is None or r["tokens"] / r["seconds"] > best["tokens"] / best["seconds"]):
            best, label = r, f"inter {g['inter']} intra {g['intra']} batch {g['batch']}" + (
                f" ≤{g['tokens']} tokens" if g.get("tokens") else "")
            best["settings"] = g
    return best, label


def alternate(title: str, sentences: list[str], opts) -> None:
    """Reader / raw CTranslate2 ratios, repeated: raw (at its best settings, found first) and
    the reader in fresh processes one after the other, --repeat rounds; the median ratio
    is what to compare with the 0.9 target (single runs move by ±5 % here)."""
    import statistics

    tmp = Path(tempfile.mkdtemp(prefix="reader-speed-"))
    sent_file, doc_file = tmp / "sentences.txt", tmp / "document.txt"
    sent_file.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    doc_file.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    ct = "float16" if opts.device == "cuda" else "int8"
    batch = opts.gpu_batch if opts.device == "cuda" else 32
    print(f"\n### {title}: reader / raw CTranslate2 {ct}, {opts.repeat} alternating rounds\n")
    listed = opts.shortlist == "on"
    print("| search | output | raw settings | reader / raw, each round | median |"
          + (" reader + shortlist / raw, each round | median |\n|---|---|---|---|---|---|---|" if listed else "\n|---|---|---|---|---|"))
    for beams, fmts in ((4, ("txt", "jsonl", *(("txt+store",) if opts.store_row else ()))), (1, ("txt",))):
        raw_best, how = best_ct2(sent_file, opts, beams, ct)
        if raw_best is None:
            continue
        uses = ("off", "on") if listed else ("off",)
        ratios: dict[tuple[str, str], list[float]] = {(f, u): [] for f in fmts for u in uses}
        for _ in range(opts.repeat):
            raw = spawn("ct2-raw", sent_file, opts, beams=beams, compute_type=ct, **raw_best["settings"])
            for fmt in fmts:
                for use in uses:
                    rd = spawn("reader-ctranslate2", doc_file, opts, backend="ctranslate2", beams=beams, batch=batch,
                               format=fmt, shortlist=use, **reader_budget(opts, raw_best["settings"]))
                    if raw and rd:
                        ratios[fmt, use].append((rd["tokens"] / rd["seconds"]) / (raw["tokens"] / raw["seconds"]))
        for fmt in fmts:
            cells = ""
            for use in uses:
                rs = ratios[fmt, use]
                each = ", ".join(f"{x:.2f}" for x in rs)
                cells += f" {each} | **{statistics.median(rs):.2f}×** |" if rs else " failed | |"
            print(f"| {'beam 4' if beams == 4 else 'greedy'} | {fmt} | {how} |{cells}", flush=True)


SHORTLIST_SENTENCES = 100  # WMT22 sentences the shortlist learns from: neither newstest2019 nor the novel


def ensure_shortlist(model, compute_type: str) -> None:
    """The model's list for --shortlist on, built once without the gate (no gate can pass on random weights).

    Its size per batch is what matters for speed: the twin's random outputs give each source piece
    its 20 learned candidates as a real model's would, beside the same always-kept and copied ones.
    """
    from reader.engines.ctranslate2.conversion import converted_dir
    from reader.engines.shortlist import read_shortlist

    stored = read_shortlist(converted_dir(model, compute_type), model.key)
    if stored is None:
        from reader.shortlist import build_shortlist

        source = DATA / "parallel" / "wmt22-general.de"
        sentences = [l for l in source.read_text(encoding="utf-8").splitlines() if l.strip()][:SHORTLIST_SENTENCES]
        print(f"building the shortlist of {model.name} from {len(sentences)} sentences of {source.name} …", file=sys.stderr)
        stored = build_shortlist(model, sentences, compute_type=compute_type, gate=False).stored
    kept = (stored.directory / "vmap.txt").read_text(encoding="utf-8").split("\n", 1)[0].split()
    print(f"shortlist {stored.digest}: {len(kept)} always kept, {stored.built.get('sources_with_candidates')} source "
          f"subwords with candidates ({stored.directory})")


def reader_budget(opts, raw_settings: dict | None) -> dict:
    """On CUDA the reader batches as raw CTranslate2 did: its sentences per batch and its token budget (none: unbounded)."""
    if opts.device != "cuda":
        return {}
    raw_settings = raw_settings or {}
    return dict(batch=raw_settings.get("batch", opts.gpu_batch), batch_tokens=raw_settings.get("tokens") or 10**9)


def table(title: str, sentences: list[str], paragraphs_text: str, opts) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="reader-speed-"))
    sent_file = tmp / "sentences.txt"
    sent_file.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    doc_file = tmp / "document.txt"
    doc_file.write_text(paragraphs_text, encoding="utf-8")
    cuda = opts.device == "cuda"
    ct2_types = ["float16", "int8_float16"] if cuda else ["int8"]
    batch = opts.gpu_batch if cuda else 32
    print(f"\n### {title}\n")
    print(HEADER)
    lines = []
    if not opts.skip_naive:
        # Evenly spaced, so the sample has the set's mix of lengths (one at a time, tokens/s
        # depends on the length); its mean length is printed beside the set's.
        n = min(opts.naive_sentences, len(sentences))
        naive = [sentences[i * len(sentences) // n] for i in range(n)]
        nf = tmp / "naive.txt"
        nf.write_text("\n".join(naive) + "\n", encoding="utf-8")
        r = spawn("hf-naive", nf, opts, beams=4, batch=1)
        mean = lambda xs: sum(len(x.split()) for x in xs) / len(xs)
        print(row(f"transformers {'fp16' if cuda else 'fp32'}, beam 4, one at a time ({len(naive)} of "
                  f"{len(sentences)} sentences, evenly spaced: {mean(naive):.1f} words each, {mean(sentences):.1f} in all)", r))
        lines.append(("naive", r))
    for beams in (4, 1):
        r = spawn("hf-batched", sent_file, opts, beams=beams, batch=batch)
        print(row(f"transformers {'fp16' if cuda else 'fp32'}, {'beam 4' if beams == 4 else 'greedy'}, batches of {batch} sorted", r))
        lines.append((f"hf{beams}", r))
    for ct in ct2_types:
        for beams in (4, 1):
            r, how = best_ct2(sent_file, opts, beams, ct)
            print(row(f"CTranslate2 {ct}, {'beam 4' if beams == 4 else 'greedy'}, raw, best ({how})", r))
            lines.append((f"ct2-{ct}-{beams}", r))
    # -o out.txt (the default kind of output: no per-token scores needed, so no scoring pass)
    # and -o out.jsonl (every annotation: per-token log-probs and word links).
    runs = [("ctranslate2", 4, "txt"), ("ctranslate2", 4, "jsonl"), ("ctranslate2", 1, "txt"), ("torch", 4, "txt")]
    if opts.quick:
        runs = runs[:3]
    for backend, beams, fmt in runs:
        raw = next((v for k, v in lines if k == f"ct2-{ct2_types[0]}-{beams}"), None)
        budget = reader_budget(opts, raw["settings"] if raw else None) if backend == "ctranslate2" else {}
        r = spawn(f"reader-{backend}", doc_file, opts, **{"backend": backend, "beams": beams, "batch": batch, "format": fmt, **budget})
        name = "ct2 " + ("int8" if not cuda else "float16") if backend == "ctranslate2" else ("torch fp16" if cuda else "torch fp32")
        print(row(f"`reader translate -o out.{fmt}` end to end, {name}, {'beam 4' if beams == 4 else 'greedy'}", r))
        lines.append((f"reader-{backend}-{beams}" + ("-jsonl" if fmt == "jsonl" else ""), r))
    rates = {k: (v["tokens"] / v["seconds"] if v else None) for k, v in lines}
    print()
    ct = ct2_types[0]
    for key, what in (("4", "beam 4, txt"), ("4-jsonl", "beam 4, jsonl (with per-token scores)"), ("1", "greedy, txt")):
        rd, raw = rates.get(f"reader-ctranslate2-{key}"), rates.get(f"ct2-{ct}-{key[0]}")
        if rd and raw:
            print(f"- reader ct2 {what} / raw CTranslate2 {ct}: {rd / raw:.2f}× (target ≥ 0.9)")
    for key, what in (("4", "txt"), ("4-jsonl", "jsonl")):
        if rates.get("naive") and rates.get(f"reader-ctranslate2-{key}"):
            print(f"- reader ct2 beam 4, {what} / transformers naive: "
                  f"{rates[f'reader-ctranslate2-{key}'] / rates['naive']:.1f}× (target ≥ 15)")
    if cuda and rates.get("hf4") and rates.get(f"ct2-{ct}-4"):
        best_hf = max(v for k, v in rates.items() if k.startswith("hf") and v)
        best_ct = max(v for k, v in rates.items() if (k.startswith("ct2") or k.startswith("reader-ctranslate2")) and v)
        print(f"- best CTranslate2 / best batched transformers fp16: {best_ct / best_hf:.1f}× (target ≥ 2)")


def novel_rss(opts, paragraphs: int = 0) -> None:
    """Peak RSS of `reader translate` on the novel (whole, or its first paragraphs) with CTranslate2 int8."""
    source, what = NOVEL, "whole"
    if paragraphs:
        lines = [l for l in NOVEL.read_text(encoding="utf-8").splitlines() if l.strip()][:paragraphs]
        source = Path(tempfile.mkdtemp(prefix="reader-speed-")) / NOVEL.name
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        what = f"first {paragraphs} of 4387 paragraphs"
    print(f"\n### Novel ({what}), `reader translate` end to end, CTranslate2 int8, beam 4\n")
    print(HEADER)
    results = []
    for fmt in ("txt", "jsonl"):
        r = spawn("reader-ctranslate2", source, opts, backend="ctranslate2", beams=4, batch=32, format=fmt)
        print(row(f"{NOVEL.name} ({what}) -o out.{fmt}", r), flush=True)
        results.append((fmt, r))
    print()
    for fmt, r in results:
        if r:
            print(f"- {fmt}: peak RSS {r['rss_mb']:.0f} MB (target < 700 MB); {r['sentences']} sentences, wall {r['wall']:.0f} s")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--model", type=Path, default=TWIN, help="a Marian model directory (default: the twin; built if missing)")
    p.add_argument("--sentences", type=int, default=200, help="newstest2019 sentences (more from wmt22/flores/tatoeba past 2000)")
    p.add_argument("--naive-sentences", type=int, default=50, help="sentences for the one-at-a-time baseline (slow)")
    p.add_argument("--novel-lines", type=int, default=60, help="paragraphs of the novel for the second table (0: skip)")
    p.add_argument("--whole-novel", action="store_true", help="also translate the whole novel with reader/ct2 int8 (peak RSS)")
    p.add_argument("--novel-rss-paragraphs", type=int, default=0, metavar="N",
                   help="peak RSS of reader/ct2 int8 beam 4 on the novel's first N paragraphs (cheaper than --whole-novel)")
    p.add_argument("--extra", type=int, default=8, help="forced output length: source subwords + EXTRA")
    p.add_argument("--gpu-batch", type=int, default=256, help="batch size for the GPU table")
    p.add_argument("--skip-naive", action="store_true")
    p.add_argument("--quick", action="store_true", help="one CTranslate2 setting only")
    p.add_argument("--sentences-file", type=Path, metavar="FILE",
                   help="German sentences, one a line, instead of ../shared/data's (which does not travel to a device)")
    p.add_argument("--twin-tokenizers", type=Path, metavar="DIR",
                   help="build a missing twin with DIR's source.spm/target.spm (make_twin_model.py --tokenizers-from)")
    p.add_argument("--repeat", type=int, default=0, metavar="N",
                   help="instead of the tables: N alternating rounds of raw CTranslate2 and the reader (median ratios)")
    p.add_argument("--store-row", action="store_true",
                   help="--repeat: also a 'txt+store' row, the reader writing a fresh store (word links made, as by default)")
    # worker options
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--engine", help=argparse.SUPPRESS)
    p.add_argument("--input", help=argparse.SUPPRESS)
    p.add_argument("--beams", type=int, default=4, help=argparse.SUPPRESS)
    p.add_argument("--batch", type=int, default=32, help=argparse.SUPPRESS)
    p.add_argument("--compute-type", default="int8", help=argparse.SUPPRESS)
    p.add_argument("--inter", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--intra", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--tokens", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--backend", default="ctranslate2", help=argparse.SUPPRESS)
    p.add_argument("--format", default="txt", help=argparse.SUPPRESS)
    p.add_argument("--batch-tokens", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--reader-compute-type", default="", help=argparse.SUPPRESS)
    p.add_argument("--hf-dtype", default="", help=argparse.SUPPRESS)  # bfloat16: benchmarks/cpu_isa.py
    p.add_argument("--shortlist", choices=("auto", "on", "off"), default="off",
                   help="worker: the reader's --shortlist; parent (--repeat): 'on' adds a column with the model's list "
                        "(built without the gate when missing, from WMT22 sentences the sets do not contain)")
    opts = p.parse_args()
    if opts.worker:
        run_worker(opts)
        return 0
    source = opts.sentences_file or NEWSTEST
    if not source.exists():
        print(f"skipped: {source} is not here (give --sentences-file)")
        return 1 if opts.device == "cuda" else 0
    if not NOVEL.exists() and (opts.novel_lines or opts.whole_novel or opts.novel_rss_paragraphs):
        print(f"note: {NOVEL} is not here; no novel table", file=sys.stderr)
        opts.novel_lines, opts.whole_novel, opts.novel_rss_paragraphs = 0, False, 0
    if not (opts.model / "config.json").exists():
        print(f"building the twin model in {opts.model} …", file=sys.stderr)
        build = [sys.executable, str(ROOT / "benchmarks" / "make_twin_model.py"), str(opts.model),
                 "--threads", str(os.cpu_count() or 2)]
        subprocess.run(build + (["--tokenizers-from", str(opts.twin_tokenizers)] if opts.twin_tokenizers else []), check=True)
    try:
        import ctranslate2
    except ImportError:
        print("error: the ctranslate2 package is not installed (benchmarks/gpu_bundle.sh carries its wheel)")
        return 1
    if opts.device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        print("error: --device cuda, but CTranslate2 sees no CUDA device")
        return 1
    # Convert once up front so no timed run pays for it.
    sys.path.insert(0, str(ROOT))
    from reader.engines.ctranslate2.conversion import convert
    from reader.models import resolve_model

    model = resolve_model(str(opts.model.resolve()))
    for ct in (["float16", "int8_float16"] if opts.device == "cuda" else ["int8"]):
        convert(model, ct)
    opts.model = opts.model.resolve()
    if opts.repeat and opts.shortlist == "on":
        ensure_shortlist(model, "float16" if opts.device == "cuda" else "int8")

    sentences = source.read_text(encoding="utf-8").splitlines()
    for extra in MORE_DE:
        if len(sentences) >= opts.sentences or opts.sentences_file:
            break
        if extra.exists():
            sentences += extra.read_text(encoding="utf-8").splitlines()
    while len(sentences) < opts.sentences:
        sentences = sentences + sentences
    sentences = [s for s in sentences if s.strip()][: opts.sentences]
    load = os.getloadavg()
    print(f"## speed.py — {opts.device}, {os.cpu_count()} CPU threads, load average {load[0]:.2f} at start, "
          f"model {opts.model.name}, forced length = source subwords + {opts.extra}")
    # One sentence per paragraph, so the reader's segmenter sees the same sentences.
    if opts.repeat:
        alternate(f"newstest2019 ({len(sentences)} sentences)", sentences, opts)
    else:
        table(f"newstest2019 ({len(sentences)} sentences)", sentences, "\n\n".join(sentences) + "\n", opts)
    if opts.novel_lines:
        paras = [l for l in NOVEL.read_text(encoding="utf-8").splitlines() if l.strip()][100: 100 + opts.novel_lines]
        sys.path.insert(0, str(ROOT))
        from reader.text.segment import sentence_spans

        novel_sentences = [" ".join(p[s:e].split()) for p in paras for s, e in sentence_spans(p)]
        opts2 = argparse.Namespace(**{**vars(opts), "naive_sentences": min(opts.naive_sentences, 30)})
        title = f"{NOVEL.name}, paragraphs 100–{100 + opts.novel_lines} ({len(novel_sentences)} sentences)"
        if opts.repeat:
            alternate(title, novel_sentences, opts2)
        else:
            table(title, novel_sentences, "\n\n".join(novel_sentences) + "\n", opts2)
    if opts.whole_novel:
        novel_rss(opts)
    elif opts.novel_rss_paragraphs:
        novel_rss(opts, opts.novel_rss_paragraphs)
    print(f"\nload average at end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
