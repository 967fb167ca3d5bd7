"""`reader compare`'s answer on stdout: Rich tables on a terminal, plain TSV when piped."""

from __future__ import annotations

from typing import TextIO

from ..compare.comparison import Comparison, verdicts


def print_comparison(c: Comparison, out: TextIO) -> None:
    if out.isatty():
        _rich(c, out)
    else:
        _tsv(c, out)


def _tsv(c: Comparison, out: TextIO) -> None:
    out.write("system\treferences\tmetric\tscore\tsignature\n")
    for s in c.corpus:
        out.write(f"{s.system}\t{'+'.join(s.references)}\t{s.metric}\t{s.score:.4f}\t{s.signature}\n")
    if c.significance is not None:
        out.write("\nsystem\tmetric\tscore\tmean\tci95\tp_value\tverdict\n")
        by = {(r.system, r.metric): r for r in c.significance.results}
        for system, metric, _score, text in verdicts(c):
            r = by[(system, metric)]
            mean = "" if r.mean is None else f"{r.mean:.4f}"
            ci = "" if r.ci is None else f"{r.ci:.4f}"
            p = "" if r.p_value is None else f"{r.p_value:.4f}"
            out.write(f"{system}\t{metric}\t{r.score:.4f}\t{mean}\t{ci}\t{p}\t{text}\n")


def _rich(c: Comparison, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..compare.corpus_table import corpus_caption, corpus_table

    console = Console(file=out, highlight=False)
    console.print(corpus_caption(c))
    metrics = list(dict.fromkeys(s.metric for s in c.corpus))
    table = corpus_table(c)
    console.print(table)
    for m in metrics:
        sig = next(s.signature for s in c.corpus if s.metric == m)
        console.print(Text(f"{m}: {sig}", style="dim"))
    if c.significance is not None:
        sig = c.significance
        name = "paired bootstrap resampling" if sig.test == "bs" else "paired approximate randomization"
        console.print(Text(f"\nSignificance ({name}, baseline {sig.baseline}, 95% confidence):", style="bold"))
        t = Table(show_edge=False, pad_edge=False)
        for col in ("system", "metric", "score", "verdict"):
            t.add_column(col)
        for row in verdicts(c):
            t.add_row(*(Text(x) for x in row))
        console.print(t)
    for note in c.notes:
        console.print(Text(note, style="italic"))
