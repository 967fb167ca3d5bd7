"""Alternatives: the model's n-best list for a sentence, in a worker; the one picked is kept as the user's version."""

from __future__ import annotations

from textual import work

from ...translation import Hypothesis
from ..messages import AlternativesReady
from ..dialogs.alternatives import AlternativesScreen
from . import ReaderFeature


class AlternativesFeature(ReaderFeature):
    @work(thread=True, group="alternatives", exclusive=True, exit_on_error=False)
    def alternatives_worker(self, i: int) -> None:
        self.post_message(AlternativesReady(i, self.feed.alternatives(self.state.sentences[i].text)))

    def action_alternatives(self) -> None:
        if self.state.model_unavailable:
            self.notify("No model: alternatives need one.", severity="warning", markup=False)
            return
        if self.services.translator is None:
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
