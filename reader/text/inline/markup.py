"""Inline Markdown carried across translation by word alignment (as Firefox's Bergamot does with tags).

``strip_inline`` takes the markup out of a German text: the model sees only the
words (``plain``), and each marked stretch becomes an ``InlineSpan`` over
``plain``. ``restore_inline`` puts the spans back around the English words that
the word links align to the marked German words, as a ``Marked`` text that
renders to Markdown or HTML. Links keep their destination exactly as written;
inline code and autolinks are *verbatim*: their text is shown to the model (so
the sentence stays grammatical) but what comes back is the original, never a
translation. Where the alignment gives no place, a span goes to the English
word aligned to the nearest German word before it (else after it); no English
text is ever dropped except the model's copy of a verbatim span, which the
original replaces. docs/formats.md, "Inline markup".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable, Literal, Sequence

from ...translation import WordLink
from ..typography import IDENTITY, OffsetMap, Replacement

SpanKind = Literal["emphasis", "strong", "link", "image", "code", "autolink"]
VERBATIM: frozenset[str] = frozenset({"code", "autolink"})  # never translated: the original comes back


@dataclass(frozen=True, slots=True)
class InlineSpan:
    """A marked stretch ``[start, end)`` of a plain text.

    ``markup`` is what the source wrote around it: the delimiter (``*``, ``__``),
    the link destination as written between the parentheses, the backtick run;
    ``url`` is the destination itself (links, images, autolinks); ``verbatim``
    the original text of inline code or an autolink.
    """

    kind: SpanKind
    start: int
    end: int
    markup: str = ""
    url: str = ""
    verbatim: str = ""
    text: str = ""  # a verbatim span's text as the model sees it (the code, the address); a link's German text


@dataclass(frozen=True, slots=True)
class Stripped:
    """A text without its inline markup: ``plain`` (what the model sees) and the spans over it."""

    source: str  # the text as written
    plain: str
    spans: tuple[InlineSpan, ...] = ()
    offsets: tuple[int, ...] = ()  # offsets[i]: where source offset i lands in plain (len(source) + 1 entries)

    @property
    def has_markup(self) -> bool:
        return bool(self.spans) or self.plain != self.source

    def marked(self) -> "Marked":
        """The German with its own spans, for rendering."""
        return Marked(self.plain, self.spans, escape=self.has_markup)


@dataclass(frozen=True, slots=True)
class Marked:
    """A text and non-crossing spans over it; verbatim spans replace their stretch of ``text``."""

    text: str
    spans: tuple[InlineSpan, ...] = ()
    escape: bool = True  # Markdown-escape the text (False: the text was never Markdown, leave it)

    def markdown(self) -> str:
        return _render(self, _md_open, _md_close, _md_text if self.escape else str)

    def html(self) -> str:
        return _render(self, _html_open, _html_close, html.escape)

    def plain(self) -> str:
        """The text as it reads: verbatim spans' text in their places, no markers."""
        return _render(self, lambda s: s.text if s.kind in VERBATIM else "", lambda s: "", str)

    def as_read(self) -> "Read":
        """``plain()`` with the spans moved onto it and the map from ``text`` into it (for the reader).

        The verbatim pieces are found by rendering them between private-use sentinels, so
        the text is ``plain()`` exactly, spaces put beside an insertion included.
        """
        as_given = Read(self.text, self.spans, IDENTITY)  # when there is nothing to put in, or no sure place
        verbatim = [s for s in self.spans if s.kind in VERBATIM]
        if not verbatim or any(c in self.text for c in _SENTINELS):
            return as_given
        index = {id(s): k for k, s in enumerate(verbatim)}
        rendered = _render(self, lambda s: f"{_OPEN}{index[id(s)]}{_MID}{s.text}{_CLOSE}" if s.kind in VERBATIM else "",
                           lambda s: "", str)
        out: list[str] = []
        placed: dict[int, tuple[int, int]] = {}
        replacements: list[Replacement] = []
        old = pos = 0  # where we are in self.text and in the rendered pieces
        length = 0  # of the text read so far
        for m in re.finditer(f"{_OPEN}(\\d+){_MID}(.*?){_CLOSE}", rendered, re.S):
            s = verbatim[int(m.group(1))]
            if s.start < old:
                return as_given
            between = rendered[pos : m.start()]
            gap = self.text[old : s.start]  # the English between: the rendered stretch less the spaces put beside
            lead = between.find(gap) if gap else len(between)
            if lead < 0 or between[:lead].strip() or between[lead + len(gap):].strip():
                return as_given  # never guess: the English as given
            trail_prev, lead_cur = between[:lead], between[lead + len(gap):]
            if trail_prev and replacements:  # the space after the previous insertion
                r = replacements[-1]
                replacements[-1] = Replacement(r.old_start, r.old_end, r.new + trail_prev)
            elif trail_prev:
                replacements.append(Replacement(old, old, trail_prev))
            out.append(between)
            length += len(between)
            placed[int(m.group(1))] = (length, length + len(m.group(2)))
            replacements.append(Replacement(s.start, s.end, lead_cur + m.group(2)))
            # the lead is already in ``out`` as part of between; the replacement holds it for the map
            out.append(m.group(2))
            length += len(m.group(2))
            old, pos = s.end, m.end()
        tail = rendered[pos:]
        gap = self.text[old:]
        if not tail.endswith(gap) or tail[: len(tail) - len(gap)].strip():
            return as_given
        if len(tail) > len(gap):  # the space after the last insertion
            r = replacements[-1]
            replacements[-1] = Replacement(r.old_start, r.old_end, r.new + tail[: len(tail) - len(gap)])
        out.append(tail)
        offsets = OffsetMap(tuple(replacements))
        spans = []
        for s in self.spans:
            if s.kind in VERBATIM:
                a, b = placed[index[id(s)]]
            else:
                a, b = offsets.span(s.start, s.end)
            spans.append(_at(s, a, b))
        return Read("".join(out), tuple(spans), offsets)


