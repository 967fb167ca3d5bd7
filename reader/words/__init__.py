"""The learner's words: saved words and their statuses (model), choosing and ordering them
(selection), CSV/TSV files (io), Anki decks (anki), and which words of a document the
learner knows (vocabulary). No UI here; the store keeps the words (``reader.store``).
"""

from .model import STATUSES, SavedWord, Span, Status, saved_word

__all__ = ["STATUSES", "SavedWord", "Span", "Status", "saved_word"]
