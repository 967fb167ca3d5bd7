"""The German sentence read aloud (``r``), by espeak-ng (``reader.speech``).

Speaking runs in a thread worker, so the reader goes on while it talks. ``r`` on
the sentence being spoken stops it; on another sentence it stops the one before
and speaks this one. What is spoken is the German as shown (no Markdown markers).
"""

from __future__ import annotations

from textual import work

from ...speech import Speaker, SpeechUnavailable
from . import ReaderFeature


class SpeakingFeature(ReaderFeature):
    """Reading the current German sentence aloud (a mixin of ``ReaderScreen``)."""

    _speaker: Speaker | None
    _spoken: int | None  # the sentence last given to the speaker

    def on_mount(self) -> None:
        self._speaker = None
        self._spoken = None

    def on_unmount(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()

    @work(thread=True, group="speech", exit_on_error=False, name="reading aloud")
    def speech_worker(self, speaker: Speaker, text: str) -> None:
        speaker.speak(text)

    def action_speak(self) -> None:
        if not self.state.sentences:
            return
        if self._speaker is None:
            try:
                self._speaker = Speaker()
            except SpeechUnavailable as exc:
                message = str(exc)
                self.notify(message[:1].upper() + message[1:], severity="warning", markup=False)
                return
        i = self.view.cursor
        if self._speaker.stop() and self._spoken == i:
            self._spoken = None
            return
        self._spoken = i
        # The reader's sentences are the shown text: a Markdown sentence's markup is already out of it.
        self.speech_worker(self._speaker, self.state.sentences[i].text)
