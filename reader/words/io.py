r"""Saved words as CSV/TSV rows.

``write_words`` writes every field of a ``SavedWord`` (spans as ``4-15``,
several as ``10-16;20-25``, times as ISO 8601 UTC), so ``read_words`` gives the
same words back. A file is read and checked whole before anything is returned:
an import never stops half-way. A plain list of words (another program's known
words: a ``word`` or ``lemma`` column, maybe ``status`` and ``gloss``) is read
too: its words have no sentence.

TSV escapes inside a field as PostgreSQL's text format does, so a field never breaks its line and
comes back the same: ``\\`` a backslash, ``\t`` ``\n`` ``\r``, ``\xHH`` another control character,
``\u2028``/``\u2029`` the Unicode line breaks. CSV keeps every character (RFC 4180 quoting) but
puts a ``'`` before a cell a spreadsheet would run as a formula (OWASP's advice on CSV injection);
the import takes off only that ``'``. docs/reader.md, "Saved words and Anki".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal, TextIO

from ..errors import InputError
from ..text.decoding import read_file_bytes
from . import model
from .model import STATUSES, SavedWord, Span, utc_time

FileFormat = Literal["csv", "tsv"]

# The order of the columns in a file: what a person reads first comes first.
COLUMNS = (
    "lemma", "word", "gloss", "status", "sentence", "span", "translation", "aligned",
    "document", "sentence_index", "created", "updated",
)


# -- writing ------------------------------------------------------------------


def format_spans(spans: Iterable[Span]) -> str:
    """``((10, 16), (20, 25))`` → ``"10-16;20-25"``."""
    return ";".join(f"{s}-{e}" for s, e in spans)


def format_time(t: float) -> str:
    """Seconds since the epoch as ISO 8601 in UTC, to the microsecond; "" for a time ``utc_time``
    can't hold (an old store's bad import), which a re-import reads as now."""
    d = utc_time(t)
    return "" if d is None else d.isoformat(timespec="microseconds").replace("+00:00", "Z")


def word_row(w: SavedWord) -> dict[str, str]:
    """One word as the text of each column of ``COLUMNS``."""
    return {
        "lemma": w.lemma, "word": w.word, "gloss": w.gloss, "status": w.status, "sentence": w.sentence,
        "span": format_spans([w.span]) if w.sentence else "", "translation": w.translation,
        "aligned": format_spans(w.aligned),
        "document": w.document, "sentence_index": str(w.sentence_index),
        "created": format_time(w.created), "updated": format_time(w.updated),
    }


def tsv_field(text: str) -> str:
    """A field of a TSV line, escaped (``tsv_value`` reads it back): no tab, line break or control
    character is left in it, so a line is a row and nothing in it can drive a terminal."""
    return _TSV_SPECIAL.sub(lambda m: _TSV_ESCAPES.get(m.group()) or _code_escape(m.group()), text)


def tsv_value(field: str) -> str:
    r"""What ``tsv_field`` escaped. A backslash before anything else is kept as it is (a hand-made file's
    ``C:\Texte`` stays), so only ``\\``, ``\t``, ``\n``, ``\r``, ``\xHH`` and ``\uHHHH`` are read."""
    return _TSV_ESCAPED.sub(_unescape, field) if "\\" in field else field


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TSV_ESCAPED = re.compile(r"\\(?:[\\tnr]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")


def _code_escape(char: str) -> str:
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _unescape(m: re.Match) -> str:
    code = m.group()[1:]
    if code[0] in "xu":
        return chr(int(code[1:], 16))
    return {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[code]


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a ``'`` before one it would run as a formula (a leading
    ``=`` ``+`` ``-`` ``@``, tab, CR, LF or NUL: OWASP, CSV injection) and before one that already starts
    with ``'`` and then such a character, so ``csv_value`` takes off exactly the ``'`` added here.
    A plain number (``-1``) is no formula and stays as it is."""
    if _FORMULA.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_value(cell: str) -> str:
    """A cell as ``csv_cell`` had it: one leading ``'`` fewer where ``'`` and a formula character start it."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


_FORMULA = re.compile("'*[=+\\-@\t\r\n\x00]")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def write_words(words: Iterable[SavedWord], out: TextIO, fmt: FileFormat = "csv") -> int:
    """Write a header and one row per word; return how many. CSV quotes what needs it (RFC 4180) and
    neutralises formula cells (``csv_cell``); TSV escapes (``tsv_field``). Either way an import gives
    the same words back."""
    n = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for w in words:
            row = word_row(w)
            writer.writerow([csv_cell(row[c]) for c in COLUMNS])
            n += 1
        return n
    out.write("\t".join(COLUMNS) + "\n")
    for w in words:
        row = word_row(w)
        out.write("\t".join(tsv_field(row[c]) for c in COLUMNS) + "\n")
        n += 1
    return n


# -- reading ------------------------------------------------------------------


class WordFileError(InputError):
    """A words file that cannot be imported; the message names the file and the row."""


def read_words_file(path: Path | str, fmt: FileFormat | None = None) -> list[SavedWord]:
    """Every word of a CSV or TSV file (format from the extension unless given), checked whole first."""
    path = Path(path)
    if fmt is None:
        fmt = "tsv" if path.suffix.lower() in (".tsv", ".tab") else "csv"
    if path.is_dir():
        raise WordFileError(f"{path}: is a directory, not a {fmt.upper()} file")
    try:
        data = read_file_bytes(path)
    except InputError as exc:
        raise WordFileError(str(exc)) from None
    return read_words(data, fmt, name=str(path))


def read_words(data: bytes, fmt: FileFormat = "csv", name: str = "input") -> list[SavedWord]:
    """The words in ``data`` (UTF-8, a BOM allowed), or a ``WordFileError`` naming the first bad row."""
    if b"\x00" in data:
        raise WordFileError(f"{name}: binary data, not a {fmt.upper()} file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise WordFileError(f"{name}: not UTF-8 text (byte {e.start}); save it as UTF-8") from None
    if fmt == "csv":
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        rows = list(reader)
    except csv.Error as e:
        raise WordFileError(f"{name}: not a valid {fmt.upper()} file (line {reader.line_num}: {e})") from None
    if not rows:
        raise WordFileError(f"{name}: empty; a header line is needed: {','.join(COLUMNS)}")
    value = csv_value if fmt == "csv" else tsv_value
    rows[1:] = [[value(cell) for cell in cells] for cells in rows[1:]]
    header = [h.strip().lower() for h in rows[0]]
    _check_header(header, name)
    words: list[SavedWord] = []
    first_row: dict[str, tuple[int, SavedWord]] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) != len(header):
            raise WordFileError(f"{name}: row {number} has {len(cells)} fields, the header {len(header)}")
        w = _word(dict(zip(header, cells)), f"{name}: row {number}")
        if w.key in first_row:
            first, other = first_row[w.key]
            forms = f" (of {other.word!r} and {w.word!r})" if other.word != w.word else ""
            raise WordFileError(f"{name}: rows {first} and {number} are both the lemma {w.lemma!r}{forms}; keep one")
        first_row[w.key] = (number, w)
        words.append(w)
    return words


def _check_header(header: Sequence[str], name: str) -> None:
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise WordFileError(f"{name}: unknown column {unknown[0]!r} (the columns: {', '.join(COLUMNS)})")
    repeated = [h for h in COLUMNS if header.count(h) > 1]
    if repeated:
        raise WordFileError(f"{name}: the column {repeated[0]!r} appears twice")
    if "lemma" not in header and "word" not in header and "sentence" not in header:  # a sentence's span gives the word
        raise WordFileError(f"{name}: missing column word (or lemma)")
    if "sentence" in header and "span" not in header:
        raise WordFileError(f"{name}: missing column span (the word in the sentence, START-END)")


def _word(row: dict[str, str], where: str) -> SavedWord:
    from ..text.lemmas import lemma as lemma_of

    lemma, word, sentence = row.get("lemma", "").strip(), row.get("word", "").strip(), row.get("sentence", "")
    span_text = row.get("span", "").strip()
    if not sentence.strip():
        if span_text:
            raise WordFileError(f"{where}: span {span_text!r} but no sentence")
        sentence, span = "", [(0, 0)]
    else:
        span = _spans(span_text, where, "span")
        if len(span) != 1:
            raise WordFileError(f"{where}: span must be one START-END, not {span_text!r}")
        _check_spans(span, sentence, where, "sentence")
        marked = sentence[span[0][0] : span[0][1]]
        word = word or marked
        if marked != word:
            raise WordFileError(f"{where}: span {span_text} of the sentence is {marked!r}, not {word!r}")
    if not lemma and not word:
        raise WordFileError(f"{where}: no lemma and no word")
    # A lemma of the file's own is kept (the learner's choice); without one, the reader's: simplemma's.
    lemma = lemma or lemma_of(word)
    word = word or lemma
    translation = row.get("translation", "")
    aligned = _spans(row.get("aligned", ""), where, "aligned")
    _check_spans(aligned, translation, where, "translation")
    status = row.get("status", "").strip().lower() or "new"
    if status not in STATUSES:
        raise WordFileError(f"{where}: unknown status {status!r} (one of {', '.join(STATUSES)})")
    index_text = row.get("sentence_index", "").strip()
    try:
        sentence_index = int(index_text) if index_text else -1
    except ValueError:
        raise WordFileError(f"{where}: sentence_index must be a whole number, not {index_text!r}") from None
    extra: dict[str, float] = {}
    for column in ("created", "updated"):
        if row.get(column, "").strip():
            extra[column] = _time(row[column], where, column)
    # One time for both when the file gives one or none: never updated before created.
    if "created" not in extra:
        extra["created"] = extra.get("updated", model.clock())
    extra.setdefault("updated", extra["created"])
    return SavedWord(
        lemma=lemma, word=word, sentence=sentence, span=span[0], translation=translation, aligned=tuple(aligned),
        gloss=row.get("gloss", "").strip(), status=status,  # type: ignore[arg-type]
        document=row.get("document", ""), sentence_index=sentence_index, **extra,
    )


def _spans(text: str, where: str, column: str) -> list[Span]:
    spans: list[Span] = []
    for part in text.replace(" ", "").split(";"):
        if not part:
            continue
        start, sep, end = part.partition("-")
        if not sep or not start.isdigit() or not end.isdigit():
            raise WordFileError(f"{where}: {column} must be START-END[;START-END…], not {text!r}")
        spans.append((int(start), int(end)))
    return spans


def _check_spans(spans: Iterable[Span], text: str, where: str, of: str) -> None:
    for s, e in spans:
        if not 0 <= s < e <= len(text):
            raise WordFileError(f"{where}: {s}-{e} is outside the {of} ({len(text)} characters)")


def _time(text: str, where: str, column: str) -> float:
    text = text.strip()
    try:
        seconds = float(text)  # seconds since the epoch
    except ValueError:
        try:
            t = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise WordFileError(
                f"{where}: {column} must be an ISO 8601 time or seconds since 1970, not {text!r}") from None
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        seconds = t.timestamp()
    # nan, inf and times past the years 1–9999 would be stored, then break every list of the words.
    if seconds != seconds or utc_time(seconds) is None:
        raise WordFileError(f"{where}: {column} {text!r} is not a time between the years 1 and 9999")
    return seconds
