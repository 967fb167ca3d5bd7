"""Glossaries: the user's terms, found by lemma, enforced through the word links and checked by them.

model (Term, Glossary, the content hash), files (TSV/CSV and TBX), matching (where
a glossary's terms occur in a German sentence), enforcing (the English span a term's
links point to replaced by the term's English), checking (each occurrence's status),
translator (GlossaryTranslator: any engine with a glossary, its own store key).
docs/glossary.md.
"""

from .model import Glossary, Term

__all__ = ["Glossary", "Term"]
