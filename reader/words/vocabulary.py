"""Which German words of a document the learner doesn't know yet, and how much of it they know.

A word here is a token of ``reader.text.words`` with a letter in it (numbers and
punctuation are nothing to learn), identified by its lemma key
(``reader.text.lemmas.lemma_key``), as saved words are. The document is
lemmatized once — 0.4 s for a 223,000-word novel once simplemma's German data is
loaded (1.3 s), so the reader does it in a worker — and the learner's statuses
then change in memory.

The share known counts running words (tokens), not distinct lemmas: "known 62 %"
means 62 of every 100 words of the text are words the learner knows, the text
coverage that reading research relates comprehension to.

With a frequency list (wordfreq's N most frequent German words, case-folded as
lemma keys are), a word is *frequent* when its form or its lemma is on the list:
"ging" and "gehen" both are, so an inflected form of a common word is common.
No UI here: the reader's words feature shows it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ..text.lemmas import lemma_key
from ..text.words import word_spans
from .model import Status

FREQUENCY_LANG = "de"


@dataclass(frozen=True, slots=True)
class DocumentWord:
    """One word of a sentence: its span in the sentence and its lemma key."""

    start: int
    end: int
    key: str
    frequent: bool = False  # its form or lemma is among the N most frequent German words (False without a list)


@dataclass(frozen=True, slots=True)
class KnownShare:
    """How many of a document's running words the learner knows."""

    known: int
    total: int

    @property
    def percent(self) -> int:
        """Rounded down, so 100 % means every word."""
        return 100 * self.known // self.total if self.total else 0

    def __str__(self) -> str:
        return f"known {self.percent}% ({self.known:,} of {self.total:,} words)"


def is_word(token: str) -> bool:
    """Whether a token is a word to learn: it has a letter."""
    return any(c.isalpha() for c in token)


def _words(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e in word_spans(text) if is_word(text[s:e])]


def sentence_keys(sentences: Sequence[str]) -> list[tuple[str, ...]]:
    """Every sentence's words' lemma keys, in order (each distinct form lemmatized once)."""
    seen: dict[str, str] = {}  # form → key: also makes equal keys one string
    keys: dict[str, str] = {}
    out = []
    for text in sentences:
        found = []
        for s, e in _words(text):
            form = text[s:e]
            key = seen.get(form)
            if key is None:
                key = lemma_key(form)
                key = seen[form] = keys.setdefault(key, key)
            found.append(key)
        out.append(tuple(found))
    return out


def frequent_words(n: int) -> frozenset[str]:
    """wordfreq's ``n`` most frequent German words, case-folded (its own tokenizer's form)."""
    import wordfreq  # imported on first use: its German list takes ~0.3 s to load

    return frozenset(wordfreq.top_n_list(FREQUENCY_LANG, n))


class DocumentVocabulary:
    """A document's words and the learner's statuses of them: what is highlighted, and the share known.

    ``statuses`` maps lemma keys to statuses (``TranslationStore.word_statuses``);
    a word without one is not known. Only the keys are kept per sentence (8 bytes a
    word); spans are found again for the sentences asked about, those on screen.
    Plain data, updated on one thread.
    """

    def __init__(self, sentences: Sequence[str], keys: list[tuple[str, ...]], statuses: Mapping[str, Status],
                 frequent: Collection[str] = frozenset()) -> None:
        self._sentences = sentences
        self._keys = keys
        self._frequent = frequent
        self._counts = Counter(key for sentence in keys for key in sentence)
        self._total = sum(self._counts.values())
        self.set_statuses(statuses)

    @classmethod
    def build(
        cls, sentences: Sequence[str], statuses: Mapping[str, Status], frequent: Collection[str] = frozenset()
    ) -> DocumentVocabulary:
        return cls(sentences, sentence_keys(sentences), statuses, frequent)

    def words(self, i: int) -> tuple[DocumentWord, ...]:
        text = self._sentences[i]
        frequent = self._frequent
        return tuple(
            DocumentWord(s, e, key, key in frequent or text[s:e].casefold() in frequent)
            for (s, e), key in zip(_words(text), self._keys[i])
        )

    def status(self, key: str) -> Status | None:
        return self._statuses.get(key)

    def set_statuses(self, statuses: Mapping[str, Status]) -> None:
        """Take every lemma's status anew (a lemma left out is not saved: not known)."""
        self._statuses: dict[str, Status] = dict(statuses)
        self._known = sum(n for key, n in self._counts.items() if self._statuses.get(key) == "known")

    def set_status(self, key: str, status: Status) -> bool:
        """Record a lemma's new status; whether anything shown changes (the lemma is in the document)."""
        old = self._statuses.get(key)
        self._statuses[key] = status
        n = self._counts.get(key, 0)
        self._known += n * ((status == "known") - (old == "known"))
        return n > 0 and old != status

    def not_known(self, i: int, rare_only: bool = False) -> list[tuple[int, int, Status]]:
        """Sentence ``i``'s words not known, with their status ("new" also for words never saved);
        ``rare_only``: only those not among the frequent words."""
        out = []
        for w in self.words(i):
            status = self._statuses.get(w.key, "new")
            if status != "known" and not (rare_only and w.frequent):
                out.append((w.start, w.end, status))
        return out

    def counts(self) -> Mapping[str, int]:
        """Each lemma key of the document with its running words."""
        return self._counts

    def share(self) -> KnownShare:
        return KnownShare(self._known, self._total)
