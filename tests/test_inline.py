"""Inline Markdown carried across translation (reader.text.inline): the parser, restoring by word links,
rendering, and — with the tiny model — the spans of the fixture sentences around the right English words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.inline import Marked, is_web_link, restore_inline, strip_inline, strip_sentences
from reader.translation import WordLink

FIXTURES = Path(__file__).parent / "fixtures"
TINY = str(FIXTURES / "tiny-opus-mt-de-en")


def _corpus() -> list[tuple[str, str, list[tuple[int, int]]]]:
    rows = []
    for line in (FIXTURES / "tiny_corpus.tsv").read_text(encoding="utf-8").splitlines():
        de, en, align = line.split("\t")
        rows.append((de, en, [tuple(map(int, pair.split("-"))) for pair in align.split()]))
    return rows


CORPUS = _corpus()


def _words(text: str) -> list[tuple[int, int]]:
    """The tokens the fixture's gold alignment counts: words (with inner - and '), and each punctuation mark."""
    return [m.span() for m in re.finditer(r"\w+(?:[-'’]\w+)*|[^\w\s]", text)]


def gold_links(de: str, en: str, pairs) -> list[WordLink]:
    dw, ew = _words(de), _words(en)
    return [WordLink(*dw[a], *ew[b]) for a, b in pairs if a < len(dw) and b < len(ew)]


def kinds(stripped) -> list[tuple[str, str]]:
    return [(s.kind, stripped.plain[s.start : s.end]) for s in stripped.spans]


# -- the parser -------------------------------------------------------------


@pytest.mark.parametrize("text, plain, spans", [
    ("Das **Haus** ist _klein_.", "Das Haus ist klein.", [("strong", "Haus"), ("emphasis", "klein")]),
    ("__fett__ und *kursiv*", "fett und kursiv", [("strong", "fett"), ("emphasis", "kursiv")]),
    ("***beides***", "beides", [("strong", "beides"), ("emphasis", "beides")]),
    ("**a *b* c**", "a b c", [("strong", "a b c"), ("emphasis", "b")]),
    ("**a** **b**", "a b", [("strong", "a"), ("strong", "b")]),
    ("Siehe [die *Seite*](https://x.de/a_b \"Titel\").", "Siehe die Seite.", [("link", "die Seite"), ("emphasis", "Seite")]),
    ("Mit `a*b_c` und ``x ` y``.", "Mit a*b_c und x ` y.", [("code", "a*b_c"), ("code", "x ` y")]),
    ("Siehe <https://x.de/?a=1_2>.", "Siehe https://x.de/?a=1_2.", [("autolink", "https://x.de/?a=1_2")]),
    ("![Ein Bild](bild.png) hier", "Ein Bild hier", [("image", "Ein Bild")]),
    ("2 * 3 und snake_case_name", "2 * 3 und snake_case_name", []),
    ("2*3*4", "234", [("emphasis", "3")]),  # CommonMark: * marks emphasis inside a word, _ does not
    ("**offen und * allein", "**offen und * allein", []),
    (r"\*kein\* \[Link\](x)", "*kein* [Link](x)", []),
])
def test_strip_inline(text, plain, spans):
    stripped = strip_inline(text)
    assert stripped.plain == plain
    assert kinds(stripped) == spans


def test_links_keep_their_destination_as_written():
    s = strip_inline('[hier](<https://x.de/a b> "T") und [da](https://y.de/(1)_2)')
    assert [(x.markup, x.url) for x in s.spans] == [('<https://x.de/a b> "T"', "https://x.de/a b"),
                                                     ("https://y.de/(1)_2", "https://y.de/(1)_2")]
    assert s.marked().markdown() == '[hier](<https://x.de/a b> "T") und [da](https://y.de/(1)_2)'


def test_spans_across_sentence_ends_close_and_reopen():
    text = "**Das ist gut. Das auch.** Und `a. B` hier."
    got = strip_sentences(text, [(0, 14), (15, 26), (27, 37), (38, 43)])
    assert [g.plain for g in got] == ["Das ist gut.", "Das auch.", "Und a. B", "hier."]
    assert [kinds(g) for g in got] == [[("strong", "Das ist gut.")], [("strong", "Das auch.")], [("code", "a. B")], []]
    # A sentence end inside inline code moves to after it: the code is never cut.
    got = strip_sentences(text, [(0, 14), (15, 26), (27, 33), (34, 43)])
    assert [g.plain for g in got] == ["Das ist gut.", "Das auch.", "Und a. B", "hier."]
    assert got[2].spans[0].verbatim == "`a. B`" and got[3].spans == ()


# -- restoring --------------------------------------------------------------


def _restore(marked_de: str, en: str, pairs) -> Marked:
    s = strip_inline(marked_de)
    return restore_inline(en, s.spans, gold_links(s.plain, en, pairs), s.plain)


def test_spans_follow_the_alignment_through_reordering():
    m = _restore("Das Wetter ist **heute** _schön_.", "The weather is nice today.", [(0, 0), (1, 1), (2, 2), (3, 4), (4, 3)])
    assert m.markdown() == "The weather is _nice_ **today**."
    assert m.html() == "The weather is <em>nice</em> <strong>today</strong>."


def test_one_german_word_to_two_english_words():
    m = _restore("Der Hund _schläft_.", "The dog is sleeping.", [(0, 0), (1, 1), (2, 2), (2, 3)])
    assert m.markdown() == "The dog _is sleeping_."


def test_link_and_code():
    # The model translated the code's word: its "coffee" stays, the original goes beside it.
    m = _restore("Wir trinken `Kaffee` [hier](https://k.de/?a_b=1).", "We are drinking coffee here.",
                 [(0, 0), (1, 1), (1, 2), (2, 3), (3, 4)])
    assert m.markdown() == "We are drinking `Kaffee` coffee [here](https://k.de/?a_b=1)."
    assert m.html() == ('We are drinking <code>Kaffee</code> coffee '
                        '<a href="https://k.de/?a_b=1" rel="noopener noreferrer nofollow">here</a>.')


def test_code_the_model_copied_is_found_where_it_is():
    m = _restore("Rufe `ls -l` auf.", "Call ls -l up.", [(0, 0)])  # no link to the code's words
    assert m.markdown() == "Call `ls -l` up."


@pytest.mark.parametrize(("german", "english", "pairs", "expected"), [
    # The model spaced the code's marks apart, or closed them up: still its rendering, replaced.
    ("Das Haus ist `rm -rf /tmp/x` klein.", "The house is rm -rf / tmp / x small.",
     [(0, 0), (1, 1), (2, 2), (3, 3), (9, 9), (10, 10)], "The house is `rm -rf /tmp/x` small."),
    ("Setze `x = 1` jetzt.", "Set x=1 now.", [(0, 0), (1, 1), (2, 1), (3, 1), (4, 2), (5, 3)], "Set `x = 1` now."),
    # A copy inside an English word is no copy: "a" in "cat".
    ("Die Katze `a` schläft.", "The cat a sleeps.", [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)], "The cat `a` sleeps."),
])
def test_code_replaces_only_the_models_rendering_of_it(german, english, pairs, expected):
    assert _restore(german, english, pairs).markdown() == expected


@pytest.mark.parametrize(("german", "english", "pairs"), [
    # The attention links the code to English words that are no rendering of it: all of them stay.
    ("Das Haus ist `rm -rf /tmp/x` klein.", "The house is unstable and the talks are due to begin soon.",
     [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (9, 9), (10, 10), (11, 11)]),
    ("`ls -l` zeigt die Dateien.", "My sister works in Munich.", [(0, 0), (0, 1), (2, 2), (3, 3), (5, 4), (6, 5)]),
    ("Die Dateien zeigt `ls -l`.", "The train leaves at 8 o.", [(0, 0), (1, 1), (1, 2), (2, 3), (3, 4), (5, 5), (6, 6)]),
    ("Wir trinken `Kaffee`.", "We are drinking coffee.", [(0, 0), (1, 1), (1, 2), (2, 3), (3, 4)]),
])
def test_code_never_takes_the_place_of_english_words(german, english, pairs):
    s = strip_inline(german)
    m = restore_inline(english, s.spans, gold_links(s.plain, english, pairs), s.plain)
    code = next(x for x in s.spans if x.kind == "code")
    shown = m.plain()
    assert code.verbatim in m.markdown()
    assert shown.replace(code.text, "", 1).split() == english.split()  # every English word, in order


def test_a_span_without_links_goes_to_the_word_after_its_german_neighbour():
    # "klein" has no link: the strong span goes to the English word of "ist", the word before it.
    m = _restore("Das Haus ist **klein**.", "The house is small.", [(0, 0), (1, 1), (2, 2)])
    assert m.markdown() == "The house **is** small."
    # Nothing before it aligned: the word after.
    m = _restore("**Das** Haus", "The house", [(1, 1)])
    assert m.markdown() == "**The** house"


def test_unaligned_code_is_inserted_not_lost():
    m = _restore("Nutze `x_y` bitte.", "Please use.", [(0, 1), (2, 0)])
    assert m.markdown() == "Please use `x_y`."


def test_no_links_at_all_keeps_every_span_at_its_relative_place():
    s = strip_inline("Das ist [ein Link](https://a.b) und **fett**.")
    m = restore_inline("This is a link and bold.", s.spans, (), s.plain)
    md = m.markdown()
    assert "](https://a.b)" in md and md.count("**") == 2
    assert strip_inline(md).plain == "This is a link and bold."


def test_crossing_spans_are_widened_until_they_nest():
    # German: two spans side by side; English: their words interleave.
    m = _restore("**a b** _c d_", "A C B D", [(0, 0), (1, 2), (2, 1), (3, 3)])
    md = m.markdown()
    reparsed = strip_inline(md)
    assert reparsed.plain == "A C B D"
    assert sorted(k for k, _ in kinds(reparsed)) == ["emphasis", "strong"]


def test_english_markdown_characters_are_escaped_where_the_german_had_markup():
    m = _restore("Das **Haus** kostet.", "The house costs 2*3 [x].", [(0, 0), (1, 1), (2, 2)])
    assert m.markdown() == r"The **house** costs 2\*3 \[x\]."
    assert strip_inline(m.markdown()).plain == "The house costs 2*3 [x]."


def test_html_is_escaped_and_unsafe_links_dropped():
    m = _restore("[Das <b>](javascript:alert(1)) & [gut](https://ok.de/?a=1&b=\"2\")", "The <b> & good",
                 [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)])
    out = m.html()
    assert "javascript" not in out and "<b>" not in out
    assert out == 'The &lt;b&gt; &amp; <a href="https://ok.de/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer nofollow">good</a>'


# -- properties: random markup on the fixture sentences ---------------------

URLS = ["https://example.org/a_b*c", "https://de.wikipedia.org/wiki/Haus_(Begriff)", "/relative/path?q=1&r=2", "mailto:x@y.de"]


@st.composite
def marked_sentence(draw):
    de, en, pairs = draw(st.sampled_from(CORPUS))
    words = de.split(" ")
    n = len(words)
    # Laminar word ranges: each new range nests in or stays apart from the others, never sharing a boundary with one.
    ranges: list[tuple[int, int, str, str]] = []
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, min(n, a + 4)))
        kind = draw(st.sampled_from(["emphasis", "strong", "link", "code"]))
        ok = True
        for c, d, k2, _ in ranges:
            apart = b <= c or d <= a
            inside = c < a and b < d and k2 not in ("code",) and not (k2 == kind == "link")
            around = a < c and d < b and kind != "code" and not (k2 == kind == "link")
            if not (apart or inside or around) or (k2 == kind and not apart):
                ok = False
        if ok:
            ranges.append((a, b, kind, f"{draw(st.sampled_from(URLS))}#{len(ranges)}"))  # each its own
    marker = draw(st.sampled_from("*_"))
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for a, b, kind, url in sorted(ranges, key=lambda r: (r[0], -r[1])):
        m = marker * (1 + (kind == "strong"))
        o, c = {"emphasis": (m, m), "strong": (m, m), "link": ("[", f"]({url})"), "code": ("`", "`")}[kind]
        opens.setdefault(a, []).append(o)
        closes.setdefault(b - 1, []).insert(0, c)
    marked = " ".join("".join(opens.get(i, [])) + w + "".join(closes.get(i, [])) for i, w in enumerate(words))
    return de, en, pairs, marked, ranges


@settings(max_examples=300, deadline=None)
@given(marked_sentence())
def test_random_markup_on_fixture_sentences_loses_no_text_and_no_url(case):
    de, en, pairs, marked, ranges = case
    if any(c in de for c in "*_`[]<\\"):
        return
    stripped = strip_inline(marked)
    assert stripped.plain == de  # the model sees exactly the words
    assert sorted(k for k, _ in kinds(stripped)) == sorted(r[2] for r in ranges)
    result = restore_inline(en, stripped.spans, gold_links(de, en, pairs), de)
    md = result.markdown()
    again = strip_inline(md)
    assert again.plain == result.plain()  # the Markdown renders to exactly the text
    codes = [s for s in stripped.spans if s.kind == "code"]
    urls = sorted(s.url for s in stripped.spans if s.kind == "link")
    assert sorted(s.url for s in again.spans if s.kind == "link") == urls  # every URL, untouched
    for s in codes:  # code comes back verbatim
        assert s.verbatim in md
    inserted_links = [x for x in result.spans if x.kind == "link" and x.start == x.end]
    if not codes and not inserted_links:
        assert result.plain() == en  # not a character of the English lost or added
    elif not codes:  # a link with no English word of its own is shown with its German text
        assert strip_inline(md).plain.replace(" ", "").startswith(en[: inserted_links[0].start].replace(" ", ""))
        assert all(en[a:b] in result.plain() for a, b in _words(en))
    else:  # only the model's rendering of the code is replaced
        kept = result.plain()
        replaced = [x for x in result.spans if x.kind == "code"]
        for a, b in _words(en):
            if not any(x.start < b and a < x.end for x in replaced):
                assert en[a:b] in kept
        _assert_only_renderings_replaced(en, result)
    _assert_read_as_rendered(en, result)
    # No span dropped: two emphases on the same English word are one.
    assert {k for k, _ in kinds(again)} == {r[2] for r in ranges}


def _assert_read_as_rendered(english: str, result: Marked) -> None:
    """``as_read`` (the reader's English) is ``plain()``, each verbatim span on its own text, and every
    English word not replaced by code moved onto itself."""
    read = result.as_read()
    assert read.text == result.plain()
    for x in read.spans:
        assert 0 <= x.start <= x.end <= len(read.text)
        if x.kind in ("code", "autolink"):
            assert read.text[x.start : x.end] == x.text
    replaced = [x for x in result.spans if x.kind in ("code", "autolink") and x.start < x.end]
    for a, b in _words(english):
        if not any(x.start < b and a < x.end for x in replaced):
            assert read.text[slice(*read.offsets.span(a, b))] == english[a:b]


def _assert_only_renderings_replaced(english: str, result: Marked) -> None:
    """Code and autolinks take the place of no English but the model's copy of their own text:
    the English a verbatim span covers is a run of that text's words and marks."""
    for x in result.spans:
        if x.kind in ("code", "autolink") and x.start < x.end:
            covered = re.findall(r"\w+|[^\w\s]", english[x.start : x.end])
            own = re.findall(r"\w+|[^\w\s]", x.text)
            assert any(own[i : i + len(covered)] == covered for i in range(len(own))), (english, x)


# -- the tiny model: each fixture word marked comes back around its English --


@pytest.fixture(scope="module")
def tiny_translations():
    pytest.importorskip("torch")
    from reader.engines import DecodingOptions, create_translator
    from reader.models import resolve_model

    translator = create_translator(resolve_model(TINY, auto_pull=False), DecodingOptions(), "torch", "cpu")
    return translator.translate([de for de, _, _ in CORPUS])


def test_tiny_model_spans_land_on_the_gold_aligned_english(tiny_translations):
    from reader.text.typography import straighten

    hits = total = 0
    for (de, en, pairs), t in zip(CORPUS, tiny_translations):
        en = straighten(en)[0]  # the model writes straight quotes
        dw, ew = _words(de), _words(en)
        if t.text != en or max(j for _, j in pairs) >= len(ew) or max(k for k, _ in pairs) >= len(dw):
            continue  # the model's own English, or gold links that count words otherwise
        for i, (a, b) in enumerate(dw):
            gold = [ew[j] for k, j in pairs if k == i]
            if not gold or not de[a].isalnum():
                continue
            stripped = strip_inline(de[:a] + "**" + de[a:b] + "**" + de[b:])
            span = restore_inline(t.text, stripped.spans, t.alignment, stripped.plain).spans[0]
            want_start, want_end = min(s for s, _ in gold), max(e for _, e in gold)
            total += 1
            hits += (span.start, span.end) == (want_start, want_end) or \
                (span.start == want_start and en[span.end:want_end] in {".", ",", "?", "!"})
    assert total > 300
    assert hits / total >= 0.9, (hits, total)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab ü*_`[]()<>\\!:/.", max_size=40), st.text(alphabet="xy .,*", max_size=30),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 30), st.integers(0, 30)), max_size=8))
def test_any_text_and_any_links_never_crash_or_lose_english(source, english, raw_links):
    stripped = strip_inline(source)
    assert len(stripped.offsets) == len(source) + 1
    assert list(stripped.offsets) == sorted(stripped.offsets) and stripped.offsets[-1] == len(stripped.plain)
    for s in stripped.spans:
        assert 0 <= s.start <= s.end <= len(stripped.plain)
    n, m = len(stripped.plain), len(english)
    links = [WordLink(min(a, n), min(max(a, b), n), min(c, m), min(max(c, d), m)) for a, b, c, d in raw_links]
    result = restore_inline(english, stripped.spans, links, stripped.plain)
    md, html = result.markdown(), result.html()
    assert isinstance(html, str)
    _assert_only_renderings_replaced(english, result)
    _assert_read_as_rendered(english, result)
    inserted = any(x.start == x.end and x.kind in ("link", "image") for x in result.spans)
    if not any(x.kind in ("code", "autolink") for x in stripped.spans) and not inserted:
        assert result.plain() == english
        assert strip_inline(md).plain == english


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=1", True), ("http://example.org", True), ("MAILTO:a@b.de", True),
        ("javascript:alert(1)", False), ("data:text/html,x", False), ("/relative/path", False), ("file:///etc/passwd", False),
        ("https://example.org/\x1b]8;;x\x07", False), ("https://example.org/a b", False),
    ],
)
def test_only_absolute_web_addresses_become_terminal_links(url, linked):
    assert is_web_link(url) is linked


def test_a_note_mark_is_an_insertion_the_model_never_sees_and_the_english_gets_back():
    from reader.text.inline import restore_inline, strip_inline
    from reader.translation import WordLink

    german = strip_inline("Der Hund schläft[¹](<#fn1>) im Garten.")
    assert german.plain == "Der Hund schläft im Garten."
    [note] = german.spans
    assert (note.kind, note.start, note.end, note.url, note.text) == ("link", 16, 16, "#fn1", "¹")
    assert german.marked().markdown() == "Der Hund schläft[¹](<#fn1>) im Garten."
    assert german.marked().as_read().text == "Der Hund schläft¹ im Garten."
    links = [WordLink(0, 3, 0, 3), WordLink(4, 8, 4, 7), WordLink(9, 16, 8, 14), WordLink(17, 19, 15, 17)]
    english = restore_inline("The dog sleeps in the garden.", german.spans, links, german.plain)
    assert english.markdown() == "The dog sleeps[¹](<#fn1>) in the garden."
    assert strip_inline("Siehe [1](#fn1) und [Anm.](#a).").plain == "Siehe 1 und Anm.."  # not note marks: words
