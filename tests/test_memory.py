"""The translation memory (``reader.memory``, ``reader memory``): TMX in and out, exact matches served
before the model in `reader translate` and `reader corpus` (marked, linked by the model's forced pass),
fuzzy matches, and a bad TMX refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.engines import create_translator
from reader.job import TranslationJob
from reader.memory.lookup import FUZZY_THRESHOLD, FuzzyMemory, MemoryLookup
from reader.memory.tmx import read_tmx
from reader.models import resolve_model
from reader.store import MemoryEntry, TranslationStore
from reader.errors import InputError

ROOT = Path(__file__).parent.parent
TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE = ROOT / "reader" / "data" / "sample.de.txt"
FIRST = SAMPLE.read_text(encoding="utf-8").splitlines()[0]  # the sample's first sentence (its own paragraph)
# The memory's English for it: a human's, not the model's (the tiny model never writes "(memory)").
MEMORY_EN = "NATO hurries to arm Kyiv before any talks (memory) – Bloomberg"
NEAR_DE = "Dies berichtet Reuters unter Berufung auf mit der Angelegenheit vertraute Quellen."
NEAR_EN = "Reuters reports this, citing sources familiar with the matter (memory)."

if not (Path(TINY) / "model.safetensors").exists():
    pytest.skip("tiny model fixture missing", allow_module_level=True)


def write_tmx(path: Path, units: list[tuple[str, str]], srclang: str = "de-DE") -> Path:
    """A TMX 1.4 file as a CAT tool writes one: regional language tags, inline codes in a segment."""
    from xml.sax.saxutils import escape

    tus = "".join(
        f'<tu><tuv xml:lang="{srclang}"><seg>{escape(de)}</seg></tuv>'
        f'<tuv xml:lang="en-GB"><seg>{escape(en)}</seg></tuv></tu>\n'
        for de, en in units
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" creationtoolversion="1" '
        f'segtype="sentence" o-tmf="test" adminlang="en" srclang="{srclang}" datatype="plaintext"/>\n<body>\n{tus}</body></tmx>\n',
        encoding="utf-8",
    )
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def translate_jsonl(capsys, cache: Path, *args) -> list[dict]:
    rc, out, err = run(capsys, "translate", str(SAMPLE), "-f", "jsonl", "--model", TINY, "--backend", "torch",
                       "-q", "--cache-dir", str(cache), *args)
    assert rc == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_imported_sentence_is_served_marked_and_linked_the_rest_unchanged(capsys, tmp_path):
    cache = tmp_path / "cache"
    model_only = translate_jsonl(capsys, cache)
    assert all(r["origin"] == "model" for r in model_only)
    assert model_only[0]["translation"] != MEMORY_EN

    spaced = FIRST.replace(" ", "  ", 2) + " "  # other spacing: the memory's key is normalised
    tmx = write_tmx(tmp_path / "mine.tmx", [(spaced, MEMORY_EN), ("Nur ein Satz.", "Just one sentence.")])
    rc, _, err = run(capsys, "memory", "import", str(tmx), "--cache-dir", str(cache))
    assert rc == 0 and "imported 2 translation units" in err

    served = translate_jsonl(capsys, cache)
    first = served[0]
    assert first["translation"] == MEMORY_EN and first["origin"] == "memory" and not first["edited"]
    # Linked by the model's forced pass: "NATO" is linked to "NATO".
    assert any(a["source_word"] == "NATO" and a["target_word"] == "NATO" for a in first["alignment"])
    assert [(r["translation"], r["origin"]) for r in served[1:]] == [(r["translation"], "model") for r in model_only[1:]]

    off = translate_jsonl(capsys, cache, "--no-memory")
    assert [r["translation"] for r in off] == [r["translation"] for r in model_only]


def test_links_are_kept_so_a_second_run_needs_no_model(tmp_path):
    store = TranslationStore(tmp_path / "t.sqlite3")
    store.add_memory([MemoryEntry(FIRST, MEMORY_EN, "tmx:test")])
    translator = create_translator(resolve_model(TINY), backend="torch", device="cpu")
    (first,) = TranslationJob([FIRST], translator, store, memory=MemoryLookup()).run()
    assert first.origin == "memory" and first.text == MEMORY_EN and first.alignment

    again = create_translator(resolve_model(TINY), backend="torch", device="cpu")
    again.load = lambda: pytest.fail("the model was loaded for a sentence the memory and the store hold")
    (second,) = TranslationJob([FIRST], again, store, memory=MemoryLookup()).run()
    assert second == first
    store.close()


def test_your_version_is_served_over_the_memory_in_any_document(capsys, tmp_path):
    cache = tmp_path / "cache"
    with TranslationStore(cache / "translations.sqlite3") as store:
        store.add_memory([MemoryEntry(FIRST, MEMORY_EN, "tmx:test")])
        store.set_user_translation(FIRST, "My own NATO sentence.")
    records = translate_jsonl(capsys, cache)
    assert (records[0]["translation"], records[0]["origin"], records[0]["edited"]) == ("My own NATO sentence.", "yours", True)


def test_corpus_serves_the_memory(capsys, tmp_path):
    cache = tmp_path / "cache"
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(f"{FIRST}\n\nAktuell beobachtet\n", encoding="utf-8")
    run(capsys, "memory", "import", str(write_tmx(tmp_path / "m.tmx", [(FIRST, MEMORY_EN)])), "--cache-dir", str(cache))
    common = ("--model", TINY, "--backend", "torch", "-q", "-f", "jsonl", "--cache-dir", str(cache))
    rc, _, err = run(capsys, "corpus", str(src), "-o", str(tmp_path / "out"), *common)
    assert rc == 0, err
    rc, _, err = run(capsys, "corpus", str(src), "-o", str(tmp_path / "plain"), "--no-memory", *common)
    assert rc == 0, err
    served, plain = ([json.loads(l) for l in (tmp_path / d / "a.en.jsonl").read_text(encoding="utf-8").splitlines()]
                     for d in ("out", "plain"))
    assert (served[0]["translation"], served[0]["origin"]) == (MEMORY_EN, "memory")
    assert plain[0]["origin"] == "model" and plain[0]["translation"] != MEMORY_EN
    assert served[1:] == plain[1:]


def test_fuzzy_match_at_the_threshold(tmp_path):
    store = TranslationStore(tmp_path / "t.sqlite3")
    store.add_memory([MemoryEntry(NEAR_DE, NEAR_EN, "tmx:test")])
    store.set_user_translation("Der Hund schläft.", "The dog is asleep.")
    fuzzy = FuzzyMemory(store)
    sentence = "Dies berichtet Bloomberg unter Berufung auf mit der Angelegenheit vertraute Quellen."
    m = fuzzy.best(sentence)
    assert m is not None and (m.matched, m.target, m.origin) == (NEAR_DE, NEAR_EN, "memory")
    assert FUZZY_THRESHOLD <= m.similarity < 100
    yours = fuzzy.best("Der Hund schlief.")
    assert yours is not None and (yours.target, yours.origin) == ("The dog is asleep.", "yours")
    assert fuzzy.best(NEAR_DE) is None  # itself: an exact match is served, not suggested
    assert fuzzy.best("Ganz etwas anderes steht hier.") is None
    store.close()


def test_tmx_reading_leaves_out_inline_codes_and_counts_half_units(tmp_path):
    path = tmp_path / "codes.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="de" adminlang="en" segtype="sentence" datatype="x" '
        'o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="DE-at"><seg>Ein <bpt i="1">&lt;b&gt;</bpt>fetter<ept i="1">&lt;/b&gt;</ept> Satz.</seg></tuv>'
        '<tuv xml:lang="en"><seg>A <ph>{1}</ph>bold sentence.</seg></tuv></tu>'
        '<tu><tuv xml:lang="de"><seg>Nur Deutsch.</seg></tuv></tu>'
        '</body></tmx>', encoding="utf-8")
    read = read_tmx(path)
    assert [(e.source, e.target, e.origin) for e in read.entries] == [("Ein fetter Satz.", "A bold sentence.", "tmx:codes.tmx")]
    assert read.skipped == 1


def test_tmx_comments_instructions_and_entities_in_a_seg_are_not_text(tmp_path):
    path = tmp_path / "odd.tmx"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe "EINGESCHLEUST">]><tmx version="1.4"><header srclang="de" '
        'adminlang="en" segtype="sentence" datatype="x" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="de"><seg>Hallo Welt.<!-- Kommentar --> Ende<?pi x?> &xxe; hier.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Hello world. End here.</seg></tuv></tu>'
        '</body></tmx>', encoding="utf-8")
    read = read_tmx(path)
    assert [(e.source, e.target) for e in read.entries] == [("Hallo Welt. Ende hier.", "Hello world. End here.")]


@pytest.mark.parametrize("content, says", [
    ("not xml at all", "not a TMX file (not XML"),
    ('<?xml version="1.0"?><html><body/></html>', "not a TMX file (no <tmx>"),
    ('<?xml version="1.0"?><tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>Oui</seg></tuv>'
     '<tuv xml:lang="en"><seg>Yes</seg></tuv></tu></body></tmx>', "no translation unit with both German"),
])
def test_a_bad_tmx_is_one_line_and_exit_2(capsys, tmp_path, content, says):
    bad = tmp_path / "bad.tmx"
    bad.write_text(content, encoding="utf-8")
    rc, out, err = run(capsys, "memory", "import", str(bad), "--cache-dir", str(tmp_path / "cache"))
    assert rc == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and says in err and "bad.tmx" in err
    with pytest.raises(InputError):
        read_tmx(bad)


def test_export_is_read_back_by_translate_toolkit_and_list_and_clear(capsys, tmp_path):
    tmx_storage = pytest.importorskip("translate.storage.tmx")
    cache = tmp_path / "cache"
    run(capsys, "memory", "import", str(write_tmx(tmp_path / "m.tmx", [(FIRST, MEMORY_EN), (NEAR_DE, NEAR_EN)])),
        "--cache-dir", str(cache))
    with TranslationStore(cache / "translations.sqlite3") as store:
        store.set_user_translation("Der Hund schläft.", "The dog is asleep.")

    out = tmp_path / "export.tmx"
    rc, _, err = run(capsys, "memory", "export", str(out), "--cache-dir", str(cache))
    assert rc == 0 and "wrote 3 translation units" in err
    units = tmx_storage.tmxfile.parsefile(str(out)).units
    assert [(u.source, u.target) for u in units] == [(FIRST, MEMORY_EN), (NEAR_DE, NEAR_EN), ("Der Hund schläft.", "The dog is asleep.")]

    rc, listed, _ = run(capsys, "memory", "list", "--search", "dog", "--cache-dir", str(cache))
    assert rc == 0 and listed == "Der Hund schläft.\tThe dog is asleep.\tyours\n"

    rc, _, err = run(capsys, "memory", "clear", "--cache-dir", str(cache))
    assert rc == 0 and "removed 2 imported translation units" in err
    rc, listed, _ = run(capsys, "memory", "list", "--cache-dir", str(cache))
    assert listed == "Der Hund schläft.\tThe dog is asleep.\tyours\n"  # your versions stay
    rc, _, err = run(capsys, "memory", "clear", "--include-yours", "--cache-dir", str(cache))
    assert "and 1 version of your own" in err
    rc, listed, err = run(capsys, "memory", "list", "--cache-dir", str(cache))
    assert listed == "" and "no translation memory entries" in err
