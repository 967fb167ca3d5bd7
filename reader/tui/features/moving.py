"""Moving through the document: sentences, words, paragraphs, pages, doubtful sentences, a paragraph number."""

from __future__ import annotations

from ..dialogs.prompt import PromptScreen
from . import ReaderFeature


class MovingFeature(ReaderFeature):
    def _word_mode(self) -> bool:
        return self.view.word is not None

    def action_next_sentence(self) -> None:
        v = self.view
        v.set_cursor(v.cursor + 1, word=0 if self._word_mode() else None)

    def action_prev_sentence(self) -> None:
        v = self.view
        v.set_cursor(v.cursor - 1, word=0 if self._word_mode() else None)

    def action_next_word(self) -> None:
        self.view.move_word(1)

    def action_prev_word(self) -> None:
        self.view.move_word(-1)

    def action_switch_side(self) -> None:
        v = self.view
        v.set_cursor(v.cursor, side="en" if v.side == "de" else "de", word=0)

    def action_clear_word(self) -> None:
        v = self.view
        v.hover = None
        v.set_cursor(v.cursor, word=None, scroll=False)

    def _goto_paragraph(self, p: int) -> None:
        st = self.state
        paragraphs = self.services.doc.paragraphs
        p = max(0, min(len(paragraphs) - 1, p))
        while p < len(paragraphs) - 1 and not paragraphs[p].sentences:
            p += 1
        if not paragraphs[p].sentences:
            return
        self.view.set_cursor(st.first_sentence[p], word=None)

    def action_next_paragraph(self) -> None:
        self._goto_paragraph(self.state.sentences[self.view.cursor].paragraph + 1)

    def action_prev_paragraph(self) -> None:
        st = self.state
        p = st.sentences[self.view.cursor].paragraph - 1
        while p > 0 and not self.services.doc.paragraphs[p].sentences:
            p -= 1
        self._goto_paragraph(p)

    def _page(self, direction: int) -> None:
        v = self.view
        height = v.scrollable_content_region.height
        v.scroll_to(y=v.scroll_offset.y + direction * max(1, height - 2), animate=False, immediate=True)

        def settle() -> None:
            first, last = v.visible_range
            target = first if direction > 0 else last
            if direction < 0 and v.scroll_offset.y <= 0:
                target = 0
            v.set_cursor(max(0, min(target, len(self.state.sentences) - 1)), scroll=False)

        self.call_after_refresh(settle)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_first(self) -> None:
        self.view.set_cursor(0)

    def action_last(self) -> None:
        self.view.set_cursor(len(self.state.sentences) - 1)

    def _find_doubtful(self, step: int) -> None:
        st = self.state
        n = len(st.sentences)
        i = self.view.cursor + step
        while 0 <= i < n:
            if st.is_doubtful(i):
                self.view.set_cursor(i, word=None)
                return
            i += step
        pending = n - sum(1 for t in st.translations if t is not None)
        more = f" ({pending} sentences not translated yet)" if pending else ""
        self.notify(f"No doubtful sentence {'after' if step > 0 else 'before'} this one{more}.", markup=False)

    def action_next_doubtful(self) -> None:
        self._find_doubtful(1)

    def action_prev_doubtful(self) -> None:
        self._find_doubtful(-1)

    def action_goto(self) -> None:
        n = len(self.services.doc.paragraphs)

        def done(text: str | None) -> None:
            if not text:
                return
            try:
                p = int(text.strip())
            except ValueError:
                self.notify("A paragraph number, please.", markup=False)
                return
            self._goto_paragraph(p - 1)

        self.app.push_screen(PromptScreen(f"Go to paragraph (1–{n})"), done)
