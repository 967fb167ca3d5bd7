"""How often the line-end hyphen rule (reader.text.hyphenation) decides wrong, on real German words.

    python benchmarks/pdf_hyphenation.py [/work/shared/data/parallel/newstest2019.de]

Reads a German text (default: newstest2019's 2,000 sentences from ../shared/data, skipped when absent) and
makes two lists of line ends from its distinct words:

* a hyphen of the word's own (``Nord-Süd-Gefälle``, ``CDU-geführten``): broken at its first hyphen, which
  must stay;
* a word without one, 8 letters or more: broken as a typesetter would, before the consonant that
  follows a vowel nearest the middle, with the hyphen to be taken out.

It prints the share decided wrong in each, and the wrong ones.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.text.hyphenation import join_across_lines  # noqa: E402

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
VOWELS = set("aeiouäöüyAEIOUÄÖÜY")


def typesetter_break(word: str) -> int | None:
    """Where a typesetter could break ``word``: before a consonant that follows a vowel, nearest the middle."""
    places = [k for k in range(3, len(word) - 2) if word[k - 1] in VOWELS and word[k] not in VOWELS
              and word[k + 1] in VOWELS]
    return min(places, key=lambda k: abs(k - len(word) / 2)) if places else None


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(
        "/work/shared/data/parallel/newstest2019.de")
    if not path.exists():
        print(f"skipped: {path} is not there")
        return 0
    words = set(WORD.findall(path.read_text(encoding="utf-8")))
    kept = [(w.split("-", 1)[0] + "-", w.split("-", 1)[1], w) for w in sorted(words) if "-" in w]
    joined = []
    for w in sorted(words):
        k = typesetter_break(w) if "-" not in w and len(w) >= 8 else None
        if k is not None:
            joined.append((w[:k] + "-", w[k:], w))
    for name, cases in (("hyphen of the word's own (kept)", kept), ("typesetter's hyphen (taken out)", joined)):
        wrong = [(h, t, join_across_lines(h, t)) for h, t, w in cases if join_across_lines(h, t) != w]
        print(f"{name}: {len(wrong)} of {len(cases)} wrong ({100 * len(wrong) / max(len(cases), 1):.1f} %)")
        for h, t, got in wrong[:40]:
            print(f"    {h} / {t} → {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
