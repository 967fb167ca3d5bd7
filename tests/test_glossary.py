"""The glossary core: files (TSV, CSV, TBX read back by Translate Toolkit), matching by lemma, the English's shape,
enforcement planned from word links, checking, and the store's default glossary."""

from __future__ import annotations

import pytest

from reader.glossary import Glossary, Term
from reader.glossary.checking import check, exact_match_accuracy, term_success_rate
from reader.glossary.english import article_for, plural, shaped_like
from reader.glossary.enforcing import apply, plan
from reader.glossary.files import parse_delimited, parse_tbx, read_glossary, tbx_bytes, write_glossary
from reader.glossary.matching import TermIndex
from reader.glossary.summary import summary_line
from reader.store import TranslationStore
from reader.translation import Hypothesis, Translation, WordLink

GLOSSARY = Glossary.of([Term("Finanzamt", "tax office", "the authority"), Term("Deutsche Bahn", "Deutsche Bahn"),
                        Term("Verbündete", "partner"), Term("Waffenstillstand", "truce")])


def _found(sentence: str, glossary: Glossary = GLOSSARY) -> list[tuple[str, str, bool]]:
    return [(sentence[m.start:m.end], m.term.german, m.compound) for m in TermIndex(glossary).find(sentence)]


def _linked(source: str, text: str, pairs: list[tuple[str, str]]) -> Translation:
    """A translation whose links join each (German word, English word) pair, first occurrences."""
    links = []
    for de, en in pairs:
        s, t = source.index(de), text.index(en)
        links.append(WordLink(s, s + len(de), t, t + len(en), 0.9))
    return Translation(source, Hypothesis(text, -0.5, alignment=tuple(links)))


# ------------------------------------------------------------------ matching

def test_inflected_forms_match_by_lemma():
    sentence = "Das Finanzamt schrieb den Finanzämtern, im Namen des Finanzamtes."
    assert _found(sentence) == [("Finanzamt", "Finanzamt", False), ("Finanzämtern", "Finanzamt", False),
                                ("Finanzamtes", "Finanzamt", False)]


def test_multi_word_term_matches_its_inflected_words_and_is_one_occurrence():
    assert _found("Er fährt mit der Deutschen Bahn.") == [("Deutschen Bahn", "Deutsche Bahn", False)]
    assert _found("Er fährt mit der Bahn.") == []  # half a term is no term


def test_compounds_containing_a_term_are_reported_not_matched():
    assert _found("Der Finanzamtsleiter und die NATO-Verbündeten") == [
        ("Finanzamtsleiter", "Finanzamt", True), ("NATO-Verbündeten", "Verbündete", True)]


def test_a_short_word_is_not_a_compound_of_a_long_term_nor_a_short_term_inside_a_word():
    glossary = Glossary.of([Term("Amt", "office")])
    assert _found("Sie trug Samt.", glossary) == []


# ------------------------------------------------------------------ files

def test_tsv_and_csv_read_with_notes_comments_and_the_last_repeat_winning():
    g = parse_delimited("# terms\nFinanzamt\ttax office\tthe authority\n\nBahn\train\nbahn\trailway\n", "\t")
    assert [(t.german, t.english, t.note) for t in g.terms] == [("Finanzamt", "tax office", "the authority"),
                                                              ("bahn", "railway", "")]
    c = parse_delimited('Finanzamt,"tax office, local",note\n', ",")
    assert c.terms == (Term("Finanzamt", "tax office, local", "note"),)


def test_a_row_without_german_or_english_is_named_and_a_semicolon_csv_is_read(tmp_path):
    from reader.errors import InputError

    with pytest.raises(InputError, match=r"^glossary g\.csv: row 2 has no English \('Haus'; the columns are German, English, note\)$"):
        parse_delimited("Hund,dog\nHaus\n", ",", "g.csv")
    with pytest.raises(InputError, match="row 1 has no German"):
        parse_delimited("\tleer\n", "\t")
    path = tmp_path / "excel.csv"  # a German spreadsheet writes ";"
    path.write_text("Hund;dog\nAuto;car;Notiz\n", encoding="utf-8")
    assert read_glossary(path).terms == (Term("Hund", "dog"), Term("Auto", "car", "Notiz"))


