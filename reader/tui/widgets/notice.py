"""A banner that says plainly why there is no English (e.g. no model) and what to do."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Notice(Static):
    DEFAULT_CSS = """
    Notice {
        height: auto;
        max-height: 6;
        background: $warning 25%;
        color: $foreground;
        padding: 0 1;
        display: none;
    }
    Notice.-shown { display: block; }
    """

    def say(self, message: str) -> None:
        self.update(Text(message))
        self.add_class("-shown")

    def clear(self) -> None:
        self.remove_class("-shown")
