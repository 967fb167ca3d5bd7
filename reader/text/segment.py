"""German sentence segmentation with hand-written rules.

The text is cut only *between* whitespace-separated chunks, so a URL, an
e-mail address, a decimal number ("3.5"), a time ("14.30") or a date
("12.03.2024") can never be split: their dots are not followed by whitespace.
For each gap between two chunks we look at the end of the left chunk (its
final punctuation, the word before it, trailing closing quotes/brackets) and
at the start of the right chunk (after opening quotes/brackets) and decide
whether a sentence ends there. See docs/segmentation.md for the rules and the
evaluation.
"""

from __future__ import annotations

import re
# --- character classes -------------------------------------------------------

# Closing quotes/brackets that stay with the sentence they close („…“, »…«, «…», "…", ``…'').
CLOSERS = "\"'“”»«’‘)]}"
# Opening quotes/brackets that belong to the next sentence.
OPENERS = "\"'„“‚‘»«`([{¿¡"
TERMINALS = ".!?…"
# Markdown emphasis delimiters: a run of them after a sentence's last mark closes it ("**Das ist gut.**").
EMPHASIS_MARKS = "*_"
# A line ending with one of these continues on the next line.
CONTINUATIONS = ",;-–—(/&+"

# --- word lists ---------------------------------------------------------------

# Abbreviations after which a full stop (almost) never ends a sentence.
# Compared with the word before the dot, case-sensitively for capitalized
# forms (titles, "Nr.") and both ways for lowercase ones.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    Abb Abg Abk Abs Abschn Abt Adr Akad Allg Anh Anl Anm Aufl Ausg Az
    Bd Bde Bearb Begr Beil Bhf Bsp Bspw Bzgl Bzw
    Dipl Dir Doz Dr Dt Dtzd
    Ebd Ehem Erw Evtl Exz
    Fa Fam Ffm Fr Frl Fn
    Gbr Geb Gebr Gem Ges Gesch Gest Gew Ggf Gmbh Gr
    Hbf Hg Hgg Hl Hr Hrn Hrsg Hw
    Ing Inh Inkl
    Jahrh Jg Jh Jhd Jhdt Jr Jun
    Kap Kath Kfm Kfz Kgl Kl Kr
    Lfd Lit Lt
    Med Mind Mio Mrd Mr Mrs Ms Msp
    Nachf Nr Nrn Nw
    Orig
    Pfd Pkt Pl Prof Prov Präs Ps
    Rd
    Sen Sep Sept Slg Sog Spp St Std Str Stud Sr
    Tab Tel Th Tsd
    Univ Urk
    Verf Verl Vgl Vj Vol Vors Vorst
    Wg Wz
    Zeitschr Ziff Zit Zt Zzgl
    Jan Feb Febr Mrz Apr Jun Jul Aug Okt Nov Dez
    Mo Di Mi Do Fr Sa
    abb abg abk abs abschn abt allg anh anl anm aufl ausg
    bd bzw bzgl bzgl bspw bearb begr beil betr bzw
    ca chr
    dgl dt dtsch
    ebd ehem einschl engl entspr erg erw etc evtl
    f ff frz
    geb gegr gem ges gesch gest gez ggf ggfs gr
    hg hl hrsg
    inkl insb ital
    jh jhd jhdt jr jun
    kath kgl kl
    lat lfd lt
    max min mind mio mrd mtl
    nachm nr
    od orig
    pers pfd pkt
    rd resp
    sen sog span spp st std str stud
    tägl tsd
    u ua usf usw urspr
    v verh verw vgl vorm vs
    wg wiss
    z zb zit zt zzt zzgl
    Mio Mrd Tsd Bio
    """.split()
)

# Abbreviations that often end a sentence ("…, Äpfel usw. Dann …"): after them
# a dot ends the sentence when a typical sentence opener follows.
SENTENCE_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    "usw usf etc ff f Chr chr Mio Mrd Tsd Bio Jh Jhd Jhdt jh jhd jhdt ua".split()
)

# Capitalized words whose lowercase form is an abbreviation ("max.", "min.").
CAPITALIZED_NOT_ABBREVIATIONS: frozenset[str] = frozenset("Max Min Art Vers Mag Gem Lat".split())

# Abbreviations that cite a part of a law, a book or a table: before a number
# (or "§") their dot never ends the sentence ("Art. 5 Abs. 3 GG", "Rn. 7",
# "Bd. 2, S. 45", "Alt. 2"), even where the word is otherwise a noun that may
# end one ("auf diese Art. Dann …").
CITATION_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    Abb Abs Abschn Alt Anh Anl Anm Art Artt Aufl Ausg Az Bd Bde Bl Buchst Fig Fn Halbs Hft Hs
    Jg Jahrg Kap Lit Nr Nrn No Pkt Pos Randnr Rdn Rdnr Rn Rz Sp Taf Tab Tz UAbs Unterabs Var Vol Ziff Zl
    lit
    """.split()
)

