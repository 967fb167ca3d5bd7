"""What the commands share: options → model, translator and store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..engines import DecodingOptions, Translator, open_translator
from ..errors import InputError
from ..memory.lookup import MemoryLookup
from ..output.atomic import check_writable
from ..store import DB_FILENAME, TranslationStore, default_cache_dir
from .say import say

if TYPE_CHECKING:
    from ..glossary import Glossary


def decoding_options(args: argparse.Namespace, token_scores: bool = True, word_links: bool = True) -> DecodingOptions:
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
        word_links=word_links,
        shortlist=getattr(args, "shortlist", "auto"),  # a hand-made Namespace may lack it
    )


def make_translator(args: argparse.Namespace, notify=None, token_scores: bool = True, *, glossary_always: bool = False,
                    word_links: bool = True) -> Translator:
    """The translator the options ask for; a ``GlossaryTranslator`` when there are terms (or ``glossary_always``:
    the reader, where terms are added while it runs). ``word_links``: False where nothing keeps or writes them
    (``needs_word_links``); a glossary needs them all the same."""
    notify = notify or say
    compute_type = getattr(args, "compute_type", None)  # a hand-made Namespace may lack it
    glossary = chosen_glossary(args)
    word_links = word_links or bool(glossary) or glossary_always  # terms are enforced at their linked span
    options = decoding_options(args, token_scores, word_links)
    translator = open_translator(args.model, options, args.backend, args.device, compute_type, notify)
    if not glossary and not glossary_always:
        return translator
    from ..glossary.translator import GlossaryTranslator

    return GlossaryTranslator(translator, glossary)


def chosen_glossary(args: argparse.Namespace) -> Glossary:
    """``--glossary FILE``; else the store's default glossary (``reader glossary``), unless ``--no-glossary``
    or ``--no-cache``; a store not yet made has none (and is not created just to say so)."""
    from ..glossary import Glossary

    path = getattr(args, "glossary", None)  # a hand-made Namespace may lack it
    if path is not None:
        from ..glossary.files import read_glossary

        return read_glossary(Path(path))
    if getattr(args, "no_glossary", False) or getattr(args, "no_cache", False) or not store_path(args).exists():
        return Glossary()
    with TranslationStore(store_path(args)) as store:
        return store.glossary()


def needs_word_links(args: argparse.Namespace, writer_links: bool) -> bool:
    """Whether the engine must give word links: the output writes them, or the store keeps them for the reader
    (every run but ``--no-cache``). Else the search skips them (``DecodingOptions.word_links``: ~10 % of it)."""
    return writer_links or not getattr(args, "no_cache", False)


def store_path(args: argparse.Namespace) -> Path:
    """The store file ``--cache-dir`` (or the default cache dir) holds."""
    directory: Path = args.cache_dir or default_cache_dir()
    return directory / DB_FILENAME


def open_store(args: argparse.Namespace) -> TranslationStore | None:
    if args.no_cache:
        return None
    return TranslationStore(store_path(args))


def existing_store(args: argparse.Namespace) -> tuple[Path, TranslationStore | None]:
    """The store's path, and the store opened if it exists (None: nothing kept yet; not created just to say so)."""
    path = store_path(args)
    return path, TranslationStore(path) if path.exists() else None


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """``3 words``, ``1 word``; ``plural`` where adding an s is wrong (``entries``)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def memory_lookup(args: argparse.Namespace, yours: bool = True) -> MemoryLookup | None:
    """The translation memory a job serves before the model (None: ``--no-memory``)."""
    return None if getattr(args, "no_memory", False) else MemoryLookup(yours)


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
