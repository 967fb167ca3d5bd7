"""One way to translate a document's sentences: the store first, then the engine, in chunks.

Every consumer — ``reader translate``, the reader's feed, and next compare and
corpus — runs a ``TranslationJob``. The job owns the order of work, which is
the same everywhere:

1. ``lookup``: the translation memory (when given one: ``reader.memory``, the
   user's own versions and imported TMX units, exact matches) and then the
   store are asked for every distinct sentence;
2. ``loading``: the model is loaded, only if anything is left to do (a fully
   stored run never imports torch);
3. ``aligning``: memory matches get word links by forced decoding (the model
   scores the memory's English as the translation), saved in the store under
   ``settings_key + MEMORY_LINKS_KEY`` so that the next run needs no model for them;
4. ``scoring``: stored translations made without per-token log-probabilities
   get them filled in and saved again, when the caller wants them;
5. ``translating``: the rest, in chunks, each saved as soon as it is done, so
   an interrupted run resumes where it stopped.

What differs between consumers is passed in: the order of the chunks (the CLI
goes in document order, the reader starts at what is on screen), where results
go, whether the work is cancelled, and what a store failure means (the CLI
stops; the reader says so and goes on without the store).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from .engines import Translator
from .errors import ReaderError
from .memory.lookup import MemoryLookup, MemoryMatch
from .store import TranslationStore
from .text.word_diff import links_onto
from .translation import Hypothesis, Translation

Stage = Literal["lookup", "loading", "aligning", "scoring", "translating", "done"]
# memory: served by the translation memory (its links, if any, from the store); aligned: the same, now with links
Origin = Literal["store", "memory", "aligned", "scored", "translated"]

# A memory's English as the model scores and aligns it is kept under the settings key with this added.
MEMORY_LINKS_KEY = ";memory-links"

DEFAULT_CHUNK = 128  # sentences per engine call in document order (progress and resume granularity)


@dataclass(frozen=True, slots=True)
class Arrived:
    """Translations the job has made available, by source sentence."""

    items: dict[str, Translation]
    origin: Origin


class ChunkOrder:
    """Chunks in document order: the whole lookup at once, then ``chunk_size`` sentences at a time.

    A job asks its order for the next chunk of what is left (``todo``, a set
    of distinct sources) in each stage; a reader that follows the screen
    passes an order of its own (``reader.tui.view_first_order.ViewFirstOrder``).
    """

    def __init__(self, sources: Sequence[str], chunk_size: int = DEFAULT_CHUNK) -> None:
        self._sources = list(dict.fromkeys(sources))
        self._chunk_size = chunk_size
        self._stage: Stage | None = None
        self._next = 0  # where the last chunk of this stage ended: what is before is done

    def __call__(self, todo: Collection[str], stage: Stage) -> list[str]:
        if stage != self._stage:
            self._stage, self._next = stage, 0
        size = len(todo) if stage == "lookup" else self._chunk_size
        chunk: list[str] = []
        i = self._next
        while i < len(self._sources) and len(chunk) < size:
            if self._sources[i] in todo:
                chunk.append(self._sources[i])
            i += 1
        self._next = i
        return chunk


class TranslationJob:
    """Translate ``sources`` (sentences, repeats allowed) through ``store`` and ``translator``.

    Arguments:
        sources: the sentences, in document order; each distinct one is translated once.
        translator: the engine (loaded lazily, only if the store does not hold everything).
        store: the translation store, or None to neither read nor write one.
        token_scores: whether the caller needs per-token log-probabilities; stored
            translations without them are then scored (``Translator.add_token_scores``).
        order: picks the next chunk of the distinct sources left in a stage
            (default: ``ChunkOrder``, document order).
        on_arrived: called with every chunk of results as it becomes available.
        on_stage: called when the job enters a stage.
        on_progress: called with (distinct sentences done, distinct sentences in all).
        on_store_error: called when the store fails, after which the job goes on
            without it; without one, the error is raised.
        is_cancelled: polled between chunks; when it returns True the job stops.
        memory: serve the translation memory's exact matches before the model (needs
            ``store``); None: the model only (``--no-memory``, and ``reader compare``).
    """

    def __init__(
        self,
        sources: Sequence[str],
        translator: Translator,
        store: TranslationStore | None = None,
        *,
        token_scores: bool = True,
        order: Callable[[Collection[str], Stage], list[str]] | None = None,
        on_arrived: Callable[[Arrived], None] | None = None,
        on_stage: Callable[[Stage], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_store_error: Callable[[ReaderError], None] | None = None,
        is_cancelled: Callable[[], bool] = lambda: False,
        memory: MemoryLookup | None = None,
    ) -> None:
        options = getattr(translator, "options", None)
        if store is not None and options is not None and not options.word_links:
            # The store keeps what the reader shows later, word links included.
            raise ValueError("a job with a store needs a translator that gives word links (DecodingOptions.word_links)")
        self.sources = list(sources)
        self.translator = translator
        self.store = store
        self.token_scores = token_scores
        self.order = order or ChunkOrder(self.sources)
        self._on_arrived = on_arrived
        self._on_stage = on_stage
        self._on_progress = on_progress
        self._on_store_error = on_store_error
        self._is_cancelled = is_cancelled
        self.memory = memory
        self.done: dict[str, Translation] = {}
        self._unaligned: dict[str, MemoryMatch] = {}  # memory matches whose links are not stored yet

    # ------------------------------------------------------------ running

    def run(self) -> list[Translation] | None:
        """Do the work; one Translation per source, in order (None if cancelled first)."""
        unique = list(dict.fromkeys(self.sources))
        self._lookup(unique)
        unscored = {s for s, t in self.done.items() if self.token_scores and not t.has_token_scores}
        todo = set(unique) - self.done.keys()
        if self._is_cancelled():
            return None
        if todo or unscored or self._unaligned:
            self._stage("loading")
            self.translator.load()
        if self._unaligned:
            self._stage("aligning")
            if not self._align():
                return None
        if unscored:
            self._stage("scoring")
            if not self._work(unscored, "scoring"):
                return None
        self._progress(len(unique) - len(todo), len(unique))
        if todo:
            self._stage("translating")
            if not self._work(todo, "translating", total=len(unique)):
                return None
        self._stage("done")
        return [self.done[s] for s in self.sources]

    def _lookup(self, unique: list[str]) -> None:
        if self.store is None:
            return
        self._stage("lookup")
        t = self.translator
        left = set(unique)
        while left and not self._is_cancelled():
            chunk = self.order(left, "lookup")
            try:
                served = self._serve_memory(chunk) if self.memory is not None else {}
                hits = self.store.get_many(t.model_key, t.settings_key, [s for s in chunk if s not in served])
            except ReaderError as exc:
                self._store_failed(exc)
                return
            left.difference_update(chunk)
            if served:
                self.done.update(served)
                self._arrive(served, "memory")
            if hits:
                self.done.update(hits)
                self._arrive(hits, "store")

    def _serve_memory(self, chunk: list[str]) -> dict[str, Translation]:
        """The memory's exact matches among ``chunk``, with their links when the store has them."""
        t = self.translator
        matches = self.memory.exact(self.store, chunk)
        if not matches:
            return {}
        linked = self.store.get_many(t.model_key, t.settings_key + MEMORY_LINKS_KEY, list(matches))
        served = {}
        for source, m in matches.items():
            kept = linked.get(source)
            if kept is None or kept.text != m.target:
                self._unaligned[source] = m
                kept = None
            served[source] = _served(m, kept)
        return served

    def _align(self) -> bool:
        """Give the memory's matches word links (forced decoding), chunk by chunk; False if cancelled."""
        todo = set(self._unaligned)
        while todo:
            if self._is_cancelled():
                return False
            chunk = self.order(todo, "aligning")
            matches = [self._unaligned[s] for s in chunk]
            scored = [_as_given(m, forced) for m, forced in zip(matches, self._force(matches))]
            self._save(scored, MEMORY_LINKS_KEY)
            todo.difference_update(chunk)
            items = {m.source: _served(m, forced) for m, forced in zip(matches, scored)}
            self.done.update(items)
            self._arrive(items, "aligned")
        return True

    def _force(self, matches: list[MemoryMatch]) -> list[Translation | None]:
        """The model's forced decoding of each match's English; None where it cannot score one (too long)."""
        try:
            return list(self.translator.score([m.source for m in matches], [m.target for m in matches]))
        except (ReaderError, ValueError):
            if len(matches) == 1:
                return [None]
            return [r for m in matches for r in self._force([m])]

    def _work(self, todo: set[str], stage: Stage, total: int = 0) -> bool:
        """Score or translate ``todo`` chunk by chunk; False if cancelled before the end."""
        t = self.translator
        while todo:
            if self._is_cancelled():
                return False
            chunk = self.order(todo, stage)
            if stage == "scoring":
                results = t.add_token_scores([self.done[s] for s in chunk])
            else:
                results = t.translate(chunk)
            self._save(results)
            todo.difference_update(chunk)
            items = {r.source: r for r in results}
            self.done.update(items)
            self._arrive(items, "scored" if stage == "scoring" else "translated")
            if stage == "translating":
                self._progress(total - len(todo), total)
        return True

    # ------------------------------------------------------------ helpers

    def _save(self, results: list[Translation], key_suffix: str = "") -> None:
        if self.store is None:
            return
        try:
            self.store.put_many(self.translator.model_key, self.translator.settings_key + key_suffix, results)
        except ReaderError as exc:
            self._store_failed(exc)

    def _store_failed(self, exc: ReaderError) -> None:
        if self._on_store_error is None:
            raise exc
        self.store = None
        self._on_store_error(exc)

    def _arrive(self, items: dict[str, Translation], origin: Origin) -> None:
        if self._on_arrived is not None:
            self._on_arrived(Arrived(items, origin))

    def _stage(self, stage: Stage) -> None:
        if self._on_stage is not None:
            self._on_stage(stage)

    def _progress(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


def _as_given(m: MemoryMatch, forced: Translation | None) -> Translation:
    """What is kept of a memory match's forced decoding: the memory's English exactly, with the model's links.

    The forced pass gives the English as the model's preprocessing and vocabulary round-trip it (a
    character it lacks is dropped or ``<unk>``); its links are then carried onto the memory's words
    (``links_onto``), and its subwords and their scores, which spell the round trip, are left out.
    """
    if forced is None:  # the model could not score it (too long): served without links
        return Translation(m.source, Hypothesis(m.target, float("nan")))
    if forced.text == m.target:
        return forced
    return Translation(m.source, Hypothesis(m.target, forced.score, alignment=links_onto(m.target, forced.text, forced.alignment)))


def _served(m: MemoryMatch, kept: Translation | None) -> Translation:
    """A memory match as the job gives it: the memory's English, marked with its origin."""
    best = kept.best if kept is not None else Hypothesis(m.target, float("nan"))
    return Translation(m.source, best, edited=m.origin == "yours", origin=m.origin)


def translate_sentences(
    sources: Sequence[str],
    translator: Translator,
    store: TranslationStore | None = None,
    progress: Callable[[int, int], None] | None = None,
    token_scores: bool = True,
    chunk_size: int = DEFAULT_CHUNK,
    memory: MemoryLookup | None = None,
) -> list[Translation]:
    """One Translation per source sentence, in order: a ``TranslationJob`` in document order."""
    job = TranslationJob(
        sources, translator, store, token_scores=token_scores,
        order=ChunkOrder(sources, chunk_size), on_progress=progress, memory=memory,
    )
    result = job.run()
    assert result is not None  # never cancelled
    return result
