"""The ``reader`` command line: a thin layer over the core.

Heavy modules (torch, transformers, textual) are imported only by the
commands that need them, so ``--help`` and fully cached runs start fast.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from .. import __version__
from ..document import INPUT_FORMATS
from ..engines import BACKENDS, DEVICES
from ..engines.options import SHORTLIST_USES
from ..engines.preprocess import PREPROCESSING
from ..errors import ReaderError
from ..text.typography import TYPOGRAPHIES
from .say import say


def _whole_number(low: int, high: int | None = None):
    """An argparse type: a whole number from ``low`` (to ``high``); anything else exits 2 naming the range."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if high is not None and not low <= n <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}: {value}")
        if n < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}: {value}")
        return n

    return parse


_positive = _whole_number(1)
# chrF's word n-gram order: 0 chrF, 1 chrF+, 2 chrF++ (Popović 2017); past 2 no named, comparable metric.
_chrf_word_order = _whole_number(0, 2)


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model and decoding")
    g.add_argument("--model", metavar="NAME|ID@REV|PATH",
                   help="a name in models.lock (default: opus-mt-de-en), a Hub id with @revision, or a local Marian directory")
    g.add_argument("--device", choices=DEVICES, default="auto", help="auto: CUDA when the engine that runs sees a device (fp16 there, fp32 for small models)")
    g.add_argument("--backend", choices=BACKENDS, default="auto",
                   help="translation engine (auto: CTranslate2 when installed, else torch)")
    g.add_argument("--compute-type", metavar="TYPE",
                   help="CTranslate2 precision: int8, int8_float32, float32 (CPU); float16, int8_float16, bfloat16 (CUDA); "
                        "default int8 on CPU, float16 on CUDA, float32 for small models (d_model < 256)")
    g.add_argument("--beams", type=_positive, help="beam size (default: the model's generation config, 4 for opus-mt-de-en)")
    g.add_argument("--greedy", action="store_true", help="greedy decoding (same as --beams 1)")
    g.add_argument("--batch-size", type=_positive, default=32, help="sentences per batch at most (default 32)")
    g.add_argument("--batch-tokens", type=_positive, default=6000, help="padded source tokens per batch at most (default 6000)")
    g.add_argument("--alternatives", type=int, default=0, metavar="N", help="also keep N alternative translations per sentence")
    g.add_argument("--align-layer", type=int, metavar="L", help="decoder layer whose attention gives the word alignment (default -1, the last)")
    g.add_argument("--align-head", type=int, metavar="H", help="attention head for the word alignment (default 0)")
    g.add_argument("--preprocess", choices=PREPROCESSING,
                   help="input preprocessing before subwords (default: the model's; opus-mt for opus-mt-de-en)")
    g.add_argument("--shortlist", choices=SHORTLIST_USES, default="auto",
                   help="CTranslate2's vocabulary shortlist (`reader models shortlist`): auto uses the model's list if it "
                        "passed its check (default), on uses it anyway, off never")
    c = p.add_argument_group("store")
    c.add_argument("--no-cache", action="store_true", help="neither read nor write the translation store")
    c.add_argument("--cache-dir", type=Path, help="where the translation store lives (default: the user cache dir, or $READER_CACHE_DIR)")
    c.add_argument("--no-memory", action="store_true",
                   help="the model only: no translation memory (your versions, imported TMX) served before it (docs/memory.md)")
    i = p.add_argument_group("input")
    i.add_argument("--encoding", help="input encoding (default: detected: UTF-8/16 with BOM, UTF-8, cp1252, latin-1)")
    i.add_argument("--input-format", choices=INPUT_FORMATS, default="auto", help="how to read the input (default: from the extension)")
    i.add_argument("--lines", dest="input_format", action="store_const", const="lines",
                   help="one segment per line, as in test sets: no re-segmentation, blank lines kept (= --input-format lines)")
    _add_glossary_options(p)


