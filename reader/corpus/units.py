"""The work on one unit, the same in both runners: read and segment, then write the English.

Everything here is a plain function of picklable values, so Ray can run it in
a task on any node: ``prepare`` reads and segments a document (a --lines
shard arrives with its sentences already), ``finish`` writes a document's
output atomically — exactly what ``reader translate`` writes for it — or keeps
a shard's translations as a part until the file's last shard is done.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, load_document
from ..errors import InputError, ReaderError
from ..output.atomic import atomic_write_bytes
from ..output.writers import save_document, translation_sources, with_terms, writer_for
from ..text.typography import Typography, apply_typography
from ..translation import Translation
from .inputs import Unit, not_a_regular_file, output_name

# translations → their glossary term occurrences as records, per sentence (GlossaryTranslator.term_records)
TermRecorder = Callable[[Sequence[Translation]], list]

PARTS_DIR = ".reader-parts"  # in OUTDIR: finished shards of --lines files not complete yet


@dataclass(frozen=True, slots=True)
class OutputSettings:
    """How inputs are read and outputs written (picklable: every task gets a copy)."""

    outdir: Path
    format: str = "txt"
    typography: Typography = "auto"
    encoding: str | None = None
    input_format: str = "auto"


@dataclass(slots=True)
class Prepared:
    """A unit read and segmented: its document (None for a shard: the driver holds it) and its sentences."""

    unit: Unit
    sources: list[str]
    doc: Document | None = None
    error: str = ""


def load(unit: Unit, settings: OutputSettings) -> Document:
    """The unit's whole document (for a shard: the whole --lines file)."""
    reason = not_a_regular_file(unit.input.path)  # a FIFO, a socket, a device: never opened
    if reason:
        raise InputError(reason)
    # As `reader translate` reads it for this format (a web page as Markdown for the markup formats).
    return load_document(str(unit.input.path), settings.encoding, settings.input_format,
                         markup=writer_for(settings.format).markup)


def prepare(unit: Unit, settings: OutputSettings) -> Prepared:
    """Read and segment a document unit; a failure is the one-line reason, not an exception."""
    try:
        doc = load(unit, settings)
    except (ReaderError, OSError) as exc:
        return Prepared(unit, [], error=failure_reason(exc, unit))
    return Prepared(unit, translation_sources(doc, settings.format), doc)


def shard_sources(doc: Document, sources: Sequence[str], unit: Unit) -> list[str]:
    """A --lines shard's part of ``sources`` (the document's, ``translation_sources``): its lines' sentences.

    Paragraph n is line n + 1.
    """
    assert unit.lines is not None
    start, end = unit.lines
    indexes = [s.index for p in doc.paragraphs[start:end] for s in p.sentences]
    return list(sources[indexes[0]:indexes[-1] + 1]) if indexes else []


def failure_reason(exc: BaseException, unit: Unit) -> str:
    """The one-line reason, without the input's path (the manifest entry names it)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    reason = " ".join(str(exc).split()) or type(exc).__name__
    for name in (str(unit.input.path), unit.input.path.name):
        reason = reason.removeprefix(f"{name}: ")
    return reason


def write_output(doc: Document, translations: Sequence[Translation], unit: Unit, settings: OutputSettings,
                 terms: TermRecorder | None = None) -> str:
    """Write the document's English to OUTDIR atomically, as ``reader translate`` would; its relative path.

    ``terms``: a glossary's occurrences as records, from the translations as written (after typography),
    for a format that records them (jsonl).
    """
    relpath = output_name(unit.input.relpath, settings.format)
    path = settings.outdir / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    translations = written(translations, settings)
    writer = writer_for(settings.format)
    if terms is not None and writer.terms:
        writer = with_terms(writer, terms(translations))
    save_document(doc, translations, settings.format, path, writer=writer)
    return relpath


def written(translations: Sequence[Translation], settings: OutputSettings) -> list[Translation]:
    """The translations as the output has them (typography applied, sentence by sentence)."""
    return [apply_typography(t, settings.typography) for t in translations]


def remove_stray_temporaries(outdir: Path) -> int:
    """Delete the temporary files an earlier run left when it was killed mid-write; how many.

    ``atomic_write_text`` and ``write_part`` write ``.<name>.<random>.tmp`` beside the
    target and rename it; only a process killed outright (SIGKILL, a Ray worker torn down
    with its cluster) leaves one behind. One run at a time writes to an OUTDIR (its lock, ``outdir``).
    """
    removed = 0
    for path in outdir.rglob(".*.tmp"):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def finish(unit: Unit, doc: Document | None, translations: Sequence[Translation], settings: OutputSettings,
           part_key: str, terms: TermRecorder | None = None) -> str | None:
    """A unit's translations kept: a document's output written (its relative path), or a shard's part (None).

    A shard's part keeps its term records too (checked on its sentences as written, which is
    what ``write_output`` does for a whole document: typography and the check go sentence by
    sentence), so that the assembled file records its terms as a document's does.
    """
    try:
        if unit.lines is not None:
            records = terms(written(translations, settings)) if terms is not None and writer_for(settings.format).terms else None
            write_part(unit, Part(list(translations), records), settings, part_key)
            return None
        assert doc is not None
        return write_output(doc, translations, unit, settings, terms)
    except (ReaderError, OSError):  # a full disk stops the run; a refusal is this document's
        raise
    except Exception as exc:  # a bug in a writer: this document fails, the others are still done
        raise ReaderError(f"internal error writing its output ({type(exc).__name__}: {' '.join(str(exc).split())})") from exc


# ------------------------------------------------------------------ parts of --lines files

def _part_path(unit: Unit, settings: OutputSettings) -> Path:
    return settings.outdir / PARTS_DIR / f"{unit.input.relpath}.{unit.shard:06d}-of-{unit.shards:06d}.pickle"


@dataclass(frozen=True, slots=True)
class Part:
    """A finished shard of a --lines file: its translations and, where a glossary's terms are recorded, their records."""

    translations: list[Translation]
    term_records: list | None = None  # per translation (jsonl's "terms"); None: none recorded


def write_part(unit: Unit, part: Part, settings: OutputSettings, key: str) -> None:
    """Keep a finished shard (atomically: a part is whole or absent); ``key`` ties it to model and settings."""
    path = _part_path(unit, settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write_bytes(path) as f:
        pickle.dump((key, part), f, protocol=pickle.HIGHEST_PROTOCOL)


def read_part(unit: Unit, settings: OutputSettings, key: str) -> Part | None:
    """A shard kept by an earlier run with the same ``key``, or None (also for a part an older version wrote)."""
    try:
        with open(_part_path(unit, settings), "rb") as f:
            found_key, part = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError):
        return None
    return part if found_key == key and isinstance(part, Part) else None


def remove_parts(units: Sequence[Unit], settings: OutputSettings) -> None:
    for unit in units:
        _part_path(unit, settings).unlink(missing_ok=True)
    for directory in {_part_path(u, settings).parent for u in units}:
        while directory != settings.outdir and directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()
            directory = directory.parent
