"""The saved words (``W`` in the reader): a table to search, sort, gloss, grade and delete, and to jump from.

The screen dismisses with the chosen ``SavedWord`` (Enter), for the reader to go to
its sentence, or with None (Esc, q). The store is read and written only in thread
workers, which post the screen's own messages; the words are kept here by key, so
searching and sorting never wait on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from ...store import TranslationStore
from ...text.cleaning import clean
from ...words import STATUSES, SavedWord, Status
from ...words.model import local_time_text
from ...words.selection import Sort, select_words
from ..keys import bindings
from .confirm import ConfirmScreen
from .prompt import PromptScreen

# The table's columns: key (also the sort it stands for) and heading.
COLUMNS: tuple[tuple[Sort, str], ...] = (
    ("lemma", "lemma"), ("word", "word"), ("gloss", "gloss"), ("status", "status"), ("sentence", "sentence"),
    ("created", "saved"),
)
CONTEXT_WIDTH = 56  # characters of the sentence shown around the word
# Typing in the search refills the table once the keys pause: a refill of 5 000 words costs
# 0.3–1 s (the DataTable measures every cell), and each key of a burst shouldn't pay it.
SEARCH_PAUSE_S = 0.15
HINT = "Enter go to · / search · s sort · e gloss · 1 new  2 learning  3 known · x delete · Esc, q close"


class WordsScreen(ModalScreen[SavedWord | None]):
    """Every saved word of the store; the words saved in ``current_document`` are marked •."""

    DEFAULT_CSS = """
    WordsScreen { align: center middle; }
    WordsScreen > Vertical {
        width: 150; max-width: 98%; height: 92%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    WordsScreen #words-search { margin: 1 0 0 0; }
    WordsScreen #words-table { height: 1fr; }
    WordsScreen .hint { color: $text-muted; }
    WordsScreen > .words--learning { color: $text-warning; }
    WordsScreen > .words--known { color: $text-success; }
    """
    # The status column's colours, from the theme (as the reader's highlighting).
    COMPONENT_CLASSES = {"words--learning", "words--known"}
    BINDINGS = bindings("words")

    @dataclass
    class Loaded(Message):
        """Every saved word, from the store."""

        words: list[SavedWord]

    @dataclass
    class Changed(Message):
        """The word of ``key`` as it now is in the store; None: it is gone."""

        key: str
        word: SavedWord | None

    def __init__(self, store: TranslationStore | None, current_document: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.current_document = current_document
        self.words: dict[str, SavedWord] = {}
        self.loaded = False
        self.search = ""
        self.sort: Sort = "lemma"
        self.reverse = False
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Saved words: loading…", style="bold"), id="words-title")
            yield Input(placeholder="search lemma, word, gloss, sentences", id="words-search")
            yield DataTable(id="words-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(HINT), classes="hint")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)  # sent once the new CSS applies
        self.query_one(DataTable).focus()
        if self.store is None:
            self._title(Text("No store (--no-cache): saved words are kept in the store.", style="bold"))
            return
        self.load_words()

    # -------------------------------------------------------------- store workers

    @work(thread=True, exit_on_error=False, group="words")
    def load_words(self) -> None:
        assert self.store is not None
        self.post_message(self.Loaded(self.store.saved_words()))

    @work(thread=True, exit_on_error=False, group="words")
    def change_word(self, key: str, status: Status | None = None, gloss: str | None = None) -> None:
        assert self.store is not None
        if status is not None:
            self.store.set_word_status(key, status)
        if gloss is not None:
            self.store.set_word_gloss(key, gloss)
        self.post_message(self.Changed(key, self.store.get_word(key)))

    @work(thread=True, exit_on_error=False, group="words")
    def delete_word(self, key: str) -> None:
        assert self.store is not None
        self.store.delete_word(key)
        self.post_message(self.Changed(key, None))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        event.stop()
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"Saved words: {type(error).__name__}: {error}", severity="error", markup=False)

    def on_words_screen_loaded(self, message: Loaded) -> None:
        self.words = {w.key: w for w in message.words}
        self.loaded = True
        self._show()

    def on_words_screen_changed(self, message: Changed) -> None:
        # One row changed in place, not a refill (~1 s at 5 000 words): the row stays where it is
        # even if the sort or the search would now put it elsewhere, until the next sort or search.
        table = self.query_one(DataTable)
        if message.word is None:
            self.words.pop(message.key, None)
            if message.key in table.rows:
                table.remove_row(message.key)
        else:
            self.words[message.key] = message.word
            if message.key not in table.rows:
                self._show()  # not shown: only a refill knows where it goes
                return
            for (column, _), cell in zip(COLUMNS, _cells(message.word, self._status_styles())):
                # Only a wider cell resizes: a narrower one would make the DataTable measure the whole column.
                wider = cell.cell_len > table.columns[column].content_width  # type: ignore[index]
                table.update_cell(message.key, column, cell, update_width=wider)
        self._title(self._summary(table.row_count))

    # -------------------------------------------------------------- the table

    def _title(self, text: Text) -> None:
        self.query_one("#words-title", Static).update(text)

    def _show(self) -> None:
        """Fill the table with the words that match the search, in the chosen order; the cursor stays on its word."""
        table = self.query_one(DataTable)
        keep = self.selected()
        shown = select_words(self.words.values(), search=self.search, sort=self.sort, reverse=self.reverse)
        table.clear(columns=True)
        for key, heading in COLUMNS:
            arrow = (" ▼" if self.reverse else " ▲") if key == self.sort else ""
            table.add_column(Text(heading + arrow), key=key)
        status_styles = self._status_styles()
        for w in shown:
            here = bool(self.current_document) and w.document == self.current_document
            table.add_row(*_cells(w, status_styles), key=w.key, label=Text("•", style="bold") if here else None)
        if keep is not None and keep.key in {w.key for w in shown}:
            table.move_cursor(row=table.get_row_index(keep.key))
        self._title(self._summary(len(shown)))

    def _status_styles(self) -> dict[Status, Style]:
        return {"new": Style(), **{status: self.get_component_rich_style(f"words--{status}", partial=True)
                                   for status in ("learning", "known")}}

    def _theme_changed(self, theme: object) -> None:
        if self.loaded:  # the status column's colours anew
            self._show()

    def _summary(self, shown: int) -> Text:
        n = len(self.words)
        if not n:
            return Text("No saved words yet.", style="bold")
        title = Text(f"Saved words: {n}", style="bold")
        if shown != n:
            title.append(f", {shown} shown", style="bold")
        here = sum(bool(self.current_document) and w.document == self.current_document for w in self.words.values())
        if here:
            title.append(f" · • {here} saved in this document", style="dim")
        heading = dict(COLUMNS)[self.sort]
        title.append(f" · sorted by {heading}{' (reversed)' if self.reverse else ''}", style="dim")
        return title

    def selected(self) -> SavedWord | None:
        """The word under the table's cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.words.get(key) if key is not None else None

    # -------------------------------------------------------------- keys and events

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search = event.value
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_PAUSE_S, self._searched)

    def _searched(self) -> None:
        self._search_timer = None
        if self.loaded:
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        word = self.words.get(event.row_key.value) if event.row_key.value is not None else None
        if word is not None:
            self.dismiss(word)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = event.column_key.value
        if key == self.sort:
            self.reverse = not self.reverse
        else:
            self.sort, self.reverse = key, False  # type: ignore[assignment]
        self._show()

    def action_close(self) -> None:
        search = self.query_one(Input)
        if search.has_focus:  # the first Esc leaves the search, the filter stays
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_next_sort(self) -> None:
        keys = [key for key, _ in COLUMNS]
        self.sort, self.reverse = keys[(keys.index(self.sort) + 1) % len(keys)], False
        self._show()

    def action_set_status(self, status: Status) -> None:
        word = self.selected()
        if word is not None and status in STATUSES and status != word.status:
            self.change_word(word.key, status=status)

    def action_edit_gloss(self) -> None:
        word = self.selected()
        if word is None:
            return

        def save(gloss: str | None) -> None:
            if gloss is not None and gloss.strip() != word.gloss:
                self.change_word(word.key, gloss=gloss.strip())

        self.app.push_screen(
            PromptScreen(f"Gloss of {clean(word.lemma)}", value=word.gloss, context=clean(word.sentence),
                         hint="Enter: save (empty: no gloss) · Esc: keep"),
            save,
        )

    def action_promote_term(self) -> None:
        """The word's gloss (edited first, if need be) as a glossary term: its lemma always so translated."""
        word = self.selected()
        if word is None or self.store is None:
            return

        def keep(english: str | None) -> None:
            if english and english.strip():
                self.add_term(word.lemma, " ".join(english.split()))

        self.app.push_screen(
            PromptScreen(f"Glossary: {clean(word.lemma)} →", value=word.gloss, context=clean(word.sentence),
                         hint="Enter: keep the term, always this English · Esc: no term"),
            keep,
        )

    @work(thread=True, exit_on_error=False, group="words")
    def add_term(self, german: str, english: str) -> None:
        from ...glossary import Term

        assert self.store is not None
        self.store.add_terms([Term(german, english)])
        self.app.call_from_thread(self.notify, f"Term: {clean(german)} → {clean(english)}", markup=False)

    def action_delete(self) -> None:
        word = self.selected()
        if word is None:
            return

        def delete(yes: bool | None) -> None:
            if yes:
                self.delete_word(word.key)

        self.app.push_screen(ConfirmScreen(f"Delete the saved word {clean(word.lemma)}?"), delete)


def _cells(w: SavedWord, status_styles: dict[Status, Style]) -> tuple[Text, ...]:
    # Text cells: a plain string would be read as markup.
    saved = local_time_text(w.created, "%Y-%m-%d %H:%M")
    return (
        Text(clean(w.lemma), style="bold"), Text(clean(w.word)), Text(clean(w.gloss)),
        Text(w.status, style=status_styles[w.status]), context(w.sentence, w.span), Text(saved, style="dim"),
    )


def context(sentence: str, span: tuple[int, int], width: int = CONTEXT_WIDTH) -> Text:
    """The sentence around the word, shortened to about ``width`` characters with …, the word in bold;
    "—" for a word without a sentence (imported from a plain list)."""
    if not sentence:
        return Text("—", style="dim")
    s, e = span
    room = max(0, width - (e - s))
    start = max(0, min(s - room // 2, len(sentence) - width))
    end = min(len(sentence), max(e, start + width))
    out = Text("…" if start > 0 else "", end="")
    out.append(clean(sentence[start:s]))
    out.append(clean(sentence[s:e]), style="bold underline")
    out.append(clean(sentence[e:end]))
    if end < len(sentence):
        out.append("…")
    return out