_OPEN, _MID, _CLOSE = "\ue000", "\ue001", "\ue002"
_SENTINELS = (_OPEN, _MID, _CLOSE)


@dataclass(frozen=True, slots=True)
class Read:
    """A ``Marked`` as it reads: ``text`` with the verbatim spans' own text in their places,
    ``spans`` over it (a verbatim one exactly on its text), ``offsets`` from the Marked text into it."""

    text: str
    spans: tuple[InlineSpan, ...]
    offsets: OffsetMap


# -- stripping --------------------------------------------------------------

_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”„‘’«»–—…")


class _Delim:
    """A run of ``*`` or ``_``: how many are left, and the matches it opens or closes (innermost first)."""

    __slots__ = ("src", "char", "orig", "count", "can_open", "can_close", "opens", "closes")

    def __init__(self, src: int, char: str, run: int, can_open: bool, can_close: bool) -> None:
        self.src, self.char, self.orig, self.count = src, char, run, run
        self.can_open, self.can_close = can_open, can_close
        self.opens: list[tuple[int, int]] = []  # (match id, delimiters used)
        self.closes: list[tuple[int, int]] = []


@dataclass(slots=True)
class _Token:
    kind: Literal["text", "delim", "atom", "link"]
    src: int
    src_end: int
    chars: str = ""
    delim: _Delim | None = None
    children: list["_Token"] = field(default_factory=list)
    span: InlineSpan | None = None  # the atom or link, positions filled in when emitted
    body: tuple[int, int] = (0, 0)  # an atom's or link text's source range


