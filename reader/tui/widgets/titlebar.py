"""One line on top: the document's name and the model (plain Text, never markup)."""

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

    def show(self, name: str, model: str, learning: bool) -> None:
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(name)
        t.append("  ·  Deutsch → English", style="not bold dim")
        if model:
            t.append(f"  ·  {model}", style="not bold dim")
        if learning:
            t.append("  ·  learning mode", style="not bold italic")
        self.update(t)
