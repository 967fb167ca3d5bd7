"""The learner's attempts (``T``): every one in the store, and the average chrF per day."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Sparkline, Static

from ...attempts import Attempt, daily_chrf
from ...text.cleaning import clean
from ..keys import bindings


class AttemptsScreen(ModalScreen[None]):
    """A table of the attempts (newest first) above the average chrF per day and its sparkline."""

    DEFAULT_CSS = """
    AttemptsScreen { align: center middle; }
    AttemptsScreen > Vertical {
        width: 120; max-width: 95%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    AttemptsScreen #attempts-table { height: 1fr; }
    AttemptsScreen #attempts-days { height: auto; max-height: 8; }
    AttemptsScreen Sparkline { height: 2; margin: 0 0 1 0; }
    """
    BINDINGS = bindings("attempts")

    def __init__(self, attempts: list[Attempt]) -> None:
        super().__init__()
        self.attempts = sorted(attempts, key=lambda a: a.time, reverse=True)
        self.days = daily_chrf(attempts)

    def compose(self) -> ComposeResult:
        with Vertical():
            n = len(self.attempts)
            if not n:
                yield Static(Text("No attempts yet: press t on a sentence to translate it yourself.", style="bold"))
                return
            mean = sum(a.chrf for a in self.attempts) / n
            yield Static(Text(f"Your attempts: {n}, average chrF {mean:.1f} (against the model's translation)", style="bold"))
            yield Static(self._days_text(), id="attempts-days")
            if len(self.days) > 1:
                yield Sparkline([chrf for _day, _n, chrf in self.days], summary_function=max)
            table: DataTable = DataTable(id="attempts-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("when", "chrF", "German", "yours")
            for a in self.attempts:
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(a.time))
                # Text cells: a plain string would be read as markup.
                table.add_row(Text(when), Text(f"{a.chrf:5.1f}", justify="right"), Text(_short(a.source)), Text(_short(a.text)))
            yield table

    def _days_text(self) -> Text:
        out = Text("average chrF per day: ", style="dim", end="")
        for k, (day, n, chrf) in enumerate(self.days[-7:]):
            if k:
                out.append("   ")
            out.append(f"{day} ", style="dim")
            out.append(f"{chrf:.1f}", style="bold")
            out.append(f" ({n})", style="dim")
        return out

    def action_dismiss(self) -> None:
        self.dismiss(None)


def _short(text: str, width: int = 48) -> str:
    text = clean(text)
    return text if len(text) <= width else text[: width - 1] + "…"
