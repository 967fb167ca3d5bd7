"""`reader corpus` at its edges: inputs that would share an output, files that are no documents,
OUTDIR among the sources, output folders inside a source, two runs on one OUTDIR.

Each refusal comes before any work: OUTDIR is not made, nothing is written.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.corpus.inputs import CorpusInput, refuse_shared_outputs
from reader.corpus.outdir import MARKER_NAME, case_insensitive, locked_output_folder
from reader.errors import InputError

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
GERMAN = "Die NATO beeilt sich.\n\nDie Lage ist unübersichtlich.\n"
CLI = [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())"]


def write(path: Path, text: str = GERMAN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def corpus(capsys, *args: str) -> tuple[int, str]:
    rc = main(["corpus", *args, "--model", TINY, "--no-cache"])
    return rc, capsys.readouterr().err


def entries(outdir: Path) -> dict[str, dict]:
    lines = (outdir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {e["input"]: e for e in map(json.loads, lines)}


# ------------------------------------------------------------------ 1. two inputs, one output name

@pytest.mark.parametrize("names, output", [
    (["a.de.txt", "a.txt"], "a.en.txt"),
    (["news/b.md", "news/b.de"], "news/b.en.txt"),
    (["c.html", "c.htm"], "c.en.txt"),
])
def test_inputs_found_in_a_folder_that_share_an_output_are_refused(capsys, tmp_path, names, output):
    for name in names:
        write(tmp_path / "src" / name)
    rc, err = corpus(capsys, str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert rc == 2
    assert f"two inputs would write the same output {output}: " in err
    assert all(name.rpartition("/")[2] in err for name in names)
    assert not (tmp_path / "out").exists()  # before any work


def test_a_named_file_and_a_found_file_that_share_an_output_are_refused(capsys, tmp_path):
    write(tmp_path / "src" / "a.de.txt")
    write(tmp_path / "elsewhere" / "a.md")
    rc, err = corpus(capsys, str(tmp_path / "src"), str(tmp_path / "elsewhere" / "a.md"), "-o", str(tmp_path / "out"))
    assert rc == 2 and "the same output a.en.txt" in err
    assert not (tmp_path / "out").exists()


def test_one_file_reached_twice_is_no_collision(capsys, tmp_path):
    write(tmp_path / "src" / "a.de.txt")
    (tmp_path / "src" / "a.txt").symlink_to("a.de.txt")
    rc, err = corpus(capsys, str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-q")
    assert rc == 0, err
    assert {e["output"] for e in entries(tmp_path / "out").values()} == {"a.en.txt"}


def test_names_that_differ_only_in_case_collide_on_a_case_insensitive_filesystem(tmp_path):
    inputs = [CorpusInput(tmp_path / "A.txt", "A.txt"), CorpusInput(tmp_path / "a.de.txt", "a.de.txt")]
    refuse_shared_outputs(inputs, "txt", case_insensitive=False)  # A.en.txt and a.en.txt: two files
    with pytest.raises(InputError, match="same output a.en.txt"):
        refuse_shared_outputs(inputs, "txt", case_insensitive=True)


def test_case_insensitivity_is_probed_where_outdir_will_be(tmp_path):
    (tmp_path / "Probe").write_text("x")
    truth = (tmp_path / "pROBE").exists()
    assert case_insensitive(tmp_path / "not" / "made" / "yet") is truth
    assert case_insensitive(tmp_path) is truth


# ------------------------------------------------------------------ 2. not a regular file

def run_cli(*args: str, timeout: float) -> subprocess.CompletedProcess:
    """In a subprocess with a timeout: a run that blocks on a FIFO fails the test instead of hanging it."""
    return subprocess.run([*CLI, "corpus", *args, "--model", TINY, "--no-cache"], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("how", [[], ["--lines"], ["--ray"]], ids=["documents", "lines", "ray"])
def test_fifo_socket_and_device_fail_with_their_reason(tmp_path, monkeypatch, how):
    if "--ray" in how:
        pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")
    src = tmp_path / "src"
    write(src / "a.de.txt")
    (src / "sub").mkdir()
    os.mkfifo(src / "sub" / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(src / "sub")  # a relative name: a socket's path has a short length limit
    sock.bind("sock.txt")
    named_fifo = tmp_path / "named.de"
    os.mkfifo(named_fifo)
    out = tmp_path / "out"
    try:
        done = run_cli(str(src), str(named_fifo), os.devnull, "-o", str(out), *how, timeout=300)
    finally:
        sock.close()
    assert done.returncode == 1, done.stderr
    found = entries(out)
    assert found["a.de.txt"]["status"] == "ok" and (out / "a.en.txt").read_text(encoding="utf-8").strip()
    assert {k: (e["status"], e["reason"]) for k, e in found.items() if k != "a.de.txt"} == {
        "sub/pipe.txt": ("failed", "not a regular file: a FIFO"),
        "sub/sock.txt": ("failed", "not a regular file: a socket"),
        "named.de": ("failed", "not a regular file: a FIFO"),
        "null": ("failed", "not a regular file: a character device"),
    }
    assert "failed: sub/pipe.txt: not a regular file: a FIFO" in done.stderr


# ------------------------------------------------------------------ 3. OUTDIR among the sources

@pytest.mark.parametrize("where", ["is", "holds"])
def test_outdir_that_is_or_holds_a_source_is_refused(capsys, tmp_path, where):
    src = tmp_path / "src"
    write(src / "news" / "a.de.txt")
    source = src if where == "is" else src / "news"
    before = sorted(src.rglob("*"))
    rc, err = corpus(capsys, str(source), "-o", str(src))
    assert rc == 2
    assert err.strip().splitlines() == [
        f"reader: error: OUTDIR {src} {where} the source {source}: a run would read its own outputs; "
        "choose another OUTDIR"]
    assert sorted(src.rglob("*")) == before  # nothing written


def test_outdir_inside_a_source_is_never_read(capsys, tmp_path):
    src = tmp_path / "src"
    write(src / "news" / "a.de.txt")
    out = src / "en"
    rc, err = corpus(capsys, str(src), "-o", str(out))
    assert rc == 0, err
    assert "skipped" not in err  # its own OUTDIR: nothing to say
    (out / "manifest.jsonl").unlink()  # nothing left that says what the folder is
    (out / MARKER_NAME).unlink()
    rc, err = corpus(capsys, str(src), "-o", str(out))
    assert rc == 0, err
    assert list(entries(out)) == ["news/a.de.txt"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt")) == ["news/a.en.txt"]


# ------------------------------------------------------------------ 4. output folders inside a source

def test_only_real_output_folders_are_skipped_and_said_so(capsys, tmp_path):
    src = tmp_path / "src"
    write(src / "a.de.txt")
    # a folder that merely holds a manifest.jsonl (another tool's): read like any other
    write(src / "data" / "b.de.txt")
    write(src / "data" / "manifest.jsonl", '{"id": 1, "file": "b.de.txt"}\n')
    # a folder with a marker of someone else's: not ours
    write(src / "other" / "c.de.txt")
    write(src / "other" / MARKER_NAME, "something else\n")
    # the output folder of an earlier run into src/old (its marker written by that run)
    rc, err = corpus(capsys, str(write(tmp_path / "elsewhere" / "d.de.txt")), "-o", str(src / "old"), "-q")
    assert rc == 0, err
    # an output folder from before the marker: its manifest's first line is one of our entries
    legacy = src / "legacy"
    write(legacy / "e.en.txt", "The NATO hurries.\n")
    write(legacy / "manifest.jsonl", json.dumps({
        "input": "e.de.txt", "status": "ok", "sentences": 1, "output": "e.en.txt", "model": "m", "settings": "s",
        "format": "txt", "reason": ""}) + "\n")

    rc, err = corpus(capsys, str(src), "-o", str(tmp_path / "out"), "--glob", "*.txt")
    assert rc == 0, err
    assert sorted(entries(tmp_path / "out")) == ["a.de.txt", "data/b.de.txt", "other/c.de.txt"]
    assert [line for line in err.splitlines() if "skipped" in line] == [
        f"reader: skipped {folder}: the output folder of a `reader corpus` run" for folder in (legacy, src / "old")]


def test_a_file_named_manifest_jsonl_in_an_ordinary_folder_is_an_input(capsys, tmp_path):
    src = tmp_path / "src"
    write(src / "sub" / "manifest.jsonl", '{"de": "Die NATO beeilt sich."}\n')
    rc, err = corpus(capsys, str(src), "-o", str(tmp_path / "out"), "--lines", "-q")
    assert rc == 0, err
    assert entries(tmp_path / "out")["sub/manifest.jsonl"]["status"] == "ok"


def test_a_folder_that_cannot_be_listed_is_said_on_stderr(capsys, tmp_path, monkeypatch):
    src = tmp_path / "src"
    write(src / "a.de.txt")
    write(src / "locked" / "b.de.txt")
    scandir = os.scandir

    def refusing(path="."):  # as for a folder without read permission (the tests may run as root)
        if Path(path) == src / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    rc, err = corpus(capsys, str(src), "-o", str(tmp_path / "out"))
    assert rc == 0, err
    assert f"reader: warning: skipped {src / 'locked'}: Permission denied (its files are not inputs)" in err.splitlines()
    assert list(entries(tmp_path / "out")) == ["a.de.txt"]


# ------------------------------------------------------------------ 5. two runs on one OUTDIR

def test_a_second_run_on_a_locked_outdir_is_refused_at_once(capsys, tmp_path):
    src = tmp_path / "src"
    write(src / "a.de.txt")
    out = tmp_path / "out"
    with locked_output_folder(out):  # as a run holds it
        rc, err = corpus(capsys, str(src), "-o", str(out))
        assert rc == 2
        assert err.strip().splitlines() == [
            f"reader: error: {out}: another `reader corpus` run is writing to this OUTDIR; "
            "wait for it to end or choose another OUTDIR"]
        assert sorted(p.name for p in out.iterdir()) == [MARKER_NAME]  # no manifest, no output
    rc, err = corpus(capsys, str(src), "-o", str(out))  # the lock ends with its holder
    assert rc == 0, err


def test_two_concurrent_runs_on_one_outdir(capsys, tmp_path):
    """A second process on the OUTDIR a running one writes to is refused at once; the first finishes whole."""
    src, docs = tmp_path / "src", 200
    sentences = ["Die NATO beeilt sich.", "Die Lage ist unübersichtlich.", "Aktuell beobachtet die Regierung die Lage.",
                 "Die Gespräche sollen bald beginnen."]
    for k in range(docs):
        write(src / f"doc{k:03d}.de.txt", "\n\n".join(sentences[(k + j) % 4] + f" Nummer {k}." for j in range(6)) + "\n")
    out = tmp_path / "out"
    first = subprocess.Popen([*CLI, "corpus", str(src), "-o", str(out), "--model", TINY, "--no-cache", "-q"],
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and first.poll() is None:
            if (out / "manifest.jsonl").exists() and (out / "manifest.jsonl").read_text().count("\n") >= 1:
                break
            time.sleep(0.02)
        if first.poll() is not None:
            pytest.skip("the first run ended before the second could start")
        rc, err = corpus(capsys, str(src), "-o", str(out))  # refused, not waiting for the lock and then running
        _, first_err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert rc == 2 and "another `reader corpus` run is writing to this OUTDIR" in err
    assert first.returncode == 0, first_err
    done = entries(out)
    assert len(done) == docs and all(e["status"] == "ok" for e in done.values())
    assert all((out / e["output"]).is_file() for e in done.values())
