"""The HTML report of `reader compare`: self-contained, escaped, its figures the Comparison's; drawn by Chromium (issue 8)."""

import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from reader.cli import main
from reader.compare.comparison import compare, verdicts
from reader.compare.html_report import html_report, marked_diff
from reader.compare.systems import Source, System
from reader.document import load_document

from test_compare_cli import GERMAN, REF_A, REF_B

HOSTILE = ["<script>alert(1)</script> Bloomberg reports <b>this</b>.", "", "NATO & Ukraine \"arms\"", "Watched"]


def _comparison(tmp_path: Path, references: bool = True):
    src = tmp_path / "src.de"
    src.write_text("\n".join(GERMAN) + "\n", encoding="utf-8")
    source = Source.of(load_document(str(src), None, "lines"), True)
    systems = [System("refB", "refB.en", "file", tuple(REF_B)), System("x<i>y", "<b>bold</b>.en", "file", tuple(HOSTILE))]
    return compare(source, systems, {"refA": REF_A} if references else {}, samples=100)


@pytest.fixture
def comparison(tmp_path):
    return _comparison(tmp_path)


def test_the_page_is_self_contained(comparison):
    page = html_report(comparison)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script" not in page.lower() and "<link" not in page.lower() and "@import" not in page
    assert set(re.findall(r"url\((.)", page)) <= {"#"}  # only the SVGs' own clip paths, nothing fetched
    assert set(re.findall(r"""href=["'](.)""", page)) <= {"#"}
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page  # the SVGs are inlined as elements
    assert page.count("<svg") == 2  # by source length, by word frequency


def test_input_is_escaped_and_makes_no_tags(comparison):
    page = html_report(comparison)
    own = re.sub(r"<del>.*?</del> ?", "", page).replace("<ins>", "").replace("</ins>", "")  # the system's text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bloomberg reports &lt;b&gt;this&lt;/b&gt;." in own
    assert "NATO &amp; Ukraine &quot;arms&quot;" in own
    assert "x&lt;i&gt;y" in page and "&lt;b&gt;bold&lt;/b&gt;.en" in page
    assert "<i>" not in page and "<b>" not in page
    assert "<script" not in page


def test_the_comparisons_figures_appear_in_order(comparison):
    page = html_report(comparison)
    for score in comparison.corpus:
        assert f"<td class=\"num\">{score.score:.2f}</td>" in page
        assert escape(score.signature) in page
    for system, metric, score, verdict in verdicts(comparison):
        assert escape(verdict) in page and escape(score) in page
    assert "4 lines, 2 systems, against refA." in page
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert [h.split(" ")[0] for h in headings] == ["Systems", "Corpus", "Significance", "Where", "N-gram", "The"]
    # the segment where the systems differ most, with each system's sentence chrF beside it
    worst = comparison.analyses.differing[0].segments[0]
    assert f"<h3>Line {worst.index + 1}</h3>" in page
    assert f"{worst.chrf_a:.1f}" in page and f"{worst.chrf_b:.1f}" in page
    grams = comparison.analyses.ngrams[0]
    assert escape(grams.better_in_a[0].text) in page and escape(grams.better_in_b[0].text) in page


def test_without_a_reference_there_are_no_charts_and_the_disagreements_are_shown(tmp_path):
    page = html_report(_comparison(tmp_path, references=False))
    assert "<svg" not in page and "Significance" not in page
    assert "against each other (no reference)" in page and "differ most" in page
    assert "agreement, not quality" in page


def test_the_words_that_differ_from_the_baseline_are_marked():
    assert marked_diff("The cat sat on the mat.", "The cat sat on the mat.") == "The cat sat on the mat."
    assert marked_diff("The cat sat on the mat.", "The dog sat on the <mat>.") == (
        "The <del>cat</del> <ins>dog</ins> sat on the <ins>&lt;</ins>mat<ins>&gt;</ins>.")
    assert marked_diff("A big dog barks.", "A dog barks.") == "A <del>big</del> dog barks."
    assert marked_diff("Hello world", "") == "<del>Hello world</del>"
    assert marked_diff("", "Hi") == "<ins>Hi</ins>"


def test_the_cli_writes_the_html_report(tmp_path, capsys):
    comparison = _comparison(tmp_path)  # writes src.de
    for name, lines in (("refA.en", REF_A), ("refB.en", REF_B)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "r.html"
    assert main(["compare", str(tmp_path / "src.de"), "--lines", "--system", f"refB={tmp_path / 'refB.en'}",
                 "--system", f"A={tmp_path / 'refA.en'}", "--ref", f"refA={tmp_path / 'refA.en'}",
                 "--samples", "100", "--report", str(report)]) == 0
    capsys.readouterr()
    page = report.read_text(encoding="utf-8")
    assert "<h2>Corpus scores</h2>" in page and page.count("<svg") == 2
    assert comparison.source.doc.name in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_chromium_shows_the_page(comparison, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html_report(comparison), encoding="utf-8")
    chromium = [shutil.which("chromium"), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,2000"]
    dom = subprocess.run([*chromium, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))
    assert "refB" in text and "x<i>y" not in dom and "x&lt;i&gt;y" in dom  # a name, as text
    for score in comparison.corpus:
        assert f"{score.score:.2f}" in text
    assert any(v.startswith(("significantly", "not significantly", "too few")) for *_, v in verdicts(comparison))
    for *_, verdict in verdicts(comparison):
        assert verdict in text.replace("&lt;", "<").replace("&gt;", ">")
    assert dom.count("<svg") == 2 and "<script" not in dom.lower()

    shot = tmp_path / "report.png"
    subprocess.run([*chromium, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000
    from matplotlib.image import imread

    pixels = imread(shot)
    assert pixels.shape[:2] == (2000, 1200)
    colours = {tuple(p) for p in pixels[::7, ::7, :3].reshape(-1, 3).round(2).tolist()}
    assert len(colours) > 20  # text, tables and coloured bars, not a blank page
