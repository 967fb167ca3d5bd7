"""`reader words export deck.apkg`: the notes in the written collection, stable guids, escaped HTML, the cloze."""

import sqlite3
import warnings
import zipfile
from dataclasses import replace

import pytest

from reader.words.anki import (
    CLOZE_MODEL_ID, DEFAULT_DECK, DEFAULT_DECK_ID, WORD_MODEL_ID, cloze_text, deck_id, marked_html, write_deck,
)
from reader.cli import main
from reader.store import DB_FILENAME, TranslationStore
from reader.words import SavedWord, saved_word

HOSTILE = "Die Verbündeten <script>alert(1)</script> & {{c2::x}} eilen."


def allies(**kw) -> SavedWord:
    base = dict(translation="The allies <i>hurry</i> & run.", aligned=((4, 10),), gloss="ally", status="learning",
                document="nato.txt", sentence_index=2)
    base.update(kw)
    return saved_word("Verbündeten", HOSTILE, (4, 15), **base)


def haus() -> SavedWord:
    return saved_word("Häusern", "In den Häusern brennt Licht.", (7, 14), translation="Lights burn in the houses.",
                      aligned=((19, 25),))


def read_apkg(path):
    """The notes of an .apkg by (model id, first field): (guid, tags, fields); the decks' JSON; the card count."""
    with zipfile.ZipFile(path) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        (path.parent / "collection.anki2").write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(path.parent / "collection.anki2")
    try:
        notes = {
            (mid, flds.split("\x1f")[0]): (guid, tags.split(), flds.split("\x1f"))
            for guid, mid, tags, flds in conn.execute("SELECT guid, mid, tags, flds FROM notes")
        }
        decks = conn.execute("SELECT decks FROM col").fetchone()[0]
        cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        conn.close()
    return notes, decks, cards


def write(path, words, **kw):
    with open(path, "wb") as f, warnings.catch_warnings():
        warnings.simplefilter("error")  # genanki warns about unescaped HTML in a field
        return write_deck(words, f, **kw)


