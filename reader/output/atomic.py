"""Write a file so that readers only ever see the old or the complete new version.

The data goes to a temporary file in the target's directory (same filesystem,
so ``os.replace`` is an atomic rename), is fsync'ed, and only then replaces
the target. On any exception, KeyboardInterrupt included, the temporary file
is removed and the target is left untouched. If the process is killed outright
(SIGKILL, power loss) the target is still intact, but a stray temporary file
named ``.<target name>.<random>.tmp`` may remain next to it.

A symlink is followed (the file it points to is replaced, the link stays), and
a target that is not a regular file (a terminal, /dev/null, a FIFO) is
written directly: renaming over it would destroy it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import secrets
from pathlib import Path
from typing import IO, BinaryIO, Iterator, TextIO


def _current_umask() -> int:
    # Reading it from /proc avoids os.umask()'s set-and-restore, which briefly
    # changes the umask for every thread in the process.
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) everywhere.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def existing_ancestor(path: Path | str) -> Path:
    """The nearest of ``path``'s folders that exists (a file there means the path cannot be made)."""
    parent = Path(os.path.abspath(path)).parent
    return next(p for p in (parent, *parent.parents) if p.exists())


def check_writable(path: Path | str) -> None:
    """Raise OSError now if ``path`` cannot be written later: ``FileNotFoundError`` for a missing
    directory, ``NotADirectoryError`` naming the file that stands where a directory should be,
    ``PermissionError`` for a read-only one."""
    target = Path(os.path.realpath(path))
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        if not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied", str(path))
        return
    directory = target.parent
    if not directory.is_dir():
        ancestor = existing_ancestor(target)
        if not ancestor.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(ancestor))
        raise FileNotFoundError(2, "No such directory", str(directory))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise PermissionError(13, "Permission denied", str(directory))


def create_new_file(path: Path) -> int:
    """Create ``path``, which must not exist yet, private to its owner; its open descriptor for writing."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)


@contextlib.contextmanager
def atomic_write_text(path: Path | str) -> Iterator[TextIO]:
    """Yield a UTF-8 text file (``\\n`` newlines) that replaces ``path`` on success."""
    with _atomic_write(path, "w", encoding="utf-8", newline="\n") as f:
        yield f


@contextlib.contextmanager
def atomic_write_bytes(path: Path | str) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``path`` on success (as ``atomic_write_text``)."""
    with _atomic_write(path, "wb") as f:
        yield f


@contextlib.contextmanager
def _atomic_write(path: Path | str, mode: str, **open_args) -> Iterator[IO]:
    target = Path(os.path.realpath(path))  # replace what a symlink points to, not the link
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        with open(target, mode, **open_args) as f:
            yield f
        return
    directory = target.parent
    tmp = directory / f".{target.name}.{secrets.token_hex(6)}.tmp"
    # The name is chosen before the file exists and the file is made inside the
    # try, so a Ctrl-C at any instant either finds no file or one the except removes
    # (tempfile.mkstemp would leave one if interrupted between its open and return).
    try:
        fd = create_new_file(tmp)
        with os.fdopen(fd, mode, **open_args) as f:
            # The file is made 0600; give it the mode a plain open()
            # would, or keep the mode of the file being replaced.
            try:
                file_mode = target.stat().st_mode & 0o7777
            except OSError:
                file_mode = 0o666 & ~_current_umask()
            os.chmod(f.fileno(), file_mode)
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        # A name clash (one in 2**48) means the file there is another writer's: leave it.
        if not (isinstance(exc, FileExistsError) and exc.filename == str(tmp)):
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    _fsync_dir(directory)
