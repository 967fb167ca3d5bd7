"""A whole novel as an EPUB: how long it takes to open (read and segment) and to translate.

    python benchmarks/book.py                       # Fontane, "Vor dem Sturm" (223,000 words), the tiny model
    python benchmarks/book.py --sentences 1000 --ebooklib /tmp/ebooklib   # + ebooklib's parse, if installed there

Reads ../shared/data/prose/fontane-vor-dem-sturm-1878.de.txt (skips cleanly without it),
packs it as an EPUB 3 (a chapter file per "… Kapitel" line, its title in the navigation,
each paragraph a ``<p>``) and measures

* opening it: ``load_document(markup=True)`` in a fresh process (cold: imports and the
  page cache as they come) and again in this process (warm), then the inline side table
  (``Document.inline``) the reader and the markup writers use;
* the container alone: zipfile + lxml (what the loader uses) against ebooklib's
  ``read_epub`` (where ``--ebooklib DIR`` holds it: it is not a dependency, being AGPL);
* translating: the first ``--sentences`` sentences with the tiny test model (CTranslate2,
  as ``reader translate`` runs it), sentences and words per second, and the whole book
  extrapolated; then writing the book with every sentence as ``epub-bilingual``.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

NOVEL = ROOT.parent / "shared" / "data" / "prose" / "fontane-vor-dem-sturm-1878.de.txt"
TINY = ROOT / "tests" / "fixtures" / "tiny-opus-mt-de-en"
CHAPTER = re.compile(r"\w+ Kapitel\Z")


def novel_epub(text: str, title: str) -> bytes:
    """The novel as an EPUB 3: a file per chapter ("Erstes Kapitel" + its title line), a ``<p>`` per line."""
    from make_epubs import CONTAINER

    chapters: list[list[str]] = [[]]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    titles: list[str] = ["Vorwort"]
    k = 0
    while k < len(lines):
        line = lines[k]
        if CHAPTER.match(line):
            chapters.append([f"<h2>{html.escape(line)}</h2>"])
            subtitle = lines[k + 1] if k + 1 < len(lines) else ""
            chapters[-1].append(f"<h3>{html.escape(subtitle)}</h3>")
            titles.append(f"{line}: {subtitle}")
            k += 2
            continue
        tag = "h1" if line.endswith("Band") and len(line) < 20 else "p"
        chapters[-1].append(f"<{tag}>{html.escape(line)}</{tag}>")
        k += 1
    if not chapters[0]:
        chapters, titles = chapters[1:], titles[1:]
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:epub="http://www.idpf.org/2007/ops" lang="de" xml:lang="de"><head><title>{t}</title></head><body>\n')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER.format(opf="EPUB/package.opf"))
        items, refs, nav = [], [], []
        for n, (body, chapter_title) in enumerate(zip(chapters, titles), 1):
            name = f"c{n:03}.xhtml"
            z.writestr(f"EPUB/{name}", head.format(t=html.escape(chapter_title)) + "\n".join(body) + "\n</body></html>\n",
                       compress_type=zipfile.ZIP_DEFLATED)
            items.append(f'<item id="c{n:03}" href="{name}" media-type="application/xhtml+xml"/>')
            refs.append(f'<itemref idref="c{n:03}"/>')
            nav.append(f'<li><a href="{name}">{html.escape(chapter_title)}</a></li>')
        z.writestr("EPUB/nav.xhtml", head.format(t="Inhalt") + '<nav epub:type="toc"><ol>' + "".join(nav)
                   + "</ol></nav></body></html>\n")
        z.writestr("EPUB/package.opf", f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:7e0e4b8e-8f0d-4a53-9b1c-2d1e4e5f6a7b</dc:identifier><dc:title>{html.escape(title)}</dc:title>
<dc:language>de</dc:language><meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>{"".join(items)}</manifest>
<spine>{"".join(refs)}</spine></package>""", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_novel_epub(novel: Path) -> Path:
    """The novel packed as an EPUB in a temporary directory (its size said), for the benchmarks that open it."""
    text = novel.read_text(encoding="utf-8")
    book = Path(tempfile.mkdtemp()) / "vor-dem-sturm.epub"
    book.write_bytes(novel_epub(text, "Vor dem Sturm"))
    print(f"novel: {len(text.split()):,} words, EPUB {book.stat().st_size / 1e6:.1f} MB")
    return book


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--sentences", type=int, default=1000, help="how many sentences to translate (default 1000)")
    parser.add_argument("--ebooklib", type=Path, help="a directory holding ebooklib (pip install --target DIR ebooklib)")
    args = parser.parse_args()
    if not args.novel.exists():
        print(f"skipped: {args.novel} is not here (../shared/data)")
        return 0
    from reader.document import load_document

    book = write_novel_epub(args.novel)

    cold = subprocess.run([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, sys.argv[2]); t = time.perf_counter()\n"
        "from reader.document import load_document\n"
        "d = load_document(sys.argv[1], markup=True); print(time.perf_counter() - t)"), str(book), str(ROOT)],
        capture_output=True, text=True, check=True)
    print(f"open cold (a fresh process: imports + read + segment): {float(cold.stdout):.2f} s")
    doc, warm = timed(lambda: load_document(str(book), markup=True))
    print(f"open warm (read + segment): {warm:.2f} s — {len(doc.paragraphs):,} paragraphs, "
          f"{sum(len(p.sentences) for p in doc.paragraphs):,} sentences, {len(doc.sections)} chapters")
    _, inline = timed(lambda: doc.inline)
    print(f"inline side table (Document.inline, all sentences): {inline:.2f} s")

    from reader.document.epub_package import open_package
    from reader.document.xhtml import parse_xhtml

    def lxml_zip() -> int:
        package = open_package(book.read_bytes(), book.name)
        return sum(parse_xhtml(package.read(item.path)) is not None for item in package.spine)

    n, container = timed(lxml_zip)
    print(f"container, zipfile + lxml (package, nav, every chapter parsed): {container:.3f} s ({n} files)")
    if args.ebooklib:
        sys.path.append(str(args.ebooklib))  # after ours: its own lxml copy must not shadow the installed one
        import warnings

        from ebooklib import epub

        warnings.simplefilter("ignore")

        def with_ebooklib() -> int:
            from lxml import html as lxml_html

            b = epub.read_epub(str(book))
            return sum(lxml_html.fromstring(i.get_content()) is not None for i in b.get_items_of_type(9))

        n, seconds = timed(with_ebooklib)
        print(f"container, ebooklib read_epub (+ lxml.html of every document): {seconds:.3f} s ({n} files)")
        sloppy = ROOT / "tests" / "fixtures" / "epub" / "hand-epub2.epub"
        try:
            b = epub.read_epub(str(sloppy))
            print(f"ebooklib on the sloppy EPUB 2 fixture: read, {len(list(b.get_items_of_type(9)))} documents")
        except Exception as exc:  # noqa: BLE001 - what it does with a broken book is the measurement
            print(f"ebooklib on the sloppy EPUB 2 fixture: {type(exc).__name__}: {exc}")

    from reader.engines import create_translator
    from reader.engines.options import DecodingOptions
    from reader.models import resolve_model

    translator = create_translator(resolve_model(str(TINY)), DecodingOptions(token_scores=False))
    sources = [s.plain for s in doc.inline][: args.sentences]
    translator.translate(sources[:8])  # load and warm up
    translations, seconds = timed(lambda: translator.translate(sources))
    words = sum(len(s.split()) for s in sources)
    total = len(doc.inline)
    print(f"translate ({translator.backend}, tiny model): {len(sources)} sentences in {seconds:.1f} s = "
          f"{len(sources) / seconds:.0f} sentences/s, {words / seconds:.0f} words/s; "
          f"the whole book ({total:,} sentences) ≈ {total * seconds / len(sources) / 60:.1f} min")

    from reader.output.writers import save_document

    everything = (translations * (total // len(translations) + 1))[:total]
    from reader.translation import Translation

    everything = [Translation(s.plain, t.best) for s, t in zip(doc.inline, everything)]
    _, seconds = timed(lambda: save_document(doc, everything, "epub-bilingual", tmp / "book.de-en.epub"))
    print(f"write epub-bilingual (every sentence): {seconds:.2f} s, {(tmp / 'book.de-en.epub').stat().st_size / 1e6:.1f} MB")
    print(f"files in {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
