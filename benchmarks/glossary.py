"""Glossary enforcement on newstest2019: term success rate, what else changes, and the speed cost.

The glossary is built from Debian's trans-de-en (the reader's offline dictionary,
``reader.dictionary``): German nouns of the test set (capitalised words, not
sentence-initial) whose dictionary entry gives an English sense that the human
reference uses where the noun occurs — terms attested in the reference, as the WMT
terminology task builds its glossaries. Then, for the same sentences:

- plain: the model's output (the translator's ``translate``), timed;
- replace (what the reader does): ``GlossaryTranslator.enforce`` on that output — the
  linked English replaced, the links carried along — timed; and again with the changed
  sentences scored by the engine (what jsonl and the reader, which want per-token
  scores, pay);
- n-best (the alternative measured): beams 5 with 4 alternatives, the first hypothesis
  holding every term of its sentence, else the best; its extra search timed.

Figures: term success rate (WMT exact-match accuracy over the source occurrences;
and the share placed by the word-link check), chrF of the unconstrained parts (each
output with the term spans taken out, against the plain output with the replaced
spans taken out), chrF against the reference, and the time of each step.

Quality figures mean something only with the real opus-mt-de-en; on the tiny model
or the random-weight twin (benchmarks/make_twin_model.py) only the mechanics and
the speed cost do. Needs ../shared/data (skips without it) and trans-de-en.

    python benchmarks/glossary.py --model tests/fixtures/tiny-opus-mt-de-en --backend ctranslate2
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.dictionary.lookup import Dictionary  # noqa: E402
from reader.engines import create_translator  # noqa: E402
from reader.glossary import Glossary, Term  # noqa: E402
from reader.glossary.checking import exact_match_accuracy, term_success_rate  # noqa: E402
from reader.glossary.english import forms_pattern  # noqa: E402
from reader.glossary.enforcing import plan  # noqa: E402
from reader.glossary.matching import TermIndex  # noqa: E402
from reader.glossary.translator import GlossaryTranslator  # noqa: E402
from reader.models import resolve_model  # noqa: E402
from reader.text.lemmas import lemma  # noqa: E402
from reader.text.words import WORD_RE  # noqa: E402

_NOUN_ENTRY = re.compile(r"\{[mfn](?:,\s*[mfn])*\}")
_CLEAN = re.compile(r"\(.*?\)|/.*?/|\[.*?\]|\{.*?\}")


def senses(dictionary: Dictionary, noun: str) -> list[str]:
    """The English senses of the entries whose headword is ``noun`` as a noun."""
    found: list[str] = []
    for entry in dictionary.lookup(noun, limit=6).entries:
        head = entry.headword.split(";")[0]
        if not _NOUN_ENTRY.search(head) or _CLEAN.sub("", head).strip() != noun:
            continue
        for sense in entry.english.split("|")[0].split(";"):
            sense = " ".join(_CLEAN.sub("", sense).split())
            if sense and len(sense.split()) <= 3 and sense.replace(" ", "").replace("-", "").isalpha():
                found.append(sense)
    return found


def build_glossary(sources: list[str], refs: list[str], max_terms: int) -> Glossary:
    dictionary = Dictionary()
    if not dictionary.available:
        raise SystemExit("no offline dictionary (apt install trans-de-en)")
    where: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sources):
        for k, m in enumerate(WORD_RE.finditer(s)):
            w = m.group()
            if k > 0 and w[:1].isupper() and w.isalpha() and len(w) >= 5 and not w.isupper():
                where[lemma(w)].append(i)
    counts = Counter({noun: len(v) for noun, v in where.items()})
    terms: list[Term] = []
    for noun, _ in counts.most_common():
        if len(terms) >= max_terms:
            break
        attested = Counter()
        for sense in senses(dictionary, noun):
            attested[sense] = sum(bool(forms_pattern(sense).search(refs[i])) for i in where[noun])
        if attested and attested.most_common(1)[0][1] * 2 >= len(where[noun]):  # the reference's word at least half the time
            terms.append(Term(noun, attested.most_common(1)[0][0]))
    return Glossary.of(terms)


def masked(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + text[e:]
    return " ".join(text.split())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=str(ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"))
    p.add_argument("--backend", default="ctranslate2")
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "parallel")
    p.add_argument("--lines", type=int, default=2000)
    p.add_argument("--terms", type=int, default=400, help="glossary size at most")
    p.add_argument("--nbest", action="store_true", help="also measure n-best rescoring (beams 5, 4 alternatives)")
    opts = p.parse_args()
    if not (opts.data / "newstest2019.de").exists():
        print(f"skipped: {opts.data} has no newstest2019")
        return 0
    sources = (opts.data / "newstest2019.de").read_text(encoding="utf-8").splitlines()[: opts.lines]
    refs = (opts.data / "newstest2019.en").read_text(encoding="utf-8").splitlines()[: opts.lines]
    t0 = time.perf_counter()
    glossary = build_glossary(sources, refs, opts.terms)
    index = TermIndex(glossary)
    with_terms = [i for i, s in enumerate(sources) if any(not m.compound for m in index.find(s))]
    _, occurrences = exact_match_accuracy(index, sources, sources)
    print(f"glossary: {len(glossary)} terms from trans-de-en, {occurrences} occurrences in {len(with_terms)} of "
          f"{len(sources)} sentences ({time.perf_counter() - t0:.1f} s to build)")

    translator = create_translator(resolve_model(opts.model), replace(_options(), token_scores=False),
                                   backend=opts.backend, device="cpu")
    translator.load()
    translator.translate(sources[:8])  # warm-up
    t0 = time.perf_counter()
    plain = translator.translate(sources)
    t_plain = time.perf_counter() - t0
    glossed = GlossaryTranslator(translator, glossary)
    plans = [plan(t, index.find(t.source))[0] for t in plain]
    t0 = time.perf_counter()
    enforced = glossed.enforce(plain)
    t_enforce = time.perf_counter() - t0
    occ = glossed.occurrences(enforced)
    scoring = GlossaryTranslator(translator.with_options(replace(translator.options, token_scores=True)), glossary)
    t0 = time.perf_counter()
    scoring.enforce(plain)
    t_rescored = time.perf_counter() - t0

    def report(name: str, outputs: list[str], seconds: float | None) -> None:
        hits, total = exact_match_accuracy(index, sources, outputs)
        extra = "" if seconds is None else f", +{seconds:.1f} s ({100 * seconds / t_plain:.1f} % of the plain run)"
        ref_chrf = _corpus_chrf(outputs, refs)
        print(f"{name:8} term success {100 * hits / max(total, 1):5.1f} % ({hits}/{total}); chrF vs reference {ref_chrf:5.2f}{extra}")

    print(f"model {opts.model} ({opts.backend}, CPU): plain run {t_plain:.1f} s for {len(sources)} sentences")
    report("plain", [t.text for t in plain], None)
    report("replace", [t.text for t in enforced], t_enforce)
    placed, total = term_success_rate(occ)
    changed = sum(a.text != b.text for a, b in zip(plain, enforced))
    print(f"replace: checked by the word links {placed}/{total} placed; {changed} sentences changed")
    print(f"replace, the changed sentences scored again for per-token scores and links (jsonl, the reader): "
          f"+{t_rescored:.1f} s ({100 * t_rescored / t_plain:.1f} % of the plain run)")
    # the unconstrained parts: the term spans out of the enforced text, the replaced spans out of the plain text
    rest_new = [masked(t.text, [(o.target_start, o.target_end) for o in os if o.target_start is not None])
                for t, os in zip(enforced, occ)]
    rest_old = [masked(t.text, [(r.target_start, r.target_end) for r in rs] +
                       [(o.target_start, o.target_end) for o in os if o.status == "already right"])
                for t, rs, os in zip(plain, plans, occ)]
    print(f"replace: chrF of the unconstrained parts against the plain output: {_corpus_chrf(rest_new, rest_old):.2f}")
    if opts.nbest:
        nbest_translator = translator.with_options(replace(translator.options, beams=5, alternatives=4))
        t0 = time.perf_counter()
        nbest = nbest_translator.translate([sources[i] for i in with_terms])
        t_nbest = time.perf_counter() - t0
        outputs = [t.text for t in plain]
        for i, t in zip(with_terms, nbest):
            wanted = [m.term.english for m in index.find(sources[i]) if not m.compound]
            fits = next((h.text for h in (t.best, *t.alternatives)
                         if all(forms_pattern(w).search(h.text) for w in wanted)), None)
            outputs[i] = fits if fits is not None else t.text
        report("n-best", outputs, t_nbest)
    return 0


def _options():
    from reader.engines import DecodingOptions

    return DecodingOptions()


def _corpus_chrf(hyps: list[str], refs: list[str]) -> float:
    from sacrebleu.metrics import CHRF

    return CHRF().corpus_score(hyps, [refs]).score


if __name__ == "__main__":
    sys.exit(main())
