"""Dictionary look-ups before and after lemmas, separable verbs and compounds, on real text. Not a test.

The words: every distinct word of the bundled sample article (reader/data/sample.de.txt) and of a
page of a novel, the first ~400 words of chapter 4 ("Glockenblume") of Stifter's "Feldblumen" (1841,
../shared/data/prose; skipped when that folder is absent). Each is looked up against the installed
real dictionaries (/usr/share/trans/de-en, /usr/share/dictd/freedict-deu-eng.*):

* before: the reader's old method, kept here (and only here) to measure against: the word as written,
  lower-cased and capitalized, then with one of ten endings cut off; a form is found where a
  trans-de-en line begins with it, or it is a FreeDict index key;
* after: ``Dictionary.lookup(word, context=<its sentence>)`` (lemmas, separable verbs, compounds);
* "found by cutting endings": the words only the new method's last resort finds (an ending cut off,
  as the old method did, after simplemma's lemma found nothing): what that fallback is kept for.

It prints, per text and for both: distinct words, found before, found after, the gains and losses
(with examples), and the time of a lookup (median and max; the first one, which builds the
headword indexes, apart). With ``--ranking``, the sample article is also translated by the tiny model
of tests/fixtures (trained on that article) and each word looked up with its alignment: how often a
sense is marked as fitting, and how often that moved another sense from the top.

    python benchmarks/dictionary_lookups.py
    python benchmarks/dictionary_lookups.py --words 400 --examples 12
    python benchmarks/dictionary_lookups.py --ranking   # + senses ranked by the tiny model's alignments
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.dictionary import Dictionary, LookupContext  # noqa: E402
from reader.dictionary.forms import PUNCTUATION, candidates, without_endings  # noqa: E402
from reader.document import build_document, load_document, sample_path  # noqa: E402
from reader.text.words import word_spans  # noqa: E402

TINY_MODEL = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"
NOVEL = ROOT.parent / "shared" / "data" / "prose" / "stifter-feldblumen-1841.de.txt"
TRANS = Path("/usr/share/trans/de-en")
FREEDICT_INDEX = Path("/usr/share/dictd/freedict-deu-eng.index")
OLD_SUFFIXES = ("ern", "en", "em", "er", "es", "st", "e", "n", "s", "t")
OLD_DELIMITERS = " \t{;|(:"


def old_candidates(word: str) -> list[str]:
    """The old ``reader.dictionary.candidates``: case variants, then one inflection ending cut off."""
    word = word.strip(".,;:!?»«„“”\"'()[]")
    out: list[str] = []
    for w in (word, word.lower(), word[:1].upper() + word[1:].lower()):
        if w and w not in out:
            out.append(w)
    low = word.lower()
    for suf in OLD_SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            base = word[: len(word) - len(suf)]
            for w in (base, base.lower(), base[:1].upper() + base[1:].lower()):
                if w not in out:
                    out.append(w)
    return out


class OldMethod:
    """What the old lookup found: the forms a trans-de-en line starts with (its regex, ``^(?:\\(\\w+\\) )?FORM``
    before a delimiter, on lines with " :: "), and FreeDict's index keys, exact."""

    def __init__(self) -> None:
        self.trans: set[str] = set()
        if TRANS.is_file():
            for line in TRANS.read_text(encoding="utf-8", errors="replace").splitlines():
                if " :: " not in line:
                    continue
                start = line.index(") ") + 2 if line.startswith("(") and ") " in line[:40] else 0
                for i in range(start + 1, min(len(line), start + 60) + 1):
                    if i == len(line) or line[i] in OLD_DELIMITERS:
                        self.trans.add(line[start:i])
        self.freedict: set[str] = set()
        if FREEDICT_INDEX.is_file():
            for line in FREEDICT_INDEX.read_text(encoding="utf-8", errors="replace").splitlines():
                self.freedict.add(line.split("\t", 1)[0])

    def found_as(self, word: str) -> str:
        """The first old candidate some dictionary has ("" if none)."""
        for form in old_candidates(word):
            if form in self.trans or form in self.freedict or form.lower() in self.freedict:
                return form
        return ""


def novel_page(words: int) -> str:
    text = NOVEL.read_text(encoding="utf-8")
    start = text.index("4. Glockenblume")
    lines, count = [], 0
    for line in text[start:].splitlines()[2:]:  # after the heading and the date
        lines.append(line)
        count += len(line.split())
        if count >= words:
            break
    return "\n".join(lines)


def distinct_words(doc) -> list[tuple[str, LookupContext]]:
    """Each distinct word (as written) with the first sentence it is in."""
    seen: dict[str, LookupContext] = {}
    for sentence in doc.sentences:
        for s, e in word_spans(sentence.text):
            word = sentence.text[s:e].strip(PUNCTUATION)
            if word and any(c.isalpha() for c in word) and word not in seen:
                seen[word] = LookupContext(sentence.text, (s, e))
    return list(seen.items())


def how(result) -> str:
    return result.reading or result.source.partition(", ")[2] or "as written"


