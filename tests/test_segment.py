"""Unit tests for reader.text.segment (German sentence segmentation)."""

from __future__ import annotations

import time

import pytest

from reader.text.segment import sentence_spans, split_sentences

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is optional; the invariant test below also runs on fixed texts
    given = None


def check_invariants(text: str) -> None:
    spans = sentence_spans(text)
    covered = []
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        covered.extend(range(start, end))
        previous_end = end
    non_space = [i for i, ch in enumerate(text) if not ch.isspace()]
    assert set(non_space) <= set(covered)
    assert len(covered) == len(set(covered))


# --- basics --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n", " \n\t  "])
def test_empty_or_whitespace_gives_no_spans(text: str) -> None:
    assert sentence_spans(text) == []


def test_spans_are_stripped_offsets() -> None:
    text = "  Das ist gut.   Das auch!  "
    assert sentence_spans(text) == [(2, 14), (17, 26)]
    assert split_sentences(text) == ["Das ist gut.", "Das auch!"]


def test_question_and_exclamation() -> None:
    assert split_sentences("Wo bist du? Ich komme! Warte.") == ["Wo bist du?", "Ich komme!", "Warte."]


def test_multiple_spaces_and_newlines() -> None:
    text = "Es regnet.\n   Wir bleiben   drinnen.\tDann lesen wir."
    assert split_sentences(text) == ["Es regnet.", "Wir bleiben   drinnen.", "Dann lesen wir."]


def test_lowercase_after_full_stop_does_not_split() -> None:
    assert len(split_sentences("Er kam um 5 Uhr an. und dann ging er.")) == 1


# --- abbreviations -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Er isst gern Obst, z. B. Äpfel und Birnen.",
        "Er isst gern Obst, z.B. Äpfel und Birnen.",
        "Dabei waren u. a. Vertreter der Stadt.",
        "Das gilt d. h. Folgendes für alle.",
        "Dr. Müller und Prof. Schmidt kamen.",
        "Er wohnt in Nr. 5 neben Frau Meier.",
        "Die Regel steht in § 3 Abs. 2 BGB.",
        "Das war im 19. Jh. üblich.",
        "Er ist geb. Müller und wohnt hier.",
        "Vgl. Kapitel 3 für Details.",
        "Siehe S. 12 im Anhang.",
        "Es kostet 3 Mio. Euro mehr als geplant.",
        "Der Bund gibt 2 Mrd. Euro aus.",
        "Das Spiel in St. Pauli war gut.",
        "Wir kommen evtl. Montag oder ggf. Dienstag.",
        "Der Preis inkl. Steuer ist hoch.",
        "Es kamen ca. 200 Gäste.",
        "Er wohnt in der Goethe-Str. 9 in Berlin.",
        "Er sagte bzw. schrieb es.",
        "Er hat Rot bzw. Grün gewählt.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize("abbreviation", ["usw.", "etc."])
def test_list_final_abbreviations_can_end_sentences(abbreviation: str) -> None:
    text = f"Wir kauften Äpfel, Birnen {abbreviation} Dann gingen wir heim."
    assert split_sentences(text) == [f"Wir kauften Äpfel, Birnen {abbreviation}", "Dann gingen wir heim."]


def test_list_final_abbreviation_before_noun_stays() -> None:
    text = "Äpfel, Birnen usw. Obst gibt es dort."
    assert len(split_sentences(text)) == 1


