"""Where `-o` points: symlinks, devices, missing directories, full disks, SIGTERM."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import wait_until_stored
from reader.output.atomic import atomic_write_text, check_writable

ROOT = Path(__file__).parent.parent
TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE = str(ROOT / "reader" / "data" / "sample.de.txt")


def test_symlink_is_followed_and_kept(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    with atomic_write_text(link) as f:
        f.write("new\n")
    assert link.is_symlink() and target.read_text() == "new\n"


def test_device_and_fifo_are_written_not_replaced(tmp_path):
    with atomic_write_text("/dev/null") as f:
        f.write("x")
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    with atomic_write_text(fifo) as f:
        f.write("through the pipe\n")
    assert reader.communicate(timeout=10)[0] == "through the pipe\n"
    assert fifo.is_fifo()


def test_check_writable(tmp_path):
    check_writable(tmp_path / "new.txt")
    with pytest.raises(FileNotFoundError):
        check_writable(tmp_path / "missing" / "x.txt")
    (tmp_path / "afile").write_text("x")
    for under in (tmp_path / "afile" / "x.txt", tmp_path / "afile" / "sub" / "x.txt"):
        with pytest.raises(NotADirectoryError) as raised:
            check_writable(under)
        assert raised.value.filename == str(tmp_path / "afile")  # the file that stands in the way


def _reader(*args, **kw):
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=300, **kw)


def test_missing_output_directory_fails_before_translating():
    r = _reader("translate", SAMPLE, "--model", "/nonexistent-model", "-o", "/nonexistent-dir/x.txt")
    assert r.returncode == 2  # the output is checked first: the model is never looked at
    assert r.stderr == "reader: error: cannot write /nonexistent-dir/x.txt: No such directory: /nonexistent-dir\n"


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full")
def test_full_disk_on_stdout_is_one_line():
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "reader", "translate", SAMPLE, "--model", TINY, "--no-cache", "-q"],
                           stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert r.returncode == 1
    assert r.stderr == "reader: error: No space left on device\n"


def test_sigterm_stops_like_ctrl_c(tmp_path):
    big = tmp_path / "big.txt"
    lines = [l for l in Path(SAMPLE).read_text(encoding="utf-8").splitlines() if l]
    big.write_text("\n".join(f"{l} {i}" for i in range(100) for l in lines), encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("old\n")
    cache = tmp_path / "cache"
    proc = subprocess.Popen([sys.executable, "-m", "reader", "translate", str(big), "-o", str(out), "--model", TINY,
                             "--cache-dir", str(cache), "--backend", "torch"], stderr=subprocess.PIPE, text=True)
    # Mid-translation, not during start-up (before the handler exists, SIGTERM simply kills).
    assert wait_until_stored(cache / "translations.sqlite3") > 0
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip() == "reader: interrupted"
    assert out.read_text() == "old\n"
