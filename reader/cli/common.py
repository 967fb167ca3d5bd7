"""What the commands share: options → model, translator and store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engines import DecodingOptions, Translator, open_translator
from ..errors import InputError
from ..output.atomic import check_writable
from ..store import DB_FILENAME, TranslationStore, default_cache_dir


def decoding_options(args: argparse.Namespace, token_scores: bool = True) -> DecodingOptions:
    beams = 1 if args.greedy else args.beams
    if args.alternatives < 0:
        raise InputError("--alternatives must be 0 or more")
    if beams is not None and args.alternatives >= beams:
        raise InputError(f"--alternatives {args.alternatives} needs more beams than {beams}")
    return DecodingOptions(
        beams=beams,
        alternatives=args.alternatives,
        batch_size=args.batch_size,
        batch_tokens=args.batch_tokens,
        alignment_layer=args.align_layer,
        alignment_head=args.align_head,
        preprocess=getattr(args, "preprocess", None),  # a hand-made Namespace may lack it
        token_scores=token_scores,
        shortlist=getattr(args, "shortlist", "auto"),  # a hand-made Namespace may lack it
    )


def make_translator(args: argparse.Namespace, notify=None, token_scores: bool = True) -> Translator:
    notify = notify or (lambda message: print(message, file=sys.stderr))
    compute_type = getattr(args, "compute_type", None)  # a hand-made Namespace may lack it
    return open_translator(args.model, decoding_options(args, token_scores), args.backend, args.device, compute_type, notify)


def store_path(args: argparse.Namespace) -> Path:
    """The store file ``--cache-dir`` (or the default cache dir) holds."""
    directory: Path = args.cache_dir or default_cache_dir()
    return directory / DB_FILENAME


def open_store(args: argparse.Namespace) -> TranslationStore | None:
    if args.no_cache:
        return None
    return TranslationStore(store_path(args))


def check_output_file(path: Path) -> None:
    """An output file the user named, checked before any work: an ``InputError`` (exit 2) naming what is
    wrong with the path — a directory, a missing folder, a file where a folder should be, no permission."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        check_writable(path)
    except NotADirectoryError as exc:
        raise InputError(f"cannot write {path}: {exc.filename} is a file, not a directory") from None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}: {exc.filename}") from None