# Legal forms that end or continue a company name ("Müller GmbH & Co. KG",
# "Samsung Co. Ltd.", "Musikverein e.V."). Dotted forms are written without their final dot.
COMPANY_FORMS: frozenset[str] = frozenset("Co Cie Ltd Inc Corp Bros Pty e.V e.G a.G S.A N.V B.V S.p.A".split())

# Academic titles that open a chain of degree words ("Prof. Dr. med.", "Dipl.-Ing.", "Priv.-Doz.").
ACADEMIC_TITLES: frozenset[str] = frozenset("Dr Prof Dipl Mag Lic Doz Priv Univ Ing".split())

# The Latin parts of a degree after a title, an initial or another part ("Dr. rer. nat.",
# "Dr. h. c. mult.", "Prof. em.", "Dr. med. dent.") and the second parts of degrees written
# after a name ("M. Sc.", "B. Ed.", "LL. M.", "Ph. D."). Compared case-sensitively.
DEGREE_PARTS: frozenset[str] = frozenset(
    """
    agr biol cur dent des disc em forest habil hort hum ing iur jur math med medic mont mult nat
    oec paed pharm phil pol publ rer sc silv soc techn theol troph univ utr vet
    Arch Ed Eng LL Mus Ph Sc
    """.split()
)

# Units and measures written with a dot, as German abbreviates them before the measured noun
# ("10 Min. Verspätung", "3 Std. Fahrt", "5 Tsd. Euro", "12 Stk. Schrauben"); lowercase forms
# ("15 min.") are matched too. SI symbols ("kg", "km") take no dot, so a dot after them ends a sentence.
UNIT_ABBREVIATIONS: frozenset[str] = frozenset(
    "Sek Min Std Tsd Mio Mrd Bio Mill Stk Stck Pfd Ztr Dtzd Pers Port Pck Pkg Msp Ltr Pkt".split()
)

# Counts written as words before a unit ("zwei Std. Fahrt", "mehrere Mio. Euro").
COUNT_WORDS: frozenset[str] = frozenset(
    """ein eine einer einen einem zwei drei vier fünf sechs sieben acht neun zehn elf zwölf
    zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig hundert tausend
    anderthalb eineinhalb zweieinhalb paar einige etliche mehrere wenige viele""".split()
)

MONTHS: frozenset[str] = frozenset(
    """Januar Jänner Februar Feber März April Mai Juni Juli August September
    Oktober November Dezember Jan Feb Febr Mrz Apr Jun Jul Aug Sep Sept Okt Nov Dez""".split()
)

# Nouns that typically follow an ordinal number ("im 19. Jahrhundert").
ORDINAL_NOUNS: frozenset[str] = frozenset(
    """Jahrhundert Jahrhunderts Jahrtausend Jahrtausends Jh Jahrestag Geburtstag
    Todestag Platz Platzes Rang Stock Stockwerk Etage Liga Bundesliga Runde Spieltag
    Kapitel Klasse Mal Auflage Ausgabe Satz Akt Band Teil Weltkrieg Weltkriegs
    Reich Reiches Armee Division Symphonie Sinfonie Kreuzzug FC SC SV Staffel
    Quartal Halbjahr Hälfte Tag Woche Monat Jahr Lebensjahr Advent Sonntag""".split()
)

