"""`reader compare`'s answer on stdout: Rich tables on a terminal, plain TSV when piped.

The corpus table is also the compare view's header (``comparison_header``). Every cell is a
``rich.text.Text``: names come from the command line and files, never markup.
"""

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

    console = Console(file=out, highlight=False)
    console.print(corpus_caption(c))
    metrics = list(dict.fromkeys(s.metric for s in c.corpus))
    console.print(corpus_table(c))
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


def corpus_caption(c: Comparison):
    """"wmt22-general.de: 1,984 lines, 4 systems, against refA" (a Rich Text)."""
    from rich.text import Text

    src = c.source
    what = "against each other (no reference)" if c.agreement else f"against {', '.join(c.references)}"
    return Text(f"{src.doc.name}: {len(src.groups):,} {src.unit}s, {len(c.systems)} systems, {what}", style="bold")


def corpus_table(c: Comparison):
    """One row per system and reference set, one column per metric (↑ higher is better, ↓ lower): a Rich Table."""
    from rich.table import Table
    from rich.text import Text

    metrics = list(dict.fromkeys(s.metric for s in c.corpus))
    groups = list(dict.fromkeys(s.references for s in c.corpus))
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("system")
    table.add_column("references" if not c.agreement else "scored against")
    for m in metrics:
        table.add_column(m + (" ↓" if m.startswith("TER") else " ↑"), justify="right")
    by = {(s.system, s.references, s.metric): s for s in c.corpus}
    for system in c.systems:
        for refs in groups:
            if (system.name, refs, metrics[0]) not in by:
                continue
            table.add_row(Text(system.name), Text("+".join(refs)),
                          *(Text(f"{by[(system.name, refs, m)].score:.2f}") for m in metrics))
    return table


def comparison_header(c: Comparison):
    """The compare view's header panel: what is compared and the corpus table (a Rich Group)."""
    from rich.console import Group

    return Group(corpus_caption(c), corpus_table(c))