class _Parser:
    """A small CommonMark-style inline parser that keeps offsets.

    Emphasis follows CommonMark's delimiter-run rules (flanking, ``_`` not inside
    words, the rule of 3, matching inside a link's text only); code spans, autolinks,
    links and images their usual syntax; what does not close is literal text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.length = 0
        self.offsets = [0] * (len(text) + 1)
        self.spans: list[InlineSpan] = []
        self.open: dict[int, int] = {}  # emphasis match id -> plain start
        self.match_kind: dict[int, tuple[SpanKind, str]] = {}

    def parse(self) -> Stripped:
        self._emit_all(self._tokens(0, len(self.text)))
        self.offsets[len(self.text)] = self.length
        spans = tuple(sorted(self.spans, key=lambda s: (s.start, -s.end)))
        return Stripped(self.text, "".join(self.out), spans, tuple(self.offsets))

    # tokens

    def _tokens(self, start: int, end: int) -> list[_Token]:
        t = self.text
        tokens: list[_Token] = []
        i = start
        while i < end:
            c = t[i]
            if c == "\\" and i + 1 < end and t[i + 1] in _ESCAPABLE:
                tokens.append(_Token("text", i, i + 2, t[i + 1]))
                i += 2
            elif c == "`":
                run = _run(t, i, end)
                close = self._code_close(i + run, end, run)
                if close is None:
                    tokens.append(_Token("text", i, i + run, t[i : i + run]))
                    i += run
                    continue
                body = t[i + run : close]
                if len(body) >= 2 and body[0] == body[-1] == " " and body.strip():
                    body = body[1:-1]
                tokens.append(_Token("atom", i, close + run, body.replace("\n", " "),
                                     span=InlineSpan("code", 0, 0, "`" * run, verbatim=t[i : close + run], text=body.replace("\n", " "))))
                i = close + run
            elif c == "<" and (m := _AUTOLINK.match(t, i, end)):
                url = m[1] if ":" in m[1] else "mailto:" + m[1]
                tokens.append(_Token("atom", i, m.end(), m[1], span=InlineSpan("autolink", 0, 0, url=url, verbatim=m[0], text=m[1])))
                i = m.end()
            elif c == "[" or (c == "!" and i + 1 < end and t[i + 1] == "["):
                bang = c == "!"
                link = self._link(i + bang, end)
                if link is None:
                    tokens.append(_Token("text", i, i + 1, c))
                    i += 1
                    continue
                text_end, dest_start, dest_end, close = link
                raw = t[dest_start:dest_end]
                tokens.append(_Token("link", i, close + 1, children=self._tokens(i + 1 + bang, text_end),
                                     span=InlineSpan("image" if bang else "link", 0, 0, raw, url=_destination(raw)),
                                     body=(i + 1 + bang, text_end)))
                i = close + 1
            elif c in "*_":
                run = _run(t, i, end)
                before = t[i - 1] if i > 0 else " "
                after = t[i + run] if i + run < len(t) else " "
                left = not after.isspace() and (after not in _PUNCT or before.isspace() or before in _PUNCT)
                right = not before.isspace() and (before not in _PUNCT or after.isspace() or after in _PUNCT)
                if c == "_":
                    can_open, can_close = left and (not right or before in _PUNCT), right and (not left or after in _PUNCT)
                else:
                    can_open, can_close = left, right
                tokens.append(_Token("delim", i, i + run, t[i : i + run], delim=_Delim(i, c, run, can_open, can_close)))
                i += run
            else:
                j = i + 1
                while j < end and t[j] not in "\\`<[!*_":
                    j += 1
                tokens.append(_Token("text", i, j, t[i:j]))
                i = j
        self._emphasis([tok.delim for tok in tokens if tok.delim is not None])
        return tokens

    def _code_close(self, i: int, end: int, run: int) -> int | None:
        t = self.text
        while i < end:
            j = t.find("`" * run, i, end)
            if j < 0:
                return None
            if _run(t, j, end) == run:
                return j
            i = j + _run(t, j, end)
        return None

    def _link(self, i: int, end: int) -> tuple[int, int, int, int] | None:
        """For ``[`` at ``i``: (end of link text, destination start and end, index of ``)``), or None."""
        t = self.text
        depth, j = 0, i
        while j < end:
            if t[j] == "\\":
                j += 2
                continue
            if t[j] == "`":  # brackets inside code do not count
                run = _run(t, j, end)
                close = self._code_close(j + run, end, run)
                j = close + run if close is not None else j + run
                continue
            if t[j] == "[":
                depth += 1
            elif t[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        else:
            return None
        if j + 1 >= end or t[j + 1] != "(":
            return None
        k, parens = j + 2, 0
        while k < end:
            if t[k] == "\\":
                k += 2
                continue
            if t[k] == "(":
                parens += 1
            elif t[k] == ")":
                if parens == 0:
                    return j, j + 2, k, k
                parens -= 1
            k += 1
        return None

    def _emphasis(self, delims: list[_Delim]) -> None:
        """CommonMark's "process emphasis": each closer takes the nearest opener it can."""
        for ci, closer in enumerate(delims):
            while closer.can_close and closer.count:
                for oi in range(ci - 1, -1, -1):
                    o = delims[oi]
                    if not (o.can_open and o.count and o.char == closer.char):
                        continue
                    if (o.can_close or closer.can_open) and (o.orig + closer.orig) % 3 == 0 \
                            and not (o.orig % 3 == 0 and closer.orig % 3 == 0):
                        continue
                    break
                else:
                    break
                n = 2 if o.count >= 2 and closer.count >= 2 else 1
                for between in delims[oi + 1 : ci]:
                    between.can_open = between.can_close = False  # no longer available (literal)
                match = len(self.match_kind)
                self.match_kind[match] = ("strong" if n == 2 else "emphasis", o.char * n)
                o.count -= n
                closer.count -= n
                o.opens.append((match, n))
                closer.closes.append((match, n))

    # emission

    def _emit(self, chars: str, src: int, src_end: int) -> None:
        for i in range(src, src_end):
            self.offsets[i] = self.length + min(i - src, len(chars))
        self.out.append(chars)
        self.length += len(chars)

    def _skip(self, src: int, src_end: int) -> None:
        for i in range(src, src_end):
            self.offsets[i] = self.length

    def _emit_all(self, tokens: list[_Token]) -> None:
        for tok in tokens:
            if tok.kind == "text":
                if len(tok.chars) == tok.src_end - tok.src:
                    self._emit(tok.chars, tok.src, tok.src_end)
                else:  # an escape: the backslash is markup
                    self._skip(tok.src, tok.src + 1)
                    self._emit(tok.chars, tok.src + 1, tok.src_end)
            elif tok.kind == "atom":
                assert tok.span is not None
                start = self.length
                self._emit(tok.chars, tok.src, tok.src_end)  # an offset inside lands inside (strip_sentences)
                self.spans.append(_at(tok.span, start, self.length))
            elif tok.kind == "link":
                assert tok.span is not None
                self._skip(tok.src, tok.body[0])
                start = self.length
                self._emit_all(tok.children)
                self._skip(tok.body[1], tok.src_end)
                link_text = "".join(self.out)[start:]
                self.spans.append(InlineSpan(tok.span.kind, start, self.length, tok.span.markup, tok.span.url, text=link_text))
            else:
                d = tok.delim
                assert d is not None
                used_open, used_close = sum(n for _, n in d.opens), sum(n for _, n in d.closes)
                literal = d.orig - used_open - used_close
                src = tok.src
                for match, n in d.closes:  # innermost first
                    self._skip(src, src + n)
                    src += n
                    kind, markup = self.match_kind[match]
                    self.spans.append(InlineSpan(kind, self.open.pop(match), self.length, markup))
                # Leftover delimiters are literal: before an opener's matches, after a closer's.
                self._emit(d.char * literal, src, src + literal)
                src += literal
                for match, n in reversed(d.opens):  # outermost first
                    self._skip(src, src + n)
                    src += n
                    self.open[match] = self.length


