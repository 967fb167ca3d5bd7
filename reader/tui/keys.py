"""The reader's keys: one table drives the bindings, the help screen and the command palette."""

from __future__ import annotations

# (keys, action, footer label, description, shown in footer)
KEYS: list[tuple[str, str, str, str, bool]] = [
    ("j,down", "next_sentence", "Next", "next sentence", True),
    ("k,up", "prev_sentence", "Prev", "previous sentence", False),
    ("l,right", "next_word", "Word→", "word cursor: next word (lights up the aligned words)", True),
    ("h,left", "prev_word", "←Word", "word cursor: previous word", False),
    ("tab", "switch_side", "Side", "word cursor: switch between German and English", False),
    ("escape", "clear_word", "", "leave the word cursor", False),
    ("right_square_bracket", "next_paragraph", "", "next paragraph", False),
    ("left_square_bracket", "prev_paragraph", "", "previous paragraph", False),
    ("pagedown", "page_down", "", "page down", False),
    ("pageup", "page_up", "", "page up", False),
    ("home", "first", "", "first sentence", False),
    ("end", "last", "", "last sentence", False),
    ("u", "next_doubtful", "Unsure", "next doubtful sentence (model unsure)", True),
    ("U", "prev_doubtful", "", "previous doubtful sentence", False),
    ("a", "alternatives", "Alts", "alternatives (n-best) for this sentence; pick one", True),
    ("e", "edit", "Edit", "edit this translation (saved as your version)", True),
    ("y", "copy_german", "", "copy the German sentence", False),
    ("Y", "copy_english", "", "copy the English sentence", False),
    ("d", "lookup", "Dict", "look up the German word in the offline dictionary", True),
    ("m", "learning", "Learn", "learning mode: English hidden until revealed", True),
    ("space", "reveal", "", "learning mode: reveal/hide this sentence's English", False),
    ("slash", "search", "Search", "search German and English", True),
    ("n", "search_next", "", "next search match", False),
    ("N", "search_prev", "", "previous search match", False),
    ("g", "goto", "", "go to paragraph number", False),
    ("s", "export", "Export", "export the translation (with your edits) to a file", False),
    ("question_mark,f1", "help", "Help", "this help", True),
    ("q", "quit", "Quit", "quit", True),
]
KEY_NAMES = {
    "right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "question_mark": "?",
    "space": "Space", "escape": "Esc", "pagedown": "PgDn", "pageup": "PgUp", "down": "↓", "up": "↑",
    "right": "→", "left": "←", "tab": "Tab", "home": "Home", "end": "End", "f1": "F1",
}


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(k, k) for k in keys.split(","))
