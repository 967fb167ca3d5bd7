"""English typography restored in the model's output (reader.text.typography)."""

from __future__ import annotations

import re

import pytest

from reader.confidence import word_confidence
from reader.text.typography import apply_typography, restore_typography, straighten
from reader.text.words import word_spans
from reader.translation import Hypothesis, Translation, WordLink

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is optional; the rule tests below still run
    given = None


def restored(text: str) -> str:
    return restore_typography(text)[0]


# --- one test per rule ------------------------------------------------------------


@pytest.mark.parametrize("straight, curly", [
    ('He said "yes".', "He said “yes”."),
    ('"Go," she said.', "“Go,” she said."),
    ('("a") and ["b"]', "(“a”) and [“b”]"),
    ('talks – "soon"', "talks – “soon”"),
    ('the so-"called"', "the so-“called”"),
])
def test_double_quotes_open_after_start_space_bracket_or_dash_and_close_otherwise(straight, curly):
    assert restored(straight) == curly


def test_nested_single_quotes():
    assert restored('"She said \'no\' to me," he said.') == "“She said ‘no’ to me,” he said."
    assert restored("'\"Hi,\" he wrote.'") == "‘“Hi,” he wrote.’"


@pytest.mark.parametrize("straight, curly", [
    ("it's", "it’s"),
    ("don't", "don’t"),
    ("rock'n'roll", "rock’n’roll"),
    ("the Smiths' car", "the Smiths’ car"),
    ("the '90s and '68", "the ’90s and ’68"),
    ("'90s music", "’90s music"),
])
def test_apostrophes_in_contractions_possessives_and_decades(straight, curly):
    assert restored(straight) == curly


def test_ellipsis_is_one_character_and_longer_runs_stay():
    assert restored("Wait... what?") == "Wait… what?"
    assert restored("...and so on") == "…and so on"
    assert restored("Dots.... here") == "Dots.... here"


def test_free_standing_quotes_stay_straight():
    assert restored('a " b') == 'a " b'


def test_already_curly_text_is_unchanged():
    text = "He said “yes” – it’s the ’90s… ‘fine’"
    assert restore_typography(text)[0] is text


def test_no_quotes_gives_the_same_objects():
    text = "No quotes here."
    assert restore_typography(text)[0] is text
    h = Hypothesis(text, -0.1, ("▁No", "</s>"), (-0.1, -0.1), (WordLink(0, 2, 0, 2),))
    t = Translation("Keine Anführungszeichen hier.", h, (h,))
    assert apply_typography(t) is t


def test_straighten_undoes_it():
    text = 'He said "yes"... it\'s the \'90s.'
    assert straighten(restored(text))[0] == text


# --- translations: spans remapped, tokens and scores kept ---------------------


def _hypothesis(text: str) -> Hypothesis:
    spans = word_spans(text)
    links = tuple(WordLink(k, k + 1, s, e) for k, (s, e) in enumerate(spans))
    tokens = tuple(("▁" if s and text[s - 1] == " " else "") + text[s:e] for s, e in spans) + ("</s>",)
    return Hypothesis(text, -0.2, tokens, tuple(-0.1 * (k + 1) for k in range(len(tokens))), links)


def test_translation_spans_cover_the_same_words():
    before = _hypothesis('"Wait... it\'s late," he said.')
    t = apply_typography(Translation("Warte … es ist spät, sagte er.", before, (_hypothesis("Late..."),)))
    assert t.text == "“Wait… it’s late,” he said."
    shown = [t.text[l.target_start:l.target_end] for l in t.best.alignment]
    assert shown == ["“", "Wait", "…", "…", "…", "it’s", "late", ",", "”", "he", "said", "."]
    assert t.best.tokens == before.tokens and t.best.token_scores == before.token_scores and t.score == before.score
    assert t.alternatives[0].text == "Late…"


def test_none_and_user_versions_are_left_alone():
    t = Translation("x", _hypothesis('"a"'))
    assert apply_typography(t, "none") is t
    edited = Translation("x", _hypothesis('"a"'), edited=True)
    assert apply_typography(edited) is edited


def test_word_confidence_matches_the_straight_pieces_to_curly_text():
    h = apply_typography(Translation("x", _hypothesis('He said "no"... it\'s'))).best
    conf = word_confidence(h.text, h.tokens, h.token_scores)
    assert [h.text[s:e] for s, e, _ in conf] == ["He", "said", "“", "no", "”", "…", "it’s"]
    assert conf[5][2] == pytest.approx((-0.6 - 0.7 - 0.8) / 3)  # the three "." pieces of …
    assert conf[6][2] == pytest.approx(-0.9)


# --- property: words and spans survive -----------------------------------------

if given is not None:
    PIECES = st.sampled_from(["word", "it's", "Smiths", "90s", "a", " ", " ", '"', "'", ".", "...", "(", "–"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(PIECES, max_size=30).map("".join))
    def test_words_and_spans_survive_on_random_text(text: str) -> None:
        new, offsets = restore_typography(text)
        assert re.findall(r"\w+", new) == re.findall(r"\w+", text)
        assert straighten(new)[0] == text
        for s, e in word_spans(text):
            a, b = offsets.span(s, e)
            covered = new[a:b]
            assert straighten(covered)[0] == text[s:e] or (text[s:e] == "." and covered == "…")
