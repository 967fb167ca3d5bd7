"""The package's shape, read from its source with ``ast``: no import cycles, a core that knows no UI,
no private attribute of a third-party object assigned, a third party's internals used in one adapter only.

What counts as an import: every ``import`` and ``from … import`` statement anywhere in a
module — at the top, inside a function (a lazy import is a dependency all the same), under
``if TYPE_CHECKING:``. ``from package import name`` depends on the submodule ``name`` when
there is one, else on the package's ``__init__``.

What counts as a cycle: at every level of the tree, the units are a package's direct
children (its modules and sub-packages, each sub-package one unit) and the package's own
``__init__``; an import between two units is an edge between them. So ``store → attempts →
compare → job → store`` is a cycle at the top level even though no single module imports
itself back. The root ``reader/__init__.py`` is the public facade, importing each name on
first use; it is left out of the graph, and checked to import nothing of reader's when it
runs and to be used by reader's own modules for ``__version__`` only, so it cannot close
a cycle.

What counts as a third party's private: an attribute ``_x`` that reader's code neither sets
on ``self``/``cls`` nor declares in a class body (nor, for reads, defines at all).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reader"
UI_PACKAGES = ("reader.cli", "reader.tui")  # and the entry point, reader.__main__
UI_LIBRARIES = ("textual", "rich")
# Cycles inside one sub-package not broken yet, each with what breaks it; a new one fails.
KNOWN_CYCLES: set[frozenset[str]] = set()  # none: a cycle found is a failure


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the module it depends on
    line: int
    type_checking: bool  # under ``if TYPE_CHECKING:``

    def where(self) -> str:
        return f"{MODULES[self.source].relative_to(PACKAGE.parent)}:{self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES: dict[str, ast.Module] = {m: ast.parse(p.read_text(encoding="utf-8"), str(p)) for m, p in MODULES.items()}


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports(module: str) -> list[Import]:
    """Every import statement of ``module``, as the modules it names (any module, reader's or not)."""
    tree = TREES[module]
    guarded = _type_checking_lines(tree)
    package = module if _is_package(module) else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            submodules = [f"{origin}.{a.name}" for a in node.names if f"{origin}.{a.name}" in MODULES]
            targets = submodules if len(submodules) == len(node.names) else [origin, *submodules]
        else:
            continue
        out += [Import(module, t, node.lineno, node.lineno in guarded) for t in targets]
    return out


ALL_IMPORTS = [i for m in MODULES for i in imports(m)]


def _unit(module: str, level: str) -> str | None:
    """The unit of ``module`` among ``level``'s children (``level`` itself for its ``__init__``), or None."""
    if module == level:
        return level
    if module.startswith(level + "."):
        return level + "." + module[len(level) + 1:].split(".")[0]
    return None


def _cycle_in(component: set[str], edges: dict[str, set[str]]) -> list[str]:
    """One cycle through the strongly connected ``component``, as the units in order, the first repeated."""
    start = min(component)
    path, seen = [start], {start}
    while True:
        step = min(n for n in edges[path[-1]] if n in component and (n == start or n not in seen or n in path))
        if step in path:
            return path[path.index(step):] + [step]
        path.append(step)
        seen.add(step)


def _strongly_connected(nodes: set[str], edges: dict[str, set[str]]) -> list[set[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out = []

    def visit(v: str) -> None:  # Tarjan's algorithm; the tree is shallow, recursion is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def import_cycles(levels: list[str]) -> list[str]:
    """Every cycle between the units of each package in ``levels``, as ``a → b → a`` with one import making each step."""
    found = []
    for level in levels:
        edges: dict[str, set[str]] = defaultdict(set)
        why: dict[tuple[str, str], Import] = {}
        for i in ALL_IMPORTS:
            if i.source == "reader":
                continue  # the facade (see the module docstring; checked below)
            a, b = _unit(i.source, level), _unit(i.target, level)
            if a and b and a != b and b != "reader":
                edges[a].add(b)
                why.setdefault((a, b), i)
        for component in _strongly_connected(set(edges) | {b for bs in edges.values() for b in bs}, edges):
            if component in KNOWN_CYCLES:
                continue
            cycle = _cycle_in(component, edges)
            steps = ", ".join(f"{why[a, b].where()} imports {why[a, b].target}" for a, b in zip(cycle, cycle[1:]))
            found.append(f"{' → '.join(cycle)} ({steps})")
    return found


def test_the_walk_sees_every_kind_of_import(monkeypatch):
    """Top-level, lazy (in a function) and TYPE_CHECKING imports, relative or absolute, each as the module it names."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import job, __version__\n"
        "from .compare import scores\n"
        "if TYPE_CHECKING:\n"
        "    from .store import TranslationStore\n"
        "def later():\n"
        "    import reader.text.words\n"
    )
    monkeypatch.setitem(MODULES, "reader.probe", PACKAGE / "probe.py")
    monkeypatch.setitem(TREES, "reader.probe", ast.parse(source))
    assert {(i.target, i.type_checking) for i in imports("reader.probe")} == {
        ("typing", False), ("reader", False), ("reader.job", False), ("reader.compare.scores", False),
        ("reader.store", True), ("reader.text.words", False),
    }


def test_the_cycle_finder_names_a_cycle():
    edges = defaultdict(set, {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()})
    [component] = _strongly_connected({"a", "b", "c", "d"}, edges)
    assert component == {"a", "b", "c"} and _cycle_in(component, edges) == ["a", "b", "c", "a"]


def test_no_import_cycles_between_reader_packages_and_top_level_modules():
    cycles = import_cycles(["reader"])
    assert not cycles, "import cycles in reader/:\n" + "\n".join(cycles)


def test_no_import_cycles_inside_a_package():
    cycles = import_cycles([m for m in MODULES if _is_package(m) and m != "reader"])
    assert not cycles, "import cycles inside a package of reader/:\n" + "\n".join(cycles)


def test_the_root_facade_imports_nothing_when_it_runs():
    """reader/__init__ loads its names lazily, so it can close no cycle; reader's modules take only __version__ from it."""
    runtime = [i for i in imports("reader") if i.target.startswith("reader") and not i.type_checking]
    assert not runtime, f"reader/__init__.py imports at run time: {[i.where() for i in runtime]}"
    uses = {(i.source, i.line) for i in ALL_IMPORTS if i.target == "reader" and i.source != "reader"}
    beyond = [
        f"{m}:{node.lineno}" for m, tree in TREES.items() for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (m, node.lineno) in uses and [a.name for a in node.names] != ["__version__"]
    ]
    assert uses and not beyond, f"modules taking more than __version__ from the facade: {beyond}"


def _is_ui_side(module: str) -> bool:
    return module == "reader.__main__" or any(module == p or module.startswith(p + ".") for p in UI_PACKAGES)


def test_the_core_knows_no_ui():
    """Nothing outside reader/cli and reader/tui imports Textual, Rich, reader.cli or reader.tui."""
    ui = UI_LIBRARIES + UI_PACKAGES
    found = [
        f"{i.where()} imports {i.target}" for i in ALL_IMPORTS
        if not _is_ui_side(i.source) and any(i.target == u or i.target.startswith(u + ".") for u in ui)
    ]
    assert not found, "the core imports UI code:\n" + "\n".join(found)


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, (ast.Assign, ast.Delete)):
        roots = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        roots = [node.target]
    else:
        return []
    out = []
    for root in roots:  # a, (b.c, *d) = …: every element
        out += [n for n in ast.walk(root) if isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del))]
    return out


