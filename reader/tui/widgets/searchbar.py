"""The search field (``/``): shown at the bottom while typing a query."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from ..keys import bindings


class SearchBar(Input):
    DEFAULT_CSS = """
    SearchBar {
        dock: bottom;
        display: none;
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    SearchBar.-shown { display: block; }
    """
    BINDINGS = bindings("search_bar")

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search German or English — Enter to find, Esc to close", id=id)

    def open(self) -> None:
        self.add_class("-shown")
        self.value = ""
        self.focus()

    def action_close(self) -> None:
        self.remove_class("-shown")
        self.post_message(self.Closed())
