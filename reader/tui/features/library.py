"""The library (``L``): the documents opened, and opening one of them in the reader where it was left.

The chosen document is read in a thread worker (a novel: about a second) from the
path it was last opened from; the app then puts a new reader screen in this one's
place (``ReaderApp.open_document``), which returns to the sentence left as any
reopening does. The model, the store and the dictionary stay loaded.
"""

from __future__ import annotations

from textual import work

from ...document import Document
from ...errors import ReaderError
from ...store.library import LibraryEntry
from ...text.cleaning import clean
from ..messages import DocumentLoaded
from ..dialogs.library import LibraryScreen
from . import ReaderFeature


class LibraryFeature(ReaderFeature):
    """The library screen and opening a document from it (a mixin of ``ReaderScreen``)."""

    def action_library(self) -> None:
        self.app.push_screen(LibraryScreen(self.services.store, self.services.document_key), self._open_entry)

    def _open_entry(self, entry: LibraryEntry | None) -> None:
        if entry is None or entry.key == self.services.document_key:
            return  # this document: it is open here already
        if not entry.position.path:
            self.notify(f"{clean(entry.position.name)} was read from stdin: it cannot be opened again from here.",
                        markup=False)
            return
        self.notify(f"Opening {clean(entry.position.name)} …", markup=False)
        self.document_loader(entry.position.path)

    @work(thread=True, group="library", exclusive=True, exit_on_error=False, name="opening the document")
    def document_loader(self, source: str) -> None:
        from ...document.loading import load_document

        try:
            doc: Document = load_document(source, markup=True)
        except (ReaderError, OSError) as error:  # moved, deleted, no longer readable: said, the reader stays
            self.app.call_from_thread(self.notify, f"Cannot open {source}: {error}", severity="error", markup=False)
            return
        self.post_message(DocumentLoaded(doc, source))

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        self.app.open_document(message.doc, message.source)
