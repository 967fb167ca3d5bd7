"""Offline German→English dictionary look-ups.

``lookup`` (``Dictionary``, ``LookupContext``, ``LookupResult``) asks the
installed dictionaries (``sources``: trans-de-en, FreeDict dictd) for the forms
``forms`` derives (lemma, separable verb, compound parts) and puts the senses
that fit the sentence first (``ranking``). docs/dictionary.md has the details.
"""

from .forms import candidates
from .lookup import INSTALL_HINT, Dictionary, LookupContext, LookupResult, search_dirs
from .sources import DictdDictionary, Entry, TransDictionary

__all__ = [
    "INSTALL_HINT",
    "DictdDictionary",
    "Dictionary",
    "Entry",
    "LookupContext",
    "LookupResult",
    "TransDictionary",
    "candidates",
    "search_dirs",
]
