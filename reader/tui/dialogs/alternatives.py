"""Alternatives: the n-best translations of the current sentence; pick one."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...text.cleaning import clean
from ...translation import Hypothesis
from ..keys import bindings


class AlternativesScreen(ModalScreen[Hypothesis | None]):
    DEFAULT_CSS = """
    AlternativesScreen { align: center middle; }
    AlternativesScreen > Vertical {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    AlternativesScreen OptionList { height: auto; max-height: 20; }
    AlternativesScreen .source { color: $text-muted; margin-bottom: 1; }
    """
    BINDINGS = bindings("alternatives")

    def __init__(self, source: str, hypotheses: list[Hypothesis]) -> None:
        super().__init__()
        self.source = source
        self.hypotheses = hypotheses

    def compose(self) -> ComposeResult:
        options = []
        for n, h in enumerate(self.hypotheses):
            label = Text(f"{n + 1}. ", style="bold")
            label.append(clean(h.text))
            label.append(f"   p≈{math.exp(h.score):.2f}", style="dim")
            options.append(Option(label, id=str(n)))
        with Vertical():
            yield Static(Text("Alternatives — Enter picks one, Esc keeps the current", style="bold"))
            yield Static(Text(clean(self.source)), classes="source")
            yield OptionList(*options)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.hypotheses[int(event.option.id)])

    def action_cancel(self) -> None:
        self.dismiss(None)
