"""The CPU's matrix units read from /proc/cpuinfo, and CTranslate2's packed-GEMM switch by version."""

from __future__ import annotations

from reader.engines.ctranslate2.cpu_features import (
    describe_cpu, matrix_units, packed_gemm_variable, parse_flags,
)

ZEN4 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 fma avx512f avx512bw avx512_vnni avx512_bf16\n"
SAPPHIRE_RAPIDS = "flags\t: avx2 fma avx512f avx512bw avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8\n"
ALDER_LAKE = "flags\t: avx2 fma avx_vnni\n"
HASWELL = "flags\t: sse4_2 avx avx2 fma\n"
GRAVITON = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp\n"


def test_the_best_matrix_unit_is_named():
    assert matrix_units(parse_flags(SAPPHIRE_RAPIDS)) == "AMX"
    assert matrix_units(parse_flags(ZEN4)) == "AVX-512 VNNI"
    assert matrix_units(parse_flags(ALDER_LAKE)) == "AVX-VNNI"
    assert matrix_units(parse_flags(HASWELL)) == "AVX2"
    assert matrix_units(parse_flags(GRAVITON)) == "none"
    assert matrix_units(parse_flags("")) == "none"


def test_amx_needs_its_int8_tiles():
    assert matrix_units(parse_flags("flags\t: avx512f avx512bw avx512_vnni amx_bf16 amx_tile\n")) == "AVX-512 VNNI"


def test_packed_gemm_variable_was_renamed_in_4_8():
    assert packed_gemm_variable("4.8.5") == "CT2_PACKED_GEMM"
    assert packed_gemm_variable("5.0") == "CT2_PACKED_GEMM"
    assert packed_gemm_variable("4.7.1") == "CT2_USE_EXPERIMENTAL_PACKED_GEMM"
    assert packed_gemm_variable("3.24.0") == "CT2_USE_EXPERIMENTAL_PACKED_GEMM"


def test_this_machine_is_described_in_one_line():
    line = describe_cpu()
    assert "\n" not in line and "cores" in line
