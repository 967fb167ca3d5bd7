"""`reader glossary add|list|remove|import|export`: the default glossary kept in the store."""

from __future__ import annotations

import argparse
import sys

from ..errors import InputError
from ..glossary import Glossary, Term
from ..glossary.files import delimited_text, read_glossary, write_glossary
from .common import check_output_file, store_path
from .say import say


def run_glossary(args: argparse.Namespace) -> int:
    from ..store import TranslationStore

    command = args.glossary_command or "list"  # as `reader words`
    if command == "add":  # refused before a store is made for it
        cleaned = Glossary.of([Term(args.german, args.english, args.note)]).terms
        if not cleaned:
            raise InputError(f"a glossary term needs its German and its English (given: {args.german!r} → {args.english!r})")
        term = cleaned[0]
    if command == "import":  # read (and refused) before a store is made for it
        imported = read_glossary(args.input, args.format)
    if command in ("list", "export") and not store_path(args).exists():
        glossary = Glossary()  # a store not yet made has no terms (and is not created just to say so)
    else:
        with TranslationStore(store_path(args)) as store:
            if command == "add":
                store.add_terms([term])
                say(f"reader: {term.german} → {term.english}")
                return 0
            if command == "remove":
                if not store.remove_term(args.german):
                    say(f"reader: no term {args.german!r} in the glossary")
                    return 1
                return 0
            if command == "import":
                n = store.add_terms(imported.terms)
                say(f"reader: {n} terms imported from {args.input}")
                return 0
            glossary = store.glossary()
    if command == "export":
        check_output_file(args.output)
        write_glossary(glossary, args.output, args.format)
        say(f"reader: {len(glossary)} terms written to {args.output}")
        return 0
    if not glossary:
        say(f"reader: no terms in {store_path(args)} (reader glossary add GERMAN ENGLISH)")
    sys.stdout.write(delimited_text(glossary))
    return 0