def _run(text: str, i: int, end: int) -> int:
    j = i
    while j < end and text[j] == text[i]:
        j += 1
    return j - i


def _at(span: InlineSpan, start: int, end: int) -> InlineSpan:
    return InlineSpan(span.kind, start, end, span.markup, span.url, span.verbatim, span.text)


def _destination(raw: str) -> str:
    """The URL of a link destination as written (``url``, ``<url>``, ``url "title"``)."""
    raw = raw.strip()
    if raw.startswith("<"):
        end = raw.find(">")
        return raw[1:end] if end > 0 else raw
    return raw.split(None, 1)[0] if raw else ""


def strip_inline(text: str) -> Stripped:
    """``text`` without its inline Markdown, and the spans the markup marked."""
    if not any(c in text for c in "*_`[<\\"):
        return Stripped(text, text, (), tuple(range(len(text) + 1)))
    return _Parser(text).parse()


def strip_sentences(text: str, sentences: Sequence[tuple[int, int]]) -> list[Stripped]:
    """Each ``[start, end)`` of ``text`` (a paragraph's sentences) without its inline markup.

    The markup is read over the whole paragraph, so a span that runs across a sentence
    end is closed in one sentence and opened again in the next; a sentence end inside
    inline code or an autolink moves to its end (it is never cut).
    """
    whole = strip_inline(text)
    atoms = [s for s in whole.spans if s.kind in VERBATIM]

    def plain_at(offset: int) -> int:
        q = whole.offsets[offset]
        return next((a.end for a in atoms if a.start < q < a.end), q)

    out: list[Stripped] = []
    prev = 0
    for start, end in sentences:
        ps = max(prev, plain_at(start))
        pe = max(ps, plain_at(end))
        while ps < pe and whole.plain[ps].isspace():
            ps += 1
        while pe > ps and whole.plain[pe - 1].isspace():
            pe -= 1
        spans = tuple(_at(s, max(s.start, ps) - ps, min(s.end, pe) - ps) for s in whole.spans
                      if max(s.start, ps) < min(s.end, pe))
        out.append(Stripped(text[start:end], whole.plain[ps:pe], spans))
        prev = pe
    return out


