from reader.engines.batching import plan_batches
from reader.engines.long_input import split_to_fit


def test_batches_cover_everything_once_and_respect_budgets():
    lengths = [5, 50, 7, 300, 12, 12, 1, 49, 8, 600]
    batches = plan_batches(lengths, max_sentences=3, max_tokens=200)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        assert len(b) <= 3
        assert len(b) == 1 or len(b) * max(lengths[i] for i in b) <= 200
    # longest first, so the heaviest batch runs (and fails, if it must) first
    assert batches[0] == [9]


def test_with_workers_the_last_batches_shrink_and_a_long_run_keeps_full_ones():
    lengths = [20] * 150  # 3,000 tokens, 500-token batches: 6 full ones, the last on one core
    plain = plan_batches(lengths, max_sentences=32, max_tokens=500)
    tapered = plan_batches(lengths, max_sentences=32, max_tokens=500, workers=2)
    assert [len(b) for b in plain] == [25] * 6
    assert sorted(i for b in tapered for i in b) == list(range(150))
    sizes = [len(b) * 20 for b in tapered]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 500
    assert all(x > 500 // 4 - 20 for x in sizes[:-1])  # no batch but the leftover under the floor
    assert len(tapered) > len(plain)
    many = plan_batches([20] * 2000, max_sentences=32, max_tokens=500, workers=2)
    assert sum(len(b) * 20 == 500 for b in many) >= len(many) - 12  # all full but the last few
    assert plan_batches(lengths, 32, 500, workers=1) == plain
    few = [20] * 100  # 4 full batches for 2 workers: a short call keeps the plain plan
    assert plan_batches(few, 32, 500, workers=2) == plan_batches(few, 32, 500)
    screen = [30, 5, 12, 30, 8]  # one batch's worth: dealt over the workers, longest first in turn
    assert plan_batches(screen, 32, 500, workers=2) == [[0, 2, 1], [3, 4]]
    assert plan_batches([7], 32, 500, workers=2) == [[0]]


def _words(text):
    return len(text.split()) + 1


def test_long_sentence_is_split_at_clauses_and_covers_every_word():
    text = ("Der Minister sagte, dass die Lage ernst sei, und die Regierung, die gestern tagte, "
            "beschloss neue Maßnahmen; sie sollen bald gelten, aber niemand weiß genau wann. ") * 5
    spans = split_to_fit(text, _words, 20)
    assert all(_words(text[s:e]) <= 20 for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()
    assert all(s < e for s, e in spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    # most cuts fall after punctuation or before a conjunction
    clause_cuts = sum(text[e - 1] in ",;:" or text[e + 1:].startswith(("und ", "aber ", "dass ")) for s, e in spans[:-1])
    assert clause_cuts >= len(spans[:-1]) * 0.6


def test_run_without_spaces_is_cut_into_windows():
    text = "x" * 10_000
    spans = split_to_fit(text, lambda t: len(t) // 4 + 1, 100)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(len(text[s:e]) // 4 + 1 <= 100 for s, e in spans)


def test_short_text_is_one_span():
    assert split_to_fit("Kurz.", _words, 10) == [(0, 5)]
