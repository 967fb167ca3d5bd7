"""Grouping sentences into length-sorted batches under a token budget."""

from __future__ import annotations

from collections.abc import Sequence


def plan_batches(lengths: Sequence[int], max_sentences: int, max_tokens: int) -> list[list[int]]:
    """Indices of ``lengths`` grouped into batches, longest first.

    Sorting by length keeps padding small; a batch holds at most
    ``max_sentences`` items and at most ``max_tokens`` padded tokens
    (items × longest), but always at least one item.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = lengths[current[0]] if current else lengths[i]
        if current and (len(current) >= max_sentences or (len(current) + 1) * longest > max_tokens):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches
