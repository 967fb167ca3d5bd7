"""reader: German→English machine translation and a bilingual terminal reader.

The library in five names::

    from reader import load_document, resolve_model, create_translator, TranslationStore, translate_sentences

    doc = load_document("article.de.txt")                    # Document → Paragraph → Sentence, with spans
    translator = create_translator(resolve_model("opus-mt-de-en"))
    with TranslationStore("translations.sqlite3") as store:
        translations = translate_sentences([s.text for s in doc.sentences], translator, store)

Names are imported on first use, so ``import reader`` (and the CLI's start) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name → the module that defines it
_EXPORTS = {
    "Document": "reader.document", "Paragraph": "reader.document", "Sentence": "reader.document",
    "build_document": "reader.document", "load_document": "reader.document",
    "Translation": "reader.translation", "Hypothesis": "reader.translation", "WordLink": "reader.translation",
    "DecodingOptions": "reader.engines", "Translator": "reader.engines", "create_translator": "reader.engines",
    "ResolvedModel": "reader.models", "resolve_model": "reader.models",
    "TranslationStore": "reader.store",
    "TranslationJob": "reader.job", "translate_sentences": "reader.job",
    "FORMATS": "reader.output.writers", "write_document": "reader.output.writers",
    "ReaderError": "reader.errors", "InputError": "reader.errors", "ModelError": "reader.errors",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .document import Document, Paragraph, Sentence, build_document, load_document
    from .engines import DecodingOptions, Translator, create_translator
    from .errors import InputError, ModelError, ReaderError
    from .job import TranslationJob, translate_sentences
    from .models import ResolvedModel, resolve_model
    from .output.writers import FORMATS, write_document
    from .store import TranslationStore
    from .translation import Hypothesis, Translation, WordLink


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reader' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
