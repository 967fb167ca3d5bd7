"""Dictionary entries for the German word under the cursor; Enter takes the highlighted sense as its gloss.

The sense that fits the sentence (``Entry.fits``: its English holds what the
model aligned to the word) comes first, marked; how the word was read (a
separable verb, a compound's parts) is said above the entries, and a
compound's entries are grouped by part. Enter posts ``GlossChosen`` to the
reader screen (the words feature saves the word) and closes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message_pump import MessagePump
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...dictionary import Entry, LookupResult
from ...text.cleaning import clean
from ..keys import bindings
from ..messages import GlossChosen

HINT = "↑/↓ j/k: move · Enter: save with this sense · Esc: close"


def entry_text(entry: Entry) -> Text:
    """One entry as shown: the "fits here" mark, the headword, its sense lines; all literal."""
    t = Text()
    if entry.fits:
        t.append(f"▶ fits here: {clean(', '.join(entry.fits))}", style="bold green")
        t.append("\n")
    t.append(clean(entry.headword), style="bold")
    t.append("\n")
    t.append(clean(entry.body))
    return t


class DictionaryScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    DictionaryScreen { align: center middle; }
    DictionaryScreen > Vertical {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    DictionaryScreen OptionList, DictionaryScreen OptionList:focus { height: auto; max-height: 30; border: none; padding: 0; }
    DictionaryScreen .reading { color: $text-muted; }
    DictionaryScreen .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = bindings("dictionary")

    def __init__(
        self,
        word: str,
        result: LookupResult,
        *,
        sentence: int | None = None,
        span: tuple[int, int] | None = None,
        reply_to: MessagePump | None = None,
    ) -> None:
        """``sentence``, ``span``: where the German word is, for ``GlossChosen``, posted to ``reply_to``."""
        super().__init__()
        self.word = word
        self.result = result
        self.sentence = sentence
        self.span = span
        self.reply_to = reply_to

    def compose(self) -> ComposeResult:
        r = self.result
        with Vertical():
            title = Text(clean(self.word), style="bold")
            if r.source:
                title.append(f"   ({clean(r.source)})", style="dim")
            yield Static(title)
            if r.reading:
                yield Static(Text(clean(r.reading)), classes="reading")
            if not r.entries:
                yield Static(Text(clean(r.message) or "No entry found.", style="italic"))
                return
            options: list[Option | None] = []
            part = ""
            for n, entry in enumerate(r.entries):
                if n:
                    options.append(None)  # a rule between entries
                if entry.part and entry.part != part:
                    part = entry.part
                    options.append(Option(Text(f"{clean(part)}:", style="bold underline"), disabled=True))
                options.append(Option(entry_text(entry), id=str(n)))
            yield OptionList(*options)
            if self.reply_to is not None:
                yield Static(Text(HINT), classes="hint")

    def on_mount(self) -> None:
        for option_list in self.query(OptionList):
            option_list.focus()
            option_list.highlighted = next(i for i, o in enumerate(option_list.options) if not o.disabled)

    @property
    def highlighted_entry(self) -> Entry | None:
        """The entry Enter would take (None when there is none)."""
        for option_list in self.query(OptionList):
            if option_list.highlighted is not None:
                option = option_list.get_option_at_index(option_list.highlighted)
                return None if option.id is None else self.result.entries[int(option.id)]
        return None

    def action_move(self, step: int) -> None:
        for option_list in self.query(OptionList):
            if step > 0:
                option_list.action_cursor_down()
            else:
                option_list.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None or self.reply_to is None or self.sentence is None or self.span is None:
            return
        entry = self.result.entries[int(event.option.id)]
        self.reply_to.post_message(GlossChosen(self.sentence, self.span, clean(entry.first_sense)))
        self.dismiss(None)

    def action_dismiss(self) -> None:
        self.dismiss(None)
