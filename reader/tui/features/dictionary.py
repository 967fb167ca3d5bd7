"""Dictionary look-ups of the word under the cursor (a German word, or the German a word of the English is aligned to)."""

from __future__ import annotations

from textual import work

from ..messages import DictionaryReady
from ..screens.dictionary import DictionaryScreen
from . import ReaderFeature


class DictionaryFeature(ReaderFeature):
    @work(thread=True, group="dictionary", exclusive=True, exit_on_error=False)
    def lookup_worker(self, word: str) -> None:
        from ...dictionary import Dictionary

        if self.app.dictionary is None:
            self.app.dictionary = Dictionary()
        self.post_message(DictionaryReady(word, self.app.dictionary.lookup(word)))

    def _lookup_word(self) -> str | None:
        v = self.view
        active = v.active_word()
        st = self.state
        if active is None:
            return None
        if active.side == "de":
            return st.sentences[active.sentence].text[active.span[0]:active.span[1]]
        links = st.links(active.sentence, "en", active.span)
        if links:
            s, e = links[0]
            return st.sentences[active.sentence].text[s:e]
        return None

    def action_lookup(self) -> None:
        word = self._lookup_word()
        if not word:
            self.notify("Put the word cursor (← →) or the mouse on a German word first.", markup=False)
            return
        self.lookup_worker(word)

    def on_dictionary_ready(self, message: DictionaryReady) -> None:
        self.app.push_screen(DictionaryScreen(message.word, message.result))
