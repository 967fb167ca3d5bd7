"""Messages that worker threads post to the app (``post_message`` is thread-safe)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from textual.message import Message

from ..attempts import Attempt
from ..dictionary import LookupResult
from ..memory.lookup import FuzzyMemory
from ..document import Document
from ..translation import Hypothesis, Translation
from ..words.vocabulary import DocumentVocabulary
from ..words import SavedWord, Status
from .feed_status import FeedStage


@dataclass
class TranslationsArrived(Message):
    """Model translations by source sentence: from the store, filled in with scores, or new."""

    items: dict[str, Translation]


@dataclass
class UserVersionsArrived(Message):
    """The user's own versions by source; ``picked`` holds the model hypothesis a version was chosen from."""

    items: dict[str, str]
    picked: dict[str, Hypothesis] = field(default_factory=dict)


@dataclass
class MemoryReady(Message):
    """The translation memory, read for fuzzy matching (``reader.memory.lookup.FuzzyMemory``)."""

    memory: FuzzyMemory


@dataclass
class TranslatorStatus(Message):
    """The feed moved on (``detail``: the model's name, or what went wrong)."""

    stage: FeedStage
    detail: str = ""


@dataclass
class ModelReady(Message):
    """The model is resolved (not yet loaded); its name goes in the title bar."""

    name: str


@dataclass
class AlternativesReady(Message):
    """The n-best list for sentence ``sentence``."""

    sentence: int
    translation: Translation


@dataclass
class DictionaryReady(Message):
    """The lookup of the German word ``span`` of sentence ``sentence``."""

    word: str
    result: LookupResult
    sentence: int
    span: tuple[int, int]


@dataclass
class AttemptsLoaded(Message):
    """The learner's attempts at the document's sentences, from the store, by source (oldest first)."""

    items: dict[str, list[Attempt]]


@dataclass
class AttemptGraded(Message):
    """The learner's translation of sentence ``sentence``, graded; ``problem``: why it was not saved, if it was not."""

    sentence: int
    attempt: Attempt
    problem: str = ""


@dataclass
class AttemptsListed(Message):
    """Every attempt in the store (all documents), oldest first, for the attempts screen."""

    attempts: list[Attempt]


@dataclass
class GlossChosen(Message):
    """The learner picked a dictionary sense as the gloss of the German word ``span`` of sentence
    ``sentence``: the words feature saves the word with it (``reader.words``)."""

    sentence: int
    span: tuple[int, int]
    gloss: str


@dataclass
class WordSaved(Message):
    """A word saved (``w``), given a gloss (``GlossChosen``) or a status (``1`` ``2`` ``3``): what the store holds now.
    ``previous``: its status before, None when it was not saved."""

    word: SavedWord
    previous: Status | None
    change: Literal["saved", "gloss", "status"]


@dataclass
class VocabularyReady(Message):
    """The document's words lemmatized and the learner's statuses read: the unknown words can be highlighted."""

    vocabulary: DocumentVocabulary


@dataclass
class WordStatusesRead(Message):
    """Every saved lemma's status, read again (after the saved-words screen, where they may have changed)."""

    statuses: dict[str, Status]


@dataclass
class DocumentLoaded(Message):
    """A document read to be opened in the reader (from the library), and where it was read from."""

    doc: Document
    source: str
