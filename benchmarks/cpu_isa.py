"""The CPU's own units: CTranslate2 int8 under its ISA and GEMM switches against torch fp32 and bf16 (not a test).

What this machine has (reader.engines.ctranslate2.cpu_features), then raw CTranslate2 and
transformers on the twin (forced lengths, beam 4, speed.py's workers, each a fresh process),
--repeat rounds alternating, median tokens/s. CTranslate2's switches are environment variables
read when it loads: CT2_PACKED_GEMM (CT2_USE_EXPERIMENTAL_PACKED_GEMM before 4.8: weights
pre-packed for the GEMM backend), CT2_FORCE_CPU_ISA (its own kernels' ISA), CT2_USE_MKL.

    python benchmarks/cpu_isa.py --sentences 100 --repeat 2
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import speed  # noqa: E402

from reader.engines.ctranslate2.cpu_features import describe_cpu, packed_gemm_variable  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, default=speed.TWIN)
    p.add_argument("--sentences", type=int, default=100)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--extra", type=int, default=8)
    p.add_argument("--skip-torch", action="store_true")
    p.add_argument("--sentences-file", type=Path, default=speed.NEWSTEST, help="German sentences, one a line")
    opts = p.parse_args()
    if not opts.sentences_file.exists() or not (opts.model / "config.json").exists():
        print(f"skipped: needs {opts.sentences_file} and the twin in {opts.model} (benchmarks/make_twin_model.py)")
        return 0
    import ctranslate2

    opts.device, opts.quick, opts.gpu_batch = "cpu", False, 256
    opts.model = opts.model.resolve()
    from reader.engines.ctranslate2.conversion import convert
    from reader.engines.ctranslate2.runtime import cpu_threads
    from reader.engines.ctranslate2.translator import CPU_BEAM_TOKENS
    from reader.models import resolve_model

    for ct in ("int8", "float32"):
        convert(resolve_model(str(opts.model)), ct)
    sentences = [s for s in opts.sentences_file.read_text(encoding="utf-8").splitlines() if s.strip()][: opts.sentences]
    sent_file = Path(tempfile.mkdtemp(prefix="reader-isa-")) / "sentences.txt"
    sent_file.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    n = cpu_threads()
    raw = dict(inter=n, intra=1, batch=32, tokens=CPU_BEAM_TOKENS // (4 * n))  # the reader's own CPU batches
    packed = packed_gemm_variable(ctranslate2.__version__)
    runs = {
        "CTranslate2 int8 (its default dispatch)": ("ct2-raw", {}, dict(compute_type="int8", **raw)),
        f"CTranslate2 int8, {packed}=1": ("ct2-raw", {packed: "1"}, dict(compute_type="int8", **raw)),
        "CTranslate2 int8, CT2_FORCE_CPU_ISA=AVX2": ("ct2-raw", {"CT2_FORCE_CPU_ISA": "AVX2"}, dict(compute_type="int8", **raw)),
        "CTranslate2 float32": ("ct2-raw", {}, dict(compute_type="float32", **raw)),
    }
    if not opts.skip_torch:
        runs["transformers fp32, batches of 32"] = ("hf-batched", {}, dict(batch=32))
        runs["transformers bf16, batches of 32"] = ("hf-batched", {}, dict(batch=32, hf_dtype="bfloat16"))
    rates: dict[str, list[float]] = {k: [] for k in runs}
    saved = dict(os.environ)
    for _ in range(opts.repeat):
        for label, (engine, env, kw) in runs.items():
            os.environ.clear()
            os.environ.update({**saved, **env})
            r = speed.spawn(engine, sent_file, opts, beams=4, **kw)
            if r:
                rates[label].append(r["tokens"] / r["seconds"])
            print(f"  {label}: {r and round(r['tokens'] / r['seconds'])}", file=sys.stderr, flush=True)
    os.environ.clear()
    os.environ.update(saved)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"{describe_cpu()}; CTranslate2 {ctranslate2.__version__}, compute types {sorted(ctranslate2.get_supported_compute_types('cpu'))}")
    print(f"{len(sentences)} newstest2019 sentences, twin, beam 4, forced length +{opts.extra}, median of {opts.repeat}; "
          f"`uptime` at the end: {uptime}\n")
    print("| engine | tokens/s, each round | median |\n|---|---|---|")
    base = statistics.median(rates["CTranslate2 int8 (its default dispatch)"] or [0]) or None
    for label, rs in rates.items():
        if rs:
            med = statistics.median(rs)
            vs = f" ({med / base:.2f}×)" if base else ""
            print(f"| {label} | {', '.join(f'{x:,.0f}' for x in rs)} | {med:,.0f}{vs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
