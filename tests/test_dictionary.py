"""Offline dictionary lookup: trans-de-en lines and FreeDict dictd files (plain and dictzip)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from reader.dictionary import INSTALL_HINT, Dictionary, DictdDictionary, candidates

FIXTURE = Path(__file__).parent / "fixtures" / "dict"


def test_trans_lookup_exact_headword_first():
    d = Dictionary([FIXTURE])
    r = d.lookup("Haus")
    assert r.source == "trans-de-en"
    assert r.entries[0].headword == "Haus {n} | Häuser {pl}".split(" | ")[0]
    assert r.entries[0].body.startswith("house")
    assert all(not e.headword.startswith("Hausaufgabe") for e in r.entries)


def test_inflected_forms_are_looked_up_as_their_lemma():
    d = Dictionary([FIXTURE])
    r = d.lookup("Waffenstillstandes")
    assert r.entries and "as Waffenstillstand" in r.source
    assert "armistice" in r.entries[0].body
    assert candidates("Hauses")[:2] == ["Hauses", "hauses"] and "Haus" in candidates("Hauses")
    assert "geben" in candidates("gibt") and "Verbündeter" in candidates("Verbündeten")


def test_candidates_strip_punctuation_and_keep_order():
    assert candidates("„Verbündeten,“") == ["Verbündeten", "verbündeten", "Verbündeter", "verbündeter", "verbünden", "Verbünden"]


def test_a_plural_finds_the_noun_not_only_the_adjective():
    # simplemma: lemma("Verbündete") is the adjective "verbündet"; the noun entry must come first all the same.
    d = Dictionary([FIXTURE])
    for word in ("Verbündete", "Verbündeten"):
        heads = [e.headword for e in d.lookup(word).entries]
        assert heads[0].startswith("Verbündete {m,f}"), (word, heads)
    assert any(h.startswith("verbündet; alliiert") for h in (e.headword for e in d.lookup("Verbündete").entries))


def test_a_headword_outranks_lines_that_list_the_word_as_an_inflected_form():
    heads = [e.headword for e in Dictionary([FIXTURE]).lookup("Verhandlungen").entries]
    assert heads == ["Verhandlung {f}"]


def test_a_reflexive_verb_is_found_without_its_sich():
    r = Dictionary([FIXTURE]).lookup("beeilten")
    assert r.entries[0].headword == "sich beeilen {vr}" and r.source == "trans-de-en, as beeilen"


def test_freedict_plain_dict_file():
    d = Dictionary([FIXTURE])
    r = d.lookup("Bemühung")
    assert r.source == "freedict-deu-eng"
    assert r.entries[0].headword.startswith("Bemühung") and "effort" in r.entries[0].body


def test_no_dictionary_says_how_to_install():
    r = Dictionary([]).lookup("Haus")
    assert not r.entries and r.message == INSTALL_HINT and "apt install trans-de-en" in r.message


def test_unknown_word():
    r = Dictionary([FIXTURE]).lookup("Xyzzy")
    assert not r.entries and "No entry" in r.message


def _write_dictzip(path: Path, data: bytes, chunk: int = 16) -> None:
    """A minimal dictzip file: gzip with an RA extra field and independently flushed chunks."""
    chunks, sizes = [], []
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    for k in range(0, len(data), chunk):
        piece = comp.compress(data[k:k + chunk]) + comp.flush(zlib.Z_FULL_FLUSH)
        chunks.append(piece)
        sizes.append(len(piece))
    tail = comp.flush(zlib.Z_FINISH)
    ra = struct.pack("<HHH", 1, chunk, len(sizes)) + struct.pack(f"<{len(sizes)}H", *sizes)
    extra = b"RA" + struct.pack("<H", len(ra)) + ra
    header = b"\x1f\x8b\x08\x04" + b"\0\0\0\0" + b"\x02\x03" + struct.pack("<H", len(extra)) + extra
    trailer = struct.pack("<II", zlib.crc32(data), len(data))
    path.write_bytes(header + b"".join(chunks) + tail + trailer)


def test_dictzip_random_access(tmp_path):
    plain = (FIXTURE / "freedict-deu-eng.dict").read_bytes()
    (tmp_path / "freedict-deu-eng.index").write_bytes((FIXTURE / "freedict-deu-eng.index").read_bytes())
    _write_dictzip(tmp_path / "freedict-deu-eng.dict.dz", plain)
    d = Dictionary([tmp_path])
    assert isinstance(d.sources[0], DictdDictionary)
    for word, english in (("Ukraine", "Ukraine"), ("Front", "front"), ("Bemühung", "effort")):
        r = d.lookup(word)
        assert r.entries and english in r.entries[0].body, word
    import gzip

    assert gzip.decompress((tmp_path / "freedict-deu-eng.dict.dz").read_bytes()) == plain


def test_a_verb_with_its_objects_is_found_by_the_verb():
    r = Dictionary([FIXTURE]).lookup("bewaffnen")
    assert r.entries[0].headword == "jdn. mit etw. bewaffnen {vt}" and r.source == "trans-de-en"


def test_phrases_that_begin_with_the_word_only_when_nothing_else():
    d = Dictionary([FIXTURE])
    assert [e.headword for e in d.lookup("im").entries] == ["im Alleingang"]
    assert all(" " not in e.headword.split(" {")[0] for e in d.lookup("Haus").entries[:1])
    assert not d.sources[0].knows("im") and d.sources[0].knows("Haus")  # a phrase's first word is no part of a compound


def test_old_spelling_and_the_endings_fallback():
    d = Dictionary([FIXTURE])
    assert d.lookup("wußte").source == "trans-de-en, as wissen"
    # simplemma doesn't know "leibhaftigen": the last resort cuts an ending off
    r = d.lookup("leibhaftigen")
    assert r.source == "trans-de-en, as leibhaftig" and r.entries[0].body == "incarnate"


def test_the_first_sense_as_a_gloss_and_freedicts_english():
    from reader.dictionary.sources import Entry, dictd_english

    assert Entry("Haus", " [adm.] establishment <n>, institution <n>\n   Synonyms: {Anstalt}").first_sense == "establishment, institution"
    assert Entry("Waffenstillstand", "armistice; truce\nx — y").first_sense == "armistice; truce"
    body = 'house <n>\n      "ein Haus bauen"  - build a house\n   Synonyms: {Gebäude}\n\n see: {Häuser}'
    assert dictd_english(body) == "house <n>\nbuild a house"
    r = Dictionary([FIXTURE]).lookup("Bemühung")
    assert r.entries[0].first_sense == "effort"


def test_an_unreadable_file_is_one_line_naming_the_dictionary(tmp_path):
    (tmp_path / "freedict-deu-eng.index").write_bytes((FIXTURE / "freedict-deu-eng.index").read_bytes())
    (tmp_path / "freedict-deu-eng.dict.dz").write_bytes(b"not gzip at all")
    r = Dictionary([tmp_path]).lookup("Bemühung")
    assert not r.entries and r.source == "freedict-deu-eng"
    assert r.message.startswith("freedict-deu-eng: cannot read (") and "not a gzip file" in r.message and "\n" not in r.message


def _b64(n: int) -> str:
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = ""
    while True:
        n, r = divmod(n, 64)
        out = digits[r] + out
        if not n:
            return out


def test_the_first_dictionary_answers_when_both_have_the_word_as_written(tmp_path):
    # trans-de-en lists "Verbündeten" as a plural (and has "Verbündeter" as a headword); FreeDict has it as a headword
    (tmp_path / "de-en").write_bytes((FIXTURE / "de-en").read_bytes())
    body = "Verbündeten <pl>\nconfederates <n>\n".encode()
    (tmp_path / "freedict-deu-eng.dict").write_bytes(body)
    (tmp_path / "freedict-deu-eng.index").write_text(f"verbündeten\tA\t{_b64(len(body))}\n", encoding="utf-8")
    r = Dictionary([tmp_path]).lookup("Verbündeten")
    assert r.source.startswith("trans-de-en") and r.entries[0].headword.startswith("Verbündete {m,f}")
    assert Dictionary([tmp_path]).sources[1].entries("Verbündeten")[0][1].first_sense == "confederates"
