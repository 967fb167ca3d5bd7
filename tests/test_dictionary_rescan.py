"""A dictionary installed (or changed) while the reader runs is found on the next lookup."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reader.dictionary import INSTALL_HINT, Dictionary, DictdDictionary, TransDictionary

FIXTURE = Path(__file__).parent / "fixtures" / "dict"


def test_a_dictionary_installed_after_a_lookup_is_found_on_the_next(tmp_path):
    d = Dictionary([tmp_path])
    assert d.lookup("Haus").message == INSTALL_HINT and not d.available
    shutil.copy(FIXTURE / "de-en", tmp_path / "de-en")
    r = d.lookup("Haus")
    assert r.source == "trans-de-en" and r.entries[0].body.startswith("house")
    for name in ("freedict-deu-eng.index", "freedict-deu-eng.dict"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    assert [type(s) for s in d.sources] == [TransDictionary, DictdDictionary]
    assert d.lookup("Bemühung").source == "freedict-deu-eng"


def test_unchanged_files_are_not_reopened_and_a_changed_one_is(tmp_path):
    path = tmp_path / "de-en"
    path.write_text("Haus {n} :: house\n", encoding="utf-8")
    d = Dictionary([tmp_path])
    assert d.lookup("Haus").entries[0].body == "house"
    first = d.sources[0]
    assert d.lookup("Haus").entries and d.sources[0] is first  # nothing changed: the built index is kept
    path.write_text("Haus {n} :: house; building\nBaum {m} :: tree\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
    assert d.lookup("Baum").entries[0].body == "tree" and d.sources[0] is not first
    path.unlink()
    assert d.lookup("Haus").message == INSTALL_HINT and d.sources == []


def test_an_empty_dictionary_file_finds_nothing_and_breaks_nothing(tmp_path):
    (tmp_path / "de-en").write_bytes(b"")
    r = Dictionary([tmp_path]).lookup("Haus")
    assert not r.entries and "No entry" in r.message
