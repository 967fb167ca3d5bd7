"""The compare view from the reader (key ``v``): the model's English beside the user's own versions.

The reader's document has more than one version once the user has edited a
translation (or picked an alternative): then every sentence is a segment, the
model's English the pivot (with its own alignment from decoding) and "yours"
the user's text where there is one, else the model's. The view opens on the
sentences where the two differ; the user's versions are force-aligned by the
reader's model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...engines import Translator
from ...text.cleaning import clean
from ..state import ReaderState
from . import ReaderFeature

if TYPE_CHECKING:
    from ..compare_view.screen import CompareScreen


class ComparingFeature(ReaderFeature):
    def action_compare(self) -> None:
        screen = compare_screen(self.state, self.services.translator)
        if screen is None:
            self.notify("Nothing to compare yet: edit a translation (e) first.", markup=False)
        else:
            self.app.push_screen(screen)


def compare_screen(state: ReaderState, translator: Translator | None) -> CompareScreen | None:
    """The compare view of the model's English and the user's, or None when the user has no version."""
    if not state.user:
        return None
    # The compare view's modules, imported when first opened.
    from ...compare.view_model import CompareModel, Version, alignment_from
    from ..compare_view.screen import CompareScreen

    model, yours, aligned = [], [], {}
    for s in state.sentences:
        t = state.translations[s.index]
        text = clean(t.text) if t is not None else ""
        model.append(text)
        yours.append(clean(state.user.get(s.index, text)))
        if t is not None and t.best.alignment:
            aligned[s.index] = alignment_from(text, t.best, forced=False)
    compared = CompareModel([clean(s.text) for s in state.sentences],
                            [Version("model", "model", tuple(model)), Version("yours", "user", tuple(yours))])
    for k, alignment in aligned.items():
        compared.set_alignment("model", k, alignment)
        if yours[k] == model[k]:
            compared.set_alignment("yours", k, alignment)  # the model's text: its own links
    factory = None if translator is None else (lambda: translator)
    return CompareScreen(compared, translator_factory=factory, only_differing=True)
