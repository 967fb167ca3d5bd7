"""The saved words as an Anki deck (.apkg), built with genanki.

Two note types, one note of each per saved word: "reader: German word" asks
for the meaning of the marked word in its German sentence (the back: lemma,
gloss, the English sentence with the aligned words marked); "reader: German
word (cloze)" asks for the word itself, the German sentence with
``{{c1::word::gloss}}``. Recognising and producing a word are two skills, and
Anki schedules each card on its own; ``cloze=False`` leaves the second out. A word
imported without a sentence asks the word itself, and has a cloze only with a gloss.

A re-export must update the notes already in Anki, not add copies: the note
types' and the default deck's ids are fixed numbers, another deck's id is
derived from its name, and each note's guid from the note type and the lemma
key (``SavedWord.key``), which is what a saved word is. Everything taken from a
text is HTML-escaped (Anki shows fields as HTML) and blanked of control
characters (``\\x1f`` separates fields in Anki's database).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

import genanki

from ..text.cleaning import blank_controls
from .model import SavedWord, Span

DEFAULT_DECK = "reader: German words"
DEFAULT_DECK_ID = 1_482_603_318  # the default deck's id; other names: deck_id(name)
WORD_MODEL_ID = 1_607_392_319
CLOZE_MODEL_ID = 1_607_392_320

_CSS = """\
.card { font-family: sans-serif; font-size: 22px; text-align: center; color: black; background-color: white; }
.sentence, .english { line-height: 1.5; }
.word, .cloze { font-weight: bold; color: #1565c0; }
.aligned { font-weight: bold; color: #2e7d32; }
.lemma { font-size: 28px; font-weight: bold; margin-top: .5em; }
.gloss { font-style: italic; margin: .3em 0; }
.english { color: #444; margin-top: .5em; }
.source { font-size: 14px; color: #888; margin-top: 1em; }
.nightMode .word, .nightMode .cloze { color: #90caf9; }
.nightMode .aligned { color: #a5d6a7; }
.nightMode .english { color: #ccc; }
"""

_BACK = (
    '<hr id="answer">\n<div class="lemma">{{Lemma}}</div>\n{{#Gloss}}<div class="gloss">{{Gloss}}</div>{{/Gloss}}\n'
    '{{#English}}<div class="english">{{English}}</div>{{/English}}\n{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
)

WORD_MODEL = genanki.Model(
    WORD_MODEL_ID,
    "reader: German word",
    fields=[{"name": n} for n in ("Lemma", "Word", "Sentence", "Gloss", "English", "Source")],
    templates=[{
        "name": "Meaning",
        "qfmt": '<div class="sentence">{{Sentence}}</div>',
        "afmt": '<div class="sentence">{{Sentence}}</div>\n' + _BACK,
    }],
    css=_CSS,
)

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    "reader: German word (cloze)",
    model_type=genanki.Model.CLOZE,
    fields=[{"name": n} for n in ("Text", "Lemma", "Gloss", "English", "Source")],
    templates=[{
        "name": "Cloze",
        "qfmt": '<div class="sentence">{{cloze:Text}}</div>',
        "afmt": '<div class="sentence">{{cloze:Text}}</div>\n' + _BACK,
    }],
    css=_CSS,
)


def deck_id(name: str) -> int:
    """The deck's id: fixed for the default deck, derived from the name for any other (stable across exports)."""
    if name == DEFAULT_DECK:
        return DEFAULT_DECK_ID
    digest = hashlib.sha256(f"reader deck\x1f{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)  # the range genanki suggests


def note_guid(model: genanki.Model, word: SavedWord) -> str:
    """The note's guid: the same lemma gives the same note in every export."""
    return genanki.guid_for(model.model_id, word.key)


def _escape(text: str) -> str:
    return html.escape(blank_controls(text), quote=False).replace("\n", "<br>")


def marked_html(text: str, spans: Iterable[Span], css_class: str) -> str:
    """``text`` as HTML, each span in ``<b class="css_class">``; everything escaped, overlaps merged."""
    out: list[str] = []
    at = 0
    for s, e in sorted(spans):
        s, e = max(s, at), min(e, len(text))
        if s >= e:
            continue
        out.append(_escape(text[at:s]))
        out.append(f'<b class="{css_class}">{_escape(text[s:e])}</b>')
        at = e
    out.append(_escape(text[at:]))
    return "".join(out)


def _cloze_escape(text: str) -> str:
    # Anki finds {{c1::…::…}} in the field's HTML, so braces and colons from the text become entities.
    return _escape(text).replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")


def cloze_text(word: SavedWord) -> str:
    """The German sentence with the word as Anki's cloze ``{{c1::word::gloss}}`` (no hint without a gloss)."""
    sentence, (s, e) = (word.sentence, word.span) if word.sentence else (word.word, (0, len(word.word)))
    hint = f"::{_cloze_escape(word.gloss)}" if word.gloss else ""
    return (
        _cloze_escape(sentence[:s]) + "{{c1::" + _cloze_escape(sentence[s:e]) + hint + "}}"
        + _cloze_escape(sentence[e:])
    )


def _tags(word: SavedWord) -> list[str]:
    return [f"reader::{word.status}"]


def word_note(word: SavedWord) -> genanki.Note:
    # A word imported without a sentence is asked as itself: an empty front would make no card.
    shown, span = (word.sentence, word.span) if word.sentence else (word.word, (0, len(word.word)))
    fields = [
        _escape(word.lemma), _escape(word.word), marked_html(shown, [span], "word"), _escape(word.gloss),
        marked_html(word.translation, word.aligned, "aligned"), _escape(word.document),
    ]
    return genanki.Note(model=WORD_MODEL, fields=fields, guid=note_guid(WORD_MODEL, word), tags=_tags(word))


def cloze_note(word: SavedWord) -> genanki.Note:
    fields = [
        cloze_text(word), _escape(word.lemma), _escape(word.gloss),
        marked_html(word.translation, word.aligned, "aligned"), _escape(word.document),
    ]
    return genanki.Note(model=CLOZE_MODEL, fields=fields, guid=note_guid(CLOZE_MODEL, word), tags=_tags(word))


def build_deck(words: Sequence[SavedWord], name: str = DEFAULT_DECK, *, cloze: bool = True) -> genanki.Deck:
    deck = genanki.Deck(deck_id(name), name, description="German words saved in reader, each in its sentence.")
    for w in words:
        deck.add_note(word_note(w))
        if cloze and (w.sentence or w.gloss):  # with neither, the cloze would be a blank to fill from nothing
            deck.add_note(cloze_note(w))
    return deck


def write_deck(
    words: Sequence[SavedWord], out: BinaryIO, name: str = DEFAULT_DECK, *, cloze: bool = True,
    timestamp: float | None = None,
) -> int:
    """Write an .apkg of ``words`` to ``out`` (a seekable binary file); return the number of notes.

    ``timestamp`` is the notes' modification time (default: now; Anki updates a note it already
    has when the imported one is newer).
    """
    deck = build_deck(words, name, cloze=cloze)
    timestamp = time.time() if timestamp is None else timestamp
    # genanki's own write_to_file leaves its SQLite file behind in the temp directory; ours goes with it.
    with tempfile.TemporaryDirectory(prefix="reader-anki-") as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            genanki.Package(deck).write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(db, "collection.anki2")
            z.writestr("media", "{}")
    return len(deck.notes)