def test_a_word_note_and_a_cloze_note_per_word_with_escaped_html(tmp_path):
    deck = tmp_path / "deck.apkg"
    assert write(deck, [allies(), haus()]) == 4
    notes, decks, cards = read_apkg(deck)
    assert cards == 4 and str(DEFAULT_DECK_ID) in decks and DEFAULT_DECK in decks
    _guid, tags, fields = notes[(WORD_MODEL_ID, "Verbündeter")]
    lemma, word, sentence, gloss, english, source = fields
    assert (lemma, word, gloss, source, tags) == ("Verbündeter", "Verbündeten", "ally", "nato.txt", ["reader::learning"])
    assert sentence == ('Die <b class="word">Verbündeten</b> &lt;script&gt;alert(1)&lt;/script&gt; &amp; {{c2::x}} eilen.')
    assert english == 'The <b class="aligned">allies</b> &lt;i&gt;hurry&lt;/i&gt; &amp; run.'
    cloze = next(f for (mid, _), (_, _, f) in notes.items() if mid == CLOZE_MODEL_ID and f[1] == "Verbündeter")
    # The sentence's own braces can't make a second cloze: they are entities.
    assert cloze[0] == ("Die {{c1::Verbündeten::ally}} &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                        "&#123;&#123;c2&#58;&#58;x&#125;&#125; eilen.")
    assert cloze[1:] == ["Verbündeter", "ally", english, "nato.txt"]
    assert notes[(WORD_MODEL_ID, "Haus")][1] == ["reader::new"]


def test_the_cloze_has_no_hint_without_a_gloss_and_a_hint_cannot_close_it():
    assert cloze_text(haus()) == "In den {{c1::Häusern}} brennt Licht."
    assert cloze_text(replace(haus(), gloss="house}} :: x")) == (
        "In den {{c1::Häusern::house&#125;&#125; &#58;&#58; x}} brennt Licht."
    )


def test_marked_html_merges_overlaps_and_blanks_control_characters():
    assert marked_html("a\x1fb c", [(2, 5), (0, 1), (3, 4)], "w") == '<b class="w">a</b> <b class="w">b c</b>'


def test_a_second_export_keeps_every_guid_and_the_ids_while_the_content_changes(tmp_path):
    first, second = tmp_path / "one" / "deck.apkg", tmp_path / "two" / "deck.apkg"
    first.parent.mkdir(), second.parent.mkdir()
    write(first, [allies(), haus()], timestamp=1_000_000)
    moved = replace(allies(), gloss="allied person", status="known", sentence="Verbündeten!", span=(0, 11))
    write(second, [haus(), moved], timestamp=2_000_000)
    one, decks_one, _ = read_apkg(first)
    two, decks_two, _ = read_apkg(second)
    guids = lambda notes: {(mid, f[0] if mid == WORD_MODEL_ID else f[1]): g for (mid, _), (g, _, f) in notes.items()}
    assert guids(one) == guids(two) and len(set(guids(one).values())) == 4
    assert decks_one == decks_two  # same deck id and name
    assert two[(WORD_MODEL_ID, "Verbündeter")][2][3] == "allied person"


def test_a_word_without_a_sentence_asks_the_word_and_has_a_cloze_only_with_a_gloss(tmp_path):
    plain = [SavedWord("Haus", "Häuser", "", (0, 0), gloss="house"), SavedWord("Zug", "Zug", "", (0, 0))]
    deck = tmp_path / "deck.apkg"
    assert write(deck, plain) == 3
    notes, _, cards = read_apkg(deck)
    assert cards == 3
    assert notes[(WORD_MODEL_ID, "Haus")][2][2] == '<b class="word">Häuser</b>'
    assert notes[(WORD_MODEL_ID, "Zug")][2][2] == '<b class="word">Zug</b>'
    assert notes[(CLOZE_MODEL_ID, "{{c1::Häuser::house}}")][2][1] == "Haus"


def test_deck_ids_are_stable_per_name():
    assert deck_id(DEFAULT_DECK) == DEFAULT_DECK_ID
    assert deck_id("Fontane") == deck_id("Fontane") != deck_id("Fontane 2")
    assert 1 << 30 <= deck_id("Fontane") < 1 << 31


def test_no_cloze_option_and_deck_name_from_the_cli(tmp_path, capsys):
    with TranslationStore(tmp_path / DB_FILENAME) as s:
        s.import_words([allies(), haus()])
    deck = tmp_path / "out.apkg"
    assert main(["words", "export", str(deck), "--cache-dir", str(tmp_path), "--deck", "Fontane", "--no-cloze",
                 "--status", "learning"]) == 0
    notes, decks, _ = read_apkg(deck)
    assert list(notes) == [(WORD_MODEL_ID, "Verbündeter")] and '"Fontane"' in decks
    assert "1 note (1 word)" in capsys.readouterr().err


def test_a_failed_export_leaves_the_old_deck_whole(tmp_path, monkeypatch):
    with TranslationStore(tmp_path / DB_FILENAME) as s:
        s.import_words([haus()])
    deck = tmp_path / "deck.apkg"
    deck.write_bytes(b"the old deck")
    import reader.words.anki

    def half_written(words, out, *args, **kw):
        out.write(b"PK half a zip")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(reader.words.anki, "write_deck", half_written)
    monkeypatch.setenv("READER_DEBUG", "1")  # the error itself, not its one line
    with pytest.raises(RuntimeError):
        main(["words", "export", str(deck), "--cache-dir", str(tmp_path)])
    assert deck.read_bytes() == b"the old deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["deck.apkg", DB_FILENAME, *_wal(tmp_path)])


def _wal(directory):
    return [p.name for p in directory.iterdir() if p.name.startswith(DB_FILENAME + "-")]
