"""Snapshot tests (pytest-textual-snapshot) of the compare view.

Update after an intended change with ``pytest tests/test_tui_compare_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from reader.cli.compare_table import comparison_header  # noqa: E402
from reader.compare.comparison import compare  # noqa: E402
from reader.compare.systems import Source, System  # noqa: E402
from reader.compare.view_model import CompareModel  # noqa: E402
from reader.document import build_document  # noqa: E402
from reader.tui.compare_view.app import CompareApp  # noqa: E402

from test_tui_compare import GERMAN, REF, SYS_A, SYS_B, tiny  # noqa: E402


def app(translator_factory=None) -> CompareApp:
    source = Source.of(build_document("\n".join(GERMAN) + "\n", "three.de", "lines"), True)
    systems = [System("sysA", "a.en", "file", SYS_A), System("sysB", "b.en", "file", SYS_B)]
    comparison = compare(source, systems, {"ref": REF}, samples=20)
    return CompareApp(CompareModel.from_comparison(comparison), header=comparison_header(comparison),
                      translator_factory=translator_factory)


async def _aligned(pilot) -> None:
    screen = pilot.app.compare
    for _ in range(3000):
        if screen.model.alignments and not screen.view.pending:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def _sorted(pilot) -> None:
    for _ in range(500):
        if not pilot.app.compare.sorting:
            break
        await pilot.pause(0.01)
    await pilot.pause()


def test_compare_view_with_corpus_table_and_diff_marks(snap_compare):
    assert snap_compare(app(), terminal_size=(110, 30), press=["j"])


def test_forced_alignment_lighting_on_a_reference(snap_compare):
    async def before(pilot):
        await _aligned(pilot)
        await pilot.press("tab", "tab", "tab", "l")  # the reference (after sysA, sysB): its "dog" lights "Hund"

    assert snap_compare(app(tiny), terminal_size=(110, 30), run_before=before)


def test_sorted_by_disagreement_only_where_two_versions_differ(snap_compare):
    async def before(pilot):
        await pilot.press("o", "f")
        await _sorted(pilot)

    assert snap_compare(app(), terminal_size=(110, 30), run_before=before)
