"""The HTML report of a comparison: one self-contained page, charts as inline SVG.

The page follows the Markdown report (``reader.compare.report``) and adds what a page
shows better: charts of the analyses by source length and by word frequency (drawn by
matplotlib into SVG text, no pyplot state) and the words where each system differs from
the baseline, marked. Nothing is fetched when it is opened: no scripts, stylesheets,
fonts or images from elsewhere (text in the charts is drawn as paths). Everything that
comes from the input is escaped.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

from .comparison import Comparison, verdicts
from .report import MOST_DIFFERENT, most_different

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 2em auto;
       max-width: 72em; padding: 0 1.5em; }
h1 { font-size: 1.7em; margin-bottom: .2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05em; margin: 1.4em 0 .4em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f1f3f5; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: .85em; background: #f6f6f6; padding: 0 .2em; word-break: break-all; }
.better { color: #176b2c; } .worse { color: #a4161a; }
table.segment { width: 100%; table-layout: fixed; } table.segment col.who { width: 12em; }
table.segment col.score { width: 5em; } table.segment tbody th { background: none; font-weight: normal; }
del { background: #fde2e1; color: #8a1c1c; } ins { background: #d9f2dd; text-decoration: none; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption, .note { color: #555; font-size: .92em; }
"""


def html_report(c: Comparison) -> str:
    src = c.source
    what = "against each other (no reference)" if c.agreement else f"against {', '.join(c.references)}"
    title = f"Comparison: {src.doc.name}"
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{_e(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{_e(title)}</h1>",
           f"<p>{len(src.groups):,} {src.unit}s, {len(c.systems)} systems, {_e(what)}.</p>"]
    out += _systems(c) + _corpus(c) + _significance(c) + _charts(c) + _ngrams(c) + _segments(c)
    out += [f'<p class="note"><em>{_e(n)}</em></p>' for n in c.notes]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (), cls: str = "") -> list[str]:
    """A table of cells that are HTML already; ``numeric``: the columns aligned right."""
    out = [f'<table class="{cls}">' if cls else "<table>",
           "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="num">{x}</td>' if i in numeric else f"<td>{x}</td>"
                                    for i, x in enumerate(row)) + "</tr>")
    return out + ["</tbody>", "</table>"]


def _systems(c: Comparison) -> list[str]:
    rows = [(_e(s.name), _e(s.kind), _e(s.spec), f"<code>{_e(s.settings_key)}</code>" if s.settings_key else "")
            for s in c.systems]
    return ["<h2>Systems</h2>", *_table(("system", "kind", "spec", "settings key"), rows)]


def _corpus(c: Comparison) -> list[str]:
    metrics = list(dict.fromkeys(s.metric for s in c.corpus))
    groups = list(dict.fromkeys(s.references for s in c.corpus))
    by = {(s.system, s.references, s.metric): s for s in c.corpus}
    rows = [(_e(system.name), _e("+".join(refs)), *(f"{by[(system.name, refs, m)].score:.2f}" for m in metrics))
            for system in c.systems for refs in groups if (system.name, refs, metrics[0]) in by]
    head = ("system", "scored against" if c.agreement else "references", *map(_e, metrics))
    out = ["<h2>Corpus scores</h2>", *_table(head, rows, numeric=range(2, 2 + len(metrics))),
           "<p>Signatures (sacrebleu):</p>", "<ul>"]
    out += [f"<li>{_e(m)}: <code>{_e(next(s.signature for s in c.corpus if s.metric == m))}</code></li>"
            for m in metrics]
    return out + ["</ul>"]


def _significance(c: Comparison) -> list[str]:
    sig = c.significance
    if sig is None:
        return []
    name = "paired bootstrap resampling" if sig.test == "bs" else "paired approximate randomization"
    rows = []
    for system, metric, score, verdict in verdicts(c):
        cls = "better" if "significantly better" in verdict else "worse" if "significantly worse" in verdict else ""
        rows.append((_e(system), _e(metric), _e(score), f'<span class="{cls}">{_e(verdict)}</span>' if cls else _e(verdict)))
    out = [f"<h2>Significance ({name}, baseline {_e(sig.baseline)})</h2>",
           *_table(("system", "metric", "score (mean ± 95% CI)", "verdict"), rows), "<ul>"]
    out += [f"<li>{_e(m)}: <code>{_e(v)}</code></li>" for m, v in sig.signatures.items()]
    return out + ["</ul>"]


def _charts(c: Comparison) -> list[str]:
    a = c.analyses
    if a is None or not (a.by_length or a.by_frequency):
        return []
    systems = [s.name for s in c.systems]
    out = ["<h2>Where the systems differ</h2>",
           f"<p>Against the reference {_e(a.reference)} (compare-mt's analyses).</p>"]
    if a.by_length:
        labels = list(dict.fromkeys(b.label for b in a.by_length))
        counts = {b.label: b.segments for b in a.by_length}
        values = {(b.system, b.label): b.mean_chrf for b in a.by_length}
        svg = _bar_chart([f"{label}\n({counts[label]:,})" for label in labels], systems,
                         [[values.get((s, label)) for label in labels] for s in systems],
                         xlabel=f"source length in words ({c.source.unit}s in the bucket)",
                         ylabel="mean sentence chrF", salt="reader-by-length")
        out += ["<figure>", svg, "<figcaption>Mean sentence chrF per bucket of source length.</figcaption>",
                "</figure>"]
    if a.by_frequency:
        labels = list(dict.fromkeys(b.label for b in a.by_frequency))
        values = {(b.system, b.label): b.f_measure for b in a.by_frequency}
        svg = _bar_chart(labels, systems, [[values.get((s, label)) for label in labels] for s in systems],
                         xlabel="frequency of the word in the reference", ylabel="word F-measure",
                         salt="reader-by-frequency")
        out += ["<figure>", svg, "<figcaption>Word F-measure per bucket of the word's frequency in the "
                "reference (&lt;1: words the reference never uses).</figcaption>", "</figure>"]
    return out


