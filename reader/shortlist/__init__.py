"""A model's vocabulary shortlist for CTranslate2: what it is built from, and the gate that admits it.

``reader models shortlist MODEL`` runs ``build_shortlist``; translators read the stored list
(``reader.engines.shortlist``) and use it per ``--shortlist auto|on|off``. docs/benchmarks.md
("Vocabulary shortlist") has the design and the speed.
"""

from .build import Built, build_shortlist, corpus_sentences
from .candidates import Recipe
from .gate import IDENTICAL_AT_LEAST, GateResult, compare_outputs

__all__ = ["IDENTICAL_AT_LEAST", "Built", "GateResult", "Recipe", "build_shortlist", "compare_outputs", "corpus_sentences"]
