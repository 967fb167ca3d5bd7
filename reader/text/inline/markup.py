"""Parsing inline Markdown: a text without its markup (what the model sees) and the spans the markup marked.

Links keep their destination exactly as written; inline code and autolinks are
*verbatim*: their text is shown to the model (so the sentence stays grammatical)
but the original comes back in the English, never a translation. A link whose
text is a note's mark (``[¹](#fn1)``) is not shown to the model at all: it is an
insertion (a span of no width) that the English gets back after the same word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Sequence

from .rendering import Marked
from .spans import PUNCTUATION, VERBATIM, InlineSpan, SpanKind, is_note_mark


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


_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+)>")


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
                left = not after.isspace() and (after not in PUNCTUATION or before.isspace() or before in PUNCTUATION)
                right = not before.isspace() and (before not in PUNCTUATION or after.isspace() or after in PUNCTUATION)
                if c == "_":
                    can_open, can_close = left and (not right or before in PUNCTUATION), right and (not left or after in PUNCTUATION)
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
                self.spans.append(tok.span.at(start, self.length))
            elif tok.kind == "link" and tok.span.kind == "link" and is_note_mark(self.text[tok.body[0] : tok.body[1]]):
                # A note reference: not words the model translates, but an insertion the English gets back.
                self._skip(tok.src, tok.src_end)
                mark = self.text[tok.body[0] : tok.body[1]]
                self.spans.append(InlineSpan("link", self.length, self.length, tok.span.markup, tok.span.url, text=mark))
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
    placed: set[int] = set()  # the insertions (note marks) given to a sentence: each to one only
    for start, end in sentences:
        ps = max(prev, plain_at(start))
        pe = max(ps, plain_at(end))
        while ps < pe and whole.plain[ps].isspace():
            ps += 1
        while pe > ps and whole.plain[pe - 1].isspace():
            pe -= 1
        spans = tuple(s.at(max(s.start, ps) - ps, min(s.end, pe) - ps) for k, s in enumerate(whole.spans)
                      if max(s.start, ps) < min(s.end, pe)
                      or (s.start == s.end and ps <= s.start <= pe and k not in placed and not placed.add(k)))
        out.append(Stripped(text[start:end], whole.plain[ps:pe], spans))
        prev = pe
    return out

