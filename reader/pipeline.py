"""Translating a document's sentences through the store and an engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .engines import Translator
from .store import TranslationStore
from .translation import Translation

Progress = Callable[[int, int], None]  # (sentences done, total)


def translate_sentences(
    sources: Sequence[str],
    translator: Translator,
    store: TranslationStore | None = None,
    progress: Progress | None = None,
    chunk_size: int = 128,
    token_scores: bool = True,
) -> list[Translation]:
    """One Translation per source sentence, in order.

    The store is asked first; the rest is translated in chunks (in document
    order, each batched by length inside the engine) and saved after every
    chunk, so an interrupted run resumes where it stopped. With ``token_scores``,
    stored translations made without per-token scores get them filled in and
    saved; without, the caller has no use for them.
    """
    unique = list(dict.fromkeys(sources))
    done: dict[str, Translation] = {}
    if store is not None:
        done.update(store.get_many(translator.model_key, translator.settings_key, unique))
        unscored = [s for s, t in done.items() if token_scores and not t.has_token_scores]
        for start in range(0, len(unscored), chunk_size):
            filled = translator.add_token_scores([done[s] for s in unscored[start:start + chunk_size]])
            store.put_many(translator.model_key, translator.settings_key, filled)
            done.update((t.source, t) for t in filled)
    todo = [s for s in unique if s not in done]
    total = len(unique)
    if progress:
        progress(total - len(todo), total)
    for start in range(0, len(todo), chunk_size):
        chunk = todo[start:start + chunk_size]
        translated = translator.translate(chunk)
        if store is not None:
            store.put_many(translator.model_key, translator.settings_key, translated)
        done.update(zip(chunk, translated))
        if progress:
            progress(total - len(todo) + start + len(chunk), total)
    return [done[s] for s in sources]
