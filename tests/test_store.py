"""The SQLite translation store."""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
from pathlib import Path

import pytest

from reader.store import (
    DB_FILENAME,
    StoreError,
    TranslationStore,
    default_cache_dir,
    default_db_path,
)
from reader.translation import Hypothesis, Translation, WordLink

MODEL = "Helsinki-NLP/opus-mt-de-en@1a922f"
SETTINGS = "beams=4;alts=0"


def make(source: str, text: str = "The dog sleeps.", alts: int = 1) -> Translation:
    best = Hypothesis(
        text=text,
        score=-0.123456789,
        tokens=("▁The", "▁dog", "▁sleeps", ".", "</s>"),
        token_scores=(-0.1, -0.25, -0.333333, -0.01, float("-inf")),
        alignment=(WordLink(0, 3, 0, 3, 0.912345), WordLink(4, 8, 4, 7)),
    )
    alternatives = tuple(
        Hypothesis(f"{text} ({i})", -1.0 - i, ("▁x", "</s>"), (-0.5, -0.5)) for i in range(alts)
    )
    return Translation(source=source, best=best, alternatives=alternatives)


def rounded(t: Translation) -> Translation:
    """What the store promises back: floats rounded to 4 decimals."""

    def hyp(h: Hypothesis) -> Hypothesis:
        return Hypothesis(
            h.text,
            round(h.score, 4),
            h.tokens,
            tuple(round(x, 4) for x in h.token_scores),
            tuple(
                WordLink(a.source_start, a.source_end, a.target_start, a.target_end, round(a.weight, 4))
                for a in h.alignment
            ),
        )

    return Translation(t.source, hyp(t.best), tuple(hyp(h) for h in t.alternatives), t.edited)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with TranslationStore(tmp_path / "cache" / DB_FILENAME) as s:
        yield s


def test_roundtrip_and_miss(store: TranslationStore) -> None:
    t = make("Der Hund schläft.", alts=2)
    assert store.get_many(MODEL, SETTINGS, [t.source]) == {}
    store.put_many(MODEL, SETTINGS, [t, make("Nichts.", "", alts=0)])
    hits = store.get_many(MODEL, SETTINGS, [t.source, "Fehlt.", "Nichts.", t.source])
    assert set(hits) == {t.source, "Nichts."}
    assert hits[t.source] == rounded(t)
    assert hits["Nichts."].text == "" and hits["Nichts."].alternatives == ()


def test_replace_updates(store: TranslationStore) -> None:
    store.put_many(MODEL, SETTINGS, [make("Satz.", "Old.")])
    store.put_many(MODEL, SETTINGS, [make("Satz.", "New.")])
    assert store.get_many(MODEL, SETTINGS, ["Satz."])["Satz."].text == "New."
    assert store.stats()["rows"] == 1


def test_model_and_settings_are_separate_keys(store: TranslationStore) -> None:
    store.put_many(MODEL, SETTINGS, [make("Satz.", "A.")])
    store.put_many(MODEL, "beams=1;alts=0", [make("Satz.", "B.")])
    store.put_many("other-model@abc", SETTINGS, [make("Satz.", "C.")])
    assert store.get_many(MODEL, SETTINGS, ["Satz."])["Satz."].text == "A."
    assert store.get_many(MODEL, "beams=1;alts=0", ["Satz."])["Satz."].text == "B."
    assert store.get_many("other-model@abc", SETTINGS, ["Satz."])["Satz."].text == "C."
    assert store.get_many("other-model@abc", "beams=1;alts=0", ["Satz."]) == {}


def test_many_sources_are_chunked(store: TranslationStore) -> None:
    sources = [f"Satz Nummer {i}." for i in range(2500)]
    store.put_many(MODEL, SETTINGS, [make(s, alts=0) for s in sources])
    hits = store.get_many(MODEL, SETTINGS, sources + ["fehlt"])
    assert len(hits) == 2500 and hits["Satz Nummer 1234."].source == "Satz Nummer 1234."


def test_user_translations_independent_and_kept(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    with TranslationStore(path) as s:
        s.put_many(MODEL, SETTINGS, [make("Satz.", "Model.")])
        s.set_user_translation("Satz.", "Mine.")
        s.set_user_translation("Satz.", "Mine, revised.")
        s.set_user_translation("Anderer.", "Other.")
        # The model writing again, even an edited Translation, does not touch user versions.
        edited = Translation("Edited.", Hypothesis("user text", 0.0), edited=True)
        s.put_many(MODEL, SETTINGS, [make("Satz.", "Model 2."), edited])
        assert s.get_many(MODEL, SETTINGS, ["Edited."]) == {}
        s.clear()
        assert s.stats()["rows"] == 0
    with TranslationStore(path) as s:  # survives reopening and clear()
        assert s.get_user_translations(["Satz.", "Anderer.", "Neu."]) == {
            "Satz.": "Mine, revised.",
            "Anderer.": "Other.",
        }
        assert s.get_many(MODEL, SETTINGS, ["Satz."]) == {}
        s.clear_user_translation("Satz.")
        assert s.get_user_translations(["Satz.", "Anderer."]) == {"Anderer.": "Other."}
        assert s.stats()["user_rows"] == 1
        s.clear(include_user=True)
        assert s.stats()["user_rows"] == 0


def test_stats_and_schema(store: TranslationStore) -> None:
    store.put_many(MODEL, SETTINGS, [make(f"S{i}.") for i in range(3)])
    st = store.stats()
    assert st["rows"] == 3 and st["user_rows"] == 0 and st["size"] > 0
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] >= 1
    finally:
        con.close()


def test_corrupt_file_raises_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    junk = b"this is not a database\n" * 200
    path.write_bytes(junk)
    with pytest.raises(StoreError):
        TranslationStore(path)
    assert path.read_bytes() == junk
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_damaged_header_and_directory_raise(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    with pytest.raises(StoreError):
        TranslationStore(path)
    with pytest.raises(StoreError):
        TranslationStore(tmp_path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 999")
    con.close()
    with pytest.raises(StoreError, match="schema version 999"):
        TranslationStore(path)


def test_cache_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "mine"
    assert default_db_path() == tmp_path / "mine" / DB_FILENAME
    with TranslationStore(default_db_path()):
        pass
    assert (tmp_path / "mine" / DB_FILENAME).is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG applies on Linux")
def test_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("READER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "reader"


def _writer(path: str, worker: int, n: int) -> None:
    with TranslationStore(Path(path)) as s:
        for i in range(n):
            s.put_many(MODEL, SETTINGS, [make(f"W{worker} Satz {i}.", f"W{worker} sentence {i}.")])
            if i % 20 == 0:
                s.set_user_translation(f"W{worker} Satz {i}.", "mine")
                s.get_many(MODEL, SETTINGS, [f"W{1 - worker} Satz {i}."])


def test_two_processes_write_concurrently(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME  # neither process finds it: both race to create it
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), w, 200)) for w in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    sources = [f"W{w} Satz {i}." for w in (0, 1) for i in range(200)]
    with TranslationStore(path) as s:
        hits = s.get_many(MODEL, SETTINGS, sources)
        assert len(hits) == 400
        assert hits["W1 Satz 199."].text == "W1 sentence 199."
        assert len(s.get_user_translations(sources)) == 20
