"""Glossary files: TSV/CSV (``German<TAB>English[<TAB>note]``) and TBX, read and written.

TBX is read with lxml (already a dependency, through trafilatura and Translate
Toolkit's own TBX support), by local element names, so TBX 2 (``martif``:
``termEntry``/``langSet``/``tig``) and TBX 3 (``tbx``: ``conceptEntry``/``langSec``/
``termSec``) both load; entities and the network are never resolved. Written TBX
is TBX-Basic (``martif``), the form Translate Toolkit's ``translate.storage.tbx``
and CAT tools read.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..text.decoding import read_file_bytes
from .model import Glossary, Term

GlossaryFormat = Literal["tsv", "csv", "tbx"]
GLOSSARY_FORMATS: tuple[GlossaryFormat, ...] = ("tsv", "csv", "tbx")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def format_of(path: Path) -> GlossaryFormat:
    """The format a file name says: .tbx (and .xml) TBX, .csv CSV, anything else TSV."""
    suffix = path.suffix.lower()
    return "tbx" if suffix in (".tbx", ".xml") else "csv" if suffix == ".csv" else "tsv"


def read_glossary(path: Path, fmt: GlossaryFormat | None = None) -> Glossary:
    """The glossary in ``path``; an ``InputError`` naming the file when it cannot be read."""
    fmt = fmt or format_of(path)
    try:
        data = read_file_bytes(path)
    except InputError as exc:
        raise InputError(f"glossary {exc}") from None
    if fmt == "tbx":
        return parse_tbx(data, str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"glossary {path}: not UTF-8") from None
    return parse_delimited(text, _csv_delimiter(text) if fmt == "csv" else "\t", str(path))


def _csv_delimiter(text: str) -> str:
    """"," — or ";" where no row has a comma but some have a semicolon (a German spreadsheet's CSV)."""
    rows = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return ";" if rows and not any("," in r for r in rows) and any(";" in r for r in rows) else ","


def parse_delimited(text: str, delimiter: str, name: str = "glossary") -> Glossary:
    """Rows of German, English and an optional note; blank lines and ``#`` comments skipped.

    A row without its German or its English is an ``InputError`` naming it: a term dropped without a
    word would be a term the user believes is enforced. Columns after the note are not read.
    """
    terms: list[Term] = []
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting)
    for row in reader:
        if not any(field.strip() for field in row) or row[0].lstrip().startswith("#"):
            continue
        german, english = row[0].strip(), (row[1].strip() if len(row) > 1 else "")
        if not german or not english:
            missing = "German" if not german else "English"
            raise InputError(f"glossary {name}: row {reader.line_num} has no {missing} "
                             f"({delimiter.join(row)!r}; the columns are German, English, note)")
        terms.append(Term(german, english, row[2].strip() if len(row) > 2 else ""))
    return Glossary.of(terms)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(node) -> str:
    return " ".join("".join(node.itertext()).split())


def parse_tbx(data: bytes, name: str = "TBX") -> Glossary:
    """Each concept's first German and first English term (``de``/``de-DE``…, ``en``/``en-GB``…)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"glossary {name}: not TBX: {exc}") from None
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, str] = {}
        notes: list[str] = []
        for node in entry.iter():
            local = _local(node.tag)
            if local in ("langSet", "langSec"):
                lang = (node.get(_XML_LANG) or node.get("lang") or "").split("-")[0].lower()
                term = next((t for t in node.iter() if _local(t.tag) == "term"), None)
                if term is not None and lang not in by_lang:
                    by_lang[lang] = _text(term)
            elif local in ("descrip", "note") and _text(node):
                notes.append(_text(node))
        if by_lang.get("de") and by_lang.get("en"):
            terms.append(Term(by_lang["de"], by_lang["en"], "; ".join(notes)))
    return Glossary.of(terms)


def tbx_bytes(glossary: Glossary) -> bytes:
    """The glossary as TBX-Basic: one ``termEntry`` per term, German then English, the note a definition."""
    from lxml import etree

    root = etree.Element("martif", {"type": "TBX", _XML_LANG: "de"})
    header = etree.SubElement(root, "martifHeader")
    source = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(source, "p").text = "a reader glossary"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for i, term in enumerate(glossary.terms, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{i}")
        if term.note:
            etree.SubElement(entry, "descrip", type="definition").text = term.note
        for lang, text in (("de", term.german), ("en", term.english)):
            lang_set = etree.SubElement(entry, "langSet", {_XML_LANG: lang})
            etree.SubElement(etree.SubElement(lang_set, "tig"), "term").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def delimited_text(glossary: Glossary, delimiter: str = "\t") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE, escapechar=None)
    for term in glossary.terms:
        row = [term.german, term.english] + ([term.note] if term.note else [])
        writer.writerow([" ".join(field.split()) if delimiter == "\t" else field for field in row])
    return out.getvalue()


def write_glossary(glossary: Glossary, path: Path, fmt: GlossaryFormat | None = None) -> None:
    """Write ``glossary`` to ``path`` atomically in ``fmt`` (default: from the extension)."""
    from ..output.atomic import atomic_write_bytes

    fmt = fmt or format_of(path)
    data = tbx_bytes(glossary) if fmt == "tbx" else delimited_text(glossary, "," if fmt == "csv" else "\t").encode("utf-8")
    with atomic_write_bytes(path) as out:
        out.write(data)
