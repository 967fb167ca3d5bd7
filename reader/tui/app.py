"""ReaderApp: the bilingual reader's application — it owns what the screens share.

The app holds the reader's services (``reader.tui.services.ReaderServices``:
the document, the store, the translator made once by the factory, and the
dictionary) and hands them to the reader itself, a ``ReaderScreen``
(``reader.tui.screens.reader``), the default screen, with its widgets, keys,
workers and actions; a document opened from the library gets a new one in its
place, with the same store, model and dictionary. The app keeps ctrl+c, the command palette and, on the way
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
        self._chunk_sizes = {"chunk_size": chunk_size, "background_chunk_size": background_chunk_size}
        self.reader = ReaderScreen(self.state, self.services, **self._chunk_sizes)

    def get_default_screen(self) -> Screen:
        return self.reader

    def open_document(self, doc: Document, source: str) -> None:
        """Read ``doc`` (opened from ``source``) in a new reader screen in place of the one shown, which keeps
        where its document was left and stops translating; the new one returns to where ``doc`` was left."""
        left = self.reader
        left.leave_document()
        self.services = self.services.for_document(doc, source)
        self.state = ReaderState(doc)
        self.title = clean(doc.name)
        self.reader = ReaderScreen(self.state, self.services, **self._chunk_sizes)
        if left is self.screen_stack[0]:
            # The first document's screen is the default one, which Textual cannot switch away:
            # the new reader goes on top of it, and it rests there, idle, until the app ends.
            self.push_screen(self.reader)
        else:
            self.switch_screen(self.reader)

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        yield from palette_commands(self)

    def on_unmount(self) -> None:
        self.workers.cancel_all()
