"""The one key table: every bound action exists where its scope binds it, and no key is bound twice in a scope."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("textual")

from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.compare_view.app import CompareApp  # noqa: E402
from reader.tui.dialogs.alternatives import AlternativesScreen  # noqa: E402
from reader.tui.dialogs.attempts import AttemptsScreen  # noqa: E402
from reader.tui.dialogs.chapters import ChaptersScreen  # noqa: E402
from reader.tui.dialogs.library import LibraryScreen  # noqa: E402
from reader.tui.dialogs.confirm import ConfirmScreen  # noqa: E402
from reader.tui.dialogs.dictionary import DictionaryScreen  # noqa: E402
from reader.tui.dialogs.help import HelpScreen  # noqa: E402
from reader.tui.dialogs.prompt import PromptScreen  # noqa: E402
from reader.tui.dialogs.words import WordsScreen  # noqa: E402
from reader.tui.keys import KEYS, bindings, key_label, keys_of  # noqa: E402
from reader.tui.compare_view.screen import CompareScreen  # noqa: E402
from reader.tui.screens.reader import ReaderScreen  # noqa: E402
from reader.tui.widgets.attempt_panel import AttemptPanel  # noqa: E402
from reader.tui.widgets.bitext import BitextView  # noqa: E402
from reader.tui.widgets.searchbar import SearchBar  # noqa: E402

# Who binds each scope's keys ("app." and "screen." actions run on the app and the widget's screen).
OWNERS = {
    "app": ReaderApp, "reader": ReaderScreen, "compare": CompareScreen, "help": HelpScreen, "prompt": PromptScreen,
    "confirm": ConfirmScreen, "alternatives": AlternativesScreen, "attempts": AttemptsScreen,
    "dictionary": DictionaryScreen, "words": WordsScreen, "chapters": ChaptersScreen, "bitext": BitextView, "search_bar": SearchBar,
    "library": LibraryScreen,
    "attempt_panel": AttemptPanel,
}
SCREEN_OF = {"bitext": ReaderScreen}


@pytest.mark.parametrize("scope", sorted(OWNERS))
def test_every_bound_action_exists(scope):
    for key in keys_of(scope):
        if not key.bound:
            continue
        owner = OWNERS[scope]
        name = re.sub(r"\(.*\)$", "", key.action)
        if name.startswith("app."):
            owner, name = ReaderApp, name[4:]
        elif name.startswith("screen."):
            owner, name = SCREEN_OF[scope], name[7:]
        assert callable(getattr(owner, f"action_{name}", None)), f"{scope}: {key.keys} → {key.action}"


def test_the_classes_bind_their_scopes_keys_in_the_tables_order():
    for scope, owner in OWNERS.items():
        assert [(b.key, b.action) for b in owner.BINDINGS] == [(b.key, b.action) for b in bindings(scope)]
    assert CompareApp.BINDINGS == ReaderApp.BINDINGS


@pytest.mark.parametrize("scope", sorted(OWNERS))
def test_no_key_is_bound_twice_in_a_scope(scope):
    pressed = [k for key in keys_of(scope) if key.bound for k in key.keys.split(",")]
    assert len(pressed) == len(set(pressed)), scope


def test_every_scope_has_an_owner_and_every_key_a_label():
    assert {k.scope for k in KEYS} == set(OWNERS)
    assert key_label("question_mark,f1") == "? F1" and key_label("ctrl+p") == "Ctrl+P"