# -- restoring --------------------------------------------------------------


def restore_inline(english: str, spans: Sequence[InlineSpan], links: Sequence[WordLink], german: str = "") -> Marked:
    """``english`` with each span of the German put around the English words aligned to its words.

    A span's English is the stretch from the first to the last English word linked to a
    German word inside it (a German span also covers its nested spans' English). A span
    with no linked word goes to the English word aligned to the nearest German word before
    it (else after it; with no links at all, to the same relative place), so it is never
    dropped. Spans that would cross in the English are widened until they nest. A verbatim
    span (code, autolink) replaces only the model's copy of its text (``_rendering``); with
    none it is inserted after the English of the word before it, and the English linked to
    it stays. ``german`` is the plain German the links index (for the relative fallback).
    """
    if not spans:
        return Marked(english)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", english)]
    n = len(english)
    ranges: list[tuple[int, int] | None] = []
    for span in spans:
        linked = [(l.target_start, l.target_end) for l in links
                  if l.source_start < span.end and span.start < l.source_end and l.target_start < l.target_end]
        if span.kind in VERBATIM:
            # Only the model's own rendering of the code is replaced; the English linked to it
            # otherwise is the model's words (and the attention's noise): kept, the code put beside.
            ranges.append(_rendering(english, span, linked, links))
        elif linked:
            ranges.append((min(a for a, _ in linked), max(b for _, b in linked)))
        else:
            ranges.append(None)
    # Spans without a place: the nearest aligned word (before, else after), or the relative place.
    for k, span in enumerate(spans):
        if ranges[k] is not None:
            continue
        point, side = _anchor(span, links, german, n)
        while span.kind in VERBATIM and point > 0 and english[point - 1] in _TRAILING:
            point -= 1  # "Please use `x`." rather than "Please use. `x`"
        if span.kind in VERBATIM or not words:
            ranges[k] = (point, point)
        elif side == "at":  # the English word at the anchor, else the last one
            ranges[k] = next((w for w in words if w[1] > point), words[-1])
        elif side == "before":  # the word before the English of the next linked German word, else that word
            ranges[k] = next((w for w in reversed(words) if w[1] <= point), None) or next(w for w in words if w[1] > point)
        else:  # the English word that ends at (or holds) the anchor, else the first one
            ranges[k] = next((w for w in reversed(words) if w[0] < point), words[0])
    placed: list[list[int]] = [list(r) for r in ranges]  # type: ignore[arg-type]
    # A German span covers the English of the spans nested in it.
    order = sorted(range(len(spans)), key=lambda k: (spans[k].start, -spans[k].end))
    for k in reversed(order):
        for j in order:
            if j != k and spans[k].start <= spans[j].start and spans[j].end <= spans[k].end \
                    and (spans[j].start, -spans[j].end) > (spans[k].start, -spans[k].end) \
                    and spans[k].kind not in VERBATIM and placed[j][0] < placed[j][1]:
                placed[k][0] = min(placed[k][0], placed[j][0])
                placed[k][1] = max(placed[k][1], placed[j][1])
    for k, span in enumerate(spans):  # "today." for a German "**heute**": the full stop stays outside
        while span.kind not in VERBATIM and placed[k][1] - placed[k][0] > 1 and english[placed[k][1] - 1] in _TRAILING \
                and not german[span.start : span.end].endswith(english[placed[k][1] - 1]):
            placed[k][1] -= 1
        while span.kind not in VERBATIM and placed[k][1] - placed[k][0] > 1 \
                and (english[placed[k][0]] in _TRAILING or english[placed[k][0]].isspace()) \
                and not german[span.start : span.end].startswith(english[placed[k][0]]):
            placed[k][0] += 1  # ", the heads": a link to the comma before is the attention's noise
        while span.kind not in VERBATIM and placed[k][0] < placed[k][1] and english[placed[k][1] - 1].isspace():
            placed[k][1] -= 1  # Markdown cannot open or close a span at a space
        while span.kind not in VERBATIM and placed[k][0] < placed[k][1] and english[placed[k][0]].isspace():
            placed[k][0] += 1
        if span.kind in ("emphasis", "strong") and placed[k][0] < placed[k][1]:
            placed[k] = list(_flanking(english, *placed[k]))
    _make_laminar(spans, placed)
    _separate(spans, placed)
    out = [_fit(english, _at(spans[k], placed[k][0], placed[k][1])) for k in range(len(spans))
           if placed[k][0] < placed[k][1] or spans[k].kind not in ("emphasis", "strong")]
    return Marked(english, tuple(sorted(out, key=_nesting_key)))


