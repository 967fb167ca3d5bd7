"""How much translation work repeated sentences are, and how much of it is skipped (not a test).

A document's sentences go through one ``TranslationJob``, which translates each distinct
sentence once (with or without the store); ``reader corpus`` runs one job per group of
documents (``GROUP_SENTENCES``), so without the store a sentence repeated in another group
is translated again, and with it the store answers. Counted on the shared data (sentences as
the reader segments them; forced-length subwords are what the twin benchmarks time).

    python benchmarks/duplicates.py

Skips cleanly when ../shared/data is absent.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("READER_SHARED_DATA") or ROOT.parent / "shared" / "data")
sys.path.insert(0, str(ROOT))


def sentences_of(path: Path) -> list[str]:
    from reader.document.loading import load_document

    return [s.text for s in load_document(str(path)).iter_sentences()]


def row(name: str, groups: list[list[str]]) -> str:
    every = [s for g in groups for s in g]
    distinct = len(set(every))
    per_group = sum(len(set(g)) for g in groups)  # what one job per group translates without the store
    top = ", ".join(f"{s!r} ×{n}" for s, n in Counter(every).most_common(3))
    return (f"| {name} | {len(every):,} | {distinct:,} | {1 - distinct / len(every):.1%} | {len(groups)} | "
            f"{per_group:,} | {per_group - distinct:,} | {top} |")


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} is not here")
        return 0
    from reader.corpus.local import GROUP_SENTENCES

    print("| text | sentences | distinct | repeated | groups | translated, one job per group, no store | "
          "of them again | most repeated |\n|---|---|---|---|---|---|---|---|")
    for path in sorted((DATA / "prose").glob("*.txt")):
        found = sentences_of(path)
        groups = [found[i:i + GROUP_SENTENCES] for i in range(0, len(found), GROUP_SENTENCES)]
        print(row(f"{path.name} (as a corpus of {GROUP_SENTENCES}-sentence groups)", groups), flush=True)
    news = (DATA / "parallel" / "newstest2019.de").read_text(encoding="utf-8").splitlines()
    print(row("newstest2019 (lines)", [news]))
    tatoeba = (DATA / "parallel" / "tatoeba-v2021-08-07.de").read_text(encoding="utf-8").splitlines()
    print(row("tatoeba (lines, 512-line groups)", [tatoeba[i:i + 512] for i in range(0, len(tatoeba), 512)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
