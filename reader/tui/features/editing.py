"""The user's own versions: editing a translation, or keeping an alternative, saved in the store."""

from __future__ import annotations

from ...errors import ReaderError
from ...text.cleaning import clean
from ...translation import Hypothesis
from ..messages import UserVersionsArrived
from ..dialogs.prompt import PromptScreen
from . import ReaderFeature


class EditingFeature(ReaderFeature):
    def on_user_versions_arrived(self, message: UserVersionsArrived) -> None:
        changed: set[int] = set()
        for source, text in message.items.items():
            changed |= self.state.set_user(source, text, message.picked.get(source))
        self.view.relayout({self.state.sentences[i].paragraph for i in changed})
        self._update_status()

    def set_user_version(self, source: str, text: str | None, hypothesis: Hypothesis | None = None) -> None:
        """Show ``text`` as the user's own English for ``source`` (None: the model's again) and keep it in the store."""
        if self.services.store is not None:
            try:
                if text is None:
                    self.services.store.clear_user_translation(source)
                else:
                    self.services.store.set_user_translation(source, text)
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
            # The model's text, or as shown (inline code put in): nothing of the user's own.
            unchanged = current is not None and text in (current.text, " ".join(value.split()))
            if unchanged and i not in self.state.user:
                return
            self.set_user_version(source, text)

        self.app.push_screen(
            PromptScreen("Your translation (Enter saves, Esc cancels, empty restores the model's)", value, context=clean(source)),
            done,
        )
