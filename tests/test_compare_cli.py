"""`reader compare` end to end: files and tiny-model systems, sacrebleu's figures, reports, bad input (issue 8)."""

import json
from pathlib import Path

import pytest
import sacrebleu

import reader.engines as engines_module
from reader.cli import main

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")
GERMAN = [
    "Dies berichtet Bloomberg unter Berufung auf mit der Angelegenheit vertraute Quellen.",
    "",
    "Die NATO verstärkt ihre Bemühungen zur Erhöhung der Waffenlieferungen an die Ukraine",
    "Aktuell beobachtet",
]
REF_A = [
    "Bloomberg reports this, citing sources familiar with the matter.",
    "",
    "NATO steps up efforts to increase arms supplies to Ukraine",
    "Currently watched",
]
REF_B = [
    "This is reported by Bloomberg, citing sources close to the matter.",
    "",
    "NATO is stepping up its efforts to deliver more weapons to Ukraine",
    "Being watched right now",
]


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, lines in (("src.de", GERMAN), ("refA.en", REF_A), ("refB.en", REF_B)):
        paths[name] = tmp_path / name
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def _tsv(out: str) -> dict:
    corpus = {}
    for line in out.split("\n\n")[0].splitlines()[1:]:
        system, refs, metric, score, _sig = line.split("\t")
        corpus[(system, refs, metric)] = float(score)
    return corpus


def test_figures_are_sacrebleus_and_a_second_compare_translates_nothing(files, tmp_path, capsys, monkeypatch):
    args = ["compare", str(files["src.de"]), "--lines", "--system", f"refB={files['refB.en']}",
            "--system", f"greedy={TINY},greedy,backend=torch", "--ref", f"refA={files['refA.en']}",
            "--cache-dir", str(tmp_path / "cache"), "--samples", "200", "--report", str(tmp_path / "r.json"),
            "--metrics", "bleu,chrf,ter"]
    assert main(args) == 0
    corpus = _tsv(capsys.readouterr().out)
    assert corpus[("refB", "refA", "BLEU")] == pytest.approx(sacrebleu.corpus_bleu(REF_B, [REF_A]).score, abs=1e-4)
    assert corpus[("refB", "refA", "chrF2")] == pytest.approx(sacrebleu.corpus_chrf(REF_B, [REF_A]).score, abs=1e-4)
    assert corpus[("refB", "refA", "TER")] == pytest.approx(sacrebleu.corpus_ter(REF_B, [REF_A]).score, abs=1e-4)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    greedy = [s["systems"]["greedy"] for s in report["segments"]]
    assert greedy[0] == REF_A[0] and greedy[1] == ""  # the tiny model knows line 1; a blank line stays blank
    bleu = next(c for c in report["corpus"] if c["system"] == "greedy" and c["metric"] == "BLEU")
    assert bleu["score"] == pytest.approx(sacrebleu.corpus_bleu(greedy, [REF_A]).score)
    assert bleu["signature"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert report["significance"]["baseline"] == "refB"
    assert {r["system"] for r in report["significance"]["results"]} == {"refB", "greedy"}
    assert len(report["segments"][0]["chrf"]) == 2

    calls = []
    real = engines_module.create_translator

    def spy(*a, **kw):
        translator = real(*a, **kw)
        translate = translator.translate
        translator.translate = lambda sources: calls.append(list(sources)) or translate(sources)
        return translator

    monkeypatch.setattr(engines_module, "create_translator", spy)
    assert main(args) == 0
    assert calls == []  # every sentence came from the store
    capsys.readouterr()


def test_several_references_and_the_markdown_report(files, tmp_path, capsys):
    assert main(["compare", str(files["src.de"]), "--lines", "--system", f"B={files['refB.en']}",
                 "--system", f"A={files['refA.en']}", "--ref", f"refA={files['refA.en']}", "--ref", f"refB={files['refB.en']}",
                 "--samples", "100", "--report", str(tmp_path / "r.md"), "--chrf-word-order", "2"]) == 0
    corpus = _tsv(capsys.readouterr().out)
    both = sacrebleu.corpus_bleu(REF_B, [REF_A, REF_B]).score
    assert corpus[("B", "refA+refB", "BLEU")] == pytest.approx(both, abs=1e-4)
    assert ("A", "refA", "chrF2++") in corpus
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## Corpus scores" in md and "## Significance" in md and "differ most" in md


def test_without_a_reference_systems_are_scored_against_each_other(files, capsys):
    assert main(["compare", str(files["src.de"]), "--lines", "--system", f"A={files['refA.en']}",
                 "--system", f"B={files['refB.en']}"]) == 0
    corpus = _tsv(capsys.readouterr().out)
    assert corpus[("A", "B", "BLEU")] == pytest.approx(sacrebleu.corpus_bleu(REF_A, [REF_B]).score, abs=1e-4)
    assert corpus[("B", "A", "BLEU")] == pytest.approx(sacrebleu.corpus_bleu(REF_B, [REF_A]).score, abs=1e-4)


@pytest.mark.parametrize("case, message", [
    ("short", "short.en has 2 lines, the source has 4"),
    ("empty", "empty.en: input is empty"),
    ("duplicate", "two systems or references are named 'A'"),
    ("setting", "unknown setting 'gready'"),
    ("missing", "give at least one --system"),
    ("baseline", "--baseline nobody: no such system"),
    ("alone", "nothing to compare one system with: give a reference"),
    ("md-name", ""),
])
def test_bad_input_is_one_line_exit_2_and_no_report(files, tmp_path, capsys, case, message):
    (tmp_path / "short.en").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "empty.en").write_text("\n\n\n\n", encoding="utf-8")
    a = f"A={files['refA.en']}"
    systems = {
        "short": ["--system", a, "--ref", f"r={tmp_path / 'short.en'}"],
        "empty": ["--system", f"E={tmp_path / 'empty.en'}"],
        "duplicate": ["--system", a, "--system", a],
        "setting": ["--system", f"m={TINY},gready"],
        "missing": [],
        "baseline": ["--system", a, "--system", f"B={files['refB.en']}", "--baseline", "nobody"],
        "alone": ["--system", a],
        "md-name": [],
    }[case]
    if case == "md-name":  # not an error: a reference's name is escaped in the Markdown report's summary line too
        ref = tmp_path / "r|e<b>f.en"
        ref.write_bytes(files["refB.en"].read_bytes())
        assert main(["compare", str(files["src.de"]), "--lines", "--system", a, "--ref", str(ref), "--samples", "10",
                     "--report", str(tmp_path / "r.md"), "--no-cache"]) == 0
        assert "against r\\|e\\<b\\>f." in (tmp_path / "r.md").read_text(encoding="utf-8")
        return
    report = tmp_path / "r.json"
    rc = main(["compare", str(files["src.de"]), "--lines", *systems, "--report", str(report), "--no-cache"])
    err = capsys.readouterr().err
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1, err
    assert not report.exists()


