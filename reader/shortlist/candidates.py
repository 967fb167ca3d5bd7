"""What a vocabulary shortlist is made of, for a model whose training data we do not have.

Four sources, each for what the others miss:

* **always kept** (the empty n-gram of ``vmap.txt``): the target SentencePiece model's most
  probable pieces (its unigram scores rank the pieces by how often they were used in the
  training data: the function words and common endings every sentence needs), every piece
  that is one character or has no letter (punctuation, digits, symbols), so that any word
  can still be spelled out, however badly;
* **learned**: the model's own translations of German text (as Firefox's lists come from their
  teacher's output), a source piece's candidates being the target pieces that occur with it
  most consistently (Dice coefficient over sentences, the best ``per_source``);
* **dictionary**: the offline dictionary's glosses of the corpus's German words, for senses the
  corpus did not show;
* **copies**: each source piece itself and the target model's pieces of the same text, for
  names and numbers the model copies (CTranslate2 adds no source token by itself).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..engines.vocab import MarianVocab

WORD = "▁"  # SentencePiece's word-start mark
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Recipe:
    """How big each part of a list is."""

    frequent: int = 1000  # most probable target pieces, always kept
    per_source: int = 20  # learned candidates per source piece
    copies: bool = True  # each source piece and its text in target pieces
    dictionary: bool = True  # the offline dictionary's glosses of the corpus's words


def always_kept(vocab: MarianVocab, frequent: int) -> set[str]:
    """The most probable target pieces, and every one-character or letterless piece."""
    target = vocab.target
    known = vocab.token_to_id
    ranked = sorted(
        (i for i in range(target.get_piece_size()) if not (target.is_control(i) or target.is_unknown(i))),
        key=lambda i: -target.get_score(i),
    )
    kept = set([p for p in (target.id_to_piece(i) for i in ranked) if p in known][:frequent])
    for token in known:
        bare = token.removeprefix(WORD)
        if len(bare) <= 1 or not _LETTER.search(bare):
            kept.add(token)
    kept -= {"<pad>"}  # never generated (CTranslate2 keeps <unk>, <s> and </s> by itself)
    return kept


def learned(pairs: Iterable[tuple[list[str], list[str]]], per_source: int) -> dict[str, list[str]]:
    """Per source piece, the target pieces that co-occur with it most consistently (Dice over sentences)."""
    source_count: Counter[str] = Counter()
    target_count: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for source, target in pairs:
        s, t = set(source), set(target)
        source_count.update(s)
        target_count.update(t)
        together.update((a, b) for a in s for b in t)
    best: dict[str, list[tuple[float, int, str]]] = {}
    for (a, b), n in together.items():
        best.setdefault(a, []).append((2 * n / (source_count[a] + target_count[b]), n, b))
    return {a: [b for _, _, b in sorted(c, reverse=True)[:per_source]] for a, c in best.items()}


def copies(vocab: MarianVocab) -> dict[str, list[str]]:
    """Each source piece → itself and the target model's pieces of its text (names and numbers are copied)."""
    known = vocab.token_to_id
    out: dict[str, list[str]] = {}
    source = vocab.source
    for i in range(source.get_piece_size()):
        if source.is_control(i) or source.is_unknown(i):
            continue
        piece = source.id_to_piece(i)
        if piece not in known:
            continue
        text = piece.removeprefix(WORD)
        pieces = vocab.target.encode(text, out_type=str) if text else []
        if pieces and not piece.startswith(WORD):  # inside a word: no word-start mark on its first piece
            pieces[0] = pieces[0].removeprefix(WORD)
        out[piece] = [piece] + [p for p in pieces if p and p in known and p != piece]
    return out


def from_glosses(vocab: MarianVocab, glosses: dict[str, list[str]]) -> dict[str, list[str]]:
    """German word → English glosses, as source piece → the glosses' target pieces."""
    known = vocab.token_to_id
    out: dict[str, list[str]] = {}
    for word, english in glosses.items():
        targets = [p for g in english for p in vocab.target.encode(g, out_type=str) if p in known]
        for piece in vocab.source.encode(word, out_type=str):
            out.setdefault(piece, []).extend(targets)
    return out


def vmap_text(kept: set[str], *rules: dict[str, list[str]], constant: bool = False) -> str:
    """CTranslate2's ``vmap.txt``: the always-kept line (empty source), then each source piece's candidates.

    ``constant``: every candidate on the always-kept line, so that every batch has the same
    candidate set. Needed for a model that starts decoding from a token of its own (not
    </s>): CTranslate2 4.8 keeps each token's position in the first restricted output layer
    it built (``Decoder::update_output_layer`` adds to its id map without clearing it), so
    the start token, the last id, would be looked up at a stale position once the set changes.
    </s> (id 0) is always at position 0, so a model starting from it is unaffected.
    """
    if constant:
        kept = kept | {t for rule in rules for targets in rule.values() for t in targets}
        rules = ()
    merged: dict[str, dict[str, None]] = {}
    for rule in rules:
        for source, targets in rule.items():
            merged.setdefault(source, {}).update(dict.fromkeys(t for t in targets if t not in kept))
    lines = ["\t" + " ".join(sorted(kept))]
    lines += [f"{source}\t{' '.join(targets)}" for source, targets in sorted(merged.items()) if targets and source]
    return "\n".join(lines) + "\n"
