"""Glossaries end to end with the committed tiny model: the sample article with terms on both engines,
the store key, the default glossary (`reader glossary`), the summary, jsonl marks, compare's terms row."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from reader.cli import main
from reader.glossary.english import plural

ROOT = Path(__file__).parent.parent
TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE = str(ROOT / "reader" / "data" / "sample.de.txt")
# Words of the sample article: Waffenstillstand (and Waffenstillstands), Verbündeten, Diplomat; each also
# inside a compound (Waffenstillstandsverhandlungen, NATO-Verbündeten, NATO-Diplomaten).
TERMS = {"Waffenstillstand": "truce", "Verbündete": "partner", "Diplomat": "envoy"}


@pytest.fixture
def glossary_file(tmp_path) -> Path:
    path = tmp_path / "terms.tsv"
    path.write_text("".join(f"{de}\t{en}\n" for de, en in TERMS.items()), encoding="utf-8")
    return path


def _jsonl(capsys, *args) -> tuple[list[dict], str]:
    assert main(["translate", SAMPLE, "-f", "jsonl", "--model", TINY, *args]) == 0
    out = capsys.readouterr()
    return [json.loads(line) for line in out.out.splitlines()], out.err


def _term_words() -> set[str]:
    return {w.lower() for en in TERMS.values() for form in (en, plural(en)) for w in form.split()} | {"a", "an"}


@pytest.mark.parametrize("backend", ["torch", "ctranslate2"])
def test_sample_article_every_term_placed_and_everything_else_unchanged(capsys, tmp_path, glossary_file, backend):
    plain, _ = _jsonl(capsys, "--backend", backend, "--no-cache")
    marked, err = _jsonl(capsys, "--backend", backend, "--cache-dir", str(tmp_path), "--glossary", str(glossary_file))
    assert len(plain) == len(marked)
    statuses = [o["status"] for r in marked for o in r["terms"]]
    forced = [s for s in statuses if s != "compound"]
    assert len(forced) >= 5 and "enforced" in forced
    assert set(forced) <= {"enforced", "already right"}  # every term placed, none "not placed"
    assert statuses.count("compound") >= 2  # Waffenstillstandsverhandlungen, NATO-Verbündeten: reported, not forced
    assert re.search(rf"reader: {len(forced)} term occurrences, {len(forced)} placed; \d+ in compounds, not forced", err)
    for before, after in zip(plain, marked):
        if not any(o["status"] != "compound" for o in after["terms"]):
            assert after["translation"] == before["translation"]  # a sentence without a term is as the model wrote it
            continue
        for o in after["terms"]:
            if o["target"] is not None:
                s, e = o["target"]
                assert re.fullmatch(rf"{o['english']}s?", after["translation"][s:e], re.IGNORECASE)
                assert after["source"][o["source"][0]:o["source"][1]]  # points into the German
        old, new = before["translation"].split(), after["translation"].split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
            if tag != "equal":  # only the terms' words (and a/an) differ
                assert {re.sub(r"\W+$", "", w).lower() for w in new[j1:j2]} <= _term_words(), (old[i1:i2], new[j1:j2])


def test_store_key_carries_the_glossary(capsys, tmp_path, glossary_file):
    cache = ["--backend", "torch", "--cache-dir", str(tmp_path / "cache")]
    with_truce, _ = _jsonl(capsys, *cache, "--glossary", str(glossary_file))
    assert any("truce" in r["translation"] for r in with_truce)
    other = tmp_path / "other.tsv"
    other.write_text("Waffenstillstand\tarmistice\n", encoding="utf-8")
    changed, _ = _jsonl(capsys, *cache, "--glossary", str(other))
    text = " ".join(r["translation"] for r in changed)
    assert "truce" not in text and "armistice" in text  # a changed glossary never serves the old translation
    again, err = _jsonl(capsys, *cache, "--glossary", str(glossary_file))
    assert [r["translation"] for r in again] == [r["translation"] for r in with_truce]
    assert {o["status"] for r in again for o in r["terms"]} <= {"placed", "compound"}  # from the store
    none, _ = _jsonl(capsys, *cache)
    assert not any("truce" in r["translation"] for r in none) and all("terms" not in r for r in none)


def test_default_glossary_in_the_store_is_used_unless_turned_off(capsys, tmp_path):
    store = ["--cache-dir", str(tmp_path)]
    for de, en in TERMS.items():
        assert main(["glossary", "add", de, en, *store]) == 0
    assert main(["glossary", "add", "Waffenstillstand", "truce", "--note", "our word", *store]) == 0
    capsys.readouterr()
    assert main(["glossary", "list", *store]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Waffenstillstand\ttruce\tour word", "Verbündete\tpartner", "Diplomat\tenvoy"]
    rc = main(["translate", SAMPLE, "--model", TINY, "--backend", "torch", *store])
    out = capsys.readouterr()
    assert rc == 0 and "truce" in out.out and "term occurrences" in out.err
    assert main(["translate", SAMPLE, "--model", TINY, "--backend", "torch", "--no-glossary", *store]) == 0
    out = capsys.readouterr()
    assert "truce" not in out.out and "term occurrences" not in out.err
    assert main(["glossary", "remove", "waffenstillstand", *store]) == 0
    assert main(["glossary", "remove", "Waffenstillstand", *store]) == 1


def test_export_tbx_is_read_by_translate_toolkit_and_imports_back(capsys, tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")
    store = ["--cache-dir", str(tmp_path / "a")]
    for de, en in TERMS.items():
        main(["glossary", "add", de, en, *store])
    assert main(["glossary", "export", str(tmp_path / "g.tbx"), *store]) == 0
    units = tbx.tbxfile.parsefile(str(tmp_path / "g.tbx")).units
    assert {u.source: u.target for u in units if u.source} == TERMS
    assert main(["glossary", "import", str(tmp_path / "g.tbx"), "--cache-dir", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    main(["glossary", "list", "--cache-dir", str(tmp_path / "b")])
    assert capsys.readouterr().out == "".join(f"{de}\t{en}\n" for de, en in TERMS.items())


def test_compare_has_a_terms_row_per_system(capsys, tmp_path, glossary_file):
    plain = tmp_path / "plain.txt"
    assert main(["translate", SAMPLE, "--model", TINY, "--backend", "torch", "--no-cache", "-q", "-o", str(plain)]) == 0
    rc = main(["compare", SAMPLE, "--system", f"plain={plain}", "--system", f"terms={TINY},backend=torch",
               "--glossary", str(glossary_file), "--cache-dir", str(tmp_path), "-q", "--metrics", "chrf"])
    assert rc == 0
    rows = {(r[0], r[2]): float(r[3]) for r in (line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]) if len(r) > 3}
    assert rows[("terms", "terms")] == 100.0
    assert rows[("plain", "terms")] < 50.0


def test_txt_then_jsonl_from_the_store_scores_the_enforced_text(capsys, tmp_path, glossary_file):
    # txt skips per-token scores and the rescoring pass; jsonl from the same store rows must fill them in
    # for the English with the terms, not for the model's subwords from before the replacement.
    common = ["--backend", "ctranslate2", "--cache-dir", str(tmp_path), "--glossary", str(glossary_file)]
    assert main(["translate", SAMPLE, "--model", TINY, "-q", *common]) == 0
    capsys.readouterr()
    records, _ = _jsonl(capsys, *common)
    with_terms = [r for r in records if any(o["status"] == "placed" for o in r["terms"])]
    assert with_terms
    for r in with_terms:
        assert len(r["tokens"]) == len(r["token_scores"]) > 0
        spelled = "".join(r["tokens"]).replace("▁", " ").lower()
        assert all(o["english"] in spelled for o in r["terms"] if o["status"] == "placed")


def test_corpus_jsonl_marks_terms_as_translate_does(capsys, tmp_path, glossary_file):
    # `reader corpus -f jsonl` writes each sentence's term occurrences, as `reader translate` does.
    src = tmp_path / "src"
    src.mkdir()
    (src / "nato.de.txt").write_text(Path(SAMPLE).read_text(encoding="utf-8"), encoding="utf-8")
    expected, _ = _jsonl(capsys, "--no-cache", "--glossary", str(glossary_file))
    out = tmp_path / "out"
    assert main(["corpus", str(src), "-o", str(out), "-f", "jsonl", "--model", TINY, "--no-cache",
                 "--glossary", str(glossary_file), "-q"]) == 0, capsys.readouterr().err
    written = [json.loads(line) for line in (out / "nato.en.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["terms"] for r in written] == [r["terms"] for r in expected]
    assert "enforced" in {o["status"] for r in written for o in r["terms"]}


def test_corpus_lines_in_shards_marks_terms_as_translate_does(capsys, tmp_path, glossary_file):
    # A --lines file translated in shards: each shard's part keeps its term records, the assembled jsonl has them all.
    lines = tmp_path / "set.de"
    lines.write_text("".join(line.split("\t")[0] + "\n" for line in
                             (Path(TINY).parent / "tiny_corpus.tsv").read_text(encoding="utf-8").splitlines()[:9]),
                     encoding="utf-8")
    assert main(["translate", str(lines), "--lines", "-f", "jsonl", "--model", TINY, "--no-cache",
                 "--glossary", str(glossary_file)]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    out = tmp_path / "out"
    assert main(["corpus", str(lines), "-o", str(out), "--lines", "--shard-lines", "2", "-f", "jsonl", "--model", TINY,
                 "--no-cache", "--glossary", str(glossary_file), "-q"]) == 0, capsys.readouterr().err
    written = [json.loads(line) for line in (out / "set.en.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["terms"] for r in written] == [r["terms"] for r in expected]
    assert "enforced" in {o["status"] for r in written for o in r["terms"]}


def test_a_term_with_an_escape_sequence_never_reaches_the_terminal_nor_breaks_tbx(capsys, tmp_path):
    terms = tmp_path / "esc.tsv"
    terms.write_text("B\x1b]0;pwned\x07aum\ttree\n", encoding="utf-8")
    store = ["--cache-dir", str(tmp_path / "store")]
    assert main(["glossary", *store, "import", str(terms)]) == 0
    assert main(["glossary", *store, "export", str(tmp_path / "g.tbx")]) == 0  # XML cannot hold ESC: it is gone
    assert main(["glossary", *store, "list"]) == 0
    listed = capsys.readouterr().out
    assert listed == "B ]0;pwned aum\ttree\n" and "\x1b" not in (tmp_path / "g.tbx").read_text(encoding="utf-8")
    assert main(["glossary", *store, "add", "\x1b\x07", "two"]) == 2  # nothing left of it but controls