_TRAILING = set(".,;:!?")


def _flanking(english: str, start: int, end: int) -> tuple[int, int]:
    """A stretch ``*`` can mark: one that starts (ends) with punctuation right after (before) a letter
    cannot be opened (closed) in Markdown, so it grows to the whole word ("2018*:*" → "*2018:*")."""
    if english[start] in _PUNCT and start > 0 and english[start - 1].isalnum():
        while start > 0 and not english[start - 1].isspace():
            start -= 1
    if english[end - 1] in _PUNCT and end < len(english) and english[end].isalnum():
        while end < len(english) and not english[end].isspace():
            end += 1
    return start, end


def _fit(english: str, s: InlineSpan) -> InlineSpan:
    """``_`` does not mark emphasis inside a word; where the English stretch is part of one, use ``*``."""
    if "_" not in s.markup or s.kind not in ("emphasis", "strong"):
        return s
    before = english[s.start - 1] if s.start > 0 else " "
    after = english[s.end] if s.end < len(english) else " "
    if before.isalnum() or after.isalnum():
        return InlineSpan(s.kind, s.start, s.end, s.markup.replace("_", "*"))
    return s


def _nesting_key(s: InlineSpan) -> tuple[int, bool, int, bool]:
    # Insertions first at their offset, then outer before inner; of equal stretches, verbatim ones innermost.
    return (s.start, s.start != s.end, -s.end, s.kind in VERBATIM)


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _rendering(english: str, span: InlineSpan, linked: list[tuple[int, int]],
               links: Sequence[WordLink]) -> tuple[int, int] | None:
    """Where the model wrote a verbatim span's text into the English, nearest its aligned place.

    An exact copy, else a run of the English tokens that is a run of the code's own tokens
    (words and marks: ``rm -rf / tmp / x`` for ``rm -rf /tmp/x``, ``x=1`` for ``x = 1``) and
    holds at least half of them; a token never splits an English word. None: no rendering.
    """
    text = span.text
    if not text.strip():
        return None
    near = min(a for a, _ in linked) if linked else _anchor(span, links, "", len(english))[0]
    hits = [(m.start(), m.end()) for m in re.finditer(re.escape(text), english)
            if _whole(english, m.start(), m.end())]
    if not hits:
        code = [m.group() for m in _TOKEN.finditer(text)]
        tokens = list(_TOKEN.finditer(english))
        best = 0
        for i in range(len(tokens)):
            for j in range(len(code)):
                run = 0
                while i + run < len(tokens) and j + run < len(code) and tokens[i + run].group() == code[j + run]:
                    run += 1
                while run and not _whole(english, tokens[i].start(), tokens[i + run - 1].end()):
                    run -= 1
                if run * 2 < len(code) or run < best:
                    continue
                if run > best:
                    best, hits = run, []
                hits.append((tokens[i].start(), tokens[i + run - 1].end()))
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - near))


