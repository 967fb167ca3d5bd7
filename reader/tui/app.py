"""ReaderApp: the bilingual reader.

Flow: the document is on screen at once. A thread worker resolves the model,
reads whatever the store has (sentences in view first), loads the model and
translates the rest in small chunks, always picking the untranslated
sentences nearest the view next; each chunk is saved to the store and posted
to the app as a ``TranslationsArrived`` message, which re-lays out only the
paragraphs it touches. Alternatives and dictionary look-ups run in their own
workers. Nothing blocking runs on the UI thread.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from ..document.structure import Document
from ..engines import DecodingOptions, Translator
from ..errors import ReaderError
from ..store import TranslationStore
from ..text.cleaning import clean
from ..text.decoding import looks_like_url
from ..translation import Hypothesis, Translation
from .keys import KEYS
from .messages import AlternativesReady, DictionaryReady, TranslationsArrived, TranslatorStatus, UserVersionsArrived
from .screens.alternatives import AlternativesScreen
from .screens.dictionary import DictionaryScreen
from .screens.help import HelpScreen
from .screens.prompt import PromptScreen
from .search import SearchHit, find_hits, hit_word, hits_by_sentence, next_hit
from .state import ReaderState
from .widgets.bitext import BitextView
from .widgets.notice import Notice
from .widgets.searchbar import SearchBar
from .widgets.statusbar import StatusBar, progress_text
from .widgets.titlebar import TitleBar

TranslatorFactory = Callable[[Callable[[str], None]], Translator]


class ReaderApp(App[None]):
    TITLE = "reader"
    CSS = """
    Screen { layout: vertical; }
    BitextView { height: 1fr; }
    """
    BINDINGS = [Binding(k.keys, k.action, k.label or k.description, show=k.show) for k in KEYS] + [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        doc: Document,
        translator_factory: TranslatorFactory | None,
        store: TranslationStore | None = None,
        *,
        alternatives: int = 4,
        chunk_size: int = 8,
        background_chunk_size: int = 32,
        dictionary=None,
    ) -> None:
        super().__init__()
        self.doc = doc
        self.state = ReaderState(doc)
        self.translator_factory = translator_factory
        self.store = store
        self.translator: Translator | None = None
        self.n_alternatives = alternatives
        self.chunk_size = chunk_size
        self._view_chunk = 0  # size of the last in-view chunk (0: none yet)
        self.background_chunk_size = background_chunk_size
        self._dictionary = dictionary
        self._unique = list(dict.fromkeys(s.text for s in self.state.sentences))
        self._done: set[str] = set()
        # The status counts sentences, as the position does, not distinct texts.
        self._sentence_count = Counter(s.text for s in self.state.sentences)
        self._done_sentences = 0
        self._status = "starting"
        self._status_detail = ""
        self._search_hits: list[SearchHit] = []
        self._scan = 0
        self._scan_range: tuple[int, int] | None = None
        self.model_label = ""
        self.title = clean(doc.name)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # Kept as attributes: ``query_one`` would search the modal screen on top.
        self._title_bar = TitleBar(id="title")
        self._notice = Notice(id="notice")
        self._view = BitextView(self.state, id="bitext")
        self._search_bar = SearchBar(id="search")
        self._status_bar = StatusBar(id="status")
        yield self._title_bar
        yield self._notice
        yield self._view
        yield self._search_bar
        yield self._status_bar
        yield Footer()

    @property
    def view(self) -> BitextView:
        return self._view

    def on_mount(self) -> None:
        self.view.focus()
        self._update_title()
        self._update_status()
        if self.translator_factory is None:
            self._on_unavailable("no translation model given")
        else:
            self.translation_worker()

    def _update_title(self) -> None:
        self._title_bar.show(clean(self.doc.name), self.model_label, self.state.learning)

    # ------------------------------------------------------------------ translation worker

    def _post(self, message) -> None:
        self.post_message(message)

    @work(thread=True, exclusive=True, group="translate", name="translate")
    def translation_worker(self) -> None:
        worker = get_current_worker()
        store = self.store
        if store is not None:
            try:
                users = store.get_user_translations(self._unique)
            except ReaderError as exc:
                users = {}
                self._post(TranslatorStatus("error", str(exc)))
            if users:
                self._post(UserVersionsArrived(users, {}))
        else:
            users = {}
        self._post(TranslatorStatus("resolving"))
        try:
            translator = self.translator_factory(lambda m: self._post(TranslatorStatus("resolving", m)))
        except ReaderError as exc:
            self._post(TranslatorStatus("unavailable", str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - say it, never crash the reader
            self._post(TranslatorStatus("unavailable", f"{type(exc).__name__}: {exc}"))
            return
        self.translator = translator
        self._post(TranslatorStatus("ready", translator.name))
        todo = set(self._unique)
        unscored: dict[str, Translation] = {}  # stored by `reader translate` without per-token scores
        if store is not None:
            try:
                for chunk in self._view_first_chunks(900):
                    if worker.is_cancelled:
                        return
                    hits = store.get_many(translator.model_key, translator.settings_key, chunk)
                    if hits:
                        todo.difference_update(hits)
                        unscored.update((s, t) for s, t in hits.items() if not t.has_token_scores)
                        self._post(TranslationsArrived(hits, cached=True))
                if users:
                    alt = self._alternatives_translator(translator)
                    nbest = store.get_many(alt.model_key, alt.settings_key, list(users))
                    picked = {}
                    for source, text in users.items():
                        t = nbest.get(source)
                        for h in (t.best, *t.alternatives) if t else ():
                            if h.text == text:
                                picked[source] = h
                                break
                    if picked:
                        self._post(UserVersionsArrived(users, picked))
            except ReaderError as exc:
                self._post(TranslatorStatus("error", str(exc)))
        if not todo and not unscored:
            self._post(TranslatorStatus("done"))
            return
        self._post(TranslatorStatus("loading", translator.name))
        try:
            translator.load()
        except ReaderError as exc:
            self._post(TranslatorStatus("unavailable", str(exc)))
            return
        except Exception as exc:  # noqa: BLE001
            self._post(TranslatorStatus("unavailable", f"cannot load the model: {type(exc).__name__}: {exc}"))
            return
        self._post(TranslatorStatus("translating"))
        if unscored and not self._add_token_scores(worker, translator, store, unscored):
            return
        while todo and not worker.is_cancelled:
            chunk = self._next_chunk(todo)
            try:
                translated = translator.translate(chunk)
            except Exception as exc:  # noqa: BLE001
                self._post(TranslatorStatus("error", f"translation failed: {type(exc).__name__}: {exc}"))
                return
            if store is not None:
                try:
                    store.put_many(translator.model_key, translator.settings_key, translated)
                except ReaderError as exc:
                    self._post(TranslatorStatus("error", str(exc)))
                    store = None
            todo.difference_update(chunk)
            self._post(TranslationsArrived(dict(zip(chunk, translated))))
        if not worker.is_cancelled:
            self._post(TranslatorStatus("done"))

    def _add_token_scores(self, worker, translator, store, unscored: dict[str, Translation]) -> bool:
        """Word confidence for stored translations that lack it, sentences in view first (worker thread)."""
        while unscored and not worker.is_cancelled:
            chunk = self._next_chunk(unscored)
            try:
                filled = translator.add_token_scores([unscored[s] for s in chunk])
                store.put_many(translator.model_key, translator.settings_key, filled)
            except ReaderError as exc:
                self._post(TranslatorStatus("error", str(exc)))
                return False
            except Exception as exc:  # noqa: BLE001
                self._post(TranslatorStatus("error", f"scoring failed: {type(exc).__name__}: {exc}"))
                return False
            for s in chunk:
                del unscored[s]
            self._post(TranslationsArrived({t.source: t for t in filled}, cached=True))
        self._scan_range, self._view_chunk = None, 0  # translating starts at the view again
        return not worker.is_cancelled

    def _view_first_chunks(self, size: int):
        """Unique sources, those in view first, in chunks of ``size``."""
        first, last = self.view.visible_range
        sentences = self.state.sentences
        order = [s.text for s in sentences[first:last + 1]]
        seen = set()
        ordered = []
        for s in order + self._unique:
            if s not in seen:
                seen.add(s)
                ordered.append(s)
        for k in range(0, len(ordered), size):
            yield ordered[k:k + size]

    def _next_chunk(self, todo: Collection[str]) -> list[str]:
        """Untranslated sentences nearest the view: from its top onwards, then from the start."""
        sentences = self.state.sentences
        total = len(sentences)
        rng = self.view.visible_range
        if rng != self._scan_range:
            self._scan_range = rng
            self._scan = rng[0]
        i = self._scan
        in_view = rng[0] <= i <= rng[1]
        if in_view:
            # Start with one sentence so the first English shows as soon as possible,
            # then double: bigger batches translate faster per sentence.
            size = self._view_chunk = min(self.chunk_size, self._view_chunk * 2) if self._view_chunk else 1
        else:
            size = self.background_chunk_size
        chunk: list[str] = []
        taken: set[str] = set()
        steps = 0
        while len(chunk) < size and steps < total:
            s = sentences[i].text
            if s in todo and s not in taken:
                chunk.append(s)
                taken.add(s)
            i = (i + 1) % total
            steps += 1
            if in_view and i > rng[1] and chunk:
                break  # a small chunk for what is on screen
        self._scan = i
        return chunk

    def _alternatives_translator(self, translator: Translator) -> Translator:
        options = getattr(translator, "options", DecodingOptions())
        beams = max(self.n_alternatives + 1, getattr(translator, "beams", None) or options.beams or 4)
        return translator.with_options(dataclasses.replace(options, beams=beams, alternatives=self.n_alternatives))

    # ------------------------------------------------------------------ messages

    def on_translations_arrived(self, message: TranslationsArrived) -> None:
        changed = self.state.set_translations(message.items)
        new = message.items.keys() - self._done
        self._done.update(new)
        self._done_sentences += sum(self._sentence_count[s] for s in new)
        self.view.relayout({self.state.sentences[i].paragraph for i in changed})
        self._update_status()

    def on_user_versions_arrived(self, message: UserVersionsArrived) -> None:
        changed: set[int] = set()
        for source, text in message.items.items():
            changed |= self.state.set_user(source, text, message.picked.get(source))
        self.view.relayout({self.state.sentences[i].paragraph for i in changed})
        self._update_status()

    def on_translator_status(self, message: TranslatorStatus) -> None:
        if message.state == "unavailable":
            self._on_unavailable(message.detail)
            return
        if message.state == "error":
            self.notify(message.detail, severity="error", markup=False, timeout=8)
            self._status = "error"
        elif message.state == "ready":
            self.model_label = _short_model_name(message.detail)
            self._update_title()
        else:
            self._status = message.state
            self._status_detail = message.detail
        self._update_status()

    def _on_unavailable(self, detail: str) -> None:
        self._status = "unavailable"
        self.state.model_unavailable = detail
        hint = (
            ""
            if "reader models pull" in detail  # the message already says how
            else "\nGet the model once with `reader models pull` (needs the internet), "
            "or run `reader open --model PATH` with a local Marian model directory "
            "(the layout of Helsinki-NLP/opus-mt-de-en)."
        )
        self._notice.say("No English yet: " + detail.rstrip(".") + "." + hint)
        self.view.relayout(set(range(len(self.doc.paragraphs))))
        self._update_status()

    def on_bitext_view_cursor_moved(self, message: BitextView.CursorMoved) -> None:
        self._update_status()

    # ------------------------------------------------------------------ status

    def _update_status(self) -> None:
        view = self.view
        bar = self._status_bar
        st = self.state
        n = len(st.sentences)
        i = view.cursor if n else 0
        p = st.sentences[i].paragraph if n else 0
        position = Text(f"¶ {p + 1}/{len(self.doc.paragraphs)}  sentence {i + 1}/{n}", style="bold")
        info = self._word_info(i) if n else Text("")
        total = n
        done = self._done_sentences
        if self._status == "unavailable":
            progress = Text("no model", style="bold")
        elif self._status in ("starting", "resolving"):
            progress = Text("finding the model…", style="dim")
        elif self._status == "loading":
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
        paragraphs = self.doc.paragraphs
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
        while p > 0 and not self.doc.paragraphs[p].sentences:
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
        self.copy_to_clipboard(self.state.sentences[self.view.cursor].text)
        self.notify("Copied the German sentence.", markup=False)

    def action_copy_english(self) -> None:
        shown = self.state.shown(self.view.cursor, reveal_all=True)
        if shown.kind in ("pending", "none"):
            self.notify("This sentence is not translated yet.", markup=False)
            return
        self.copy_to_clipboard(shown.text)
        self.notify("Copied the English sentence.", markup=False)

    def action_alternatives(self) -> None:
        if self.state.model_unavailable:
            self.notify("No model: alternatives need one.", severity="warning", markup=False)
            return
        if self.translator is None:
            self.notify("The model is not ready yet.", markup=False)
            return
        i = self.view.cursor
        self.notify("Finding alternatives…", markup=False, timeout=2)
        self.alternatives_worker(i)

    @work(thread=True, group="alternatives", exclusive=True)
    def alternatives_worker(self, i: int) -> None:
        source = self.state.sentences[i].text
        try:
            alt = self._alternatives_translator(self.translator)
            cached = self.store.get_many(alt.model_key, alt.settings_key, [source]) if self.store else {}
            t = cached.get(source)
            if t is None or not t.has_token_scores:
                (t,) = alt.translate([source]) if t is None else alt.add_token_scores([t])
                if self.store is not None:
                    self.store.put_many(alt.model_key, alt.settings_key, [t])
            self._post(AlternativesReady(i, t))
        except Exception as exc:  # noqa: BLE001
            self._post(AlternativesReady(i, None, f"{type(exc).__name__}: {exc}"))

    def on_alternatives_ready(self, message: AlternativesReady) -> None:
        if message.translation is None:
            self.notify(f"No alternatives: {message.error}", severity="error", markup=False)
            return
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
            self._set_user(source, h.text, h)

        self.push_screen(AlternativesScreen(source, hyps), picked)

    def _set_user(self, source: str, text: str | None, hypothesis: Hypothesis | None = None) -> None:
        if self.store is not None:
            try:
                if text is None:
                    self.store.clear_user_translation(source)
                else:
                    self.store.set_user_translation(source, text)
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
                    self._set_user(source, None)
                    self.notify("Your version was removed; the model's translation is shown.", markup=False)
                return
            current = self.state.translations[i]
            if current is not None and text == current.text and i not in self.state.user:
                return
            self._set_user(source, text)

        self.push_screen(
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

    @work(thread=True, group="dictionary", exclusive=True)
    def lookup_worker(self, word: str) -> None:
        from ..dictionary import Dictionary

        if self._dictionary is None:
            self._dictionary = Dictionary()
        self._post(DictionaryReady(word, self._dictionary.lookup(word)))

    def on_dictionary_ready(self, message: DictionaryReady) -> None:
        self.push_screen(DictionaryScreen(message.word, message.result))

    # ------------------------------------------------------------------ actions: modes

    def action_learning(self) -> None:
        st = self.state
        st.learning = not st.learning
        st._words = {k: v for k, v in st._words.items() if k[1] == "de"}
        self.view.relayout(set(range(len(self.doc.paragraphs))))
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
        n = len(self.doc.paragraphs)

        def done(text: str | None) -> None:
            if not text:
                return
            try:
                p = int(text.strip())
            except ValueError:
                self.notify("A paragraph number, please.", markup=False)
                return
            self._goto_paragraph(p - 1)

        self.push_screen(PromptScreen(f"Go to paragraph (1–{n})"), done)

    def default_export_path(self) -> Path:
        name = Path(self.doc.name).name if not looks_like_url(self.doc.name) else "page"
        stem = re.sub(r"(\.de)?\.(txt|md|markdown|html?|text)$", "", name, flags=re.I).strip("<>") or "document"
        return Path.cwd() / f"{stem}.en.txt"

    def action_export(self) -> None:
        def done(text: str | None) -> None:
            if text:
                self.export(Path(text.strip()).expanduser())

        self.push_screen(
            PromptScreen(
                "Export to file", str(self.default_export_path()),
                hint="The format comes from the extension: .txt .md .jsonl .tsv .tmx (your edits included)",
            ),
            done,
        )

    def export(self, path: Path) -> bool:
        from ..output.atomic import atomic_write_text
        from ..output.writers import format_from_path, write_document

        fmt = format_from_path(path) or "txt"
        translations = self.state.export_translations()
        missing = sum(1 for t in translations if not t.text and not t.edited)
        try:
            if path.is_dir():
                raise OSError(f"{path} is a directory")
            with atomic_write_text(path) as out:
                write_document(self.doc, translations, fmt, out)
        except (OSError, ValueError) as exc:
            self.notify(f"Export failed: {exc}", severity="error", markup=False)
            return False
        note = f" ({missing} sentences not translated yet were left empty)" if missing else ""
        self.notify(f"Exported to {path} ({fmt}){note}.", markup=False)
        return True

    def action_help(self) -> None:
        keys = [(k.display, k.description) for k in KEYS] + [("Ctrl+P", "command palette: every action by name"), ("mouse", "hover a word to light up its links; click to put the cursor there")]
        self.push_screen(HelpScreen(keys))

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        for key in KEYS:
            if key.action == "quit":
                continue
            title = key.description[:1].upper() + key.description[1:]
            yield SystemCommand(title, f"key: {key.display}", partial(self.run_action, key.action))

    def on_unmount(self) -> None:
        self.workers.cancel_all()


def _short_model_name(name: str) -> str:
    if "/" in name and Path(name).is_absolute():
        return Path(name).name
    return name
