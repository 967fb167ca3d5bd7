"""German sentences read aloud by espeak-ng, one at a time.

The text goes to espeak-ng on stdin (``--stdin``), never through a shell or as
an argument, so a sentence that starts with "-" is not an option and no
character of it is interpreted. Its stderr is captured: ALSA's complaints on a
machine without sound must not reach the reader's terminal. No UI here: the
reader's speaking feature runs ``Speaker.speak`` in a worker and ``stop`` on a
key press.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

from .errors import ReaderError

BINARY = "espeak-ng"
VOICE = "de"
INSTALL_HINT = "sudo apt install espeak-ng"


class SpeechUnavailable(ReaderError):
    """espeak-ng is not installed (or fails to start)."""


def find_espeak() -> str:
    """The espeak-ng on PATH."""
    found = shutil.which(BINARY)
    if found is None:
        raise SpeechUnavailable(f"reading aloud needs espeak-ng: {INSTALL_HINT}")
    return found


def speak_command(binary: str, *, voice: str = VOICE, wav: Path | None = None) -> list[str]:
    """espeak-ng's arguments: the voice, UTF-8 text on stdin, and a wav file instead of the speakers if given."""
    command = [binary, "-v", voice, "-b", "1", "--stdin"]
    if wav is not None:
        command += ["-w", str(wav)]
    return command


class Speaker:
    """Speaks one text at a time; ``stop`` ends the one being spoken (from any thread)."""

    def __init__(self, binary: str | None = None, *, voice: str = VOICE) -> None:
        self.binary = binary or find_espeak()
        self.voice = voice
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def speaking(self) -> bool:
        with self._lock:
            return self._process is not None and self._process.poll() is None

    def speak(self, text: str, *, wav: Path | None = None) -> bool:
        """Say ``text`` and wait until it is said (True) or stopped (False); the one before is stopped.

        Raises ``SpeechUnavailable`` when espeak-ng cannot start, ``ReaderError`` when it fails.
        """
        command = speak_command(self.binary, voice=self.voice, wav=wav)
        with self._lock:
            self._stop_locked()
            try:
                process = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                )
            except OSError as exc:
                raise SpeechUnavailable(f"espeak-ng did not start ({exc.strerror or exc}): {INSTALL_HINT}") from None
            self._process = process
        try:
            _, err = process.communicate(text.encode("utf-8"))
        finally:
            with self._lock:
                if self._process is process:
                    self._process = None
        if process.returncode < 0:  # terminated: stopped, or the next sentence began
            return False
        lines = err.decode("utf-8", "replace").strip().splitlines()
        if process.returncode:
            raise ReaderError(f"espeak-ng failed: {(lines[-1:] or [f'exit status {process.returncode}'])[0]}")
        if not wav and any(line.startswith("ALSA lib pcm") and "Unknown PCM" in line for line in lines):
            # espeak-ng exits 0 when there is no sound device at all; say so rather than stay silent
            raise ReaderError("espeak-ng found no sound device to play on (ALSA: no default PCM)")
        return True

    def stop(self) -> bool:
        """End what is being said; whether anything was."""
        with self._lock:
            return self._stop_locked()

    def _stop_locked(self) -> bool:
        process = self._process
        if process is None or process.poll() is not None:
            return False
        process.terminate()
        return True
