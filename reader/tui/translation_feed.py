"""TranslationFeed: what fills a screen with English — the user's versions, then the model's.

A screen owns one feed and runs ``run`` in a thread worker (group
``"translate"``); the feed runs the one translation job of the core
(``reader.job.TranslationJob``: the store first, then the model) in the
reader's chunk order (``ViewFirstOrder``: what is on screen first) and posts
what it finds as Messages (``post`` is the screen's thread-safe
``post_message``): ``UserVersionsArrived``, ``ModelReady``,
``TranslatorStatus`` and ``TranslationsArrived``. ``alternatives`` gives one
sentence's n-best list, for a screen's alternatives worker, and ``translation``
one sentence's translation (grading an attempt); both are one-sentence jobs,
so they read and fill the store as the feed does. A failure is left
to the screen's ``Worker.StateChanged`` handler; ``stage`` says where it came.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from textual.message import Message

from ..engines import Translator
from ..errors import ReaderError
from ..job import Stage, TranslationJob
from ..memory.lookup import MemoryLookup
from ..store import TranslationStore
from ..text.typography import Typography, apply_typography
from ..translation import Translation
from .feed_status import FeedStage
from .messages import ModelReady, TranslationsArrived, TranslatorStatus, UserVersionsArrived
from .services import TranslatorFactory
from .view_first_order import ViewFirstOrder

# The stages the status bar tells apart (scoring and aligning memory matches show as translating;
# a lookup is still "finding the model").
_SHOWN_STAGE: dict[str, FeedStage] = {
    "resolving": "resolving", "loading": "loading", "scoring": "translating", "translating": "translating", "done": "done",
    "aligning": "translating",
}


class TranslationFeed:
    """The translations of one document's sentences, posted as Messages; ``run`` it on a worker thread."""

    def __init__(
        self,
        sentences: Sequence[str],
        get_translator: TranslatorFactory,
        store: TranslationStore | None,
        *,
        post: Callable[[Message], object],
        visible: Callable[[], tuple[int, int]],
        typography: Typography = "auto",
        alternatives: int = 4,
        chunk_size: int = 8,
        background_chunk_size: int = 32,
        memory: MemoryLookup | None = None,
    ) -> None:
        self.sentences = list(sentences)  # every sentence's text, in document order
        self.get_translator = get_translator  # the one translator, made on the first call (ReaderServices.get_translator)
        self.store = store
        self.post = post
        self.typography = typography
        self.n_alternatives = alternatives
        self.order = ViewFirstOrder(self.sentences, visible, chunk_size, background_chunk_size)
        self.translator: Translator | None = None
        self.stage: FeedStage | Stage = "starting"  # written by the worker thread
        self.memory = memory  # exact matches served before the model (the user's versions are posted apart)

    def run(self, is_cancelled: Callable[[], bool] = lambda: False) -> None:
        """The feed: the user's versions, then the model's translations through a TranslationJob."""
        users = self._read_user_versions()
        self._set_stage("resolving")
        translator = self.get_translator(lambda m: self.post(TranslatorStatus("resolving", m)))
        self.translator = translator
        self.post(ModelReady(translator.name))
        if users:
            self._read_picked_versions(translator, users)
        job = TranslationJob(
            self.sentences, translator, self.store,
            order=self.order,
            on_arrived=lambda arrived: self.post(TranslationsArrived(self._typeset(arrived.items))),
            on_stage=self._set_stage,
            on_store_error=self._store_failed,
            is_cancelled=is_cancelled,
            memory=self.memory,
        )
        job.run()

    def alternatives(self, source: str) -> Translation:
        """``source``'s n-best list (from the store when kept there), as the reader shows it."""
        alt = self._alternatives_translator(self.get_translator(_unheard))
        (t,) = TranslationJob([source], alt, self.store).run()
        return apply_typography(t, self.typography)

    def translation(self, source: str) -> Translation:
        """``source``'s translation (from the store when kept there), as the reader shows it.

        A store failure is passed over: the translation is what is asked for.
        """
        (t,) = TranslationJob([source], self.get_translator(_unheard), self.store, on_store_error=lambda exc: None).run()
        return apply_typography(t, self.typography)

    def _typeset(self, items: dict[str, Translation]) -> dict[str, Translation]:
        """The model's translations as the reader shows them (``--typography``); the store keeps the model's."""
        return {source: apply_typography(t, self.typography) for source, t in items.items()}

    def _set_stage(self, stage: Stage | FeedStage) -> None:
        self.stage = stage
        if stage in _SHOWN_STAGE:
            self.post(TranslatorStatus(_SHOWN_STAGE[stage], self.translator.name if stage == "loading" else ""))

    def _store_failed(self, exc: ReaderError) -> None:
        self.post(TranslatorStatus("error", str(exc)))

    def _read_user_versions(self) -> dict[str, str]:
        if self.store is None:
            return {}
        try:
            users = self.store.get_user_translations(list(dict.fromkeys(self.sentences)))
        except ReaderError as exc:
            self._store_failed(exc)
            return {}
        if users:
            self.post(UserVersionsArrived(users))
        return users

    def _read_picked_versions(self, translator: Translator, users: dict[str, str]) -> None:
        """The hypotheses that user versions were picked from (alternatives), for their alignment."""
        alt = self._alternatives_translator(translator)
        try:
            nbest = self._typeset(self.store.get_many(alt.model_key, alt.settings_key, list(users)))
        except ReaderError as exc:
            self._store_failed(exc)
            return
        picked = {}
        for source, text in users.items():
            t = nbest.get(source)
            for h in (t.best, *t.alternatives) if t else ():
                if h.text == text:
                    picked[source] = h
                    break
        if picked:
            self.post(UserVersionsArrived(users, picked))

    def _alternatives_translator(self, translator: Translator) -> Translator:
        beams = max(self.n_alternatives + 1, translator.beams)
        return translator.with_options(dataclasses.replace(translator.options, beams=beams, alternatives=self.n_alternatives))


def _unheard(message: str) -> None:
    """How the model is found, told to no one: a one-sentence job's translator is the feed's, found before."""
