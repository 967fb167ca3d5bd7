"""Look-ups that use the sentence: senses ranked by the aligned English, separable verbs, compounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.dictionary import Dictionary, LookupContext
from reader.dictionary.forms import separable_verb, split_compound
from reader.dictionary.ranking import english_words, mark_fitting
from reader.dictionary.sources import Entry

FIXTURE = Path(__file__).parent / "fixtures" / "dict"


def context(sentence: str, word: str, english: str = "", aligned: tuple[str, ...] = ()) -> LookupContext:
    start = sentence.index(word)
    return LookupContext(sentence, (start, start + len(word)), english, aligned)


# ------------------------------------------------------------------ ranking by alignment


def test_the_sense_holding_the_aligned_english_comes_first_and_is_marked():
    d = Dictionary([FIXTURE])
    plain = d.lookup("Verbündeten").entries
    assert plain[0].english.startswith("confederate") and not any(e.fits for e in plain)
    ranked = d.lookup("Verbündeten", context=context("Die Verbündeten helfen.", "Verbündeten", "The allies help.", ("allies",)))
    assert ranked.entries[0].english.startswith("ally") and ranked.entries[0].fits == ("allies",)
    assert [e for e in ranked.entries if not e.fits] == [e for e in plain if not e.english.startswith("ally")]


def test_base_forms_and_case_match_but_not_parts_of_words():
    assert {"ally", "allies", "hurry"} <= english_words("Ally | allies; to hurry")
    entries = [Entry("a", "rally", english="rally"), Entry("b", "to hurry", english="to hurry"), Entry("c", "x", english="x")]
    marked = mark_fitting(entries, ("Hurried",))
    assert [e.headword for e in marked] == ["b", "a", "c"] and marked[0].fits == ("Hurried",)
    assert not mark_fitting(entries, ("ally",))[0].fits  # "rally" holds "ally" only inside a word


def test_function_words_of_the_alignment_are_not_compared():
    entries = [Entry("a", "to look up", english="to look up"), Entry("b", "to give up", english="to give up")]
    assert [e.headword for e in mark_fitting(entries, ("gives", "up"))] == ["b", "a"]
    assert not mark_fitting(entries, ("gives", "up"))[1].fits


def test_without_aligned_english_the_order_is_the_dictionarys():
    d = Dictionary([FIXTURE])
    assert d.lookup("Verbündeten", context=context("Die Verbündeten helfen.", "Verbündeten")).entries == d.lookup("Verbündeten").entries


# ------------------------------------------------------------------ separable verbs

REAL_VERBS = {"aufgeben", "zurückkommen", "anrufen", "mitkommen", "aufhören", "einkaufen", "vorstellen", "abfahren"}


@pytest.mark.parametrize(
    "sentence, word, infinitive, shown",
    [
        ("Er gibt das Rauchen auf.", "gibt", "aufgeben", "gibt … auf"),
        ("Er gibt das Rauchen auf.", "auf", "aufgeben", "gibt … auf"),
        ("Gib das Rauchen endlich auf!", "Gib", "aufgeben", "Gib … auf"),
        ("Sie kommt morgen aus Berlin zurück, sagt er.", "kommt", "zurückkommen", "kommt … zurück"),
        ("Ich rufe dich heute Abend an, wenn ich Zeit habe.", "rufe", "anrufen", "rufe … an"),
        ("Wir kaufen ein und er kommt mit.", "kommt", "mitkommen", "kommt … mit"),
        ("Wir kaufen ein und er kommt mit.", "kaufen", "einkaufen", "kaufen … ein"),
        ("Hörst du jetzt auf?", "Hörst", "aufhören", "Hörst … auf"),
        ("Der Zug fuhr pünktlich um acht Uhr ab.", "fuhr", "abfahren", "fuhr … ab"),
    ],
)
def test_separable_verbs_in_real_sentences(sentence, word, infinitive, shown):
    start = sentence.index(word)
    verb = separable_verb(sentence, (start, start + len(word)), REAL_VERBS.__contains__)
    assert verb is not None and (verb.infinitive, verb.shown) == (infinitive, shown)


@pytest.mark.parametrize(
    "sentence, word",
    [
        ("Er wartet auf den Bus.", "wartet"),  # "auf" has its object: not the clause's last word
        ("Er gibt mir das Buch.", "gibt"),
        ("Er gibt das Rauchen auf.", "Rauchen"),  # a noun is not the verb
        ("Er sagt, dass er aufgibt.", "aufgibt"),
        ("Sie geht auf.", "geht"),  # "aufgehen" is no word of this dictionary
        ("Der Mann sieht sie an.", "Der"),  # opens the clause, but "ander" is no verb
        ("Der Mann sieht sie an.", "sie"),
    ],
)
def test_no_separable_verb(sentence, word):
    start = sentence.index(word)
    knows = (REAL_VERBS | {"ander", "ansie"}).__contains__
    assert separable_verb(sentence, (start, start + len(word)), knows) is None


def test_lookup_reads_a_separable_verb_first_and_says_so():
    d = Dictionary([FIXTURE])
    for word in ("gibt", "auf"):
        r = d.lookup(word, context=context("Er gibt das Rauchen auf.", word))
        assert r.source == "trans-de-en, as aufgeben" and r.reading == "separable: gibt … auf"
        assert r.entries[0].headword == "aufgeben {vi}" and r.entries[0].first_sense == "to give up"
    assert any(e.headword.startswith("geben") for e in d.lookup("gibt", context=context("Er gibt das Rauchen auf.", "gibt")).entries)
    plain = d.lookup("gibt")  # without the sentence: the verb alone
    assert plain.entries[0].headword.startswith("geben") and not plain.reading


def test_separable_verb_with_the_fitting_sense_marked():
    r = Dictionary([FIXTURE]).lookup(
        "gibt", context=context("Er gibt das Rauchen auf.", "gibt", "He gives up smoking.", ("gives", "up"))
    )
    assert r.entries[0].fits == ("gives",) and r.entries[0].headword == "aufgeben {vi}"


# ------------------------------------------------------------------ compounds


def test_split_compound_prefers_the_fewest_longest_parts():
    words = {"waffe", "waffen", "stillstand", "waffenstillstand", "verhandlung", "nato", "haus", "tür"}

    def knows(word: str) -> bool:  # as a source's: any case
        return word.casefold() in words

    assert split_compound("Waffenstillstandsverhandlungen", knows) == ["Waffenstillstand", "Verhandlungen"]
    assert split_compound("Waffenstillstand", lambda w: w.casefold() in words - {"waffenstillstand"}) == ["Waffen", "Stillstand"]
    assert split_compound("NATO-Verhandlungen", knows) == ["NATO", "Verhandlungen"]
    assert split_compound("Haustür", knows) == ["Haus", "Tür"]
    assert split_compound("Hausxyz", knows) is None
    assert split_compound("Haus", knows) is None


def test_lookup_splits_an_unknown_compound_and_groups_the_entries_by_part():
    r = Dictionary([FIXTURE]).lookup("Waffenstillstandsverhandlungen")
    assert r.reading == "compound: Waffenstillstand + Verhandlungen" and r.source == "trans-de-en"
    assert [(e.part, e.first_sense) for e in r.entries] == [
        ("Waffenstillstand", "armistice; truce"),
        ("Verhandlungen", "negotiation"),
    ]


def test_a_compound_ranks_within_each_part():
    r = Dictionary([FIXTURE]).lookup(
        "NATO-Verbündeten",
        context=context("Die NATO-Verbündeten helfen.", "NATO-Verbündeten", "NATO allies help.", ("NATO", "allies")),
    )
    assert r.reading == "compound: NATO + Verbündeten"
    assert [e.part for e in r.entries] == ["NATO", "Verbündeten", "Verbündeten"]
    assert r.entries[0].fits == ("NATO",) and r.entries[1].fits == ("allies",) and not r.entries[2].fits


def test_a_word_in_the_dictionary_is_not_split():
    r = Dictionary([FIXTURE]).lookup("Waffenstillstand")
    assert not r.reading and r.entries[0].headword.startswith("Waffenstillstand")


def test_a_very_long_token_is_answered_at_once_without_searching():
    import time

    d = Dictionary([FIXTURE])
    for word in ("Haus" * 1500, "a" * 3000, "x" * 100_000, "Haus" * 17):  # 68 letters: past MAX_COMPOUND
        t = time.perf_counter()
        result = d.lookup(word)
        assert time.perf_counter() - t < 1.0 and not result.entries
        assert len(result.message) < 200
