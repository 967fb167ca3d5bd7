"""`reader corpus`: many documents into an output directory, in one process or on a Ray cluster."""

from __future__ import annotations

import argparse
import re
import sys
from contextlib import nullcontext

from ..corpus.distributed import TranslatorSpec, require_ray
from ..corpus.run import CorpusSettings, Progress, RayOptions, run_corpus
from ..corpus.units import OutputSettings
from ..errors import InputError
from ..output.atomic import existing_ancestor
from ..output.writers import writer_for
from .common import chosen_glossary, decoding_options, make_translator, memory_lookup, needs_word_links, open_store
from .progress import stderr_progress
from .say import say

_ADDRESS = re.compile(r"^(auto|local|ray://\S+|[\w.\-]+:\d+)$")


def split_ray_address(args: argparse.Namespace) -> tuple[list[str], str | None]:
    """SOURCES and the Ray address: ``--ray docs/`` takes a path for an address, so give it back to the sources."""
    sources = list(args.sources)
    address = args.ray
    if address and not _ADDRESS.match(address):
        sources.insert(0, address)
        address = ""
    return sources, (address or None)


def run_corpus_command(args: argparse.Namespace) -> int:
    sources, address = split_ray_address(args)
    if not sources:
        raise InputError("no SOURCES given")
    if args.output.exists() and not args.output.is_dir():
        raise InputError(f"{args.output}: exists and is not a directory")
    ancestor = existing_ancestor(args.output)  # OUTDIR is made, with its missing parents, unless a file is in the way
    if not ancestor.is_dir():
        raise InputError(f"cannot make {args.output}: {ancestor} is a file, not a directory")
    if args.ray is not None:
        require_ray()
    fmt = args.format
    writer = writer_for(fmt)
    token_scores = writer.token_scores
    glossary = chosen_glossary(args)
    # Ray workers keep no store (the manifest resumes): there, only the writer and a glossary want links.
    word_links = (needs_word_links(args, writer.word_links) if args.ray is None else writer.word_links) or bool(glossary)
    notify = (lambda m: None) if args.quiet else say
    # the keys; the work in one process
    translator = make_translator(args, notify, token_scores=token_scores, word_links=word_links)
    spec = TranslatorSpec(args.model, decoding_options(args, token_scores, word_links), args.backend, args.device,
                          getattr(args, "compute_type", None), glossary)
    lines = args.input_format == "lines"
    output = OutputSettings(args.output, fmt, args.typography, args.encoding, args.input_format)
    ray = None
    if args.ray is not None:
        ray = RayOptions(address, args.workers, args.gpus_per_worker, args.cpus_per_worker, args.units_per_batch)
    settings = CorpusSettings(tuple(sources), output, spec, lines, args.glob, args.shard_lines, ray, memory_lookup(args))
    store = open_store(args) if ray is None else None  # Ray workers do not share a store: the manifest resumes
    show = not args.quiet and sys.stderr.isatty()
    with store if store is not None else nullcontext(), _progress(show) as progress:
        summary = run_corpus(settings, translator, store, progress, notify)
    if not args.quiet:
        rate = summary.sentences / summary.seconds if summary.seconds else 0.0
        say(f"reader: {summary.translated} documents translated ({summary.sentences:,} sentences, {rate:,.1f}/s), "
            f"{summary.skipped} already done, {summary.failed} failed; manifest: {args.output / 'manifest.jsonl'}")
    for relpath, reason in summary.failures:
        say(f"reader: failed: {relpath}: {reason}")
    if summary.failed:
        say(f"reader: error: {summary.failed} of {summary.documents} documents failed")
        return 1
    return 0


class _progress:
    """Two bars on stderr, documents and sentences, when it is a terminal; else no display."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None

    def __enter__(self) -> Progress:
        if not self.enabled:
            return Progress()
        bar = self._bar = stderr_progress()
        bar.start()
        docs = bar.add_task("documents", total=None)
        sentences = bar.add_task("sentences", total=None)
        return Progress(
            documents=lambda done, total: bar.update(docs, completed=done, total=total),
            sentences=lambda n: bar.advance(sentences, n),
        )

    def __exit__(self, *exc) -> bool:
        if self._bar is not None:
            self._bar.stop()
        return False