# --- citations, streets, company names ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Das regelt Art. 5 Abs. 3 GG ausdrücklich.",
        "Art. 1 GG schützt die Würde des Menschen.",
        "Er handelte gemäß § 3 Abs. 2 Nr. 4 BGB richtig.",
        "Siehe Art. 12 Abs. 1 S. 2 GG und Art. 3 Abs. 1 GG.",
        "Vgl. S. 12 ff. und S. 14f. im Anhang.",
        "Das erklärt Rn. 7 genauer.",
        "Siehe Bd. 2, S. 45 dazu.",
        "Der Antrag fällt unter Nr. 4 der Liste.",
        "Das gilt nach Art. 3 Abs. 1 Alt. 2 GG.",
        "Die Werte zeigt Tab. 3 und Abb. 4a oben.",
        "Das steht in Kap. 2 und Anm. 12 im Buch.",
    ],
)
def test_abbreviation_before_citation_number_continues(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das steht auf S. 12. Danach folgt der Anhang.", ["Das steht auf S. 12.", "Danach folgt der Anhang."]),
        ("Das folgt aus Art. 5 Abs. 3 GG. Die Kunst ist frei.", ["Das folgt aus Art. 5 Abs. 3 GG.", "Die Kunst ist frei."]),
        ("Siehe S. 12 ff. Dort steht mehr.", ["Siehe S. 12 ff.", "Dort steht mehr."]),
        ("Das steht in Nr. 4. Die Regel gilt.", ["Das steht in Nr. 4.", "Die Regel gilt."]),
        # "Art" without a number is the noun: "auf diese Art" may end a sentence.
        ("Er machte es auf seine Art. Dann ging er.", ["Er machte es auf seine Art.", "Dann ging er."]),
    ],
)
def test_citation_can_end_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Er wohnt in der Hauptstr. 5 in Köln.",
        "Sie wohnt in der Goethestr. 12a in Bonn.",
        "Das Büro liegt in der Bahnhofstr. 3–5 in Ulm.",
        "Das Haus steht in der Karl-Marx-Str. 17 in Jena.",
        "Wir treffen uns Hauptstr. Ecke Bahnhofstr. am Kiosk.",
        "Die Hauptstr. ist gesperrt.",
    ],
)
def test_street_abbreviation_before_house_number_continues(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # German writes one dot for an abbreviation that ends a sentence, so "Hauptstr." before a
        # sentence opener ("Dort", "Die", "Er") ends the sentence; before a noun ("Ecke") it goes on.
        ("Er wohnt in der Hauptstr. Dort ist es laut.", ["Er wohnt in der Hauptstr.", "Dort ist es laut."]),
        ("Das Büro liegt in der Goethe-Str. Die Miete ist hoch.", ["Das Büro liegt in der Goethe-Str.", "Die Miete ist hoch."]),
        ("Er wohnt in der Hauptstr. 5. Dort ist es laut.", ["Er wohnt in der Hauptstr. 5.", "Dort ist es laut."]),
    ],
)
def test_street_abbreviation_can_end_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die Müller GmbH & Co. KG meldete Gewinne.",
        "Die Schmidt Co. KG hat Insolvenz angemeldet.",
        "Die Samsung Co. Ltd. meldete Gewinne.",
        "Die Sony Co., Ltd. meldete Gewinne.",
        "Die Firma Meyer & Cie. AG zog nach Basel.",
        "Die Apple Inc. verkaufte mehr Telefone.",
        "Der Musikverein e.V. lädt zum Konzert.",
    ],
)
def test_company_forms_continue(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er arbeitet bei der Müller GmbH & Co. KG. Dort ist er Chef.", ["Er arbeitet bei der Müller GmbH & Co. KG.", "Dort ist er Chef."]),
        ("Er arbeitet bei Samsung Co. Ltd. Das Unternehmen ist groß.", ["Er arbeitet bei Samsung Co. Ltd.", "Das Unternehmen ist groß."]),
        ("Er kaufte bei Sony Co., Ltd. Dann ging er.", ["Er kaufte bei Sony Co., Ltd.", "Dann ging er."]),
        ("Sie arbeitet bei Meyer & Co. Die Arbeit gefällt ihr.", ["Sie arbeitet bei Meyer & Co.", "Die Arbeit gefällt ihr."]),
        ("Er spielt im Musikverein e.V. Dort ist er Kassenwart.", ["Er spielt im Musikverein e.V.", "Dort ist er Kassenwart."]),
    ],
)
def test_company_form_can_end_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- academic titles and degrees ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Prof. Dr. med. Anna Weber hielt den Vortrag.",
        "Das Gutachten schrieb Dr. rer. nat. Klaus Berg.",
        "Dr. rer. pol. Hans Meier leitet das Institut.",
        "Sie wurde als Dr. phil. Anna Weber vorgestellt.",
        "Der Preis ging an Dr. h. c. mult. Hans Meier.",
        "Der Vortrag von Dr. jur. Peter Schmidt beginnt.",
        "Dr. med. dent. Klaus Berg behandelt Kinder.",
        "Es sprach Prof. em. Dr. Hans Meier über Kant.",
        "Prof. Dr. rer. nat. habil. Eva Roth leitet das Labor.",
        "Er ist Dipl.-Ing. und arbeitet bei Siemens.",
        "Es berät Dipl.-Psych. Anna Weber.",
        "Prof. Dr.-Ing. Klaus Berg spricht.",
        "Das Projekt leitet Dipl.-Wirt.-Ing. Eva Roth.",
        "Anna Weber M. A. leitet das Projekt.",
        "Anna Weber, M. Sc., leitet das Projekt.",
        "Die Stelle erhielt Eva Roth M. Sc. Informatik.",
        "Hans Meier LL. M. berät Firmen.",
        "Dr. h. c. Hans Meier sprach zuerst.",
        "Der Brief ging an Dr. J. R. Müller in Bonn.",
        # Initials and "z. B." without a title before them keep the initials rule: no boundary at all.
        "Genannt wurden u. a. Die Linke und die Grünen.",
        "Das Buch von J. R. R. Tolkien ist dick.",
        "Die Studie stammt von Eva Roth Ph. D. aus Boston.",
    ],
)
def test_title_and_degree_chains_do_not_end_sentences(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A degree at the end of a sentence: before a sentence opener the dot ends it.
        ("Er wurde 1990 Dr. med. Danach zog er nach Berlin.", ["Er wurde 1990 Dr. med.", "Danach zog er nach Berlin."]),
        ("Sie ist Dr. rer. nat. Das Thema war Chemie.", ["Sie ist Dr. rer. nat.", "Das Thema war Chemie."]),
        ("Er ist Dipl.-Ing. Dann kam er zu uns.", ["Er ist Dipl.-Ing.", "Dann kam er zu uns."]),
        ("Sie ist Dipl.-Psych. Seit 2020 hat sie eine Praxis.", ["Sie ist Dipl.-Psych.", "Seit 2020 hat sie eine Praxis."]),
        ("Sie machte ihren M. Sc. Danach ging sie nach Wien.", ["Sie machte ihren M. Sc.", "Danach ging sie nach Wien."]),
        ("Die Universität ernannte ihn zum Dr. h. c. Dann hielt er eine Rede.", ["Die Universität ernannte ihn zum Dr. h. c.", "Dann hielt er eine Rede."]),
        # Only after a title, an initial or another part of a degree is a Latin word a degree.
        ("Wir sahen die Dr.-Stammberger-Halle. Anna kam auch.", ["Wir sahen die Dr.-Stammberger-Halle.", "Anna kam auch."]),
        ("Er traf Ed. Anna kam später.", ["Er traf Ed.", "Anna kam später."]),
    ],
)
def test_title_and_degree_chains_can_end_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- units and measures after a number ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Der Zug hatte 10 Min. Verspätung.",
        "Nach 20 Sek. Pause ging es weiter.",
        "Es war eine 3 Std. Fahrt bis Wien.",
        "Er zahlte 5 Tsd. Euro für das Auto.",
        "Dort leben 2 Mio. Menschen.",
        "Das kostet 3 Mrd. Euro mehr.",
        "Wir hatten 15 min. Aufenthalt in Fulda.",
        "Nach zwei Std. Wartezeit kam der Bus.",
        "Er kaufte 12 Stk. Schrauben und 2 Pfd. Mehl.",
        "Wir reservierten für 6 Pers. Plätze am Fenster.",
        "Er gewann mit 3 Pkt. Vorsprung.",
        "Es gab 10–15 Min. Verspätung.",
    ],
)
def test_unit_after_a_number_before_a_noun_continues(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A unit at the true end of a sentence: a sentence opener follows (a noun would be measured).
        ("Das dauerte 10 Min. Dann kam er.", ["Das dauerte 10 Min.", "Dann kam er."]),
        ("Er lief 3 Std. Dann war er müde.", ["Er lief 3 Std.", "Dann war er müde."]),
        ("Es kostete 5 Tsd. Die Firma zahlte.", ["Es kostete 5 Tsd.", "Die Firma zahlte."]),
        ("Der Zug hatte 10 Min. Verspätung. Dann kam er.", ["Der Zug hatte 10 Min. Verspätung.", "Dann kam er."]),
        ("Wir warteten 20 Sek. Nun geschah es.", ["Wir warteten 20 Sek.", "Nun geschah es."]),
        ("Das Rezept reicht für 4 Pers. Zum Backen braucht man Mehl.", ["Das Rezept reicht für 4 Pers.", "Zum Backen braucht man Mehl."]),
        ("Die Pause dauert 15 min. Danach geht es weiter.", ["Die Pause dauert 15 min.", "Danach geht es weiter."]),
        # Units that never take a dot (SI symbols): a dot after them ends the sentence.
        ("Sie wog 60 kg. Anna war leichter.", ["Sie wog 60 kg.", "Anna war leichter."]),
        ("Er fuhr 100 km. Anna blieb zu Hause.", ["Er fuhr 100 km.", "Anna blieb zu Hause."]),
    ],
)
def test_unit_after_a_number_can_end_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- numbers, dates, ordinals, Roman numerals, times ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Er kam am 3. Oktober nach Berlin.",
        "Der 1. FC Köln hat gewonnen.",
        "Im 19. Jahrhundert wuchs die Stadt.",
        "Sie landete auf dem 2. Platz beim Rennen.",
        "Am 12.03.2024 war es kalt.",
        "Der Zug fährt um 14.30 Uhr ab.",
        "Der Wert stieg um 3.5 Prozent.",
        "Der Wert stieg um 3,5 Prozent.",
        "Ludwig XIV. war König von Frankreich.",
        "Papst Johannes Paul II. besuchte Polen.",
        "Es geschah am 3. 10. 1990 in Berlin.",
        "Er wurde am 24. Dezember geboren.",
    ],
)
def test_numbers_and_ordinals_do_not_end_sentences(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er kam im Jahr 1990. Dann zog er weg.", ["Er kam im Jahr 1990.", "Dann zog er weg."]),
        ("Sie wurde Zweite auf Platz 2. Die Siegerin kam aus Wien.", ["Sie wurde Zweite auf Platz 2.", "Die Siegerin kam aus Wien."]),
        ("Die Sitzung war am 12.03.2024. Danach ging es weiter.", ["Die Sitzung war am 12.03.2024.", "Danach ging es weiter."]),
        ("Der Zug kam um 14.30. Wir stiegen ein.", ["Der Zug kam um 14.30.", "Wir stiegen ein."]),
        ("Es waren 12. Das ist viel.", ["Es waren 12.", "Das ist viel."]),
        ("Die Zahl stieg 2023 auf 500. 2024 sank sie.", ["Die Zahl stieg 2023 auf 500.", "2024 sank sie."]),
    ],
)
def test_numbers_can_end_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_enumeration_number_stays_with_its_item() -> None:
    text = "Drei Punkte sind wichtig. 1. Die Kosten sinken. 2. Der Ertrag steigt."
    assert split_sentences(text) == ["Drei Punkte sind wichtig.", "1. Die Kosten sinken.", "2. Der Ertrag steigt."]


