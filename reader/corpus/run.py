"""A corpus run: find the inputs, skip what the manifest says is done, run the units, record each document.

The driver alone writes the manifest and assembles --lines files from their
shards' parts, so a document is recorded exactly once however the units were
run (and rerun).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..document import Document
from ..engines import Translator
from ..errors import InputError, ReaderError
from ..memory.lookup import MemoryLookup
from ..output.writers import translation_sources
from ..store import TranslationStore
from .distributed import TranslatorSpec, actor_spec, run_ray
from .inputs import DEFAULT_SHARD_LINES, CorpusInput, Unit, find_inputs, plan_units, refuse_shared_outputs
from .local import run_local
from .manifest import Manifest, ManifestEntry
from .outcome import Finished
from .outdir import case_insensitive, locked_output_folder, refuse_overlap
from .units import (
    OutputSettings, failure_reason, load, read_part, remove_parts, remove_stray_temporaries, shard_sources, write_output,
)


@dataclass(frozen=True, slots=True)
class RayOptions:
    address: str | None = None
    workers: int = 1
    gpus_per_worker: float = 0.0
    cpus_per_worker: int = 1
    units_per_batch: int = 8


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    sources: tuple[str, ...]
    output: OutputSettings
    spec: TranslatorSpec
    lines: bool = False
    glob: str = "*"
    shard_lines: int = DEFAULT_SHARD_LINES
    ray: RayOptions | None = None  # None: one process
    memory: MemoryLookup | None = None  # the translation memory served before the model (one process only: it is in the store)


@dataclass(slots=True)
class CorpusSummary:
    documents: int = 0  # inputs found
    skipped: int = 0  # already done (manifest and output)
    translated: int = 0
    failed: int = 0
    sentences: int = 0  # translated in this run
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Progress:
    """Callbacks for a progress display: documents (done, total) and sentences done."""

    documents: Callable[[int, int], None] = lambda done, total: None
    sentences: Callable[[int], None] = lambda n: None


def run_corpus(
    settings: CorpusSettings,
    translator: Translator,
    store: TranslationStore | None = None,
    progress: Progress | None = None,
    notify: Callable[[str], None] = lambda message: None,
) -> CorpusSummary:
    """Translate every input into ``settings.output.outdir``; ``translator`` gives the keys (and, in one process, the work).

    ``notify`` is told, one line each, of the folders skipped in the sources (``find_inputs``).
    """
    started = time.perf_counter()
    out = settings.output
    # Every refusal comes before OUTDIR is made: a mistake makes nothing.
    refuse_overlap(settings.sources, out.outdir)
    if settings.ray is not None:
        actor_spec(settings.spec, settings.ray.gpus_per_worker)  # refuses --device cuda without GPUs
    inputs = find_inputs(list(settings.sources), settings.glob, out.outdir, notify)
    refuse_shared_outputs(inputs, out.format, case_insensitive(out.outdir))
    with locked_output_folder(out.outdir, notify):
        return _run_locked(inputs, settings, translator, store, progress or Progress(), started)


def _run_locked(inputs: list[CorpusInput], settings: CorpusSettings, translator: Translator,
                store: TranslationStore | None, progress: Progress, started: float) -> CorpusSummary:
    """The run, while it holds OUTDIR's lock: no other run writes there."""
    out = settings.output
    remove_stray_temporaries(out.outdir)
    summary = CorpusSummary(documents=len(inputs))
    manifest = Manifest(out.outdir).load()
    keys = (translator.model_key, translator.settings_key, out.format)
    part_key = "\t".join(keys + (out.typography,))
    todo = [i for i in inputs if not manifest.is_done(i.relpath, *keys, out.outdir)]
    summary.skipped = len(inputs) - len(todo)
    done_docs = summary.skipped
    progress.documents(done_docs, len(inputs))

    def record(item: CorpusInput, sentences: int, output: str | None, error: str = "",
               engine_keys: tuple[str, str] | None = None) -> None:
        nonlocal done_docs
        # The keys of the engine that ran (a Ray actor may have fallen back to torch), else the driver's.
        used = (*engine_keys, out.format) if engine_keys else keys
        entry = ManifestEntry(item.relpath, "failed" if error else "ok", sentences, output, *used, reason=error)
        manifest.record(entry)
        if error:
            summary.failed += 1
            summary.failures.append((item.relpath, error))
        else:
            summary.translated += 1
        done_docs += 1
        progress.documents(done_docs, len(inputs))

    try:
        # --lines files are read here, once, and cut into shards; a shard kept by an earlier run is not redone.
        docs: dict[str, Document] = {}
        if settings.lines:
            for item in list(todo):
                try:
                    doc = load(Unit(item), out)
                except (ReaderError, OSError) as exc:
                    record(item, 0, None, failure_reason(exc, Unit(item)))
                    todo.remove(item)
                    continue
                docs[item.relpath] = doc
        units = plan_units(todo, {relpath: len(doc.paragraphs) for relpath, doc in docs.items()}, settings.shard_lines)
        shards: dict[str, list[Unit]] = defaultdict(list)
        for u in units:
            if u.lines is not None:
                shards[u.input.relpath].append(u)
        pending = [u for u in units if u.lines is None or read_part(u, out, part_key) is None]
        doc_sources = {relpath: translation_sources(doc, out.format) for relpath, doc in docs.items()}  # once a file
        sources = {u.key: shard_sources(docs[u.input.relpath], doc_sources[u.input.relpath], u)
                   for u in pending if u.lines is not None}
        left: dict[str, set[int]] = {relpath: set() for relpath in shards}
        shard_keys: dict[str, tuple[str, str] | None] = {}  # the engine keys a --lines file's shards reported
        for u in pending:
            if u.lines is not None:
                left[u.input.relpath].add(u.shard)

        def finished(f: Finished) -> None:
            item = f.unit.input
            summary.sentences += f.sentences
            if f.unit.lines is None:
                record(item, f.sentences, f.output, f.error, f.engine_keys)
                return
            left[item.relpath].discard(f.unit.shard)
            shard_keys[item.relpath] = f.engine_keys or shard_keys.get(item.relpath)
            if not left[item.relpath]:
                _assemble(item, docs[item.relpath], shards[item.relpath], out, part_key,
                          lambda *a: record(*a, engine_keys=shard_keys.get(item.relpath)))

        for relpath, group in shards.items():  # every shard kept already
            if not left[relpath]:
                _assemble(group[0].input, docs[relpath], group, out, part_key, record)
        if pending:
            if settings.ray is None:
                runs = run_local(pending, sources, out, translator, store, part_key,
                                 settings.spec.options.token_scores, progress.sentences, memory=settings.memory)
            else:
                r = settings.ray
                runs = run_ray(pending, sources, out, settings.spec, part_key, address=r.address, workers=r.workers,
                               gpus_per_worker=r.gpus_per_worker, cpus_per_worker=r.cpus_per_worker,
                               units_per_batch=r.units_per_batch, on_sentences=progress.sentences)
            for f in runs:
                finished(f)
    finally:
        manifest.close([i.relpath for i in inputs])
    summary.seconds = time.perf_counter() - started
    return summary


def _assemble(item: CorpusInput, doc: Document, group: list[Unit], out: OutputSettings, part_key: str, record) -> None:
    """A --lines file whose shards are all kept: its output written from the parts, the parts removed."""
    translations, records = [], []
    for u in sorted(group, key=lambda u: u.shard):
        part = read_part(u, out, part_key)
        if part is None:
            raise InputError(f"{item.relpath}: the translations of lines {u.lines[0] + 1}–{u.lines[1]} went missing")
        translations.extend(part.translations)
        records = None if records is None or part.term_records is None else records + part.term_records
    # The shards' term records, made as each was finished (a glossary's: ``finish``); all or none.
    output = write_output(doc, translations, Unit(item), out, None if records is None else lambda _written: records)
    remove_parts(group, out)
    record(item, len(translations), output)
