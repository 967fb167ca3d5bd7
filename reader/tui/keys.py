"""The reader's keys: one table drives the bindings, the help screen and the command palette."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    """One entry of the key table: the keys, the action they run and how help, footer and palette name it."""

    keys: str  # Textual key names, comma-separated: "j,down"
    action: str
    description: str  # in the help screen and (capitalized) the command palette
    label: str = ""  # in the footer; "" falls back to the description
    show: bool = False  # shown in the footer

    @property
    def display(self) -> str:
        """The keys as the help and the palette show them: "j ↓"."""
        return key_label(self.keys)


KEYS: tuple[Key, ...] = (
    Key("j,down", "next_sentence", "next sentence", label="Next", show=True),
    Key("k,up", "prev_sentence", "previous sentence", label="Prev"),
    Key("l,right", "next_word", "word cursor: next word (lights up the aligned words)", label="Word→", show=True),
    Key("h,left", "prev_word", "word cursor: previous word", label="←Word"),
    Key("tab", "switch_side", "word cursor: switch between German and English", label="Side"),
    Key("escape", "clear_word", "leave the word cursor"),
    Key("right_square_bracket", "next_paragraph", "next paragraph"),
    Key("left_square_bracket", "prev_paragraph", "previous paragraph"),
    Key("pagedown", "page_down", "page down"),
    Key("pageup", "page_up", "page up"),
    Key("home", "first", "first sentence"),
    Key("end", "last", "last sentence"),
    Key("u", "next_doubtful", "next doubtful sentence (model unsure)", label="Unsure", show=True),
    Key("U", "prev_doubtful", "previous doubtful sentence"),
    Key("a", "alternatives", "alternatives (n-best) for this sentence; pick one", label="Alts", show=True),
    Key("e", "edit", "edit this translation (saved as your version)", label="Edit", show=True),
    Key("y", "copy_german", "copy the German sentence"),
    Key("Y", "copy_english", "copy the English sentence"),
    Key("d", "lookup", "look up the German word in the offline dictionary", label="Dict", show=True),
    Key("w", "save_word", "save the German word to your words, with its sentence and English", label="Save"),
    Key("1", "mark_new", "mark the German word new"),
    Key("2", "mark_learning", "mark the German word learning"),
    Key("3", "mark_known", "mark the German word known"),
    Key("K", "highlight_unknown", "highlight the words you don't know yet (again: the rare ones, or off)"),
    Key("W", "saved_words", "your saved words; pick one to go to it"),
    Key("r", "speak", "read the German sentence aloud (espeak-ng); again: stop"),
    Key("m", "learning", "learning mode: English hidden until revealed", label="Learn", show=True),
    Key("space", "reveal", "learning mode: reveal/hide this sentence's English"),
    Key("t", "attempt", "try your own translation of this sentence (graded by the model)", label="Try"),
    Key("T", "attempts", "your attempts (average chrF over time)"),
    Key("slash", "search", "search German and English", label="Search", show=True),
    Key("n", "search_next", "next search match"),
    Key("N", "search_prev", "previous search match"),
    Key("g", "goto", "go to paragraph number"),
    Key("s", "export", "export the translation (with your edits) to a file", label="Export"),
    Key("v", "compare", "compare your versions with the model's, word by word"),
    Key("question_mark,f1", "help", "this help", label="Help", show=True),
    Key("q", "quit", "quit", label="Quit", show=True),
)

# Textual key names → what the help and the palette print
KEY_NAMES = {
    "right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "question_mark": "?",
    "space": "Space", "escape": "Esc", "pagedown": "PgDn", "pageup": "PgUp", "down": "↓", "up": "↑",
    "right": "→", "left": "←", "tab": "Tab", "home": "Home", "end": "End", "f1": "F1",
}


def key_label(keys: str) -> str:
    """"j,down" → "j ↓"."""
    return " ".join(KEY_NAMES.get(k, k) for k in keys.split(","))
