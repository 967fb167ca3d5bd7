"""Pilot tests of the reader with a book: the chapter list (``c``), the chapter and % in the title bar,
and where you were, kept in the store per document."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual.widgets import OptionList  # noqa: E402

from reader.document import Section, build_document, load_document  # noqa: E402
from reader.document.chapters import chapters, german_words, place_text, section_at  # noqa: E402
from reader.store import StoreError, TranslationStore, document_key  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.dialogs.chapters import ChaptersScreen  # noqa: E402
from reader.tui.dialogs.library import LibraryScreen  # noqa: E402
from textual.widgets import DataTable  # noqa: E402
from reader.tui.features.chapters import NO_CHAPTERS  # noqa: E402
from reader.words import saved_word  # noqa: E402

from tui_support import all_done, fake_factory, sample_doc, sync_tests, wait_for  # noqa: E402

SIZE = (120, 30)
EPUBS = Path(__file__).parent / "fixtures" / "epub"


@pytest.fixture
def store(tmp_path):
    s = TranslationStore(tmp_path / "translations.sqlite3")
    yield s
    s.close()


def book(name: str = "pandoc.epub"):
    return load_document(str(EPUBS / name))


def make_app(doc, store=None, **kw):
    return ReaderApp(doc, fake_factory(), store, **kw)


def long_book():
    """Two chapters of 40 paragraphs: the second starts well below the first screen."""
    text = "\n\n".join(f"Absatz {k} steht hier. Er hat zwei Sätze." for k in range(80))
    doc = build_document(text, "lang.txt")
    return dataclasses.replace(doc, sections=(Section("Eins", 0, 40), Section("Zwei", 40, 80)))


def view_top_rows(app, sentence: int) -> int:
    """How many rows below the view's top sentence ``sentence`` starts."""
    view = app.reader.view
    return view.sentence_rows(sentence)[0] - round(view.scroll_offset.y)


def title_of(app) -> str:
    return str(app.reader._title_bar.render())


def test_chapters_count_the_german_words_of_their_paragraphs():
    doc = book()
    listed = chapters(doc)
    assert [c.section.title for c in listed] == ["Erstes Kapitel", "Zweites Kapitel", "Ein Abschnitt"]
    for c in listed:
        paragraphs = doc.paragraphs[c.section.start:c.section.end]
        assert c.words == sum(german_words(s.text) for p in paragraphs for s in p.sentences) > 0
        assert doc.sentences[c.first_sentence].paragraph >= c.section.start
    assert german_words("Er sagt: „Nein, 3 Mal.“") == 4  # numbers and punctuation are not words
    # a sentence in a section inside a chapter is placed in the section
    inner = listed[2]
    assert section_at(doc, inner.section.start) == inner.section
    assert "Ein Abschnitt" in place_text(doc, doc.sentences[inner.first_sentence], len(doc.sentences))
    assert place_text(sample_doc(), sample_doc().sentences[0], 16) == ""


async def test_the_chapter_list_goes_to_a_chapters_first_sentence():
    doc = book()
    second = chapters(doc)[1]
    app = make_app(doc)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChaptersScreen))
        options = app.screen.query_one(OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert rows[1] == f"Zweites Kapitel   {second.words:,} words"
        assert rows[2].startswith("  Ein Abschnitt")  # level 2, indented
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChaptersScreen))
        assert app.reader.view.cursor == second.first_sentence
        percent = 100 * (second.first_sentence + 1) // len(doc.sentences)
        assert f"Zweites Kapitel  ·  {percent}%" in title_of(app)
        # Esc leaves the cursor where it is
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChaptersScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChaptersScreen))
        assert app.reader.view.cursor == second.first_sentence


async def test_a_chapter_and_a_place_returned_to_are_read_from_the_top_of_the_view(store):
    doc = long_book()
    second = chapters(doc)[1].first_sentence
    app = make_app(doc, store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("c", "down", "enter")
        await wait_for(pilot, lambda: app.reader.view.cursor == second)
        assert 0 <= view_top_rows(app, second) <= 1
        await pilot.press("j", "j")
    again = make_app(doc, store)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: again.reader.view.cursor == second + 2)
        await pilot.pause()
        assert 0 <= view_top_rows(again, second + 2) <= 1
        assert "Zwei  ·  " in title_of(again)


async def test_a_document_without_chapters_says_so_and_its_title_is_unchanged():
    app = make_app(sample_doc())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        before = title_of(app)
        await pilot.press("j", "c")
        await pilot.pause()
        assert not isinstance(app.screen, ChaptersScreen)
        assert NO_CHAPTERS in [n.message for n in app._notifications]
        assert title_of(app) == before and "%" not in before


