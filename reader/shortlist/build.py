"""Building a model's shortlist and checking it: translate German text, learn, write, gate.

The German text is the shipped sample article and whatever documents the user gives (their
own reading is what the list must serve). Every ``HELD_OUT_EVERY``-th distinct sentence is
held out: never learned from, translated once with the full vocabulary and once with the
list, and the two must agree (``gate``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..document.loading import load_document, sample_path
from ..engines import DecodingOptions, create_translator
from ..engines.ctranslate2 import conversion
from ..engines.shortlist import StoredShortlist, record_gate, write_shortlist
from ..job import translate_sentences
from ..models import ResolvedModel
from . import candidates
from .gate import MIN_HELD_OUT, GateResult, compare_outputs

HELD_OUT_EVERY = 4
GLOSSES_PER_WORD = 3
_GERMAN_WORD = re.compile(r"[^\W\d_]{2,}")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Built:
    stored: StoredShortlist
    gate: GateResult | None  # None: built without the gate


def corpus_sentences(documents: Sequence[str], include_sample: bool = True) -> list[str]:
    """The distinct sentences of the sample article and ``documents`` (paths, URLs), in order."""
    sources = ([str(sample_path())] if include_sample else []) + list(documents)
    sentences: dict[str, None] = {}
    for source in sources:
        for s in load_document(source).iter_sentences():
            sentences.setdefault(" ".join(s.text.split()), None)
    return [s for s in sentences if s]


def split_held_out(sentences: Sequence[str]) -> tuple[list[str], list[str]]:
    """(to learn from, held out): every HELD_OUT_EVERY-th sentence is held out."""
    learn = [s for n, s in enumerate(sentences) if n % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held = [s for n, s in enumerate(sentences) if n % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return learn, held


def dictionary_glosses(sentences: Sequence[str]) -> dict[str, list[str]]:
    """The offline dictionary's first glosses of the sentences' words (nothing when none is installed)."""
    from ..dictionary import Dictionary

    dictionary = Dictionary()
    if not dictionary.available:
        return {}
    words = dict.fromkeys(w for s in sentences for w in _GERMAN_WORD.findall(s))
    out: dict[str, list[str]] = {}
    for word in words:
        entries = dictionary.lookup(word, limit=GLOSSES_PER_WORD).entries
        glosses = [e.english or e.first_sense for e in entries[:GLOSSES_PER_WORD]]
        if glosses:
            out[word] = glosses
    return out


def build_shortlist(
    model: ResolvedModel,
    sentences: Sequence[str],
    recipe: candidates.Recipe = candidates.Recipe(),
    compute_type: str | None = None,
    gate: bool = True,
    progress: Progress | None = None,
    min_held_out: int = MIN_HELD_OUT,
) -> Built:
    """Translate ``sentences`` with the full vocabulary, learn the list, store it, and (``gate``) check it.

    The list is stored either way; a list that fails the gate is recorded as such, so
    ``--shortlist auto`` leaves it unused.
    """
    # Texts are all the list is learned from and gated on: no scoring pass, no word links.
    full = create_translator(model, DecodingOptions(shortlist="off", token_scores=False, word_links=False), "ctranslate2", "cpu", compute_type)
    learn, held = split_held_out(sentences) if gate else (list(sentences), [])
    reference = translate_sentences(learn + held, full, progress=progress, token_scores=False)
    vocab = full.vocab
    pairs = [(vocab.tokens(vocab.encode(t.source).ids[:-1]), list(t.best.tokens)) for t in reference[: len(learn)]]
    rules = [candidates.learned(pairs, recipe.per_source)]
    if recipe.dictionary:
        rules.append(candidates.from_glosses(vocab, dictionary_glosses(learn)))
    if recipe.copies:
        rules.append(candidates.copies(vocab))
    directory = conversion.converted_dir(model, full.quantization)
    constant = conversion.keeps_start_token(directory)
    if constant:  # one set for every batch (see candidates.vmap_text): only what the corpus's pieces call for
        seen = {p for source, _ in pairs for p in source}
        rules = [{k: v for k, v in rule.items() if k in seen} for rule in rules]
    text = candidates.vmap_text(candidates.always_kept(vocab, recipe.frequent), *rules, constant=constant)
    built = {"learned_from": len(learn), "held_out": len(held) if gate else 0, "recipe": vars(recipe),
             "sources_with_candidates": text.count("\n") - 1, "constant": constant}
    stored = write_shortlist(directory, model.key, text, built)
    if not gate:
        return Built(stored, None)
    listed = create_translator(model, DecodingOptions(shortlist="on", token_scores=False, word_links=False), "ctranslate2", "cpu", compute_type)
    with_list = translate_sentences(held, listed, token_scores=False)
    result = compare_outputs([t.text for t in reference[len(learn):]], [t.text for t in with_list], min_held_out=min_held_out)
    return Built(record_gate(stored, result.as_dict()), result)
