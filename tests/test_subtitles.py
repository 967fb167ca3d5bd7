"""Subtitles (SRT, WebVTT): cues read, joined into sentences, the English carried back onto the cues."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.document.loading import load_document, sample_path
from reader.document.subtitles import SubtitleTrack
from reader.errors import InputError
from reader.output.cue_split import split_over_pieces
from reader.output.subtitle_lines import MAX_LINE, break_lines, characters_per_second
from reader.output.subtitles import english_cues
from reader.output.writers import write_document
from reader.translation import Hypothesis, Translation, WordLink

HERE = Path(__file__).parent
TINY = str(HERE / "fixtures" / "tiny-opus-mt-de-en")
SAMPLE_SRT = HERE / "fixtures" / "subtitles" / "sample.de.srt"
TIMING = re.compile(r"^(\d\d:\d\d:\d\d[,.]\d\d\d) --> (\d\d:\d\d:\d\d[,.]\d\d\d)", re.M)

SLOPPY_SRT = (b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Ich dachte,</i> du kommst\r\nheute...\r\n\r\n"
              b"5\r\n00:00:02,600 --> 00:00:04,000\r\n...nicht mehr. Aber\r\n\r\n"
              b"6\r\n00:00:04.100 --> 00:00:06,000\r\ndu bist da.\r\n- Ja!\r\n- Komm rein\r\n\r\n"
              b"7\r\n00:00:09,000 --> 00:00:10,000\r\nNeue Szene")  # BOM, CRLF, a gap in the numbers, '.', no final blank line

VTT = """WEBVTT - a film

STYLE
::cue(.sp) { color: lime }

NOTE written by hand

intro
00:01.000 --> 00:03.000 align:start line:10%
<v Anna>Wir fahren morgen</v>

00:00:03.200 --> 00:00:05.000
nach Berlin &amp; Hamburg.

NOTE between cues

