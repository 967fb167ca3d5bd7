"""The help screen: every key of the reader, generated from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import bindings


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = bindings("help")

    def __init__(self, keys: list[tuple[str, str]], intro: str | None = None) -> None:
        super().__init__()
        self.keys = keys
        self.intro = intro  # what the screen shows, above the keys (default: the reader's)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in self.keys:
            table.add_row(Text(key), Text(what))
        intro = Text(
            self.intro or "German on the left, English on the right (stacked on narrow terminals). "
            "The current sentence pair is highlighted; with the word cursor (← →) or the "
            "mouse, a word lights up the words aligned to it on the other side. Underlined "
            "English words are ones the model was unsure of. Ctrl+P: command palette.\n",
            style="italic",
        )
        with VerticalScroll():
            yield Static(Text("Keys", style="bold"))
            yield Static(intro)
            yield Static(table)

    def action_dismiss(self) -> None:
        self.dismiss(None)
