"""The Document: input → decoded text → paragraphs → sentences, every span into the text."""

from .formats import INPUT_FORMATS, InputFormat, LoadOptions, RawInput, register_input_format
from .loading import MAX_SENTENCE_CHARS, load_document, sample_path
from .structure import Document, Paragraph, Section, Sentence, build_document, stripped_sentences

__all__ = [
    "Document", "Paragraph", "Section", "Sentence", "build_document", "stripped_sentences",
    "INPUT_FORMATS", "InputFormat", "LoadOptions", "RawInput", "register_input_format",
    "MAX_SENTENCE_CHARS", "load_document", "sample_path",
]