# Words that, capitalized, begin a sentence far more often than they occur
# capitalized inside one (pronouns, articles, adverbs, conjunctions). Used to
# tell ordinals and abbreviations from sentence ends ("Er kam am 3. Die …" vs
# "am 3. Oktober") and to find sentence ends that lack a full stop.
SENTENCE_OPENERS: frozenset[str] = frozenset(
    """
    Der Die Das Dem Den Des Ein Eine Einen Einem Einer Eines
    Ich Wir Er Es Du Man Mein Meine Meinen Meiner Unser Unsere Unseren Sein Seine
    Dieser Diese Dieses Diesen Jeder Jede Jedes Alle Alles Viele Einige Manche Beide
    Dann Danach Daraufhin Dabei Dazu Dafür Damit Daher Darum Deshalb Deswegen Dadurch
    Aber Und Oder Auch Doch Denn Jedoch Trotzdem Dennoch Außerdem Zudem Zugleich Allerdings
    Inzwischen Mittlerweile Zuvor Später Vorher Nachher Zunächst Schließlich Endlich Zuletzt
    Leider Also Sonst Hier Dort Da So Nun Jetzt Heute Gestern Immer Nie Noch Schon
    Wenn Als Während Obwohl Weil Nachdem Bevor Sobald Falls Ob
    Wie Was Wer Wo Wann Warum Wieso Weshalb Woher Wohin
    Im In Am An Auf Aus Mit Bei Beim Nach Für Von Vom Zum Zur Seit Ohne Gegen Unter Über Vor
    Nur Nicht Kein Keine Keinen Sehr Ganz Gerade Genau Vielleicht Bitte Danke
    Absolut Wirklich Einfach Insgesamt Natürlich Sicher Gut Toll
    """.split()
)

# Lowercase words that cannot end a sentence (articles, prepositions,
# conjunctions): "und Die Linke" is not a sentence boundary.
NON_FINAL_WORDS: frozenset[str] = frozenset(
    """
    der die das dem den des ein eine einen einem einer eines
    und oder aber sondern denn doch sowie bzw als wie dass daß ob weil wenn
    in im an am auf aus bei beim mit nach von vom zu zum zur für über unter vor
    hinter neben zwischen durch gegen ohne um bis seit trotz wegen während laut
    sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer mein meine unser unsere
    dieser diese dieses diesen diesem jeder jede jedes kein keine keinen keinem
    sich sagte sagt sagten fragte rief schrieb heißt hieß namens titel film buch
    """.split()
)

ROMAN_NUMERAL_RE = re.compile(r"^(?=[MDCLXVI]{2,}$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
# "z.B", "u.a", "i.d.R", "U.S": one- or two-letter parts joined by dots.
DOTTED_ABBREVIATION_RE = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")
# Numbers with optional inner dots or commas: "3", "12.03.2024", "1.000", "3,5".
NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)*$")
# A count before a unit: a number or a range of two ("10", "1,5", "10–15", "3-4").
COUNT_RE = re.compile(r"^\d+(?:[.,]\d+)*(?:[-–/]\d+(?:[.,]\d+)*)?$")
EMOTICON_RE = re.compile(r"^(?:[:;=8][-o^']?[()\[\]DPpO|/\\*3]+|\^\^|<3)$")
CHUNK_RE = re.compile(r"\S+")
# A note's mark after a word: superscript digits, bare or as a Markdown link ("Garten.[¹](<#fn1>)").
NOTE_MARK_RE = re.compile(r"(?:\[[⁰¹²³⁴⁵⁶⁷⁸⁹]+\]\((?:<[^<>\n]*>|[^\s()]*)\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\Z")
URL_OR_EMAIL_RE = re.compile(r"(?:://|^www\.|@[\w-]+\.)", re.IGNORECASE)


