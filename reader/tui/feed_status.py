"""Where the reader's translation feed stands, and what it says when it fails; without Textual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import ReaderError
from ..job import Stage

FeedStage = Literal["starting", "resolving", "loading", "translating", "done", "unavailable", "error"]


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """Where the reader's translation stands; the status bar shows it."""

    stage: FeedStage = "starting"
    detail: str = ""  # the model's name while loading, a message otherwise
    translated: int = 0  # sentences with a model translation, repeats counted (as the position counts)
    total: int = 0

    @property
    def finished(self) -> bool:
        """Nothing more will come: all translated, or stopped by a missing model or an error."""
        return self.stage in ("done", "unavailable", "error")


def describe_failure(stage: FeedStage | Stage, exc: BaseException) -> tuple[FeedStage, str]:
    """What the reader says when its feed fails in ``stage``: no model at all, or an error."""
    name = f"{type(exc).__name__}: {exc}"
    if stage in ("starting", "resolving"):
        return "unavailable", str(exc) if isinstance(exc, ReaderError) else name
    if stage == "loading":
        return "unavailable", str(exc) if isinstance(exc, ReaderError) else f"cannot load the model: {name}"
    if stage == "scoring":
        return "error", str(exc) if isinstance(exc, ReaderError) else f"scoring failed: {name}"
    return "error", f"translation failed: {name}"
