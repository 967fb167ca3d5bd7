"""A bound on what a zip container (EPUB, DOCX, ODT) may unpack to: a small file must not fill the memory.

Each member's size is the one its header declares, and Python's zipfile never
unpacks a member past it, so the declared sizes bound the real work. A book's
images are stored nearly as they are, so an honest container unpacks to about its
own size (inputs are at most 200 MiB); a zip bomb unpacks to thousands of times it.
"""

from __future__ import annotations

import zipfile

from ..errors import InputError

MAX_UNPACKED_BYTES = 1 << 30  # all members together


def refuse_zip_bomb(archive: zipfile.ZipFile, name: str) -> None:
    """InputError if the members of ``archive`` declare more than MAX_UNPACKED_BYTES together."""
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        raise InputError(f"{name}: unpacks to {total / 2**20:,.0f} MiB, more than "
                         f"{MAX_UNPACKED_BYTES // 2**20:,} MiB allowed; is it a zip bomb?")
