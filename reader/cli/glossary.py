"""`reader glossary add|list|remove|import|export`: the default glossary kept in the store."""

from __future__ import annotations

import argparse
import sys

from ..glossary import Glossary, Term
from ..glossary.files import delimited_text, read_glossary, write_glossary
from .common import check_output_file, store_path


def run_glossary(args: argparse.Namespace) -> int:
    from ..store import TranslationStore

    command = args.glossary_command or "list"  # as `reader words`
    if command in ("list", "export") and not store_path(args).exists():
        glossary = Glossary()  # a store not yet made has no terms (and is not created just to say so)
    else:
        with TranslationStore(store_path(args)) as store:
            if command == "add":
                store.add_terms([Term(args.german, args.english, args.note)])
                print(f"reader: {args.german} → {args.english}", file=sys.stderr)
                return 0
            if command == "remove":
                if not store.remove_term(args.german):
                    print(f"reader: no term {args.german!r} in the glossary", file=sys.stderr)
                    return 1
                return 0
            if command == "import":
                n = store.add_terms(read_glossary(args.input, args.format).terms)
                print(f"reader: {n} terms imported from {args.input}", file=sys.stderr)
                return 0
            glossary = store.glossary()
    if command == "export":
        check_output_file(args.output)
        write_glossary(glossary, args.output, args.format)
        print(f"reader: {len(glossary)} terms written to {args.output}", file=sys.stderr)
        return 0
    if not glossary:
        print(f"reader: no terms in {store_path(args)} (reader glossary add GERMAN ENGLISH)", file=sys.stderr)
    sys.stdout.write(delimited_text(glossary))
    return 0
