"""The reader's search, without Textual: hits in the German and the shown English, and where n/N go."""

from __future__ import annotations

from reader.document.structure import build_document
from reader.translation import Hypothesis, Translation
from reader.tui.search import SearchHit, find_hits, hit_word, next_hit
from reader.tui.state import ReaderState


def state_of(text: str, english: dict[str, str] | None = None) -> ReaderState:
    st = ReaderState(build_document(text, "test.txt", "txt"))
    st.set_translations({de: Translation(de, Hypothesis(en, -0.1)) for de, en in (english or {}).items()})
    return st


def test_hits_in_both_languages_case_insensitive():
    st = state_of("Der Hund bellt.\nDie Katze schläft.", {"Der Hund bellt.": "The dog barks."})
    assert find_hits(st, "HUND") == [SearchHit(0, "de", 4, 8)]
    assert find_hits(st, "dog") == [SearchHit(0, "en", 4, 7)]
    assert find_hits(st, "e")[:3] == [SearchHit(0, "de", 1, 2), SearchHit(0, "de", 10, 11), SearchHit(0, "en", 2, 3)]
    assert find_hits(st, "fehlt") == []


def test_query_is_literal_text_not_a_pattern():
    st = state_of("Kostet 3.50 (netto).")
    assert find_hits(st, "(netto)") == [SearchHit(0, "de", 12, 19)]
    assert find_hits(st, "3.5") == [SearchHit(0, "de", 7, 10)]
    assert find_hits(st, "3x5") == []


def test_english_not_shown_is_not_searched():
    st = state_of("Der Hund.\nDie Katze.", {"Der Hund.": "The dog."})
    assert find_hits(st, "…") == []  # the pending placeholder of sentence 1
    st.set_learning(True)  # English hidden until revealed
    assert find_hits(st, "dog") == []
    st.toggle_revealed(0)
    assert find_hits(st, "dog") == [SearchHit(0, "en", 4, 7)]
    st.model_unavailable = "no model"
    assert find_hits(st, "—") == []


def test_next_hit_goes_by_sentence_and_wraps():
    hits = [SearchHit(1, "de", 0, 1), SearchHit(1, "en", 5, 6), SearchHit(4, "en", 2, 3)]
    assert next_hit([], 0, 1) is None
    assert next_hit(hits, 0, 1) == hits[0]
    assert next_hit(hits, 1, 1) == hits[2]  # the next sentence, not the next hit in this one
    assert next_hit(hits, 1, 1, include_current=True) == hits[0]
    assert next_hit(hits, 4, 1) == hits[0]  # wraps to the first
    assert next_hit(hits, 4, -1) == hits[0]
    assert next_hit(hits, 1, -1) == hits[2]  # wraps to the last
    assert next_hit(hits, 9, -1) == hits[2]


def test_hit_word_is_the_word_where_the_hit_starts():
    st = state_of("Der Waffenstillstand hält.")
    assert hit_word(st, SearchHit(0, "de", 4, 20)) == 1
    assert hit_word(st, SearchHit(0, "de", 10, 14)) == 1  # inside a word
    assert hit_word(st, SearchHit(0, "de", 3, 5)) is None  # starts on a space