00:00:06.000 --> 00:00:08.000 position:20%
<i>Es regnet.</i>
"""


def _raw_file(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def _fake(doc, english_of=lambda s: s.upper()) -> list[Translation]:
    """A translation per sentence that is its German upper-cased, each word linked to itself (no model needed)."""
    out = []
    for s in doc.iter_sentences():
        text = english_of(s.text)
        links = tuple(WordLink(m.start(), m.end(), m.start(), m.end()) for m in re.finditer(r"\S+", s.text)) \
            if len(text) == len(s.text) else ()
        out.append(Translation(s.text, Hypothesis(text, -0.1, alignment=links)))
    return out


def _render(doc, translations, fmt: str) -> str:
    import io

    buf = io.StringIO()
    write_document(doc, translations, fmt, buf)
    return buf.getvalue()


# --- reading -------------------------------------------------------------------------------------------------------


def test_sloppy_srt_is_read_and_cues_join_into_sentences(tmp_path):
    doc = load_document(_raw_file(tmp_path, "film.de.srt", SLOPPY_SRT))
    assert doc.format == "srt"
    track = doc.container
    assert isinstance(track, SubtitleTrack)
    assert [(c.start, c.end) for c in track.cues] == [(1000, 2500), (2600, 4000), (4100, 6000), (9000, 10000)]
    assert [c.identifier for c in track.cues] == ["1", "5", "6", "7"]
    assert track.cues[0].text == "<i>Ich dachte,</i> du kommst\nheute..."
    # "..." carried across cues is one sentence; speaker dashes start new ones; the pause before cue 4 ends a paragraph
    assert [s.text for s in doc.sentences] == [
        "Ich dachte, du kommst heute nicht mehr.", "Aber du bist da.", "Ja!", "Komm rein", "Neue Szene"]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
    assert [doc.text[a:b] for a, b in track.spans] == [
        "Ich dachte, du kommst heute", "nicht mehr. Aber", "du bist da.\nJa!\nKomm rein", "Neue Szene"]
    assert sorted(doc.text[t : t + 3] for t in track.turns) == ["Ja!", "Kom"]


def test_webvtt_keeps_header_identifiers_and_settings(tmp_path):
    doc = load_document(_raw_file(tmp_path, "film.vtt", VTT))
    track = doc.container
    assert track.file.header.startswith("WEBVTT - a film\n\nSTYLE\n::cue(.sp)") and "NOTE written by hand" in track.file.header
    assert [(c.identifier, c.start, c.end, c.settings) for c in track.cues] == [
        ("intro", 1000, 3000, "align:start line:10%"), ("", 3200, 5000, ""), ("", 6000, 8000, "position:20%")]
    assert [s.text for s in doc.sentences] == ["Wir fahren morgen nach Berlin & Hamburg.", "Es regnet."]
    out = _render(doc, _fake(doc), "vtt")
    assert out.startswith(track.file.header + "\n\nintro\n00:00:01.000 --> 00:00:03.000 align:start line:10%\n"
                          "<v Anna>WIR FAHREN MORGEN\n")  # the speaker's voice opens the English cue too
    assert "NACH BERLIN &amp; HAMBURG." in out  # escaped again in WebVTT
    assert "00:00:06.000 --> 00:00:08.000 position:20%\n<i>ES REGNET.</i>\n" in out  # a cue in italics stays so
    assert "HAMBURG.\n\nNOTE between cues\n\n00:00:06.000" in out  # a comment between cues stays where it was


def test_format_detected_by_content(tmp_path):
    assert load_document(_raw_file(tmp_path, "noext", SLOPPY_SRT)).format == "srt"
    assert load_document(_raw_file(tmp_path, "noext2", VTT)).format == "vtt"


@pytest.mark.parametrize("body, says", [
    ("1\n00:00:01,000 --> 00:00:0x,000\nkaputt\n", "cue 1 (line 2): cannot read the timing"),
    ("1\n00:00:01,000 --> 00:00:02,000\neins\n\n2\n00:00:05,000 --> 00:00:04,000\nzwei\n",
     "cue 2 (line 6) ends before it starts"),
    ("1\n00:00:01,000 --> 00:00:02,000\neins\n\nnur Text\nohne Zeit\n", "cue 2 (line 5) has no timing line"),
])
def test_broken_cue_is_one_line_naming_it_exit_2(tmp_path, capsys, body, says):
    path = _raw_file(tmp_path, "broken.srt", body)
    with pytest.raises(InputError, match=re.escape(says)):
        load_document(path)
    assert main(["translate", path, "--model", TINY, "-q"]) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1


def test_overlapping_cues_are_read(tmp_path):
    doc = load_document(_raw_file(tmp_path, "o.srt", "1\n00:00:01,000 --> 00:00:04,000\nEins.\n\n"
                                                     "2\n00:00:02,000 --> 00:00:03,000\nZwei.\n"))
    assert [(c.start, c.end) for c in doc.container.cues] == [(1000, 4000), (2000, 3000)]


# --- carrying the English over the cues ----------------------------------------------------------------------------


def test_the_word_links_decide_which_cue_gets_which_words():
    english = "aaa bbb ccc dddd"
    # German of 30 + 9 characters: by proportion the first three words would go to the first cue …
    pieces = [(0, 30), (31, 40)]
    assert [english[a:b] for a, b in split_over_pieces(english, pieces)] == ["aaa bbb ccc", "dddd"]
    # … but the links say only "aaa" translates the first cue's German
    links = (WordLink(0, 5, 0, 3), WordLink(32, 35, 4, 7), WordLink(36, 38, 8, 11), WordLink(36, 40, 12, 16))
    assert [english[a:b] for a, b in split_over_pieces(english, pieces, links)] == ["aaa", "bbb ccc dddd"]
    # a word linked to both goes where most of its weight is
    links = (WordLink(0, 5, 0, 3), WordLink(0, 5, 4, 7, 0.9), WordLink(32, 35, 4, 7, 0.1), WordLink(36, 40, 8, 16))
    assert [english[a:b] for a, b in split_over_pieces(english, pieces, links)] == ["aaa bbb", "ccc dddd"]


words = st.lists(st.text(alphabet="abcxyzäö.,", min_size=1, max_size=6), min_size=0, max_size=25)


@settings(max_examples=200, deadline=None)
@given(english_words=words, piece_lengths=st.lists(st.integers(1, 30), min_size=1, max_size=6),
       link_seed=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30), st.floats(0.0, 1.0)), max_size=30))
def test_every_english_word_lands_in_exactly_one_cue_in_order(english_words, piece_lengths, link_seed):
    english = " ".join(english_words)
    pieces, at = [], 0
    for n in piece_lengths:
        pieces.append((at, at + n))
        at += n + 1
    targets = [(m.start(), m.end()) for m in re.finditer(r"\S+", english)]
    links = tuple(WordLink(g % at, g % at + 1, *targets[t % len(targets)], weight=w)
                  for g, t, w in link_seed) if targets else ()
    spans = split_over_pieces(english, pieces, links)
    assert len(spans) == len(pieces)
    assert all(a <= b for a, b in spans) and all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert [w for a, b in spans for w in english[a:b].split()] == english.split()
    if len(english_words) >= len(pieces):
        assert all(a < b for a, b in spans)  # every cue gets a word while there are enough


def test_lines_are_broken_at_a_sensible_place():
    assert break_lines("Short enough.") == ["Short enough."]
    lines = break_lines("I thought you would not come today, but here you are at last")
    assert lines == ["I thought you would not come today,", "but here you are at last"]
    lines = break_lines("The governments have begun to think about scenarios that could end the war")
    assert all(len(line) <= MAX_LINE for line in lines) and len(lines) == 2
    assert not lines[0].endswith((" the", " to", " about"))
    long = break_lines(" ".join(["word"] * 40))
    assert all(len(line) <= MAX_LINE for line in long) and " ".join(long) == " ".join(["word"] * 40)
    assert characters_per_second(["abcde", "fghij"], 1000, 1500) == 20.0


def test_cue_english_speaker_dashes_and_no_words(tmp_path):
    doc = load_document(_raw_file(tmp_path, "film.srt", SLOPPY_SRT.replace(b"Neue Szene", b"\xe2\x99\xaa")))
    cues = english_cues(doc, _fake(doc))
    assert [c.lines for c in cues] == [
        ("ICH DACHTE, DU KOMMST HEUTE",), ("NICHT MEHR. ABER",), ("DU BIST DA.", "- JA!", "- KOMM REIN"), ("♪",)]


def test_subtitle_writer_refuses_a_document_without_cues(tmp_path):
    doc = load_document(str(sample_path()))
    with pytest.raises(InputError, match="needs subtitles"):
        _render(doc, _fake(doc), "srt")


# --- with the tiny model, read back by ffmpeg ----------------------------------------------------------------------


def _timings(text: str) -> list[tuple[str, str]]:
    return [(a.replace(".", ","), b.replace(".", ",")) for a, b in TIMING.findall(text)]


def _fits_two_lines(text: str) -> bool:
    return any(len(text[:m.start()]) <= MAX_LINE and len(text[m.end():]) <= MAX_LINE for m in re.finditer(" ", text))


def _cue_texts(srt: str) -> list[list[str]]:
    """Each cue's lines after its timing line (SRT or WebVTT)."""
    blocks = [b.split("\n") for b in srt.strip().split("\n\n")]
    return [b[next(k for k, line in enumerate(b) if "-->" in line) + 1 :] for b in blocks if "-->" in "".join(b)]


