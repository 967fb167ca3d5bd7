"""The chapter list (``c`` in the reader): each section's title and German word count; Enter goes to it.

The screen dismisses with the index of the chosen chapter in the list it was given,
or None (Esc, q, c).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...document.chapters import ChapterEntry
from ...text.cleaning import clean
from ..keys import bindings

INDENT = "  "  # per level below a chapter


class ChaptersScreen(ModalScreen[int | None]):
    DEFAULT_CSS = """
    ChaptersScreen { align: center middle; }
    ChaptersScreen > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ChaptersScreen OptionList { height: auto; max-height: 30; }
    """
    BINDINGS = bindings("chapters")

    def __init__(self, chapters: list[ChapterEntry], current: int | None = None) -> None:
        super().__init__()
        self.chapters = chapters
        self.current = current  # the chapter the cursor is in: highlighted first

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Chapters — Enter goes to one, Esc stays", style="bold"))
            yield OptionList(*(chapter_option(n, c) for n, c in enumerate(self.chapters)))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current is not None:
            options.highlighted = self.current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


def chapter_option(n: int, chapter: ChapterEntry) -> Option:
    """One row: the title, indented by its level, and its German word count (dim)."""
    label = Text(INDENT * (chapter.section.level - 1) + clean(chapter.section.title))
    label.append(f"   {chapter.words:,} words", style="dim")
    return Option(label, id=str(n), disabled=chapter.first_sentence is None)
