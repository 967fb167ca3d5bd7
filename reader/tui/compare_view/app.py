"""CompareApp: ``reader compare … --view``, the compare view as an application of its own.

The figures are computed before the app starts; the app shows one
``CompareScreen`` (``reader.tui.compare_view.screen``) and keeps ctrl+c and, on the
way out, cancelling every worker.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.text import Text
from textual.app import App
from textual.screen import Screen

from ...compare.view_model import CompareModel
from ...engines import Translator
from ..keys import bindings, palette_commands
from .screen import CompareScreen


class CompareApp(App[None]):
    TITLE = "reader compare"
    CSS_PATH = "../app.tcss"  # the reader's own stylesheet (tui/app.tcss)
    BINDINGS = bindings("app")

    def __init__(
        self,
        model: CompareModel,
        *,
        header: Group | Text | None = None,
        translator_factory: Callable[[], Translator] | None = None,
    ) -> None:
        super().__init__()
        self.compare = CompareScreen(model, header=header, translator_factory=translator_factory)

    def get_default_screen(self) -> Screen:
        return self.compare

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        yield from palette_commands(self)

    def on_unmount(self) -> None:
        self.workers.cancel_all()

