"""ReaderApp: the bilingual reader's application — it owns what the screens share.

The app holds the reader's services (``reader.tui.services.ReaderServices``:
the document, the store, the translator made once by the factory, and the
dictionary) and hands them to the reader itself, a ``ReaderScreen``
(``reader.tui.screens.reader``), the default screen, with its widgets, keys,
workers and actions. The app keeps ctrl+c, the command palette and, on the way
out, cancelling every worker.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from ..dictionary import Dictionary
from ..document import Document
from ..store import TranslationStore
from ..text.cleaning import clean
from ..text.typography import Typography
from .keys import bindings, palette_commands
from .screens.reader import ReaderScreen
from .services import ReaderServices, TranslatorFactory
from .state import ReaderState


class ReaderApp(App[None]):
    TITLE = "reader"
    CSS_PATH = "app.tcss"
    BINDINGS = bindings("app")

    def __init__(
        self,
        doc: Document,
        translator_factory: TranslatorFactory | None,
        store: TranslationStore | None = None,
        *,
        alternatives: int = 4,
        chunk_size: int = 8,
        background_chunk_size: int = 32,
        dictionary: Dictionary | None = None,
        typography: Typography = "auto",
        rare_rank: int | None = None,
        source: str = "",
        memory: bool = True,
    ) -> None:
        super().__init__()
        self.services = ReaderServices(doc, translator_factory, store, dictionary=dictionary, typography=typography,
                                       alternatives=alternatives, rare_rank=rare_rank, source=source, memory=memory)
        self.state = ReaderState(doc)
        self.title = clean(doc.name)
        self.reader = ReaderScreen(self.state, self.services, chunk_size=chunk_size,
                                   background_chunk_size=background_chunk_size)

    def get_default_screen(self) -> Screen:
        return self.reader

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        yield from palette_commands(self)

    def on_unmount(self) -> None:
        self.workers.cancel_all()