# --- public interface ---------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split one paragraph (no blank lines inside; may contain single newlines) into sentences.

    Returns [start, end) character spans into `text`, in order, non-overlapping, each stripped of
    surrounding whitespace (text[start:end] == text[start:end].strip()), never empty, covering every
    non-whitespace character of `text` exactly once.
    """
    chunks = [(m.start(), m.end()) for m in CHUNK_RE.finditer(text)]
    if not chunks:
        return []
    lines_are_units = _lines_are_units(text)
    spans: list[tuple[int, int]] = []
    sentence_start = chunks[0][0]
    for index in range(len(chunks) - 1):
        left_start, left_end = chunks[index]
        right_start, right_end = chunks[index + 1]
        left = text[left_start:left_end]
        right = text[right_start:right_end]
        newline_between = "\n" in text[left_end:right_start]
        starts_sentence = left_start == sentence_start
        if _ends_sentence(left, right, starts_sentence, text, index, chunks) or (
            newline_between and lines_are_units and _line_break_ends_sentence(left, right)
        ):
            spans.append((sentence_start, left_end))
            sentence_start = right_start
    spans.append((sentence_start, chunks[-1][1]))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of one paragraph as strings (see `sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text)]


# --- the decision between two chunks -------------------------------------------


def _ends_sentence(
    left: str, right: str, left_starts_sentence: bool, text: str, index: int, chunks: list[tuple[int, int]]
) -> bool:
    """Does a sentence end between chunk `left` and the following chunk `right`?"""
    left = _without_note_mark(_without_closing_emphasis(left))
    last = left[-1]
    if last not in TERMINALS and last not in CLOSERS and not last.isalnum() and last not in ":;":
        return False  # commas, dashes, hyphens: the sentence goes on
    core = left.rstrip(CLOSERS)
    next_word = right.lstrip(OPENERS + EMPHASIS_MARKS)
    if not next_word:
        return False
    first = next_word[0]
    if first.islower() and not _is_elision(right):
        return False  # German sentences start with a capital, digit or quote
    if not core or EMOTICON_RE.match(right):
        return False  # a smiley belongs to the sentence before it: "Danke! :-)"
    if core[-1] in TERMINALS:
        if left_starts_sentence and NUMBER_RE.match(_without_emphasis(core[:-1])):
            return False  # an enumeration: "4. Die gängige Auffassung …"
        return _terminal_ends_sentence(core, next_word, right, text, index, chunks)
    if EMOTICON_RE.match(core) or EMOTICON_RE.match(left):
        return first.isupper() or first.isdigit() or right[0] in OPENERS
    if core[-1].isalnum() and core == left:
        return _missing_stop_ends_sentence(core, next_word, right)
    return False


def _terminal_ends_sentence(
    core: str, next_word: str, right: str, text: str, index: int, chunks: list[tuple[int, int]]
) -> bool:
    """`core` ends with . ! ? or …; decide from the word before the marks and the next word."""
    word = core.rstrip(TERMINALS)
    marks = core[len(word):]
    if "!" in marks or "?" in marks:
        return True
    if marks != "." and (marks.startswith("..") or "…" in marks):
        return _ellipsis_ends_sentence(word, next_word)
    return _full_stop_ends_sentence(word, next_word, text, index, chunks)


def _ellipsis_ends_sentence(word: str, next_word: str) -> bool:
    # "(…)" and "[…]" mark an omission inside a quotation, not a sentence end.
    if word.endswith(("(", "[")):
        return False
    return next_word[0].isupper() or next_word[0].isdigit()


def _full_stop_ends_sentence(
    word: str, next_word: str, text: str, index: int, chunks: list[tuple[int, int]]
) -> bool:
    bare = _without_emphasis(word.lstrip(OPENERS))
    if not bare:
        return True
    opener = _word_of(next_word) in SENTENCE_OPENERS
    if bare in CITATION_ABBREVIATIONS and next_word[0] in "0123456789§":
        return False  # "Art. 5 Abs. 3 GG", "gemäß § 3 Abs. 2 Nr. 4 BGB", "Rn. 7"
    if (
        _is_compound_title(bare)
        or _is_degree_part(bare, text, index, chunks)
        or _is_unit_after_count(bare, text, index, chunks)
    ):
        # The end of a title chain ("Dr. rer. nat. Klaus Berg", "Dipl.-Psych. Anna Weber") or a unit
        # before the measured noun ("10 Min. Verspätung", "5 Tsd. Euro"): a name or a noun goes on;
        # a sentence opener after it is a new sentence ("Er wurde Dr. med. Danach …", "… 10 Min. Dann …").
        return opener
    if _is_street_abbreviation(bare) or bare in COMPANY_FORMS:
        # The last word of a name: the dot goes on before a house number, a legal form or a verb
        # ("Hauptstr. 5", "GmbH & Co. KG", "Co. Ltd. meldete", "Hauptstr. Ecke Bahnhofstr.");
        # German writes one dot for an abbreviation that ends a sentence, so a sentence opener
        # after it ends the sentence ("… in der Hauptstr. Dort …", "… Co. Ltd. Das …").
        return opener
    if _is_abbreviation(bare):
        return opener and bare in SENTENCE_FINAL_ABBREVIATIONS
    if URL_OR_EMAIL_RE.search(bare):
        return True
    if len(bare) == 1 and bare.isalpha():
        return False  # initials ("J. R. R. Tolkien") and parts of "z. B."
    if NUMBER_RE.match(bare):
        return _number_ends_sentence(bare, next_word, opener)
    if ROMAN_NUMERAL_RE.match(bare) and _previous_is_capitalized(text, index, chunks):
        return opener  # "Ludwig XIV. war" / "Papst Pius XII. Er …"
    return True


def _number_ends_sentence(number: str, next_word: str, next_is_opener: bool) -> bool:
    """A dot after a number: ordinal ("am 3. Oktober", "1. FC") or the end of a sentence?"""
    following = _word_of(next_word)
    if following in MONTHS or following in ORDINAL_NOUNS:
        return False
    if next_word[0].isdigit():
        # "3. 10. 1990" is a date written with spaces; "auf 500. 2024 sank …" is not.
        return not (number.isdigit() and int(number) <= 31)
    if "." in number or "," in number or len(number) >= 4:
        return True  # a date, a decimal or a year ends the sentence: "im Jahr 1990. Dann"
    return next_is_opener


def _missing_stop_ends_sentence(word: str, next_word: str, right: str) -> bool:
    """A sentence end without punctuation: "… stattfinden Die Lage ist …"."""
    if right[0] in OPENERS:
        return False
    following = _word_of(next_word)
    if following not in SENTENCE_OPENERS:
        return False
    if word.lower() in NON_FINAL_WORDS or not word.isalpha():
        return False
    return True


def _line_break_ends_sentence(left: str, right: str) -> bool:
    """A line break in a paragraph whose lines are units (headlines, list items, one paragraph a line)."""
    left = _without_closing_emphasis(left)
    if left[-1] in CONTINUATIONS or _without_emphasis(left).lower() in NON_FINAL_WORDS:
        return False
    if left[-1] in TERMINALS or left[-1] in CLOSERS:
        return True  # even before a lowercase item: "… Lemierre.\na. Cléofé …"
    first = right.lstrip(OPENERS)[:1] or right[0]
    return not first.islower()


# --- helpers ------------------------------------------------------------------


def _without_closing_emphasis(chunk: str) -> str:
    """`chunk` without a Markdown emphasis run that closes after the sentence's mark: "gut.**" -> "gut."."""
    bare = chunk.rstrip(EMPHASIS_MARKS)
    if bare and bare != chunk and (bare[-1] in TERMINALS or bare[-1] in CLOSERS):
        return bare
    return chunk