def _add_glossary_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("glossary (docs/glossary.md)")
    g.add_argument("--glossary", type=Path, metavar="FILE",
                   help="terms to enforce: TSV/CSV (German, English[, note]) or TBX (default: the store's, see `reader glossary`)")
    g.add_argument("--no-glossary", action="store_true", help="no glossary, not even the store's")


def _add_store_dir(command: argparse.ArgumentParser, *actions: argparse.ArgumentParser) -> None:
    """``--cache-dir`` on a command and on each of its actions: given before or after the action's name
    (the action's copy defaults to SUPPRESS, so it does not overwrite the command's)."""
    for p in (command, *actions):
        p.add_argument("--cache-dir", type=Path, default=argparse.SUPPRESS if p is not command else None,
                       help="where the store lives (default: the user cache dir, or $READER_CACHE_DIR)")


def _add_typography_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--typography", choices=TYPOGRAPHIES, default="auto",
                   help="English typography: auto restores “ ” ‘ ’ … from the model's straight \" ' and ... (default); "
                        "none keeps the model's text")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="German→English translation and a bilingual terminal reader.")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    t = sub.add_parser("translate", help="translate a German text file", description="Translate German text to English, sentence by sentence.")
    t.add_argument("input", metavar="INPUT", help="a text, Markdown or HTML file, a URL, or - for stdin")
    t.add_argument("-o", "--output", type=Path, help="output file (default: stdout); written atomically")
    from ..output.writers import FORMATS

    t.add_argument("-f", "--format", choices=FORMATS, help="output format (default: from the output's extension, else txt)")
    t.add_argument("--interleave", choices=("block", "sentence"), default="block",
                   help="epub-bilingual: each German block followed by its English (default), or each sentence")
    t.add_argument("-q", "--quiet", action="store_true", help="no progress bar or notices")
    _add_engine_options(t)
    _add_typography_option(t)

    o = sub.add_parser("open", help="read a German text beside its English translation",
                       description="Open the bilingual reader (the bundled sample article when INPUT is left out).")
    o.add_argument("input", metavar="INPUT", nargs="?", help="a text, Markdown or HTML file, a URL, or - for stdin")
    o.add_argument("--rare-rank", type=_positive, metavar="N",
                   help="K (the words you don't know yet) also marks only those past the N most frequent German words (wordfreq)")
    _add_engine_options(o)
    _add_typography_option(o)

    cmp = sub.add_parser(
        "compare", help="score translations against references: BLEU, chrF, TER, significance, a report",
        description="Compare systems (translation files, or models with decoding settings) on a German source, "
                    "against human references (or, without one, against each other).",
    )
    cmp.add_argument("input", metavar="SOURCE", help="the German source: an article (txt, md, html, URL, -) or, with --lines, a test set")
    cmp.add_argument("--system", action="append", metavar="NAME=SPEC",
                     help="a translation file (txt: one segment per line; jsonl of `reader translate`) or a model with "
                          "settings, e.g. opus-mt-de-en,beams=4 or DIR,greedy,backend=torch; repeat for each system")
    cmp.add_argument("--ref", action="append", metavar="[NAME=]FILE", help="a human reference, one segment per line; repeatable")
    cmp.add_argument("--baseline", metavar="NAME", help="the system the others are tested against (default: the first)")
    cmp.add_argument("--test", choices=("bs", "ar"), default="bs",
                     help="paired significance test: bootstrap resampling (bs, default) or approximate randomization (ar)")
    cmp.add_argument("--samples", type=_positive, metavar="N",
                     help="bootstrap resamples / randomization trials (default: sacrebleu's, 1000 / 10000)")
    cmp.add_argument("--metrics", default="bleu,chrf", metavar="LIST",
                     help="comma-separated: bleu, chrf, ter (default bleu,chrf; TER is slow: ~3.5 ms a segment)")
    cmp.add_argument("--chrf-word-order", type=_chrf_word_order, default=0, metavar="N",
                     help="word n-grams: 2 for chrF++, 1 for chrF+ (default 0: chrF)")
    cmp.add_argument("--report", type=Path, metavar="FILE", help="also write a report: .json (every figure), .md or .html")
    cmp.add_argument("-q", "--quiet", action="store_true", help="no progress bar or notices")
    cmp.add_argument("--view", action="store_true",
                     help="then open the compare view: every segment's versions side by side, the words that differ marked")
    cmp.add_argument("--model", metavar="SPEC",
                     help="the model that force-aligns the versions in the view (a SPEC as for --system; default: the "
                          "first model system, else the default model when downloaded)")
    cs = cmp.add_argument_group("store and input")
    cs.add_argument("--no-cache", action="store_true", help="neither read nor write the translation store")
    cs.add_argument("--cache-dir", type=Path, help="where the translation store lives")
    cs.add_argument("--encoding", help="input encoding (default: detected)")
    cs.add_argument("--input-format", choices=INPUT_FORMATS, default="auto", help="how to read the source")
    cs.add_argument("--lines", dest="input_format", action="store_const", const="lines",
                    help="the source is a test set: one segment per line, blank lines kept; systems and references line by line")
    _add_glossary_options(cmp)

    c = sub.add_parser(
        "corpus", help="translate many documents into a directory (one process, or a Ray cluster)",
        description="Translate every document of SOURCES into OUTDIR (same relative paths, names tagged .en), "
                    "with a manifest.jsonl; a rerun does only what is missing. docs/scale.md",
    )
    c.add_argument("sources", metavar="SOURCES", nargs="*", help="files and directories (searched recursively, see --glob)")
    c.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR", help="the output directory")
    c.add_argument("-f", "--format", choices=FORMATS, default="txt", help="output format for every document (default txt)")
    c.add_argument("--glob", default="*", metavar="PATTERNS",
                   help="comma-separated file patterns inside directories, e.g. '*.txt,*.md' (default: every file)")
    c.add_argument("--shard-lines", type=_positive, default=5000, metavar="N",
                   help="with --lines: lines per unit of work, so one big file spreads over the workers (default 5000)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    r = c.add_argument_group("Ray (pip install -e '.[ray]')")
    r.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                   help="run on Ray: the cluster at ADDRESS (host:port, ray://…, auto), or a local one when left out")
    r.add_argument("--workers", type=_positive, default=1, metavar="N", help="translator actors (default 1)")
    r.add_argument("--gpus-per-worker", type=float, default=0.0, metavar="G",
                   help="GPUs per actor (default 0: CPU actors); > 0 puts each actor's translator on its GPU")
    r.add_argument("--cpus-per-worker", type=_positive, default=1, metavar="C", help="CPU threads per CPU actor (default 1)")
    r.add_argument("--units-per-batch", type=_positive, default=8, metavar="N",
                   help="documents (or shards) an actor translates together (default 8)")
    _add_engine_options(c)
    _add_typography_option(c)

    m = sub.add_parser("models", help="list, download and verify models")
    msub = m.add_subparsers(dest="models_command", metavar="ACTION")
    msub.add_parser("list", help="show the locked models and whether they are downloaded")
    pull = msub.add_parser("pull", help="download a locked model and verify it")
    pull.add_argument("name", nargs="?", help="model name (default: the default model)")
    verify = msub.add_parser("verify", help="re-check the hashes of downloaded models")
    verify.add_argument("name", nargs="?", help="model name (default: all downloaded)")
    _add_shortlist_parser(msub)
    _add_words_parser(sub)
    _add_memory_parser(sub)
    _add_glossary_parser(sub)
    lib = sub.add_parser("library", help="the documents you have opened in the reader: how far, when, where",
                         description="The documents opened with `reader open`, most recent first (docs/reader.md, Where you were).")
    lib.add_argument("--cache-dir", type=Path, help="where the store lives (default: the user cache dir, or $READER_CACHE_DIR)")
    return parser


