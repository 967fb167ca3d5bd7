"""The learner's mode: the learner translates a sentence, the model grades it (``t``, ``T``).

``t`` opens the ``AttemptPanel`` under the text with the German as context; the
model's English of that sentence is hidden in the view (``ReaderState.trying``)
until the learner submits. Grading (``reader.attempts.grade_attempt``: chrF
against the model's translation — the feed's, or one made through the feed's
one-sentence ``TranslationJob`` — and a forced pass over the learner's English) runs
in a thread worker that also keeps the attempt in the store, and posts
``AttemptGraded``. Sentences with attempts are marked in the German; ``t`` on one
shows its latest attempt, ``t`` again asks anew. ``T`` lists every attempt in the
store with the average chrF per day.

A plain mixin of ``ReaderScreen``: its message handlers are named ``on_…``
(decorators are collected only from message-pump classes), and Textual calls a
handler of every class in the screen's MRO, so ``on_mount`` and the cursor
handler here run beside the screen's own.
"""

from __future__ import annotations

from textual import work
from textual.worker import Worker, WorkerState

from ...attempts import Attempt, grade_attempt
from ...errors import ReaderError
from ...text.cleaning import clean
from ..messages import AttemptGraded, AttemptsListed, AttemptsLoaded
from ..dialogs.attempts import AttemptsScreen
from ..widgets.attempt_panel import AttemptPanel
from ..widgets.bitext import BitextView
from . import ReaderFeature


class AttemptFeature(ReaderFeature):
    """The learner's own translations on the reader screen (a mixin of ``ReaderScreen``)."""

    _attempts: dict[str, list[Attempt]]  # by German sentence, oldest first: the store's and this session's

    @property
    def attempt_panel(self) -> AttemptPanel:
        return self.query_one(AttemptPanel)

    def on_mount(self) -> None:
        self._attempts = {}
        if self.services.store is not None:
            self.attempts_loader()

    # ------------------------------------------------------------------ workers

    @work(thread=True, group="attempts", exit_on_error=False, name="reading your attempts")
    def attempts_loader(self) -> None:
        sources = [s.text for s in self.state.sentences]
        self.post_message(AttemptsLoaded(self.services.store.attempts_for(sources)))

    @work(thread=True, group="attempt", exclusive=True, exit_on_error=False, name="grading your translation")
    def attempt_worker(self, i: int, source: str, text: str, model_text: str | None) -> None:
        """Grade ``text`` (the model loaded, and the sentence translated, if they are not yet) and keep it."""
        translator = self.services.get_translator()  # the feed's, or made here if the feed has none yet
        if model_text is None:  # through the one translation job, as the feed would
            model_text = clean(self.feed.translation(source).text)
        attempt = grade_attempt(source, text, model_text, translator)
        problem = ""
        if self.services.store is None:
            problem = "not saved: the store is off (--no-cache)"
        else:
            try:
                self.services.store.add_attempt(attempt)
            except ReaderError as exc:
                problem = f"not saved: {exc}"
        self.post_message(AttemptGraded(i, attempt, problem))

    @work(thread=True, group="attempts", exit_on_error=False, name="listing your attempts")
    def attempts_lister(self) -> None:
        self.post_message(AttemptsListed(self.services.store.all_attempts()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The screen's own handler says what failed; here the panel asks again.
        if event.state == WorkerState.ERROR and event.worker.group == "attempt":
            error = event.worker.error
            self.attempt_panel.failed(f"{type(error).__name__}: {error}")

    # ------------------------------------------------------------------ actions

    def action_attempt(self) -> None:
        """Ask for the learner's translation of the current sentence, or show its latest attempt."""
        i = self.view.cursor
        if not self.state.sentences:
            return
        panel = self.attempt_panel
        if panel.mode == "asking":  # the focus went elsewhere (a click): back to the input
            panel.input.focus()
            return
        if panel.mode == "grading":
            return
        tried = self._attempts.get(self.state.sentences[i].text)
        if tried and not (panel.mode == "result" and panel.sentence == i):
            panel.show(i, tried[-1], len(tried))
            return
        if self.state.model_unavailable or self.services.translator_factory is None:
            self.notify("No model: grading your translation needs one.", severity="warning", markup=False)
            return
        self._hide_english(i)
        panel.ask(i, self.state.sentences[i].text)

    def action_attempts(self) -> None:
        if self.services.store is None:
            self.app.push_screen(AttemptsScreen([a for tried in self._attempts.values() for a in tried]))
        else:
            self.attempts_lister()

    # ------------------------------------------------------------------ messages

    def on_attempts_loaded(self, message: AttemptsLoaded) -> None:
        for source, tried in message.items.items():
            self._attempts[source] = tried + self._attempts.get(source, [])
        self._mark_tried(message.items)

    def on_attempt_panel_submitted(self, message: AttemptPanel.Submitted) -> None:
        text = " ".join(message.text.split())
        if not text:
            self.notify("Type your English first (Esc closes).", markup=False)
            return
        if self.services.translator is None and not self.feed_status.finished:
            # The feed is making it; a second one would load the model twice.
            self.attempt_panel.failed("the model is not ready yet; press Enter again in a moment.")
            return
        i = message.sentence
        t = self.state.translations[i]  # the model's, even where the user has a version of their own
        self.attempt_panel.grading()
        self.attempt_worker(i, self.state.sentences[i].text, text, None if t is None else clean(t.text))

    def on_attempt_graded(self, message: AttemptGraded) -> None:
        a = message.attempt
        tried = self._attempts.setdefault(a.source, [])
        tried.append(a)
        self._hide_english(None)
        self._mark_tried([a.source])
        self.attempt_panel.show(message.sentence, a, len(tried))
        self.view.focus()
        if message.problem:
            self.notify(f"Your translation was graded but {message.problem}.", severity="warning", markup=False)

    def on_attempt_panel_closed(self, message: AttemptPanel.Closed) -> None:
        self._hide_english(None)
        self.view.focus()

    def on_attempts_listed(self, message: AttemptsListed) -> None:
        self.app.push_screen(AttemptsScreen(message.attempts))

    def on_bitext_view_cursor_moved(self, message: BitextView.CursorMoved) -> None:
        panel = self.attempt_panel
        if panel.mode == "result" and panel.sentence != self.view.cursor:
            panel.close()

    # ------------------------------------------------------------------ helpers

    def _hide_english(self, i: int | None) -> None:
        changed = self.state.set_trying(i)
        self.view.relayout({self.state.sentences[k].paragraph for k in changed})
        self._update_status()

    def _mark_tried(self, sources) -> None:
        changed = {i for source in sources for i in self.state.by_source.get(source, ())}
        self.state.tried |= changed
        self.view.relayout({self.state.sentences[i].paragraph for i in changed})