def test_an_article_compares_by_paragraph_and_txt_jsonl_and_model_agree(tmp_path, capsys):
    """The same translation as a txt file, as jsonl and as a model system: one text, three ways in."""
    sample = str(Path(__file__).parent.parent / "reader" / "data" / "sample.de.txt")
    cache = str(tmp_path / "cache")
    for suffix in ("txt", "jsonl"):
        assert main(["translate", sample, "--model", TINY, "--backend", "torch", "--cache-dir", cache, "-q",
                     "-o", str(tmp_path / f"sample.en.{suffix}")]) == 0
    assert main(["compare", sample, "--system", f"txt={tmp_path / 'sample.en.txt'}",
                 "--system", f"jsonl={tmp_path / 'sample.en.jsonl'}", "--system", f"model={TINY},backend=torch",
                 "--cache-dir", cache, "--report", str(tmp_path / "r.json")]) == 0
    corpus = _tsv(capsys.readouterr().out)
    assert corpus and all(score == 100.0 for score in corpus.values())
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["source"]["unit"] == "paragraph" and report["source"]["segments"] == 13


@pytest.mark.parametrize("lines", [1, 29, 30])
def test_a_test_set_too_small_for_the_paired_test_says_so_instead_of_a_verdict(tmp_path, capsys, lines):
    german = (GERMAN[0] + "\n") * lines
    (tmp_path / "src.de").write_text(german, encoding="utf-8")
    (tmp_path / "a.en").write_text((REF_A[0] + "\n") * lines, encoding="utf-8")
    (tmp_path / "b.en").write_text("Something else entirely.\n" * lines, encoding="utf-8")
    report = tmp_path / "r.json"
    assert main(["compare", str(tmp_path / "src.de"), "--lines", "--system", f"B={tmp_path / 'b.en'}",
                 "--system", f"A={tmp_path / 'a.en'}", "--ref", f"r={tmp_path / 'a.en'}", "--samples", "100",
                 "--report", str(report)]) == 0
    verdicts = [row.split("\t")[-1] for row in capsys.readouterr().out.split("\n\n")[1].splitlines()[1:]]
    sig = json.loads(report.read_text(encoding="utf-8"))["significance"]
    assert sig["segments"] == lines and sig["min_segments"] == 30
    a = [r for r in sig["results"] if r["system"] == "A"]
    assert all(r["p_value"] < 0.05 for r in a)  # what the test itself says, even for one line
    if lines < 30:
        assert sig["too_few_segments"] and not any(r["significant"] for r in a)
        assert all(v.startswith("too few lines to tell (p = ") for v in verdicts if v != "baseline"), verdicts
        assert not any("significantly" in v for v in verdicts)
        note = json.loads(report.read_text(encoding="utf-8"))["notes"][-1]
        assert note.startswith(f"the paired test ran on {lines} line") and "under 30" in note
    else:
        assert not sig["too_few_segments"] and all(r["significant"] for r in a)
        assert all(v.startswith("significantly better than B") for v in verdicts if v != "baseline"), verdicts


def test_a_jsonl_system_of_another_text_is_refused(tmp_path, capsys):
    # `reader translate -f jsonl` records carry their German: the English of another text scores nothing true.
    art, other = tmp_path / "art.de", tmp_path / "other.de"
    art.write_text("Das Haus ist alt.\n\nDer Zug kommt.\n", encoding="utf-8")
    other.write_text("Ein Vogel singt.\n\nDer Baum ist grün.\n", encoding="utf-8")
    (tmp_path / "ref.en").write_text("The house is old.\nThe train comes.\n", encoding="utf-8")
    for name in ("art", "other"):
        assert main(["translate", str(tmp_path / f"{name}.de"), "-o", str(tmp_path / f"{name}.jsonl"), "--model", TINY,
                     "--no-cache", "-q"]) == 0
    assert main(["compare", str(art), "--system", f"j={tmp_path / 'art.jsonl'}", "--ref", str(tmp_path / "ref.en"),
                 "--no-cache", "-q"]) == 0
    capsys.readouterr()
    assert main(["compare", str(art), "--system", f"j={tmp_path / 'other.jsonl'}", "--ref", str(tmp_path / "ref.en"),
                 "--no-cache"]) == 2
    assert "other.jsonl: sentence 1 is the English of 'Ein Vogel singt.', but the source's sentence 1 is " \
           "'Das Haus ist alt.'" in capsys.readouterr().err

