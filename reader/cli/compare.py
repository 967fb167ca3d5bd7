"""`reader compare`: systems side by side against references — scores, significance, a report."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

from ..document import load_document
from ..errors import InputError
from .common import open_store
from .progress import progress_bar

REPORT_FORMATS = (".json", ".md", ".html")


def run_compare(args: argparse.Namespace) -> int:
    from ..compare.comparison import compare
    from ..compare.systems import (
        Source, System, attempts_system, default_name, is_attempts_spec, is_file_spec, read_segments, split_named,
        translate_system,
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
    references = {name: read_segments(path, source, "reference") for name, path in refs}
    file_systems = {name: read_segments(spec, source) for name, spec in named
                    if is_file_spec(spec) and not is_attempts_spec(spec)}
    notify = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    show_progress = not args.quiet and sys.stderr.isatty()
    systems = []
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
                systems.append(translate_system(name, spec, source, store, notify=notify, progress=progress))
    with _spinner(show_progress, "scoring (paired test)"):
        result = compare(source, systems, references, baseline=args.baseline, test=args.test,
                         samples=args.samples, chrf_word_order=args.chrf_word_order, metrics=metrics)
    if args.report is not None:
        _write_report(result, args.report)
    from .compare_table import print_comparison

    print_comparison(result, sys.stdout)
    if not sys.stdout.isatty() and not args.quiet:  # the TSV has no place for them; the tables print them
        for system in systems:
            for note in system.notes:
                print(note, file=sys.stderr)
    return 0


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
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    from ..output.atomic import check_writable

    try:
        check_writable(path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None


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
