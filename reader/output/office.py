"""What the DOCX and ODT writers share: each paragraph's English (or German) as runs, and the copy of the file.

The file the loader kept (``OfficeFile``) is copied member by member; only the parts
that hold translated paragraphs are rewritten. Each paragraph's text is replaced by the
English of its sentences, as runs: the German's bold, italic and links carried across
by the word links (``english_marked``, as for Markdown and EPUB), the objects that are
not text (a note's mark, an image) put back after the English of the sentence they stood
in. A bilingual file keeps every German paragraph as it was and puts its English after
it, in a paragraph style of its own. A document that is not this format (a text file,
Markdown, a book) is first written as a new file of empty paragraphs with its headings
and list items styled (``Editor.blank``), then filled the same way.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO, Callable, Iterator, Protocol, Sequence

from ..document import Document, Paragraph
from ..document.office import OfficeFile, OfficeParagraph, Run
from ..text.inline import Marked, Stripped
from .markdown import block_start, markdown_heading
from .pairs import Groups, Pairs, english_marked

ENGLISH_STYLE = "English translation"  # the bilingual files' style for the English paragraphs


class Editor(Protocol):
    """One format's edits to a copy of a file: find a paragraph, replace its runs, put a paragraph after it."""

    def __init__(self, data: bytes) -> None: ...
    def replace(self, where: OfficeParagraph, runs: list[Run]) -> None: ...
    def add_after(self, where: OfficeParagraph, runs: list[Run]) -> None: ...
    def changed_parts(self) -> dict[str, bytes]: ...


BlankFile = Callable[[Sequence[tuple[str, int, bool]]], OfficeFile]  # (kind, level, ordered) per paragraph → new file


def marked_runs(marked: Marked) -> list[Run]:
    """A text with inline spans as runs: bold where a strong span is, italic where an emphasis is, links."""
    read = marked.as_read()
    text = read.text.replace("\n", " ")
    cuts = sorted({0, len(text), *(s.start for s in read.spans), *(s.end for s in read.spans)})
    runs: list[Run] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        over = [s for s in read.spans if s.start <= a and b <= s.end and s.start < s.end]
        url = next((s.url for s in reversed(over) if s.kind in ("link", "autolink") and s.url), "")
        runs.append(Run(text[a:b], any(s.kind == "strong" for s in over), any(s.kind == "emphasis" for s in over), url))
    return runs


def paragraph_runs(doc: Document, p: Paragraph, pairs: Pairs, where: OfficeParagraph, english: bool) -> list[Run]:
    """A paragraph's English (else German) sentences as runs, each kept object after the sentence it stood in."""
    inline: Sequence[Stripped] | None = doc.inline if doc.format == "md" else None
    if not p.sentences:
        return [Run(doc.text[p.start : p.end])]
    kept = list(where.kept)
    out: list[Run] = []
    by_sentence = {s.index: t for s, t in pairs}
    for k, s in enumerate(p.sentences):
        if k == 0:
            out.extend(Run("", kept=True) for _ in range(_take(kept, s.start + 1)))
            if out:  # a note's own mark before its text: a space between them, as Word writes it
                out.append(Run(" "))
        else:
            out.append(Run(" "))
        if english and s.index in by_sentence and by_sentence[s.index].text.strip():  # not yet translated: the German
            t = by_sentence[s.index]
            marked = english_marked(inline[s.index], t) if inline is not None else Marked(t.text, escape=False)
        else:
            marked = inline[s.index].marked() if inline is not None else Marked(s.text, escape=False)
        out.extend(marked_runs(marked))
        limit = p.sentences[k + 1].start if k + 1 < len(p.sentences) else len(doc.text) + 1
        out.extend(Run("", kept=True) for _ in range(_take(kept, limit)))
    out.extend(Run("", kept=True) for _ in kept)
    return out


def link_groups(runs: list[Run]) -> Iterator[tuple[str, list[Run]] | None]:
    """The runs in order as (link address or "", the runs under it), None for each kept object."""
    k = 0
    while k < len(runs):
        if runs[k].kept:
            yield None
            k += 1
            continue
        group = [runs[k]]
        while k + 1 < len(runs) and not runs[k + 1].kept and runs[k + 1].url == group[0].url:
            k += 1
            group.append(runs[k])
        k += 1
        yield group[0].url, group


def _take(offsets: list[int], limit: int) -> int:
    """How many of the first ``offsets`` lie before ``limit`` (taken off the list)."""
    n = 0
    while offsets and offsets[0] < limit:
        offsets.pop(0)
        n += 1
    return n


def blank_layout(doc: Document, paragraphs: Sequence[Paragraph] | None = None) -> list[tuple[str, int, bool]]:
    """(kind, heading level, numbered) of each paragraph (``paragraphs``, else all), for a new file: heading, list or text."""
    out = []
    for p in doc.paragraphs if paragraphs is None else paragraphs:
        layout = doc.text[block_start(doc, p) : p.end].lstrip()
        if p.kind == "heading":
            out.append(("heading", (markdown_heading(layout)[0] if doc.format == "md" else None) or 1, False))
        elif p.kind == "list":
            number = layout.split(" ", 1)[0]
            out.append(("list", 0, doc.format == "md" and number[:-1].isdigit() and number[-1:] in ".)"))
        else:
            out.append(("text", 0, False))
    return out


def write_office(doc: Document, groups: Groups, out: BinaryIO, fmt: str, editor_class: type[Editor],
                 blank: BlankFile, bilingual: bool) -> None:
    office = doc.container
    paragraphs: Sequence[Paragraph] = doc.paragraphs
    if not isinstance(office, OfficeFile) or office.format != fmt:
        paragraphs = [p for p, _ in groups]  # a new file holds what is written (no Markdown table's |---| row)
        office = blank(blank_layout(doc, paragraphs))
    editor = editor_class(office.data)
    pairs_of = {p.index: pairs for p, pairs in groups}
    for p, where in zip(paragraphs, office.paragraphs):
        pairs = pairs_of.get(p.index, [])
        if not office.filled:
            editor.replace(where, paragraph_runs(doc, p, pairs, where, english=False))
        if not pairs:
            continue
        english = paragraph_runs(doc, p, pairs, where, english=True)
        if bilingual:
            text = [run for run in english if not run.kept]  # a note's mark and images stay with the German
            while text and not text[0].text.strip():
                text.pop(0)
            editor.add_after(where, text)
        else:
            editor.replace(where, english)
    out.write(copy_zip(office.data, editor.changed_parts()))


def copy_zip(data: bytes, changed: dict[str, bytes]) -> bytes:
    """The zip ``data`` with the members in ``changed`` replaced or added, the rest as they were, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        names = source.namelist()
        for info in source.infolist():
            payload = changed.get(info.filename)
            target.writestr(_info(info.filename, info), source.read(info) if payload is None else payload,
                            compress_type=info.compress_type)
        for name, payload in changed.items():
            if name not in names:
                target.writestr(zipfile.ZipInfo(name), payload, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _info(name: str, original: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, original.date_time)
    info.external_attr = original.external_attr
    return info
