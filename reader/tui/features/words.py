"""Saved words and the words the learner knows (``w``, ``1`` ``2`` ``3``, ``K``, ``W``).

``w`` saves the German word under the word cursor (or the German word the
English word under it is aligned to) with its sentence, the English shown and
the English words linked to it (``reader.words``); ``1`` ``2`` ``3`` set its
status (new, learning, known), saving it first if it isn't saved; a dictionary
sense picked for it (``GlossChosen``) becomes its gloss. Store writes run in a
thread worker posting ``WordSaved``; one lock keeps each read-and-write whole.

``K`` highlights the German words whose lemma isn't known (with ``--rare-rank N``,
again: only those past the N most frequent German words; again: off), and the
status bar shows the share of the text's running words known. The document's
words are lemmatized and the statuses read once, in a worker, on the first
``K`` (``VocabularyReady``; the words are also kept in the store, for the
library's share known); from then on they change in memory with every
``WordSaved``. A lemma saved for the first time is kept with the document
(the library's new words per book). ``W`` opens the saved-words screen; the word picked there is
found in this document, nearest to where it was saved.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from typing import Literal

from rich.text import Text
from textual import work
from textual.worker import Worker, WorkerState

from ...store import StoreError
from ...text.cleaning import clean
from ...text.inline import VERBATIM
from ...words.vocabulary import DocumentVocabulary, frequent_words, is_word
from ...words import SavedWord, Status, saved_word
from ..messages import GlossChosen, VocabularyReady, WordSaved, WordStatusesRead
from ..state import ENGLISH_KINDS, Highlight, Span
from . import NO_WORD, ReaderFeature

NEEDS_STORE = "Saved words need the store, and it is off (--no-cache)."


class WordsFeature(ReaderFeature):
    """Saving words, their statuses and the unknown-word highlighting (a mixin of ``ReaderScreen``)."""

    _word_lock: threading.Lock  # a word's read and write in the store, whole
    _status_changes: dict[str, Status]  # this session's, laid over the statuses read from the store
    _vocabulary_loading: bool

    def on_mount(self) -> None:
        self._word_lock = threading.Lock()
        self._status_changes = {}
        self._vocabulary_loading = False

    # ------------------------------------------------------------------ workers

    @work(thread=True, group="words", exit_on_error=False, name="saving the word")
    def word_worker(self, word: str, sentence: str, span: Span, context: dict,
                    change: Literal["saved", "gloss", "status"], status: Status = "new") -> None:
        """Save the word (its lemma found here: simplemma's first use loads its data, ~1 s)."""
        store = self.services.store
        document = self.services.document_key  # the book whose new word it is, if it is new
        new = saved_word(word, sentence, span, **context)
        with self._word_lock:
            old = store.get_word(new.lemma)
            if change == "status" and old is not None:
                store.set_word_status(old.lemma, status)
                stored = replace(old, status=status)
            elif change == "status":
                stored = store.save_word(replace(new, status=status), document=document)
            elif change == "gloss":
                stored = store.save_word(new, keep_gloss=False, document=document)
            else:  # a gloss of the learner's own stays; the aligned English is only the first guess
                stored = store.save_word(replace(new, gloss="") if old is not None and old.gloss else new,
                                         document=document)
        self.post_message(WordSaved(stored, None if old is None else old.status, change))

    @work(thread=True, group="vocabulary", exclusive=True, exit_on_error=False, name="finding the words you know")
    def vocabulary_loader(self, sentences: list[str], rare_rank: int | None) -> None:
        store = self.services.store
        statuses = store.word_statuses() if store is not None else {}
        frequent = frequent_words(rare_rank) if rare_rank else frozenset()
        vocabulary = DocumentVocabulary.build(sentences, statuses, frequent)
        self.post_message(VocabularyReady(vocabulary))
        if store is not None:  # the library counts the share known on these from now on
            with contextlib.suppress(StoreError):  # a store held locked: the library goes without, no more
                store.save_document_words(self.services.document_key, vocabulary.counts())

    @work(thread=True, group="word-statuses", exclusive=True, exit_on_error=False, name="reading your words' statuses")
    def statuses_reader(self) -> None:
        self.post_message(WordStatusesRead(self.services.store.word_statuses()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The screen's own handler says what failed; here K can try again.
        if event.state == WorkerState.ERROR and event.worker.group == "vocabulary":
            self._vocabulary_loading = False
            self._set_highlight("off")

    # ------------------------------------------------------------------ actions

    def action_save_word(self) -> None:
        self._save_at_cursor("saved")

    def action_mark_new(self) -> None:
        self._save_at_cursor("status", "new")

    def action_mark_learning(self) -> None:
        self._save_at_cursor("status", "learning")

    def action_mark_known(self) -> None:
        self._save_at_cursor("status", "known")

    def action_highlight_unknown(self) -> None:
        """off → not known → (with --rare-rank) not known and rare → off."""
        modes: list[Highlight] = ["off", "unknown"] + (["rare"] if self.services.rare_rank else [])
        self._set_highlight(modes[(modes.index(self.state.highlight) + 1) % len(modes)])
        if self.state.highlight != "off" and self.state.vocabulary is None and not self._vocabulary_loading:
            self._vocabulary_loading = True
            self.vocabulary_loader([self._vocabulary_text(i) for i in range(len(self.state.sentences))],
                                   self.services.rare_rank)

    def _vocabulary_text(self, i: int) -> str:
        """Sentence ``i`` as the vocabulary counts it: inline code and web addresses (no words to learn)
        blanked, every other offset kept."""
        text = self.state.sentences[i].text
        for m in self.state.marks(i, "de"):
            if m.kind in VERBATIM:
                text = text[:m.start] + " " * (m.end - m.start) + text[m.end:]
        return text

    def action_saved_words(self) -> None:
        if self.services.store is None:
            self.notify(NEEDS_STORE, markup=False)
            return
        from ..dialogs.words import WordsScreen  # another module's screen, imported when first opened

        self.app.push_screen(WordsScreen(self.services.store, self.services.doc.name), self._go_to_saved_word)

    # ------------------------------------------------------------------ messages

    def on_gloss_chosen(self, message: GlossChosen) -> None:
        if self.services.store is None:
            self.notify(NEEDS_STORE, markup=False)
            return
        self._save(message.sentence, message.span, "gloss", gloss=message.gloss)

    def on_word_saved(self, message: WordSaved) -> None:
        w = message.word
        self._status_changes[w.key] = w.status
        self._restyle(self.state.vocabulary is not None and self.state.vocabulary.set_status(w.key, w.status))
        lemma = clean(w.lemma)
        if message.change == "status" and message.previous is not None:
            said = f"{lemma} is {w.status} already" if message.previous == w.status else f"{lemma}: {message.previous} → {w.status}"
        else:
            said = f"Saved {lemma} ({w.status})" + (f" — {clean(w.gloss)}" if w.gloss else "")
        self.notify(said, markup=False)

    def on_vocabulary_ready(self, message: VocabularyReady) -> None:
        self._vocabulary_loading = False
        vocabulary = message.vocabulary
        for key, status in self._status_changes.items():  # saved while the words were read
            vocabulary.set_status(key, status)
        self.state.vocabulary = vocabulary
        self._restyle(True)

    def on_word_statuses_read(self, message: WordStatusesRead) -> None:
        self._status_changes.clear()
        if self.state.vocabulary is not None:
            self.state.vocabulary.set_statuses(message.statuses)
            self._restyle(True)

    # ------------------------------------------------------------------ helpers

    def _save_at_cursor(self, change: Literal["saved", "status"], status: Status = "new") -> None:
        if self.services.store is None:
            self.notify(NEEDS_STORE, markup=False)
            return
        found = self._german_word()
        if found is None:
            self.notify(NO_WORD, markup=False)
            return
        self._save(*found, change, status=status)

    def _german_word(self) -> tuple[int, Span] | None:
        """The German word under the word cursor (or the mouse), or the first one the English word there is linked to."""
        found = self.active_german_word()
        if found is None:
            return None
        i, (start, end) = found
        return found if is_word(self.state.sentences[i].text[start:end]) else None

    def _save(self, i: int, span: Span, change: Literal["saved", "gloss", "status"], *,
              status: Status = "new", gloss: str | None = None) -> None:
        """Save the German word ``span`` of sentence ``i`` in its context, in the worker."""
        st = self.state
        sentence = st.sentences[i].text
        shown = st.shown(i, reveal_all=True)  # hidden in learning mode, but the word is saved with it
        translation = shown.text if shown.kind in ENGLISH_KINDS else ""
        aligned = tuple(st.links(i, "de", span, reveal_all=True)) if translation else ()
        context = dict(
            translation=translation, aligned=aligned,
            gloss=" ".join(translation[s:e] for s, e in aligned) if gloss is None else clean(gloss),
            document=self.services.doc.name, sentence_index=i,
        )
        self.word_worker(sentence[span[0]:span[1]], sentence, span, context, change, status)

    def _set_highlight(self, mode: Highlight) -> None:
        self.state.highlight = mode
        self._restyle(True)

    def _restyle(self, changed: bool) -> None:
        """The highlighting and the share known, shown anew (the view only when what it marks changed)."""
        st = self.state
        if changed:
            st.highlight_version += 1
            self.view.refresh()
        if st.highlight == "off":
            known = Text("")
        elif st.vocabulary is None:
            known = Text("finding the words you know…", style="dim")
        else:
            known = Text()
            known.append(str(st.vocabulary.share()), style="bold")
            if st.highlight == "rare":
                known.append(f" · marked: past the {self.services.rare_rank:,} most frequent", style="dim")
        self.status_bar.set_parts(known=known)

    def _go_to_saved_word(self, word: SavedWord | None) -> None:
        """The saved-words screen's pick: its sentence in this document (nearest to where it was saved), the word under the cursor."""
        if self.state.vocabulary is not None:  # statuses may have changed there
            self.statuses_reader()
        if word is None:
            return
        if not word.sentence:
            self.notify(f"{clean(word.lemma)} has no sentence (it came from a word list).", markup=False)
            return
        found = self.state.by_source.get(word.sentence)
        if not found:
            where = clean(word.document) or "another text"
            if word.sentence_index >= 0:
                where += f", sentence {word.sentence_index + 1}"
            self.notify(f"{clean(word.lemma)} was saved in {where}.", markup=False)
            return
        i = min(found, key=lambda k: abs(k - word.sentence_index))
        s, e = word.span
        index = next((k for k, (ws, we) in enumerate(self.state.words(i, "de")) if ws < e and s < we), None)
        self.view.set_cursor(i, "de", index)
