"""`reader corpus` with the tiny model: one process and Ray, checked against `reader translate`.

A small tree of documents (text, Markdown, a --lines test set and a binary file
that must fail) is translated both ways; every output must be byte-identical
to what `reader translate` writes for that document. The Ray tests start one
local cluster for the module; they kill an actor mid-run and interrupt a run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.corpus import output_name
from reader.corpus.outdir import MARKER_NAME

ROOT = Path(__file__).parent.parent
TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE = ROOT / "reader" / "data" / "sample.de.txt"


def make_tree(root: Path, extra_docs: int = 0) -> Path:
    """news/nato.de.txt (the sample), books/deep/kapitel.md, books/kurz.txt, news/broken.txt (binary)."""
    (root / "news").mkdir(parents=True)
    (root / "books" / "deep").mkdir(parents=True)
    (root / "news" / "nato.de.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "books" / "deep" / "kapitel.md").write_text(
        "# Eine Überschrift\n\nDie Lage ist **unübersichtlich**. Die Gespräche sollen [bald](https://example.org/a_b) "
        "mit `reader corpus` beginnen.\n\n"
        "- Ein Punkt der Liste\n- Noch ein Punkt\n", encoding="utf-8")
    (root / "books" / "kurz.txt").write_text("Die NATO beeilt sich.\n\nAktuell beobachtet\n", encoding="utf-8")
    rng = random.Random(1)
    (root / "news" / "broken.txt").write_bytes(bytes(rng.randrange(256) for _ in range(2000)))
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    for k in range(extra_docs):  # many small documents, for the runs that are interrupted
        text = "\n\n".join(paragraphs[(k + j) % len(paragraphs)] for j in range(3)) + "\n"
        (root / "many" / f"doc{k:03d}.de.txt").parent.mkdir(exist_ok=True)
        (root / "many" / f"doc{k:03d}.de.txt").write_text(text, encoding="utf-8")
    return root


def corpus(capsys, *args) -> tuple[int, str]:
    rc = main(["corpus", *args, "--model", TINY])
    return rc, capsys.readouterr().err


def translate(capsys, path: Path, *args) -> str:
    assert main(["translate", str(path), "--model", TINY, "-q", "--no-cache", *args]) == 0
    return capsys.readouterr().out


def manifest(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def assert_like_translate(capsys, src: Path, out: Path, fmt: str = "txt", *args) -> None:
    """Every ok document's output is byte-identical to `reader translate` of it."""
    for entry in manifest(out):
        if entry["status"] == "ok":
            expected = translate(capsys, src / entry["input"], "-f", fmt, *args)
            assert (out / entry["output"]).read_text(encoding="utf-8") == expected, entry["input"]


def test_output_names():
    assert output_name("news/a.de.txt", "txt") == "news/a.en.txt"
    assert output_name("test.de", "txt") == "test.en.txt"
    assert output_name("page.html", "md") == "page.en.md"
    assert output_name("b/notes", "jsonl") == "b/notes.en.jsonl"
    assert output_name("a.de.md", "md-en") == "a.en.md"
    assert output_name("page.html", "html-bilingual") == "page.en.html"
    assert output_name(".de", "txt") == ".de.en.txt"


