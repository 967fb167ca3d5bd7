"""The exit-code convention of docs/exit-codes.md, one row a case: 2 for what the user gave, 3 for a model
that exists but cannot be used, 1 for work that failed, 130 interrupted. Every error is one line."""

from pathlib import Path

import pytest

from reader.cli import main

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
MODEL = ["--model", TINY, "--backend", "torch"]


@pytest.fixture
def where(tmp_path):
    """A German source, its reference, an empty file, a plain file to stand where a folder should be,
    and a model directory without weights."""
    (tmp_path / "de.txt").write_text("Das Haus ist alt.\nDer Zug kommt.\n", encoding="utf-8")
    (tmp_path / "ref.en").write_text("The house is old.\nThe train comes.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "no-weights").mkdir()
    (tmp_path / "no-weights" / "config.json").write_text("{}", encoding="utf-8")
    return tmp_path


def _compare(*extra: str) -> list[str]:
    return ["compare", "{t}/de.txt", "--lines", "--system", "A={t}/ref.en", "--ref", "r={t}/ref.en", "--no-cache", *extra]


# (what, argv with {t} for the folder, exit code, what the one line says)
CASES = [
    # 2: what the user gave
    ("no input file", ["translate", "{t}/nothere.txt", "--no-cache"], 2, "{t}/nothere.txt: no such file"),
    ("empty input names its path", ["translate", "{t}/empty.txt", "--no-cache"], 2, "{t}/empty.txt: input is empty"),
    ("a page without text names its path", ["translate", "{t}/empty.html", "--no-cache"], 2, "{t}/empty.html: no readable text found"),
    ("-o in a missing folder", ["translate", "{t}/de.txt", "-o", "{t}/nodir/x.txt"], 2,
     "cannot write {t}/nodir/x.txt: No such directory: {t}/nodir"),
    ("-o under a file", ["translate", "{t}/de.txt", "-o", "{t}/afile/x.txt"], 2,
     "cannot write {t}/afile/x.txt: {t}/afile is a file, not a directory"),
    ("-o deeper under a file", ["translate", "{t}/de.txt", "-o", "{t}/afile/sub/x.txt"], 2, "{t}/afile is a file"),
    ("-o a folder", ["translate", "{t}/de.txt", "-o", "{t}"], 2, "{t}: is a directory"),
    ("an encoding that is no character set", ["translate", "{t}/de.txt", "--encoding", "unicode_escape", "--no-cache"], 2,
     "unicode_escape is not a text encoding"),
    ("an encoding that decodes nothing", ["translate", "{t}/de.txt", "--encoding", "undefined", "--no-cache"], 2,
     "undefined is not a text encoding"),
    ("-o the input itself", ["translate", "{t}/de.txt", "-o", "{t}/de.txt"], 2,
     "{t}/de.txt: is the input file itself; write the English to another file"),
    ("glossary add without German", ["glossary", "--cache-dir", "{t}/store", "add", " ", "truce"], 2,
     "a glossary term needs its German and its English (given: ' ' → 'truce')"),
    ("a model SPEC naming a missing folder", ["translate", "{t}/de.txt", "--no-cache", "--model", "{t}/nomodel"], 2,
     "{t}/nomodel: no such model directory"),
    ("a Hub id without a revision", ["translate", "{t}/de.txt", "--no-cache", "--model", "someone/some-model"], 2,
     "not in models.lock"),
    ("--beams 0", ["translate", "{t}/de.txt", "--beams", "0"], 2, "must be at least 1: 0"),
    ("--alternatives -1", ["translate", "{t}/de.txt", "--no-cache", *MODEL, "--alternatives", "-1"], 2,
     "--alternatives must be 0 or more"),
    ("words export into a missing folder", ["words", "export", "{t}/nodir/w.csv", "--cache-dir", "{t}"], 2,
     "No such directory: {t}/nodir"),
    ("words export under a file", ["words", "export", "{t}/afile/w.csv", "--cache-dir", "{t}"], 2,
     "{t}/afile is a file, not a directory"),
    ("words import of no file", ["words", "import", "{t}/nothere.csv", "--cache-dir", "{t}"], 2, "no such file"),
    ("compare --report in a missing folder", _compare("--report", "{t}/nodir/r.json"), 2,
     "cannot write {t}/nodir/r.json: No such directory: {t}/nodir"),
    ("compare --report under a file", _compare("--report", "{t}/afile/r.json"), 2,
     "cannot write {t}/afile/r.json: {t}/afile is a file, not a directory"),
    ("compare --samples 0", _compare("--samples", "0"), 2, "must be at least 1: 0"),
    ("compare --samples -5", _compare("--samples", "-5"), 2, "must be at least 1: -5"),
    ("compare --chrf-word-order -1", _compare("--chrf-word-order", "-1"), 2, "must be from 0 to 2: -1"),
    ("compare --chrf-word-order 100", _compare("--chrf-word-order", "100"), 2, "must be from 0 to 2: 100"),
    ("a system name with a comma", _compare("--system", "a,b={t}/ref.en"), 2,
     "'a,b={t}/ref.en': a name cannot contain ','"),
    ("an empty system name", _compare("--system", "={t}/ref.en"), 2, "'={t}/ref.en': the name before '=' is empty"),
    ("an empty reference name", _compare("--ref", "={t}/ref.en"), 2, "the name before '=' is empty"),
    ("a model system naming a missing folder", _compare("--system", "m={t}/nomodel,greedy"), 2,
     "{t}/nomodel: no such model directory"),
    ("corpus into a file", ["corpus", "{t}/de.txt", "-o", "{t}/afile", *MODEL], 2, "{t}/afile: exists and is not a directory"),
    ("corpus under a file", ["corpus", "{t}/de.txt", "-o", "{t}/afile/out", *MODEL], 2, "{t}/afile is a file"),
    ("corpus without sources", ["corpus", "-o", "{t}/out", *MODEL], 2, "no SOURCES given"),
    # 3: a model that exists but cannot be used
    ("a model folder without weights", ["translate", "{t}/de.txt", "--no-cache", "--backend", "torch",
                                        "--model", "{t}/no-weights"], 3, "not a Marian model directory"),
    # 1: work that failed
    ("a corpus run with a failed document", ["corpus", "{t}/empty.txt", "-o", "{t}/out", "-q", "--no-cache", *MODEL], 1,
     "1 of 1 documents failed"),
]


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit:  # argparse's own refusals
        return exit.code


@pytest.mark.parametrize("what, argv, code, message", CASES, ids=[c[0] for c in CASES])
def test_exit_code(where, capsys, what, argv, code, message):
    rc = _run([a.replace("{t}", str(where)) for a in argv])
    err = capsys.readouterr().err
    assert rc == code, err
    assert message.replace("{t}", str(where)) in err
    assert "Traceback" not in err and not (where / "r.json").exists() and not (where / "nodir").exists()
    if code != 1:  # a corpus run lists each failure, then the error
        assert len(err.strip().splitlines()) == 1 or err.startswith("usage:"), err


def test_an_interrupted_run_exits_130(where, capsys, monkeypatch):
    import reader.cli.translate as translate

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(translate, "load_document", interrupted)
    assert main(["translate", str(where / "de.txt"), "-o", str(where / "x.txt")]) == 130
    assert capsys.readouterr().err == "reader: interrupted\n" and not (where / "x.txt").exists()


def test_a_fifo_nothing_writes_to_is_refused_not_waited_on(where, capsys, monkeypatch):
    import os
    import time

    import reader.text.decoding as decoding

    monkeypatch.setattr(decoding, "FIFO_WAIT_S", 0.3)
    os.mkfifo(where / "pipe.de")
    started = time.monotonic()
    assert main(["translate", str(where / "pipe.de"), *MODEL, "--no-cache"]) == 2
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err == f"reader: error: {where}/pipe.de: a FIFO that nothing was written to (waited 0.3 s)\n"


def test_a_fifo_with_a_writer_is_read_as_a_stream(where, capsys):
    # What `reader translate <(zcat a.txt.gz)` gives: a pipe, read to its end (the writer may come late).
    import os
    import threading
    import time

    os.mkfifo(where / "pipe.de")

    def write() -> None:
        time.sleep(0.5)
        with open(where / "pipe.de", "w", encoding="utf-8") as f:
            f.write("Das Haus ist alt.\n")
            f.flush()
            time.sleep(0.3)
            f.write("Der Zug kommt.\n")

    writer = threading.Thread(target=write)
    writer.start()
    assert main(["translate", str(where / "pipe.de"), *MODEL, "--no-cache"]) == 0
    writer.join()
    expected = main(["translate", str(where / "de.txt"), *MODEL, "--no-cache"])
    out = capsys.readouterr().out
    assert expected == 0 and out.count("The") >= 2 and out[: len(out) // 2] == out[len(out) // 2:]


def test_a_device_is_refused_without_reading_it(capsys):
    assert main(["translate", "/dev/zero", *MODEL, "--no-cache"]) == 2  # it would never end
    assert capsys.readouterr().err == "reader: error: /dev/zero: not a regular file: a character device\n"


@pytest.mark.parametrize("argv, message", [
    (["translate", "{t}/de.txt", "--glossary", "/dev/zero", "--no-cache"], "glossary /dev/zero: not a regular file: a character device"),
    (["glossary", "import", "/dev/zero", "--cache-dir", "{t}/store"], "glossary /dev/zero: not a regular file: a character device"),
    (["words", "import", "/dev/zero", "--cache-dir", "{t}/store"], "/dev/zero: not a regular file: a character device"),
    (["memory", "import", "/dev/zero", "--cache-dir", "{t}/store"], "/dev/zero: not a regular file: a character device"),
], ids=["glossary", "glossary import", "words import", "memory import"])
def test_a_side_file_that_is_a_device_is_refused_unread(where, capsys, argv, message):
    # /dev/zero never ends: read, it would fill the memory.
    assert _run([a.replace("{t}", str(where)) for a in argv]) == 2
    assert capsys.readouterr().err == f"reader: error: {message}\n"


def test_a_file_name_never_drives_the_terminal(where, capsys):
    # Names are the user's: an escape sequence in one is taken out, Rich markup in one is shown as written.
    from reader.cli.progress import progress_bar, stderr_progress

    name = str(where / "nothere[red]x[/red]\x1b[31m.txt")
    assert main(["translate", name, *MODEL, "--no-cache"]) == 2
    assert capsys.readouterr().err == f"reader: error: {where}/nothere[red]x[/red].txt: no such file\n"
    assert progress_bar(True, f"translating {name}").description == f"translating {where}/nothere[red]x[/red].txt"
    assert stderr_progress().columns[0].markup is False
