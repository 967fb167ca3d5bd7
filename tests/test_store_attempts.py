"""The store's attempts table: kept with their time and grades; a version-1 store gains it on open."""

from __future__ import annotations

import math
import sqlite3

from reader.attempts import Attempt, WordScore
from reader.store import SCHEMA_VERSION, TranslationStore


def attempt(source: str = "Der Hund schläft.", text: str = "The dog sleeps.", t: float = 100.0, chrf: float = 55.5) -> Attempt:
    return Attempt(
        source=source, text=text, time=t, chrf=chrf, model_text="The dog is sleeping.",
        unaligned=((0, 3),), least_likely=(WordScore(8, 14, -2.345678), WordScore(4, 7, -0.5)), mean_logprob=-1.25,
    )


def test_attempts_round_trip_in_order(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.add_attempt(attempt(t=200.0, text="The dog sleeps!"))
        s.add_attempt(attempt(t=100.0))
        s.add_attempt(attempt("Ein Satz.", "A sentence.", t=150.0))
        found = s.attempts_for(["Der Hund schläft.", "Nie versucht."])
        assert list(found) == ["Der Hund schläft."]
        assert [a.text for a in found["Der Hund schläft."]] == ["The dog sleeps.", "The dog sleeps!"]
        first = found["Der Hund schläft."][0]
        assert first.least_likely[0] == WordScore(8, 14, round(-2.345678, 4))
        assert first.unaligned == ((0, 3),) and first.chrf == 55.5 and first.model_text == "The dog is sleeping."
        assert [a.time for a in s.all_attempts()] == [100.0, 150.0, 200.0]
        assert s.stats()["attempts"] == 3
    with TranslationStore(tmp_path / "t.sqlite3") as again:  # kept on reopen
        assert len(again.all_attempts()) == 3


def test_any_unicode_and_nan_are_kept(tmp_path):
    text = "日本 «x» [bold]y[/bold] \u200b😀"
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.add_attempt(Attempt("Satz mit ß.", text, 1.0, 0.0, "", mean_logprob=math.nan))
        (a,) = s.all_attempts()
    assert a.text == text and math.isnan(a.mean_logprob)


def test_clear_keeps_attempts_unless_asked(tmp_path):
    with TranslationStore(tmp_path / "t.sqlite3") as s:
        s.add_attempt(attempt())
        s.clear()
        assert len(s.all_attempts()) == 1
        s.clear(include_user=True)
        assert s.all_attempts() == []


def test_a_version_1_store_gains_the_attempts_table(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE translations (model_key TEXT NOT NULL, settings_key TEXT NOT NULL, source_sha BLOB NOT NULL,
            source TEXT NOT NULL, data TEXT NOT NULL, created REAL NOT NULL,
            PRIMARY KEY (model_key, settings_key, source_sha));
        CREATE TABLE user_translations (source_sha BLOB PRIMARY KEY, source TEXT NOT NULL, text TEXT NOT NULL,
            updated REAL NOT NULL);
        PRAGMA user_version = 1;
        """
    )
    conn.close()
    with TranslationStore(path) as s:
        s.set_user_translation("Der Hund schläft.", "The hound sleeps.")
        s.add_attempt(attempt())
        assert s.get_user_translations(["Der Hund schläft."]) == {"Der Hund schläft.": "The hound sleeps."}
        assert len(s.all_attempts()) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    conn.close()


def test_an_unreadable_attempt_row_is_left_out(tmp_path):
    path = tmp_path / "t.sqlite3"
    with TranslationStore(path) as s:
        s.add_attempt(attempt())
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO attempts (source_sha, source, text, created, data) SELECT source_sha, source, text, 5, '{' FROM attempts")
    conn.commit()
    conn.close()
    with TranslationStore(path) as s:
        assert len(s.all_attempts()) == 1 and len(s.attempts_for(["Der Hund schläft."])["Der Hund schläft."]) == 1