# --- initials ---------------------------------------------------------------------


def test_initials() -> None:
    text = "Der Autor J. R. R. Tolkien schrieb viel. Er starb 1973."
    assert split_sentences(text) == ["Der Autor J. R. R. Tolkien schrieb viel.", "Er starb 1973."]


def test_initial_before_surname() -> None:
    assert len(split_sentences("Das Buch von T. Mann ist dick.")) == 1


# --- quotes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "„Kommst du?“, fragte sie.",
        "„Kommst du?“ fragte sie.",
        "»Wohin gehst du?« fragte er leise.",
        '"Wirklich?", fragte er.',
        "„Halt!“, rief er laut.",
    ],
)
def test_question_or_exclamation_inside_quotes_continues(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er rief: „Halt!“ Dann ging er.", ["Er rief: „Halt!“", "Dann ging er."]),
        ("Sie sagte: »Ich komme.« Er nickte.", ["Sie sagte: »Ich komme.«", "Er nickte."]),
        ('Er sagte: "Gut." Sie lachte.', ['Er sagte: "Gut."', "Sie lachte."]),
        ("Das war's. „Nun geht es los“, sagte sie.", ["Das war's.", "„Nun geht es los“, sagte sie."]),
        ("Er ging. (Das war klug.) Dann kam sie.", ["Er ging.", "(Das war klug.)", "Dann kam sie."]),
        ("Er sagte ``Ja.'' Dann ging er.", ["Er sagte ``Ja.''", "Dann ging er."]),
    ],
)
def test_quotes_end_with_their_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- Markdown emphasis ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Das ist gut.** Und dann kam er.", ["**Das ist gut.**", "Und dann kam er."]),
        ("__Das ist gut.__ Und dann kam er.", ["__Das ist gut.__", "Und dann kam er."]),
        ("*Ja!* Dann ging er.", ["*Ja!*", "Dann ging er."]),
        ("_Wirklich?_ Er lachte.", ["_Wirklich?_", "Er lachte."]),
        ("Er kam. **Das ist gut.** Und dann.", ["Er kam.", "**Das ist gut.**", "Und dann."]),
        ("Ich sage **Nein.** Dann ging ich.", ["Ich sage **Nein.**", "Dann ging ich."]),
        ("Er rief: ***„Halt!“*** Dann ging er.", ["Er rief: ***„Halt!“***", "Dann ging er."]),
        ("Das ist **gut.** **Dann** ging er.", ["Das ist **gut.**", "**Dann** ging er."]),
    ],
)
def test_closing_emphasis_stays_with_its_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
    assert sentence_spans(text)[0] == (0, len(expected[0]))


