"""The store's reading positions: one row per document text, listed most recent first, added to older files."""

from __future__ import annotations

import sqlite3

from reader.store import SCHEMA_VERSION, ReadingPosition, TranslationStore, document_key


def position(text: str, sentence: int, opened: float, name: str = "buch.epub", known: int | None = None) -> ReadingPosition:
    return ReadingPosition(document_key(text), name, f"/books/{name}", sentence, 40, 10 * (sentence + 1), known, opened)


def test_a_position_is_kept_per_document_text(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        assert s.reading_position(document_key("Ein Buch.")) is None
        s.save_reading_position(position("Ein Buch.", 3, 100.0))
        s.save_reading_position(position("Ein anderes Buch.", 7, 200.0, "anderes.epub"))
        s.save_reading_position(position("Ein Buch.", 5, 300.0, "umbenannt.epub", 62))  # the same text, renamed
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        left = s.reading_position(document_key("Ein Buch."))
        assert (left.sentence, left.name, left.words_read, left.percent, left.known) == (5, "umbenannt.epub", 60, 15, 62)
        assert s.reading_position(document_key("Ein anderes Buch.")).known is None
        assert [p.name for p in s.reading_positions()] == ["umbenannt.epub", "anderes.epub"]
        assert s.reading_position(document_key("Ein Buch. ")) is None  # another text is another document


def test_clearing_user_data_forgets_positions_and_clearing_the_cache_does_not(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.save_reading_position(position("Ein Buch.", 3, 100.0))
        s.clear()
        assert len(s.reading_positions()) == 1
        s.clear(include_user=True)
        assert s.reading_positions() == []


def test_a_file_without_the_table_gains_it_and_keeps_its_version(tmp_path):
    path = tmp_path / "t.sqlite3"
    with TranslationStore(path) as s:
        s.set_user_translation("Der Hund schläft.", "The hound sleeps.")
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE reading_positions;")
    conn.close()
    with TranslationStore(path) as s:
        s.save_reading_position(position("Ein Buch.", 1, 1.0))
        assert s.get_user_translations(["Der Hund schläft."]) == {"Der Hund schläft.": "The hound sleeps."}
    conn = sqlite3.connect(path)
    # Not bumped: a reader that knows version 3 still opens this file.
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    conn.close()
