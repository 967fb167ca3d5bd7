import codecs

import pytest

from reader.text.decoding import decode_bytes, normalize_text, read_text
from reader.errors import InputError

GERMAN = "Größere Übel: „Schöne Grüße“ – daß ist’s.\n"


@pytest.mark.parametrize(
    "data",
    [
        GERMAN.encode("utf-8"),
        codecs.BOM_UTF8 + GERMAN.encode("utf-8"),
        codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"),
        GERMAN.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1252"],
)
def test_encodings_decode_to_the_same_text(data):
    assert decode_bytes(data) == GERMAN


def test_latin1_without_cp1252_only_characters():
    text = "Grüße aus Köln, Straße 5.\n"
    assert decode_bytes(text.encode("latin-1")) == text


def test_crlf_and_cr_are_normalized():
    assert decode_bytes(b"Eins.\r\nZwei.\rDrei.") == "Eins.\nZwei.\nDrei."


def test_decomposed_umlauts_are_composed():
    assert decode_bytes("Mu\u0308nchen".encode()) == "München"


def test_control_characters_become_spaces():
    assert normalize_text("a\x1b[31mb\x07c\td") == "a [31mb c\td"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_input_is_refused(data, message):
    with pytest.raises(InputError, match=message):
        decode_bytes(data, "x")


def test_explicit_encoding_and_unknown_encoding():
    assert decode_bytes("Grüße".encode("cp850"), encoding="cp850") == "Grüße"
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", encoding="no-such-codec")


def test_read_text_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="directory"):
        read_text(str(tmp_path))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_text(str(empty))


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_only_lf_ends_a_line_when_asked(codec):
    """--lines counts "\n" (CRLF as one) as `wc -l` and sacrebleu do: a lone CR is blanked, not a break."""
    data = "Eins.\r\nZwei\rhalb.\r\r\nDrei.\n".encode(codec)
    assert decode_bytes(data, lf_only=True) == "Eins.\nZwei halb. \nDrei.\n"
    assert decode_bytes(data) == "Eins.\nZwei\nhalb.\n\nDrei.\n"  # prose: an old Mac line break


def test_bidirectional_overrides_are_blanked_everywhere_text_comes_in_or_is_shown():
    # "rechnung\u202etxt.exe" reads as "rechnungexe.txt": an override hides what a line says, and an unclosed one
    # can turn a terminal row around. Marks such as U+200E (LRM) are left: they override nothing.
    from reader.document import build_document
    from reader.text.cleaning import clean

    for control in ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"):
        assert normalize_text(f"a{control}b") == "a b"
        assert clean(f"name{control}.txt") == "name .txt"
        assert build_document(f"Ein{control} Satz.\n").text == "Ein  Satz.\n"
    assert normalize_text("a\u200eb") == "a\u200eb"
