"""Dictionary entries for the German word under the cursor."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...dictionary import LookupResult
from ...text.cleaning import clean


class DictionaryScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    DictionaryScreen { align: center middle; }
    DictionaryScreen > VerticalScroll {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,q,d", "dismiss", "Close")]

    def __init__(self, word: str, result: LookupResult) -> None:
        super().__init__()
        self.word = word
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        with VerticalScroll():
            title = Text(clean(self.word), style="bold")
            if r.source:
                title.append(f"   ({r.source})", style="dim")
            yield Static(title)
            if not r.entries:
                yield Static(Text(r.message or "No entry found.", style="italic"))
            for entry in r.entries:
                t = Text()
                t.append(clean(entry.headword), style="bold")
                t.append("\n")
                t.append(clean(entry.body))
                yield Static(t)
                yield Static(Text(""))

    def action_dismiss(self) -> None:
        self.dismiss(None)
