"""Offline German→English dictionary look-ups (``reader.dictionary.sources``: the installed formats)."""

from .sources import INSTALL_HINT, DictdDictionary, Dictionary, Entry, LookupResult, TransDictionary, candidates, search_dirs

__all__ = [
    "INSTALL_HINT",
    "DictdDictionary",
    "Dictionary",
    "Entry",
    "LookupResult",
    "TransDictionary",
    "candidates",
    "search_dirs",
]
