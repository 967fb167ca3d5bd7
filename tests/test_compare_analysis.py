"""reader.compare.analysis: compare-mt's analyses, checked on small hand-computed cases (issue 8)."""

import pytest
import sacrebleu

from reader.compare.analysis import (
    FREQUENCY_CUTOFFS,
    LENGTH_CUTOFFS,
    agreement,
    analyse,
    bucket_labels,
    differing_segments,
    ngram_differences,
    scores_by_length,
    word_accuracy_by_frequency,
    word_correspondence,
    word_diff,
)

REF = ["The cat sat on the mat.", "A dog barks loudly.", "", "It rains in Berlin today."]
GOOD = ["The cat sat on a mat.", "A dog is barking loudly.", "", "It is raining in Berlin today."]
BAD = ["Cat mat.", "Dog.", "nothing", "Rain."]


def _words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


class TestBuckets:
    def test_compare_mt_labels(self):
        assert [b[0] for b in bucket_labels(LENGTH_CUTOFFS)] == [
            "<10", "[10,20)", "[20,30)", "[30,40)", "[40,50)", "[50,60)", ">=60"]
        assert [b[0] for b in bucket_labels(FREQUENCY_CUTOFFS)] == [
            "<1", "1", "2", "3", "4", "[5,10)", "[10,100)", "[100,1000)", ">=1000"]
        assert bucket_labels((10, 20))[0][1:] == (0, 10) and bucket_labels((10, 20))[-1][1:] == (20, None)

    def test_bad_cutoffs_are_refused(self):
        with pytest.raises(ValueError):
            bucket_labels((10, 5))


class TestScoresByLength:
    def test_segments_fall_in_their_source_length_bucket(self):
        source = [_words(3), _words(12), "", _words(65), _words(10), _words(9)]
        ref = ["a b c", "the cat", "", "x y", "one two", "nine"]
        hyps = ["a b c", "the dog", "", "x", "one two", "ten"]
        rows = scores_by_length(source, {"s": hyps}, ref)
        by = {r.label: r for r in rows}
        assert [r.label for r in rows] == [b[0] for b in bucket_labels(LENGTH_CUTOFFS)]
        assert by["<10"].segments == 3  # 3 words, the empty one, 9 words
        assert by["[10,20)"].segments == 2  # 12 words and exactly 10
        assert by[">=60"].segments == 1
        assert by["[20,30)"].segments == 0 and by["[20,30)"].mean_chrf is None and by["[20,30)"].bleu is None
        small = [0, 2, 5]
        expected_chrf = sum(sacrebleu.sentence_chrf(hyps[k], [ref[k]]).score for k in small) / 3
        assert by["<10"].mean_chrf == pytest.approx(expected_chrf)
        assert by["<10"].bleu == sacrebleu.corpus_bleu([hyps[k] for k in small], [[ref[k] for k in small]]).score

    def test_length_counts_13a_tokens(self):
        rows = scores_by_length(["eins, zwei, drei, vier, fünf."], {"s": ["x"]}, ["x"])  # 5 words + 5 marks
        assert {r.label: r.segments for r in rows}["[10,20)"] == 1


class TestWordAccuracyByFrequency:
    def test_precision_recall_f_by_hand(self):
        # reference frequency: the 2, cat 1, sat 1, dog 1; "a" never in the reference
        ref = ["the cat sat", "the dog"]
        hyp = ["the cat the", "a dog"]
        by = {r.label: r for r in word_accuracy_by_frequency({"s": hyp}, ref)}
        one, two, unseen = by["1"], by["2"], by["<1"]
        # bucket 1: cat and dog match; the system has cat, dog; the reference cat, sat, dog
        assert (one.matched, one.in_system, one.in_reference) == (2, 2, 3)
        assert (one.precision, one.recall, one.f_measure) == pytest.approx((1.0, 2 / 3, 0.8))
        # bucket 2: "the" twice in the first hypothesis but once in its reference: clipped to 1
        assert (two.matched, two.in_system, two.in_reference) == (1, 2, 2)
        assert (two.precision, two.recall, two.f_measure) == pytest.approx((0.5, 0.5, 0.5))
        assert (unseen.matched, unseen.in_system, unseen.in_reference, unseen.f_measure) == (0, 1, 0, 0.0)
        assert by["[5,10)"].in_system == by["[5,10)"].in_reference == 0

    def test_case_sensitive_unless_asked(self):
        ref, hyp = ["The cat"], ["the cat"]
        by = {r.label: r for r in word_accuracy_by_frequency({"s": hyp}, ref)}
        assert by["1"].matched == 1 and by["<1"].in_system == 1  # "the" is not "The"
        by = {r.label: r for r in word_accuracy_by_frequency({"s": hyp}, ref, lowercase=True)}
        assert by["1"].matched == 2

    def test_words_are_13a_tokens(self):
        by = {r.label: r for r in word_accuracy_by_frequency({"s": ["mat."]}, ["mat ."])}
        assert by["1"].matched == 2  # "mat." is "mat" and "." to BLEU


