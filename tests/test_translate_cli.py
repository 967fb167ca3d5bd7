"""`reader translate` end to end with the committed tiny model: real translations, every format."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cli_support import wait_until_stored
from reader.cli import main

ROOT = Path(__file__).parent.parent
TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE = str(ROOT / "reader" / "data" / "sample.de.txt")
FIRST_EN = "NATO rushes to arm Ukraine ahead of possible talks – Bloomberg"


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


def _translate(capsys, *args):
    rc = main(["translate", *args, "--backend", "torch"])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_txt_keeps_paragraphs_and_translates(capsys, cache, tmp_path):
    out = tmp_path / "sample.en.txt"
    rc, stdout, stderr = _translate(capsys, SAMPLE, "-o", str(out), "--model", TINY, "--cache-dir", str(cache))
    assert rc == 0, stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 13  # one per paragraph, as in the original
    assert lines[0] == FIRST_EN
    assert lines[5] == "Currently watched"
    assert stdout == ""


def test_every_format(capsys, cache, tmp_path):
    for fmt in ("md", "jsonl", "tsv", "tmx"):
        out = tmp_path / f"sample.{fmt}"
        rc, _, err = _translate(capsys, SAMPLE, "-o", str(out), "--model", TINY, "--cache-dir", str(cache))
        assert rc == 0, err
    md = (tmp_path / "sample.md").read_text(encoding="utf-8")
    assert "> Die NATO beeilt sich" in md and FIRST_EN in md

    records = [json.loads(l) for l in (tmp_path / "sample.jsonl").read_text(encoding="utf-8").splitlines()]
    text = Path(SAMPLE).read_text(encoding="utf-8")
    assert [r["sentence"] for r in records] == list(range(len(records)))
    for r in records:
        s, e = r["source_span"]
        assert text[s:e] == r["source"]
        assert len(r["tokens"]) == len(r["token_scores"]) and r["tokens"][-1] == "</s>"
        assert r["score"] == pytest.approx(sum(r["token_scores"]) / len(r["token_scores"]), abs=1e-3)
        assert all(x <= 0 for x in r["token_scores"])
    first = records[0]
    assert first["translation"] == FIRST_EN
    links = {(l["source_word"], l["target_word"]) for l in first["alignment"]}
    for l in first["alignment"]:
        assert first["source"][l["source"][0]:l["source"][1]] == l["source_word"]
        assert first["translation"][l["target"][0]:l["target"][1]] == l["target_word"]
    # The tiny model's alignment head was trained on these links.
    assert {("NATO", "NATO"), ("Ukraine", "Ukraine"), ("Bloomberg", "Bloomberg")} <= links

    rows = (tmp_path / "sample.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == ["paragraph", "sentence", "source", "translation", "score"]
    assert all(len(r.split("\t")) == 5 for r in rows) and len(rows) == len(records) + 1

    tmx = ET.parse(tmp_path / "sample.tmx").getroot()
    assert tmx.get("version") == "1.4"
    tus = tmx.findall("./body/tu")
    assert len(tus) == len(records)
    seg = [tuv.find("seg").text for tuv in tus[0].findall("tuv")]
    assert seg == [records[0]["source"], FIRST_EN]


def test_stdin_to_stdout(capsys, cache, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Das Haus ist klein.\n".encode("cp1252"))))
    rc, out, err = _translate(capsys, "-", "--model", TINY, "--cache-dir", str(cache))
    assert rc == 0, err
    assert out == "The house is small.\n"


def test_cp1252_and_utf16_inputs_translate_alike(capsys, cache, tmp_path):
    text = "Die NATO beeilt sich, die Ukraine vor möglichen Gesprächen zu bewaffnen – Bloomberg\r\n"
    outputs = []
    for enc in ("utf-8", "cp1252", "utf-16"):
        p = tmp_path / f"in-{enc}.txt"
        p.write_bytes(text.encode(enc))
        rc, out, err = _translate(capsys, str(p), "--model", TINY, "--cache-dir", str(cache))
        assert rc == 0, err
        outputs.append(out)
    assert outputs == [FIRST_EN + "\n"] * 3


def test_second_run_is_served_by_the_store_without_loading_the_model(cache, tmp_path):
    out = tmp_path / "a.jsonl"
    args = ["translate", SAMPLE, "-o", str(out), "--model", TINY, "--cache-dir", str(cache)]
    assert main(args) == 0
    first = out.read_text(encoding="utf-8")
    code = (
        "import sys; from reader.cli import main; rc = main(sys.argv[1:]); "
        "from reader.engines.devices import nvidia_driver_present; "
        # Where a driver is loaded, --device auto asks CTranslate2 whether it sees a GPU (never torch).
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules "
        "and not (m == 'ctranslate2' and nvidia_driver_present())]; "
        "print('heavy:', heavy, file=sys.stderr); sys.exit(rc or (9 if heavy else 0))"
    )
    out2 = tmp_path / "b.jsonl"
    r = subprocess.run([sys.executable, "-c", code, *args[:3], str(out2), *args[4:]], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out2.read_text(encoding="utf-8") == first
    with sqlite3.connect(cache / "translations.sqlite3") as db:
        assert db.execute("select count(*) from translations").fetchone()[0] >= 17


def test_no_cache_writes_no_store(capsys, tmp_path):
    rc, out, _ = _translate(capsys, SAMPLE, "--model", TINY, "--no-cache", "--cache-dir", str(tmp_path / "c"))
    assert rc == 0 and out.startswith(FIRST_EN)
    assert not (tmp_path / "c").exists()


def test_greedy_and_alternatives(capsys, tmp_path):
    rc, out, err = _translate(capsys, SAMPLE, "--model", TINY, "--no-cache", "--alternatives", "2", "-f", "jsonl")
    assert rc == 0, err
    first = json.loads(out.splitlines()[0])
    assert first["translation"] == FIRST_EN
    assert len(first["alternatives"]) == 2
    assert all(a["translation"] != FIRST_EN for a in first["alternatives"])
    assert all(a["score"] <= first["score"] + 1e-6 for a in first["alternatives"])
    rc, out, err = _translate(capsys, SAMPLE, "--model", TINY, "--no-cache", "--greedy")
    assert rc == 0 and out.splitlines()[0] == FIRST_EN


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00" * 50, "binary"),
        (b"x" * 100_000, "100,000-character"),
    ],
)
def test_bad_input_one_line_and_nothing_written(capsys, tmp_path, content, message):
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    out = tmp_path / "out.txt"
    rc, stdout, err = _translate(capsys, str(src), "-o", str(out), "--model", TINY, "--no-cache")
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("reader: error:") and message in err
    assert not out.exists() and stdout == ""


def test_missing_file_directory_and_bad_model(capsys, tmp_path):
    for args, code, message in (
        ([str(tmp_path / "nope.txt")], 2, "no such file"),
        ([str(tmp_path)], 2, "is a directory"),
        ([SAMPLE, "--model", str(tmp_path)], 3, "not a Marian model directory"),
        ([SAMPLE, "-o", str(tmp_path)], 2, "is a directory"),  # an output path the user gave: docs/exit-codes.md
    ):
        rc, _, err = _translate(capsys, *args, "--no-cache")
        assert rc == code, err
        assert err.count("\n") == 1 and message in err


def test_interrupted_run_leaves_old_output_and_resumes(tmp_path):
    """Ctrl-C mid-translation: the old output stays whole; the rerun reuses what was stored."""
    REPEATS = 60  # enough work that the first stored chunk comes well before the end
    big = tmp_path / "big.txt"
    sentences = Path(SAMPLE).read_text(encoding="utf-8").split("\n")
    # Many distinct sentences (so there is work to interrupt), each a known one plus a number.
    big.write_text("\n".join(f"{s} {i}" for i in range(REPEATS) for s in sentences if s), encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("old output\n", encoding="utf-8")
    cache = tmp_path / "cache"
    args = [sys.executable, "-m", "reader", "translate", str(big), "-o", str(out), "--model", TINY,
            "--cache-dir", str(cache), "--backend", "torch"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rows = wait_until_stored(cache / "translations.sqlite3")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.strip().endswith("interrupted")
    assert out.read_text(encoding="utf-8") == "old output\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert 0 < rows < REPEATS * 17
    r = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == REPEATS * 13


def _run_with_stderr_on_a_terminal(args):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_and_quiet_when_piped(tmp_path):
    args = [sys.executable, "-m", "reader", "translate", SAMPLE, "-o", str(tmp_path / "o.txt"),
            "--model", TINY, "--no-cache", "--backend", "torch"]
    rc, terminal = _run_with_stderr_on_a_terminal(args)
    assert rc == 0
    assert "translating sample.de.txt" in terminal
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == ""


def test_cuda_asked_for_without_cuda_is_a_clear_error(capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    rc, _, err = _translate(capsys, SAMPLE, "--model", TINY, "--no-cache", "--device", "cuda")
    assert rc == 3
    assert err == "reader: error: --device cuda was asked for, but no CUDA device is available\n"


def test_default_engine_translates_the_sample_like_the_reference(tmp_path):
    """The default (auto) engine and the torch reference agree on the tiny model.

    Greedy search is deterministic in both: identical output. CTranslate2's beam
    search stops earlier than transformers' (no patience), which may pick another
    finished hypothesis now and then, so beam 4 may differ in one line.
    """
    def run(backend, *extra):
        r = subprocess.run([sys.executable, "-m", "reader", "translate", SAMPLE, "--model", TINY, "--no-cache",
                            "--backend", backend, *extra], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        return r.stdout.splitlines()

    assert run("auto", "--greedy") == run("torch", "--greedy")
    auto, torch = run("auto"), run("torch")
    assert auto[5] == "Currently watched"
    assert sum(a == t for a, t in zip(auto, torch)) >= len(torch) - 1


def test_txt_run_skips_token_scores_and_a_jsonl_run_fills_them_in(tmp_path):
    """txt needs no per-token scores (no CTranslate2 scoring pass); jsonl writes them: from the
    store, the missing scores are added, and the file equals a fresh run's."""
    pytest.importorskip("ctranslate2")
    cache = tmp_path / "cache"
    common = [SAMPLE, "--model", TINY, "--backend", "ctranslate2", "--device", "cpu", "-q"]

    def stored_token_scores():
        with sqlite3.connect(cache / "translations.sqlite3") as db:
            return [json.loads(row[0])["b"][3] for row in db.execute("select data from translations")]

    assert main(["translate", *common, "--cache-dir", str(cache), "-o", str(tmp_path / "a.txt")]) == 0
    assert stored_token_scores() and not any(stored_token_scores())
    assert main(["translate", *common, "--cache-dir", str(cache), "-o", str(tmp_path / "b.jsonl")]) == 0
    assert all(stored_token_scores())
    assert main(["translate", *common, "--no-cache", "-o", str(tmp_path / "c.jsonl")]) == 0
    assert (tmp_path / "b.jsonl").read_text(encoding="utf-8") == (tmp_path / "c.jsonl").read_text(encoding="utf-8")
    assert main(["translate", *common, "--no-cache", "-o", str(tmp_path / "d.txt")]) == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == (tmp_path / "d.txt").read_text(encoding="utf-8")


