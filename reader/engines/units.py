"""What both engines share around the model call: work units and reassembly.

A source sentence becomes one unit, or several when it is longer than the
model's input limit (cut by ``long_input.split_to_fit``, never truncated);
each unit's hypotheses are turned into ``Hypothesis`` objects the same way
(subword decoding, scores, word alignment) and the parts of a long sentence
are joined into one translation again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .alignment import shift_links, word_links
from ..translation import Hypothesis, Translation
from .long_input import split_to_fit
from .vocab import Encoded, MarianVocab


@dataclass
class Unit:
    """A piece of work: a whole sentence, or one part of a sentence too long for the model."""

    sentence: int
    offset: int  # start of the part in the sentence
    text: str
    encoded: Encoded
    whole: bool = True  # the whole sentence, not a part of a long one


def make_units(sources: Sequence[str], vocab: MarianVocab, max_input: int) -> list[Unit]:
    """Units for ``sources``; ``max_input`` is the most source subwords before </s>."""
    units = []
    for n, text in enumerate(sources):
        encoded = vocab.encode(text)
        if len(encoded.ids) <= max_input + 1:
            units.append(Unit(n, 0, text, encoded))
            continue
        for s, e in split_to_fit(text, vocab.count, max_input + 1):
            units.append(Unit(n, s, text[s:e], vocab.encode(text[s:e]), whole=False))
    return units


def output_cap(source_tokens: int, ratio: float, extra: int, max_output: int) -> int:
    """Most target tokens (</s> included) for a source of this many tokens."""
    return min(max_output, int(source_tokens * ratio) + extra)


def forced_length(source_tokens: int, extra: int, max_output: int) -> int:
    """Benchmark-only: the exact number of target tokens (</s> included) to produce."""
    return max(1, min(max_output, source_tokens + extra))


def make_hypothesis(
    vocab: MarianVocab,
    unit: Unit,
    ids: list[int],
    token_scores: Sequence[float] | None,
    attention: np.ndarray | None,
    score: float | None = None,
) -> Hypothesis:
    """A Hypothesis from generated ids (no decoder-start token), their log-probs and the alignment head.

    ``attention[t]`` is the alignment head's weights over the source tokens
    (</s> included) in the step that produced ``ids[t]``. Without ``token_scores``
    (not computed: ``DecodingOptions.token_scores``) the sentence ``score`` is given;
    without ``attention`` (``DecodingOptions.word_links``) the hypothesis has no word links.
    """
    end = ids.index(vocab.eos_id) + 1 if vocab.eos_id in ids else len(ids)
    ids = ids[:end]
    decoded = vocab.decode(ids)
    scores = [round(float(x), 4) for x in token_scores[:end]] if token_scores is not None else []
    links = () if attention is None else word_links(
        attention[:end], unit.text, unit.encoded.spans, decoded.text, decoded.spans, decoded.positions
    )
    if scores:
        score = float(np.mean(scores))
    return Hypothesis(
        text=decoded.text,
        score=round(float(score), 4) if score is not None else 0.0,
        tokens=tuple(vocab.tokens(ids)),
        token_scores=tuple(scores),
        alignment=links,
    )


def assemble(sources: Sequence[str], units: list[Unit], results) -> list[Translation]:
    """One Translation per source from the hypotheses of its units (n-best only for whole sentences)."""
    parts: dict[int, list[tuple[Unit, list[Hypothesis]]]] = {}
    for u, hyps in zip(units, results):
        parts.setdefault(u.sentence, []).append((u, hyps))
    out = []
    for n, source in enumerate(sources):
        pieces = parts[n]
        if len(pieces) == 1:
            hyps = pieces[0][1]
            out.append(Translation(source, hyps[0], tuple(hyps[1:])))
        else:
            out.append(Translation(source, join_parts([(u.offset, h[0]) for u, h in pieces])))
    return out


def join_parts(parts: list[tuple[int, Hypothesis]]) -> Hypothesis:
    """One hypothesis from the translations of consecutive parts of a sentence."""
    texts, tokens, scores, links = [], [], [], []
    target_offset = 0
    for source_offset, h in parts:
        if texts:
            target_offset += 1  # the joining space
        texts.append(h.text)
        tokens.extend(h.tokens)
        scores.extend(h.token_scores)
        links.extend(shift_links(h.alignment, source_offset, target_offset))
        target_offset += len(h.text)
    return Hypothesis(
        text=" ".join(texts),
        score=round(float(np.mean(scores)), 4) if scores else 0.0,
        tokens=tuple(tokens),
        token_scores=tuple(scores),
        alignment=tuple(links),
    )


def with_hypothesis(t: Translation, k: int, h: Hypothesis) -> Translation:
    """``t`` with hypothesis ``k`` (0: the best, then the alternatives) replaced by ``h``."""
    if k == 0:
        return replace(t, best=h)
    alternatives = list(t.alternatives)
    alternatives[k - 1] = h
    return replace(t, alternatives=tuple(alternatives))
