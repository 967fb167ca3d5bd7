"""The output formats: one registry of ``Writer`` records (see docs/formats.md).

Each format is a module in ``reader/output/`` with its write function, and one
``Writer`` entry below. Everything else that needs to know the formats (the CLI's
``--format`` choices, the format an output path implies, the corpus's output names,
the reader's export hint, whether the engine is given sentences without inline markup,
whether per-token scores are computed) reads this registry.

``translations[i]`` always belongs to ``doc.sentences[i]``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import IO, Callable, Sequence

from ..document import Document
from ..registry import Registry
from ..translation import Translation
from .epub import write_epub, write_epub_bilingual, write_epub_bilingual_sentences
from .html import write_html, write_html_bilingual
from .jsonl import write_jsonl
from .markdown import write_md, write_md_en
from .pairs import Groups
from .plain import write_txt
from .subtitles import reading_speed_note, write_srt, write_srt_bilingual, write_vtt, write_vtt_bilingual
from .tmx import write_tmx
from .tsv import write_tsv

WriteFunction = Callable[[Document, Groups, IO], None]


@dataclass(frozen=True)
class Writer:
    """An output format: its name, its file extension, what it carries, and how it is written."""

    name: str
    extension: str  # ".txt": what `reader corpus` names its outputs, and the reader's export offers
    write: WriteFunction  # (document, paragraphs with their pairs, a text stream — bytes where binary)
    description: str = ""
    markup: bool = False  # carries inline markup (emphasis, links, code) across by word links: the engine gets plain sentences
    token_scores: bool = False  # writes per-token log-probabilities (the others let the engine skip them)
    # Uses the word links (carried markup, cues, jsonl's links): else, with no store to keep
    # them either, the engine skips them (DecodingOptions.word_links). On unless a format says.
    word_links: bool = True
    binary: bool = False  # a container written as bytes, not text
    # A line for stderr after writing (subtitles: cues read too fast), given the document and its translations.
    summary: Callable[[Document, Sequence[Translation]], str] | None = None
    by_sentence: WriteFunction | None = None  # ``--interleave sentence``: each German sentence followed by its English
    # Records each sentence's glossary term occurrences: ``write`` takes them as ``terms=`` (with_terms).
    terms: bool = False
    # Writes Markdown source (md, md-en): a table's delimiter row (|---|) is kept; the others leave it out.
    markdown: bool = False


INTERLEAVINGS = ("block", "sentence")  # a bilingual format's German and English: block by block, or sentence by sentence


_WRITERS: Registry[Writer] = Registry()


def register_writer(writer: Writer) -> Writer:
    """Add an output format (or replace one of the same name); it is then everywhere a format is chosen."""
    return _WRITERS.register(writer.name, writer)


def unregister_writer(name: str) -> None:
    _WRITERS.unregister(name)


def with_terms(writer: Writer, records) -> Writer:
    """``writer`` writing each sentence's term occurrences (``records``: per sentence, as
    ``TermOccurrence.record`` gives them), where its format records them; else ``writer``."""
    if not writer.terms or records is None:
        return writer
    return replace(writer, write=partial(writer.write, terms=records))


def writer_for(fmt: str) -> Writer:
    """The registered ``Writer`` called ``fmt``; ValueError naming the choices if there is none."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writer


def writers() -> tuple[Writer, ...]:
    return _WRITERS.records()


FORMATS: Sequence[str] = _WRITERS.names()  # txt, md, md-en, jsonl, tsv, tmx, html, html-bilingual, and any registered later


def format_from_path(path: str | Path) -> str | None:
    """The output format implied by a file name's extension (a format's name, else its extension), or None."""
    ext = Path(path).suffix.lower()
    if ext.lstrip(".") in FORMATS:
        return ext.lstrip(".")
    return next((w.name for w in _WRITERS.records() if w.extension == ext), None) if ext else None


def translation_sources(doc: Document, fmt: str) -> list[str]:
    """What the engine is given for each sentence of ``doc`` when writing ``fmt``: its text, without inline markup where ``fmt`` carries it."""
    if writer_for(fmt).markup:
        return [s.plain for s in doc.inline]
    return [s.text for s in doc.iter_sentences()]


def interleaved_write(writer: Writer, interleave: str) -> WriteFunction:
    """``writer``'s write function for ``interleave`` (see ``INTERLEAVINGS``); ValueError, naming the formats that
    have it, for "sentence" where ``writer`` has no ``by_sentence``."""
    if interleave != "sentence":
        return writer.write
    if writer.by_sentence is None:
        raise ValueError(f"--interleave sentence: {writer.name} has no sentence-by-sentence form; "
                         f"{', '.join(w.name for w in writers() if w.by_sentence)} has")
    return writer.by_sentence