def test_one_process_tree_with_a_broken_document(capsys, tmp_path):
    src = make_tree(tmp_path / "src")
    out = tmp_path / "out"
    rc, err = corpus(capsys, str(src), "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert rc == 1  # one document failed
    assert "1 of 4 documents failed" in err and "news/broken.txt: looks like a binary file" in err
    entries = {e["input"]: e for e in manifest(out)}
    assert list(entries) == ["books/deep/kapitel.md", "books/kurz.txt", "news/broken.txt", "news/nato.de.txt"]
    assert entries["news/broken.txt"]["status"] == "failed" and entries["news/broken.txt"]["output"] is None
    assert entries["news/nato.de.txt"] | {"model": "", "settings": ""} == {
        "input": "news/nato.de.txt", "status": "ok", "sentences": 16, "output": "news/nato.en.txt",
        "model": "", "settings": "", "format": "txt", "reason": ""}
    assert_like_translate(capsys, src, out)
    assert not [p for p in out.rglob("*") if p.name.startswith(".") and p.name != MARKER_NAME]  # no temporary files left

    # A rerun translates nothing: the outputs are there, the manifest says so.
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.en.*")}
    rc, err = corpus(capsys, str(src), "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert rc == 1 and "0 documents translated" in err and "3 already done" in err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.en.*")} == before
    # An output that went missing is made again, and only it.
    (out / "books" / "kurz.en.txt").unlink()
    rc, err = corpus(capsys, str(src), "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert "1 documents translated" in err and (out / "books" / "kurz.en.txt").exists()
    assert len(manifest(out)) == 4


@pytest.mark.parametrize("fmt", ["md", "md-en", "html", "jsonl", "tmx"])
def test_one_process_formats(capsys, tmp_path, fmt):
    src = make_tree(tmp_path / "src")
    (src / "news" / "broken.txt").unlink()
    out = tmp_path / "out"
    rc, err = corpus(capsys, str(src), "-o", str(out), "-f", fmt, "--no-cache", "--glob", "*.txt,*.md")
    assert rc == 0, err
    ext = output_name("x", fmt).removeprefix("x.en.")
    assert {e["output"] for e in manifest(out)} == {f"books/deep/kapitel.en.{ext}", f"books/kurz.en.{ext}", f"news/nato.en.{ext}"}
    assert_like_translate(capsys, src, out, fmt)


def test_lines_file_in_shards(capsys, tmp_path):
    lines = tmp_path / "test.de"
    text = SAMPLE.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")  # blank lines are segments too
    lines.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    rc, err = corpus(capsys, str(lines), "-o", str(out), "--lines", "--shard-lines", "4", "--no-cache")
    assert rc == 0, err
    [entry] = manifest(out)
    assert entry["output"] == "test.en.txt"
    expected = translate(capsys, lines, "--lines")
    assert (out / "test.en.txt").read_text(encoding="utf-8") == expected
    assert not (out / ".reader-parts").exists()


def test_jsonl_lines_file(capsys, tmp_path):
    records = [{"id": 1, "de": "Die NATO beeilt sich."}, "Die Lage ist unübersichtlich.", None, {"text": "Aktuell\nbeobachtet"}]
    source = tmp_path / "set.jsonl"
    source.write_text("".join(("" if r is None else json.dumps(r, ensure_ascii=False)) + "\n" for r in records), encoding="utf-8")
    plain = tmp_path / "set.de"
    plain.write_text("Die NATO beeilt sich.\nDie Lage ist unübersichtlich.\n\nAktuell beobachtet\n", encoding="utf-8")
    out = tmp_path / "out"
    rc, err = corpus(capsys, str(source), "-o", str(out), "--lines", "--shard-lines", "2", "--no-cache")
    assert rc == 0, err
    assert (out / "set.en.txt").read_text(encoding="utf-8") == translate(capsys, plain, "--lines")
    (tmp_path / "bad.jsonl").write_text('{"de": "Gut."}\n{"x": 1}\n', encoding="utf-8")
    rc, err = corpus(capsys, str(tmp_path / "bad.jsonl"), "-o", str(out), "--lines", "--no-cache")
    assert rc == 1 and "bad.jsonl: line 2 has no German text" in err


def test_bad_arguments(capsys, tmp_path):
    rc, err = corpus(capsys, str(tmp_path / "missing"), "-o", str(tmp_path / "out"))
    assert rc == 2 and "no such file or directory" in err
    assert not (tmp_path / "out").exists()
    (tmp_path / "file").write_text("x")
    rc, err = corpus(capsys, str(SAMPLE), "-o", str(tmp_path / "file"))
    assert rc == 2 and "not a directory" in err  # an output path the user gave: docs/exit-codes.md
    (tmp_path / "empty").mkdir()
    rc, err = corpus(capsys, str(tmp_path / "empty"), "-o", str(tmp_path / "out"))
    assert rc == 2 and "no input documents" in err


def test_ray_missing_says_how_to_install(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    rc, err = corpus(capsys, str(SAMPLE), "-o", str(tmp_path / "out"), "--ray", "--no-cache")
    assert rc == 1
    assert err.strip().splitlines() == ["reader: error: --ray needs Ray Data: pip install -e '.[ray]' (or pip install 'ray[data]')"]
    assert not (tmp_path / "out").exists()  # nothing done before saying so


def test_interrupted_run_resumes(tmp_path, capsys):
    """Ctrl-C mid-run: what is written is whole, no temporary file is left, the rerun completes the rest."""
    src = make_tree(tmp_path / "src", extra_docs=40)
    (src / "news" / "broken.txt").unlink()
    out = tmp_path / "out"
    cmd = [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())",
           "corpus", str(src), "-o", str(out), "--model", TINY, "--no-cache", "-q"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if (out / "manifest.jsonl").exists() and len((out / "manifest.jsonl").read_text().splitlines()) >= 3:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run ended before it could be interrupted")
    assert proc.returncode == 130, err
    assert not [p for p in out.rglob("*") if p.name.startswith(".") and p.name != MARKER_NAME]
    done = manifest(out)
    assert 3 <= len(done) < 43
    stray = out / "many" / ".doc039.en.txt.x1y2z3.tmp"  # what a SIGKILL mid-write would leave
    stray.parent.mkdir(exist_ok=True)
    stray.write_text("half")
    rc, err = corpus(capsys, str(src), "-o", str(out), "--no-cache")
    assert rc == 0, err
    assert not stray.exists()
    assert f"{len(done)} already done" in err
    assert len(manifest(out)) == 43
    assert_like_translate(capsys, src, out)


# ---------------------------------------------------------------------------- Ray

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray cluster for the module (started as `reader corpus --ray` would: ``start_ray``)."""
    from reader.corpus.distributed import start_ray

    start_ray(None, actor_cpus=2)
    yield
    ray.shutdown()


def test_ray_matches_one_process(capsys, tmp_path, local_ray):
    src = make_tree(tmp_path / "src")
    lines = tmp_path / "test.de"
    lines.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    rc, err = corpus(capsys, str(src), "-o", str(one), "--no-cache")
    assert rc == 1
    rc, err = corpus(capsys, "--ray", str(src), "-o", str(two), "--workers", "2", "--units-per-batch", "1")
    assert rc == 1, err
    assert "news/broken.txt: looks like a binary file" in err
    assert manifest(one) == manifest(two)
    for entry in manifest(one):
        if entry["output"]:
            assert (one / entry["output"]).read_bytes() == (two / entry["output"]).read_bytes()
    # a --lines file spread over the actors, shard by shard
    rc, err = corpus(capsys, str(lines), "-o", str(two), "--lines", "--ray", "--workers", "2", "--shard-lines", "3")
    assert rc == 0, err
    assert (two / "test.en.txt").read_text(encoding="utf-8") == translate(capsys, lines, "--lines")
    assert not (two / ".reader-parts").exists()


def test_ray_jsonl_marks_glossary_terms_as_one_process(capsys, tmp_path, local_ray):
    # The actors enforce the terms; the task that writes each jsonl checks them as `reader translate` does.
    src = tmp_path / "src"
    src.mkdir()
    (src / "nato.de.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    terms = tmp_path / "terms.tsv"
    terms.write_text("Waffenstillstand\ttruce\nDiplomat\tenvoy\n", encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    common = ["-f", "jsonl", "--no-cache", "--glossary", str(terms)]
    assert corpus(capsys, str(src), "-o", str(one), *common)[0] == 0
    rc, err = corpus(capsys, "--ray", str(src), "-o", str(two), "--workers", "1", *common)
    assert rc == 0, err
    records = [[json.loads(l) for l in (d / "nato.en.jsonl").read_text(encoding="utf-8").splitlines()] for d in (one, two)]
    assert [r["terms"] for r in records[0]] == [r["terms"] for r in records[1]]
    assert "enforced" in {o["status"] for r in records[1] for o in r["terms"]}


def _actor_pids() -> list[int]:
    import psutil

    pids = []
    for p in psutil.process_iter(["pid", "cmdline"]):
        if any("TranslatorActor" in part for part in (p.info["cmdline"] or [])):
            pids.append(p.info["pid"])
    return pids


def test_ray_actor_killed_mid_run(capsys, tmp_path, local_ray):
    """SIGKILL one translator actor while it works: Ray restarts it, and every document is done exactly once."""
    src = make_tree(tmp_path / "src", extra_docs=40)
    (src / "news" / "broken.txt").unlink()
    calm, killed = tmp_path / "calm", tmp_path / "killed"
    rc, err = corpus(capsys, str(src), "-o", str(calm), "--no-cache")
    assert rc == 0, err

    result: dict = {}

    def run() -> None:
        result["rc"] = main(["corpus", str(src), "-o", str(killed), "--model", TINY, "--ray", "--workers", "1",
                             "--units-per-batch", "1", "-q"])

    thread = threading.Thread(target=run)
    thread.start()
    victim = None
    deadline = time.time() + 120
    while time.time() < deadline and thread.is_alive() and victim is None:
        pids = _actor_pids()
        if pids and (killed / "manifest.jsonl").exists() and (killed / "manifest.jsonl").read_text().count("\n") >= 2:
            victim = pids[0]
            os.kill(victim, signal.SIGKILL)
        time.sleep(0.01)
    thread.join(timeout=300)
    capsys.readouterr()
    assert victim is not None, "the run ended before an actor could be killed"
    assert result["rc"] == 0
    entries = manifest(killed)
    assert len(entries) == 43 and len({e["input"] for e in entries}) == 43
    assert all(e["status"] == "ok" for e in entries)
    for entry in manifest(calm):
        assert (calm / entry["output"]).read_bytes() == (killed / entry["output"]).read_bytes(), entry["input"]


def test_a_writer_bug_fails_its_document_and_the_others_are_done(capsys, tmp_path, monkeypatch):
    # A bug in writing one document's output (here: a writer that raises) is that document's failure, not the run's end.
    import reader.corpus.units as units

    src = make_tree(tmp_path / "src")
    plain = units.save_document

    def flaky(doc, translations, fmt, path, **kwargs):
        if "kurz" in str(path):
            raise ValueError("All strings must be XML compatible")
        return plain(doc, translations, fmt, path, **kwargs)

    monkeypatch.setattr(units, "save_document", flaky)
    out = tmp_path / "out"
    rc, err = corpus(capsys, str(src), "-o", str(out), "--no-cache")
    assert rc == 1, err
    status = {e["input"]: (e["status"], e.get("reason", "")) for e in manifest(out)}
    assert status["books/kurz.txt"] == ("failed", "internal error writing its output (ValueError: All strings must be XML compatible)")
    assert status["news/nato.de.txt"][0] == status["books/deep/kapitel.md"][0] == "ok"
    assert not (out / "books" / "kurz.en.txt").exists() and "Traceback" not in err