@pytest.mark.parametrize(
    "text",
    [
        "Er kam **heute.** und blieb.",  # lowercase goes on, as without the marks
        "Das ist **wichtig** Die Frage bleibt.",  # no stop before the closing marks: as before
        "Siehe Nr.** 5** oben.",
    ],
)
def test_emphasis_alone_does_not_end_a_sentence(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Da kam *Dr.* Müller herein.",  # the closing mark after the dot: the word is still "Dr"
        "Es war _ca._ 5 Uhr.",
        "Da kam **Dr.** Müller herein.",
        "Da kam **Dr. Müller** herein.",  # the opening marks before the abbreviation
        "Das ist **z. B.** ein Haus.",
        "Er schrieb **Art. 5** Abs. 3 GG vor.",
        "Er schrieb *Art.* 5 vor.",
        "Siehe **S. 12** ff.",
        "Am **3. Oktober** kam er.",
        "Er kam am *3.* Oktober.",
        "Er kam am *3*. Oktober.",  # marks inside the dot
        "Er wohnt in der **Hauptstr.** 5 in Berlin.",
        "**4. Die** gängige Auffassung ist falsch.",  # an enumeration, marked
        "**Ludwig XIV.** war König.",
    ],
)
def test_emphasis_around_an_abbreviation_or_number_is_not_a_sentence_end(text: str) -> None:
    assert split_sentences(text) == [text]


