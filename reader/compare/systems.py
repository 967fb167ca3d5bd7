"""What ``reader compare`` compares: the source's segments and each system's English for them.

A *segment* is the unit every score is computed on: a line of a line-aligned
test set (``--lines``; a blank line is an empty segment), or a paragraph of an
article (its sentences translated one by one and joined, as ``reader translate
-o x.txt`` writes them). A *system* is English for every segment, from a model
with decoding settings (translated through the one translation job and the
store: a second compare translates nothing) or from a file. A SPEC names either:

    out.en.txt                          a file: one segment per line (an article: one paragraph per line)
    out.jsonl                           the JSONL of ``reader translate``
    opus-mt-de-en,beams=4               a model (locked name, ORG/NAME@REV or directory) and settings
    tests/fixtures/tiny-opus-mt-de-en,greedy,backend=torch
    opus-mt-de-en,preprocess=none,typography=none
    opus-mt-de-en,shortlist=off         against shortlist=on: what the vocabulary shortlist changes
    attempts                            the learner's own translations (``reader open``, key t), from the store

A model system's English is what ``reader translate`` writes: typography restored
(``typography=auto``, the default) unless the SPEC says ``typography=none``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Sequence

from ..document import Document
from ..engines import BACKENDS, DEVICES, DecodingOptions, open_translator
from ..errors import InputError
from ..engines.options import SHORTLIST_USES
from ..engines.preprocess import PREPROCESSING
from ..text.decoding import read_text
from ..text.typography import TYPOGRAPHIES
from ..translation import Hypothesis, Translation

if TYPE_CHECKING:
    from ..glossary import Glossary

SystemKind = Literal["model", "file", "attempts"]
ATTEMPTS_SPEC = "attempts"


@dataclass(frozen=True, slots=True)
class Source:
    """The German side: the document and, per segment, the indexes of the sentences it holds."""

    doc: Document
    groups: tuple[tuple[int, ...], ...]
    lines: bool  # a line-aligned test set (else an article, segments are paragraphs)
    cues: bool = False  # subtitles: a segment is a cue, its English the cue's share (as `-f srt` writes it)

    @classmethod
    def of(cls, doc: Document, lines: bool) -> Source:
        from ..document.subtitles import SubtitleTrack

        if not lines and isinstance(doc.container, SubtitleTrack):  # per cue, the sentences it has words of
            over: list[list[int]] = [[] for _ in doc.container.cues]
            for s in doc.iter_sentences():
                for k in doc.container.cues_over(s.start, s.end):
                    over[k].append(s.index)
            return cls(doc, tuple(tuple(group) for group in over), lines, cues=True)
        if lines:  # every paragraph is a line, blank ones included
            groups = tuple(tuple(s.index for s in p.sentences) for p in doc.paragraphs)
        else:  # paragraphs with something to translate
            groups = tuple(tuple(s.index for s in p.sentences) for p in doc.paragraphs if p.sentences)
        return cls(doc, groups, lines)

    @property
    def segments(self) -> list[str]:
        if self.cues:
            return [_one_segment(self.doc.text[a:b]) for a, b in self.doc.container.spans]
        sentences = self.doc.sentences
        return [_one_segment(" ".join(sentences[i].text for i in group)) for group in self.groups]

    @property
    def unit(self) -> str:
        return "cue" if self.cues else "line" if self.lines else "paragraph"

    def english(self, translations: Sequence[Translation]) -> tuple[str, ...]:
        """Each segment's English from the sentences' translations: as ``reader translate`` writes a paragraph
        (``-o x.txt``), or a cue (``-o x.srt``: the sentence's English cut over its cues by the word links)."""
        if self.cues:
            from ..output.subtitles import NO_WORDS, english_cues

            return tuple("" if c.lines == (NO_WORDS,) else _one_segment(" ".join(c.lines))
                         for c in english_cues(self.doc, translations))
        from ..output.pairs import english_paragraph

        return tuple(_one_segment(english_paragraph(translations[i] for i in group)) for group in self.groups)

    def english_of_texts(self, texts: Sequence[str]) -> tuple[str, ...]:
        """``english`` of plain sentence texts (a file's, the learner's): with no word links, cues get the
        English in proportion to their German."""
        return self.english([Translation(s.text, Hypothesis(text, 0.0)) for s, text in zip(self.doc.sentences, texts)])


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A model and its decoding settings, as a SPEC writes them."""

    model: str
    options: DecodingOptions
    backend: str = "auto"
    device: str = "auto"
    compute_type: str | None = None
    typography: str = "auto"


@dataclass(frozen=True, slots=True)
class System:
    name: str
    spec: str
    kind: SystemKind
    segments: tuple[str, ...]
    settings_key: str = ""  # for model systems: exactly what was run
    notes: tuple[str, ...] = ()  # what the comparison should say about this system


# SPEC settings → how each is read; "greedy" stands alone.
_SETTINGS: dict[str, Callable[[str], object]] = {
    "beams": int, "alternatives": int, "batch_size": int, "batch_tokens": int,
    "backend": str, "device": str, "compute_type": str, "preprocess": str, "typography": str,
    "shortlist": str,
}


def split_named(value: str) -> tuple[str | None, str]:
    """``NAME=SPEC`` → (NAME, SPEC); a SPEC alone has no name (the caller names it).

    A ``,`` before the ``=`` is a model's setting (``opus-mt-de-en,beams=4``) unless a file follows:
    ``a,b=out.txt`` is a name with a ``,``, refused, as is an empty name (``=out.txt``)."""
    name, sep, spec = value.partition("=")
    if not sep or "/" in name:
        return None, value
    if not name.strip():
        raise InputError(f"{value!r}: the name before '=' is empty (NAME=SPEC)")
    if "," in name:
        if is_file_spec(spec):
            raise InputError(f"{value!r}: a name cannot contain ',' (it separates a model's settings)")
        return None, value
    return name, spec


def default_name(spec: str) -> str:
    """A name for an unnamed SPEC: the file's or model's base name, with its settings."""
    head, _, settings = spec.partition(",")
    base = Path(head).name or head
    for suffix in (".jsonl", ".txt", ".en"):
        base = base.removesuffix(suffix)
    return f"{base},{settings}" if settings else base


def parse_model_spec(spec: str, base: DecodingOptions = DecodingOptions(token_scores=False)) -> ModelSpec:
    """A model SPEC: ``MODEL[,greedy][,beams=N][,backend=B][,device=D][,alternatives=N]…``."""
    model, *settings = [part.strip() for part in spec.split(",")]
    if not model:
        raise InputError(f"{spec!r}: a model SPEC starts with the model (a name, ORG/NAME@REV or a directory)")
    values: dict[str, object] = {}
    for setting in settings:
        key, sep, raw = setting.partition("=")
        key = key.strip().replace("-", "_")
        if key == "greedy" and not sep:
            values["beams"] = 1
            continue
        if key not in _SETTINGS or not sep:
            known = ", ".join(["greedy", *(f"{k}=…" for k in _SETTINGS)])
            raise InputError(f"{spec!r}: unknown setting {setting!r} (known: {known})")
        try:
            values[key] = _SETTINGS[key](raw.strip())
        except ValueError:
            raise InputError(f"{spec!r}: {key} takes a whole number, not {raw!r}") from None
    backend, device = values.pop("backend", "auto"), values.pop("device", "auto")
    if backend not in BACKENDS or device not in DEVICES:
        raise InputError(f"{spec!r}: backend is one of {', '.join(BACKENDS)}; device one of {', '.join(DEVICES)}")
    compute_type = values.pop("compute_type", None)
    typography = values.pop("typography", "auto")
    if values.get("preprocess", "none") not in PREPROCESSING or typography not in TYPOGRAPHIES:
        raise InputError(f"{spec!r}: preprocess is one of {', '.join(PREPROCESSING)}; typography one of {', '.join(TYPOGRAPHIES)}")
    if values.get("shortlist", "auto") not in SHORTLIST_USES:
        raise InputError(f"{spec!r}: shortlist is one of {', '.join(SHORTLIST_USES)}")
    options = replace(base, **values)
    if options.beams is not None and options.beams < 1 or options.alternatives < 0:
        raise InputError(f"{spec!r}: beams must be at least 1 and alternatives 0 or more")
    return ModelSpec(model, options, str(backend), str(device), compute_type, str(typography))


def is_attempts_spec(spec: str) -> bool:
    return spec.strip() == ATTEMPTS_SPEC


def is_file_spec(spec: str) -> bool:
    path = Path(spec)
    return path.is_file() or (not path.exists() and path.suffix.lower() in (".jsonl", ".txt", ".en"))


def read_segments(path: str, source: Source, what: str = "system") -> tuple[str, ...]:
    """The segments of a translation or reference file, checked against the source's count."""
    text, _name = read_text(path, lf_only=source.lines)
    n = len(source.groups)
    if Path(path).suffix.lower() == ".jsonl":
        return _jsonl_segments(path, text, source)
    if source.cues and Path(path).suffix.lower() in (".srt", ".vtt"):
        return _cue_segments(path, text, source)
    if source.lines:
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
    else:  # an article: one paragraph per line; the blank lines between paragraphs do not count
        lines = [line for line in text.split("\n") if line.strip()]
    if not any(line.strip() for line in lines):
        raise InputError(f"{path}: the {what} file has no text")
    if len(lines) != n:
        unit = "lines" if source.lines else "paragraphs (non-blank lines)"
        raise InputError(f"{path} has {len(lines):,} {unit}, the source has {n:,}")
    return tuple(_one_segment(line) for line in lines)


def _cue_segments(path: str, text: str, source: Source) -> tuple[str, ...]:
    """An English subtitle file on the source's cues: each cue's text, one line, without tags.

    Cue n must be on screen while the source's cue n is (overlap: a retimed file passes, cues
    out of order or of another film do not), or the pairing by position would score nonsense.
    """
    from ..document.subtitles import parse_subtitles, plain_line, timestamp

    cues = parse_subtitles(text, Path(path).suffix.lower()[1:], path).cues
    n = len(source.groups)
    if len(cues) != n:
        raise InputError(f"{path} has {len(cues):,} cues, the source has {n:,}")
    for cue, own in zip(cues, source.doc.container.cues):
        if not (cue.start < own.end and own.start < cue.end) and not (cue.start == own.start and cue.end == own.end):
            raise InputError(f"{path}: cue {cue.index + 1} ({timestamp(cue.start, 'srt')} --> {timestamp(cue.end, 'srt')}) "
                             f"is not on screen with the source's cue {own.index + 1} "
                             f"({timestamp(own.start, 'srt')} --> {timestamp(own.end, 'srt')})")
    return tuple(_one_segment(" ".join(plain_line(line) for line in cue.lines)) for cue in cues)


def _jsonl_segments(path: str, text: str, source: Source) -> tuple[str, ...]:
    """The English of ``reader translate -f jsonl``: one record per sentence, by sentence index."""
    by_sentence: dict[int, str] = {}
    german: dict[int, str] = {}  # each record's own German, where it has one
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            by_sentence[int(record["sentence"])] = str(record["translation"])
            if isinstance(record.get("source"), str):
                german[int(record["sentence"])] = record["source"]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InputError(f"{path}: line {number} is not a record of `reader translate -f jsonl`") from None
    expected = len(source.doc.sentences)
    if len(by_sentence) != expected or set(by_sentence) != set(range(expected)):
        raise InputError(f"{path} has {len(by_sentence):,} sentences, the source has {expected:,}")
    for i, sentence in enumerate(source.doc.sentences):  # the English of another text scores nothing true
        if i in german and " ".join(german[i].split()) != " ".join(sentence.text.split()):
            raise InputError(f"{path}: sentence {i + 1} is the English of {_short(german[i])!r}, "
                             f"but the source's sentence {i + 1} is {_short(sentence.text)!r}")
    if source.cues:
        return source.english_of_texts([by_sentence[i] for i in range(expected)])
    return tuple(_one_segment(" ".join(by_sentence[i] for i in group)) for group in source.groups)


def _short(text: str, limit: int = 60) -> str:
    text = _one_segment(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_segment(text: str) -> str:
    """A segment as it is scored and shown: one line, single spaces (files and models alike)."""
    return " ".join(text.split())


def translate_system(
    name: str,
    spec: str,
    source: Source,
    store,
    *,
    notify: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    glossary: Glossary | None = None,
) -> System:
    """A model system: every sentence through the translation job and the store, each segment's English
    joined as ``reader translate -o x.txt`` writes a paragraph (its terms enforced, given a ``glossary``)."""
    from ..job import translate_sentences
    from ..text.typography import apply_typography

    parsed = parse_model_spec(spec)
    translator = open_translator(parsed.model, parsed.options, parsed.backend, parsed.device, parsed.compute_type, notify)
    if glossary:
        from ..glossary.translator import GlossaryTranslator

        translator = GlossaryTranslator(translator, glossary)
    sentences = [s.text for s in source.doc.sentences]
    translations = translate_sentences(sentences, translator, store, progress, token_scores=False)
    translations = [apply_typography(t, parsed.typography) for t in translations]  # as `reader translate` writes
    return System(name, spec, "model", source.english(translations), translator.settings_key)


def your_segments(source: Source, store) -> tuple[str | None, ...] | None:
    """Your own versions (your edits in ``reader open``, from the store) per segment.

    A segment is yours when you made a version of each of its sentences (joined as a
    paragraph is); None where you did not; None altogether when you made none at all.
    """
    sentences = source.doc.sentences
    yours = store.get_user_translations(s.text for s in sentences)
    if not yours:
        return None
    out = []
    cues = source.english_of_texts([yours.get(s.text, "") for s in sentences]) if source.cues else None
    for k, group in enumerate(source.groups):
        texts = [yours.get(sentences[i].text) for i in group]
        whole = group and None not in texts
        out.append(None if not whole else cues[k] if cues is not None else _one_segment(" ".join(texts)))
    return tuple(out) if any(t is not None for t in out) else None


def attempts_system(name: str, spec: str, source: Source, store) -> System:
    """The learner's latest attempt at each sentence, from the store (any document's attempts at the same
    German count); a sentence without one adds nothing to its segment, and the system's note counts them."""
    if store is None:
        raise InputError(f"--system {name}={spec}: the attempts are in the store; leave out --no-cache")
    sentences = [s.text for s in source.doc.sentences]
    latest = {text: tried[-1].text for text, tried in store.attempts_for(sentences).items()}
    if not latest:
        raise InputError(f"--system {name}={spec}: the store ({store.path}) has no attempt at any sentence of "
                         f"{source.doc.name}; translate some yourself in `reader open` (key t)")
    if source.cues:
        segments = source.english_of_texts([latest.get(text, "") for text in sentences])
    else:
        segments = tuple(_one_segment(" ".join(latest[sentences[i]] for i in group if sentences[i] in latest))
                         for group in source.groups)
    missing = sum(1 for text in sentences if text not in latest)
    empty = sum(1 for segment in segments if not segment)
    notes = (f"{name}: {missing:,} of {len(sentences):,} sentences have no attempt ({empty:,} of "
             f"{len(segments):,} {source.unit}s left empty)",) if missing else ()
    return System(name, spec, "attempts", segments, notes=notes)
