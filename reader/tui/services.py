"""ReaderServices: what the reader's screen and features share — the document, the store, the translator, the dictionary.

The app makes one and hands it to the reader screen (as Harlequin hands its
adapters), so the features reach them typed, not through ``self.app``. The
translator is made once, by the factory, on whichever worker thread first asks
(the feed's, or grading an attempt); the lock keeps a second asker from making
another (and loading the model twice). No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property

from ..dictionary import Dictionary
from ..document import Document
from ..engines import Translator
from ..errors import ReaderError
from ..store import TranslationStore, document_key
from ..text.typography import Typography

# Makes the translator (resolving, perhaps pulling, the model); told what it is doing.
TranslatorFactory = Callable[[Callable[[str], None]], Translator]


class ReaderServices:
    """The reader's document, store (None: ``--no-cache``), translator and dictionary, and the options they take.

    Arguments:
        doc: the document read.
        translator_factory: makes the translator, on a worker thread; None: no model, no English.
        store: the translation store, or None.
        dictionary: the offline dictionary; None: one is made on the first look-up.
        typography: how the English is typeset (``--typography``).
        alternatives: how many alternatives ``a`` shows.
        rare_rank: ``K`` also marks only the words past this many most frequent German words.
        source: where the document was opened from (a path or an address; "" for stdin), for ``reader library``.
        memory: serve the translation memory before the model and suggest its fuzzy matches (False: ``--no-memory``).
    """

    def __init__(
        self,
        doc: Document,
        translator_factory: TranslatorFactory | None,
        store: TranslationStore | None = None,
        *,
        dictionary: Dictionary | None = None,
        typography: Typography = "auto",
        alternatives: int = 4,
        rare_rank: int | None = None,
        source: str = "",
        memory: bool = True,
    ) -> None:
        self.doc = doc
        self.memory = memory
        self.source = source
        self.translator_factory = translator_factory
        self.store = store
        self.typography = typography
        self.alternatives = alternatives
        self.rare_rank = rare_rank
        self._dictionary = dictionary
        self._translator: Translator | None = None
        self._translator_lock = threading.Lock()

    @property
    def translator(self) -> Translator | None:
        """The translator once made (its model loaded lazily, on first use); None before."""
        return self._translator

    def get_translator(self, status: Callable[[str], None] = lambda message: None) -> Translator:
        """The translator, made by the factory on the first call (``status`` hears how the model is found).

        Blocking (it may resolve or pull the model): call it from a worker thread.
        """
        with self._translator_lock:
            if self._translator is None:
                if self.translator_factory is None:
                    raise ReaderError("no translation model given")
                self._translator = self.translator_factory(status)
            return self._translator

    def for_document(self, doc: Document, source: str) -> ReaderServices:
        """Services for another document: the same store, dictionary and options, and the translator
        this one made (or makes), so a model once loaded stays loaded."""
        factory = None if self.translator_factory is None else (lambda status: self.get_translator(status))
        return ReaderServices(doc, factory, self.store, dictionary=self.dictionary, typography=self.typography,
                              alternatives=self.alternatives, rare_rank=self.rare_rank, source=source, memory=self.memory)

    @cached_property
    def document_key(self) -> bytes:
        """The document's key in the store (``reader.store.document_key``: a hash of its text, 2 ms for a novel)."""
        return document_key(self.doc.text)

    @property
    def dictionary(self) -> Dictionary:
        """The offline dictionary, made on first use (cheap: its files are read on the first look-up)."""
        if self._dictionary is None:
            self._dictionary = Dictionary()
        return self._dictionary