def test_emphasis_around_an_abbreviation_in_a_markdown_document() -> None:
    from reader.document import build_document

    document = build_document("Da kam *Dr.* Müller herein. Es war _ca._ 5 Uhr.", "x", "md")
    assert [sentence.text for sentence in document.sentences] == [
        "Da kam *Dr.* Müller herein.",
        "Es war _ca._ 5 Uhr.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das war *usw.* Dann kam er.", ["Das war *usw.*", "Dann kam er."]),
        ("Er kam im Jahr **1990.** Dann ging er.", ["Er kam im Jahr **1990.**", "Dann ging er."]),
        ("Er las auf *S. 12.* Danach schlief er.", ["Er las auf *S. 12.*", "Danach schlief er."]),
    ],
)
def test_emphasis_around_a_sentence_final_word_still_ends_it(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


# --- ellipsis ---------------------------------------------------------------------


@pytest.mark.parametrize("ellipsis", ["...", "…", " …"])
def test_ellipsis_before_capital_ends_sentence(ellipsis: str) -> None:
    text = f"Er zögerte{ellipsis} Dann ging er."
    assert split_sentences(text) == [f"Er zögerte{ellipsis}", "Dann ging er."]


def test_ellipsis_before_lowercase_continues() -> None:
    assert len(split_sentences("Das ist … nun ja … schwierig.")) == 1


def test_bracketed_omission_continues() -> None:
    assert len(split_sentences("Er schrieb: „Wir haben […] Großes vor.“")) == 1


# --- URLs and e-mail addresses ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mehr unter https://www.example.de/pfad?frage=1&x=2.html im Netz.",
        "Schreiben Sie an max.mustermann@example.com noch heute.",
        "Die Seite www.tagesschau.de ist bekannt.",
    ],
)
def test_urls_and_emails_are_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


