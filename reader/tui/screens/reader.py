"""ReaderScreen: the bilingual reader's screen — its widgets, bindings, translation feed and status.

Flow: the document is on screen at once. A thread worker runs the screen's
``TranslationFeed`` (``reader.tui.translation_feed``: the one translation job
of the core, the store first, then the model, with the untranslated sentences
nearest the view first). Each chunk is posted to the
screen as a ``TranslationsArrived`` message, which re-lays out only the
paragraphs it touches. The features (moving, copying, alternatives, editing,
dictionary, learning, search, export, compare) are mixins, one per module in
``reader.tui.features``; alternatives and dictionary look-ups run in their own
workers, and one ``Worker.StateChanged`` handler here reports what fails.
Nothing blocking runs on the UI thread.

The app (``reader.tui.app.ReaderApp``) owns the document, the store, the
translator and the dictionary (``ReaderServices``) and hands them to this
screen, which the features reach as ``self.services``.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState, get_current_worker

from ...document.chapters import place_text
from ...memory.lookup import MemoryLookup
from ...text.cleaning import clean
from ..features.alternatives import AlternativesFeature
from ..features.attempt import AttemptFeature
from ..features.chapters import ChaptersFeature
from ..features.comparing import ComparingFeature
from ..features.copying import CopyingFeature
from ..features.dictionary import DictionaryFeature
from ..features.editing import EditingFeature
from ..features.export import ExportFeature
from ..features.glossary import GlossaryFeature
from ..features.learning import LearningFeature
from ..features.memory import MemoryFeature
from ..features.library import LibraryFeature
from ..features.moving import MovingFeature
from ..features.position import PositionFeature
from ..features.searching import SearchFeature
from ..features.speaking import SpeakingFeature
from ..features.words import WordsFeature
from ..feed_status import FeedStatus, describe_failure
from ..keys import bindings, help_rows
from ..messages import ModelReady, TranslationsArrived, TranslatorStatus
from ..search import SearchHit
from ..services import ReaderServices
from ..state import ReaderState
from ..translation_feed import TranslationFeed
from ..widgets.attempt_panel import AttemptPanel
from ..widgets.bitext import BitextView
from ..widgets.notice import Notice
from ..widgets.searchbar import SearchBar
from ..widgets.statusbar import StatusBar, progress_text
from ..widgets.titlebar import TitleBar
from ..dialogs.help import HelpScreen


class ReaderScreen(
    MovingFeature,
    CopyingFeature,
    AlternativesFeature,
    EditingFeature,
    DictionaryFeature,
    LearningFeature,
    SearchFeature,
    ExportFeature,
    ComparingFeature,
    AttemptFeature,
    WordsFeature,
    GlossaryFeature,
    SpeakingFeature,
    ChaptersFeature,
    PositionFeature,
    MemoryFeature,
    LibraryFeature,
    Screen[None],
):
    """The reader: German and English side by side, the feed filling in the English.

    The screen holds the layout, the translation feed and the status; each
    feature (``reader.tui.features``) brings its actions, workers and handlers.
    """

    CSS_PATH = "reader.tcss"
    KEY_SCOPE = "reader"
    BINDINGS = bindings("reader")
    feed_status: reactive[FeedStatus] = reactive(FeedStatus, init=False)

    def __init__(self, state: ReaderState, services: ReaderServices, *, chunk_size: int = 8,
                 background_chunk_size: int = 32) -> None:
        super().__init__()
        self.state = state
        self.services = services
        self.feed = TranslationFeed(
            [s.text for s in state.sentences], services.get_translator, services.store,
            post=self.post_message, visible=lambda: self.view.visible_range,
            typography=services.typography, alternatives=services.alternatives,
            chunk_size=chunk_size, background_chunk_size=background_chunk_size,
            memory=MemoryLookup(yours=False) if services.memory else None,  # the user's versions: set_user
        )
        self._translated: set[str] = set()
        # The status counts sentences, as the position does, not distinct texts.
        self._sentence_count = Counter(s.text for s in state.sentences)
        self._search_hits: list[SearchHit] = []
        self._search_query = ""  # the last search (n/N search it again)
        self.model_label = ""
        self.set_reactive(ReaderScreen.feed_status, FeedStatus(total=len(state.sentences)))

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # Kept as attributes: the app's ``query_one`` would search a modal screen on top.
        self._title_bar = TitleBar(id="title")
        self._notice = Notice(id="notice")
        self._view = BitextView(self.state, id="bitext")
        self._search_bar = SearchBar(id="search")
        self._status_bar = StatusBar(id="status")
        yield self._title_bar
        yield self._notice
        yield self._view
        yield self._search_bar
        yield AttemptPanel(id="attempt")
        yield self._status_bar
        yield Footer()

    @property
    def view(self) -> BitextView:
        return self._view

    @property
    def status_bar(self) -> StatusBar:
        return self._status_bar

    def on_mount(self) -> None:
        self.view.focus()
        self._update_title()
        self._update_status()
        if self.services.translator_factory is None:
            self._on_unavailable("no translation model given")
        else:
            self.translation_worker()
        self.memory_worker()

    def _update_title(self) -> None:
        place = place_text(self.services.doc, self.state.sentences[self.view.cursor], len(self.state.sentences)) \
            if self.state.sentences else ""
        self._title_bar.show(clean(self.services.doc.name), self.model_label, self.state.learning, clean(place))

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="translate", name="translate", exit_on_error=False)
    def translation_worker(self) -> None:
        """The feed (``TranslationFeed.run``): the user's versions, then the model's translations."""
        worker = get_current_worker()
        self.feed.run(is_cancelled=lambda: worker.is_cancelled)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Every worker's failure, said once: the feed's in the status, the others as a notice."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "translate":
            stage, detail = describe_failure(self.feed.stage, error)
            self.post_message(TranslatorStatus(stage, detail))
        elif event.worker.group == "alternatives":
            self.notify(f"No alternatives: {type(error).__name__}: {error}", severity="error", markup=False)
        else:
            self.notify(f"{event.worker.name or event.worker.group} failed: {type(error).__name__}: {error}",
                        severity="error", markup=False)

    # ------------------------------------------------------------------ messages

    def on_translations_arrived(self, message: TranslationsArrived) -> None:
        changed = self.state.set_translations(message.items)
        new = message.items.keys() - self._translated
        self._translated.update(new)
        status = self.feed_status
        self.feed_status = dataclasses.replace(status, translated=status.translated + sum(self._sentence_count[s] for s in new))
        self.view.relayout({self.state.sentences[i].paragraph for i in changed})

    def on_model_ready(self, message: ModelReady) -> None:
        self.model_label = _short_model_name(message.name)
        self._update_title()

    def on_translator_status(self, message: TranslatorStatus) -> None:
        if message.stage == "unavailable":
            self._on_unavailable(message.detail)
            return
        if message.stage == "error":
            self.notify(message.detail, severity="error", markup=False, timeout=8)
        self.feed_status = dataclasses.replace(self.feed_status, stage=message.stage, detail=message.detail)

    def _on_unavailable(self, detail: str) -> None:
        self.state.model_unavailable = detail
        hint = (
            ""
            if "reader models pull" in detail  # the message already says how
            else "\nGet the model once with `reader models pull` (needs the internet), "
            "or run `reader open --model PATH` with a local Marian model directory "
            "(the layout of Helsinki-NLP/opus-mt-de-en)."
        )
        self._notice.say("No English yet: " + detail.rstrip(".") + "." + hint)
        self.view.relayout(set(range(len(self.services.doc.paragraphs))))
        self.feed_status = dataclasses.replace(self.feed_status, stage="unavailable", detail=detail)

    def on_bitext_view_cursor_moved(self, message: BitextView.CursorMoved) -> None:
        self._update_status()
        if self.services.doc.sections:  # the title bar shows the chapter and how far
            self._update_title()

    # ------------------------------------------------------------------ status

    def watch_feed_status(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        view = self.view
        bar = self._status_bar
        st = self.state
        n = len(st.sentences)
        i = view.cursor if n else 0
        p = st.sentences[i].paragraph if n else 0
        position = Text(f"¶ {p + 1}/{len(self.services.doc.paragraphs)}  sentence {i + 1}/{n}", style="bold")
        info = self._word_info(i) if n else Text("")
        status = self.feed_status
        total, done = status.total, status.translated
        if status.stage == "unavailable":
            progress = Text("no model", style="bold")
        elif status.stage in ("starting", "resolving"):
            progress = Text("finding the model…", style="dim")
        elif status.stage == "loading":
            progress = progress_text(done, total, "loading model…")
        elif done >= total:
            progress = Text(f"translated {total}/{total}", style="dim")
        else:
            progress = progress_text(done, total, "translating")
        bar.set_parts(position, info, progress)

    def _word_info(self, i: int) -> Text:
        st = self.state
        view = self.view
        shown = st.shown(i)
        out = Text()
        active = view.active_word()
        if active is not None:
            text = st.sentences[active.sentence].text if active.side == "de" else st.shown(active.sentence).text
            word = clean(text[active.span[0]:active.span[1]])
            other_text = st.sentences[active.sentence].text if active.side == "en" else st.shown(active.sentence).text
            out.append(word, style="bold")
            out.append(" → ")
            if not st.has_alignment(active.sentence):
                out.append("(no alignment for this version)", style="italic")
            else:
                links = st.links(active.sentence, active.side, active.span)
                if links:
                    out.append(" ".join(clean(other_text[s:e]) for s, e in links))
                else:
                    out.append("unaligned", style="italic")
            out.append("   ")
        if shown.kind in ("user", "picked"):
            out.append("your version", style="italic")
        elif shown.kind == "memory":
            out.append("from your translation memory", style="italic")
        elif shown.kind == "model":
            t = st.translations[i]
            p = math.exp(t.score)
            out.append(f"p≈{p:.2f}", style="dim")
            if st.is_doubtful(i):
                out.append("  unsure", style="bold")
            out.append_text(self.suggestion_text(i))
        elif shown.kind == "hidden" and i == st.trying:
            out.append("hidden until you submit your translation", style="italic")
        elif shown.kind == "hidden":
            out.append("hidden — Space reveals", style="italic")
        elif shown.kind == "pending":
            out.append("translating…", style="dim")
        return out

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows("reader")))


def _short_model_name(name: str) -> str:
    if "/" in name and Path(name).is_absolute():
        return Path(name).name
    return name
