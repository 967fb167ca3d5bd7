"""The known-word view of a document: lemma keys per word, what is not known, the share known, rare words."""

from reader.words.vocabulary import DocumentVocabulary, KnownShare, frequent_words

SENTENCES = [
    "Die Verbündeten der Ukraine warten.",
    "Den Verbündeten kam 2024 nichts.",
]


def spans(marks, text):
    return [(text[s:e], status) for s, e, status in marks]


def test_words_have_lemma_keys_and_numbers_and_punctuation_are_left_out():
    v = DocumentVocabulary.build(SENTENCES, {})
    first, second = v.words(0), v.words(1)
    assert [(SENTENCES[0][w.start:w.end], w.key) for w in first] == [
        ("Die", "der"), ("Verbündeten", "verbündeter"), ("der", "der"), ("Ukraine", "ukraine"), ("warten", "warten"),
    ]
    assert "2024" not in [SENTENCES[1][w.start:w.end] for w in second]
    assert first[1].key is second[1].key  # one string per lemma, however often it occurs


def test_not_known_follows_the_statuses_and_the_share_counts_running_words():
    v = DocumentVocabulary.build(SENTENCES, {"der": "known", "ukraine": "learning"})
    assert spans(v.not_known(0), SENTENCES[0]) == [("Verbündeten", "new"), ("Ukraine", "learning"), ("warten", "new")]
    # 9 words (2024 and the full stops are not words); "Die", "der" and "Den" are one known lemma, thrice
    assert v.share() == KnownShare(3, 9)
    assert str(v.share()) == "known 33% (3 of 9 words)"

    assert v.set_status("verbündeter", "known")
    assert spans(v.not_known(0), SENTENCES[0]) == [("Ukraine", "learning"), ("warten", "new")]
    assert v.share() == KnownShare(5, 9)  # in both sentences
    assert v.set_status("verbündeter", "learning")
    assert v.share() == KnownShare(3, 9)
    assert not v.set_status("haus", "known")  # not in this document: nothing shown changes
    assert v.share() == KnownShare(3, 9)
    v.set_statuses({"ukraine": "known"})  # read again: "der" was deleted meanwhile
    assert v.share() == KnownShare(1, 9) and v.status("der") is None


def test_share_of_an_empty_document_and_of_everything_known():
    assert str(DocumentVocabulary.build([], {}).share()) == "known 0% (0 of 0 words)"
    v = DocumentVocabulary.build(["Ja, ja."], {"ja": "known"})
    assert v.share().percent == 100 and v.not_known(0) == []
    almost = KnownShare(999, 1000)
    assert almost.percent == 99  # rounded down: 100 % only when all are known


def test_rare_only_leaves_out_words_whose_form_or_lemma_is_frequent():
    frequent = {"der", "kam"}  # "kam": the form is frequent (its lemma "kommen" is not); "die", "den" through their lemma
    v = DocumentVocabulary.build(SENTENCES, {}, frequent)
    assert [t for t, _ in spans(v.not_known(0, rare_only=True), SENTENCES[0])] == ["Verbündeten", "Ukraine", "warten"]
    assert [t for t, _ in spans(v.not_known(1, rare_only=True), SENTENCES[1])] == ["Verbündeten", "nichts"]
    assert len(v.not_known(1)) == 4  # without rare_only every word not known


def test_wordfreq_top_words_are_case_folded_german():
    top = frequent_words(2000)
    assert len(top) == 2000
    assert {"der", "und", "nicht", "haus"} <= top and "Haus" not in top
    assert "strasse" in top  # wordfreq folds ß as lemma keys do
