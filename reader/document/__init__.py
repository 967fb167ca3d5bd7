"""The Document: input → decoded text → paragraphs → sentences, every span into the text."""

from .loading import INPUT_FORMATS, MAX_SENTENCE_CHARS, detect_format, load_document, sample_path
from .structure import Document, Paragraph, Sentence, build_document, stripped_sentences

__all__ = [
    "Document", "Paragraph", "Sentence", "build_document", "stripped_sentences",
    "INPUT_FORMATS", "MAX_SENTENCE_CHARS", "detect_format", "load_document", "sample_path",
]
