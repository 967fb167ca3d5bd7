"""Process-wide state of the CTranslate2 engine: threads, the allocator, release at exit."""

from __future__ import annotations

import atexit
import gc
import os
import sys

_LOADED: list = []  # holders of loaded models (a ``model`` attribute), released before the interpreter shuts down


def release_at_exit(holder) -> None:
    """Have ``holder.model`` (a ctranslate2.Translator) unloaded and dropped before interpreter teardown."""
    _LOADED.append(holder)


@atexit.register
def _release() -> None:
    # A CTranslate2 translator with several worker threads that is destroyed during
    # interpreter teardown aborts the process ("terminate called without an active
    # exception"); dropping it while Python is still whole is clean.
    while _LOADED:
        holder = _LOADED.pop()
        model, holder.model = holder.model, None
        if model is not None:
            try:
                model.unload_model()
            except Exception:  # pragma: no cover - best effort at exit
                pass
    gc.collect()


# glibc mallopt parameter (malloc.h)
_M_ARENA_MAX = -8
MALLOC_ARENAS = 2  # glibc malloc arenas (default: 8 per core) once CTranslate2 runs on CPU
_malloc_trim = None
_malloc_tuned = False


def tune_malloc() -> None:
    """Keep glibc malloc from hoarding what CTranslate2's worker threads free (CPU peak RSS).

    Each worker thread would get its own arena, and the per-step buffers of beam search
    (logits over the vocabulary, key/value caches and their reordered copies) freed in one
    arena are not reusable by another; two arenas, and a ``malloc_trim`` after every
    ``translate`` call of several batches (``trim_malloc``), keep RSS near what the searches
    in flight hold (docs/benchmarks.md). Called once, before the first Translator starts its
    threads; does nothing where glibc is not the allocator.
    """
    global _malloc_tuned, _malloc_trim
    if _malloc_tuned or not sys.platform.startswith("linux"):
        return
    _malloc_tuned = True
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt, trim = libc.mallopt, libc.malloc_trim
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
    _malloc_trim = trim


def trim_malloc() -> None:
    """Give the pages malloc holds free back to the system (after a translate call; ~20 ms)."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def cpu_threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def threads(device: str) -> tuple[int, int]:
    """(inter_threads, intra_threads): $READER_CT2_THREADS="INTER,INTRA", else one batch per core on CPU.

    Several small single-threaded batches in parallel beat one batch on all cores on a
    small CPU (measured on 2 cores, benchmarks/speed.py); on a GPU one worker.
    """
    env = os.environ.get("READER_CT2_THREADS", "")
    if env:
        inter, _, intra = env.partition(",")
        return max(1, int(inter)), int(intra or 0)
    if device == "cuda":
        return 1, 0
    return cpu_threads(), 1


def warm_up(model, token: str) -> None:
    """One greedy step over a one-token input.

    CTranslate2 opens its compute libraries at the first forward pass, not when the model
    loads: a CUDA build whose cuBLAS is missing (the PyPI wheel wants libcublas.so.12) would
    otherwise fail in the middle of the first translation. Raises the engine's RuntimeError.
    """
    model.translate_batch([[token]], beam_size=1, max_decoding_length=1)
