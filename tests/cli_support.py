"""Shared helpers for the tests that run `reader` as a subprocess."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


def wait_until_stored(db: Path, timeout: float = 120.0) -> int:
    """Wait until the store at ``db`` holds a translation (a run's first chunk); return the row count.

    A run is then surely translating, with its signal handlers in place.
    """
    deadline = time.time() + timeout
    rows = 0
    while time.time() < deadline and rows == 0:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db) as c:
                    rows = c.execute("select count(*) from translations").fetchone()[0]
            except sqlite3.Error:
                pass
    return rows
