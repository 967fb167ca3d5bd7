"""Grouping sentences into length-sorted batches under a token budget."""

from __future__ import annotations

from collections.abc import Sequence

TAIL_SHARE = 2  # a batch near the end holds at most 1/(TAIL_SHARE × workers) of the tokens left
TAIL_FLOOR = 4  # … but never under max_tokens / TAIL_FLOOR (tiny batches waste the matrix units)


def plan_batches(lengths: Sequence[int], max_sentences: int, max_tokens: int, workers: int = 1) -> list[list[int]]:
    """Indices of ``lengths`` grouped into batches, longest first.

    Sorting by length keeps padding small; a batch holds at most
    ``max_sentences`` items and at most ``max_tokens`` padded tokens
    (items × longest), but always at least one item.

    With ``workers`` > 1 (batches run side by side, taken in this order) and more than
    ``TAIL_SHARE × workers`` full batches, the batches shrink toward the end, each at most a
    ``TAIL_SHARE × workers``-th of the tokens left (guided self-scheduling): full batches
    leave one core idle while another finishes the last of them, which cost a 100-sentence
    call 7–10 % on 2 cores (docs/benchmarks.md); a long call keeps its full batches until
    its last few. A call of at most ``workers`` plain batches (the sentences in view, a short
    document: the plain plan is then often one full batch and a sliver) is dealt over the
    workers instead, longest first in turn, so each core takes an even share — where the
    dealt batches stay within both budgets: 1.7× faster for a first screen of 12 sentences
    on 2 cores (docs/benchmarks.md). Other calls of a few batches keep the plain plan.
    """
    if workers > 1 and len(plain := plan_batches(lengths, max_sentences, max_tokens)) <= TAIL_SHARE * workers:
        if len(plain) <= workers and len(lengths) > 1:
            order = [i for batch in plain for i in batch]  # longest first
            dealt = [b for b in (order[k::workers] for k in range(workers)) if b]
            if all(len(b) <= max_sentences and len(b) * lengths[b[0]] <= max_tokens for b in dealt):
                return dealt
        return plain
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    remaining = sum(lengths)
    batches: list[list[int]] = []
    current: list[int] = []
    cap = max_tokens
    for i in order:
        longest = lengths[current[0]] if current else lengths[i]
        if current and (len(current) >= max_sentences or (len(current) + 1) * longest > cap):
            batches.append(current)
            current = []
        if not current and workers > 1:
            cap = min(max_tokens, max(max_tokens // TAIL_FLOOR, remaining // (TAIL_SHARE * workers)))
        current.append(i)
        remaining -= lengths[i]
    if current:
        batches.append(current)
    return batches
