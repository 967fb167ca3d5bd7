"""OUTDIR: kept apart from the sources, marked as a run's output folder, locked while a run writes to it.

A run writes ``OUTDIR/.reader-corpus`` (``MARKER_NAME``), whose first line is
``reader-corpus-output <version>``, and holds an exclusive ``flock`` on it until
it ends, so a second run on the same OUTDIR is refused at once rather than
racing the first over the manifest and the --lines parts. The marker is also how
a walk of the sources recognises an output folder (and skips it): a folder from
before the marker is recognised by its ``manifest.jsonl``, whose first line is one
of our entries.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import InputError
from .manifest import MANIFEST_NAME, parse_entry

MARKER_NAME = ".reader-corpus"
MARKER_SIGNATURE = "reader-corpus-output"  # the first line: this, a space and the marker's version
MARKER_TEXT = (
    f"{MARKER_SIGNATURE} 1\n"
    "The outputs of `reader corpus` (docs/scale.md). A run holds a lock on this file while it writes here.\n"
)


def refuse_overlap(sources: Sequence[str], outdir: Path) -> None:
    """Raise InputError when OUTDIR is a source or holds one: a run would read what it writes.

    An OUTDIR inside a source folder is fine: the walk of that source leaves it out (``find_inputs``).
    """
    out = outdir.resolve()
    for source in sources:
        src = Path(source).resolve()
        if src.is_relative_to(out):
            relation = "is" if src == out else "holds"
            raise InputError(f"OUTDIR {outdir} {relation} the source {source}: a run would read its own outputs; "
                             "choose another OUTDIR")


def is_output_folder(directory: Path) -> bool:
    """Whether ``directory`` holds the outputs of a corpus run (its marker, or a manifest of ours)."""
    marker = _first_line(directory / MARKER_NAME)
    if marker is not None and marker.startswith(MARKER_SIGNATURE + " "):
        return True
    first = _first_line(directory / MANIFEST_NAME)
    return first is not None and parse_entry(first) is not None


def _first_line(path: Path, limit: int = 1 << 16) -> str | None:
    """The first line of a regular file; None for a missing file or anything else (never opened: a FIFO blocks)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        head = os.read(fd, limit)
    except OSError:
        return None
    finally:
        os.close(fd)
    return head.split(b"\n", 1)[0].decode("utf-8", "replace")


@contextlib.contextmanager
def locked_output_folder(outdir: Path, notify: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Make OUTDIR, mark it as ours and hold its lock for the run; InputError at once when another run holds it."""
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / MARKER_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{path}: not a regular file")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{outdir}: another `reader corpus` run is writing to this OUTDIR; "
                             "wait for it to end or choose another OUTDIR") from None
        except OSError as exc:  # a filesystem without locks (some network mounts): go on, and say so
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            notify(f"reader: warning: cannot lock {path} ({exc.strerror}); run one `reader corpus` at a time here")
        if os.pread(fd, len(MARKER_TEXT.encode()) + 1, 0) != MARKER_TEXT.encode():
            os.ftruncate(fd, 0)
            os.pwrite(fd, MARKER_TEXT.encode(), 0)
            os.fsync(fd)
        yield
    finally:
        os.close(fd)  # releases the lock


def case_insensitive(outdir: Path) -> bool:
    """Whether names that differ only in case are one file where OUTDIR is (or will be made); False if unknown.

    Probed without writing: an existing name in the nearest existing folder, looked up with its case swapped.
    """
    existing = outdir.resolve()
    while not existing.is_dir() and existing != existing.parent:
        existing = existing.parent
    try:
        with os.scandir(existing) as entries:
            name = next((e.name for e in entries if e.name != e.name.swapcase()), None)
        if name is None:
            return False
        return os.path.samestat(os.lstat(existing / name), os.lstat(existing / name.swapcase()))
    except OSError:
        return False
