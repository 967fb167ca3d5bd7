"""`reader library`: the documents opened in the reader, most recent first, with how far each was read."""

from __future__ import annotations

from reader.cli import main
from reader.store import DB_FILENAME, ReadingPosition, TranslationStore, document_key


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
    assert rows[1][1:5] == ["25%", "50/200", "1,234", "71%"] and rows[1][-1] == "/b/roman.epub"
    assert rows[0][1:5] == ["6%", "1/16", "20", "—"] and rows[0][-1] == "(stdin)"
    assert "words read" in lines[0]


def test_no_store_yet_says_so_and_makes_none(tmp_path, capsys):
    assert main(["library", "--cache-dir", str(tmp_path / "none")]) == 0
    assert "no documents opened yet" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
