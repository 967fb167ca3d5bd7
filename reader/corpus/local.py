"""The one-process runner: units through the one translation job, with the store.

Small documents are translated together (up to ``GROUP_SENTENCES`` sentences per job),
so the engine gets full, length-sorted batches as a Ray actor does; each document is
still written, and recorded, on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from ..engines import Translator
from ..errors import InputError, ReaderError
from ..job import translate_sentences
from ..memory.lookup import MemoryLookup
from ..store import TranslationStore
from .inputs import Unit
from .outcome import Finished
from .units import OutputSettings, Prepared, TermRecorder, finish, prepare

GROUP_SENTENCES = 512


def run_local(
    units: Sequence[Unit],
    shard_sources: Mapping[str, list[str]],
    settings: OutputSettings,
    translator: Translator,
    store: TranslationStore | None,
    part_key: str,
    token_scores: bool,
    on_sentences: Callable[[int], None] = lambda n: None,
    memory: MemoryLookup | None = None,
) -> Iterator[Finished]:
    """Translate and write each unit; yield what became of it (a rerun finds the sentences in the store)."""

    def translate(sources: list[str]):
        return translate_sentences(sources, translator, store, token_scores=token_scores, memory=memory)

    terms = getattr(translator, "term_records", None)  # a GlossaryTranslator's, for jsonl's "terms"
    group: list[Prepared] = []

    def flush() -> Iterator[Finished]:
        yield from _finish_group(group, translate, settings, part_key, on_sentences, terms)
        group.clear()

    for unit in units:
        if unit.lines is not None:
            group.append(Prepared(unit, shard_sources[unit.key]))
        else:
            prepared = prepare(unit, settings)
            if prepared.error:
                yield Finished(unit, 0, error=prepared.error)
                continue
            group.append(prepared)
        if sum(len(p.sources) for p in group) >= GROUP_SENTENCES:
            yield from flush()
    yield from flush()


def _finish_group(group: list[Prepared], translate, settings: OutputSettings, part_key: str, on_sentences,
                  terms: TermRecorder | None = None) -> Iterator[Finished]:
    if not group:
        return
    try:
        translations = translate([s for p in group for s in p.sources])
    except InputError as exc:
        if len(group) == 1:
            yield Finished(group[0].unit, len(group[0].sources), error=str(exc))
            return
        for p in group:  # find the document that fails; the others go on
            yield from _finish_group([p], translate, settings, part_key, on_sentences, terms)
        return
    start = 0
    for p in group:
        mine, start = translations[start:start + len(p.sources)], start + len(p.sources)
        try:
            output = finish(p.unit, p.doc, mine, settings, part_key, terms)
        except ReaderError as exc:
            yield Finished(p.unit, 0, error=str(exc))
            continue
        on_sentences(len(p.sources))
        yield Finished(p.unit, len(p.sources), output)

