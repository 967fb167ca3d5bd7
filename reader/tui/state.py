"""What the reader shows, independent of Textual: sentences, their English, links, confidence.

Everything here runs on the UI thread; workers only deliver Translations.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from ..confidence import DOUBT_LOGPROB, word_confidence
from ..document import Document
from ..glossary.checking import check
from ..glossary.matching import TermIndex
from ..text.inline import InlineSpan, Read, restore_inline
from ..translation import Hypothesis, Translation
from ..words.vocabulary import DocumentVocabulary
from ..words import Status
from ..text.words import word_spans
from ..text.cleaning import clean

PENDING = "…"  # being translated
NO_MODEL = "—"  # no model: nothing will come (never a made-up translation)
HIDDEN = "░░░"

Span = tuple[int, int]
Side = Literal["de", "en"]  # German (the input) or English (what is shown for it)
# model: the model's best; user: the user's own text; picked: an alternative the user chose;
# memory: an imported translation memory's (reader.memory), served instead of the model's;
# pending: being translated; hidden: learning mode; none: no model, nothing will come.
ShownKind = Literal["model", "user", "picked", "memory", "pending", "hidden", "none"]
# The kinds that are an English text (not a placeholder).
ENGLISH_KINDS: tuple[ShownKind, ...] = ("model", "user", "picked", "memory")
# The unknown-word highlighting (K): off; the words not known; those not known and not frequent.
Highlight = Literal["off", "unknown", "rare"]


@dataclass
class Shown:
    """The English shown for one sentence."""

    text: str
    kind: ShownKind
    hypothesis: Hypothesis | None = None  # with alignment and scores, when there is one


class ReaderState:
    """What the reader shows of ``doc``.

    ``sentences`` are the document's sentences as the reader shows them and the model is
    given them: for a Markdown document (``Document.format == "md"``, HTML pages too) their
    ``text`` is without inline markup (``Document.inline``: what ``reader translate -f md``
    gives the model, so the store is shared), and every span of the state (words, links,
    search hits) is in that text; ``start``/``end`` are still the sentence's span in
    ``Document.text``. The markup is kept aside, as spans (``marks``) the view styles.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.inline = doc.inline if doc.format == "md" else None
        if self.inline is None:
            self.sentences = doc.sentences
        else:
            self.sentences = [s if m.plain == s.text else dataclasses.replace(s, text=m.plain)
                              for s, m in zip(doc.iter_sentences(), self.inline)]
        self.first_sentence: list[int] = []  # per paragraph: index of its first sentence
        n = 0
        for p in doc.paragraphs:
            self.first_sentence.append(n)
            n += len(p.sentences)
        self.translations: list[Translation | None] = [None] * len(self.sentences)
        self.user: dict[int, str] = {}
        self.picked: dict[int, Hypothesis] = {}
        self.by_source: dict[str, list[int]] = {}
        for s in self.sentences:
            self.by_source.setdefault(s.text, []).append(s.index)
        self.learning = False
        self.revealed: set[int] = set()
        self.trying: int | None = None  # the sentence the learner is translating: its English hidden until they submit
        self.tried: set[int] = set()  # sentences the learner has translated (marked in the German)
        self.model_unavailable: str | None = None
        self.highlight: Highlight = "off"
        self.vocabulary: DocumentVocabulary | None = None  # the document's words and the learner's statuses
        self.highlight_version = 0  # bumped when the highlighted words change: the view restyles
        self._words: dict[tuple[int, Side], list[Span]] = {}
        self._confidence: dict[int, list[tuple[int, int, float]]] = {}
        self._english_marks: dict[int, tuple[tuple[ShownKind, str], Read, Shown]] = {}
        self.term_index: TermIndex | None = None  # the glossary the translator enforces (reader.glossary)
        self._term_spans: dict[int, tuple[str, TermIndex, list[Span]]] = {}

    # ----------------------------------------------------------- updates

    def set_translations(self, items: dict[str, Translation]) -> set[int]:
        """Store model translations by source; return the sentence indexes that changed."""
        changed: set[int] = set()
        for source, t in items.items():
            for i in self.by_source.get(source, ()):
                self.translations[i] = t
                self._forget(i)
                changed.add(i)
        return changed

    def set_user(self, source: str, text: str | None, hypothesis: Hypothesis | None = None) -> set[int]:
        changed = set(self.by_source.get(source, ()))
        for i in changed:
            if text is None:
                self.user.pop(i, None)
                self.picked.pop(i, None)
            else:
                self.user[i] = text
                if hypothesis is not None and hypothesis.text == text:
                    self.picked[i] = hypothesis
                else:
                    self.picked.pop(i, None)
            self._forget(i)
        return changed

    def set_trying(self, i: int | None) -> set[int]:
        """Hide sentence ``i``'s English while the learner translates it (None: none hidden); the sentences changed."""
        changed = {k for k in (self.trying, i) if k is not None}
        self.trying = i
        for k in changed:
            self._forget(k)
        return changed

    def set_learning(self, on: bool) -> None:
        """Learning mode on (every sentence's English hidden until revealed) or off."""
        self.learning = on
        self._words = {k: v for k, v in self._words.items() if k[1] == "de"}  # the English words shown change

    def toggle_revealed(self, i: int) -> None:
        """Reveal sentence ``i``'s English in learning mode, or hide it again."""
        self.revealed.symmetric_difference_update({i})
        self._forget(i)

    def _forget(self, i: int) -> None:
        self._words.pop((i, "en"), None)
        self._confidence.pop(i, None)
        self._english_marks.pop(i, None)

    # ----------------------------------------------------------- queries

    def shown(self, i: int, reveal_all: bool = False) -> Shown:
        """The English shown for sentence ``i``: for Markdown, with inline code's own text in it.

        As ``reader translate -f md-en`` writes it (``restore_inline``): the code replaces the
        model's copy of it or is put in beside the English; the word links move with the text.
        """
        given = self._given(i, reveal_all)
        entry = self._english(i, given)
        return given if entry is None else entry[1]

    def _read(self, i: int, given: Shown) -> Read | None:
        """Sentence ``i``'s English with its markup put back (``Marked.as_read``); None: no markup."""
        entry = self._english(i, given)
        return None if entry is None else entry[0]

    def _english(self, i: int, given: Shown) -> tuple[Read, Shown] | None:
        """The markup put back into ``given`` and the English shown with it, worked out once per text."""
        if self.inline is None or given.kind not in ENGLISH_KINDS or not self.inline[i].spans:
            return None
        cached = self._english_marks.get(i)
        if cached is not None and cached[0] == (given.kind, given.text):
            return cached[1], cached[2]
        h = given.hypothesis
        read = restore_inline(given.text, self.inline[i].spans, h.alignment if h else (), self.sentences[i].text).as_read()
        shown = given
        if read.text != given.text:
            if h is not None:
                links = tuple(dataclasses.replace(l, target_start=a, target_end=b) for l in h.alignment
                              for a, b in [read.offsets.span(l.target_start, l.target_end)])
                h = dataclasses.replace(h, text=read.text, alignment=links)  # tokens and scores stay the model's
            shown = Shown(read.text, given.kind, h)
        self._english_marks[i] = ((given.kind, given.text), read, shown)
        return read, shown

    def _given(self, i: int, reveal_all: bool = False) -> Shown:
        """The English for sentence ``i`` as the model (or the user) gave it."""
        if not reveal_all and (i == self.trying or self.learning and i not in self.revealed):
            return Shown(HIDDEN, "hidden")
        if i in self.user:
            if i in self.picked:
                return Shown(clean(self.user[i]), "picked", self.picked[i])
            return Shown(clean(self.user[i]), "user")
        t = self.translations[i]
        if t is None:
            return Shown(NO_MODEL, "none") if self.model_unavailable else Shown(PENDING, "pending")
        text = clean(t.text)
        if t.origin == "memory":  # its links come from the model's forced pass, when it has run
            return Shown(text, "memory", t.best if text == t.text and t.best.alignment else None)
        return Shown(text, "model", t.best if text == t.text else None)

    def german_paragraph(self, p: int) -> tuple[str, list[Span]]:
        """Paragraph ``p``'s German as shown, and each sentence's span in it.

        The text of the document, or for Markdown the sentences without their markup,
        joined by the whitespace between them in the original (line breaks kept), and a
        fenced code block's lines without its fences.
        """
        para = self.doc.paragraphs[p]
        if self.inline is not None and para.kind == "code":  # its text, without the fence lines
            lines = self.doc.text[para.start:para.end].split("\n")
            return "\n".join(lines[1:-1] if len(lines) > 2 and lines[-1].lstrip().startswith(("```", "~~~")) else lines[1:]), []
        if self.inline is None or not para.sentences:
            return self.doc.text[para.start:para.end], [(s.start - para.start, s.end - para.start) for s in para.sentences]
        parts: list[str] = []
        spans: list[Span] = []
        pos = 0
        first = self.first_sentence[p]
        for k, s in enumerate(para.sentences):
            if k:
                gap = self.doc.text[para.sentences[k - 1].end:s.start]
                parts.append(gap)
                pos += len(gap)
            text = self.sentences[first + k].text
            parts.append(text)
            spans.append((pos, pos + len(text)))
            pos += len(text)
        return "".join(parts), spans

    def margin(self, p: int) -> str:
        """Before a subtitle paragraph's German, the start time of its first cue (``"01:02 "``); "" for other text."""
        from ..document.subtitles import SubtitleTrack, clock

        track = self.doc.container
        if not isinstance(track, SubtitleTrack):
            return ""
        cue = track.cue_at(self.doc.paragraphs[p].start)
        return f"{clock(cue.start)} " if cue is not None else ""

    def marks(self, i: int, side: Side) -> tuple[InlineSpan, ...]:
        """The inline markup of sentence ``i`` as spans over its German or its shown English.

        The English gets the German's spans by the word links (``restore_inline``, as the
        md and html outputs do; a version without links, the user's own, at the same
        relative places), over the text ``shown`` gives: inline code's own text in it.
        """
        if self.inline is None or not self.inline[i].spans:
            return ()
        if side == "de":
            return self.inline[i].spans
        read = self._read(i, self._given(i))
        return read.spans if read is not None else ()

    def words(self, i: int, side: Side) -> list[Span]:
        key = (i, side)
        w = self._words.get(key)
        if w is None:
            text = self.sentences[i].text if side == "de" else self.shown(i).text
            w = word_spans(text)
            self._words[key] = w
        return w

    def links(self, i: int, side: Side, span: Span, reveal_all: bool = False) -> list[Span]:
        """Spans on the other side linked to the word at ``span`` of ``side`` (many-to-many)."""
        shown = self.shown(i, reveal_all)
        h = shown.hypothesis
        if h is None:
            return []
        s, e = span
        out: list[Span] = []
        for link in h.alignment:
            if side == "de" and link.source_start < e and s < link.source_end:
                out.append((link.target_start, link.target_end))
            elif side == "en" and link.target_start < e and s < link.target_end:
                out.append((link.source_start, link.source_end))
        return sorted(set(out))

    def word_marks(self, i: int) -> list[tuple[int, int, Status]]:
        """The German words of sentence ``i`` to highlight, with their status (new or learning)."""
        if self.highlight == "off" or self.vocabulary is None:
            return []
        return self.vocabulary.not_known(i, rare_only=self.highlight == "rare")

    def term_spans(self, i: int) -> list[Span]:
        """Where the glossary's terms stand, placed and linked, in sentence ``i``'s English (the model's only)."""
        index, shown = self.term_index, self.shown(i)
        if index is None or not index.glossary or shown.kind != "model" or shown.hypothesis is None:
            return []
        cached = self._term_spans.get(i)
        if cached is not None and cached[0] == shown.text and cached[1] is index:
            return cached[2]
        t = Translation(self.sentences[i].text, shown.hypothesis)
        spans = [(o.target_start, o.target_end) for o in check(t, index.find(t.source))
                 if o.placed and o.target_start is not None and o.target_end is not None]
        self._term_spans[i] = (shown.text, index, spans)
        return spans

    def has_alignment(self, i: int) -> bool:
        return self.shown(i).hypothesis is not None

    def confidence(self, i: int) -> list[tuple[int, int, float]]:
        c = self._confidence.get(i)
        if c is None:
            given = self._given(i)  # the model's pieces make its own text, not the one with code put in
            h = given.hypothesis
            c = word_confidence(given.text, h.tokens, h.token_scores) if h is not None and given.kind == "model" else []
            read = self._read(i, given)
            if read is not None:
                c = [(a, b, v) for s, e, v in c for a, b in [read.offsets.span(s, e)]]
            self._confidence[i] = c
        return c

    def doubtful_words(self, i: int) -> list[Span]:
        return [(s, e) for s, e, v in self.confidence(i) if v < DOUBT_LOGPROB]

    def is_doubtful(self, i: int) -> bool:
        if i in self.user:
            return False
        t = self.translations[i]
        return t is not None and t.origin == "model" and (t.score < DOUBT_LOGPROB or bool(self.doubtful_words(i)))

    def export_translations(self) -> list[Translation]:
        """One Translation per sentence, the user's versions included; untranslated ones empty."""
        out = []
        for s in self.sentences:
            i = s.index
            if i in self.user:
                out.append(Translation(s.text, Hypothesis(self.user[i], 0.0), edited=True, origin="yours"))
            elif self.translations[i] is not None:
                out.append(self.translations[i])
            else:
                out.append(Translation(s.text, Hypothesis("", float("nan"))))
        return out
