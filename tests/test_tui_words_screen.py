"""The saved-words screen, hosted in a small app: the list, search, sort, gloss, status, delete, and the jump."""

import pytest
from textual.app import App
from textual.widgets import DataTable, Input

from reader.store import DB_FILENAME, TranslationStore
from reader.tui.dialogs.confirm import ConfirmScreen
from reader.tui.dialogs.words import SEARCH_PAUSE_S, WordsScreen, context
from reader.tui.dialogs.prompt import PromptScreen
from reader.words import SavedWord
from tui_support import sync_tests

DOC = "/texte/nato.txt"
WORDS = [
    SavedWord("Verbündeter", "Verbündeten", "Die Verbündeten der Ukraine eilen.", (4, 15), gloss="ally",
              status="learning", document=DOC, sentence_index=0, created=1_764_690_000.0, updated=1_764_690_000.0),
    SavedWord("Haus", "Häusern", "In den Häusern brennt [bold]Licht[/bold].", (7, 14), gloss="house", status="known",
              document="/texte/other.txt", created=1_764_600_000.0, updated=1_764_600_000.0),
    SavedWord("Ärger", "Ärger", "Ärger gibt es \x1b[31mheute\x1b[0m.", (0, 5), document=DOC, sentence_index=4,
              created=1_764_650_000.0, updated=1_764_650_000.0),
]
UNSET = object()


class Host(App):
    def __init__(self, store, document=None):
        super().__init__()
        self.store, self.document = store, document
        self.result = UNSET

    def on_mount(self) -> None:
        self.push_screen(WordsScreen(self.store, self.document), self.done)

    def done(self, word) -> None:
        self.result = word


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / DB_FILENAME)
    s.import_words(WORDS)
    yield s
    s.close()


async def settle(app, pilot):
    await pilot.pause()
    for screen in app.screen_stack:
        await screen.workers.wait_for_complete()
    await pilot.pause()


def column(app, key: str) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_cell(row, key)) for row in table.rows]


def labels(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(row.label or "") for row in table.rows.values()]


async def test_the_list_shows_every_word_literally_with_this_documents_marked(store):
    app = Host(store, DOC)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert column(app, "lemma") == ["Ärger", "Haus", "Verbündeter"]
        assert column(app, "status") == ["new", "known", "learning"]
        assert column(app, "gloss") == ["", "house", "ally"]
        sentences = column(app, "sentence")
        assert "[bold]Licht[/bold]" in sentences[1] and "\x1b" not in sentences[0]
        assert labels(app) == ["•", "", "•"]
        assert "3" in str(app.screen.query_one("#words-title").render())


async def test_search_filters_as_you_type_and_esc_leaves_the_search_first(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"häus")
        await pilot.pause(SEARCH_PAUSE_S * 2)  # the table is refilled once the keys pause
        assert column(app, "lemma") == ["Haus"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"ally")  # the gloss
        await pilot.pause(SEARCH_PAUSE_S * 2)
        assert column(app, "lemma") == ["Verbündeter"]
        await pilot.press("escape")
        assert isinstance(app.screen, WordsScreen) and app.screen.query_one(DataTable).has_focus
        assert column(app, "lemma") == ["Verbündeter"]  # the filter stays
        await pilot.press("escape")
        assert app.result is None