def _without_note_mark(chunk: str) -> str:
    """`chunk` without a note's mark after the sentence's full stop: "Garten.¹" -> "Garten.",
    "Garten.[¹](<#fn1>)" -> "Garten." (the mark stays with the sentence it ends)."""
    bare = NOTE_MARK_RE.sub("", chunk)
    if bare and bare != chunk and (bare[-1] in TERMINALS or bare[-1] in CLOSERS):
        return bare
    return chunk


def _without_emphasis(word: str) -> str:
    """`word` without Markdown emphasis marks at either end: "**Dr" -> "Dr", "*3*" -> "3".

    The abbreviation, number and name checks look at the word itself; the marks around it
    (`*Dr.* Müller`, `**z. B.**`, `**Art. 5**`) say nothing about where the sentence ends.
    """
    return word.lstrip(OPENERS + EMPHASIS_MARKS).strip(EMPHASIS_MARKS)


def _word_of(token: str) -> str:
    """The leading run of letters of a token: "Die," -> "Die"."""
    end = 0
    while end < len(token) and token[end].isalpha():
        end += 1
    return token[:end]


def _is_elision(token: str) -> bool:
    """A clipped word that may open a sentence in lowercase: "'s ist spät", "»'ne Tochter«"."""
    stripped = token.lstrip("„“»«\"([")
    return len(stripped) > 1 and stripped[0] in "'’" and stripped[1].islower()


def _is_abbreviation(word: str) -> bool:
    if "-" in word:
        word = word.rsplit("-", 1)[1] or word  # "Goethe-Str." ends with "Str."
    if word in ABBREVIATIONS or DOTTED_ABBREVIATION_RE.match(word):
        return True
    # A lowercase abbreviation capitalized at the start of a sentence: "Vgl.", "Ca.".
    return (
        word[0].isupper()
        and word[1:].islower()
        and word.lower() in ABBREVIATIONS
        and word not in CAPITALIZED_NOT_ABBREVIATIONS
    )


