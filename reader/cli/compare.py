"""`reader compare`: systems side by side against references — scores, significance, a report."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

from ..document import load_document
from ..errors import InputError
from .common import check_output_file, chosen_glossary, open_store
from .progress import progress_bar
from .say import say

REPORT_FORMATS = (".json", ".md", ".html")


def run_compare(args: argparse.Namespace) -> int:
    from ..compare.comparison import compare
    from ..compare.systems import (
        Source, System, attempts_system, default_name, is_attempts_spec, is_file_spec, parse_model_spec, read_segments,
        split_named, translate_system,
    )

    if not args.system:
        raise InputError("give at least one --system NAME=SPEC (a translation file, or a model with settings)")
    metrics = _metrics(args.metrics)
    if args.report is not None:
        _check_report_path(args.report)
    lines = args.input_format == "lines"
    doc = load_document(args.input, args.encoding, args.input_format)
    source = Source.of(doc, lines)
    named = []
    for value in args.system:
        name, spec = split_named(value)
        named.append((name or default_name(spec), spec))
    refs = []
    for value in args.ref or ():
        name, path = split_named(value)
        refs.append((name or default_name(path), path))
    seen: set[str] = set()
    for name, _ in named + refs:
        if name in seen:
            raise InputError(f"two systems or references are named {name!r}; name them: --system NAME=SPEC")
        seen.add(name)
    if args.baseline is not None and args.baseline not in {name for name, _ in named}:
        raise InputError(f"--baseline {args.baseline}: no such system (systems: {', '.join(n for n, _ in named)})")
    if args.model is not None and not args.view:
        raise InputError("--model names the compare view's alignment model: give --view too")
    aligner = _alignment_model(args.model, [spec for _, spec in named]) if args.view else None
    references = {name: read_segments(path, source, "reference") for name, path in refs}
    file_systems = {name: read_segments(spec, source) for name, spec in named
                    if is_file_spec(spec) and not is_attempts_spec(spec)}
    for _, spec in named:  # a model system's settings are checked before anything is said of the rest
        if not is_file_spec(spec) and not is_attempts_spec(spec):
            parse_model_spec(spec)
    alone = not refs and len(named) < 2 and not args.view
    if alone and not is_attempts_spec(named[0][1]):  # before a model translates for nothing (attempts: below)
        raise InputError(_NOTHING_TO_COMPARE)
    notify = (lambda m: None) if args.quiet else say
    show_progress = not args.quiet and sys.stderr.isatty()
    systems = []
    glossary = chosen_glossary(args)
    store = open_store(args) if any(not is_file_spec(spec) for _, spec in named) else None
    with store if store is not None else nullcontext():
        for name, spec in named:
            if name in file_systems:
                systems.append(System(name, spec, "file", file_systems[name]))
                continue
            if is_attempts_spec(spec):
                systems.append(attempts_system(name, spec, source, store))
                continue
            with progress_bar(show_progress, f"translating with {name}") as progress:
                systems.append(translate_system(name, spec, source, store, notify=notify, progress=progress,
                                                glossary=glossary))
    if alone:  # your attempts, read (and said to be missing, if they are)
        raise InputError(_NOTHING_TO_COMPARE)
    with _spinner(show_progress, "scoring (paired test)"):
        result = compare(source, systems, references, baseline=args.baseline, test=args.test,
                         samples=args.samples or 0, chrf_word_order=args.chrf_word_order, metrics=metrics,
                         glossary=glossary)
    if args.report is not None:
        _write_report(result, args.report)
    if args.view:
        return _open_view(result, aligner, _your_segments(args, source))
    from .compare_table import print_comparison

    print_comparison(result, sys.stdout)
    if not sys.stdout.isatty() and not args.quiet:  # the TSV has no place for them; the tables print them
        for system in systems:
            for note in system.notes:
                say(note)
    return 0


_NOTHING_TO_COMPARE = ("nothing to compare one system with: give a reference (--ref NAME=FILE), a second --system, "
                       "or --view to read it beside the German")


def _your_segments(args: argparse.Namespace, source):
    """Your edits from the store, for the view's version "yours" (None without a store or edits)."""
    from ..compare.systems import your_segments

    store = open_store(args)
    if store is None:
        return None
    with store:
        return your_segments(source, store)


def _open_view(result, translator_factory, yours=None) -> int:
    """``--view``: the compare view of the figures just computed (and your edits, when there are some)."""
    import gc
    import os

    from ..compare.view_model import CompareModel
    from ..tui.compare_view.app import CompareApp
    from .compare_table import comparison_header

    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # nothing may draw over the screen
    # as `reader open`: a core left to the UI while the forced passes run (when torch is not loaded yet)
    if "OMP_NUM_THREADS" not in os.environ and (os.cpu_count() or 1) > 1:
        os.environ["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 2) - 1))
    app = CompareApp(CompareModel.from_comparison(result, yours), header=comparison_header(result),
                     translator_factory=translator_factory)
    # The figures live as long as the view: kept out of the collector's full passes, which otherwise
    # walk them all and stall a key press by 100–300 ms on 2,000 segments (benchmarks/compare_view.py).
    gc.freeze()
    app.run()
    return app.return_code or 0


def _alignment_model(model: str | None, specs: list[str]):
    """What makes the view's forced-alignment model: ``--model``, else the first model system, else the
    default model when it is downloaded (never pulled for this), else None (no alignments)."""
    from ..compare.systems import is_file_spec, parse_model_spec
    from ..engines import open_translator

    if model is None:
        model = next((spec for spec in specs if not is_file_spec(spec)), None)
    if model is None:
        from ..models import is_present, load_lock

        lock = load_lock()
        locked = lock.find(lock.default)
        if locked is None or not is_present(locked):
            return None
        model = lock.default
    parsed = parse_model_spec(model)  # settings are allowed: DIR,backend=torch

    def factory():
        return open_translator(parsed.model, parsed.options, parsed.backend, parsed.device, parsed.compute_type)

    return factory


def _metrics(value: str) -> tuple[str, ...]:
    from ..compare.scores import METRICS

    by_lower = {m.lower(): m for m in METRICS}
    names = [m.strip().lower() for m in value.split(",") if m.strip()]
    unknown = [m for m in names if m not in by_lower]
    if unknown or not names:
        raise InputError(f"--metrics {value}: choose from {', '.join(by_lower)}")
    return tuple(dict.fromkeys(by_lower[m] for m in names))


def _check_report_path(path: Path) -> None:
    if path.suffix.lower() not in REPORT_FORMATS:
        raise InputError(f"{path}: a report is {', '.join(REPORT_FORMATS)} (from the extension)")
    check_output_file(path)


def _write_report(result, path: Path) -> None:
    import json

    from ..output.atomic import atomic_write_text

    with atomic_write_text(path) as out:
        suffix = path.suffix.lower()
        if suffix == ".json":
            json.dump(result.to_json(), out, ensure_ascii=False, indent=1)
            out.write("\n")
        elif suffix == ".html":
            from ..compare.html_report import html_report  # matplotlib, for its charts, only here

            out.write(html_report(result))
        else:
            from ..compare.report import markdown_report

            out.write(markdown_report(result))


class _spinner:
    """A transient status line on stderr while the figures are computed (a terminal only)."""

    def __init__(self, enabled: bool, text: str) -> None:
        self.enabled, self.text = enabled, text
        self._status = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console

            self._status = Console(stderr=True).status(self.text)
            self._status.start()
        return self

    def __exit__(self, *exc) -> bool:
        if self._status is not None:
            self._status.stop()
        return False