async def test_s_cycles_the_sort_and_a_header_click_reverses_it(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")  # by the form met
        assert column(app, "word") == ["Ärger", "Häusern", "Verbündeten"]
        await pilot.press("s", "s")  # gloss, then status
        assert column(app, "status") == ["new", "learning", "known"]
        screen = app.screen
        table = screen.query_one(DataTable)
        table.post_message(DataTable.HeaderSelected(table, table.ordered_columns[3].key, 3, table.ordered_columns[3].label))
        await pilot.pause()
        assert column(app, "status") == ["known", "learning", "new"]
        assert "reversed" in str(screen.query_one("#words-title").render())


async def test_gloss_edit_is_saved_and_shown(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "e")  # Haus
        assert isinstance(app.screen, PromptScreen)
        answer = app.screen.query_one(Input)
        assert answer.value == "house"
        answer.value = "dwelling [b]x[/b]"
        await pilot.press("enter")
        await settle(app, pilot)
        assert store.get_word("Haus").gloss == "dwelling [b]x[/b]"
        assert column(app, "gloss")[1] == "dwelling [b]x[/b]"


async def test_status_keys_are_saved_and_the_cursor_stays_on_the_word(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")  # Ärger → known
        await settle(app, pilot)
        assert store.get_word("Ärger").status == "known"
        assert column(app, "status")[0] == "known"
        await pilot.press("s", "s", "s")  # by status: Ärger moves, the cursor with it
        await pilot.press("2")
        await settle(app, pilot)
        assert store.get_word("Ärger").status == "learning"
        assert store.word_statuses() == {"verbündeter": "learning", "haus": "known", "ärger": "learning"}


async def test_a_change_updates_its_row_in_place_and_the_next_sort_moves_it(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", "s", "s")  # by status: Ärger (new), Verbündeter (learning), Haus (known)
        assert column(app, "lemma") == ["Ärger", "Verbündeter", "Haus"]
        await pilot.press("3")  # Ärger → known: it stays first, the cursor on it, no refill
        await settle(app, pilot)
        assert column(app, "lemma") == ["Ärger", "Verbündeter", "Haus"]
        assert column(app, "status") == ["known", "learning", "known"]
        await pilot.press(*["s"] * 6)  # round the six columns to the status sort again
        assert column(app, "lemma") == ["Verbündeter", "Ärger", "Haus"]


async def test_the_status_colours_come_from_the_theme(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        app.theme = "textual-dark"
        await settle(app, pilot)

        def colours():
            table = app.screen.query_one(DataTable)
            return [table.get_cell(w.key, "status").style.color for w in WORDS]  # learning, known, new

        dark = colours()
        assert dark[0] and dark[1] and dark[0] != dark[1] and dark[2] is None
        app.theme = "textual-light"
        await settle(app, pilot)
        assert colours()[:2] != dark[:2]


async def test_delete_asks_first(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert store.get_word("Haus") is not None and len(column(app, "lemma")) == 3
        await pilot.press("x", "y")
        await settle(app, pilot)
        assert store.get_word("Haus") is None and column(app, "lemma") == ["Ärger", "Verbündeter"]
        assert "Saved words: 2" in str(app.screen.query_one("#words-title").render())


async def test_enter_dismisses_with_the_word(store):
    app = Host(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.result == WORDS[0]
        assert not isinstance(app.screen, WordsScreen)


async def test_without_a_store_it_says_so_and_closes(tmp_path):
    app = Host(None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert "No store" in str(app.screen.query_one("#words-title").render())
        await pilot.press("e", "1", "x", "enter", "q")
        assert app.result is None


async def test_an_empty_store_says_so(tmp_path):
    with TranslationStore(tmp_path / DB_FILENAME) as s:
        app = Host(s)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(app, pilot)
            assert "No saved words yet" in str(app.screen.query_one("#words-title").render())


async def test_a_failing_store_is_a_notice_not_a_crash(tmp_path):
    s = TranslationStore(tmp_path / DB_FILENAME)
    s.close()  # every call now fails
    app = Host(s)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and messages[0].startswith("Saved words: ")
        assert isinstance(app.screen, WordsScreen)


async def test_a_time_out_of_range_already_in_the_store_is_shown_as_a_question_mark(tmp_path):
    with TranslationStore(tmp_path / DB_FILENAME) as s:  # as an import before the check stored it
        s.import_words([SavedWord("Zug", "Zug", "Der Zug.", (4, 7), created=1e20, updated=1e20)])
        app = Host(s)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(app, pilot)
            assert column(app, "lemma") == ["Zug"] and column(app, "created") == ["?"]


def test_context_shortens_around_the_word():
    sentence = "Am Anfang " + "sehr " * 30 + "Verbündeten " + "und so weiter " * 10
    s = sentence.index("Verbündeten")
    text = context(sentence, (s, s + 11), width=40)
    assert text.plain.startswith("…") and text.plain.endswith("…") and "Verbündeten" in text.plain
    assert len(text.plain) <= 42
    assert context("Das Haus.", (4, 8)).plain == "Das Haus."
    assert context("", (0, 0)).plain == "—"  # imported from a plain list


sync_tests(globals())
