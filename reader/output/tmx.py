"""tmx: a TMX 1.4 translation memory, one translation unit per sentence."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from .. import __version__
from ..document import Document
from .pairs import Groups


# Characters XML 1.0 does not allow at all (not even as references).
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)


def write_tmx(doc: Document, groups: Groups, out: TextIO) -> None:
    write_units(((s.text, t.text, {}, {}) for _, pairs in groups for s, t in pairs), out)


Unit = tuple[str, str, dict[str, str], dict[str, str]]  # German, English, the <tu>'s attributes, its <prop>s


def write_units(units: Iterable[Unit], out: TextIO) -> None:
    """A TMX 1.4 file of German–English ``units`` (the translation memory's export writes its own too)."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "reader",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "reader",
            "adminlang": "en",
            "srclang": "de",
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for index, (de, en, attributes, props) in enumerate(units):
        tu = ET.SubElement(body, "tu", tuid=str(index + 1), **attributes)
        for kind, value in props.items():
            ET.SubElement(tu, "prop", type=kind).text = _xml_text(value)
        for lang, text in (("de", de), ("en", en)):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = _xml_text(text)
    ET.indent(root)  # only adds whitespace between elements, never inside <seg>
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")
