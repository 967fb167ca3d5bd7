"""Search in both languages (the search bar), and jumping between the matches."""

from __future__ import annotations

from ..search import SearchHit, find_hits, hit_word, next_hit, query_pattern
from ..widgets.searchbar import SearchBar
from . import ReaderFeature


class SearchFeature(ReaderFeature):
    _search_hits: list[SearchHit]  # the last search's, set by the screen
    _search_query: str  # the last search ("" before one), searched again by n/N
    _search_bar: SearchBar

    def action_search(self) -> None:
        self._search_bar.open()

    def on_input_submitted(self, event: SearchBar.Submitted) -> None:
        if not isinstance(event.input, SearchBar):
            return
        event.stop()
        bar = event.input
        query = event.value.strip()
        bar.action_close()
        if query:
            self.search(query)

    def on_search_bar_closed(self, message: SearchBar.Closed) -> None:
        self.view.focus()

    def search(self, query: str) -> int:
        """Find ``query`` (case-insensitive) in both languages; go to the first match from the cursor.

        The view marks the matches in each sentence as it is drawn, and n/N search again, so an English
        that changes afterwards (arrives, is edited, an alternative picked) is marked where it says it.
        """
        self._search_query = query
        hits = find_hits(self.state, query)
        self._search_hits = hits
        self.view.set_matches(query_pattern(query))
        if not hits:
            self.notify(f"Not found: {query}", markup=False)
            return 0
        self.notify(f"{len(hits)} matches for {query}", markup=False, timeout=3)
        self._jump_match(1, include_current=True)
        return len(hits)

    def _jump_match(self, step: int, include_current: bool = False) -> None:
        if self._search_query:
            self._search_hits = find_hits(self.state, self._search_query)  # the English as it is now
        hit = next_hit(self._search_hits, self.view.cursor, step, include_current)
        if hit is None:
            query = self._search_query
            self.notify(f"Not found: {query}" if query else "No search yet: press / to search.", markup=False)
            return
        self.view.set_cursor(hit.sentence, side=hit.side, word=hit_word(self.state, hit))

    def action_search_next(self) -> None:
        self._jump_match(1)

    def action_search_prev(self) -> None:
        self._jump_match(-1)
