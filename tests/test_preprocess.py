"""reader.engines.preprocess: OPUS-MT's preprocess-spm.sh, with each character's original span."""

from __future__ import annotations

import pytest
import regex

from reader.engines.preprocess import OPUS_MT_REPLACEMENTS, PREPROCESSING, preprocess

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is optional; the fixed cases below still run
    given = None

SPACE_MAKERS = regex.compile(r"[ ]|(?!\n)\p{C}")  # what ends up as a space (or squeezed into one)


def script(text: str) -> str:
    """preprocess-spm.sh as the script runs it: one substitution after another, line by line."""
    for pattern, out in OPUS_MT_REPLACEMENTS:
        text = regex.sub(pattern, out, text)
    text = regex.sub(r"(?!\n)\p{C}", " ", text)
    text = regex.sub("[\u2060\u200b\ufeff]", "", text)
    return "\n".join(regex.sub(" +", " ", line).strip(" ") for line in text.split("\n"))


def mapped(text: str) -> list[tuple[str, str]]:
    """Each character of the preprocessed text with the original text it came from."""
    p = preprocess(text)
    return [(c, text[slice(*p.span(i, i + 1))]) for i, c in enumerate(p.text)]


# --- step 1: the sed replacements ----------------------------------------------------


@pytest.mark.parametrize("pattern, out", OPUS_MT_REPLACEMENTS, ids=[p for p, _ in OPUS_MT_REPLACEMENTS])
def test_each_replacement(pattern: str, out: str) -> None:
    char = pattern.rstrip(" *")
    p = preprocess(f"a{char}b")
    assert p.text == f"a{out}b" and p.changed
    assert [p.span(i, i + 1) for i in range(len(p.text))] == [(0, 1), *[(1, 2)] * len(out), (2, 3)]


@pytest.mark.parametrize("char", ["。", "．"])
def test_full_stops_eat_the_spaces_after_them(char: str) -> None:
    assert mapped(f"a{char}   b") == [("a", "a"), (".", char), (" ", "   "), ("b", "b")]
    assert preprocess(f"a{char}").text == "a."  # the space it adds is a line's trailing space


def test_full_width_one_becomes_a_quote_as_in_the_script() -> None:
    # Inherited from Moses and kept: the model saw it in training.
    assert preprocess("Seite １０").text == 'Seite "0'


def test_quotes_and_ellipsis() -> None:
    text = "Er sagte: „Ja“ – “gut” und ’s geht…"
    p = preprocess(text)
    assert p.text == "Er sagte: „Ja\" – \"gut\" und 's geht..."
    assert mapped(text)[-3:] == [(".", "…")] * 3
    assert p.span(len(p.text) - 3, len(p.text)) == (len(text) - 1, len(text))


# --- steps 2 and 3: other characters become spaces -------------------------------------


@pytest.mark.parametrize("char", ["\t", "\r", "\x00", "\x1b", "\x7f", "\u00ad", "\u200e", "\ue000", "\U000e0001"])
def test_other_characters_become_spaces(char: str) -> None:
    assert preprocess(f"a{char}b").text == "a b"


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u2060"])
def test_zero_width_characters_become_spaces_because_step_2_runs_first(char: str) -> None:
    # The script means to remove them, but step 2 has made them spaces by then.
    assert preprocess(f"Haus{char}tür").text == "Haus tür"
    assert preprocess(f"{char}Haus").text == "Haus"


def test_newline_is_kept() -> None:
    assert preprocess("a\nb").text == "a\nb" and not preprocess("a\nb").changed


# --- step 4: squeezing and stripping -------------------------------------------------


def test_runs_of_spaces_are_squeezed_into_one_covering_them() -> None:
    p = preprocess("a \t\u200b b")
    assert p.text == "a b" and p.span(1, 2) == (1, 5)


def test_each_line_is_stripped() -> None:
    text = "  eins \n\t zwei\u00ad\n drei  "
    p = preprocess(text)
    assert p.text == "eins\nzwei\ndrei"
    assert [text[slice(*p.span(i, i + 1))] for i in range(len(p.text))] == list("eins\nzwei\ndrei")


# --- identity and spans ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "Das Haus ist klein.", "»Ja«, sagte sie – 3 % mehr.\nZweite Zeile."])
def test_text_that_needs_nothing_is_unchanged(text: str) -> None:
    p = preprocess(text)
    assert p.text == text and not p.changed
    assert p.span(0, len(text)) == (0, len(text))


def test_none_leaves_everything() -> None:
    p = preprocess("a … b\u200b ", "none")
    assert p.text == "a … b\u200b " and not p.changed
    assert PREPROCESSING == ("none", "opus-mt")


def test_spans_of_several_characters_and_empty_spans() -> None:
    text = "Ein “Test”…"
    p = preprocess(text)
    assert p.text == 'Ein "Test"...'
    assert p.span(4, 10) == (4, 10)  # the quoted word, quotes included
    assert p.span(0, len(p.text)) == (0, len(text))
    assert p.span(4, 4) == (4, 4) and p.span(len(p.text), len(p.text)) == (len(text), len(text))


# --- the property ----------------------------------------------------------------------

SPECIALS = "“”’…。．１２０\u200b\ufeff\u2060\u00ad\x00\t\r\x1b"
IMAGES = {pattern.rstrip(" *"): out for pattern, out in OPUS_MT_REPLACEMENTS}


def check_spans(text: str) -> None:
    p = preprocess(text)
    assert p.text == script(text)
    previous = (0, 0)
    for i, c in enumerate(p.text):
        start, end = p.span(i, i + 1)
        assert 0 <= start < end <= len(text)
        assert (start, end) >= previous and start >= previous[0] and end >= previous[1]
        previous = (start, end)
        original = text[start:end]
        if c == " ":  # spaces, other characters, or the space a lone 。/． adds
            assert all(SPACE_MAKERS.match(o) or o in "。．" for o in original), (text, i, original)
        else:
            assert len(original) == 1 and c in IMAGES.get(original, original), (text, i, original)


FIXED = ["", " ", "\n", "。", "。 ", " 。\u200b\n", "a  。  b", "…\n…", "\u200b\ufeff", "x\r\n y \n", "１２。．“”"]


@pytest.mark.parametrize("text", FIXED)
def test_spans_on_fixed_texts(text: str) -> None:
    check_spans(text)


if given is not None:

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from("abzÄß ." + " \n" + SPECIALS), max_size=40))
    def test_spans_property(text: str) -> None:
        check_spans(text)
