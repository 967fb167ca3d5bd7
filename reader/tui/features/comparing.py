"""The compare view from the reader (key ``v``): the user's versions beside the model's, word by word."""

from __future__ import annotations

from . import ReaderFeature


class ComparingFeature(ReaderFeature):
    def action_compare(self) -> None:
        from ..reader_compare import compare_screen  # the compare view: the model's English beside yours

        screen = compare_screen(self.state, self.app.translator)
        if screen is None:
            self.notify("Nothing to compare yet: edit a translation (e) first.", markup=False)
        else:
            self.app.push_screen(screen)