class TestNgramDifferences:
    def test_an_ngram_only_a_gets_right_ranks_first_for_a(self):
        ref = ["red", "red car"]
        systems = {"A": ["red", "red car"], "B": ["blue", "blue car"]}
        result = ngram_differences(systems, ref, "A", "B", top=3)
        # A matches red twice, "red car" and car once; B matches car once
        assert [(d.text, d.matches_a, d.matches_b) for d in result.better_in_a] == [
            ("red", 2, 0), ("red car", 1, 0), ("car", 1, 1)]
        assert [d.score for d in result.better_in_a] == pytest.approx([3 / 4, 2 / 3, 1 / 2])
        assert [d.text for d in result.better_in_b] == ["car", "red car", "red"]
        assert result.better_in_b[0].score == pytest.approx(1 / 2)
        assert (result.system_a, result.system_b) == ("A", "B")

    def test_matches_are_clipped_per_segment(self):
        result = ngram_differences({"A": ["a a a"], "B": ["b"]}, ["a"], "A", "B")
        assert result.better_in_a[0].words == ("a",) and result.better_in_a[0].matches_a == 1

    def test_top_and_unknown_system(self):
        result = ngram_differences({"A": GOOD, "B": BAD}, REF, "A", "B", top=2)
        assert len(result.better_in_a) == len(result.better_in_b) == 2
        with pytest.raises(ValueError):
            ngram_differences({"A": GOOD}, REF, "A", "C")


class TestDifferingSegments:
    def test_the_changed_segment_differs_most(self):
        changed = list(GOOD)
        changed[3] = "Nothing at all here."
        result = differing_segments({"A": GOOD, "B": changed}, "A", "B", REF)
        assert [s.index for s in result.segments] == [3]  # the others are the same: distance 0, left out
        top = result.segments[0]
        assert top.chrf_a == sacrebleu.sentence_chrf(GOOD[3], [REF[3]]).score
        assert top.chrf_b == sacrebleu.sentence_chrf(changed[3], [REF[3]]).score
        assert top.distance == pytest.approx(top.chrf_a - top.chrf_b) and result.against == "reference"

    def test_ordered_by_difference(self):
        result = differing_segments({"A": GOOD, "B": BAD}, "A", "B", REF, top=2)
        distances = [s.distance for s in result.segments]
        assert len(distances) == 2 and distances == sorted(distances, reverse=True)
        assert result.segments[0].index != 2  # "" and "nothing" both score 0 against ""

    def test_without_reference_the_disagreement(self):
        changed = list(GOOD)
        changed[1] = "Something else entirely."
        result = differing_segments({"A": GOOD, "B": changed}, "A", "B")
        assert result.against == "each other" and [s.index for s in result.segments] == [1]
        top = result.segments[0]
        assert top.agreement == sacrebleu.sentence_chrf(changed[1], [GOOD[1]]).score
        assert top.distance == pytest.approx(100 - top.agreement) and top.chrf_a is None

    def test_empty_segments_on_both_sides_agree(self):
        result = differing_segments({"A": ["", "x"], "B": ["", "y"]}, "A", "B")
        assert [s.index for s in result.segments] == [1]


class TestAgreement:
    def test_matrix_without_its_diagonal(self):
        rows = agreement({"good": GOOD, "same": list(GOOD), "bad": BAD})
        pairs = {(r.system, r.reference_system): r for r in rows}
        assert len(rows) == 6 and all(a != b for a, b in pairs)
        assert pairs[("good", "same")].bleu == pytest.approx(100.0)
        assert pairs[("good", "same")].chrf == pytest.approx(100.0)
        assert pairs[("bad", "good")].bleu == sacrebleu.corpus_bleu(BAD, [GOOD]).score
        assert pairs[("good", "bad")].chrf == sacrebleu.corpus_chrf(GOOD, [BAD]).score


