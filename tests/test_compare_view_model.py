"""The compare view's core (``reader.compare.view_model``): diffs, scores against the pivot, orderings, the filter."""

import pytest

from reader.compare.scores import sentence_chrf
from reader.compare.view_model import CompareModel, Version, alignment_from
from reader.translation import Hypothesis, WordLink

GERMAN = ["Der Hund schläft.", "Die Katze läuft schnell.", "Ein Haus."]
REF = ("The dog sleeps.", "The cat runs fast.", "A house.")
SYS_A = ("The dog sleeps.", "The cat walks quickly.", "A house.")
SYS_B = ("The hound is sleeping.", "The cat runs fast.", "One house.")


def model(pivot=None):
    return CompareModel(GERMAN, [
        Version("ref", "reference", REF), Version("a", "file", SYS_A), Version("b", "model", SYS_B),
    ], pivot=pivot)


def test_pivot_defaults_to_the_first_reference_and_cycles():
    m = CompareModel(GERMAN, [Version("a", "file", SYS_A), Version("ref", "reference", REF)])
    assert m.pivot == "ref"
    assert m.next_pivot() == "a" and m.next_pivot() == "ref"
    with pytest.raises(ValueError):
        m.set_pivot("nobody")


def test_diff_marks_whole_words_that_differ_from_the_pivot():
    m = model()
    text = SYS_A[1]
    assert [text[s:e] for s, e in m.diff("a", 1)] == ["walks quickly"]
    assert m.diff("a", 0) == () and m.diff("ref", 1) == ()  # identical; the pivot itself
    m.set_pivot("a")  # against another pivot, another diff
    assert [REF[1][s:e] for s, e in m.diff("ref", 1)] == ["runs fast"]


def test_gaps_say_where_a_version_leaves_out_the_pivots_words():
    m = CompareModel(["x"], [Version("ref", "reference", ("a big red house.",)), Version("s", "file", ("a house.",))])
    assert m.diff("s", 0) == () and m.gaps("s", 0) == (1,)  # after "a"
    m = CompareModel(["x"], [Version("ref", "reference", ("It runs fast today.",)), Version("s", "file", ("It runs.",))])
    assert m.gaps("s", 0) == (7,)  # at the full stop


def test_sentence_chrf_is_sacrebleus_against_the_pivot():
    m = model()
    assert m.chrf("ref", 1) is None
    assert m.chrf("a", 1) == pytest.approx(sentence_chrf([SYS_A[1]], [[REF[1]]])[0])
    assert m.all_chrf("b") == pytest.approx(sentence_chrf(list(SYS_B), [list(REF)]))
    m.set_pivot("b")
    assert m.chrf("ref", 0) == pytest.approx(sentence_chrf([REF[0]], [[SYS_B[0]]])[0])


def test_orderings_and_the_filter():
    m = model()
    assert m.order("document") == [0, 1, 2]
    dis = m.order("disagreement")
    assert sorted(dis) == [0, 1, 2]
    assert dis == sorted(range(3), key=lambda k: -m.disagreement(k))
    diff = m.order("difference", ("a", "b"))
    gaps = [abs(m.chrf("a", k) - m.chrf("b", k)) for k in diff]
    assert gaps == sorted(gaps, reverse=True)
    assert m.default_pair() == ("a", "b")
    assert m.rows("document", ("ref", "a"), only_differing=True) == [1]
    assert m.rows("document", ("a", "b"), only_differing=True) == [0, 1, 2]


def test_unaligned_lists_versions_without_alignment_and_skips_empty_segments():
    m = CompareModel(["Ja.", ""], [Version("ref", "reference", ("Yes.", "")), Version("a", "file", ("Yes!", ""))])
    assert m.unaligned([0, 1]) == [("ref", 0), ("a", 0)]
    h = Hypothesis("Yes.", -0.1, ("▁Yes", ".", "</s>"), (-0.1, -0.1, -0.1), (WordLink(0, 2, 0, 3),))
    m.set_alignment("ref", 0, alignment_from("Yes.", h))
    assert m.unaligned([0, 1]) == [("a", 0)]


def test_alignment_from_maps_a_round_tripped_text_onto_the_shown_one():
    shown = "He said “yes” today."
    # the vocabulary gives straight quotes back; links point into that text
    h = Hypothesis('He said "yes" today.', -0.5, (), (), (WordLink(0, 2, 0, 2), WordLink(3, 7, 9, 12), WordLink(8, 13, 14, 19)))
    a = alignment_from(shown, h)
    assert [shown[l.target_start:l.target_end] for l in a.links] == ["He", "yes", "today"]
    assert a.forced and a.score == -0.5 and a.confidence == ()


def test_a_version_may_lack_segments_and_then_is_left_out_of_them():
    m = CompareModel(GERMAN, [Version("ref", "reference", REF), Version("a", "file", SYS_A),
                              Version("yours", "user", (None, "The cat runs fast.", None))])
    assert not m.has("yours", 0) and m.text("yours", 0) == "" and m.has("yours", 1)
    assert m.chrf("yours", 0) is None and m.diff("yours", 0) == () and m.gaps("yours", 0) == ()
    assert m.chrf("yours", 1) == pytest.approx(sentence_chrf(["The cat runs fast."], [[REF[1]]])[0])
    assert m.all_chrf("yours")[0] is None and m.all_chrf("yours")[1] is not None
    assert m.disagreement(0) == pytest.approx(100.0 - m.chrf("a", 0))  # yours is not counted where it has none
    assert sorted(m.order("disagreement")) == [0, 1, 2]
    assert m.order("difference", ("a", "yours"))[0] == 1  # the only segment both have
    assert m.differing("a", "yours") == {1}
    assert ("yours", 0) not in m.unaligned([0, 1, 2]) and ("yours", 1) in m.unaligned([0, 1, 2])
    m.set_pivot("yours")
    assert m.chrf("a", 0) is None and m.diff("a", 0) == ()
