"""``manifest.jsonl``: one line per input document — its status, sentence count, output, model and settings.

During a run each finished document is appended (one ``write`` of one line,
flushed and fsync'ed), so a crash loses at most the line being written; a
line that does not parse is ignored on reading. At the end of a run the file
is rewritten atomically with one entry per input, in input order. A rerun
skips every document whose entry says ``ok`` for the same model, settings and
format and whose output is still there.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from ..output.atomic import atomic_write_text

MANIFEST_NAME = "manifest.jsonl"
Status = Literal["ok", "failed"]


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    input: str  # the input's relative path
    status: Status
    sentences: int
    output: str | None  # relative to OUTDIR; None when failed
    model: str
    settings: str
    format: str
    reason: str = ""  # why it failed, one line

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))


def parse_entry(line: str) -> ManifestEntry | None:
    """The entry a manifest line holds; None for a line that is not one of ours."""
    try:
        return ManifestEntry(**json.loads(line))
    except (ValueError, TypeError):
        return None


class Manifest:
    """The manifest of one output directory."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / MANIFEST_NAME
        self.entries: dict[str, ManifestEntry] = {}
        self._file = None

    def load(self) -> "Manifest":
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self
        for line in text.splitlines():
            entry = parse_entry(line)
            if entry is not None:  # else a line cut short by a crash
                self.entries[entry.input] = entry
        return self

    def is_done(self, relpath: str, model: str, settings: str, fmt: str, outdir: Path) -> bool:
        e = self.entries.get(relpath)
        return (
            e is not None and e.status == "ok" and (e.model, e.settings, e.format) == (model, settings, fmt)
            and e.output is not None and (outdir / e.output).is_file()
        )

    def record(self, entry: ManifestEntry) -> None:
        self.entries[entry.input] = entry
        if self._file is None:
            self._file = open(self.path, "a", encoding="utf-8")
        self._file.write(entry.to_json() + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self, order: list[str]) -> None:
        """Rewrite the file whole: one entry per input, those of ``order`` first, in that order."""
        if self._file is not None:
            self._file.close()
            self._file = None
        rank = {relpath: i for i, relpath in enumerate(order)}
        entries = sorted(self.entries.values(), key=lambda e: (rank.get(e.input, len(rank)), e.input))
        with atomic_write_text(self.path) as out:
            for e in entries:
                out.write(e.to_json() + "\n")
