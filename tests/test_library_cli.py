"""`reader library`: the documents opened in the reader, most recent first, with how far each was read."""

from __future__ import annotations

from reader.cli import main
from reader.store import DB_FILENAME, ReadingPosition, TranslationStore, document_key
from reader.words import saved_word


def word(form: str):
    return saved_word(form, f"Der {form} ist da.", (4, 4 + len(form)))


def test_the_library_lists_each_document_opened_most_recent_first(tmp_path, capsys):
    with TranslationStore(tmp_path / DB_FILENAME) as s:
        s.save_reading_position(ReadingPosition(document_key("Ein Roman."), "roman.epub", "/b/roman.epub", 49, 200,
                                                1234, 71, 1_700_000_000.0))
        s.save_reading_position(ReadingPosition(document_key("Ein Artikel."), "artikel.txt", "", 0, 16, 20,
                                                opened=1_700_000_100.0))
    assert main(["library", "--cache-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [[cell for cell in line.split() if cell != "│"] for line in lines if "roman.epub" in line or "artikel.txt" in line]
    assert [r[0] for r in rows] == ["artikel.txt", "roman.epub"]
    assert rows[1][1:6] == ["25%", "50/200", "1,234", "0", "71%"] and rows[1][-1] == "/b/roman.epub"
    assert rows[0][1:6] == ["6%", "1/16", "20", "0", "—"] and rows[0][-1] == "(stdin)"
    assert "words read" in lines[0] and "new words" in lines[0]


def test_the_library_counts_new_words_per_book_and_the_share_known_now(tmp_path, capsys):
    roman, artikel = document_key("Ein Roman."), document_key("Ein Artikel.")
    with TranslationStore(tmp_path / DB_FILENAME) as s:
        s.save_reading_position(ReadingPosition(roman, "roman.epub", "/b/roman.epub", 0, 10, opened=2.0))
        s.save_reading_position(ReadingPosition(artikel, "artikel.txt", "/a.txt", 0, 10, known=40, opened=1.0))
        s.save_word(word("Hund"), document=roman)
        s.save_word(word("Katze"), document=roman)
        s.save_word(word("Haus"), document=artikel)
        s.save_word(word("Hund"), document=artikel)  # saved again elsewhere: still the novel's new word
        s.save_document_words(roman, {"hund": 3, "katze": 1, "maus": 6})
        s.set_word_status("Hund", "known")
    assert main(["library", "--cache-dir", str(tmp_path)]) == 0
    rows = {r[0]: r for line in capsys.readouterr().out.splitlines()
            if (r := [cell for cell in line.split() if cell != "│"]) and r[0] in ("roman.epub", "artikel.txt")}
    assert rows["roman.epub"][4:6] == ["2", "30%"]  # 3 of its 10 running words are known now
    assert rows["artikel.txt"][4:6] == ["1", "40%"]  # never counted here: the share the reader last counted


def test_no_store_yet_says_so_and_makes_none(tmp_path, capsys):
    assert main(["library", "--cache-dir", str(tmp_path / "none")]) == 0
    assert "no documents opened yet" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
