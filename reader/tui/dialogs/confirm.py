"""A yes/no question (deleting a saved word)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import bindings


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y → True; n or Esc → False."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Static { width: auto; max-width: 80%; border: round $warning; background: $surface; padding: 0 1; }
    """
    BINDINGS = bindings("confirm")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble((self.question, "bold"), ("   y: yes · n: no", "dim")))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
