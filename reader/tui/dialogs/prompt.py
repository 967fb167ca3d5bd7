"""A one-line question (jump to paragraph, export path, edit a translation)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..keys import bindings


class PromptScreen(ModalScreen[str | None]):
    """Dismisses with the entered text, or None on Escape."""

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical {
        width: 90; max-width: 95%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    PromptScreen .context { color: $text-muted; margin-bottom: 1; }
    """
    BINDINGS = bindings("prompt")

    def __init__(self, title: str, value: str = "", context: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.context = context
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            if self.context:
                yield Static(Text(self.context), classes="context")
            yield Input(value=self.value, id="answer")
            if self.hint:
                yield Static(Text(self.hint, style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