def _add_shortlist_parser(msub) -> None:
    sl = msub.add_parser(
        "shortlist", help="build a model's vocabulary shortlist (CTranslate2) and check it",
        description="Learn which English subwords each German subword calls for from the model's own translations "
                    "(the sample article and --corpus documents) and the offline dictionary; then translate held-out "
                    "sentences with and without the list: it is used (--shortlist auto) only when they agree. "
                    "docs/benchmarks.md, Vocabulary shortlist.",
    )
    sl.add_argument("name", nargs="?", metavar="MODEL", help="a name in models.lock, ORG/NAME@REV or a directory (default: the default model)")
    sl.add_argument("--corpus", action="append", default=[], metavar="FILE",
                    help="German documents to learn from and check on, besides the sample article (repeatable): your own reading")
    sl.add_argument("--no-gate", action="store_true", help="build it without the check (it is then used only with --shortlist on)")
    sl.add_argument("--compute-type", metavar="TYPE", help="CTranslate2 precision the list is made and checked for (default: int8)")
    sl.add_argument("--frequent", type=_whole_number(0), default=1000, metavar="N", help="most probable English subwords always kept (default 1000)")
    sl.add_argument("--per-source", type=_whole_number(0), default=20, metavar="N",
                    help="English subwords learned per German subword (default 20)")
    sl.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _add_words_parser(sub) -> None:
    from ..words import STATUSES
    from ..words.selection import SORTS
    from .words import EXPORT_FORMATS, IMPORT_FORMATS

    w = sub.add_parser("words", help="your saved words: list them, export them (Anki, CSV), import them",
                       description="The words saved in the reader, from the store (docs/reader.md, Saved words and Anki).")
    w.set_defaults(status=None, sort="lemma", search=None)  # `reader words` alone lists them all
    wsub = w.add_subparsers(dest="words_command", metavar="ACTION")
    ls = wsub.add_parser("list", help="a table on a terminal, TSV when piped")
    ex = wsub.add_parser("export", help="an Anki deck (.apkg), CSV or TSV")
    ex.add_argument("output", type=Path, metavar="FILE", help="deck.apkg, words.csv or words.tsv; written atomically")
    ex.add_argument("-f", "--format", choices=EXPORT_FORMATS, help="default: from the extension")
    ex.add_argument("--deck", metavar="NAME", help="the Anki deck's name (default: reader: German words)")
    ex.add_argument("--no-cloze", action="store_true", help="only the meaning cards, no cloze notes")
    im = wsub.add_parser("import", help="add or update saved words from a CSV or TSV file (a word changed since is kept)")
    im.add_argument("input", type=Path, metavar="FILE", help="a file as `reader words export` writes it, or a list of words")
    im.add_argument("-f", "--format", choices=IMPORT_FORMATS, help="default: from the extension (.tsv: TSV, else CSV)")
    im.add_argument("--replace", action="store_true",
                    help="the file's words win even over ones changed after it was written")
    for p in (ls, ex):
        p.add_argument("--status", action="append", choices=STATUSES, help="only words of this status (repeatable)")
        p.add_argument("--sort", choices=SORTS, default="lemma", help="order (default lemma; times newest first)")
        p.add_argument("--search", metavar="TEXT", help="only words whose lemma, form, gloss or sentences contain TEXT")
    _add_store_dir(w, ls, ex, im)


