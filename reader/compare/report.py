"""The Markdown report of a comparison (the JSON report is ``Comparison.to_json``)."""

from __future__ import annotations

from .comparison import Comparison, verdicts

MOST_DIFFERENT = 10  # segments shown side by side


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes and markup characters escaped."""
    text = " ".join(text.split())
    for ch in "\\|*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text or " "


def markdown_report(c: Comparison) -> str:
    src = c.source
    what = "against each other (no reference)" if c.agreement else f"against {', '.join(_cell(r) for r in c.references)}"
    out = [f"# Comparison: {_cell(src.doc.name)}", "",
           f"{len(src.groups):,} {src.unit}s, {len(c.systems)} systems, {what}.", ""]
    out += ["## Systems", "", "| system | kind | spec | settings key |", "|---|---|---|---|"]
    out += [f"| {_cell(s.name)} | {s.kind} | {_cell(s.spec)} | {_cell(s.settings_key)} |" for s in c.systems]
    metrics = list(dict.fromkeys(s.metric for s in c.corpus))
    groups = list(dict.fromkeys(s.references for s in c.corpus))
    by = {(s.system, s.references, s.metric): s for s in c.corpus}
    out += ["", "## Corpus scores", "", "| system | " + ("scored against" if c.agreement else "references") + " | "
            + " | ".join(metrics) + " |", "|---|---|" + "---:|" * len(metrics)]
    for system in c.systems:
        for refs in groups:
            if (system.name, refs, metrics[0]) in by:
                out.append(f"| {_cell(system.name)} | {_cell('+'.join(refs))} | "
                           + " | ".join(f"{by[(system.name, refs, m)].score:.2f}" for m in metrics) + " |")
    out += ["", "Signatures (sacrebleu):", ""]
    out += [f"- {m}: `{next(s.signature for s in c.corpus if s.metric == m)}`" for m in metrics]
    if c.significance is not None:
        sig = c.significance
        name = "paired bootstrap resampling" if sig.test == "bs" else "paired approximate randomization"
        out += ["", f"## Significance ({name}, baseline {_cell(sig.baseline)})", "",
                "| system | metric | score (mean ± 95% CI) | verdict |", "|---|---|---|---|"]
        out += [f"| {_cell(s)} | {m} | {score} | {_cell(v)} |" for s, m, score, v in verdicts(c)]
        out += ["", *(f"- {m}: `{v}`" for m, v in sig.signatures.items())]
    out += _most_different(c)
    out += ["", *(f"_{n}_" for n in c.notes)] if c.notes else []
    return "\n".join(out) + "\n"


def _most_different(c: Comparison) -> list[str]:
    """The segments whose sentence chrF varies most between systems, side by side."""
    scores = c.sentence_chrf
    if len(scores) < 2:
        return []
    n = len(c.source.groups)
    segments = c.source.segments
    out = ["", f"## The {min(MOST_DIFFERENT, n)} {c.source.unit}s where the systems differ most (sentence chrF)", ""]
    for k in most_different(c):
        out += [f"### {c.source.unit.capitalize()} {k + 1}", "", f"- **German**: {_cell(segments[k])}"]
        out += [f"- **{_cell(name)}** (reference): {_cell(ref[k])}" for name, ref in c.references.items()]
        for s in c.systems:
            chrf = f" — chrF {scores[s.name][k]:.1f}" if s.name in scores else ""
            out.append(f"- **{_cell(s.name)}**{chrf}: {_cell(s.segments[k])}")
        out.append("")
    return out


def most_different(c: Comparison, top: int = MOST_DIFFERENT) -> list[int]:
    """The indexes of the ``top`` segments whose sentence chrF varies most between systems (none with one score)."""
    scores = c.sentence_chrf
    if len(scores) < 2:
        return []
    spread = sorted(range(len(c.source.groups)),
                    key=lambda k: -(max(s[k] for s in scores.values()) - min(s[k] for s in scores.values())))
    return spread[:top]
