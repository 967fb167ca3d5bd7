"""reader.sacrebleu_adapter: the sacrebleu internals it relies on are still there, and still used.

A sacrebleu release that renames, removes or re-signs one of them fails here, naming it,
before any figure goes wrong.
"""

import ast
import importlib
import inspect
import sys
from pathlib import Path

import pytest
import sacrebleu
from packaging.requirements import Requirement
from sacrebleu.metrics import BLEU, CHRF, TER

from reader import sacrebleu_adapter
from reader.sacrebleu_adapter import INTERNALS, Remembering, segment_statistics

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
METRIC_CLASSES = (BLEU, CHRF, TER)
HYPS = ["The cat sat on a mat.", "A dog is barking loudly.", "It is raining in Berlin today."]
REFS = [["The cat sat on the mat.", "A dog barks loudly.", "It rains in Berlin today."]]


def _parameters(fn) -> tuple[str, ...]:
    return tuple(inspect.signature(fn).parameters)


@pytest.mark.parametrize("name", [n for n in INTERNALS if n.startswith("Metric.")])
@pytest.mark.parametrize("metric_class", METRIC_CLASSES, ids=lambda c: c.__name__)
def test_each_metric_method_relied_on_is_there_with_its_parameters(name, metric_class):
    method = name.split(".", 1)[1]
    where = f"sacrebleu {sacrebleu.__version__}: {metric_class.__name__}.{method}"
    assert callable(getattr(metric_class, method, None)), f"{where} is gone (reader.sacrebleu_adapter relies on it)"
    found = _parameters(getattr(metric_class, method))
    assert found == INTERNALS[name], f"{where} now takes {found}, reader.sacrebleu_adapter expects {INTERNALS[name]}"


@pytest.mark.parametrize("name", [n for n in INTERNALS if n.startswith("sacrebleu.")])
def test_each_module_path_relied_on_is_there(name):
    module, _, attribute = name.rpartition(".")
    where = f"sacrebleu {sacrebleu.__version__}: {name}"
    try:
        found = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):
        pytest.fail(f"{where} is gone (reader.sacrebleu_adapter relies on it)")
    assert _parameters(found.__call__) == INTERNALS[name], f"{where}.__call__ now takes {_parameters(found.__call__)}"


def test_every_private_the_adapter_touches_is_listed():
    """INTERNALS is complete: each private the adapter names, and each sacrebleu module it imports, is in it."""
    tree = ast.parse(Path(sacrebleu_adapter.__file__).read_text(encoding="utf-8"))
    listed = {n.rpartition(".")[2] for n in INTERNALS} | {n.rpartition(".")[0] for n in INTERNALS}
    own = {"_reader_statistics", "_reader_references"}  # the adapter's own attributes
    named = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    named |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    privates = {a for a in named if a.startswith("_") and not a.startswith("__")} - own
    assert privates <= listed, f"sacrebleu privates used but not in INTERNALS: {sorted(privates - listed)}"
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module.startswith("sacrebleu")}
    assert modules - {"sacrebleu.metrics"} <= listed, f"sacrebleu modules imported but not in INTERNALS: {sorted(modules)}"


class _Counting:
    """Between the adapter and sacrebleu: counts the calls that reach sacrebleu's own methods."""

    def __init__(self, *args, **kwargs):
        self.extracted = self.prepared = 0
        super().__init__(*args, **kwargs)

    def _extract_corpus_statistics(self, hypotheses, references):
        self.extracted += 1
        return super()._extract_corpus_statistics(hypotheses, references)

    def _cache_references(self, references):
        self.prepared += 1
        return super()._cache_references(references)


@pytest.mark.parametrize("metric_class", METRIC_CLASSES, ids=lambda c: c.__name__)
def test_sacrebleus_scoring_goes_through_the_remembered_statistics(metric_class):
    """corpus_score and the paired test still ask for the statistics the adapter remembers."""
    metric = type(metric_class.__name__, (Remembering, _Counting, metric_class), {})()
    first = metric.corpus_score(HYPS, REFS)
    assert (metric.extracted, metric.prepared) == (1, 1)
    assert str(metric.corpus_score(HYPS, REFS)) == str(first) == str(metric_class().corpus_score(HYPS, REFS))
    assert segment_statistics(metric, HYPS, REFS) is segment_statistics(metric, HYPS, REFS)
    segment_statistics(metric, HYPS[::-1], REFS)  # other hypotheses, the same references
    assert (metric.extracted, metric.prepared) == (2, 1)
    from sacrebleu.significance import PairedTest

    PairedTest([("a", HYPS), ("b", HYPS[::-1])], {"m": metric}, REFS, test_type="bs", n_samples=10)()
    assert metric.extracted == 2  # both systems' statistics were remembered


def test_the_installed_sacrebleu_is_the_pinned_one():
    """pyproject's bound on sacrebleu admits the release these tests ran on (the bound is the tested one)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    [pin] = [Requirement(r) for r in project["dependencies"] if Requirement(r).name == "sacrebleu"]
    assert any(s.operator == "<" for s in pin.specifier), f"{pin}: no upper bound"
    assert pin.specifier.contains(sacrebleu.__version__), f"sacrebleu {sacrebleu.__version__} is outside {pin}"