def write_document(doc: Document, translations: Sequence[Translation], fmt: str, out: IO,
                   interleave: str = "block", writer: Writer | None = None) -> None:
    """Write ``doc`` with its sentence translations to ``out`` in format ``fmt`` (``interleave``: see ``INTERLEAVINGS``;
    "sentence" only where the format has ``by_sentence``, else ValueError; by ``writer``, when given: one with more
    to write, such as jsonl's term occurrences)."""
    writer = writer or writer_for(fmt)
    write = interleaved_write(writer, interleave)
    n_sentences = sum(len(p.sentences) for p in doc.paragraphs)
    if len(translations) != n_sentences:
        raise ValueError(
            f"got {len(translations)} translations for {n_sentences} sentences in {doc.name}"
        )
    groups: Groups = []
    i = 0
    for p in doc.paragraphs:
        if p.table_rule and not writer.markdown:
            continue  # a Markdown table's |---| row: markup, outside Markdown
        groups.append((p, [(s, translations[i + k]) for k, s in enumerate(p.sentences)]))
        i += len(p.sentences)
    write(doc, groups, out)


def save_document(doc: Document, translations: Sequence[Translation], fmt: str, path: Path | str,
                  interleave: str = "block", writer: Writer | None = None) -> None:
    """Write ``doc``'s translation to ``path`` atomically (text as UTF-8, a binary format as bytes)."""
    from .atomic import atomic_write_bytes, atomic_write_text

    with (atomic_write_bytes if (writer or writer_for(fmt)).binary else atomic_write_text)(path) as out:
        write_document(doc, translations, fmt, out, interleave, writer)


for _writer in (
    Writer("txt", ".txt", write_txt, "the English, one line a paragraph", word_links=False),
    Writer("md", ".md", write_md, "bilingual Markdown: each German block quoted above its English", markup=True,
           markdown=True),
    Writer("md-en", ".md", write_md_en, "the English as Markdown, the German's layout and inline markup kept", markup=True,
           markdown=True),
    Writer("jsonl", ".jsonl", write_jsonl, "a record per sentence: spans, scores, per-token scores, word links",
           token_scores=True, terms=True),
    Writer("tsv", ".tsv", write_tsv, "a row per sentence: paragraph, sentence, German, English, score",
           word_links=False),
    Writer("tmx", ".tmx", write_tmx, "a TMX 1.4 translation memory", word_links=False),
    Writer("html", ".html", write_html, "an English web page", markup=True),
    Writer("html-bilingual", ".html", write_html_bilingual, "a web page, each German block above its English",
           markup=True),
    Writer("epub", ".epub", write_epub, "an English EPUB book: the chapters, headings, notes and images kept",
           markup=True, binary=True),
    Writer("epub-bilingual", ".epub", write_epub_bilingual, "an EPUB book, each German block followed by its English",
           markup=True, binary=True, by_sentence=write_epub_bilingual_sentences),
    Writer("srt", ".srt", write_srt, "SubRip subtitles: the English on the German's cues, timings unchanged",
           summary=reading_speed_note),
    Writer("vtt", ".vtt", write_vtt, "WebVTT subtitles: the English on the German's cues, settings and styles kept",
           summary=reading_speed_note),
    Writer("srt-bilingual", ".srt", write_srt_bilingual, "SubRip subtitles, each cue's German above its English",
           summary=reading_speed_note),
    Writer("vtt-bilingual", ".vtt", write_vtt_bilingual, "WebVTT subtitles, each cue's German above its English",
           summary=reading_speed_note),
):
    register_writer(_writer)
del _writer


def _register_office() -> None:
    from .docx import write_docx, write_docx_bilingual
    from .odt import write_odt, write_odt_bilingual

    for writer in (
        Writer("docx", ".docx", write_docx, "an English Word document: each paragraph's style, lists, tables, notes "
               "and emphasis kept", markup=True, binary=True),
        Writer("docx-bilingual", ".docx", write_docx_bilingual, "a Word document, each German paragraph followed by "
               "its English", markup=True, binary=True),
        Writer("odt", ".odt", write_odt, "an English OpenDocument text: each paragraph's style, lists, tables, notes "
               "and emphasis kept", markup=True, binary=True),
        Writer("odt-bilingual", ".odt", write_odt_bilingual, "an OpenDocument text, each German paragraph followed "
               "by its English", markup=True, binary=True),
    ):
        register_writer(writer)


_register_office()
