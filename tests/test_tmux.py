"""The real `reader open` in a real terminal (tmux): both columns and the highlight.

Runs the installed entry point on the bundled sample article with the tiny
model from tests/fixtures and a temporary store, types keys with
``tmux send-keys`` and reads the screen with ``tmux capture-pane`` (with -e,
so the highlight's colours are visible as SGR codes).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def session(tmp_path):
    if not (TINY / "model.safetensors").exists():
        pytest.skip("tiny model fixture missing")
    name = f"reader-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ, "TERM": "xterm-256color", "HF_HUB_OFFLINE": "1",
        "READER_MODELS_DIR": str(tmp_path / "models"), "PYTHONPATH": str(ROOT),
    }
    cmd = (
        f"{sys.executable} -m reader open --model {TINY} --cache-dir {tmp_path / 'cache'} --device cpu;"
        " echo READER-EXITED; sleep 60"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "150", "-y", "40", cmd],
        check=True, env=env, cwd=str(tmp_path),
    )
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def _wait_for(name: str, predicate, timeout: float = 90.0, escapes: bool = False) -> str:
    end = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < end:
        screen = _tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", name)
        if predicate(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"screen never matched; last screen:\n{screen}")


def _background_codes(line: str, text: str) -> set[str]:
    """The SGR background codes in effect where ``text`` starts on ``line`` (with escapes)."""
    pos = line.find(text)
    assert pos >= 0, (text, line)
    codes = re.findall(r"\x1b\[([0-9;]*)m", line[:pos])
    bg = set()
    for code in codes:
        parts = code.split(";")
        if "48" in parts:
            i = parts.index("48")
            bg = {";".join(parts[i:i + 3])}
        elif code in ("0", ""):
            bg = set()
    return bg


def test_reader_in_tmux_shows_both_columns_and_the_highlight(session):
    def translated(screen: str) -> bool:
        return "Die NATO beeilt sich" in screen and "Ukraine" in screen.split("│", 1)[-1] and "translated 16/16" in screen

    screen = _wait_for(session, translated)
    first = next(l for l in screen.splitlines() if "Die NATO beeilt sich" in l)
    left, right = first.split("│", 1)
    assert "Die NATO beeilt sich" in left
    assert right.strip() and "Die NATO" not in right  # English on the right, in the same row
    assert "READER-EXITED" not in screen

    _tmux("send-keys", "-t", session, "j")  # sentence 2
    _wait_for(session, lambda s: "sentence 2/16" in s)
    colours = _wait_for(session, lambda s: "sentence 2/16" in s, escapes=True)
    row = next(l for l in colours.splitlines() if "Verbündeten der Ukraine" in l)
    other = next(l for l in colours.splitlines() if "Die NATO beeilt sich" in l)
    bg_current = _background_codes(row, "Verbündeten")
    assert bg_current and bg_current != _background_codes(other, "NATO beeilt")
    english = row.split("│", 1)[1]
    plain_english = re.sub(r"\x1b\[[0-9;]*m", "", english).strip()
    assert _background_codes(english, plain_english.split()[0]) == bg_current  # the pair: both sides lit

    _tmux("send-keys", "-t", session, "l", "l")  # word cursor on the second German word
    screen = _wait_for(session, lambda s: "→" in s.splitlines()[-2])
    assert "Verbündeten →" in screen.splitlines()[-2]

    _tmux("send-keys", "-t", session, "q")
    _wait_for(session, lambda s: "READER-EXITED" in s, timeout=20)


def test_a_learners_attempt_in_tmux(session, tmp_path):
    _wait_for(session, lambda s: "translated 16/16" in s)
    _tmux("send-keys", "-t", session, "t")  # the first sentence: type your own English
    screen = _wait_for(session, lambda s: "hidden until you press Enter" in s)
    first = next(l for l in screen.splitlines() if "Die NATO beeilt sich" in l)
    assert "░░░" in first.split("│", 1)[1]  # the model's English is hidden meanwhile
    _tmux("send-keys", "-t", session, "-l", "NATO hurries to arm «Ukraine» before talks.")
    _tmux("send-keys", "-t", session, "Enter")
    screen = _wait_for(session, lambda s: "chrF" in s and "least likely words of yours" in s)
    yours = next(l for l in screen.splitlines() if l.strip().startswith("Yours"))
    assert "NATO hurries to arm «Ukraine» before talks." in yours
    model = next(l for l in screen.splitlines() if l.strip().startswith("Model"))
    assert "NATO" in model and "░░░" not in screen  # revealed, in the panel and the view

    _tmux("send-keys", "-t", session, "q")
    _wait_for(session, lambda s: "READER-EXITED" in s, timeout=20)
    from reader.store import DB_FILENAME, TranslationStore

    with TranslationStore(tmp_path / "cache" / DB_FILENAME) as store:
        (attempt,) = store.all_attempts()
    assert attempt.text == "NATO hurries to arm «Ukraine» before talks." and 0 < attempt.chrf < 100


def test_save_a_word_in_tmux_then_export_a_deck(session, tmp_path):
    _wait_for(session, lambda s: "translated 16/16" in s)
    _tmux("send-keys", "-t", session, "j", "l", "l")  # "Verbündeten", sentence 2
    _wait_for(session, lambda s: "Verbündeten →" in s.splitlines()[-2])
    _tmux("send-keys", "-t", session, "w")
    _wait_for(session, lambda s: "Saved Verbündeter (new)" in s)
    _tmux("send-keys", "-t", session, "3")  # known
    _wait_for(session, lambda s: "Verbündeter: new → known" in s)
    _tmux("send-keys", "-t", session, "q")
    _wait_for(session, lambda s: "READER-EXITED" in s, timeout=20)

    deck = tmp_path / "deck.apkg"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "words", "export", str(deck), "--cache-dir", str(tmp_path / "cache")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    import sqlite3
    import zipfile

    with zipfile.ZipFile(deck) as z:
        (tmp_path / "collection.anki2").write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    notes = conn.execute("SELECT flds, tags FROM notes").fetchall()
    conn.close()
    assert notes and all("Verbündete" in flds for flds, _ in notes)
    assert any("<b>Verbündeten</b>" in flds or "Verbündeten</" in flds for flds, _ in notes)
    assert all("known" in tags for _, tags in notes)
