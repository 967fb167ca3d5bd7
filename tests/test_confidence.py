"""Word confidence from subword log-probabilities (reader.confidence)."""

from __future__ import annotations

import pytest

from reader.confidence import word_confidence


def test_word_confidence_maps_subwords_to_words():
    text = "NATO rushes to arm"
    tokens = ("▁N", "A", "T", "O", "▁", "rus", "hes", "▁to", "▁arm", "</s>")
    scores = (-2.0, -1.0, 0.0, 0.0, -9.0, -0.1, -0.1, -0.01, -3.0, -0.1)
    conf = word_confidence(text, tokens, scores)
    assert [text[s:e] for s, e, _ in conf] == ["NATO", "rushes", "to", "arm"]
    assert conf[0][2] == pytest.approx(-0.75)
    assert conf[3][2] == pytest.approx(-3.0)
    assert word_confidence("other text", tokens, scores) == []
