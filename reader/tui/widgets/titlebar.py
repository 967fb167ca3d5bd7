"""One line on top: the document's name, where you are in a book, and the model (plain Text, never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        background: $primary-background;
        color: $foreground;
        padding: 0 1;
        text-style: bold;
    }
    """

    def show(self, name: str, model: str, learning: bool, place: str = "") -> None:
        """``place``: the chapter and % read of a book; "" for a document without chapters."""
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(name)
        if place:
            t.append(f"  ·  {place}", style="not bold")
        t.append("  ·  Deutsch → English", style="not bold dim")
        if model:
            t.append(f"  ·  {model}", style="not bold dim")
        if learning:
            t.append("  ·  learning mode", style="not bold italic")
        self.update(t)
