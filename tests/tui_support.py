"""Shared helpers for the reader TUI tests: a fake translator and screen probes."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from reader.document import build_document
from reader.engines import DecodingOptions
from reader.document import load_document, sample_path
from reader.translation import Hypothesis, Translation, WordLink
from reader.text.words import word_spans

ROOT = Path(__file__).resolve().parent.parent
TINY_MODEL = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"


def sample_doc():
    return load_document(str(sample_path()))


def text_doc(text: str, name: str = "test.txt"):
    return build_document(text, name, "txt")


class FakeTranslator:
    """Word-for-word "translation": each German word upper-cased, aligned 1:1.

    Words containing ``doubt`` (case-insensitive) get a low log-probability.
    ``gate``: when given, ``load`` waits for it (to watch streaming).
    """

    name = "fake"
    model_key = "fake-model"

    def __init__(self, options: DecodingOptions = DecodingOptions(), gate: threading.Event | None = None, log=None):
        self.options = options
        self.beams = options.beams or 4
        self.gate = gate
        self.log = log if log is not None else []
        self.settings_key = f"fake;alts={options.alternatives}"
        self.loaded = False

    def load(self) -> None:
        if self.gate is not None:
            self.gate.wait(10)
        self.loaded = True

    def with_options(self, options: DecodingOptions) -> "FakeTranslator":
        return FakeTranslator(options, self.gate, self.log)

    def _hyp(self, source: str, variant: int) -> Hypothesis:
        parts, links, tokens, scores = [], [], [], []
        pos = 0
        for s, e in word_spans(source):
            word = source[s:e].upper() if variant == 0 else f"{source[s:e].lower()}{variant}"
            if parts:
                pos += 1
            parts.append(word)
            links.append(WordLink(s, e, pos, pos + len(word)))
            tokens.append("▁" + word)
            scores.append(-2.0 if "doubt" in word.lower() else -0.05)
            pos += len(word)
        tokens.append("</s>")
        scores.append(-0.01)
        text = " ".join(parts)
        return Hypothesis(text, sum(scores) / len(scores), tuple(tokens), tuple(scores), tuple(links))

    def add_token_scores(self, translations):
        self.log.append(("scores", [t.source for t in translations]))
        return [t if t.has_token_scores else self.translate([t.source], log=False)[0] for t in translations]

    def translate(self, sources, log=True):
        if log:
            self.log.append(list(sources))
        out = []
        for source in sources:
            hyps = [self._hyp(source, k) for k in range(1 + self.options.alternatives)]
            out.append(Translation(source, hyps[0], tuple(hyps[1:])))
        return out


class ScriptedTranslator(FakeTranslator):
    """FakeTranslator that answers the sources in ``english`` with the given text (as OPUS-MT writes it:
    straight quotes, "..."), its words linked 1:1 in order and one piece per word."""

    def __init__(self, english: dict[str, str], options: DecodingOptions = DecodingOptions(), **kw):
        super().__init__(options, **kw)
        self.english = english

    def with_options(self, options: DecodingOptions) -> "ScriptedTranslator":
        return ScriptedTranslator(self.english, options, gate=self.gate, log=self.log)

    def _hyp(self, source: str, variant: int) -> Hypothesis:
        text = self.english.get(source)
        if text is None or variant:
            return super()._hyp(source, variant)
        spans = word_spans(text)
        links = tuple(WordLink(s, e, ts, te) for (s, e), (ts, te) in zip(word_spans(source), spans))
        tokens = tuple(("▁" if ts and text[ts - 1] == " " else "") + text[ts:te] for ts, te in spans) + ("</s>",)
        scores = tuple(-0.05 for _ in tokens)
        return Hypothesis(text, -0.05, tokens, scores, links)


def fake_factory(**kw):
    translator = FakeTranslator(**kw)

    def factory(notify):
        return translator

    factory.translator = translator
    return factory


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    import time

    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        await pilot.pause(0.02)
    await pilot.pause()


def all_done(app) -> bool:
    return app.feed_status.finished


def translated_count(app) -> int:
    """How many of the reader's sentences have a translation."""
    return sum(1 for t in app.state.translations if t is not None)


def screen_lines(view) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def styles_of(view, needle: str) -> list:
    """Rich styles of the visible segments whose text contains ``needle``."""
    found = []
    for y in range(view.scrollable_content_region.height):
        for seg in view.render_line(y):
            if needle in seg.text:
                found.append(seg.style)
    return found


def component(view, name: str):
    return view.get_component_rich_style(f"bitext--{name}")


def has_bg(styles, style) -> bool:
    return any(s is not None and s.bgcolor == style.bgcolor for s in styles)


def sync_tests(namespace: dict) -> None:
    """Run the module's ``async def test_*`` with asyncio.run (no pytest async plugin needed)."""
    import asyncio
    import functools
    import inspect

    def wrap(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            return asyncio.run(fn(*args, **kwargs))

        return wrapper

    for name, fn in list(namespace.items()):
        if name.startswith("test_") and inspect.iscoroutinefunction(fn):
            namespace[name] = wrap(fn)
