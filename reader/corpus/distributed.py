"""The Ray runner: Ray Data reads and segments in CPU tasks, translates in an actor pool, writes in tasks.

The pipeline, one row per unit (the values pickled, so Arrow carries them as bytes):

    from_items(units) → map(prepare)                 CPU tasks: read and segment a document
                      → map_batches(TranslatorActor)  an actor pool; each actor holds one loaded
                                                      translator and gets ``units_per_batch`` units,
                                                      whose sentences it translates together,
                                                      length-sorted by the engine
                      → map(finish)                   tasks: a document's output written atomically,
                                                      or a --lines shard kept as a part
    driver: iter_rows() → the manifest, one line per finished document

Ray restarts an actor that dies (``max_restarts=-1``, Ray Data's default for
actor pools) and retries its batch there; a write is an atomic rename, so a
retried unit replaces its output with the same bytes and the manifest, written
by the driver alone, gets one line per document. On a cluster, SOURCES and
OUTDIR must be on a filesystem every node sees (docs/scale.md).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..engines import DecodingOptions, Translator, open_translator
from ..errors import InputError, ReaderError
from .inputs import Unit
from .outcome import Finished
from .units import OutputSettings, finish, prepare

if TYPE_CHECKING:
    from ..glossary import Glossary

RAY_MISSING = "--ray needs Ray Data: pip install -e '.[ray]' (or pip install 'ray[data]')"


@dataclass(frozen=True, slots=True)
class TranslatorSpec:
    """What each actor opens its own translator from (picklable)."""

    model: str | None
    options: DecodingOptions
    backend: str = "auto"
    device: str = "auto"
    compute_type: str | None = None
    glossary: Glossary | None = None  # terms every actor enforces (reader.glossary)

    def open(self) -> Translator:
        translator = open_translator(self.model, self.options, self.backend, self.device, self.compute_type)
        if not self.glossary:
            return translator
        from ..glossary.translator import GlossaryTranslator

        return GlossaryTranslator(translator, self.glossary)


def _dumps(x) -> bytes:
    return pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL)


def _prepare(row: dict, settings: OutputSettings) -> dict:
    """Ray map task: a document read and segmented; a shard passes through with its sentences."""
    unit: Unit = pickle.loads(row["unit"])
    if unit.lines is not None:
        return {"unit": row["unit"], "doc": b"", "sources": row["sources"], "error": ""}
    p = prepare(unit, settings)
    return {"unit": row["unit"], "doc": _dumps(p.doc) if p.doc is not None else b"", "sources": _dumps(p.sources), "error": p.error}


class TranslatorActor:
    """One loaded translator (on its GPU, or on ``THREADS`` CPU threads); translates a batch of units at once."""

    SPEC: TranslatorSpec  # set on the subclass ``run_ray`` makes
    THREADS: int = 0

    def __init__(self) -> None:
        spec, threads = self.SPEC, self.THREADS
        if spec.device != "cuda" and threads:
            os.environ["READER_CT2_THREADS"] = f"{threads},1"  # one single-threaded batch per core (runtime.threads)
            try:
                import torch

                torch.set_num_threads(threads)
            except ImportError:  # pragma: no cover - torch is a dependency
                pass
        self.translator = spec.open()
        self.translator.load()
        # After loading: an auto translator that fell back to torch reports torch's keys.
        self.keys = f"{self.translator.model_key}\t{self.translator.settings_key}"

    def __call__(self, batch: dict) -> dict:
        rows = [dict(zip(batch, values)) for values in zip(*batch.values())]
        sources = [pickle.loads(r["sources"]) if not r["error"] else [] for r in rows]
        results = self._translate(sources)
        out: dict[str, list] = {"unit": [], "doc": [], "translations": [], "error": [], "keys": [], "enforced": []}
        enforced = getattr(self.translator, "enforced", {})  # a GlossaryTranslator's: which spans it replaced
        for r, result, unit_sources in zip(rows, results, sources):
            error = r["error"] or (result if isinstance(result, str) else "")
            out["unit"].append(r["unit"])
            out["doc"].append(r["doc"])
            out["translations"].append(b"" if error else _dumps(result))
            out["error"].append(error)
            out["keys"].append(self.keys)
            out["enforced"].append(_dumps({s: enforced[s] for s in unit_sources if s in enforced}))
        return out

    def _translate(self, sources: list[list[str]]) -> list:
        """Each unit's translations (or its one-line failure): all units' sentences in one engine call."""
        unique = list(dict.fromkeys(s for unit in sources for s in unit))
        try:
            done = {t.source: t for t in self.translator.translate(unique)} if unique else {}
        except InputError:
            if len(sources) == 1:
                raise
            return [self._translate([one])[0] for one in sources]  # find the unit that fails
        return [[done[s] for s in unit] for unit in sources]


def _finish(row: dict, settings: OutputSettings, part_key: str, term_index=None) -> dict:
    """Ray map task: a document's output written (atomically), or a shard kept as a part; with the run's
    glossary (``term_index``), its term occurrences checked as the actor's GlossaryTranslator would (jsonl's
    ``terms``)."""
    unit: Unit = pickle.loads(row["unit"])
    if row["error"]:
        return {"unit": row["unit"], "sentences": 0, "output": "", "error": row["error"], "keys": row["keys"]}
    translations = pickle.loads(row["translations"])
    terms = None
    if term_index is not None:
        from ..glossary.checking import check_all, occurrence_records

        enforced = pickle.loads(row["enforced"])

        def terms(written):
            return occurrence_records(check_all(term_index, written, enforced))

    try:
        output = finish(unit, pickle.loads(row["doc"]) if row["doc"] else None, translations, settings, part_key, terms)
    except ReaderError as exc:
        return {"unit": row["unit"], "sentences": 0, "output": "", "error": str(exc), "keys": row["keys"]}
    return {"unit": row["unit"], "sentences": len(translations), "output": output or "", "error": "", "keys": row["keys"]}


TASK_CPUS = 0.5  # a reading or writing task: light next to an actor's translating


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def require_ray() -> None:
    """Raise the one-line install hint when Ray Data is not installed."""
    try:
        import ray.data  # noqa: F401
    except ImportError:
        raise ReaderError(RAY_MISSING) from None


def start_ray(address: str | None, actor_cpus: int) -> None:
    """Connect to the cluster at ``address``, or start a local one.

    A local cluster gets one logical CPU more than the actors take, so the reading and
    writing tasks are never starved by actors that hold every core.
    """
    require_ray()
    import ray

    if not ray.is_initialized():
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # the core workers' notices, on our stderr
        local = {} if address else {"num_cpus": max(os.cpu_count() or 1, actor_cpus + 1)}
        with _quiet_stderr():  # the core worker says at start which log level it took, on fd 2
            ray.init(address=address or None, include_dashboard=False, log_to_driver=False,
                     logging_level="ERROR", configure_logging=True, **local)
    import logging

    for name in ("ray", "ray.data", "ray.data._internal.progress", "ray.data._internal.execution.streaming_executor"):  # the driver says what happens, in its own words
        logging.getLogger(name).setLevel(logging.ERROR)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False


def actor_spec(spec: TranslatorSpec, gpus_per_worker: float) -> TranslatorSpec:
    """The spec an actor opens: an actor with no GPU reserved runs on the CPU.

    Ray no longer hides the GPUs from zero-GPU actors (CUDA_VISIBLE_DEVICES stays set), so
    ``--device auto`` there would load every "CPU" actor onto GPU 0 unreserved.

    Raises:
        InputError: ``--device cuda`` without a GPU per worker.
    """
    if gpus_per_worker > 0:
        return spec
    if spec.device == "cuda":
        raise InputError("--device cuda with --ray needs --gpus-per-worker (1, or a fraction to share a GPU)")
    return replace(spec, device="cpu")


def check_gpus(workers: int, gpus_per_worker: float, present: float) -> None:
    """Refuse a pool the cluster cannot place (Ray would wait for GPUs that never come)."""
    needed = workers * gpus_per_worker
    if needed > present:
        raise InputError(f"--workers {workers} × --gpus-per-worker {gpus_per_worker:g} needs {needed:g} GPUs; "
                         f"the Ray cluster has {present:g}")


def run_ray(
    units: Sequence[Unit],
    shard_sources: Mapping[str, list[str]],
    settings: OutputSettings,
    spec: TranslatorSpec,
    part_key: str,
    *,
    address: str | None = None,
    workers: int = 1,
    gpus_per_worker: float = 0.0,
    cpus_per_worker: int = 1,
    units_per_batch: int = 8,
    on_sentences: Callable[[int], None] = lambda n: None,
) -> Iterator[Finished]:
    """Run the units through Ray Data; yield each as it finishes (in any order)."""
    on_gpu = gpus_per_worker > 0
    spec = actor_spec(spec, gpus_per_worker)
    actor_cpus = 1 if on_gpu else cpus_per_worker
    start_ray(address, workers * actor_cpus)
    import ray

    if on_gpu:
        check_gpus(workers, gpus_per_worker, ray.cluster_resources().get("GPU", 0))

    rows = [{"unit": _dumps(u), "sources": _dumps(shard_sources.get(u.key, []))} for u in units]
    ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), 256)))
    ds = ds.map(_prepare, fn_kwargs={"settings": settings}, num_cpus=TASK_CPUS)
    # The spec rides on a subclass rather than as constructor arguments: those would sit in the
    # object store, and an actor restarted after its node died could lose them.
    actor = type("TranslatorActor", (TranslatorActor,), {"SPEC": spec, "THREADS": 0 if on_gpu else cpus_per_worker})
    ds = ds.map_batches(
        actor, compute=ray.data.ActorPoolStrategy(size=workers), batch_size=units_per_batch,
        num_gpus=gpus_per_worker if on_gpu else None, num_cpus=actor_cpus, batch_format="numpy",
    )
    term_index = None
    if spec.glossary:  # built once here, not once per document in _finish
        from ..glossary.matching import TermIndex

        term_index = TermIndex(spec.glossary)
    ds = ds.map(_finish, fn_kwargs={"settings": settings, "part_key": part_key, "term_index": term_index},
                num_cpus=TASK_CPUS)
    for row in ds.iter_rows():
        unit: Unit = pickle.loads(row["unit"])
        on_sentences(int(row["sentences"]))
        model_key, _, settings_key = row["keys"].partition("\t")
        yield Finished(unit, int(row["sentences"]), row["output"] or None, row["error"], (model_key, settings_key))
