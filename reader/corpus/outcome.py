"""What a runner reports for each unit."""

from __future__ import annotations

from dataclasses import dataclass

from .inputs import Unit


@dataclass(frozen=True, slots=True)
class Finished:
    """A unit done: its sentence count, and its output (a document) or nothing (a shard, kept as a part); or why it failed."""

    unit: Unit
    sentences: int
    output: str | None = None
    error: str = ""
    engine_keys: tuple[str, str] | None = None  # (model key, settings key) of the engine that ran it; None: the driver's
