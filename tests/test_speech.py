"""Reading aloud with espeak-ng: the command, the text on stdin, stopping, a missing or failing espeak-ng."""

from __future__ import annotations

import shutil
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.speech import Speaker, SpeechUnavailable, find_espeak, speak_command

TEXT = '-v en „Vorsicht“ $(rm -rf ~); `echo` [bold]x[/bold]'


def fake_espeak(directory: Path, *, sleep: float = 0.0, fail: bool = False, no_device: bool = False) -> Path:
    """An espeak-ng on PATH that records its arguments and stdin (one file each) and maybe waits or fails."""
    directory.mkdir(exist_ok=True)
    script = directory / "espeak-ng"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, time\n"
        f"log = {str(directory / 'calls.jsonl')!r}\n"
        "text = sys.stdin.buffer.read().decode('utf-8')\n"
        "with open(log, 'a', encoding='utf-8') as f:\n"
        "    f.write(json.dumps({'args': sys.argv[1:], 'stdin': text}) + '\\n')\n"
        f"time.sleep({sleep})\n"
        + ("sys.stderr.write('ALSA lib pcm.c: Unknown PCM default\\nerror: no sound card\\n'); sys.exit(1)\n" if fail else "")
        # what the real one does on a machine with no sound card: complains, and exits 0
        + ("sys.stderr.write('ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\\n')\n" if no_device else "")
    )
    script.chmod(0o755)
    return script


def calls(directory: Path) -> list[dict]:
    import json

    log = directory / "calls.jsonl"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def test_the_text_goes_on_stdin_never_as_an_argument(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    fake_espeak(bin_dir)
    monkeypatch.setenv("PATH", str(bin_dir))
    speaker = Speaker()
    assert speaker.binary == str(bin_dir / "espeak-ng")
    assert speaker.speak(TEXT) is True
    (call,) = calls(bin_dir)
    assert call == {"args": ["-v", "de", "-b", "1", "--stdin"], "stdin": TEXT}
    assert not speaker.speaking


def test_a_wav_file_instead_of_the_speakers():
    assert speak_command("/usr/bin/espeak-ng", wav=Path("out.wav")) == [
        "/usr/bin/espeak-ng", "-v", "de", "-b", "1", "--stdin", "-w", "out.wav",
    ]


def test_stop_ends_the_sentence_being_spoken(tmp_path):
    speaker = Speaker(str(fake_espeak(tmp_path / "bin", sleep=30)))
    results = []
    worker = threading.Thread(target=lambda: results.append(speaker.speak("Ein langer Satz.")))
    started = time.monotonic()
    worker.start()
    for _ in range(500):
        if calls(tmp_path / "bin"):
            break
        time.sleep(0.01)
    assert speaker.speaking
    assert speaker.stop() is True
    worker.join(10)
    assert results == [False] and time.monotonic() - started < 10
    assert speaker.stop() is False  # nothing left to stop


def test_a_new_sentence_stops_the_one_before(tmp_path):
    speaker = Speaker(str(fake_espeak(tmp_path / "bin", sleep=30)))
    results = []
    first = threading.Thread(target=lambda: results.append(("first", speaker.speak("Erster Satz."))))
    first.start()
    for _ in range(500):
        if speaker.speaking and calls(tmp_path / "bin"):
            break
        time.sleep(0.01)
    second = threading.Thread(target=lambda: results.append(("second", speaker.speak("Zweiter Satz."))))
    second.start()
    first.join(10)
    assert results == [("first", False)]  # stopped by the second
    for _ in range(500):
        if len(calls(tmp_path / "bin")) == 2:
            break
        time.sleep(0.01)
    assert speaker.stop() is True
    second.join(10)
    assert results == [("first", False), ("second", False)]
    assert [c["stdin"] for c in calls(tmp_path / "bin")] == ["Erster Satz.", "Zweiter Satz."]


def test_a_failing_espeak_says_its_last_line(tmp_path):
    speaker = Speaker(str(fake_espeak(tmp_path / "bin", fail=True)))
    with pytest.raises(ReaderError, match=r"^espeak-ng failed: error: no sound card$"):
        speaker.speak("Hallo.")


def test_no_sound_device_is_said_though_espeak_ng_exits_0(tmp_path):
    speaker = Speaker(str(fake_espeak(tmp_path / "bin", no_device=True)))
    with pytest.raises(ReaderError, match="no sound device"):
        speaker.speak("Hallo.")
    assert speaker.speak("Hallo.", wav=tmp_path / "x.wav") is True  # a file needs no device


def test_without_espeak_ng_it_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SpeechUnavailable, match="sudo apt install espeak-ng"):
        find_espeak()
    with pytest.raises(SpeechUnavailable, match="sudo apt install espeak-ng"):
        Speaker()
    gone = Speaker(str(tmp_path / "espeak-ng"))  # found once, removed since
    with pytest.raises(SpeechUnavailable, match="sudo apt install espeak-ng"):
        gone.speak("Hallo.")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_the_real_espeak_ng_speaks_german_into_a_wav(tmp_path):
    out = tmp_path / "satz.wav"
    assert Speaker().speak("Die NATO beeilt sich, die Ukraine zu bewaffnen.", wav=out) is True
    with wave.open(str(out)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert 1.0 < seconds < 10.0