def _is_self(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id in ("self", "cls")


@cache
def reader_owned_privates() -> frozenset[str]:
    """The private data attributes reader's own classes keep: set on self/cls, or declared in a class body.

    Methods are left out on purpose: rebinding a method on an object is patching it, whoever
    defined the method (so an adapter's override of a third-party method does not make that
    name fair game elsewhere).
    """
    owned = set()
    for tree in TREES.values():
        for node in ast.walk(tree):
            owned |= {t.attr for t in _targets(node) if _is_self(t.value) and t.attr.startswith("_")}
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        owned.add(item.target.id)
                    elif isinstance(item, ast.Assign):
                        owned |= {t.id for t in item.targets if isinstance(t, ast.Name)}
                        if any(isinstance(t, ast.Name) and t.id == "__slots__" for t in item.targets):
                            owned |= {c.value for c in ast.walk(item.value) if isinstance(c, ast.Constant)}
    return frozenset(name for name in owned if isinstance(name, str) and name.startswith("_"))


def private_assignments() -> list[str]:
    """Assignments (and deletions, setattr/delattr) of a private attribute that no reader class owns."""
    owned = reader_owned_privates()
    found = []
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            hits = [(t.value, t.attr) for t in _targets(node)]
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr")
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
                hits.append((node.args[0], node.args[1].value))
            for base, attr in hits:
                if attr.startswith("_") and not _is_self(base) and attr not in owned:
                    found.append(f"{module}:{node.lineno}: {ast.unparse(base)}.{attr}")
    return found


def test_no_private_attribute_of_a_third_party_object_is_assigned():
    found = private_assignments()
    assert not found, "private attributes of third-party objects assigned:\n" + "\n".join(found)


ADAPTER = "reader.sacrebleu_adapter"  # the one module that reaches into a third party's internals


@cache
def reader_defined_names() -> frozenset[str]:
    """Every name reader's own code defines (functions, classes, methods, assigned names), and its owned privates.

    The adapter's are left out: its methods override sacrebleu's and carry sacrebleu's names.
    """
    names = set(reader_owned_privates())
    for module, tree in TREES.items():
        if module == ADAPTER:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return frozenset(names)


def private_reads() -> list[str]:
    """Outside the adapter: reads of a private attribute (``x._y``) that reader's own code does not define."""
    defined = reader_defined_names()
    found = []
    for module, tree in TREES.items():
        if module == ADAPTER:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and node.attr not in defined and not _is_self(node.value)
                    and not (isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "super")):
                found.append(f"{module}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_only_the_adapter_reaches_into_a_third_partys_internals():
    found = private_reads()
    assert not found, f"third-party privates used outside {ADAPTER}:\n" + "\n".join(found)


@pytest.mark.parametrize("source, caught", [
    ("import sacrebleu\nm = sacrebleu.BLEU()\nm._cache_references = dict\n", True),
    ("def f(metric):\n    metric._extract_corpus_statistics, x = g, 1\n", True),
    ("def f(metric):\n    setattr(metric, '_force', True)\n", True),
    ("class A:\n    def __init__(self):\n        self._x = 1\n", False),
])
def test_the_private_assignment_check_catches_a_reach_in(source, caught, monkeypatch):
    monkeypatch.setitem(TREES, "reader.probe", ast.parse(source))
    assert any(hit.startswith("reader.probe:") for hit in private_assignments()) == caught


@pytest.mark.parametrize("source, caught", [
    ("def f(bleu, stats):\n    return bleu._aggregate_and_compute(stats).score\n", True),
    ("def f(other):\n    return other._decided\n", False),  # engines.auto's own attribute
])
def test_the_private_read_check_catches_a_reach_in(source, caught, monkeypatch):
    monkeypatch.setitem(TREES, "reader.probe", ast.parse(source))
    assert any(hit.startswith("reader.probe:") for hit in private_reads()) == caught
