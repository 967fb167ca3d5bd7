"""Score sentence segmenters against gold boundaries from UD German treebanks.

Method (the one the shared data README describes):
  * gold sentences are the ``# text = `` lines of a treebank;
  * a *document* is a ``# newdoc`` group (PUD) or a run of 8 consecutive
    sentences (GSD, which has no documents);
  * the sentences of a document are joined with single spaces and the joined
    text is handed to the splitter as one paragraph;
  * a boundary is the end offset of a sentence, *excluding* the last sentence
    of each document (its end is the end of the text, which every splitter gets
    right for free);
  * precision / recall / F1 are micro-averaged over all documents.

Baselines (``--baselines``: pysbd, syntok, sentence-splitter; install them with
``pip install pysbd syntok sentence-splitter``, they are not product
dependencies) return strings, which are mapped back to offsets by searching
forward in the text, so every splitter is scored by the same code.

Usage:
  python benchmarks/eval_segmentation.py [--data DIR] [--baselines] [--errors N] [--speed]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.text.segment import sentence_spans  # noqa: E402

DEFAULT_DATA = REPO / ".." / "shared" / "data"
GSD_RUN_LENGTH = 8
NOVEL = "prose/fontane-vor-dem-sturm-1878.de.txt"

Splitter = Callable[[str], list[tuple[int, int]]]


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_documents(path: Path) -> list[list[str]]:
    """Gold sentences grouped into documents (newdoc groups, else runs of 8)."""
    documents: list[list[str]] = []
    current: list[str] = []
    has_newdoc = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc"):
            has_newdoc = True
            if current:
                documents.append(current)
            current = []
        elif line.startswith("# text = "):
            current.append(line[len("# text = "):].strip())
    if current:
        documents.append(current)
    if has_newdoc:
        return documents
    flat = [s for doc in documents for s in doc]
    return [flat[i:i + GSD_RUN_LENGTH] for i in range(0, len(flat), GSD_RUN_LENGTH)]


def join_document(sentences: list[str]) -> tuple[str, set[int]]:
    """The joined text and its gold boundaries (ends of all but the last sentence)."""
    text = " ".join(sentences)
    boundaries: set[int] = set()
    offset = 0
    for sentence in sentences[:-1]:
        offset += len(sentence)
        boundaries.add(offset)
        offset += 1
    return text, boundaries


def predicted_boundaries(spans: list[tuple[int, int]], text: str) -> set[int]:
    return {end for _, end in spans if end < len(text.rstrip())}


def spans_from_strings(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Map splitter output strings back to offsets (forward search, whitespace-tolerant)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:  # splitter normalized something; fall back on the first token
            head = piece.split()[0]
            start = text.find(head, cursor)
            if start < 0:
                continue
            end = start + len(piece)
        else:
            end = start + len(piece)
        spans.append((start, min(end, len(text))))
        cursor = end
    return spans


def evaluate(splitter: Splitter, documents: list[list[str]], errors: list[str] | None = None) -> Score:
    score = Score()
    for sentences in documents:
        text, gold = join_document(sentences)
        predicted = predicted_boundaries(splitter(text), text)
        score.true_positives += len(predicted & gold)
        score.predicted += len(predicted)
        score.gold += len(gold)
        if errors is not None:
            for offset in sorted(predicted ^ gold):
                kind = "FP" if offset in predicted else "FN"
                errors.append(f"{kind}: …{text[max(0, offset - 50):offset]}|{text[offset:offset + 40]}…")
    return score


def baseline_splitters() -> dict[str, Splitter]:
    splitters: dict[str, Splitter] = {}
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="de", clean=False)
        splitters["pysbd 0.3.4 (de)"] = lambda t: spans_from_strings(t, segmenter.segment(t))
    except ImportError:
        print("pysbd not installed; skipped", file=sys.stderr)
    try:
        import syntok.segmenter as syntok_segmenter

        def syntok_split(t: str) -> list[tuple[int, int]]:
            spans = []
            for paragraph in syntok_segmenter.process(t):
                for sentence in paragraph:
                    start = sentence[0].offset
                    end = sentence[-1].offset + len(sentence[-1].value)
                    spans.append((start, end))
            return spans

        splitters["syntok 1.4"] = syntok_split
    except ImportError:
        print("syntok not installed; skipped", file=sys.stderr)
    try:
        from sentence_splitter import SentenceSplitter

        moses = SentenceSplitter(language="de")
        splitters["sentence-splitter (de)"] = lambda t: spans_from_strings(t, moses.split(t))
    except ImportError:
        print("sentence-splitter not installed; skipped", file=sys.stderr)
    return splitters


def paragraphs(text: str) -> Iterator[str]:
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            yield block


def measure_speed(data: Path) -> None:
    path = data / NOVEL
    if not path.exists():
        print(f"{path} missing; speed not measured")
        return
    blocks = list(paragraphs(path.read_text(encoding="utf-8")))
    best = float("inf")
    count = 0
    for _ in range(3):
        started = time.perf_counter()
        count = sum(len(sentence_spans(block)) for block in blocks)
        best = min(best, time.perf_counter() - started)
    size_mb = path.stat().st_size / 1e6
    print(f"speed: {path.name} ({size_mb:.2f} MB, {len(blocks)} paragraphs) -> "
          f"{count} sentences in {best:.3f} s (best of 3)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data directory (default ../shared/data)")
    parser.add_argument("--baselines", action="store_true", help="also score pysbd, syntok, sentence-splitter")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N errors of reader on GSD dev")
    parser.add_argument("--speed", action="store_true", help="time reader on the Fontane novel")
    args = parser.parse_args()

    folder = args.data / "segmentation"
    if not folder.is_dir():
        print(f"No segmentation data at {folder.resolve()}; nothing to evaluate (skipped).")
        return 0
    sets = {
        "GSD dev": folder / "ud-german-gsd-dev.conllu",
        "GSD test": folder / "ud-german-gsd-test.conllu",
        "PUD": folder / "ud-german-pud-test.conllu",
    }
    corpora = {name: read_documents(path) for name, path in sets.items() if path.exists()}
    splitters: dict[str, Splitter] = {"reader.text.segment": sentence_spans}
    if args.baselines:
        splitters.update(baseline_splitters())

    print(f"| {'splitter':<24} | " + " | ".join(f"{name:<26}" for name in corpora) + " |")
    print(f"|{'-' * 26}|" + "|".join("-" * 28 for _ in corpora) + "|")
    for label, splitter in splitters.items():
        cells = []
        for documents in corpora.values():
            score = evaluate(splitter, documents)
            cells.append(f"P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")
        print(f"| {label:<24} | " + " | ".join(f"{cell:<26}" for cell in cells) + " |")

    if args.errors and "GSD dev" in corpora:
        errors: list[str] = []
        evaluate(sentence_spans, corpora["GSD dev"], errors)
        print(f"\n{len(errors)} errors on GSD dev; first {args.errors}:")
        for line in errors[:args.errors]:
            print(line)
    if args.speed:
        measure_speed(args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
