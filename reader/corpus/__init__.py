"""Corpus translation: many documents, in one process or on a Ray cluster.

``inputs`` finds the documents and cuts them into units of work; ``units``
turns a unit into sentences and its translations into the output file;
``manifest`` records what is done; ``outdir`` keeps OUTDIR apart from the
sources, marks it as ours and locks it for the run; ``local`` and
``distributed`` are the two runners (one process with the store; Ray Data with
an actor pool of translators); ``run`` ties them together. See docs/scale.md.
"""

from .inputs import CorpusInput, Unit, find_inputs, output_name, plan_units
from .manifest import Manifest, ManifestEntry
from .run import CorpusSettings, CorpusSummary, run_corpus

__all__ = [
    "CorpusInput", "CorpusSettings", "CorpusSummary", "Manifest", "ManifestEntry", "Unit",
    "find_inputs", "output_name", "plan_units", "run_corpus",
]
