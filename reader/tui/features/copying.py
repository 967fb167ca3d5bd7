"""Copying the current sentence, German or English, to the clipboard."""

from __future__ import annotations

from . import ReaderFeature


class CopyingFeature(ReaderFeature):
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
