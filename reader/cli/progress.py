"""A progress bar on stderr when it is a terminal; nothing when it is piped."""

from __future__ import annotations


class progress_bar:
    """A rich progress bar on stderr, or nothing (when stderr is not a terminal)."""

    def __init__(self, enabled: bool, description: str):
        from ..text.cleaning import clean

        # Descriptions name files: never markup, never an escape sequence (stderr_progress).
        self.enabled, self.description = enabled, clean(description)
        self._bar = self._task = None

    def __enter__(self):
        if not self.enabled:
            return None
        self._bar = stderr_progress()
        self._bar.start()
        self._task = self._bar.add_task(self.description, total=None)

        def update(done: int, total: int) -> None:
            self._bar.update(self._task, completed=done, total=total)

        return update

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()
        return False


def stderr_progress():
    """The Rich progress display every command uses: description, bar, done/total, time left; on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )
