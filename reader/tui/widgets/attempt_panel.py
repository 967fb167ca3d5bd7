"""AttemptPanel: the learner's own translation of the current sentence, and then its grades.

Under the text, above the status line (the view gives it the rows). While it asks (``ask``) it shows the German and an
input; the model's English of that sentence is hidden in the view meanwhile.
On Enter it posts ``Submitted``; the screen grades the text in a worker and
calls ``show``, which replaces the input by the grades, each in place: the
German with the words the learner's text leaves unaligned marked, the
learner's English with the words that differ from the model's and the least
likely ones marked, the model's English with its differing words marked, and
one line of figures. Every piece of text is a ``rich.text.Text``: nothing the
learner types or the document holds is read as markup.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ...attempts import Attempt
from ...text.cleaning import blank_controls, clean
from ..keys import bindings

PanelMode = Literal["closed", "asking", "grading", "result"]
LABEL = 8  # the width of the row labels ("German", "Yours", "Model")


class AttemptPanel(Vertical):
    """The learner's translation of one sentence: the input, then the grades."""

    COMPONENT_CLASSES = {
        "attempt-panel--label",
        "attempt-panel--changed",
        "attempt-panel--unaligned",
        "attempt-panel--unlikely",
        "attempt-panel--figure",
    }
    DEFAULT_CSS = """
    AttemptPanel {
        display: none;
        height: auto;
        max-height: 60%;
        padding: 0 1;
        background: $boost;
        border-top: solid $primary;
    }
    AttemptPanel.-open { display: block; }
    AttemptPanel > #attempt-german, AttemptPanel > #attempt-result { height: auto; }
    AttemptPanel > #attempt-hint { color: $text-muted; }
    AttemptPanel #attempt-input, AttemptPanel #attempt-input:focus {
        border: none; height: 1; padding: 0; background: $surface;
    }
    AttemptPanel > .attempt-panel--label { color: $text-muted; }
    AttemptPanel > .attempt-panel--changed { background: $success 35%; text-style: bold; }
    AttemptPanel > .attempt-panel--unaligned { background: $error 55%; text-style: italic; }
    AttemptPanel > .attempt-panel--unlikely { text-style: underline; color: $text-warning; }
    AttemptPanel > .attempt-panel--figure { text-style: bold; }
    """
    BINDINGS = bindings("attempt_panel")

    @dataclass
    class Submitted(Message):
        """The learner pressed Enter on their translation of ``sentence``."""

        sentence: int
        text: str

    @dataclass
    class Closed(Message):
        """The panel was closed (Escape) while it showed ``sentence``."""

        sentence: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: PanelMode = "closed"
        self.sentence: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="attempt-german")
        yield Input(placeholder="your English for this sentence — Enter: grade it, Esc: close", id="attempt-input")
        yield Static(id="attempt-hint")
        yield Static(id="attempt-result")

    @property
    def input(self) -> Input:
        return self.query_one("#attempt-input", Input)

    def _set(self, mode: PanelMode, sentence: int | None) -> None:
        self.mode, self.sentence = mode, sentence
        self.set_class(mode != "closed", "-open")
        self.input.display = mode == "asking"
        self.query_one("#attempt-hint", Static).display = mode in ("asking", "grading")
        self.query_one("#attempt-result", Static).display = mode == "result"

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"attempt-panel--{name}")

    def _row(self, label: str, body: Text) -> Text:
        row = Text(f"{label:<{LABEL}}", style=self._style("label"), end="")
        row.append_text(body)
        return row

    # ------------------------------------------------------------------ modes

    def ask(self, sentence: int, german: str) -> None:
        """Ask for the learner's translation of ``german`` (sentence ``sentence``)."""
        self._set("asking", sentence)
        self.query_one("#attempt-german", Static).update(self._row("German", Text(clean(german))))
        self.query_one("#attempt-hint", Static).update(
            Text("The model's English of this sentence is hidden until you press Enter.")
        )
        self.input.value = ""
        self.input.focus()

    def grading(self) -> None:
        self._set("grading", self.sentence)
        self.query_one("#attempt-hint", Static).update(Text("Grading: the model reads your English…", style="italic"))

    def failed(self, why: str) -> None:
        """Grading failed: ask again, saying why."""
        self._set("asking", self.sentence)
        self.query_one("#attempt-hint", Static).update(Text(f"Not graded: {why}"))
        self.input.focus()

    def show(self, sentence: int, attempt: Attempt, count: int = 1) -> None:
        """The grades of ``attempt`` (the latest of ``count``) in place."""
        self._set("result", sentence)
        self.query_one("#attempt-german", Static).update(self._row("German", self._marked(
            attempt.source, attempt.unaligned, "unaligned")))
        self.query_one("#attempt-result", Static).update(self.result_text(attempt, count))

    def close(self) -> None:
        self._set("closed", None)

    def action_close(self) -> None:
        sentence = self.sentence
        self.close()
        if sentence is not None:
            self.post_message(self.Closed(sentence))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.sentence is not None:
            self.post_message(self.Submitted(self.sentence, event.value))

    # ------------------------------------------------------------------ the grades

    def _marked(self, text: str, spans, style: str) -> Text:
        out = Text(blank_controls(text), end="")  # the same length: the spans stay valid
        for s, e in spans:
            out.stylize(self._style(style), s, e)
        return out

    def result_text(self, a: Attempt, count: int = 1) -> Text:
        """Yours and the model's, their differences marked, and the figures."""
        yours, model = Text(blank_controls(a.text), end=""), Text(blank_controls(a.model_text), end="")
        changed = self._style("changed")
        for step in a.diff():
            if step.op in ("replace", "insert"):
                yours.stylize(changed, *step.span_b)
            if step.op in ("replace", "delete"):
                model.stylize(changed, *step.span_a)
        for w in a.least_likely:
            yours.stylize(self._style("unlikely"), w.start, w.end)
        out = Text(end="")
        out.append_text(self._row("Yours", yours))
        out.append("\n")
        out.append_text(self._row("Model", model))
        out.append("\n")
        figure = self._style("figure")
        out.append_text(self._row("", Text(f"chrF {a.chrf:.1f}", style=figure)))
        out.append(" against the model's   German words your English leaves unaligned: ")
        missing = a.unaligned_words()
        out.append(", ".join(clean(w) for w in missing) if missing else "none", style=self._style("unaligned") if missing else "")
        if a.least_likely:
            out.append("\n")
            out.append_text(self._row("", Text("the model's least likely words of yours: ")))
            for k, w in enumerate(a.least_likely):
                if k:
                    out.append(", ")
                out.append(clean(a.text[w.start:w.end]), style=self._style("unlikely"))
                p = math.exp(w.logprob)
                out.append(f" (p {'<0.01' if p < 0.01 else f'≈{p:.2f}'})", style="dim")
        out.append("\n")
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(a.time))
        attempts = f"the latest of {count} attempts" if count > 1 else "your first attempt"
        out.append_text(self._row("", Text(f"{attempts}, {when} · t: try again · T: all attempts", style="dim")))
        return out