@pytest.fixture(scope="module")
def translated(tmp_path_factory):
    """The sample article as subtitles, translated by the tiny model to every subtitle format; and the article as text."""
    out = tmp_path_factory.mktemp("subs")
    cache = out / "cache"
    for fmt, name in (("srt", "en.srt"), ("vtt", "en.vtt"), ("srt-bilingual", "bi.srt"), ("vtt-bilingual", "bi.vtt")):
        assert main(["translate", str(SAMPLE_SRT), "-f", fmt, "-o", str(out / name), "--model", TINY,
                     "--cache-dir", str(cache), "-q"]) == 0
    assert main(["translate", str(sample_path()), "-o", str(out / "article.en.txt"), "--model", TINY,
                 "--cache-dir", str(cache), "-q"]) == 0
    return out


def test_sample_srt_keeps_cues_and_timings_and_equals_the_article(translated):
    german = SAMPLE_SRT.read_text(encoding="utf-8")
    english = (translated / "en.srt").read_text(encoding="utf-8")
    assert _timings(english) == _timings(german) and len(_timings(german)) == 45
    cues = _cue_texts(english)
    assert all(lines for lines in cues)
    assert all(len(line) <= MAX_LINE for lines in cues for line in lines)
    assert all(len(lines) <= 2 or not _fits_two_lines(" ".join(lines)) for lines in cues)
    article = (translated / "article.en.txt").read_text(encoding="utf-8")
    assert " ".join(" ".join(lines) for lines in cues).split() == article.split()
    vtt = (translated / "en.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n") and _timings(vtt) == _timings(german)