def _whole(english: str, start: int, end: int) -> bool:
    """``english[start:end]`` cuts no word in two: "a" in "a cat" but not in "cat"."""
    cut_before = start > 0 and english[start - 1].isalnum() and english[start].isalnum()
    cut_after = end < len(english) and english[end - 1].isalnum() and english[end].isalnum()
    return not (cut_before or cut_after)


def _anchor(span: InlineSpan, links: Sequence[WordLink], german: str, n: int) -> tuple[int, str]:
    """An English offset for a span with no links, and where the span goes from it ("after", "before", "at").

    After the English of the nearest linked German word before the span; else before
    that of the nearest one after it; else (no links at all) the same relative place.
    """
    before = [l for l in links if l.source_end <= span.start and l.target_start < l.target_end]
    if before:
        last = max(l.source_end for l in before)
        return max(l.target_end for l in before if l.source_end == last), "after"
    after = [l for l in links if l.source_start >= span.end and l.target_start < l.target_end]
    if after:
        first = min(l.source_start for l in after)
        return min(l.target_start for l in after if l.source_start == first), "before"
    if german:
        return round(n * span.start / max(1, len(german))), "at"
    return n, "after"


def _make_laminar(spans: Sequence[InlineSpan], placed: list[list[int]]) -> None:
    """Widen crossing stretches until every two nest or are apart; verbatim stretches never widen.

    A verbatim stretch that crosses another verbatim one shrinks to an insertion at its end
    (its text is the original either way); any other span that crosses or sits inside a
    verbatim stretch grows to cover it.
    """
    verbatim = [k for k, s in enumerate(spans) if s.kind in VERBATIM]
    for i, k in enumerate(verbatim):
        for j in verbatim[:i]:
            a, b = placed[k]
            c, d = placed[j]
            if a < d and c < b or (a == b and c < a < d):
                placed[k] = [d, d]
    changed = True
    while changed:
        changed = False
        for k, s in enumerate(spans):
            if s.kind in VERBATIM:
                continue
            a, b = placed[k]
            for j in range(len(spans)):
                if j == k:
                    continue
                c, d = placed[j]
                if c == d:
                    continue  # an insertion sits between characters: it crosses nothing
                crosses = a < c < b < d or c < a < d < b
                inside_verbatim = spans[j].kind in VERBATIM and c <= a and b <= d and (a, b) != (c, d)
                if crosses or inside_verbatim:
                    a, b = min(a, c), max(b, d)
                    changed = True
            placed[k] = [a, b]


def _separate(spans: Sequence[InlineSpan], placed: list[list[int]]) -> None:
    """Markdown cannot nest a link in a link, nor tell ``*a*`` on ``*b*`` from ``**a**``.

    Two emphases (or two strongs, or two links to one address) on the same English, nested,
    or touching become one; a link
    inside another link's English takes the larger side of it from the outer one, and one
    on exactly the same English becomes an insertion after it (shown with its German text).
    """
    order = sorted(range(len(spans)), key=lambda k: (placed[k][0], -placed[k][1], k))
    for i, k in enumerate(order):
        a, b = placed[k]
        for j in order[:i]:
            c, d = placed[j]
            kind, other = spans[k].kind, spans[j].kind
            same_link = kind in ("link", "image") and kind == other and spans[k].markup == spans[j].markup
            if (kind in ("emphasis", "strong") and kind == other or same_link) and c < d and a <= d and c <= b:
                placed[j] = [min(a, c), max(b, d)]  # nested, the same or touching: one span
                a = b = placed[j][1]
                placed[k] = [a, b]  # empty: not shown
            elif kind in ("link", "image") and other in ("link", "image") and c <= a and b <= d and c < d:
                outer = [c, a] if a - c >= d - b else [b, d]
                if (a, b) != (c, d) and not any(_crosses(outer, placed[x]) for x in range(len(spans)) if x != j):
                    placed[j] = outer
                else:  # no room beside it: the inner link becomes an insertion after the outer one
                    placed[k] = [d, d]
                    a = b = d


def _crosses(x: list[int], y: list[int]) -> bool:
    (a, b), (c, d) = x, y
    return c < d and a < b and (a < c < b < d or c < a < d < b)