async def test_reopening_a_book_returns_to_the_sentence_left(store, tmp_path):
    doc = book()
    app = make_app(doc, store, source=str(EPUBS / "pandoc.epub"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("j", "j", "j", "j", "j")
        await pilot.pause()
        left = app.reader.view.cursor
        assert left == 5
    kept = store.reading_position(document_key(doc.text))
    assert (kept.sentence, kept.sentences, kept.name, kept.path) == (5, len(doc.sentences), "pandoc.epub",
                                                                     str(EPUBS / "pandoc.epub"))
    assert kept.words_read == sum(german_words(s.text) for s in doc.sentences[:6])
    # The same text read again (here renamed) opens at that sentence, with its chapter in the title.
    again = make_app(book(), store)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: again.reader.view.cursor == left)
        assert section_at(doc, doc.sentences[left].paragraph).title in title_of(again)
        await pilot.press("k")
        await pilot.pause()
    assert store.reading_position(document_key(doc.text)).sentence == left - 1
    # another document starts at its beginning
    other = make_app(sample_doc(), store)
    async with other.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(other))
        assert other.reader.view.cursor == 0
    assert len(store.reading_positions()) == 2


async def test_the_share_of_words_known_and_the_documents_words_are_kept_when_k_counted_them(store):
    doc = sample_doc()
    store.save_word(saved_word("NATO", doc.sentences[0].text, (4, 8), status="known"))
    app = make_app(doc, store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("K")
        await wait_for(pilot, lambda: app.state.vocabulary is not None, timeout=30)
        share = app.state.vocabulary.share()
    assert 0 < share.known < share.total
    assert store.reading_position(document_key(doc.text)).known == share.percent
    # the document's words are kept too: the library counts the share known on them, as the words are now
    assert store.known_words_by_document()[document_key(doc.text)] == (share.known, share.total)
    store.set_word_status("NATO", "new")
    assert store.known_words_by_document()[document_key(doc.text)] == (0, share.total)
    again = make_app(doc, store)  # not counted this time: the last count stays
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(again))
    assert store.reading_position(document_key(doc.text)).known == share.percent


async def test_a_store_that_fails_still_opens_the_document_and_says_so(store, monkeypatch):
    def locked(key):
        raise StoreError("database is locked")

    monkeypatch.setattr(store, "reading_position", locked)
    app = make_app(book(), store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("j")
        assert any("Where you were is not kept" in n.message for n in app._notifications)
    assert store.reading_positions() == []  # and leaving writes nothing either


def library_rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_library_lists_the_documents_and_opens_one_where_it_was_left(store, tmp_path):
    book_path = str(EPUBS / "pandoc.epub")
    article = tmp_path / "artikel.txt"
    article.write_text(sample_doc().text, encoding="utf-8")
    read = load_document(book_path, markup=True)  # as `reader open` and the library read it
    first = make_app(read, store, source=book_path)
    async with first.run_test(size=SIZE) as pilot:  # the book, left at its fourth sentence
        await wait_for(pilot, lambda: all_done(first))
        await pilot.press("j", "j", "j")
        await pilot.pause()
    app = make_app(load_document(str(article)), store, source=str(article))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("l", "w")  # a word saved here is this article's new word
        await wait_for(pilot, lambda: store.new_words_by_document(), timeout=30)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.entries)
        rows = library_rows(app)
        assert [r[0] for r in rows] == ["artikel.txt", "pandoc.epub"]  # the most recent first
        assert rows[0][4] == "1" and rows[1][4] == "0"  # new words
        n = len(read.sentences)
        assert rows[1][1:3] == [f"{100 * 4 // n}%", f"4/{n}"] and rows[1][-1] == book_path
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.services.doc.name == "pandoc.epub" and app.screen is app.reader)
        await wait_for(pilot, lambda: app.reader.view.cursor == 3)
        assert "pandoc.epub" in title_of(app) and app.services.source == book_path
        await pilot.press("L")  # the document now open is marked, and Esc stays in it
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.entries)
        assert str(app.screen.query_one(DataTable).rows[next(iter(app.screen.query_one(DataTable).rows))].label) == "•"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.reader)
    kept = store.reading_position(document_key(sample_doc().text))
    assert kept.sentence == 0 and kept.path == str(article)  # left as it was when the book replaced it
    assert store.reading_position(document_key(read.text)).sentence == 3


async def test_a_library_document_that_is_gone_is_said_and_the_reader_stays(store, tmp_path):
    gone = tmp_path / "weg.txt"
    gone.write_text("Der Hund schläft.", encoding="utf-8")
    first = make_app(load_document(str(gone)), store, source=str(gone))
    async with first.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(first))
    gone.unlink()
    app = make_app(sample_doc(), store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.entries)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: any("Cannot open" in n.message for n in app._notifications))
        assert app.screen is app.reader and app.services.doc.name == sample_doc().name

sync_tests(globals())
