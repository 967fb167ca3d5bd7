"""Property: any German text laid out as a PDF — pages with a running header and page numbers, one or two
columns, paragraphs apart by a gap or by an indent, words hyphenated at line ends — is read back as
exactly its paragraphs, each once, in order (the PDFs are written by tests/fixtures/make_pdfs.py's writer)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.document.pdf_layout import pdf_blocks
from reader.document.pdf_lines import read_pdf_pages
from reader.text.hyphenation import join_across_lines

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_pdfs as pdf  # noqa: E402

SIZE, INDENT = pdf.BODY, 12
TOP, BOTTOM = pdf.HEIGHT - 70, 60
COLUMN = (pdf.RIGHT - pdf.LEFT - pdf.GUTTER) / 2
WORDS = ["Haus", "Regierung", "Gespräch", "über", "größer", "Straße", "Stadt", "Menschen", "wichtig", "heute",
         "Wochenende", "Bürger", "schnell", "Länder", "Zukunft", "Verhandlungen", "kein", "neue", "Schule", "Arbeit",
         "Frühling", "Mieten", "steigen", "fordern", "deshalb", "zwischen", "Norden", "Süden", "Ergebnis", "Bericht",
         "Zahlen", "Jahre", "allen", "ist", "und", "die", "der", "das", "mit", "im", "ob", "für", "E-Mail",
         "Öffentlichkeit", "Übergang", "Ärger", "sagte,", "jedoch,"]
# The hyphenation list's words that the rule gets right, with where they break: "Waffenstill-" / "stand"; also
# capitalised, as they are at a sentence's start (it gets "Deutsch-" / "französischen" wrong: see the rule).
BREAKS = {w: (h, t) for h, t, w in pdf.HYPHENATION
          if join_across_lines(h, t) == w and join_across_lines(h[0].upper() + h[1:], t) == w[0].upper() + w[1:]
          and " " not in w and pdf.text_width(w, SIZE) < COLUMN - INDENT}


def sentence(words: list[str]) -> str:
    text = " ".join(words).rstrip(",")
    return text[0].upper() + text[1:] + "."


sentences = st.lists(st.sampled_from(WORDS + list(BREAKS)), min_size=2, max_size=14).map(sentence)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)


def lay_out(texts: list[str], two_columns: list[bool], indents: bool) -> list[pdf.Page]:
    """The paragraphs set line by line, as wide as fits, into the next column or page when one is full."""
    pages: list[pdf.Page] = []
    frames: list[tuple[float, float]] = []
    y = BOTTOM

    def next_frame() -> tuple[float, float]:
        nonlocal y
        if not frames:
            number = f"Seite {len(pages) + 1}"
            pages.append(pdf.Page([pdf.Line(pdf.LEFT, pdf.HEIGHT - 35, [(pdf.HEADER, 8, 0, False)]),
                                   pdf.Line(200, 30, [(number, 8, 0, False)])]))
            if two_columns[(len(pages) - 1) % len(two_columns)]:
                frames.extend([(pdf.LEFT, COLUMN), (pdf.LEFT + COLUMN + pdf.GUTTER, COLUMN)])
            else:
                frames.append((pdf.LEFT, pdf.RIGHT - pdf.LEFT))
        y = TOP
        return frames.pop(0)

    x, width = next_frame()
    for text in texts:
        words = text.split(" ")
        first = True
        while words:
            if y < BOTTOM:
                x, width = next_frame()
            dx = INDENT if indents and first else 0
            line: list[str] = []
            while words and pdf.text_width(" ".join([*line, words[0]]), SIZE) <= width - dx:
                line.append(words.pop(0))
            if words and words[0].rstrip(".,") in BREAKS:
                head, tail = BREAKS[words[0].rstrip(".,")]
                if pdf.text_width(" ".join([*line, head]), SIZE) <= width - dx:
                    line.append(head)
                    words[0] = tail + words[0][len(words[0].rstrip(".,")):]
            pages[-1].lines.append(pdf.Line(x + dx, y, [(" ".join(line), SIZE, 0, False)]))
            y -= pdf.LEADING
            first = False
        y -= 0 if indents else pdf.PARA_GAP
    return pages


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(paragraphs, min_size=1, max_size=10).filter(lambda t: sum(map(len, t)) > 3 * len(pdf.HEADER)),
       two_columns=st.lists(st.booleans(), min_size=1, max_size=3), indents=st.booleans())
def test_the_text_comes_back_as_it_was(texts, two_columns, indents):
    """Every word once, in order, hyphens right; a paragraph may be merged with the next only where nothing
    in the layout tells them apart (one-line paragraphs a gap apart, a paragraph ending at a column's foot),
    never split inside a sentence."""
    pages = lay_out(texts, two_columns, indents)
    # On a single page a header is not known to be one (and the text is most of the page: the body's size)
    header = [pdf.HEADER] if len(pages) == 1 else []
    got = [b.text for b in pdf_blocks(read_pdf_pages(pdf.pdf_bytes(pages), "x.pdf"))]
    assert " ".join(got) == " ".join(header + texts)
    assert all(p.endswith(".") for p in got[len(header):])


@pytest.mark.parametrize("indents, end", [(True, ". Die"), (False, ", und die")])
def test_a_long_text_over_pages_with_and_without_columns(indents, end):
    """Exactly its paragraphs. Where paragraphs are a gap apart, a sentence that ends at a column's foot could
    end its paragraph as well; so here, one sentence a paragraph."""
    texts = [f"Absatz {k} beginnt hier, und die Regierung sagte, die Verhandlungen über den Waffenstillstand "
             f"gingen am Wochenende weiter{end} Bürger im Norden und im Süden fordern eine E-Mail." for k in range(30)]
    data = pdf.pdf_bytes(lay_out(texts, [False, True], indents))
    assert [b.text for b in pdf_blocks(read_pdf_pages(data, "x.pdf"))] == texts


@pytest.mark.xfail(strict=True, reason="known: a paragraph whose last line alone flows to the top of the right column "
                                       "is read beside the left column's first line (no gutter is found for one line)")
def test_a_last_line_alone_at_the_top_of_the_right_column_is_read_last():
    # Found by the property above (hypothesis); kept as a case until the layout handles it (docs/formats.md, PDF).
    texts = ["Haus Haus.", "Haus Haus.", "Haus Haus Haus veröffentlicht Max-Planck-Institut Waffenstillstand.",
             "Haus Haus Haus Finanzministerium. Haus Ost-West-Konflikt Haus Haushaltsentwurf.",
             "Haus Mietvertrag Ost-West-Konflikt.",
             "Haus Haus Haus Haus Haus Haus Haus Haus Haus Ost-West-Konflikt Haus. Haus Haushaltsentwurf Regierung. "
             "Haus Zusammenarbeit Wochenende Haus Haus Haus Haus.",
             "Bevölkerung Haus Haus Wochenende Rechtsanwältin Baden-Württemberg Sachsen-Anhalt.",
             "Haus Haus Haus Haus gemeinsam.", "Haus Haus Haus Haus Haus Haus.",
             "Haus Haus Haus Haus Haus Öffentlichkeit Haushaltsentwurf veröffentlicht Hals-Nasen-Ohren-Arzt "
             "Nord-Süd-Gefälle Haus Haus Regierung."]
    got = [b.text for b in pdf_blocks(read_pdf_pages(pdf.pdf_bytes(lay_out(texts, [True], False)), "x.pdf"))]
    assert " ".join(got) == " ".join([pdf.HEADER, *texts])
