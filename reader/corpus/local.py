"""The one-process runner: each unit in turn through the one translation job, with the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from ..engines import Translator
from ..errors import InputError
from ..job import translate_sentences
from ..store import TranslationStore
from .inputs import Unit
from .units import OutputSettings, prepare, write_output, write_part
from .outcome import Finished


def run_local(
    units: Sequence[Unit],
    shard_sources: Mapping[str, list[str]],
    settings: OutputSettings,
    translator: Translator,
    store: TranslationStore | None,
    part_key: str,
    token_scores: bool,
    on_sentences: Callable[[int], None] = lambda n: None,
) -> Iterator[Finished]:
    """Translate and write each unit; yield what became of it (a rerun finds the sentences in the store)."""
    for unit in units:
        if unit.lines is not None:
            sources = shard_sources[unit.key]
            translations = translate_sentences(sources, translator, store, token_scores=token_scores)
            write_part(unit, translations, settings, part_key)
            on_sentences(len(sources))
            yield Finished(unit, len(sources))
            continue
        prepared = prepare(unit, settings)
        if prepared.error:
            yield Finished(unit, 0, error=prepared.error)
            continue
        try:
            translations = translate_sentences(prepared.sources, translator, store, token_scores=token_scores)
        except InputError as exc:
            yield Finished(unit, len(prepared.sources), error=str(exc))
            continue
        output = write_output(prepared.doc, translations, unit, settings)
        on_sentences(len(prepared.sources))
        yield Finished(unit, len(prepared.sources), output)