def _bar_chart(labels: Sequence[str], systems: Sequence[str], values: Sequence[Sequence[float | None]],
               *, xlabel: str, ylabel: str, salt: str) -> str:
    """Grouped bars (one group per label, one bar per system) as an ``<svg>`` element to inline."""
    import matplotlib
    from matplotlib.figure import Figure

    # The object API draws without pyplot's global figures; a salt per chart keeps its ids
    # apart from the other charts' on the page and the same from run to run.
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "path"}):
        fig = Figure(figsize=(9, 3.6), layout="constrained")
        ax = fig.subplots()
        width = 0.8 / max(1, len(systems))
        for i, (system, row) in enumerate(zip(systems, values)):
            xs = [k + (i - (len(systems) - 1) / 2) * width for k in range(len(labels))]
            ax.bar(xs, [float("nan") if v is None else v for v in row], width, label=system)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg"):].strip()  # no XML prolog or doctype inside HTML


def _ngrams(c: Comparison) -> list[str]:
    a = c.analyses
    if a is None or not a.ngrams:
        return []
    out = ["<h2>N-gram differences</h2>",
           f"<p>The n-grams (n = 1–4) one system matches in the reference {_e(a.reference)} more often than the "
           "other (compare-mt's smoothed ratio).</p>"]
    for n in a.ngrams:
        for mine, theirs, grams in ((n.system_a, n.system_b, n.better_in_a), (n.system_b, n.system_a, n.better_in_b)):
            first = mine == n.system_a
            rows = [(_e(g.text), str(g.matches_a if first else g.matches_b), str(g.matches_b if first else g.matches_a),
                     f"{g.score:.2f}") for g in grams]
            out += [f"<h3>{_e(mine)} gets right more often than {_e(theirs)}</h3>",
                    *_table(("n-gram", f"matches in {_e(mine)}", f"matches in {_e(theirs)}", "score"), rows,
                            numeric=(1, 2, 3))]
    return out


def _differing(c: Comparison) -> list[int]:
    """The segments the analyses found most different from the baseline; else those whose chrF varies most."""
    a = c.analyses
    distance: dict[int, float] = {}
    for comparison in (a.differing if a is not None else ()):
        for s in comparison.segments:
            distance[s.index] = max(distance.get(s.index, 0.0), s.distance)
    if not distance:
        return most_different(c)
    return sorted(distance, key=lambda k: (-distance[k], k))[:MOST_DIFFERENT]


def _segments(c: Comparison) -> list[str]:
    ks = _differing(c)
    if not ks:
        return []
    unit = c.source.unit
    segments = c.source.segments
    base = next(s for s in c.systems if s.name == c.baseline)
    out = [f"<h2>The {len(ks)} {unit}s where the systems differ most</h2>",
           f"<p>Beside each system its sentence chrF; the words where it differs from the baseline "
           f"{_e(c.baseline)} are marked: <del>the baseline's</del> <ins>its own</ins>.</p>"]
    for k in ks:
        rows = [("German", "", _e(segments[k]))]
        rows += [(f"{_e(name)} (reference)", "", _e(ref[k])) for name, ref in c.references.items()]
        for s in c.systems:
            chrf = c.sentence_chrf.get(s.name)
            score = "" if chrf is None else f"{chrf[k]:.1f}"
            if s.name == c.baseline:
                rows.append((f"<strong>{_e(s.name)}</strong> (baseline)", score, _e(s.segments[k])))
            else:
                rows.append((f"<strong>{_e(s.name)}</strong>", score, marked_diff(base.segments[k], s.segments[k])))
        out += [f"<h3>{_e(unit.capitalize())} {k + 1}</h3>", '<table class="segment">',
                '<colgroup><col class="who"><col class="score"><col></colgroup>',
                "<thead><tr><th></th><th>chrF</th><th>text</th></tr></thead>", "<tbody>"]
        out += [f'<tr><th scope="row">{who}</th><td class="num">{score}</td><td>{text}</td></tr>'
                for who, score, text in rows]
        out += ["</tbody>", "</table>"]
    return out


def marked_diff(a: str, b: str) -> str:
    """``b`` as HTML, escaped, with the words it lacks from ``a`` in ``<del>`` and its own in ``<ins>``."""
    from ..text.word_diff import word_diff

    out, pos = [], 0
    for step in word_diff(a, b):
        start, end = step.span_b
        out.append(_e(b[pos:start]))
        removed = _e(a[step.span_a[0]:step.span_a[1]])
        if step.op == "equal":
            out.append(_e(b[start:end]))
        elif step.op == "insert":
            out.append(f"<ins>{_e(b[start:end])}</ins>")
        elif step.op == "delete":
            out.append(f" <del>{removed}</del>" if start else f"<del>{removed}</del>{' ' if b else ''}")
        else:
            out.append(f"<del>{removed}</del> <ins>{_e(b[start:end])}</ins>")
        pos = end
    out.append(_e(b[pos:]))
    return "".join(out)
