"""The CPU's matrix units (AMX, AVX-512 VNNI, AVX2), named for benchmarks and reports, and why nothing is switched by them.

Measured on an AMD EPYC (Zen 4: AVX-512 VNNI and BF16, no AMX; docs/benchmarks.md "CPU instruction
sets"): int8 is CTranslate2's fastest CPU type there; packed GEMM changes nothing, since it
packs weights for Intel MKL, which CTranslate2 uses only on Intel CPUs; forcing its own
kernels down to AVX2 costs speed. On an Intel Xeon with AMX, MKL's default dispatch is
1.2× faster than one restricted to AVX512_E1 (issue 25), so no ISA is ever restricted here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# Best first: what the int8 GEMM can use.
MATRIX_UNITS = (
    ("AMX", ("amx_int8", "amx_tile")),
    ("AVX-512 VNNI", ("avx512_vnni",)),
    ("AVX-VNNI", ("avx_vnni",)),
    ("AVX-512", ("avx512f", "avx512bw")),
    ("AVX2", ("avx2", "fma")),
)


@lru_cache(maxsize=1)
def cpu_flags() -> frozenset[str]:
    """The first processor's flags from /proc/cpuinfo (empty where there is none: not Linux, not x86)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    return parse_flags(text)


def parse_flags(cpuinfo: str) -> frozenset[str]:
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


def matrix_units(flags: frozenset[str]) -> str:
    """The best matrix unit the flags name: AMX, AVX-512 VNNI, AVX-VNNI, AVX-512, AVX2, or none."""
    for name, needed in MATRIX_UNITS:
        if all(f in flags for f in needed):
            return name
    return "none"


def cpu_vendor_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return "unknown CPU"


def describe_cpu() -> str:
    """One line: the CPU, its best matrix unit, bf16 support, the cores this process may use."""
    from .runtime import cpu_threads

    flags = cpu_flags()
    bf16 = "bf16" if {"avx512_bf16", "amx_bf16"} & flags else "no bf16"
    return f"{cpu_vendor_model()}: {matrix_units(flags)}, {bf16}, {cpu_threads()} cores"


def packed_gemm_variable(version: str) -> str:
    """The environment variable that turns packed GEMM on: renamed in CTranslate2 4.8."""
    major, minor = (int(x) for x in (version.split(".") + ["0"])[:2])
    return "CT2_PACKED_GEMM" if (major, minor) >= (4, 8) else "CT2_USE_EXPERIMENTAL_PACKED_GEMM"
