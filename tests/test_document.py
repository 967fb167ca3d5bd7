from pathlib import Path

from reader.document import build_document
from reader.document import load_document, sample_path
from reader.text.paragraphs import markdown_blocks, text_blocks


def _texts(text, blocks):
    return [(b.kind, text[b.start:b.end]) for b in blocks]


def test_one_paragraph_per_line():
    text = "Überschrift ohne Punkt\nErster Satz. Zweiter Satz.\n\nNoch ein Absatz.\n"
    assert _texts(text, text_blocks(text)) == [
        ("text", "Überschrift ohne Punkt"),
        ("text", "Erster Satz. Zweiter Satz."),
        ("text", "Noch ein Absatz."),
    ]


def test_hard_wrapped_paragraphs_are_joined():
    line = "Dies ist eine Zeile eines umbrochenen Absatzes, die weitergeht"
    para = "\n".join([line] * 4)
    text = f"{para}\n\n{para}\n\n{para}\n"
    blocks = text_blocks(text)
    assert len(blocks) == 3
    assert text[blocks[0].start:blocks[0].end] == para


def test_markdown_blocks_keep_markers_outside():
    text = "# Titel\n\nEin Absatz\nder weitergeht.\n\n- Punkt eins\n1. Punkt zwei\n\n> Zitat\n\n```\ncode\n```\n\n## Ende ##\n"
    assert _texts(text, markdown_blocks(text)) == [
        ("heading", "Titel"),
        ("text", "Ein Absatz\nder weitergeht."),
        ("list", "Punkt eins"),
        ("list", "Punkt zwei"),
        ("quote", "Zitat"),
        ("code", "```\ncode\n```"),
        ("heading", "Ende"),
    ]


def test_a_wrapped_list_item_footnote_or_quote_line_goes_on_as_one_paragraph():
    # CommonMark's continuation lines (indented or lazy): "Der Hund schläft im Haus." is one sentence, not two.
    text = ("- Der Hund\n  schläft im Haus.\n- Die Katze\nfrisst.\n\nNeu.\n\n> Ein Zitat\nläuft weiter.\n> Zweite Zeile\n\n"
            "[^1]: Die Fußnote\n    geht weiter.\n\n- item\n```\ncode\n```\nDanach Text.\n")
    assert _texts(text, markdown_blocks(text)) == [
        ("list", "Der Hund\n  schläft im Haus."), ("list", "Die Katze\nfrisst."), ("text", "Neu."),
        ("quote", "Ein Zitat\nläuft weiter."), ("quote", "Zweite Zeile"), ("footnote", "Die Fußnote\n    geht weiter."),
        ("list", "item"), ("code", "```\ncode\n```"), ("text", "Danach Text."),  # a fence ends the item
    ]
    doc = build_document(text, "w.md", "md")
    assert doc.paragraphs[0].sentences[0].text == "Der Hund\n  schläft im Haus."


def test_a_markdown_footnote_definition_keeps_its_label_outside_the_text():
    text = "Ein Satz mit Fußnote[^1].\n\n[^1]: Die Fußnote ist hier.\n[^lang]:Noch eine.\n"
    assert _texts(text, markdown_blocks(text)) == [
        ("text", "Ein Satz mit Fußnote[^1]."), ("footnote", "Die Fußnote ist hier."), ("footnote", "Noch eine.")]


def test_markdown_html_blocks_are_kept_whole_and_never_translated():
    # CommonMark's HTML blocks: a block tag runs to a blank line, a comment to "-->", a lone inline tag
    # (<span>) cannot interrupt a paragraph.
    text = ("<div>\n<p>Hallo <b>Welt</b></p>\n</div>\n\nEin Satz.\n\n<!-- Kommentar:\nnicht zeigen -->\n\n"
            "Noch ein Satz mit <b>fett</b>.\n<span>\nZeile\n\n<script>\nlet a = 1;\n\nlet b = 2;\n</script>\nDanach.\n")
    assert _texts(text, markdown_blocks(text)) == [
        ("html", "<div>\n<p>Hallo <b>Welt</b></p>\n</div>"),
        ("text", "Ein Satz."),
        ("html", "<!-- Kommentar:\nnicht zeigen -->"),
        ("text", "Noch ein Satz mit <b>fett</b>.\n<span>\nZeile"),
        ("html", "<script>\nlet a = 1;\n\nlet b = 2;\n</script>"),
        ("text", "Danach."),
    ]
    doc = build_document(text, "seite.md", "md")
    said = " ".join(s.text for s in doc.sentences)
    assert "Ein Satz." in said and "Danach." in said and not any(w in said for w in ("<div>", "Kommentar", "let a", "<p>"))