def test_tbx_round_trip_through_translate_toolkit(tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")
    path = tmp_path / "terms.tbx"
    write_glossary(GLOSSARY, path)
    store = tbx.tbxfile.parsefile(str(path))
    units = [u for u in store.units if u.source]
    assert [(u.source, u.target) for u in units] == [(t.german, t.english) for t in GLOSSARY.terms]
    assert read_glossary(path) == GLOSSARY  # notes too


def test_tbx_written_by_translate_toolkit_is_read(tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")
    store = tbx.tbxfile(sourcelanguage="de", targetlanguage="en")
    unit = store.addsourceunit("Waffenstillstand")
    unit.target = "truce"
    assert parse_tbx(bytes(store)) == Glossary.of([Term("Waffenstillstand", "truce")])


def test_tbx3_concept_entries_and_regional_languages_are_read():
    data = b"""<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en"><text><body>
    <conceptEntry id="c1"><langSec xml:lang="de-DE"><termSec><term>Finanzamt</term></termSec></langSec>
    <langSec xml:lang="en-GB"><termSec><term>tax office</term></termSec></langSec></conceptEntry>
    <conceptEntry id="c2"><langSec xml:lang="fr"><termSec><term>fisc</term></termSec></langSec></conceptEntry>
    </body></text></tbx>"""
    assert parse_tbx(data).terms == (Term("Finanzamt", "tax office"),)


def test_tbx_entities_are_not_expanded():
    data = b"""<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x "EXPANDED">]><martif><text><body><termEntry>
    <langSet xml:lang="de"><tig><term>Amt&x;</term></tig></langSet><langSet xml:lang="en"><tig><term>office</term></tig></langSet>
    </termEntry></body></text></martif>"""
    assert "EXPANDED" not in parse_tbx(data).terms[0].german


def test_content_hash_follows_german_and_english_not_notes_or_order():
    a = Glossary.of([Term("A", "a", "x"), Term("B", "b")])
    assert a.content_hash == Glossary.of([Term("B", "b", "y"), Term("A", "a")]).content_hash
    assert a.content_hash != Glossary.of([Term("A", "a"), Term("B", "bee")]).content_hash
    assert tbx_bytes(a).count(b"<termEntry") == 2


# ------------------------------------------------------------------ the English

@pytest.mark.parametrize("english, replaced, expected", [
    ("truce", "ceasefire", "truce"),
    ("truce", "Ceasefires", "Truces"),
    ("partner", "allies", "partners"),
    ("tax office", "tax authority's", "tax office's"),
    ("Deutsche Bahn", "German railway", "Deutsche Bahn"),
    ("ally", "partners", "allies"),
])
def test_shaped_like_keeps_number_capitalisation_and_possessive(english, replaced, expected):
    assert shaped_like(english, replaced) == expected


def test_plural_and_articles():
    assert [plural(w) for w in ("tax", "ally", "day", "truce", "tax office")] == [
        "taxes", "allies", "days", "truces", "tax offices"]
    assert article_for("a", "armistice") == "an" and article_for("An", "truce") == "A" and article_for("the", "x") == "the"


# ------------------------------------------------------------------ enforcing and checking

def test_the_linked_span_is_replaced_and_the_rest_kept():
    source = "Die Verbündeten wollen einen Waffenstillstand."
    t = _linked(source, "The allies want an armistice.", [("Verbündeten", "allies"), ("Waffenstillstand", "armistice"),
                                                          ("wollen", "want")])
    matches = TermIndex(GLOSSARY).find(source)
    replacements, unplaceable = plan(t, matches)
    assert unplaceable == []
    new = apply(t, replacements)
    assert new.text == "The partners want a truce."
    want = new.text.index("want")
    assert any(new.text[a.target_start:a.target_end] == "want" and a.target_start == want for a in new.alignment)
    statuses = check(new, matches, {(m.start, m.end) for m in matches})
    assert [(o.status, new.text[o.target_start:o.target_end]) for o in statuses] == [
        ("enforced", "partners"), ("enforced", "truce")]


def test_a_term_already_there_is_left_alone_and_an_unlinked_one_is_not_placed():
    source = "Ein Waffenstillstand mit dem Finanzamt."
    t = _linked(source, "A truce with the tax authorities.", [("Waffenstillstand", "truce")])
    matches = TermIndex(GLOSSARY).find(source)
    replacements, unplaceable = plan(t, matches)
    assert replacements == [] and [m.term.german for m in unplaceable] == ["Finanzamt"]
    occurrences = check(t, matches, set())
    assert [o.status for o in occurrences] == ["already right", "not placed"]
    assert [o.status for o in check(t, matches)] == ["placed", "not placed"]  # from the store: who placed it unknown
    assert term_success_rate([occurrences]) == (1, 2)
    assert summary_line([occurrences], [11]) == "2 term occurrences, 1 placed, 1 not: paragraph 12"


def test_a_term_present_but_linked_elsewhere_is_not_counted_as_placed():
    source = "Der Waffenstillstand hielt."
    t = _linked(source, "The truce held, a truce.", [("hielt", "truce")])
    assert [o.status for o in check(t, TermIndex(GLOSSARY).find(source), set())] == ["not placed"]


def test_exact_match_accuracy_counts_each_source_occurrence():
    index = TermIndex(GLOSSARY)
    sources = ["Waffenstillstand und Waffenstillstand.", "Das Finanzamt.", "Nichts."]
    assert exact_match_accuracy(index, sources, ["a truce and a ceasefire.", "The Tax Office.", "Nothing."]) == (2, 3)
    assert exact_match_accuracy(index, sources, ["truces and truces.", "x", "y"]) == (2, 3)


# ------------------------------------------------------------------ the store's default glossary

def test_store_keeps_one_term_per_german_in_the_order_added(tmp_path):
    with TranslationStore(tmp_path / "s.db") as store:
        assert store.glossary() == Glossary()
        store.add_terms([Term("Finanzamt", "tax office"), Term("Bahn", "railway")])
        store.add_terms([Term("finanzamt", "revenue office", "changed")])
        assert [(t.german, t.english, t.note) for t in store.glossary().terms] == [
            ("finanzamt", "revenue office", "changed"), ("Bahn", "railway", "")]
        assert store.remove_term("BAHN") and not store.remove_term("Bahn")
        assert len(store.glossary()) == 1
