"""ReaderScreen: the bilingual reader's screen — its widgets, keys, actions and status.

Flow: the document is on screen at once. A thread worker runs the screen's
``TranslationFeed`` (``reader.tui.translation_feed``: the one translation job
of the core, the store first, then the model, with the untranslated sentences
nearest the view first). Each chunk is posted to the
screen as a ``TranslationsArrived`` message, which re-lays out only the
paragraphs it touches. Alternatives and dictionary look-ups run in their own
workers; one ``Worker.StateChanged`` handler reports what fails. Nothing
blocking runs on the UI thread.

The app (``reader.tui.app.ReaderApp``) owns the document, the store, the
translator and the dictionary; this screen reaches them as ``self.app``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState, get_current_worker

from ...engines import Translator
from ...errors import ReaderError
from ...text.cleaning import clean
from ...text.decoding import looks_like_url
from ...translation import Hypothesis
from ..features.attempt import AttemptFeature
from ..feed import FeedStatus, describe_failure
from ..keys import KEYS
from ..messages import AlternativesReady, DictionaryReady, ModelReady, TranslationsArrived, TranslatorStatus, UserVersionsArrived
from ..search import SearchHit, find_hits, hit_word, hits_by_sentence, next_hit
from ..state import ReaderState
from ..translation_feed import TranslationFeed
from ..widgets.attempt_panel import AttemptPanel
from ..widgets.bitext import BitextView
from ..widgets.notice import Notice
from ..widgets.searchbar import SearchBar
from ..widgets.statusbar import StatusBar, progress_text
from ..widgets.titlebar import TitleBar
from .alternatives import AlternativesScreen
from .dictionary import DictionaryScreen
from .help import HelpScreen
from .prompt import PromptScreen


class ReaderScreen(AttemptFeature, Screen[None]):
    """The reader: German and English side by side, the feed filling in the English."""

    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding(k.keys, "app.quit" if k.action == "quit" else k.action, k.label or k.description, show=k.show) for k in KEYS
    ]
    feed_status: reactive[FeedStatus] = reactive(FeedStatus, init=False)

    def __init__(self, state: ReaderState, *, chunk_size: int = 8, background_chunk_size: int = 32) -> None:
        super().__init__()
        self.state = state
        self._chunk_sizes = (chunk_size, background_chunk_size)
        self.feed: TranslationFeed | None = None  # made on mount, from the app's model, store and options
        self._translated: set[str] = set()
        # The status counts sentences, as the position does, not distinct texts.
        self._sentence_count = Counter(s.text for s in state.sentences)
        self._search_hits: list[SearchHit] = []
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
        app = self.app
        chunk_size, background_chunk_size = self._chunk_sizes
        self.feed = TranslationFeed(
            [s.text for s in self.state.sentences], self._make_translator, app.store,
            post=self.post_message, visible=lambda: self.view.visible_range,
            typography=app.typography, alternatives=app.n_alternatives,
            chunk_size=chunk_size, background_chunk_size=background_chunk_size,
        )
        self.view.focus()
        self._update_title()
        self._update_status()
        if self.app.translator_factory is None:
            self._on_unavailable("no translation model given")
        else:
            self.translation_worker()

    def _update_title(self) -> None:
        self._title_bar.show(clean(self.app.doc.name), self.model_label, self.state.learning)

    # ------------------------------------------------------------------ workers

    def _make_translator(self, status: Callable[[str], None]) -> Translator:
        """The app's factory, its translator kept in the app (before the feed says the model is ready)."""
        translator = self.app.translator_factory(status)
        self.app.translator = translator
        return translator

    @work(thread=True, exclusive=True, group="translate", name="translate", exit_on_error=False)
    def translation_worker(self) -> None:
        """The feed (``TranslationFeed.run``): the user's versions, then the model's translations."""
        worker = get_current_worker()
        self.feed.run(is_cancelled=lambda: worker.is_cancelled)

    @work(thread=True, group="alternatives", exclusive=True, exit_on_error=False)
    def alternatives_worker(self, i: int) -> None:
        self.post_message(AlternativesReady(i, self.feed.alternatives(self.state.sentences[i].text)))

    @work(thread=True, group="dictionary", exclusive=True, exit_on_error=False)
    def lookup_worker(self, word: str) -> None:
        from ...dictionary import Dictionary

        if self.app.dictionary is None:
            self.app.dictionary = Dictionary()
        self.post_message(DictionaryReady(word, self.app.dictionary.lookup(word)))

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

    def on_user_versions_arrived(self, message: UserVersionsArrived) -> None:
        changed: set[int] = set()
        for source, text in message.items.items():
            changed |= self.state.set_user(source, text, message.picked.get(source))
        self.view.relayout({self.state.sentences[i].paragraph for i in changed})
        self._update_status()

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
        self.view.relayout(set(range(len(self.app.doc.paragraphs))))
        self.feed_status = dataclasses.replace(self.feed_status, stage="unavailable", detail=detail)

    def on_bitext_view_cursor_moved(self, message: BitextView.CursorMoved) -> None:
        self._update_status()

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
        position = Text(f"¶ {p + 1}/{len(self.app.doc.paragraphs)}  sentence {i + 1}/{n}", style="bold")
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
        elif shown.kind == "model":
            t = st.translations[i]
            p = math.exp(t.score)
            out.append(f"p≈{p:.2f}", style="dim")
            if st.is_doubtful(i):
                out.append("  unsure", style="bold")
        elif shown.kind == "hidden":
            out.append("hidden — Space reveals", style="italic")
        elif shown.kind == "pending":
            out.append("translating…", style="dim")
        return out

    # ------------------------------------------------------------------ actions: moving

    def _word_mode(self) -> bool:
        return self.view.word is not None

    def action_next_sentence(self) -> None:
        v = self.view
        v.set_cursor(v.cursor + 1, word=0 if self._word_mode() else None)

    def action_prev_sentence(self) -> None:
        v = self.view
        v.set_cursor(v.cursor - 1, word=0 if self._word_mode() else None)

    def action_next_word(self) -> None:
        self.view.move_word(1)

    def action_prev_word(self) -> None:
        self.view.move_word(-1)

    def action_switch_side(self) -> None:
        v = self.view
        v.set_cursor(v.cursor, side="en" if v.side == "de" else "de", word=0)

    def action_clear_word(self) -> None:
        v = self.view
        v.hover = None
        v.set_cursor(v.cursor, word=None, scroll=False)

    def _goto_paragraph(self, p: int) -> None:
        st = self.state
        paragraphs = self.app.doc.paragraphs
        p = max(0, min(len(paragraphs) - 1, p))
        while p < len(paragraphs) - 1 and not paragraphs[p].sentences:
            p += 1
        if not paragraphs[p].sentences:
            return
        self.view.set_cursor(st.first_sentence[p], word=None)

    def action_next_paragraph(self) -> None:
        self._goto_paragraph(self.state.sentences[self.view.cursor].paragraph + 1)

    def action_prev_paragraph(self) -> None:
        st = self.state
        p = st.sentences[self.view.cursor].paragraph - 1
        while p > 0 and not self.app.doc.paragraphs[p].sentences:
            p -= 1
        self._goto_paragraph(p)

    def _page(self, direction: int) -> None:
        v = self.view
        height = v.scrollable_content_region.height
        v.scroll_to(y=v.scroll_offset.y + direction * max(1, height - 2), animate=False, immediate=True)

        def settle() -> None:
            first, last = v.visible_range
            target = first if direction > 0 else last
            if direction < 0 and v.scroll_offset.y <= 0:
                target = 0
            v.set_cursor(max(0, min(target, len(self.state.sentences) - 1)), scroll=False)

        self.call_after_refresh(settle)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_first(self) -> None:
        self.view.set_cursor(0)

    def action_last(self) -> None:
        self.view.set_cursor(len(self.state.sentences) - 1)

    def _find_doubtful(self, step: int) -> None:
        st = self.state
        n = len(st.sentences)
        i = self.view.cursor + step
        while 0 <= i < n:
            if st.is_doubtful(i):
                self.view.set_cursor(i, word=None)
                return
            i += step
        pending = n - sum(1 for t in st.translations if t is not None)
        more = f" ({pending} sentences not translated yet)" if pending else ""
        self.notify(f"No doubtful sentence {'after' if step > 0 else 'before'} this one{more}.", markup=False)

    def action_next_doubtful(self) -> None:
        self._find_doubtful(1)

    def action_prev_doubtful(self) -> None:
        self._find_doubtful(-1)

    # ------------------------------------------------------------------ actions: per sentence

    def action_copy_german(self) -> None:
        self.app.copy_to_clipboard(self.state.sentences[self.view.cursor].text)
        self.notify("Copied the German sentence.", markup=False)

    def action_copy_english(self) -> None:
        shown = self.state.shown(self.view.cursor, reveal_all=True)
        if shown.kind in ("pending", "none"):
            self.notify("This sentence is not translated yet.", markup=False)
            return
        self.app.copy_to_clipboard(shown.text)
        self.notify("Copied the English sentence.", markup=False)

    def action_alternatives(self) -> None:
        if self.state.model_unavailable:
            self.notify("No model: alternatives need one.", severity="warning", markup=False)
            return
        if self.app.translator is None:
            self.notify("The model is not ready yet.", markup=False)
            return
        i = self.view.cursor
        self.notify("Finding alternatives…", markup=False, timeout=2)
        self.alternatives_worker(i)

    def on_alternatives_ready(self, message: AlternativesReady) -> None:
        t = message.translation
        hyps: list[Hypothesis] = []
        for h in (t.best, *t.alternatives):
            if h.text not in [x.text for x in hyps]:
                hyps.append(h)
        i = message.sentence
        source = self.state.sentences[i].text

        def picked(h: Hypothesis | None) -> None:
            if h is None:
                return
            current = self.state.translations[i]
            if current is not None and h.text == current.text and i not in self.state.user:
                return  # the model's own choice: nothing to keep
            self.set_user_version(source, h.text, h)

        self.app.push_screen(AlternativesScreen(source, hyps), picked)

    def set_user_version(self, source: str, text: str | None, hypothesis: Hypothesis | None = None) -> None:
        """Show ``text`` as the user's own English for ``source`` (None: the model's again) and keep it in the store."""
        if self.app.store is not None:
            try:
                if text is None:
                    self.app.store.clear_user_translation(source)
                else:
                    self.app.store.set_user_translation(source, text)
            except ReaderError as exc:
                self.notify(str(exc), severity="error", markup=False)
        elif text is not None:
            self.notify("Not saved: the store is off (--no-cache).", severity="warning", markup=False)
        changed = self.state.set_user(source, text, hypothesis)
        self.view.relayout({self.state.sentences[k].paragraph for k in changed})
        self._update_status()

    def action_edit(self) -> None:
        i = self.view.cursor
        source = self.state.sentences[i].text
        shown = self.state.shown(i, reveal_all=True)
        value = "" if shown.kind in ("pending", "none") else shown.text

        def done(text: str | None) -> None:
            if text is None:
                return
            text = " ".join(text.split())
            if not text:
                if i in self.state.user:
                    self.set_user_version(source, None)
                    self.notify("Your version was removed; the model's translation is shown.", markup=False)
                return
            current = self.state.translations[i]
            if current is not None and text == current.text and i not in self.state.user:
                return
            self.set_user_version(source, text)

        self.app.push_screen(
            PromptScreen("Your translation (Enter saves, Esc cancels, empty restores the model's)", value, context=clean(source)),
            done,
        )

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

    # ------------------------------------------------------------------ actions: modes

    def action_learning(self) -> None:
        st = self.state
        st.learning = not st.learning
        st._words = {k: v for k, v in st._words.items() if k[1] == "de"}
        self.view.relayout(set(range(len(self.app.doc.paragraphs))))
        self._update_title()
        self._update_status()
        self.notify("Learning mode: English hidden; Space reveals a sentence." if st.learning else "Learning mode off.", markup=False)

    def action_reveal(self) -> None:
        st = self.state
        if not st.learning:
            return
        i = self.view.cursor
        st.revealed.symmetric_difference_update({i})
        st._forget(i)
        st._words.pop((i, "en"), None)
        self.view.relayout({st.sentences[i].paragraph})
        self._update_status()

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
        """Find ``query`` (case-insensitive) in both languages; go to the first match from the cursor."""
        hits = find_hits(self.state, query)
        self._search_hits = hits
        self.view.set_matches(hits_by_sentence(hits))
        if not hits:
            self.notify(f"Not found: {query}", markup=False)
            return 0
        self.notify(f"{len(hits)} matches for {query}", markup=False, timeout=3)
        self._jump_match(1, include_current=True)
        return len(hits)

    def _jump_match(self, step: int, include_current: bool = False) -> None:
        hit = next_hit(self._search_hits, self.view.cursor, step, include_current)
        if hit is None:
            self.notify("No search yet: press / to search.", markup=False)
            return
        self.view.set_cursor(hit.sentence, side=hit.side, word=hit_word(self.state, hit))

    def action_search_next(self) -> None:
        self._jump_match(1)

    def action_search_prev(self) -> None:
        self._jump_match(-1)

    def action_goto(self) -> None:
        n = len(self.app.doc.paragraphs)

        def done(text: str | None) -> None:
            if not text:
                return
            try:
                p = int(text.strip())
            except ValueError:
                self.notify("A paragraph number, please.", markup=False)
                return
            self._goto_paragraph(p - 1)

        self.app.push_screen(PromptScreen(f"Go to paragraph (1–{n})"), done)

    def default_export_path(self) -> Path:
        name = Path(self.app.doc.name).name if not looks_like_url(self.app.doc.name) else "page"
        stem = re.sub(r"(\.de)?\.(txt|md|markdown|html?|text)$", "", name, flags=re.I).strip("<>") or "document"
        return Path.cwd() / f"{stem}.en.txt"

    def action_export(self) -> None:
        def done(text: str | None) -> None:
            if text:
                self.export(Path(text.strip()).expanduser())

        self.app.push_screen(
            PromptScreen(
                "Export to file", str(self.default_export_path()),
                hint="The format comes from the extension: .txt .md .jsonl .tsv .tmx (your edits included)",
            ),
            done,
        )

    def export(self, path: Path) -> bool:
        from ...output.atomic import atomic_write_text
        from ...output.writers import format_from_path, write_document

        fmt = format_from_path(path) or "txt"
        translations = self.state.export_translations()
        missing = sum(1 for t in translations if not t.text and not t.edited)
        try:
            if path.is_dir():
                raise OSError(f"{path} is a directory")
            with atomic_write_text(path) as out:
                write_document(self.app.doc, translations, fmt, out)
        except (OSError, ValueError) as exc:
            self.notify(f"Export failed: {exc}", severity="error", markup=False)
            return False
        note = f" ({missing} sentences not translated yet were left empty)" if missing else ""
        self.notify(f"Exported to {path} ({fmt}){note}.", markup=False)
        return True

    def action_help(self) -> None:
        keys = [(k.display, k.description) for k in KEYS] + [("Ctrl+P", "command palette: every action by name"), ("mouse", "hover a word to light up its links; click to put the cursor there")]
        self.app.push_screen(HelpScreen(keys))


def _short_model_name(name: str) -> str:
    if "/" in name and Path(name).is_absolute():
        return Path(name).name
    return name