class TestWordDiff:
    def test_marks_exactly_the_changed_words(self):
        a, b = "The cat sat on the mat.", "The dog sat on a mat."
        changes = [d for d in word_diff(a, b) if d.op != "equal"]
        assert [(d.op, d.words_a, d.words_b) for d in changes] == [
            ("replace", ("cat",), ("dog",)), ("replace", ("the",), ("a",))]
        assert [(a[slice(*d.span_a)], b[slice(*d.span_b)]) for d in changes] == [("cat", "dog"), ("the", "a")]

    def test_insert_and_delete_spans(self):
        a, b = "It rains today.", "It rains in Berlin today!"
        steps = word_diff(a, b)
        insert = next(d for d in steps if d.op == "insert")
        assert insert.words_b == ("in", "Berlin") and b[slice(*insert.span_b)] == "in Berlin"
        assert insert.span_a == (8, 8)  # after "rains" in A
        replace = next(d for d in steps if d.op == "replace")
        assert (replace.words_a, replace.words_b) == ((".",), ("!",))
        deleted = [d for d in word_diff("Hello world", "") if d.op != "equal"]
        assert [(d.op, d.span_a, d.span_b) for d in deleted] == [("delete", (0, 11), (0, 0))]

    def test_equal_steps_cover_both_segments(self):
        a = "Same words here."
        assert [d.op for d in word_diff(a, a)] == ["equal"]
        assert word_diff("", "") == []


class TestAnalyse:
    def test_with_a_reference(self):
        source = ["Die Katze saß auf der Matte.", "Ein Hund bellt laut.", "", "Es regnet heute in Berlin."]
        result = analyse(source, {"good": GOOD, "bad": BAD}, {"A": REF, "B": GOOD}, top=3)
        assert result.baseline == "good" and result.reference == "A"  # the first reference set
        assert len(result.by_length) == 7 * 2 and len(result.by_frequency) == 9 * 2
        assert [(n.system_a, n.system_b) for n in result.ngrams] == [("good", "bad")]
        assert len(result.ngrams[0].better_in_a) == 3
        assert result.differing[0].against == "reference" and len(result.differing[0].segments) == 3
        assert result.agreement == ()  # agreement is the analysis without a reference
        assert result.by_frequency == tuple(word_accuracy_by_frequency({"good": GOOD, "bad": BAD}, REF))
        assert result.differing[0] == differing_segments({"good": GOOD, "bad": BAD}, "good", "bad", REF, top=3)

    def test_other_reference_and_baseline(self):
        result = analyse(None, {"good": GOOD, "bad": BAD}, {"A": REF, "B": GOOD}, baseline="bad", reference="B")
        assert result.reference == "B" and result.baseline == "bad" and result.by_length == ()
        assert result.ngrams[0].system_a == "bad"

    def test_without_a_reference(self):
        result = analyse(None, {"good": GOOD, "bad": BAD, "same": GOOD}, {})
        assert result.reference is None and result.by_frequency == result.ngrams == ()
        assert [d.against for d in result.differing] == ["each other", "each other"]
        assert result.differing[1].segments == ()  # "same" never differs from "good"
        assert len(result.agreement) == 6

    def test_empty_segments(self):
        result = analyse(["", ""], {"a": ["", ""], "b": ["", "x"]}, {"r": ["", ""]})
        assert sum(r.segments for r in result.by_length if r.system == "a") == 2
        assert result.ngrams[0].better_in_a == () and result.ngrams[0].better_in_b == ()
        assert analyse([], {"a": []}, {"r": []}).differing == ()

    def test_refusals(self):
        with pytest.raises(ValueError, match="differ in length"):
            analyse(["x"], {"a": ["x", "y"]}, {"r": ["x", "y"]})
        with pytest.raises(ValueError, match="differ in length"):
            analyse(None, {"a": ["x"]}, {"r": ["x", "y"]})
        with pytest.raises(ValueError):
            analyse(None, {"a": ["x"]}, {}, baseline="b")
        with pytest.raises(ValueError):
            analyse(None, {"a": ["x"]}, {"r": ["x"]}, reference="s")
        with pytest.raises(ValueError):
            analyse(None, {}, {})
        with pytest.raises(ValueError, match="differ in length"):
            word_accuracy_by_frequency({"a": ["x"]}, ["x", "y"])
        with pytest.raises(ValueError, match="differ in length"):
            scores_by_length(["x", "y"], {"a": ["x"]}, ["x"])
        with pytest.raises(ValueError, match="differ in length"):
            differing_segments({"a": ["x"], "b": ["x", "y"]}, "a", "b")


def test_word_correspondence_pairs_a_text_with_its_round_trip():
    typed = "He said “hi” in the café today"
    round_trip = 'He said "hi" in the caf<unk> today'
    mapped = word_correspondence(round_trip, typed)
    def word(text, span):
        return text[span[0]:span[1]]
    pairs = {word(round_trip, a): word(typed, b) for a, b in mapped.items()}
    assert pairs["He"] == "He" and pairs["hi"] == "hi" and pairs["today"] == "today"
    assert pairs['"'] in ("“", "”")  # a quote replaced one for one keeps its place
    assert "caf" not in pairs and "unk" not in pairs  # five words for one: no counterpart
    assert word_correspondence("a b c", "a c") == {(0, 1): (0, 1), (4, 5): (2, 3)}  # "b" dropped