def _add_memory_parser(sub) -> None:
    mem = sub.add_parser("memory", help="your translation memory: import TMX, list, export, clear",
                         description="Sentences served before the model: your versions from the reader and imported "
                                     "TMX units (docs/memory.md).")
    mem.set_defaults(search=None, no_yours=False)  # `reader memory` alone lists it all
    msub = mem.add_subparsers(dest="memory_command", metavar="ACTION")
    im = msub.add_parser("import", help="add the German–English units of a TMX file (a sentence already there is replaced)")
    im.add_argument("input", type=Path, metavar="FILE", help="a TMX 1.4 file, as CAT tools and `reader translate -f tmx` write it")
    im.add_argument("--replace", action="store_true", help="first remove what an earlier import of a file of this name added")
    ls = msub.add_parser("list", help="a table on a terminal, TSV (German, English, origin) when piped")
    ex = msub.add_parser("export", help="a TMX 1.4 file of the memory")
    ex.add_argument("output", type=Path, metavar="FILE", help="the TMX file; written atomically")
    for p in (ls, ex):
        p.add_argument("--search", metavar="TEXT", help="only entries whose German or English contain TEXT")
        p.add_argument("--no-yours", action="store_true", help="only imported units, not your own versions")
    cl = msub.add_parser("clear", help="remove the imported units (your own versions stay unless --include-yours)")
    cl.add_argument("--origin", metavar="FILE", help="only those imported from a file of this name")
    cl.add_argument("--include-yours", action="store_true", help="also forget your own versions of sentences")
    _add_store_dir(mem, im, ls, ex, cl)


