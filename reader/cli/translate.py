"""`reader translate`: a file in, a translated file out."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import nullcontext
from pathlib import Path

from ..errors import InputError
from ..document import Document
from ..document.loading import load_document
from ..glossary.translator import GlossaryTranslator
from ..job import translate_sentences
from ..output.writers import (
    Writer, format_from_path, interleaved_write, save_document, translation_sources, with_terms, write_document, writer_for,
)
from ..text.typography import apply_typography
from ..translation import Translation
from .common import check_output_file, make_translator, memory_lookup, needs_word_links, open_store
from .progress import progress_bar
from .say import say


def run_translate(args: argparse.Namespace) -> int:
    fmt = args.format or (format_from_path(args.output) if args.output else None) or "txt"
    if args.output is not None:
        check_output_file(args.output)  # fail before the work, not after it
        _refuse_writing_over_the_input(args.input, args.output)
    writer = writer_for(fmt)
    try:
        interleaved_write(writer, args.interleave)  # refused now, before the work
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if writer.binary and args.output is None and sys.stdout.isatty():
        raise InputError(f"{fmt} is a binary format: give an output file (-o FILE) or redirect stdout")
    doc = load_document(args.input, args.encoding, args.input_format, markup=writer.markup)
    notify = (lambda m: None) if args.quiet else say
    token_scores = writer.token_scores  # else no scoring pass (DecodingOptions.token_scores)
    translator = make_translator(args, notify, token_scores=token_scores,
                                 word_links=needs_word_links(args, writer.word_links))
    sources = translation_sources(doc, fmt)  # md and html: without inline markup, put back by the writer
    store = open_store(args)
    show_progress = not args.quiet and sys.stderr.isatty()
    with store if store is not None else nullcontext(), progress_bar(show_progress, f"translating {doc.name}") as progress:
        translations = translate_sentences(sources, translator, store, progress, token_scores=token_scores,
                                           memory=memory_lookup(args))
    translations = [apply_typography(t, args.typography) for t in translations]  # the store keeps the model's text
    if isinstance(translator, GlossaryTranslator):
        writer = _report_terms(translator, doc, translations, writer, args.quiet)
    if args.output is None:
        out = sys.stdout.buffer if writer.binary else sys.stdout
        write_document(doc, translations, fmt, out, args.interleave, writer)
        out.flush()
    else:
        save_document(doc, translations, fmt, args.output, args.interleave, writer)
    if writer.summary is not None and not args.quiet:
        say(f"reader: {writer.summary(doc, translations)}")
    return 0


def _report_terms(translator: GlossaryTranslator, doc: Document, translations: list[Translation], writer: Writer,
                  quiet: bool) -> Writer:
    """The glossary's one-line summary on stderr; a jsonl writer that marks each term occurrence."""
    from ..glossary.checking import occurrence_records
    from ..glossary.summary import summary_line

    occurrences = translator.occurrences(translations)
    if not quiet:
        say(f"reader: {summary_line(occurrences, [s.paragraph for s in doc.iter_sentences()])}")
    return with_terms(writer, occurrence_records(occurrences))


def _refuse_writing_over_the_input(source: str, output: Path) -> None:
    """``-o`` naming the German file itself (or a link to it) would replace the original with its translation."""
    try:
        same = source != "-" and output.exists() and os.path.samefile(source, output)
    except OSError:  # the input is a URL, or missing (said when it is read)
        same = False
    if same:
        raise InputError(f"{output}: is the input file itself; write the English to another file")
