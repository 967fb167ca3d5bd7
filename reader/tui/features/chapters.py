"""The book's chapters (``c``): a list of its sections to jump to, and the chapter shown in the title bar.

Jumping moves the sentence cursor to the chapter's first sentence; the feed then
translates what comes into view first, as after any move. A document without
sections (plain text, an article) says so in a notice.
"""

from __future__ import annotations

from ...document.chapters import ChapterEntry, chapters, section_at
from ..dialogs.chapters import ChaptersScreen
from . import ReaderFeature

NO_CHAPTERS = "This document has no chapters (plain text and articles have none; books do)."


class ChaptersFeature(ReaderFeature):
    """The chapter list (a mixin of ``ReaderScreen``)."""

    _chapters: list[ChapterEntry] | None = None  # counted on the first ``c`` (a novel's words: a fraction of a second)

    def action_chapters(self) -> None:
        doc = self.services.doc
        if not doc.sections:
            self.notify(NO_CHAPTERS, markup=False)
            return
        if self._chapters is None:
            self._chapters = chapters(doc)
        listed = self._chapters
        here = section_at(doc, self.state.sentences[self.view.cursor].paragraph)
        current = next((n for n, c in enumerate(listed) if c.section == here), None)

        def chosen(n: int | None) -> None:
            if n is not None:
                self._goto_chapter(listed[n])

        self.app.push_screen(ChaptersScreen(listed, current), chosen)

    def _goto_chapter(self, chapter: ChapterEntry) -> None:
        if chapter.first_sentence is not None:
            self.view.set_cursor(chapter.first_sentence, word=None, scroll=False)
            self.view.scroll_to_sentence(chapter.first_sentence, to_top=True)
