"""The reader's chunk order: what is on screen first, without Textual.

The reader's feed (``reader.tui.translation_feed.TranslationFeed``) runs a
``reader.job.TranslationJob`` with this order in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from ..job import Stage

LOOKUP_CHUNK = 900  # sentences per store query (SQLite's bound-variable limit)


class ViewFirstOrder:
    """The reader's chunk order: the untranslated sentences nearest the view first.

    ``visible()`` gives the (first, last) sentence on screen; the worker thread
    calls it for every chunk, so it must be cheap and thread-safe (the view's
    ``visible_range``: one tuple, replaced whole by the UI thread).
    Store look-ups take what is on screen, then the rest in document order.
    Translating starts at the top of the view with one sentence, so the first
    English shows as soon as possible, then doubles up to ``chunk_size``
    (bigger batches translate faster per sentence); past the view it takes
    ``background_chunk_size`` at a time, wrapping round to the start.
    """

    def __init__(
        self,
        sentences: Sequence[str],
        visible: Callable[[], tuple[int, int]],
        chunk_size: int = 8,
        background_chunk_size: int = 32,
    ) -> None:
        self.sentences = list(sentences)  # every sentence's text, in document order
        self.visible = visible
        self.unique = list(dict.fromkeys(self.sentences))
        self.chunk_size = chunk_size
        self.background_chunk_size = background_chunk_size
        self._stage: Stage | None = None
        self._scan = 0
        self._scan_range: tuple[int, int] | None = None
        self._view_chunk = 0  # size of the last in-view chunk (0: none yet)

    def __call__(self, todo: Collection[str], stage: Stage) -> list[str]:
        if stage != self._stage:  # each stage starts at the view again
            self._stage, self._scan_range, self._view_chunk = stage, None, 0
        if stage == "lookup":
            return self._lookup_chunk(todo)
        return self._nearest_chunk(todo)

    def _lookup_chunk(self, todo: Collection[str]) -> list[str]:
        first, last = self.visible()
        chunk: list[str] = []
        taken: set[str] = set()
        for s in self.sentences[first:last + 1] + self.unique:
            if s in todo and s not in taken:
                chunk.append(s)
                taken.add(s)
                if len(chunk) >= LOOKUP_CHUNK:
                    break
        return chunk

    def _nearest_chunk(self, todo: Collection[str]) -> list[str]:
        sentences = self.sentences
        total = len(sentences)
        rng = self.visible()
        if rng != self._scan_range:
            self._scan_range = rng
            self._scan = rng[0]
        i = self._scan
        in_view = rng[0] <= i <= rng[1]
        if in_view:
            size = self._view_chunk = min(self.chunk_size, self._view_chunk * 2) if self._view_chunk else 1
        else:
            size = self.background_chunk_size
        chunk: list[str] = []
        taken: set[str] = set()
        steps = 0
        while len(chunk) < size and steps < total:
            s = sentences[i]
            if s in todo and s not in taken:
                chunk.append(s)
                taken.add(s)
            i = (i + 1) % total
            steps += 1
            if in_view and i > rng[1] and chunk:
                break  # a small chunk for what is on screen
        self._scan = i
        return chunk