def test_bilingual_puts_the_german_above_the_english(translated):
    german = _cue_texts(SAMPLE_SRT.read_text(encoding="utf-8"))
    english = _cue_texts((translated / "en.srt").read_text(encoding="utf-8"))
    bilingual = _cue_texts((translated / "bi.srt").read_text(encoding="utf-8"))
    for de, en, both in zip(german, english, bilingual, strict=True):
        assert both == de + [f'<font color="#ffd75f">{line}</font>' for line in en]
    vtt = (translated / "bi.vtt").read_text(encoding="utf-8")
    assert "<c.en.yellow>" in vtt and _timings(vtt) == _timings(SAMPLE_SRT.read_text(encoding="utf-8"))


def test_reading_speed_is_reported(capsys, tmp_path):
    out = tmp_path / "x.srt"
    assert main(["translate", str(SAMPLE_SRT), "-o", str(out), "--model", TINY, "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"reader: 45 cues; \d+ faster than 20 characters a second", err)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed (scripts/test installs it)")
@pytest.mark.parametrize("name", ["en.srt", "en.vtt", "bi.srt", "bi.vtt"])
def test_ffmpeg_reads_every_file_written(translated, name):
    """A real player's parser (ffmpeg's, as mpv uses) reads every cue, to the millisecond (converted to SRT)."""
    result = subprocess.run(["ffmpeg", "-v", "error", "-i", str(translated / name), "-f", "srt", "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert _timings(result.stdout) == _timings(SAMPLE_SRT.read_text(encoding="utf-8"))
    assert [len(lines) for lines in _cue_texts(result.stdout)] == [
        len(lines) for lines in _cue_texts((translated / name).read_text(encoding="utf-8"))]


def test_corpus_over_a_folder_of_subtitles(capsys, tmp_path):
    src = tmp_path / "src"
    (src / "season1").mkdir(parents=True)
    shutil.copy(SAMPLE_SRT, src / "season1" / "e01.de.srt")
    (src / "season1" / "e02.de.srt").write_bytes(SLOPPY_SRT)
    out = tmp_path / "out"
    assert main(["corpus", str(src), "-o", str(out), "-f", "srt", "--model", TINY, "--no-cache"]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    for name in ("e01", "e02"):
        written = (out / "season1" / f"{name}.en.srt").read_text(encoding="utf-8")
        assert main(["translate", str(src / "season1" / f"{name}.de.srt"), "-f", "srt", "--model", TINY, "-q",
                     "--no-cache"]) == 0
        assert written == capsys.readouterr().out


def test_compare_scores_a_subtitle_source_by_cue(capsys, translated):
    from reader.compare.systems import Source, read_segments

    doc = load_document(str(SAMPLE_SRT))
    source = Source.of(doc, lines=False)
    assert source.unit == "cue" and len(source.segments) == 45
    assert source.segments[:2] == ["Die NATO beeilt sich,", "die Ukraine vor möglichen Gesprächen"]
    english = read_segments(str(translated / "en.srt"), source)
    assert len(english) == 45 and all(english)
    # the model's cues (through the job) are the English SRT's cues: a perfect score against it
    assert main(["compare", str(SAMPLE_SRT), "--system", f"tiny={TINY}", "--ref", str(translated / "en.srt"),
                 "--cache-dir", str(translated / "cache"), "-q"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines() if line.startswith("tiny\t")]
    assert {r[2]: float(r[3]) for r in rows if len(r) > 3 and r[1] == "en.srt"} == {"BLEU": 100.0, "chrF2": 100.0}
    short = translated / "short.srt"
    short.write_text("1\n00:00:01,000 --> 00:00:02,000\nOnly one cue\n", encoding="utf-8")
    with pytest.raises(InputError, match="has 1 cues, the source has 45"):
        read_segments(str(short), source)
    # cues in another order (or of another film) are not paired by position: cue 1 is not on screen with cue 1
    blocks = (translated / "en.srt").read_text(encoding="utf-8").strip().split("\n\n")
    swapped = translated / "swapped.srt"
    swapped.write_text("\n\n".join([blocks[1], blocks[0], *blocks[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"swapped\.srt: cue 1 \(.*\) is not on screen with the source's cue 1"):
        read_segments(str(swapped), source)


def test_the_example_in_docs_formats(tmp_path):
    doc = load_document(_raw_file(tmp_path, "ex.srt", "12\n00:01:02,000 --> 00:01:04,200\nIch habe dir doch gesagt,\n\n"
                                  "13\n00:01:04,300 --> 00:01:06,800\ndass wir morgen nach Berlin fahren.\n- Wirklich?\n"))
    first, second = doc.sentences
    english = "I told you that we're going to Berlin tomorrow."

    def at(text, word):
        return text.index(word), text.index(word) + len(word)

    pairs = [("Ich", "I"), ("gesagt", "told"), ("dir", "you"), ("dass", "that"), ("wir", "we're"), ("fahren", "going"),
             ("nach", "to"), ("Berlin", "Berlin"), ("morgen", "tomorrow")]
    links = tuple(WordLink(*at(first.text, de), *at(english, en)) for de, en in pairs)
    really = Translation(second.text, Hypothesis("Really?", -0.1))
    cues = english_cues(doc, [Translation(first.text, Hypothesis(english, -0.1, alignment=links)), really])
    assert [c.lines for c in cues] == [("I told you",), ("that we're going to Berlin tomorrow.", "- Really?")]
    cues = english_cues(doc, [Translation(first.text, Hypothesis(english, -0.1)), really])  # no links: by proportion
    assert [c.lines for c in cues] == [("I told you that we're",), ("going to Berlin tomorrow.", "- Really?")]


def test_an_srt_position_override_opens_the_english_cue_too(tmp_path):
    doc = load_document(_raw_file(tmp_path, "film.srt", "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Oben steht es.\n\n"
                                                        "2\n00:00:03,000 --> 00:00:04,000\nUnten steht es.\n"))
    out = _render(doc, _fake(doc), "srt")
    assert "00:00:01,000 --> 00:00:02,000\n{\\an8}OBEN STEHT ES.\n\n" in out and "\nUNTEN STEHT ES.\n" in out
    assert "{\\an8}" not in _render(doc, _fake(doc), "vtt")  # WebVTT knows no ASS override


def test_webvtt_to_bilingual_srt_leaves_out_the_tags_srt_does_not_know(tmp_path):
    doc = load_document(_raw_file(tmp_path, "film.vtt", VTT))
    out = _render(doc, _fake(doc), "srt-bilingual")
    assert out.startswith("1\n00:00:01,000 --> 00:00:03,000\nWir fahren morgen\n<font")
    assert "nach Berlin & Hamburg.\n" in out and "<v " not in out and "align:" not in out


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed (scripts/test installs it)")
@pytest.mark.parametrize("fmt", ["vtt", "vtt-bilingual", "srt-bilingual"])
def test_ffmpeg_reads_webvtt_written_from_webvtt(tmp_path, fmt):
    """Identifiers, cue settings, NOTE blocks and entities kept or left out as WebVTT wants (no STYLE block: see docs)."""
    without_style = VTT.replace("STYLE\n::cue(.sp) { color: lime }\n\n", "")
    doc = load_document(_raw_file(tmp_path, "film.vtt", without_style))
    out = tmp_path / f"out.{fmt[:3]}"
    out.write_text(_render(doc, _fake(doc), fmt), encoding="utf-8")
    result = subprocess.run(["ffmpeg", "-v", "error", "-i", str(out), "-f", "srt", "-"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert _timings(result.stdout) == [("00:00:01,000", "00:00:03,000"), ("00:00:03,200", "00:00:05,000"),
                                       ("00:00:06,000", "00:00:08,000")]
