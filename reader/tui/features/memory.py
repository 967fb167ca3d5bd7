"""The translation memory in the reader: a fuzzy match beside the model's English, taken with one key.

Exact matches need nothing here: the feed's job serves them in place of the model's
English (``ShownKind`` ``memory``). For a sentence showing the model's English, the
most similar sentence of the memory (``FuzzyMemory``, ≥ 75 %) is shown in the status
line with its English; the key takes that English as the user's version.
"""

from __future__ import annotations

from rich.text import Text
from textual import work

from ...errors import ReaderError
from ...memory.lookup import FuzzyMemory, MemoryMatch
from ...text.cleaning import clean
from ..keys import keys_of
from ..messages import MemoryReady
from . import ReaderFeature

NO_SUGGESTION = "No suggestion from your translation memory for this sentence."


class MemoryFeature(ReaderFeature):
    _fuzzy_memory: FuzzyMemory | None = None
    _suggestions: dict[str, MemoryMatch | None]

    @work(thread=True, group="memory", exclusive=True, exit_on_error=False)
    def memory_worker(self) -> None:
        """Read the memory for fuzzy matching (the whole table: kept off the UI thread)."""
        store = self.services.store
        if store is None or not self.services.memory:
            return
        try:
            self.post_message(MemoryReady(FuzzyMemory(store)))
        except ReaderError as exc:
            self.notify(f"No translation memory suggestions: {exc}", severity="warning", markup=False)

    def on_memory_ready(self, message: MemoryReady) -> None:
        self._fuzzy_memory = message.memory
        self._suggestions = {}
        self._update_status()

    def memory_suggestion(self, i: int) -> MemoryMatch | None:
        """The memory's fuzzy match for sentence ``i`` while it shows the model's English; None if none."""
        if self._fuzzy_memory is None or self.state.shown(i).kind != "model":
            return None
        source = self.state.sentences[i].text
        if source not in self._suggestions:
            self._suggestions[source] = self._fuzzy_memory.best(source)
        return self._suggestions[source]

    def suggestion_text(self, i: int) -> Text:
        """What the status line says of sentence ``i``'s suggestion ("" when there is none)."""
        m = self.memory_suggestion(i)
        if m is None:
            return Text("")
        key = next(k.display for k in keys_of("reader") if k.action == "take_suggestion")
        out = Text(f"   memory {m.similarity:.0f}%: ", style="bold")
        out.append(clean(m.target), style="italic")
        out.append(f"  ({key} takes it)", style="dim")
        return out

    def action_take_suggestion(self) -> None:
        i = self.view.cursor
        m = self.memory_suggestion(i)
        if m is None:
            self.notify(NO_SUGGESTION, markup=False)
            return
        self.set_user_version(self.state.sentences[i].text, m.target)  # EditingFeature: shown and kept as yours
        self.notify(f"Taken from your translation memory ({m.similarity:.0f}% alike): now your version.", markup=False)