# -- rendering --------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_open(s: InlineSpan) -> str:
    if s.kind in VERBATIM:
        return s.verbatim
    if s.kind in ("link", "image"):
        return "![" if s.kind == "image" else "["
    return s.markup


def _md_close(s: InlineSpan) -> str:
    if s.kind in VERBATIM:
        return ""
    if s.kind in ("link", "image"):
        return f"]({s.markup})"
    return s.markup


def _html_open(s: InlineSpan) -> str:
    if s.kind == "code":
        return f"<code>{html.escape(s.text)}</code>"
    if s.kind == "autolink":
        return _html_link(s.url) + html.escape(s.text) + ("</a>" if _safe_url(s.url) else "")
    if s.kind in ("link", "image"):
        return _html_link(s.url)
    return "<strong>" if s.kind == "strong" else "<em>"


def _html_link(url: str) -> str:
    # Only links a reader can follow safely: no javascript:, data: or other schemes.
    return f'<a href="{html.escape(url)}" rel="noopener noreferrer nofollow">' if _safe_url(url) else ""


def _safe_url(url: str) -> bool:
    """http(s), mailto, or a relative address (no scheme at all)."""
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", url)
    return scheme is None or scheme[1].lower() in ("http", "https", "mailto")


def is_web_link(url: str) -> bool:
    """An absolute http(s) or mailto address: what the reader makes a terminal hyperlink (no other scheme, nothing relative)."""
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    # No space or control character either: the address goes into an OSC 8 escape sequence.
    return scheme is not None and scheme[1].lower() in ("http", "https", "mailto") and url.isprintable() and " " not in url


def _html_close(s: InlineSpan) -> str:
    if s.kind in ("link", "image"):
        return "</a>" if _safe_url(s.url) else ""
    return "</strong>" if s.kind == "strong" else "</em>"


def _render(marked: Marked, open_: Callable[[InlineSpan], str], close: Callable[[InlineSpan], str],
            text: Callable[[str], str]) -> str:
    """The text with its spans' markers: a tree by nesting, text between children escaped by ``text``."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for s in sorted(marked.spans, key=_nesting_key):
        node = _Node(s)
        while stack and not stack[-1].holds(s):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        if s.kind not in VERBATIM:
            stack.append(node)

    def render(lo: int, hi: int, children: list[_Node]) -> str:
        out, pos = [], lo
        after_verbatim = False
        for child in children:
            s = child.span
            if s.start < pos:  # never the same text twice (spans are laminar; this only guards)
                s = _at(s, pos, max(pos, s.end))
            between = marked.text[pos : s.start]
            out.append(text(between))
            if s.kind in VERBATIM:
                piece = _spaced(marked.text, s, open_(s))
                if after_verbatim and not between and not piece.startswith(" "):
                    piece = " " + piece  # two code spans side by side would read as one ``run``
                out.append(piece)
            elif s.start == s.end and s.kind in ("emphasis", "strong"):
                pass  # nothing to emphasise
            elif s.start == s.end:  # a link with no English of its own: its German text keeps the address
                out.append(_spaced(marked.text, s, open_(s) + text(s.text) + close(s)))
            else:
                out.append(open_(s) + render(s.start, s.end, child.children) + close(s))
            pos = max(pos, s.end)
            after_verbatim = s.kind in VERBATIM
        out.append(text(marked.text[pos:hi]))
        return "".join(out)

    return render(0, len(marked.text), roots)


@dataclass(slots=True)
class _Node:
    span: InlineSpan
    children: list["_Node"] = field(default_factory=list)

    def holds(self, s: InlineSpan) -> bool:
        me = self.span
        if s.start == s.end:  # an insertion at a boundary goes outside
            return me.start < s.start < me.end
        return me.start <= s.start and s.end <= me.end


def _spaced(text: str, s: InlineSpan, rendered: str) -> str:
    """An inserted verbatim span, with a space between it and the words beside it."""
    if s.start != s.end:
        return rendered
    before = text[s.start - 1] if s.start > 0 else " "
    after = text[s.start] if s.start < len(text) else " "
    lead = "" if before.isspace() or before in "([“‘„" else " "
    trail = "" if after.isspace() or after in _PUNCT else " "
    return lead + rendered + trail
