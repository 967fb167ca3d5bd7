"""From subword attention to word links with character spans.

opus-mt models are "transformer-align" models: one cross-attention head
(last decoder layer, head 0) was trained on word alignments. Each target
subword is linked to the source subword it attends to most (Marian's hard
alignment); attending most to the source </s> means "unaligned". Subword
links are then lifted to the words (``reader.text.words``) the subwords overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..translation import WordLink
from ..text.words import word_spans


def _piece_words(piece_spans: Sequence[tuple[int, int]], words: Sequence[tuple[int, int]]) -> list[list[int]]:
    """For each piece, the indices of the words whose span it overlaps."""
    out: list[list[int]] = []
    w = 0
    for s, e in piece_spans:
        while w < len(words) and words[w][1] <= s:
            w += 1
        hits, k = [], w
        while k < len(words) and words[k][0] < e:
            if words[k][1] > s:
                hits.append(k)
            k += 1
        out.append(hits)
    return out


def word_links(
    attention: np.ndarray,
    source_text: str,
    source_spans: Sequence[tuple[int, int]],
    target_text: str,
    target_spans: Sequence[tuple[int, int]],
    target_positions: Sequence[int],
) -> tuple[WordLink, ...]:
    """Word links from one head's attention.

    ``attention[t, s]``: weight of source subword ``s`` (the last column is
    the source </s>) in the decoder step that produced target token ``t``.
    ``target_positions[k]`` is the row of the k-th shown target piece.
    """
    src_words = word_spans(source_text)
    tgt_words = word_spans(target_text)
    src_piece_words = _piece_words(source_spans, src_words)
    tgt_piece_words = _piece_words(target_spans, tgt_words)
    n_src = len(source_spans)
    # Pieces that cover no word (a bare "▁") cannot carry a link.
    usable = np.array([bool(w) for w in src_piece_words] + [True] * (attention.shape[1] - n_src), dtype=bool)
    best: dict[tuple[int, int], float] = {}
    for k, row_index in enumerate(target_positions):
        if not tgt_piece_words[k] or row_index >= attention.shape[0]:
            continue
        row = np.where(usable, attention[row_index], -1.0)
        s = int(row.argmax())
        if s >= n_src:  # attends to </s> (or padding): unaligned
            continue
        weight = float(row[s])
        for sw in src_piece_words[s]:
            for tw in tgt_piece_words[k]:
                if weight > best.get((sw, tw), -1.0):
                    best[(sw, tw)] = weight
    return tuple(
        WordLink(*src_words[sw], *tgt_words[tw], round(weight, 4))
        for (sw, tw), weight in sorted(best.items(), key=lambda kv: (tgt_words[kv[0][1]], src_words[kv[0][0]]))
    )


def shift_links(links: Sequence[WordLink], source_offset: int, target_offset: int) -> list[WordLink]:
    """Move links of a part of a sentence to the coordinates of the whole."""
    return [
        WordLink(l.source_start + source_offset, l.source_end + source_offset,
                 l.target_start + target_offset, l.target_end + target_offset, l.weight)
        for l in links
    ]
