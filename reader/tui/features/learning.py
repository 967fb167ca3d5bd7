"""Learning mode: the English hidden until the reader reveals a sentence."""

from __future__ import annotations

from . import ReaderFeature


class LearningFeature(ReaderFeature):
    def action_learning(self) -> None:
        st = self.state
        st.set_learning(not st.learning)
        self.view.relayout(set(range(len(self.services.doc.paragraphs))))
        self._update_title()
        self._update_status()
        self.notify("Learning mode: English hidden; Space reveals a sentence." if st.learning else "Learning mode off.", markup=False)

    def action_reveal(self) -> None:
        st = self.state
        if not st.learning:
            return
        i = self.view.cursor
        st.toggle_revealed(i)
        self.view.relayout({st.sentences[i].paragraph})
        self._update_status()
