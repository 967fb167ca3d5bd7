"""Carrying a sentence's English back over the cues its German came from, by the word links.

Each English word votes for the cue piece holding the German words it is linked to
(by link weight); a word with no link votes, weakly, for the piece at the same relative
position in the German (proportional to the German's characters). The words are then
cut into consecutive runs, one per piece, in order, so that as many votes as possible
are kept (a small dynamic programme); every piece gets a word while there are enough.
Every English word lands in exactly one piece, and in order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

from ..translation import WordLink

_WORD = re.compile(r"\S+")
UNLINKED_VOTE = 0.3  # a word with no link follows the German's proportions, but any link outweighs that
TIE_VOTE = 0.05  # proportions break ties among linked words


def split_over_pieces(english: str, pieces: Sequence[tuple[int, int]], alignment: Sequence[WordLink] = ()
                      ) -> list[tuple[int, int]]:
    """The [start, end) of ``english`` that goes to each German piece (consecutive [start, end) of the source sentence).

    A piece that gets no word has an empty span at where it would be.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(english)]
    k = len(pieces)
    if not words:
        return [(0, 0)] * k
    if k == 1:
        return [(words[0][0], words[-1][1])]
    votes = [_votes(w, english, pieces, alignment) for w in words]
    cuts = _best_cuts(votes, k)
    out = []
    for j in range(k):
        a, b = cuts[j], cuts[j + 1]
        if a < b:
            out.append((words[a][0], words[b - 1][1]))
        else:
            at = words[a][0] if a < len(words) else len(english)
            out.append((at, at))
    return out


def _piece_at(pieces: Sequence[tuple[int, int]], offset: float) -> int:
    """The piece holding a German offset (one between pieces goes to the piece before)."""
    return max(0, bisect_right([start for start, _ in pieces], offset) - 1)


def _votes(word: tuple[int, int], english: str, pieces: Sequence[tuple[int, int]], alignment: Sequence[WordLink]
           ) -> list[float]:
    votes = [0.0] * len(pieces)
    linked = [link for link in alignment if link.target_start < word[1] and word[0] < link.target_end]
    total = sum(link.weight for link in linked)
    for link in linked:
        votes[_piece_at(pieces, link.source_start)] += link.weight / total if total > 0 else 1 / len(linked)
    german_start, german_end = pieces[0][0], pieces[-1][1]
    middle = (word[0] + word[1]) / 2 / max(1, len(english))
    votes[_piece_at(pieces, german_start + middle * (german_end - german_start))] += TIE_VOTE if linked else UNLINKED_VOTE
    return votes


def _best_cuts(votes: list[list[float]], k: int) -> list[int]:
    """Cut points 0 = c0 ≤ c1 … ≤ ck = n keeping the most votes; every piece non-empty when n ≥ k."""
    n = len(votes)
    nonempty = n >= k
    prefix = [[0.0] * (n + 1) for _ in range(k)]  # prefix[j][w]: votes of words[:w] for piece j
    for j in range(k):
        for w in range(n):
            prefix[j][w + 1] = prefix[j][w] + votes[w][j]
    none = float("-inf")
    best = [[none] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for w in range(n + 1):
            # the words before piece j-1 end: at most w (w - 1 if it must have one); pieces after it need their words
            if nonempty and (w < j or n - w < k - j):
                continue
            top = w - 1 if nonempty else w
            for v in range(top + 1):
                if best[j - 1][v] == none:
                    continue
                score = best[j - 1][v] + prefix[j - 1][w] - prefix[j - 1][v]
                if score > best[j][w]:
                    best[j][w], back[j][w] = score, v
    cuts = [n]
    for j in range(k, 0, -1):
        cuts.append(back[j][cuts[-1]])
    return cuts[::-1]
