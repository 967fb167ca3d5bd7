"""The vocabulary shortlist as stored beside a converted model: CTranslate2's ``vmap.txt`` and the gate's verdict.

CTranslate2 reads ``vmap.txt`` from the converted model's directory when it loads the model;
``translate_batch(use_vmap=True)`` then computes each output step over the union of the
candidates of the batch's source subwords and the list's always-kept tokens instead of the
whole vocabulary (58,101 tokens for opus-mt-de-en). The list lives in the directory of the
converted model it was checked with (its weights and compute type), with ``shortlist.json``:
its digest (which enters the store's settings key), how it was built, and the quality gate's
verdict (``reader.shortlist`` builds and gates it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..output.atomic import atomic_write_text
from .options import ShortlistUse

VMAP_FILE = "vmap.txt"  # the name CTranslate2 looks for
META_FILE = "shortlist.json"


@dataclass(frozen=True)
class StoredShortlist:
    """A shortlist on disk for one converted model."""

    directory: Path
    digest: str  # of vmap.txt: the store's settings key names it
    model_key: str
    gate: dict | None  # the quality gate's figures and verdict; None: built with --no-gate
    built: dict  # what it was built from (sentences, sizes)

    @property
    def passed(self) -> bool:
        return bool(self.gate and self.gate.get("passed"))


def read_shortlist(directory: Path, model_key: str) -> StoredShortlist | None:
    """The list stored for the converted model in ``directory``, if one was made for these weights."""
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("model_key") != model_key or not (directory / VMAP_FILE).is_file():
        return None
    return StoredShortlist(directory, meta["digest"], model_key, meta.get("gate"), meta.get("built", {}))


def write_shortlist(directory: Path, model_key: str, vmap_text: str, built: dict) -> StoredShortlist:
    """Store a new list (ungated until ``record_gate``); a model loaded after this reads it."""
    digest = hashlib.sha256(vmap_text.encode("utf-8")).hexdigest()[:12]
    with atomic_write_text(directory / VMAP_FILE) as f:
        f.write(vmap_text)
    stored = StoredShortlist(directory, digest, model_key, None, built)
    _write_meta(stored)
    return stored


def record_gate(stored: StoredShortlist, gate: dict) -> StoredShortlist:
    stored = StoredShortlist(stored.directory, stored.digest, stored.model_key, gate, stored.built)
    _write_meta(stored)
    return stored


def _write_meta(stored: StoredShortlist) -> None:
    meta = {"model_key": stored.model_key, "digest": stored.digest, "gate": stored.gate, "built": stored.built}
    with atomic_write_text(stored.directory / META_FILE) as f:
        f.write(json.dumps(meta, indent=1) + "\n")


def chosen_shortlist(directory: Path, model_key: str, use: ShortlistUse, model_name: str) -> StoredShortlist | None:
    """The list a translator uses: auto takes a gated one, on any one (none is an error), off none.

    Raises:
        ModelError: ``on`` and the model has no list.
    """
    if use == "off":
        return None
    stored = read_shortlist(directory, model_key)
    if stored is None:
        if use == "on":
            raise ModelError(f"--shortlist on: {model_name} has no vocabulary shortlist; make one with "
                             f"`reader models shortlist {model_name}`")
        return None
    return stored if use == "on" or stored.passed else None