def test_markdown_table_rows_are_paragraphs_and_cells_their_sentences():
    text = ("Vorher.\n\n| Name | Stadt |\n|------|:-----:|\n| Anna wohnt hier. Sie ist nett. | Berlin \\| Brandenburg |\n"
            "|  | leer links |\nKein Tisch? | doch\n\nDanach.\n\n| a |\n| - |\n\nNur | ein Strich\n\n| x | y |\n|---|\n")
    doc = build_document(text, "t.md", "md")
    assert [(p.kind, doc.text[p.start:p.end], [s.text for s in p.sentences]) for p in doc.paragraphs] == [
        ("text", "Vorher.", ["Vorher."]),
        ("table", "| Name | Stadt |", ["Name", "Stadt"]),
        ("table", "|------|:-----:|", []),  # the delimiter row: markup, no sentence
        ("table", "| Anna wohnt hier. Sie ist nett. | Berlin \\| Brandenburg |",
         ["Anna wohnt hier.", "Sie ist nett.", "Berlin \\| Brandenburg"]),  # a sentence never runs across cells
        ("table", "|  | leer links |", ["leer links"]),
        ("table", "Kein Tisch? | doch", ["Kein Tisch?", "doch"]),  # outer pipes are optional
        ("text", "Danach.", ["Danach."]),
        ("table", "| a |", ["a"]),
        ("table", "| - |", []),
        ("text", "Nur | ein Strich", ["Nur | ein Strich"]),  # no delimiter row below: not a table
        ("text", "| x | y |\n|---|", ["| x | y |", "|---|"]),  # the delimiter row's cells must match the header's
    ]


def test_sentence_spans_point_into_the_text():
    text = "Titel\nDr. Müller kam am 3. Oktober. Er blieb bis 14.30 Uhr!\n\n# Nicht Markdown\n"
    doc = build_document(text)
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text
    assert [s.text for s in doc.sentences] == [
        "Titel",
        "Dr. Müller kam am 3. Oktober.",
        "Er blieb bis 14.30 Uhr!",
        "# Nicht Markdown",
    ]
    assert [s.index for s in doc.sentences] == [0, 1, 2, 3]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 1, 2]


def test_setext_headings():
    text = "Erster Titel\n============\n\nText hier.\nZweiter Titel\n---\n"
    assert _texts(text, markdown_blocks(text)) == [
        ("heading", "Erster Titel"),
        ("heading", "Text hier.\nZweiter Titel"),
    ]


def test_code_blocks_have_no_sentences():
    doc = build_document("Text.\n\n```\nx = 1\n```\n", format="md")
    assert [len(p.sentences) for p in doc.paragraphs] == [1, 0]


def test_sample_article_loads_with_every_paragraph():
    doc = load_document(str(sample_path()))
    assert len(doc.paragraphs) == 13
    assert doc.sentences[0].text.startswith("Die NATO beeilt sich")
    assert doc.paragraphs[5].sentences[0].text == "Aktuell beobachtet"
    # Nothing lost: every non-space character is inside exactly one sentence.
    covered = "".join(s.text for s in doc.sentences).replace(" ", "")
    assert covered == "".join(doc.text.split())


def test_markdown_detected_from_extension(tmp_path: Path):
    p = tmp_path / "a.md"
    p.write_text("# Überschrift\n\nEin Satz.\n", encoding="utf-8")
    doc = load_document(str(p))
    assert doc.format == "md"
    assert doc.paragraphs[0].kind == "heading"
    assert doc.sentences[0].text == "Überschrift"
