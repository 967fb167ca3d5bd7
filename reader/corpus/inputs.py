"""What a corpus run reads: the input documents, and the units of work they are cut into.

A *unit* is what one worker translates at a time: a whole document, or with
``--lines`` a range of lines of a line-per-segment file (a test set, a
parallel-corpus job of millions of lines), so one big file still spreads over
every worker. Outputs are per document, never per unit.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..document.formats import document_stem
from ..errors import InputError
from ..output.writers import writer_for
from ..text.decoding import special_file_reason
from .outdir import is_output_folder

DEFAULT_SHARD_LINES = 5000  # lines per unit of a --lines file


@dataclass(frozen=True, slots=True)
class CorpusInput:
    """One input document: where it is, and its path relative to the source it was found under."""

    path: Path
    relpath: str  # POSIX-style, unique within the run: the output goes to OUTDIR/<its directory>/…


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of work: a document (``lines`` None) or the lines [start, end) of a --lines file."""

    input: CorpusInput
    shard: int = 0
    shards: int = 1
    lines: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        return self.input.relpath if self.shards == 1 else f"{self.input.relpath}#{self.shard}"


def find_inputs(sources: list[str], glob: str = "*", outdir: Path | None = None,
                notify: Callable[[str], None] = lambda message: None) -> list[CorpusInput]:
    """Files named on the command line, and the files under named directories (recursively) that match ``glob``.

    Hidden files and directories (``.name``) are skipped under a directory, as are the run's
    ``outdir`` (never read, marked or not) and, said to ``notify``, the output folder of any
    other corpus run (``is_output_folder``) and a folder that cannot be listed.
    """
    found: dict[str, CorpusInput] = {}
    patterns = [p.strip() for p in glob.split(",") if p.strip()] or ["*"]
    for source in sources:
        root = Path(source)
        if root.is_dir():
            items = _walk(root, patterns, outdir, notify)
        elif root.exists():
            items = [CorpusInput(root, root.name)]
        else:
            raise InputError(f"{source}: no such file or directory")
        for item in items:
            other = found.get(item.relpath)
            if other is not None and other.path.resolve() != item.path.resolve():
                raise InputError(f"two inputs would write the same output: {other.path} and {item.path}")
            found[item.relpath] = item
    if not found:
        raise InputError(f"no input documents found in {' '.join(sources)} (glob {glob!r})")
    return sorted(found.values(), key=lambda i: i.relpath)


def _walk(root: Path, patterns: list[str], outdir: Path | None, notify: Callable[[str], None]) -> list[CorpusInput]:
    items = []
    own = _stat(outdir) if outdir is not None else None

    def unreadable(exc: OSError) -> None:
        notify(f"reader: warning: skipped {exc.filename}: {exc.strerror} (its files are not inputs)")

    for directory, dirs, files in os.walk(root, onerror=unreadable):
        here = _stat(Path(directory)) if own is not None else None
        if here is not None and os.path.samestat(here, own):
            dirs[:] = []  # the run's own OUTDIR
            continue
        if is_output_folder(Path(directory)):
            dirs[:] = []
            notify(f"reader: skipped {directory}: the output folder of a `reader corpus` run")
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(directory) / name
            rel = path.relative_to(root).as_posix()
            if any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns):
                items.append(CorpusInput(path, rel))
    return items


def output_name(relpath: str, fmt: str) -> str:
    """Where a document's English goes, relative to OUTDIR: its directory, its name tagged ``.en``.

    ``news/a.de.txt`` → ``news/a.en.txt``; ``test.de`` → ``test.en.txt``; ``page.html``
    with ``-f md`` → ``page.en.md``: the language tag (``.de``) and an extension an input
    format claims are dropped, then ``.en`` and the output format's extension are added
    (both from the registries).
    """
    directory, _, name = relpath.rpartition("/")
    name = f"{document_stem(name)}.en{writer_for(fmt).extension}"
    return f"{directory}/{name}" if directory else name


def plan_units(inputs: list[CorpusInput], lines: dict[str, int] | None = None, shard_lines: int = DEFAULT_SHARD_LINES) -> list[Unit]:
    """One unit per document; for a --lines file (``lines``: its relpath → line count), one per ``shard_lines`` lines."""
    units: list[Unit] = []
    for item in inputs:
        total = (lines or {}).get(item.relpath)
        if total is None:
            units.append(Unit(item))
            continue
        shards = max(1, -(-total // shard_lines))
        for k in range(shards):
            units.append(Unit(item, k, shards, (k * shard_lines, min(total, (k + 1) * shard_lines))))
    return units


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def refuse_shared_outputs(inputs: list[CorpusInput], fmt: str, case_insensitive: bool = False) -> None:
    """Raise InputError when two inputs would write one output file (names that differ only in case are one
    file on a case-insensitive filesystem): one would overwrite the other."""
    seen: dict[str, CorpusInput] = {}
    for item in inputs:
        name = output_name(item.relpath, fmt)
        key = name.casefold() if case_insensitive else name
        other = seen.setdefault(key, item)
        if other is not item and other.path.resolve() != item.path.resolve():
            raise InputError(f"two inputs would write the same output {name}: {other.path} and {item.path}")


def not_a_regular_file(path: Path) -> str:
    """Why ``path`` is no document, found without opening it ("" for a regular file): opening a FIFO blocks."""
    return special_file_reason(os.stat(path).st_mode)  # follows a symlink