def measure(name: str, doc, old: OldMethod, new: Dictionary, examples: int) -> list[float]:
    words = distinct_words(doc)
    before, after, times = {}, {}, []
    for word, context in words:
        before[word] = old.found_as(word)
        t = time.perf_counter()
        after[word] = new.lookup(word, context=context)
        times.append(time.perf_counter() - t)
    found_before = {w for w, f in before.items() if f}
    found_after = {w for w, r in after.items() if r.entries}
    gained, lost = sorted(found_after - found_before), sorted(found_before - found_after)
    missing = [w for w, _ in words if w not in found_after]
    # Found only by the last resort, cutting an ending off (lemmas didn't know the word): what it is kept for.
    by_endings = [
        w for w, r in after.items()
        if (form := r.source.partition(", as ")[2]) and form not in candidates(w) and form in without_endings(w)
    ]
    separable = sorted(w for w, r in after.items() if r.reading.startswith("separable"))
    compound = sorted(w for w, r in after.items() if r.reading.startswith("compound"))
    print(f"\n{name}: {len(words)} distinct words")
    print(f"  {'found before':<28}{len(found_before):>5}  ({len(found_before) / len(words):.1%})")
    print(f"  {'found after':<28}{len(found_after):>5}  ({len(found_after) / len(words):.1%})")
    print(f"  {'gained / lost':<28}{len(gained):>5} / {len(lost)}")
    print(f"  {'separable verbs, compounds':<28}{len(separable):>5} / {len(compound)}")
    print(f"  {'found by cutting endings':<28}{len(by_endings):>5}  {', '.join(by_endings[:examples])}")
    for label, items in (("gained", gained), ("lost", lost)):
        for w in items[:examples]:
            r = after[w]
            detail = f"{how(r)}: {r.entries[0].headword[:50]}" if r.entries else f"(before: as {before[w]})"
            print(f"    {label:<7}{w:<32}{detail}")
    for w in separable[:examples]:
        print(f"    {'sep.':<7}{w:<32}{how(after[w])}  ({after[w].source})")
    still = [w for w in missing][:examples]
    print(f"    still not found: {', '.join(still)}")
    return times


def measure_ranking(doc, new: Dictionary, examples: int) -> None:
    """How often the alignment marks a sense, and moves one up, with the tiny model's translations of ``doc``
    (it was trained on the sample article, so its English and alignments there are sensible)."""
    try:
        from reader.engines import create_translator
        from reader.models import resolve_model
    except ImportError as exc:
        print(f"\n(ranking skipped: {exc})")
        return
    translator = create_translator(resolve_model(str(TINY_MODEL)), backend="torch", device="cpu")
    translations = translator.translate([s.text for s in doc.sentences])
    counts = {"looked up": 0, "with aligned English": 0, "a sense fits": 0, "moved up": 0}
    moved = []
    for sentence, translation in zip(doc.sentences, translations):
        h = translation.best
        for s, e in word_spans(sentence.text):
            if not any(c.isalpha() for c in sentence.text[s:e]):
                continue
            aligned = tuple(h.text[l.target_start:l.target_end] for l in h.alignment if l.source_start < e and s < l.source_end)
            context = LookupContext(sentence.text, (s, e), h.text, aligned)
            result = new.lookup(sentence.text[s:e], context=context)
            if not result.entries:
                continue
            counts["looked up"] += 1
            counts["with aligned English"] += bool(aligned)
            if result.entries[0].fits:
                counts["a sense fits"] += 1
                plain = new.lookup(sentence.text[s:e], context=LookupContext(sentence.text, (s, e)))
                if plain.entries[0] != dataclasses.replace(result.entries[0], fits=()):
                    counts["moved up"] += 1
                    moved.append(f"{sentence.text[s:e]} ↔ {', '.join(aligned)}: {result.entries[0].first_sense[:40]}"
                                 f" (was: {plain.entries[0].first_sense[:30]})")
    print("\nranking by alignment, sample article, the tiny model's English (tests/fixtures/tiny-opus-mt-de-en):")
    for label, n in counts.items():
        print(f"  {label:<28}{n:>5}")
    for line in moved[:examples]:
        print(f"    moved  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=400, help="words of the novel's page (default 400)")
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--ranking", action="store_true", help="also rank by the tiny model's alignments (needs torch)")
    args = parser.parse_args()
    if not TRANS.is_file() and not FREEDICT_INDEX.is_file():
        print("No real dictionary installed (apt install trans-de-en dict-freedict-deu-eng): nothing to measure.")
        return 0
    t = time.perf_counter()
    old = OldMethod()
    print(f"old method's forms read in {time.perf_counter() - t:.1f} s")
    new = Dictionary([TRANS.parent, FREEDICT_INDEX.parent])
    t = time.perf_counter()
    new.lookup("Haus")
    first = time.perf_counter() - t
    t = time.perf_counter()
    for source in new.sources:
        source.knows("Haus")  # the other source's index too (a compound or a miss builds it)
    print(f"first lookup (trans-de-en's headword index + simplemma's German data): {first:.2f} s; FreeDict's index: {time.perf_counter() - t:.2f} s")
    texts = [("sample article", load_document(str(sample_path())))]
    if NOVEL.is_file():
        texts.append((f"Stifter, Feldblumen, ch. 4, first ~{args.words} words", build_document(novel_page(args.words), "novel", "txt")))
    else:
        print(f"({NOVEL} not found: the novel's page is skipped)")
    times = [dt for name, doc in texts for dt in measure(name, doc, old, new, args.examples)]
    print(f"\nlookup time over {len(times)} lookups: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")
    if args.ranking:
        measure_ranking(texts[0][1], new, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