def _add_glossary_parser(sub) -> None:
    from ..glossary.files import GLOSSARY_FORMATS

    g = sub.add_parser("glossary", help="your default glossary: terms every translation keeps (docs/glossary.md)",
                       description="The terms kept in the store, used by translate, open, corpus and compare "
                                   "when no --glossary FILE is given.")
    gsub = g.add_subparsers(dest="glossary_command", metavar="ACTION")
    add = gsub.add_parser("add", help="add a term (or change its English)")
    add.add_argument("german", metavar="GERMAN")
    add.add_argument("english", metavar="ENGLISH")
    add.add_argument("--note", default="", help="a note for people (never changes a translation)")
    ls = gsub.add_parser("list", help="the terms, as TSV")
    rm = gsub.add_parser("remove", help="remove a term by its German")
    rm.add_argument("german", metavar="GERMAN")
    im = gsub.add_parser("import", help="add the terms of a TSV, CSV or TBX file")
    im.add_argument("input", type=Path, metavar="FILE")
    im.add_argument("-f", "--format", choices=GLOSSARY_FORMATS, help="default: from the extension (.tbx, .csv, else TSV)")
    ex = gsub.add_parser("export", help="write the terms as TSV, CSV or TBX (Translate Toolkit and CAT tools read it)")
    ex.add_argument("output", type=Path, metavar="FILE")
    ex.add_argument("-f", "--format", choices=GLOSSARY_FORMATS, help="default: from the extension (.tbx, .csv, else TSV)")
    _add_store_dir(g, add, ls, rm, im, ex)


def _terminate(signum, frame):
    # SIGTERM (kill, a supervisor) ends a run like Ctrl-C: outputs stay whole.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "open" and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        if args.command == "translate":
            from .translate import run_translate

            return run_translate(args)
        if args.command == "open":
            from .open import run_open

            return run_open(args)
        if args.command == "compare":
            from .compare import run_compare

            return run_compare(args)
        if args.command == "corpus":
            from .corpus import run_corpus_command

            return run_corpus_command(args)
        if args.command == "models":
            from .models import run_models

            return run_models(args, parser)
        if args.command == "words":
            from .words import run_words

            return run_words(args)
        if args.command == "memory":
            from .memory import run_memory

            return run_memory(args)
        if args.command == "glossary":
            from .glossary import run_glossary

            return run_glossary(args)
        if args.command == "library":
            from .library import run_library

            return run_library(args)
        parser.print_help()
        return 0
    except ReaderError as exc:
        say(f"reader: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        say("reader: interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our stdout went away (e.g. `| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # the environment said no: a full disk, a read-only directory
        where = f"{exc.filename}: " if exc.filename else ""
        say(f"reader: error: {where}{exc.strerror or exc}")
        return 1
    except Exception as exc:  # a bug: one line by default, the traceback on request
        if os.environ.get("READER_DEBUG"):
            raise
        say(f"reader: internal error: {type(exc).__name__}: {exc} (set READER_DEBUG=1 for a traceback)")
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
