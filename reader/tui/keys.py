"""Every key of the reader and the compare view, in one table: the bindings, the help screens and the command palette come from it.

Each entry names its scope: a main screen (``reader``, ``compare``), a dialog,
a widget, or the app. A class takes its ``BINDINGS`` from ``bindings(scope)``;
a main screen's help lists ``help_rows(scope)`` and the command palette offers
its actions (``palette_commands``), run on the topmost main screen. A new key
is one entry here and the action it names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App, SystemCommand

# The main screens (help and palette), the dialogs, the widgets with keys of their own, and the app.
Scope = Literal[
    "reader", "compare",
    "help", "prompt", "confirm", "alternatives", "attempts", "dictionary", "words", "chapters", "library",
    "bitext", "search_bar", "attempt_panel",
    "app",
]
MAIN_SCOPES: tuple[Scope, ...] = ("reader", "compare")


@dataclass(frozen=True, slots=True)
class Key:
    """One entry of the key table: the keys, the action they run and how help, footer and palette name it."""

    scope: Scope
    keys: str  # Textual key names, comma-separated: "j,down"
    action: str  # "" for a help row that binds nothing (the mouse)
    description: str  # in the help screen and (capitalized) the command palette
    label: str = ""  # in the footer; "" falls back to the description
    show: bool = False  # shown in the footer
    priority: bool = False  # before the focused widget's own bindings
    bound: bool = True  # False: only a help row (the palette's own key, the mouse)
    palette: bool = True  # offered in the command palette (main screens only)

    @property
    def display(self) -> str:
        """The keys as the help and the palette show them: "j ↓"."""
        return key_label(self.keys)

    @property
    def title(self) -> str:
        """As the command palette names it: the description, capitalized."""
        return self.description[:1].upper() + self.description[1:]


_PALETTE = "command palette: every action by name"

KEYS: tuple[Key, ...] = (
    # ------------------------------------------------------------------ the app (both)
    Key("app", "ctrl+c", "quit", "Quit", priority=True, palette=False),
    # ------------------------------------------------------------------ the reader
    Key("reader", "j,down", "next_sentence", "next sentence", label="Next", show=True),
    Key("reader", "k,up", "prev_sentence", "previous sentence", label="Prev"),
    Key("reader", "l,right", "next_word", "word cursor: next word (lights up the aligned words)", label="Word→", show=True),
    Key("reader", "h,left", "prev_word", "word cursor: previous word", label="←Word"),
    Key("reader", "tab", "switch_side", "word cursor: switch between German and English", label="Side"),
    Key("reader", "escape", "clear_word", "leave the word cursor"),
    Key("reader", "right_square_bracket", "next_paragraph", "next paragraph"),
    Key("reader", "left_square_bracket", "prev_paragraph", "previous paragraph"),
    Key("reader", "pagedown", "page_down", "page down"),
    Key("reader", "pageup", "page_up", "page up"),
    Key("reader", "home", "first", "first sentence"),
    Key("reader", "end", "last", "last sentence"),
    Key("reader", "u", "next_doubtful", "next doubtful sentence (model unsure)", label="Unsure", show=True),
    Key("reader", "U", "prev_doubtful", "previous doubtful sentence"),
    Key("reader", "a", "alternatives", "alternatives (n-best) for this sentence; pick one", label="Alts", show=True),
    Key("reader", "e", "edit", "edit this translation (saved as your version)", label="Edit", show=True),
    Key("reader", "y", "copy_german", "copy the German sentence"),
    Key("reader", "Y", "copy_english", "copy the English sentence"),
    Key("reader", "d", "lookup", "look up the German word in the offline dictionary", label="Dict", show=True),
    Key("reader", "w", "save_word", "save the German word to your words, with its sentence and English", label="Save"),
    Key("reader", "1", "mark_new", "mark the German word new"),
    Key("reader", "2", "mark_learning", "mark the German word learning"),
    Key("reader", "3", "mark_known", "mark the German word known"),
    Key("reader", "K", "highlight_unknown", "highlight the words you don't know yet (again: the rare ones, or off)"),
    Key("reader", "W", "saved_words", "your saved words; pick one to go to it"),
    Key("reader", "G", "add_term", "add the German word to your glossary: always this English (terms marked in the English)"),
    Key("reader", "r", "speak", "read the German sentence aloud (espeak-ng); again: stop"),
    Key("reader", "m", "learning", "learning mode: English hidden until revealed", label="Learn", show=True),
    Key("reader", "space", "reveal", "learning mode: reveal/hide this sentence's English"),
    Key("reader", "t", "attempt", "try your own translation of this sentence (graded by the model)", label="Try"),
    Key("reader", "T", "attempts", "your attempts (average chrF over time)"),
    Key("reader", "slash", "search", "search German and English", label="Search", show=True),
    Key("reader", "n", "search_next", "next search match"),
    Key("reader", "N", "search_prev", "previous search match"),
    Key("reader", "g", "goto", "go to paragraph number"),
    Key("reader", "c", "chapters", "chapters of a book: pick one to go to it"),
    Key("reader", "L", "library", "library: the documents you have opened, how far, new words; Enter opens one"),
    Key("reader", "s", "export", "export the translation (with your edits) to a file", label="Export"),
    Key("reader", "v", "compare", "compare your versions with the model's, word by word"),
    Key("reader", "M", "take_suggestion", "take the translation memory's suggestion (shown below) as your version"),
    Key("reader", "question_mark,f1", "help", "this help", label="Help", show=True),
    Key("reader", "q", "app.quit", "quit", label="Quit", show=True, palette=False),  # the palette has its own Quit
    Key("reader", "ctrl+p", "", _PALETTE, bound=False, palette=False),
    Key("reader", "mouse", "", "hover a word to light up its links; click to put the cursor there", bound=False, palette=False),
    # ------------------------------------------------------------------ the compare view
    Key("compare", "j,down", "next_row", "next segment", label="Next", show=True),
    Key("compare", "k,up", "prev_row", "previous segment", label="Prev"),
    Key("compare", "l,right", "next_word", "word cursor: next word (lights up the linked words)", label="Word→", show=True),
    Key("compare", "h,left", "prev_word", "word cursor: previous word", label="←Word"),
    Key("compare", "tab", "next_line", "word cursor: to the next version (the German first)", label="Version"),
    Key("compare", "shift+tab", "prev_line", "word cursor: to the previous version"),
    Key("compare", "pagedown", "page_down", "page down"),
    Key("compare", "pageup", "page_up", "page up"),
    Key("compare", "home", "first", "first row"),
    Key("compare", "end", "last", "last row"),
    Key("compare", "p", "next_pivot", "pivot: compare with the next version", label="Pivot", show=True),
    Key("compare", "o", "next_order", "order: document, by disagreement, by score difference of two versions", label="Order", show=True),
    Key("compare", "c", "next_pair", "the two versions of the score difference and the filter: the next pair", label="Pair"),
    Key("compare", "f", "toggle_filter", "filter: only the segments where the two versions differ (on/off)", label="Differ", show=True),
    Key("compare", "question_mark,f1", "help", "this help", label="Help", show=True),
    Key("compare", "escape", "leave", "leave the word cursor, else close the compare view"),
    Key("compare", "q", "close", "close the compare view (quit when it is the only screen)", label="Close", show=True),
    Key("compare", "ctrl+p", "", _PALETTE, bound=False, palette=False),
    Key("compare", "mouse", "", "hover a word to light up its links; click to put the word cursor there", bound=False, palette=False),
    # ------------------------------------------------------------------ the dialogs
    Key("help", "escape,q,question_mark,f1", "dismiss", "Close", show=True),
    Key("prompt", "escape", "cancel", "Cancel", show=True),
    Key("confirm", "y", "answer(True)", "Yes", show=True),
    Key("confirm", "n,escape", "answer(False)", "No", show=True),
    Key("alternatives", "escape", "cancel", "Cancel", show=True),
    Key("attempts", "escape,q,T", "dismiss", "Close", show=True),
    Key("dictionary", "escape,q,d", "dismiss", "Close", show=True),
    Key("dictionary", "j", "move(1)", "Next entry"),
    Key("dictionary", "k", "move(-1)", "Previous entry"),
    Key("chapters", "escape,q,c", "cancel", "Close", show=True),
    Key("library", "escape,q,L", "close", "Close", show=True),
    Key("words", "escape,q,W", "close", "Close", show=True),
    Key("words", "slash", "search", "Search", show=True),
    Key("words", "s", "next_sort", "Sort", show=True),
    Key("words", "e", "edit_gloss", "Gloss", show=True),
    Key("words", "1", "set_status('new')", "New", show=True),
    Key("words", "2", "set_status('learning')", "Learning", show=True),
    Key("words", "3", "set_status('known')", "Known", show=True),
    Key("words", "x", "delete", "Delete", show=True),
    Key("words", "G", "promote_term", "Term"),  # the gloss as a glossary term
    # ------------------------------------------------------------------ widgets
    # Tab would move the focus (a Screen binding); in the bitext it switches the word cursor's side.
    Key("bitext", "tab", "screen.switch_side", "Side"),
    Key("search_bar", "escape", "close", "Close search"),
    Key("attempt_panel", "escape", "close", "Close"),
)

# Textual key names → what the help and the palette print
KEY_NAMES = {
    "right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "question_mark": "?",
    "space": "Space", "escape": "Esc", "pagedown": "PgDn", "pageup": "PgUp", "down": "↓", "up": "↑",
    "right": "→", "left": "←", "tab": "Tab", "home": "Home", "end": "End", "f1": "F1", "ctrl+p": "Ctrl+P",
}


def key_label(keys: str) -> str:
    """"j,down" → "j ↓"."""
    return " ".join(KEY_NAMES.get(k, k) for k in keys.split(","))


def keys_of(scope: Scope) -> tuple[Key, ...]:
    """The table's entries of ``scope``, in order."""
    return tuple(k for k in KEYS if k.scope == scope)


def bindings(scope: Scope) -> list[Binding]:
    """``scope``'s ``BINDINGS``, in the table's order (the footer's)."""
    return [Binding(k.keys, k.action, k.label or k.description, show=k.show, priority=k.priority)
            for k in keys_of(scope) if k.bound]


def help_rows(scope: Scope) -> list[tuple[str, str]]:
    """What a main screen's help lists: (keys as shown, what they do)."""
    return [(k.display, k.description) for k in keys_of(scope)]


def palette_commands(app: App) -> Iterator[SystemCommand]:
    """The command palette's entries for the topmost main screen's actions (a dialog on top: the screen below it)."""
    from textual.app import SystemCommand

    screen = next((s for s in reversed(app.screen_stack) if getattr(s, "KEY_SCOPE", None) in MAIN_SCOPES), None)
    if screen is None:
        return
    for key in keys_of(screen.KEY_SCOPE):
        if key.bound and key.palette:
            yield SystemCommand(key.title, f"key: {key.display}", partial(app.run_action, key.action, screen))
