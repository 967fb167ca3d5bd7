"""`reader models shortlist MODEL`: build the model's vocabulary shortlist and gate it."""

from __future__ import annotations

import argparse
import sys

from ..errors import ReaderError
from ..models import resolve_model
from .progress import progress_bar
from .say import say


def run_shortlist(args: argparse.Namespace) -> int:
    from ..shortlist import Recipe, build_shortlist, corpus_sentences

    model = resolve_model(args.name, auto_pull=True, notify=say)
    sentences = corpus_sentences(args.corpus)
    recipe = Recipe(frequent=args.frequent, per_source=args.per_source)
    show = not args.quiet and sys.stderr.isatty()
    with progress_bar(show, f"translating {len(sentences)} German sentences") as progress:
        built = build_shortlist(model, sentences, recipe, args.compute_type, gate=not args.no_gate, progress=progress)
    print(f"{model.name}: shortlist {built.stored.digest} in {built.stored.directory}")
    if built.gate is None:
        print("not checked (--no-gate): used only with --shortlist on")
        return 0
    print(built.gate.summary())
    if not built.gate.passed:
        raise ReaderError(f"shortlist refused for {model.name}: {built.gate.reason}; "
                          "--shortlist auto will not use it (--shortlist on would)")
    print("passed: used by default (--shortlist auto)")
    return 0
