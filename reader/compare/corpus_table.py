"""The corpus table as Rich renderables: `reader compare`'s terminal answer and the compare view's header.

Every cell is a ``rich.text.Text`` (names come from the command line and files: never markup).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from .comparison import Comparison


def corpus_caption(c: Comparison) -> Text:
    """"wmt22-general.de: 1,984 lines, 4 systems, against refA"."""
    src = c.source
    what = "against each other (no reference)" if c.agreement else f"against {', '.join(c.references)}"
    return Text(f"{src.doc.name}: {len(src.groups):,} {src.unit}s, {len(c.systems)} systems, {what}", style="bold")


def corpus_table(c: Comparison) -> Table:
    """One row per system and reference set, one column per metric (↑ higher is better, ↓ lower)."""
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
