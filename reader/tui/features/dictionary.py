"""Dictionary look-ups of the word under the cursor (a German word, or the German a word of the English is aligned to).

The lookup gets the sentence as context (``reader.dictionary.LookupContext``): the
German sentence, the word's span, and the English the alignment links to the word,
so the screen can put the fitting sense first and read separable verbs. In learning
mode, or while the learner translates the sentence, its English is hidden and no
English is passed, so the marked sense gives nothing away.
"""

from __future__ import annotations

from functools import partial

from textual import work
from textual.worker import Worker

from ...dictionary import LookupContext
from ...text.cleaning import clean
from ..messages import DictionaryReady
from ..dialogs.dictionary import DictionaryScreen
from . import NO_WORD, ReaderFeature

SLOW_LOOKUP_S = 0.5  # a lookup slower than this says why


class DictionaryFeature(ReaderFeature):
    @work(thread=True, group="dictionary", exclusive=True, exit_on_error=False)
    def lookup_worker(self, sentence: int, context: LookupContext) -> None:
        result = self.services.dictionary.lookup(context.word, context=context)
        self.post_message(DictionaryReady(context.word, result, sentence, context.span))

    def _lookup_context(self) -> tuple[int, LookupContext] | None:
        """The active word's sentence index and its German word in context (from either side)."""
        found = self.active_german_word()
        if found is None:
            return None
        st = self.state
        i, span = found
        shown = st.shown(i)  # hidden English has no alignment: nothing is passed
        english = shown.text if shown.hypothesis is not None else ""
        aligned = tuple(shown.text[s:e] for s, e in st.links(i, "de", span))
        return i, LookupContext(st.sentences[i].text, span, english, aligned)

    def action_lookup(self) -> None:
        target = self._lookup_context()
        if target is None or not target[1].word.strip():
            self.notify(NO_WORD, markup=False)
            return
        worker = self.lookup_worker(*target)
        self.set_timer(SLOW_LOOKUP_S, partial(self._tell_if_still_looking_up, worker, target[1].word))

    def _tell_if_still_looking_up(self, worker: Worker, word: str) -> None:
        if not worker.is_finished:  # the first lookup builds the dictionary's headword index
            self.notify(f"Looking up {clean(word)}: the first lookup reads the dictionary's index (a few seconds)…", markup=False)

    def on_dictionary_ready(self, message: DictionaryReady) -> None:
        self.app.push_screen(
            DictionaryScreen(message.word, message.result, sentence=message.sentence, span=message.span, reply_to=self)
        )
