"""GlossaryTranslator: any engine with a glossary; its store key carries the glossary's hash.

Wrapping the translator (rather than each consumer's output) is what lets every
consumer — ``reader translate``, the reader, ``reader corpus``, ``reader compare``'s
model systems — get the same terms through the one translation job, and the store
never serve a translation made under another glossary (or none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..engines import DecodingOptions, Translator
from ..engines.protocol import Notify
from ..errors import InputError
from ..translation import Translation
from .checking import TermOccurrence, check_all, occurrence_records
from .enforcing import apply, plan
from .matching import TermIndex
from .model import Glossary


class GlossaryTranslator:
    """``inner`` with every translation's terms enforced (``enforcing``) and rescored for honest word links."""

    def __init__(self, inner: Translator, glossary: Glossary, index: TermIndex | None = None) -> None:
        self.inner = inner
        self.glossary = glossary
        self.index = index or TermIndex(glossary)
        # source sentence → the German spans this process replaced (so "enforced" vs "already right" is known)
        self.enforced: dict[str, frozenset[tuple[int, int]]] = {}

    def use(self, glossary: Glossary) -> None:
        """Enforce ``glossary`` from now on (the reader, when a term is added); its store key follows."""
        self.glossary, self.index = glossary, TermIndex(glossary)
        self.enforced = {}

    # the Translator protocol, delegated
    name = property(lambda self: self.inner.name)
    backend = property(lambda self: self.inner.backend)
    model_key = property(lambda self: self.inner.model_key)
    options = property(lambda self: self.inner.options)
    beams = property(lambda self: self.inner.beams)

    @property
    def settings_key(self) -> str:
        # No terms, no change: the same store rows as the engine without a glossary.
        if not self.glossary:
            return self.inner.settings_key
        return f"{self.inner.settings_key};glossary={self.glossary.content_hash}"

    @property
    def notify(self) -> Notify | None:
        return self.inner.notify

    @notify.setter
    def notify(self, value: Notify | None) -> None:
        self.inner.notify = value

    def load(self) -> None:
        self.inner.load()

    def with_options(self, options: DecodingOptions) -> GlossaryTranslator:
        other = GlossaryTranslator(self.inner.with_options(options), self.glossary, self.index)
        other.enforced = self.enforced
        return other

    def add_token_scores(self, translations: Sequence[Translation]) -> list[Translation]:
        """Per-token scores where missing: a sentence with terms scored on its text (its subwords may be the
        model's from before a replacement), the others as the engine does it."""
        result = list(translations)
        with_terms: dict[int, frozenset[tuple[int, int]]] = {}
        for i, t in enumerate(result):
            if not t.has_token_scores:
                spans = frozenset((m.start, m.end) for m in self.index.find(t.source) if not m.compound)
                if spans:
                    with_terms[i] = spans
        if with_terms:
            result = self._rescored(result, with_terms)
        rest = [i for i in range(len(result)) if i not in with_terms]
        for i, t in zip(rest, self.inner.add_token_scores([result[i] for i in rest])):
            result[i] = t
        return result

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        return self.inner.score(sources, targets)

    def translate(self, sources: Sequence[str]) -> list[Translation]:
        translations = self.inner.translate(sources)
        return self.enforce(translations) if self.glossary else translations

    def enforce(self, translations: Sequence[Translation]) -> list[Translation]:
        """The translations with their terms put in; changed ones scored by the engine for links of their own."""
        result = list(translations)
        changed: dict[int, frozenset[tuple[int, int]]] = {}
        for i, t in enumerate(result):
            replacements, _ = plan(t, self.index.find(t.source))
            self.enforced[t.source] = frozenset((r.match.start, r.match.end) for r in replacements)
            if replacements:
                result[i] = apply(t, replacements)
                changed[i] = self.enforced[t.source]
        if changed and self.inner.options.token_scores:
            result = self._rescored(result, changed)
        return result

    def _rescored(self, result: list[Translation], changed: dict[int, frozenset[tuple[int, int]]]) -> list[Translation]:
        """The changed translations scored by the engine: its subwords, scores and links for the new text.

        Only when per-token scores are wanted (jsonl, the reader's word confidence): the pass
        cost +59 % of the search on newstest2019 with the tiny model, the replacement alone +4.5 %
        (docs/glossary.md); without it the links are the model's, moved along with the text
        (``enforcing.apply``).

        A placed term keeps the link it was placed by (the model's own, from before the
        replacement) besides the new ones: forced alignment of a word the model would not
        have chosen often points elsewhere, and the check asks which German the term stands for.
        """
        order = list(changed)
        try:
            scored = self.inner.score([result[i].source for i in order], [result[i].text for i in order])
        except InputError:  # a sentence too long to score whole: it keeps the links carried over
            return result
        for i, s in zip(order, scored):
            if s.text != result[i].text:  # the model's subwords could not spell the new text: keep the carried links
                continue
            kept = tuple(a for a in result[i].alignment if any(a.source_start < e and b < a.source_end for b, e in changed[i]))
            best = replace(s.best, alignment=tuple(dict.fromkeys(s.best.alignment + kept)))
            result[i] = Translation(result[i].source, best, result[i].alternatives, result[i].edited)
        return result

    def occurrences(self, translations: Sequence[Translation]) -> list[list[TermOccurrence]]:
        """Each translation's term occurrences, checked by its word links."""
        return check_all(self.index, translations, self.enforced)

    def term_records(self, translations: Sequence[Translation]) -> list[list[dict]]:
        """The occurrences as an output records them (jsonl's ``terms``), per translation."""
        return occurrence_records(self.occurrences(translations))
