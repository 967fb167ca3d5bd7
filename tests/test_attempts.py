"""The learner's attempts (``reader.attempts``): graded by the tiny model's forced pass and chrF."""

from __future__ import annotations

import math
import time

import pytest

from reader.attempts import LEAST_LIKELY, Attempt, WordScore, daily_chrf, grade_attempt

from tui_support import TINY_MODEL

SOURCE = "Die NATO beeilt sich, die Ukraine vor möglichen Gesprächen zu bewaffnen."


@pytest.fixture(scope="module")
def translator():
    if not (TINY_MODEL / "model.safetensors").exists():
        pytest.skip("tiny model fixture missing")
    from reader.engines import create_translator
    from reader.models import resolve_model

    return create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")


@pytest.fixture(scope="module")
def model_text(translator):
    return translator.translate([SOURCE])[0].text


def test_the_models_own_translation_scores_full_marks(translator, model_text):
    a = grade_attempt(SOURCE, model_text, model_text, translator, now=1000.0)
    assert a.chrf == pytest.approx(100.0)
    assert a.time == 1000.0 and a.text == model_text and a.model_text == model_text
    assert a.mean_logprob > math.log(0.5)
    assert not any(w.doubtful for w in a.least_likely)


def test_a_learners_version_is_graded_in_place(translator, model_text):
    text = "NATO hurries to arm Ukraine before possible talks."
    a = grade_attempt(SOURCE, text, model_text, translator)
    assert 0 < a.chrf < 100
    assert len(a.least_likely) == LEAST_LIKELY
    assert [w.logprob for w in a.least_likely] == sorted(w.logprob for w in a.least_likely)
    for w in a.least_likely:  # spans into the learner's text, whole words
        assert text[w.start:w.end].isalpha()
    assert "hurries" in a.least_likely_words()  # the model says "rushes"
    for s, e in a.unaligned:  # spans into the German, words only
        assert SOURCE[s:e].isalpha()
    assert a.mean_logprob < math.log(0.5)
    ops = {step.op for step in a.diff()}
    assert "equal" in ops and ops & {"replace", "insert", "delete"}


def test_any_unicode_is_graded_with_spans_into_what_was_typed(translator, model_text):
    text = "Ünïcödé «test» 日本 … [bold]x[/bold]"
    a = grade_attempt(SOURCE, text, model_text, translator)
    assert a.text == text
    for w in a.least_likely:
        assert 0 <= w.start < w.end <= len(text)
    assert a.chrf < 20


def test_daily_average():
    day = 86400.0
    base = time.mktime((2026, 3, 1, 12, 0, 0, 0, 0, -1))
    attempts = [
        Attempt("a", "x", base + day, 40.0, "y"),
        Attempt("a", "x2", base, 20.0, "y"),
        Attempt("b", "z", base + 10, 60.0, "w", least_likely=(WordScore(0, 1, -3.0),)),
    ]
    assert daily_chrf(attempts) == [("2026-03-01", 2, 40.0), ("2026-03-02", 1, 40.0)]
    assert attempts[2].least_likely[0].doubtful


def test_compare_takes_the_attempts_as_a_system(tmp_path, capsys):
    import json

    from reader.cli import main
    from reader.store import DB_FILENAME, TranslationStore

    german = ["Der Hund schläft.", "", "Die Katze frisst.", "Es regnet."]
    ref = ["The dog sleeps.", "", "The cat eats.", "It is raining."]
    (tmp_path / "src.de").write_text("\n".join(german) + "\n", encoding="utf-8")
    (tmp_path / "ref.en").write_text("\n".join(ref) + "\n", encoding="utf-8")
    with TranslationStore(tmp_path / "cache" / DB_FILENAME) as store:
        store.add_attempt(Attempt("Der Hund schläft.", "The dog is asleep.", 1.0, 50.0, "The dog sleeps."))
        store.add_attempt(Attempt("Der Hund schläft.", "The dog sleeps.", 2.0, 100.0, "The dog sleeps."))  # the latest counts
        store.add_attempt(Attempt("Es regnet.", "It rains.", 3.0, 40.0, "It is raining."))
    args = ["compare", str(tmp_path / "src.de"), "--lines", "--system", "mine=attempts", "--system",
            f"copy={tmp_path / 'ref.en'}", "--ref", f"{tmp_path / 'ref.en'}", "--cache-dir", str(tmp_path / "cache"),
            "--samples", "50", "--report", str(tmp_path / "r.json")]
    assert main(args) == 0
    note = "mine: 1 of 3 sentences have no attempt (2 of 4 lines left empty)"
    assert note in capsys.readouterr().err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert note in report["notes"]
    assert [s["systems"]["mine"] for s in report["segments"]] == ["The dog sleeps.", "", "", "It rains."]
    assert report["systems"][0]["kind"] == "attempts"

    assert main([*args[:-2], "--no-cache"]) == 2  # the attempts are in the store
    assert "leave out --no-cache" in capsys.readouterr().err
    empty = tmp_path / "other"
    assert main(["compare", str(tmp_path / "src.de"), "--lines", "--system", "mine=attempts",
                 "--cache-dir", str(empty)]) == 2
    assert "no attempt at any sentence" in capsys.readouterr().err