def test_url_at_sentence_end() -> None:
    text = "Mehr unter www.example.de. Dort steht alles."
    assert split_sentences(text) == ["Mehr unter www.example.de.", "Dort steht alles."]


def test_email_at_sentence_end() -> None:
    text = "Schreiben Sie an info@example.de. Wir antworten schnell."
    assert split_sentences(text) == ["Schreiben Sie an info@example.de.", "Wir antworten schnell."]


# --- sentences without final punctuation ------------------------------------------


def test_missing_full_stop_before_sentence_opener() -> None:
    text = "Die Gespräche würden bald stattfinden Die Lage ist instabil."
    assert split_sentences(text) == ["Die Gespräche würden bald stattfinden", "Die Lage ist instabil."]


@pytest.mark.parametrize(
    "text",
    [
        "Er stimmte für Die Linke.",  # "für" cannot end a sentence
        "Wir lesen und Die Zeit liegt da.",
        "Er sah heute Morgen den Hund.",  # "Morgen" is a noun here
        "Danke für Ihr Vertrauen in uns.",
    ],
)
def test_capitalized_word_inside_sentence_does_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


def test_smiley_ends_sentence_and_stays_with_it() -> None:
    text = "Danke Rosemarie! :-) Dann habe ich bezahlt"
    assert split_sentences(text) == ["Danke Rosemarie! :-)", "Dann habe ich bezahlt"]


# --- line breaks --------------------------------------------------------------------


def test_headline_lines_are_sentences() -> None:
    text = "Erster Band\nErstes Kapitel\nEs war Weihnachten. Es schneite."
    assert split_sentences(text) == ["Erster Band", "Erstes Kapitel", "Es war Weihnachten.", "Es schneite."]


def test_hard_wrapped_lines_are_joined() -> None:
    text = (
        "Die Verbündeten der Ukraine haben ihren Fokus auf neue\n"
        "Waffenlieferungen gelegt, berichtet Bloomberg unter Berufung\n"
        "Quellen, die mit der Angelegenheit vertraut sind."
    )
    assert len(split_sentences(text)) == 1


def test_lowercase_list_item_after_full_line() -> None:
    text = "Tragödie von Lemierre.\na. Cléofé spricht.\nb. Tell antwortet."
    assert split_sentences(text) == ["Tragödie von Lemierre.", "a. Cléofé spricht.", "b. Tell antwortet."]


def test_sentence_may_open_with_clipped_word() -> None:
    text = "»Wo denn?« »'ne neue Kolonie.« Er nickte. 's war spät."
    assert split_sentences(text) == ["»Wo denn?«", "»'ne neue Kolonie.«", "Er nickte.", "'s war spät."]


def test_line_ending_with_comma_continues() -> None:
    assert len(split_sentences("Er kam,\nDie Tür stand offen.")) == 1


# --- invariants and robustness ------------------------------------------------------

FIXED_TEXTS = [
    "„Kommst du?“, fragte sie. Er rief: „Halt!“ Dann ging er.",
    "  \n z. B. ... … !? „“ »« ``'' ( ) 1. 2. XIV. J. R. :-) www.x.de. a@b.c. ",
    "Ende.\n\n\nAnfang",
    "?!?! ... ... . . .",
    "a\u00a0b.\u2003C d",
]


@pytest.mark.parametrize("text", FIXED_TEXTS)
def test_invariants_on_fixed_texts(text: str) -> None:
    check_invariants(text)


if given is not None:
    ALPHABET = st.sampled_from(list("aBcDeÄß ..!?…,:;-\n\t„“»«\"'`()[]0123456789zBuAXIV@/ \u00a0"))

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=ALPHABET, max_size=200))
    def test_invariants_on_random_text(text: str) -> None:
        check_invariants(text)

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=120))
    def test_invariants_on_arbitrary_unicode(text: str) -> None:
        check_invariants(text)


def test_long_text_without_punctuation_is_one_quick_span() -> None:
    text = ("wort " * 20_000)[:100_000]
    started = time.perf_counter()
    spans = sentence_spans(text)
    assert time.perf_counter() - started < 1.0
    assert spans == [(0, len(text.rstrip()))]


def test_long_text_without_spaces_is_one_quick_span() -> None:
    text = "x" * 100_000
    started = time.perf_counter()
    assert sentence_spans(text) == [(0, 100_000)]
    assert time.perf_counter() - started < 1.0
