"""reader.compare.scores gives sacrebleu's own figures (issue 8)."""

import pytest
import sacrebleu
from sacrebleu.significance import PairedTest

from reader.compare.scores import METRICS, corpus_scores, paired_significance, sentence_chrf

import random

_WORDS = "the a cat dog sat ran on in under mat house garden today loudly quietly Berlin rain sun".split()
REF_A = ["The cat sat on the mat.", "A dog barks loudly.", "", "It rains in Berlin today."] * 10
REF_B = ["A cat was sitting on the mat.", "The dog is barking loudly.", "", "Today it is raining in Berlin."] * 10
GOOD = ["The cat sat on a mat.", "A dog is barking loudly.", "", "It is raining in Berlin today."] * 10
BAD = ["Cat mat.", "Dog.", "nothing", "Rain."] * 10


def _noisy(segments, keep, seed):
    """Each word kept with probability ``keep``, else replaced by a random one (a varied system)."""
    rng = random.Random(seed)
    return [" ".join(w if rng.random() < keep else rng.choice(_WORDS) for w in s.split()) for s in segments]


def test_corpus_scores_equal_sacrebleu_called_directly():
    rows = corpus_scores({"good": GOOD, "bad": BAD}, {"A": REF_A, "B": REF_B}, chrf_word_order=2, metrics=METRICS)
    by = {(r.system, r.metric, r.references): r for r in rows}
    assert by[("good", "BLEU", ("A",))].score == sacrebleu.corpus_bleu(GOOD, [REF_A]).score
    assert by[("good", "BLEU", ("A", "B"))].score == sacrebleu.corpus_bleu(GOOD, [REF_A, REF_B]).score
    assert by[("bad", "chrF2++", ("B",))].score == sacrebleu.corpus_chrf(BAD, [REF_B], word_order=2).score
    assert by[("good", "TER", ("A",))].score == sacrebleu.corpus_ter(GOOD, [REF_A]).score
    sig = by[("good", "BLEU", ("A", "B"))].signature
    assert sig.startswith("nrefs:2|") and f"version:{sacrebleu.__version__}" in sig
    assert by[("good", "BLEU", ("A",))].formatted.startswith("BLEU = ")
    assert len(rows) == 2 * 3 * 3  # systems × (A, B, A+B) × metrics


def test_sentence_chrf_is_sacrebleus():
    scores = sentence_chrf(GOOD[:4], [REF_A[:4]])
    assert scores == [sacrebleu.sentence_chrf(h, [r]).score for h, r in zip(GOOD[:4], REF_A[:4])]
    two = sentence_chrf(BAD[:4], [REF_A[:4], REF_B[:4]], chrf_word_order=2)
    assert two == [sacrebleu.sentence_chrf(h, [a, b], word_order=2).score for h, a, b in zip(BAD[:4], REF_A[:4], REF_B[:4])]


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_paired_test_is_sacrebleus_and_says_what_is_significant(test):
    systems = {"good": _noisy(REF_A, 0.9, 1), "bad": _noisy(REF_A, 0.4, 2), "close": _noisy(REF_A, 0.88, 3)}
    signatures, results = paired_significance(systems, {"A": REF_A}, test=test, samples=300, metrics=("BLEU", "chrF"))
    metrics = {"BLEU": sacrebleu.BLEU(), "chrF": sacrebleu.CHRF()}
    _, direct = PairedTest([(k, v) for k, v in systems.items()], metrics, [REF_A], test_type=test, n_samples=300,
                           n_ar_confidence=0 if test == "ar" else -1)()
    got = {(r.system, r.metric): r for r in results}
    for metric in ("BLEU", "chrF2"):
        for system, expected in zip(direct["System"], direct[metric]):
            r = got[(system, metric)]
            assert r.score == pytest.approx(expected.score) and r.p_value == expected.p_value
            assert r.ci is not None  # a 95% confidence interval for every system
    assert got[("good", "BLEU")].p_value is None  # the baseline
    assert got[("bad", "BLEU")].significant and got[("bad", "BLEU")].p_value < got[("close", "BLEU")].p_value
    assert f"{test}:300" in signatures["BLEU"]


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="differ in length"):
        corpus_scores({"good": GOOD[:-1]}, {"A": REF_A})
    with pytest.raises(ValueError, match="two systems"):
        paired_significance({"good": GOOD}, {"A": REF_A})
