"""The status line: position, the word under the cursor and its links, the share of words known, translation progress."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.position = Text("")
        self.info = Text("")
        self.progress = Text("")
        self.known = Text("")  # the share of words known, while the unknown words are highlighted

    def set_parts(
        self, position: Text | None = None, info: Text | None = None, progress: Text | None = None,
        known: Text | None = None,
    ) -> None:
        if position is not None:
            self.position = position
        if info is not None:
            self.info = info
        if progress is not None:
            self.progress = progress
        if known is not None:
            self.known = known
        line = Text.assemble(self.position, "  ", self.info, no_wrap=True, overflow="ellipsis")
        right = Text.assemble(self.known, "  " if self.known else "", self.progress)
        width = max(0, self.size.width - 2) or 100
        room = width - right.cell_len - 2
        if room > 0:
            line.truncate(room, overflow="ellipsis", pad=True)
            line.append("  ")
        line.append_text(right)
        self.update(line, layout=False)  # one line of a fixed height: no layout pass for the screen

    def on_resize(self) -> None:
        self.set_parts()


def progress_text(done: int, total: int, label: str, width: int = 12) -> Text:
    """``label done/total ▰▰▰▱▱``."""
    total = max(total, 1)
    filled = round(width * done / total)
    t = Text(f"{label} {done}/{total} ", style="dim")
    t.append("▰" * filled, style="bold")
    t.append("▱" * (width - filled), style="dim")
    return t
