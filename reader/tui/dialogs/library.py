"""The library screen (``L`` in the reader): every document opened, with how far, when, the words read, the new words
and the share known (``reader.store.library``, as ``reader library`` lists them); Enter opens one where it was left.

The screen dismisses with the chosen ``LibraryEntry`` or None (Esc, q, L). The store
is read in a thread worker that posts the screen's own message; the document it
is opened from is marked •.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from ...store import TranslationStore
from ...store.library import COLUMNS, NUMBERS, LibraryEntry, library_entries, library_row
from ...text.cleaning import clean
from ..keys import bindings

HINT = "Enter opens a document where you left it · Esc, q, L close"


class LibraryScreen(ModalScreen[LibraryEntry | None]):
    """The documents of ``store``, the most recently opened first; ``current`` (a ``document_key``) is marked •."""

    DEFAULT_CSS = """
    LibraryScreen { align: center middle; }
    LibraryScreen > Vertical {
        width: 150; max-width: 98%; height: auto; max-height: 92%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    LibraryScreen DataTable { height: auto; max-height: 30; margin: 1 0 0 0; }
    LibraryScreen .hint { color: $text-muted; }
    """
    BINDINGS = bindings("library")

    @dataclass
    class Loaded(Message):
        """The library, from the store."""

        entries: list[LibraryEntry]

    def __init__(self, store: TranslationStore | None, current: bytes | None = None) -> None:
        super().__init__()
        self.store = store
        self.current = current
        self.entries: dict[str, LibraryEntry] = {}  # by row key

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Library: loading…", style="bold"), id="library-title")
            yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(HINT), classes="hint")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        if self.store is None:
            self._title("No store (--no-cache): the library is kept in the store.")
            return
        self.load_library()

    @work(thread=True, exit_on_error=False, group="library")
    def load_library(self) -> None:
        assert self.store is not None
        self.post_message(self.Loaded(library_entries(self.store)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        event.stop()
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"Library: {type(error).__name__}: {error}", severity="error", markup=False)

    def on_library_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        for name in COLUMNS:
            table.add_column(Text(name, justify="right" if name in NUMBERS else "left"), key=name)
        for n, entry in enumerate(message.entries):
            key = str(n)
            self.entries[key] = entry
            cells = [Text(clean(cell), justify="right" if name in NUMBERS else "left")
                     for name, cell in zip(COLUMNS, library_row(entry))]
            here = entry.key == self.current
            table.add_row(*cells, key=key, label=Text("•", style="bold") if here else None)
        n = len(message.entries)
        self._title(f"Library: {n} document{'s' * (n != 1)} opened" if n else "Library: no documents opened yet.")

    def _title(self, text: str) -> None:
        self.query_one("#library-title", Static).update(Text(text, style="bold"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self.entries.get(event.row_key.value or ""))

    def action_close(self) -> None:
        self.dismiss(None)
