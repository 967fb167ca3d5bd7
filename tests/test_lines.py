"""`--lines`: a line-aligned test set, one segment per line, blank lines kept (issue 8)."""

import json
from pathlib import Path

from reader.cli import main
from reader.document import build_document
from reader.text.paragraphs import line_blocks

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
KNOWN = "Dies berichtet Bloomberg unter Berufung auf mit der Angelegenheit vertraute Quellen."
KNOWN_EN = "Bloomberg reports this, citing sources familiar with the matter."


def test_line_blocks_are_the_lines_blank_ones_included():
    text = "\n eins \n\nzwei. Drei.\n  \nvier"
    blocks = line_blocks(text)
    assert [text[b.start:b.end] for b in blocks] == ["", "eins", "", "zwei. Drei.", "", "vier"]
    assert len(line_blocks("a\nb\n")) == 2 and len(line_blocks("a\nb\n\n")) == 3  # as splitlines()


def test_every_line_is_one_segment_never_resegmented():
    text = "Erster Satz. Zweiter Satz.\n\nDritter Satz.\n"
    doc = build_document(text, format="lines")
    assert [p.index for p in doc.paragraphs] == [0, 1, 2]
    assert [s.text for s in doc.sentences] == ["Erster Satz. Zweiter Satz.", "Dritter Satz."]
    assert [s.paragraph for s in doc.sentences] == [0, 2]
    assert all(text[s.start:s.end] == s.text for s in doc.sentences)


def test_translate_keeps_the_line_numbers(capsys, tmp_path):
    source = tmp_path / "test.de"
    lines = ["", KNOWN, "", "Eins. Zwei.", "   ", KNOWN]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "test.en"
    rc = main(["translate", str(source), "--lines", "--model", TINY, "--backend", "torch", "--no-cache", "-q",
               "-o", str(out), "-f", "txt"])
    assert rc == 0, capsys.readouterr().err
    got = out.read_text(encoding="utf-8").split("\n")
    assert got[-1] == "" and len(got) - 1 == len(lines)  # one output line per input line
    assert got[0] == got[2] == got[4] == ""
    assert got[1] == got[5] == KNOWN_EN
    assert got[3]  # two sentences on one line: one segment, one translation

    rc = main(["translate", str(source), "--lines", "--model", TINY, "--backend", "torch", "--no-cache", "-q",
               "-f", "jsonl"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["paragraph"] for r in records] == [1, 3, 5]  # paragraph = line number - 1
    assert records[1]["source"] == "Eins. Zwei."


# A lone CR, VT, FF, NEL (U+0085) or LINE SEPARATOR (U+2028) inside a line: not a line break under --lines.
INNER_BREAKS = [KNOWN, "Eins.\rZwei.", "Drei.\x0bVier.\x0cFünf.", "Sechs.\u0085Sieben.\u2028Acht.", KNOWN]


def _write_inner_breaks(path: Path) -> int:
    """The test set with CRLF and LF endings mixed; returns its line count as `wc -l` gives it."""
    data = ("\r\n".join(INNER_BREAKS[:3]) + "\r\n" + "\n".join(INNER_BREAKS[3:]) + "\n").encode("utf-8")
    path.write_bytes(data)
    return data.count(b"\n")


def test_translate_counts_only_line_feeds(capsys, tmp_path):
    source = tmp_path / "test.de"
    assert _write_inner_breaks(source) == 5
    out = tmp_path / "test.en"
    rc = main(["translate", str(source), "--lines", "--model", TINY, "--backend", "torch", "--no-cache", "-q",
               "-o", str(out), "-f", "txt"])
    assert rc == 0, capsys.readouterr().err
    got = out.read_bytes().decode("utf-8")
    assert got.count("\n") == 5 and "\r" not in got
    assert got.split("\n")[0] == got.split("\n")[4] == KNOWN_EN

    rc = main(["translate", str(source), "--lines", "--model", TINY, "--backend", "torch", "--no-cache", "-q",
               "-f", "jsonl"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["paragraph"] for r in records] == [0, 1, 2, 3, 4]
    assert records[1]["source"] == "Eins. Zwei."  # the lone CR became a space


def test_corpus_counts_only_line_feeds(capsys, tmp_path):
    source = tmp_path / "test.de"
    _write_inner_breaks(source)
    out = tmp_path / "out"
    rc = main(["corpus", str(source), "-o", str(out), "--lines", "--shard-lines", "2", "--model", TINY, "--no-cache"])
    assert rc == 0, capsys.readouterr().err
    assert (out / "test.en.txt").read_bytes().decode("utf-8").count("\n") == 5


def test_compare_counts_only_line_feeds(capsys, tmp_path):
    """The source and a system file with a lone CR inside a line still have 5 lines each."""
    source = tmp_path / "test.de"
    _write_inner_breaks(source)
    system = tmp_path / "sys.en"
    english = [KNOWN_EN, "One.\rTwo.", "Three. Four. Five.", "Six. Seven. Eight.", KNOWN_EN]
    system.write_bytes(("\n".join(english) + "\n").encode("utf-8"))
    report = tmp_path / "r.json"
    rc = main(["compare", str(source), "--lines", "--system", f"A={system}", "--system", f"B={system}",
               "--no-cache", "--samples", "10", "--report", str(report)])
    assert rc == 0, capsys.readouterr().err
    segments = json.loads(report.read_text(encoding="utf-8"))["segments"]
    assert [s["systems"]["A"] for s in segments][:2] == [KNOWN_EN, "One. Two."]
    assert len(segments) == 5