def _is_street_abbreviation(word: str) -> bool:
    """ "Str", "Goethe-Str", "Karl-Marx-Str", and compounds written as one word: "Hauptstr", "Bahnhofstr"."""
    last = word.rsplit("-", 1)[-1] or word
    if last in ("Str", "str"):
        return True
    return len(last) > 4 and last.endswith("str") and last[0].isupper() and last[1:].islower()


def _neighbour(text: str, index: int, chunks: list[tuple[int, int]], offset: int) -> str:
    """The chunk `offset` places from chunk `index`, without emphasis marks ("" past either end)."""
    position = index + offset
    if not 0 <= position < len(chunks):
        return ""
    start, end = chunks[position]
    return _without_emphasis(text[start:end])


def _previous_is_capitalized(text: str, index: int, chunks: list[tuple[int, int]]) -> bool:
    previous = _neighbour(text, index, chunks, -1)
    return bool(previous) and previous[0].isupper()


def _is_compound_title(word: str) -> bool:
    """A title joined by hyphens, every part but the last abbreviated: "Dipl.-Ing", "Dr.-Ing", "Dipl.-Wirt.-Ing".

    "Dr.-Stammberger-Halle" is a name, not a title: its inner parts have no dot.
    """
    parts = word.split("-")
    return (
        len(parts) > 1
        and parts[0][:-1] in ACADEMIC_TITLES
        and all(part.endswith(".") for part in parts[:-1])
        and parts[-1].isalpha()
    )


def _is_degree_link(chunk: str) -> bool:
    """A dotted chunk a degree part may follow: a title, a degree part or an initial ("Dr.", "rer.", "h.", "M.")."""
    if not chunk.endswith("."):
        return False
    word = chunk[:-1]
    return (
        word in ACADEMIC_TITLES
        or word in DEGREE_PARTS
        or _is_compound_title(word)
        or (len(word) == 1 and word.isalpha())
    )


def _is_degree_part(word: str, text: str, index: int, chunks: list[tuple[int, int]]) -> bool:
    """ "nat" in "Dr. rer. nat.", "c" in "Dr. h. c.", "Sc" in "M. Sc.", "LL" in "LL. M.": a word inside a degree."""
    if len(word) == 1 and word.isalpha():
        return _follows_title(text, index, chunks)  # "Dr. h. c.", not the initials "J. R. R." or "z. B."
    if word not in DEGREE_PARTS:
        return False
    following = _neighbour(text, index, chunks, 1)
    before_initial = len(following) == 2 and following[0].isupper() and following[1] == "."
    return before_initial or _is_degree_link(_neighbour(text, index, chunks, -1))


# Longer chains of initials and degree parts than this after a title are not looked through.
MAX_TITLE_CHAIN = 6


def _follows_title(text: str, index: int, chunks: list[tuple[int, int]]) -> bool:
    """Does a title start the chain of dotted initials and degree parts that chunk `index` ends ("Dr. h. c.")?"""
    for offset in range(-1, -MAX_TITLE_CHAIN - 1, -1):
        chunk = _neighbour(text, index, chunks, offset)
        if not _is_degree_link(chunk):
            return False
        if chunk[:-1] in ACADEMIC_TITLES or _is_compound_title(chunk[:-1]):
            return True
    return False


def _is_unit_after_count(word: str, text: str, index: int, chunks: list[tuple[int, int]]) -> bool:
    """ "Min" in "10 Min.", "Tsd" in "zwei Tsd.": a unit abbreviation after a number or a count word."""
    if word[:1].upper() + word[1:] not in UNIT_ABBREVIATIONS:
        return False
    count = _neighbour(text, index, chunks, -1)
    return bool(COUNT_RE.match(count)) or count.lower() in COUNT_WORDS


def _lines_are_units(text: str) -> bool:
    """Are the lines of this paragraph headlines/sentences, not a hard-wrapped text?

    Hard-wrapped prose has long lines that mostly end mid-sentence; then a
    line break says nothing about sentences.
    """
    if "\n" not in text:
        return False
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    inner = lines[:-1]
    if not inner:
        return False
    open_ended = [line for line in inner if line[-1] not in TERMINALS + CLOSERS]
    if len(open_ended) * 3 < len(inner) * 2:
        return True
    lengths = sorted(len(line) for line in open_ended)
    return lengths[len(lengths) // 2] < 40
