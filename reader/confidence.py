"""Per-word confidence from the model's subword log-probabilities.

A word is as sure as the mean log-probability of the pieces that made it;
below ``DOUBT_LOGPROB`` the reader marks it (and a sentence whose score is
below it) as doubtful.
"""

from __future__ import annotations

import math

from .text.typography import straighten
from .text.words import word_spans

DOUBT_LOGPROB = math.log(0.5)  # Firefox Translations' threshold for an unsure word


def word_confidence(text: str, tokens: tuple[str, ...], scores: tuple[float, ...]) -> list[tuple[int, int, float]]:
    """(start, end, mean log-prob) per word of ``text``, from the subword tokens that made it.

    Tokens are SentencePiece pieces ("▁" marks a space); special tokens
    (``</s>``, ``<unk>``, ``<pad>``) are skipped. Returns [] when the pieces
    cannot be matched to the text (then nothing is marked). The text may
    show restored typography (“ ” ‘ ’ …) where the pieces have the model's
    straight forms: both are matched straightened.
    """
    straight, offsets = straighten(text)
    char_scores: list[list[float]] = [[] for _ in straight]
    pos = 0
    for tok, score in zip(tokens, scores):
        if tok in ("</s>", "<pad>") or (tok.startswith("<") and tok.endswith(">")):
            continue
        piece = straighten(tok.replace("▁", " "))[0].lstrip(" ")
        while pos < len(straight) and straight[pos] == " " and not piece.startswith(" "):
            pos += 1
        if not piece:
            continue
        if straight.startswith(piece, pos):
            for k in range(pos, pos + len(piece)):
                char_scores[k].append(score)
            pos += len(piece)
        else:
            return []
    out = []
    for s, e in word_spans(text):
        a, b = offsets.span(s, e)  # the word's characters in the straightened text
        vals = [v for k in range(a, b) for v in char_scores[k]]
        uniq = vals and sum(vals) / len(vals)
        if vals:
            out.append((s, e, uniq))
    return out
