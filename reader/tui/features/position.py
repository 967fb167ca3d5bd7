"""Where you were: reopening a document returns to the sentence you left (kept in the store per document).

The document is known by a hash of its text (``reader.store.positions``), so the
same book opened from another path is found again. Its row is written when the
reader opens it (so ``reader library`` lists it at once) and when the reader is
left, with the sentence and the words read up to it, and the share of the text's
words known if ``K`` counted it (counting takes lemmatizing the whole text: not
done just for this). With ``--no-cache`` there is no store and nothing is kept.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from ...document.chapters import german_words
from ...store import ReadingPosition, StoreError
from . import ReaderFeature

clock: Callable[[], float] = time.time  # when a document is opened or left (snapshot tests fix it)


class PositionFeature(ReaderFeature):
    """Restoring and keeping the reading position (a mixin of ``ReaderScreen``)."""

    _position_key: bytes | None = None  # None: no store (or nothing to keep)
    _known_before: int | None = None  # the share known kept from an earlier reading

    def on_mount(self) -> None:
        store = self.services.store
        self._position_key = None
        if store is None or not self.state.sentences:
            return
        key = self.services.document_key
        try:
            left = store.reading_position(key)
            self._known_before = left.known if left is not None else None
            sentence = left.sentence if left is not None and left.sentence < len(self.state.sentences) else 0
            self._position_key = key
            store.save_reading_position(self._position_here(sentence, left.words_read if left else 0,
                                                            self._known_before))
        except StoreError as error:  # the reader still opens, at the start, and keeps nothing
            self._position_key = None
            self.notify(f"Where you were is not kept: {error}", severity="warning", markup=False)
            return
        if sentence:
            # The cursor now, so the view's first scroll (when it gets its size) is to this sentence;
            # after that layout, the sentence to the top of the view, to read on from there.
            self.view.set_cursor(sentence, scroll=False)
            self.call_after_refresh(self.view.scroll_to_sentence, sentence, False, True)

    def on_unmount(self) -> None:
        self._keep_position()

    def leave_document(self) -> None:
        """Keep where the document was left now, and stop translating it: another document's reader takes
        this one's place (the library), and this one keeps nothing more."""
        self._keep_position()
        self._position_key = None
        self.workers.cancel_node(self)

    def _keep_position(self) -> None:
        if self._position_key is None:
            return
        sentence = self.view.cursor
        words = sum(german_words(s.text) for s in self.state.sentences[:sentence + 1])
        vocabulary = self.state.vocabulary
        known = vocabulary.share().percent if vocabulary is not None else self._known_before
        # Leaving must not fail: a store another process holds locked loses this position, no more.
        with contextlib.suppress(StoreError):
            self.services.store.save_reading_position(self._position_here(sentence, words, known))

    def _position_here(self, sentence: int, words_read: int, known: int | None) -> ReadingPosition:
        return ReadingPosition(self._position_key, self.services.doc.name, self.services.source, sentence,
                               len(self.state.sentences), words_read, known, clock())
