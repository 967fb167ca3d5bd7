"""The store's saved words: one row per lemma, status and gloss kept, migrated from schema 2."""

import sqlite3

import pytest

from reader.store import SCHEMA_VERSION, TranslationStore
from reader.words import SavedWord, saved_word

SENTENCE = "Die Verbündeten der Ukraine eilen."
ENGLISH = "Ukraine's allies hurry."


def allies(**kw) -> SavedWord:
    base = dict(translation=ENGLISH, aligned=((10, 16),), gloss="ally", document="a.txt", sentence_index=3)
    base.update(kw)
    return saved_word("Verbündeten", SENTENCE, (4, 15), **base)


def test_a_saved_word_has_its_lemma_and_context(tmp_path):
    w = allies()
    assert w.lemma == "Verbündeter" and w.key == "verbündeter"
    assert w.aligned_words() == ["allies"] and w.sentence[4:15] == "Verbündeten"
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.save_word(w)
        got = s.get_word("VERBÜNDETER")
    assert got == w


def test_saving_a_lemma_again_keeps_status_and_gloss_but_takes_the_new_context(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.save_word(saved_word("Häusern", "In den Häusern brennt Licht.", (7, 14), gloss="house"))
        assert s.set_word_status("Haus", "learning")
        again = s.save_word(saved_word("Hauses", "Das Dach des Hauses.", (13, 19)))
        assert (again.lemma, again.status, again.gloss) == ("Haus", "learning", "house")
        assert [w.word for w in s.saved_words()] == ["Hauses"]
        assert s.word_statuses() == {"haus": "learning"}


def test_status_gloss_delete_and_unknown_lemmas(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        assert not s.set_word_status("Haus", "known") and not s.set_word_gloss("Haus", "x")
        s.save_word(allies())
        assert s.set_word_gloss("verbündeter", "allied person")
        assert s.get_word("Verbündeter").gloss == "allied person"
        with pytest.raises(ValueError):
            s.set_word_status("Verbündeter", "forgotten")
        assert s.stats()["words"] == 1
        assert s.delete_word("Verbündeter") and s.saved_words() == [] and not s.delete_word("Verbündeter")


def test_words_survive_clear_unless_asked(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.save_word(allies())
        s.clear()
        assert len(s.saved_words()) == 1
        s.clear(include_user=True)
        assert s.saved_words() == []


def test_a_version_2_file_gains_the_words_table(tmp_path):
    path = tmp_path / "t.sqlite3"
    with TranslationStore(path) as s:
        s.set_user_translation("Der Hund schläft.", "The hound sleeps.")
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE saved_words; PRAGMA user_version = 2;")
    conn.close()
    with TranslationStore(path) as s:
        s.save_word(allies())
        assert s.get_user_translations(["Der Hund schläft."]) == {"Der Hund schläft.": "The hound sleeps."}
        assert len(s.saved_words()) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    conn.close()


def test_an_unreadable_word_row_is_left_out(tmp_path):
    path = tmp_path / "t.sqlite3"
    with TranslationStore(path) as s:
        s.save_word(allies())
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO saved_words (key, status, created, updated, data) VALUES ('x', 'new', 0, 0, '{not json')")
    conn.commit()
    conn.close()
    with TranslationStore(path) as s:
        assert [w.key for w in s.saved_words()] == ["verbündeter"]


def test_a_word_keeps_the_document_it_was_first_saved_in(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.save_word(allies(), document=b"roman")
        s.save_word(allies(), document=b"artikel")  # the same lemma saved again in another text
        s.set_word_status(allies().lemma, "known")
        s.import_words([allies()], replace_newer=True)
        s.save_word(saved_word("Hund", "Der Hund schläft.", (4, 8)))  # no document known
        assert s.new_words_by_document() == {b"roman": 1}


def test_a_file_whose_words_table_lacks_the_document_gains_the_column(tmp_path):
    path = tmp_path / "t.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE saved_words (key TEXT PRIMARY KEY, status TEXT NOT NULL, created REAL NOT NULL,"
        " updated REAL NOT NULL, data TEXT NOT NULL); PRAGMA user_version = 3;"
    )
    conn.close()
    with TranslationStore(path) as s:
        s.save_word(allies(), document=b"roman")
        assert s.new_words_by_document() == {b"roman": 1} and len(s.saved_words()) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3  # not bumped
    conn.close()