def test_word_links_only_where_an_output_or_the_store_keeps_them(tmp_path, monkeypatch):
    """The search skips the alignment (attention and its first-step pass) only for a txt/tsv/tmx
    output with no store; the store (it keeps links for the reader), jsonl, markup and a glossary
    all get them. The txt written is the same either way."""
    pytest.importorskip("ctranslate2")
    import reader.cli.common as common_module

    asked = []
    plain = common_module.open_translator

    def spy(model, options, *args, **kwargs):
        asked.append(options.word_links)
        return plain(model, options, *args, **kwargs)

    monkeypatch.setattr(common_module, "open_translator", spy)
    common = [SAMPLE, "--model", TINY, "--backend", "ctranslate2", "--device", "cpu", "-q"]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("NATO\tNATO\n", encoding="utf-8")
    runs = [(["--no-cache", "-o", str(tmp_path / "lean.txt")], False),
            ([*cache, "-o", str(tmp_path / "stored.txt")], True),
            (["--no-cache", "-o", str(tmp_path / "lean.tsv")], False),
            (["--no-cache", "-o", str(tmp_path / "linked.jsonl")], True),
            (["--no-cache", "-o", str(tmp_path / "marked.md")], True),
            (["--no-cache", "--glossary", str(glossary), "-o", str(tmp_path / "terms.txt")], True)]
    for args, links in runs:
        asked.clear()
        assert main(["translate", *common, *args]) == 0
        assert asked == [links], args
    assert (tmp_path / "lean.txt").read_text(encoding="utf-8") == (tmp_path / "stored.txt").read_text(encoding="utf-8")
    records = [json.loads(l) for l in (tmp_path / "linked.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(r["alignment"] for r in records)


def test_a_job_with_a_store_refuses_a_translator_without_word_links(tmp_path):
    from reader.engines import DecodingOptions, create_translator
    from reader.job import TranslationJob
    from reader.models import resolve_model
    from reader.store import TranslationStore

    translator = create_translator(resolve_model(TINY), DecodingOptions(word_links=False), backend="torch", device="cpu")
    with TranslationStore(tmp_path / "t.sqlite3") as store, pytest.raises(ValueError, match="word links"):
        TranslationJob(["Hallo."], translator, store)


GERMAN_WITH_QUOTES = "Er sagte „ja“ … es waren die Neunziger."
ENGLISH_STRAIGHT = "He said \"yes\"... it's the '90s."  # as OPUS-MT writes it
ENGLISH_CURLY = "He said “yes”… it’s the ’90s."


@pytest.mark.parametrize("fmt", ["txt", "md", "jsonl", "tsv", "tmx"])
def test_typography_auto_curls_quotes_and_none_keeps_the_models(capsys, tmp_path, monkeypatch, fmt):
    from tui_support import ScriptedTranslator

    translator = ScriptedTranslator({GERMAN_WITH_QUOTES: ENGLISH_STRAIGHT})
    monkeypatch.setattr("reader.cli.translate.make_translator", lambda *a, **k: translator)
    src = tmp_path / "quotes.de.txt"
    src.write_text(GERMAN_WITH_QUOTES + "\n", encoding="utf-8")
    common = [str(src), "-f", fmt, "--cache-dir", str(tmp_path / "cache")]
    rc, auto, err = _translate(capsys, *common)
    assert rc == 0, err
    rc, none, err = _translate(capsys, *common, "--typography", "none")  # from the store: it kept the model's text
    assert rc == 0, err
    assert len(translator.log) == 1
    if fmt == "tmx":  # XML-escaped
        auto, none = auto.replace("&quot;", '"').replace("&apos;", "'"), none.replace("&quot;", '"').replace("&apos;", "'")
    assert ENGLISH_CURLY in auto and ENGLISH_STRAIGHT not in auto
    assert ENGLISH_STRAIGHT in (json.loads(none)["translation"] if fmt == "jsonl" else none)
    if fmt == "jsonl":
        record = json.loads(auto)
        assert record["translation"] == ENGLISH_CURLY
        for link in record["alignment"]:  # target spans index the restored text
            s, e = link["target"]
            assert record["translation"][s:e] == link["target_word"]
        words = {(l["source_word"], l["target_word"]) for l in record["alignment"]}
        assert {("ja", "yes"), ("„", "“"), ("…", "…")} <= words
