"""The glossary in the reader (``G``): a term from the German word under the cursor, and the terms marked in the English.

``G`` asks for the English of the word's lemma (the English linked to it as the
first guess) and keeps the term in the store's glossary (``reader glossary``);
the sentences holding the term are translated again with it. A saved word's
gloss becomes a term in the saved-words screen (``G`` there); whenever the reader
comes back to the front, a glossary changed meanwhile (there, or by ``reader
glossary``) is taken up the same way. The placed term occurrences of the model's
English are marked (``ReaderState.term_spans``).
"""

from __future__ import annotations

from textual import work

from ...glossary import Term
from ...glossary.translator import GlossaryTranslator
from ...text.cleaning import clean
from ...text.lemmas import lemma
from ..messages import ModelReady, TranslationsArrived
from . import NO_WORD, ReaderFeature

NEEDS_STORE = "The glossary is kept in the store, and it is off (--no-cache)."


class GlossaryFeature(ReaderFeature):
    """Adding terms and taking up a changed glossary (a mixin of ``ReaderScreen``)."""

    # ------------------------------------------------------------------ workers

    @work(thread=True, group="glossary", exit_on_error=False, name="translating with the glossary")
    def glossary_worker(self, term: Term | None) -> None:
        """Keep ``term`` (None: only read the glossary); if the glossary changed, translate its sentences again."""
        store = self.services.store
        if term is not None:
            store.add_terms([term])
        glossary = store.glossary()
        translator = self.services.translator
        if not isinstance(translator, GlossaryTranslator):
            return  # not made yet (it reads the glossary when it is) or --no-glossary
        if translator.glossary.content_hash == glossary.content_hash and term is None:
            return
        old = translator.index
        translator.use(glossary)
        self.state.term_index = translator.index
        sources = [s.text for s in self.state.sentences
                   if any(not m.compound for index in (old, translator.index) for m in index.find(s.text))]
        items = {source: self.feed.translation(source) for source in dict.fromkeys(sources)}
        self.post_message(TranslationsArrived(items))
        if term is not None:
            self.app.call_from_thread(self.notify, f"Term: {clean(term.german)} → {clean(term.english)} "
                                                   f"({len(items)} sentences translated again)", markup=False)

    # ------------------------------------------------------------------ actions

    def action_add_term(self) -> None:
        if self.services.store is None:
            self.notify(NEEDS_STORE, markup=False)
            return
        found = self.active_german_word()
        if found is None:
            self.notify(NO_WORD, markup=False)
            return
        i, (start, end) = found
        sentence = self.state.sentences[i].text
        german = lemma(sentence[start:end])
        shown = self.state.shown(i, reveal_all=True)
        guess = " ".join(shown.text[s:e] for s, e in self.state.links(i, "de", (start, end), reveal_all=True))
        from ..dialogs.prompt import PromptScreen  # another module's screen, imported when first opened

        def keep(english: str | None) -> None:
            if english and english.strip():
                self.glossary_worker(Term(german, " ".join(english.split())))

        self.app.push_screen(PromptScreen(f"Glossary: {clean(german)} →", value=clean(guess), context=clean(sentence),
                                          hint="Enter: keep the term, always this English · Esc: no term"), keep)

    # ------------------------------------------------------------------ messages

    def on_model_ready(self, message: ModelReady) -> None:
        translator = self.services.translator
        if isinstance(translator, GlossaryTranslator):
            self.state.term_index = translator.index

    def on_screen_resume(self) -> None:
        if self.services.store is not None and isinstance(self.services.translator, GlossaryTranslator):
            self.glossary_worker(None)
