"""Forced decoding (``Translator.score``): a given English target scored as the translation, on both backends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.engines import DecodingOptions, create_translator
from reader.errors import InputError
from reader.models import resolve_model

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"
SOURCES = [
    "Der Hund läuft schnell über die große Straße nach Hause.",
    "Ich weiß es nicht.",
    "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.",
]
OTHER = ["The dog sleeps.", "Yes, I know it very well.", "Twelve boxers."]
BACKENDS = ["torch", pytest.param("ctranslate2", marks=pytest.mark.skipif(
    __import__("importlib").util.find_spec("ctranslate2") is None, reason="ctranslate2 not installed"))]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    old = os.environ.get("READER_MODELS_DIR")
    os.environ["READER_MODELS_DIR"] = str(tmp_path_factory.mktemp("models"))
    yield resolve_model(str(TINY))
    if old is None:
        os.environ.pop("READER_MODELS_DIR", None)
    else:
        os.environ["READER_MODELS_DIR"] = old


def _translator(model, backend, **options):
    extra = {"compute_type": "float32"} if backend == "ctranslate2" else {}
    return create_translator(model, DecodingOptions(**options), backend=backend, device="cpu", **extra)


def _spans(h):
    return [(l.source_start, l.source_end, l.target_start, l.target_end) for l in h.alignment]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("beams", [1, 4])
def test_scoring_its_own_translation_gives_what_translating_gave(model, backend, beams):
    translator = _translator(model, backend, beams=beams)
    translated = translator.translate(SOURCES)
    scored = translator.score(SOURCES, [t.text for t in translated])
    for t, s in zip(translated, scored, strict=True):
        assert s.source == t.source and not s.alternatives
        assert (s.text, s.best.tokens) == (t.text, t.best.tokens)
        assert s.best.token_scores == pytest.approx(t.best.token_scores, abs=1e-3)
        assert s.score == pytest.approx(t.score, abs=1e-3)
        assert _spans(s.best) == _spans(t.best)
        assert [l.weight for l in s.alignment] == pytest.approx([l.weight for l in t.alignment], abs=1e-3)


@pytest.mark.parametrize("backend", BACKENDS)
def test_scoring_another_text(model, backend):
    translator = _translator(model, backend, beams=4)
    own = translator.translate(SOURCES)
    scored = translator.score(SOURCES, OTHER)
    for t, s, target in zip(own, scored, OTHER, strict=True):
        assert s.text == target
        assert s.best.tokens[-1] == "</s>" and s.best.has_token_scores
        assert s.score == pytest.approx(sum(s.best.token_scores) / len(s.best.token_scores), abs=1e-3)
        assert s.score < t.score
        assert s.alignment  # word links from the alignment head
        assert all(l.target_end <= len(target) and l.source_end <= len(s.source) for l in s.alignment)


@pytest.mark.parametrize("backend", BACKENDS)
def test_backends_agree_and_edges(model, backend):
    translator = _translator(model, backend, beams=1)
    assert translator.score([], []) == []
    with pytest.raises(ValueError):
        translator.score(SOURCES[:2], OTHER[:1])
    short = _translator(model, backend, beams=1, max_input_tokens=8)
    with pytest.raises(InputError, match="longer than"):
        short.score([SOURCES[0]], [OTHER[0]])
    reference = _translator(model, "torch", beams=1).score(SOURCES, OTHER)
    for a, b in zip(reference, translator.score(SOURCES, OTHER), strict=True):
        assert (a.text, a.best.tokens, _spans(a.best)) == (b.text, b.best.tokens, _spans(b.best))
        assert a.best.token_scores == pytest.approx(b.best.token_scores, abs=2e-3)


def test_auto_translator_scores_and_tells_its_fallback_through_notify(model, monkeypatch):
    pytest.importorskip("ctranslate2")
    from reader.engines.ctranslate2 import conversion
    from reader.errors import ModelError

    def broken(*a, **k):
        raise ModelError("cannot convert")

    monkeypatch.setattr(conversion, "convert", broken)
    auto = create_translator(model, DecodingOptions(beams=1), backend="auto", device="cpu")
    assert auto.backend == "ctranslate2"
    told: list[str] = []

    def tell(message: str) -> None:
        told.append(message)

    auto.notify = tell
    assert auto.notify is tell and auto.with_options(DecodingOptions(beams=2)).notify is tell
    scored = auto.score(SOURCES[:1], OTHER[:1])
    assert scored[0].text == OTHER[0] and auto.backend == "torch"
    assert len(told) == 1 and "using torch" in told[0]
    assert auto.notify is tell and auto.settings_key.startswith("torch-") and auto.beams == 1
