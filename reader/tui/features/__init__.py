"""The reader's features, one per module, each a mixin of ``ReaderScreen``.

A feature holds its actions (named as in the key table, ``reader.tui.keys``),
its workers and the handlers of the messages they post. Handlers use Textual's
naming convention (``on_<message>``), not ``@on``: Textual collects decorated
handlers only from its own classes, but finds named ones along the whole MRO.
``ReaderFeature`` says what a feature may use of the screen; the document,
the store, the translator and the dictionary are the screen's ``services``
(``reader.tui.services.ReaderServices``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..feed_status import FeedStatus
    from ..services import ReaderServices
    from ..state import ReaderState
    from ..translation_feed import TranslationFeed
    from ..widgets.bitext import BitextView
    from ..widgets.statusbar import StatusBar


NO_WORD = "Put the word cursor (← →) or the mouse on a German word first."


class ReaderFeature:
    """The screen's parts the features share (declared for readers and type checkers; the screen defines them),
    and what several features ask of them."""

    if TYPE_CHECKING:
        state: ReaderState
        services: ReaderServices
        feed: TranslationFeed
        feed_status: FeedStatus

        @property
        def view(self) -> BitextView: ...

        @property
        def status_bar(self) -> StatusBar: ...

        def _update_status(self) -> None: ...

        def _update_title(self) -> None: ...

    def active_german_word(self) -> tuple[int, tuple[int, int]] | None:
        """The German word under the word cursor (or the mouse) as (sentence, span); on the English side,
        the first German word the English word there is linked to. None when there is none."""
        active = self.view.active_word()
        if active is None:
            return None
        if active.side == "de":
            return active.sentence, active.span
        links = self.state.links(active.sentence, "en", active.span)
        return (active.sentence, links[0]) if links else None
