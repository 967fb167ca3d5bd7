"""Where a sentence stands in a document's chapters (``Document.sections``), and how far it is through the text.

The reader's chapter list, its title bar and the library read a document through
these; no Textual here. A section nested in a chapter (level 2) is listed under it,
and a sentence in it is placed in the innermost section that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text.words import words
from ..words.vocabulary import is_word
from .structure import Document, Section, Sentence


@dataclass(frozen=True)
class ChapterEntry:
    """A section as the chapter list shows it: its title, level, German words and first sentence."""

    section: Section
    words: int  # German running words in its paragraphs (numbers and punctuation not counted)
    first_sentence: int | None  # None: no sentence in it (an image, an empty heading)


def german_words(text: str) -> int:
    """Running words of ``text`` as the share of words known counts them: tokens with a letter."""
    return sum(1 for token in words(text) if is_word(token))


def chapters(doc: Document) -> list[ChapterEntry]:
    """The document's sections in order, each with its word count and first sentence."""
    out = []
    for section in doc.sections:
        paragraphs = doc.paragraphs[section.start:section.end]
        first = next((p.sentences[0].index for p in paragraphs if p.sentences), None)
        words = sum(german_words(s.text) for p in paragraphs for s in p.sentences)
        out.append(ChapterEntry(section, words, first))
    return out


def section_at(doc: Document, paragraph: int) -> Section | None:
    """The innermost section holding ``paragraph`` (the deepest, then the latest to start); None outside all."""
    holding = [s for s in doc.sections if s.start <= paragraph < s.end]
    return max(holding, key=lambda s: (s.level, s.start), default=None)


def percent_read(sentence: int, sentences: int) -> int:
    """How far sentence ``sentence`` (0-based) is through ``sentences``, in whole percent (the last one: 100)."""
    return 100 * (sentence + 1) // sentences if sentences else 0


def place_text(doc: Document, sentence: Sentence, sentences: int) -> str:
    """The title bar's "chapter · %" at ``sentence`` of ``sentences``, for a document with sections;
    "" for one without (its title bar stays as it was)."""
    if not doc.sections:
        return ""
    section = section_at(doc, sentence.paragraph)
    percent = f"{percent_read(sentence.index, sentences)}%"
    return f"{section.title}  ·  {percent}" if section is not None else percent
