"""CompareScreen: every version of every segment, the words that differ from the pivot marked.

Flow: the figures are computed before the screen opens (``reader compare``), so
the first frame shows rows. What needs the model or every segment's scores runs
in thread workers and posts messages: the forced alignments of the versions in
view (``align_worker``, one model call per batch, the latest view first) and
the orderings that score every segment (``order_worker``). One
``Worker.StateChanged`` handler says what fails.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState, get_current_worker

from ...compare.view_model import CompareModel, Order, VersionAlignment, forced_alignments
from ...engines import Translator
from ..dialogs.help import HelpScreen
from ..keys import bindings, help_rows
from ..widgets.statusbar import StatusBar
from ..widgets.versions import VersionsView

ORDER_NAMES: dict[Order, str] = {"document": "document order", "disagreement": "by disagreement", "difference": "by difference"}
ALIGN_BATCH = 8  # (version, segment) pairs per model call


@dataclass
class AlignmentsArrived(Message):
    """Forced alignments of (version, segment) pairs; None: the segment is too long for the model."""

    items: list[tuple[str, int, VersionAlignment | None]]


@dataclass
class RowsReady(Message):
    """The rows of an ordering that scored every segment, and what was asked."""

    rows: list[int]
    asked: tuple[Order, tuple[str, str], bool]


class CompareScreen(Screen[None]):
    """The compare view: one row per segment, the German and each version, marked against the pivot.

    Arguments:
        model: the versions and their figures.
        header: what the header panel shows (the corpus table of ``reader compare``); None hides it.
        translator_factory: makes the model that force-aligns the versions (called on a worker
            thread); None: no alignments.
        only_differing: open with the filter on (only the segments where the two versions differ).
    """

    CSS_PATH = "compare.tcss"
    KEY_SCOPE = "compare"
    BINDINGS = bindings("compare")

    def __init__(
        self,
        model: CompareModel,
        *,
        header: Group | Text | None = None,
        translator_factory: Callable[[], Translator] | None = None,
        only_differing: bool = False,
    ) -> None:
        super().__init__()
        self.model = model
        self.header = header
        self.translator_factory = translator_factory
        self.order: Order = "document"
        self.pair = model.default_pair()
        self._pair_chosen = False
        self.only_differing = only_differing
        self.sorting = False
        self.align_error: str | None = None if translator_factory is not None else "no model"
        self.too_long: set[tuple[str, int]] = set()
        self._requests: queue.LifoQueue[list[tuple[str, int]]] = queue.LifoQueue()
        self._requested: set[tuple[str, int]] = set()
        self._view = VersionsView(model, id="versions")
        self._status_bar = StatusBar(id="status")

    def compose(self) -> ComposeResult:
        if self.header is not None:
            yield Static(self.header, id="corpus")
        yield self._view
        yield self._status_bar
        yield Footer()

    @property
    def view(self) -> VersionsView:
        return self._view

    @property
    def status_bar(self) -> StatusBar:
        return self._status_bar

    def on_mount(self) -> None:
        self.view.focus()
        if self.only_differing:
            self._show()
        self._update_status()
        if self.translator_factory is not None:
            self.align_worker()

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="align", name="forced alignment", exit_on_error=False)
    def align_worker(self) -> None:
        """Force-align what the view asks for, the latest request first, until the screen goes."""
        worker = get_current_worker()
        translator: Translator | None = None
        done: set[tuple[str, int]] = set()
        while not worker.is_cancelled:
            try:
                wanted = self._requests.get(timeout=0.1)
            except queue.Empty:
                continue
            wanted = [item for item in wanted if item not in done]
            if not wanted:
                continue
            if translator is None:
                translator = self.translator_factory()
            for start in range(0, len(wanted), ALIGN_BATCH):
                if worker.is_cancelled:
                    return
                batch = wanted[start:start + ALIGN_BATCH]
                self.post_message(AlignmentsArrived(forced_alignments(translator, self.model, batch)))
                done.update(batch)

    @work(thread=True, exclusive=True, group="order", name="sorting", exit_on_error=False)
    def order_worker(self, order: Order, pair: tuple[str, str], only_differing: bool) -> None:
        self.post_message(RowsReady(self.model.rows(order, pair, only_differing), (order, pair, only_differing)))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "align":
            self.align_error = f"{type(error).__name__}: {error}"
            self.view.pending.clear()
            self.view.invalidate()
            self._update_status()
        elif event.worker.group == "order":
            self.sorting = False
            self._update_status()
        self.notify(f"{event.worker.name} failed: {type(error).__name__}: {error}", severity="error", markup=False)

    # ------------------------------------------------------------------ messages

    def _request_alignments(self) -> None:
        """Ask for the alignments of the versions in view (and a screen below), if there is a model."""
        view = self.view
        if self.align_error is not None or not view.rows:
            return
        first, last = view.visible_rows
        rows = view.rows[first:min(len(view.rows), last + 1 + (last - first + 1))]
        wanted = [item for item in self.model.unaligned(rows) if item not in self._requested]
        if wanted:
            self._requested.update(wanted)
            view.pending.update(wanted)
            self._requests.put(wanted)
            view.invalidate({k for _, k in wanted})  # their labels say "…"

    def on_versions_view_rows_shown(self, message: VersionsView.RowsShown) -> None:
        self._request_alignments()

    def on_versions_view_cursor_moved(self, message: VersionsView.CursorMoved) -> None:
        self._update_status()

    def on_alignments_arrived(self, message: AlignmentsArrived) -> None:
        for name, k, alignment in message.items:
            self.view.pending.discard((name, k))
            if alignment is None:
                self.too_long.add((name, k))
            else:
                self.model.set_alignment(name, k, alignment)
        self.view.invalidate({k for _, k, _ in message.items})
        self._update_status()

    def on_rows_ready(self, message: RowsReady) -> None:
        if message.asked != (self.order, self.pair, self.only_differing):
            return  # asked for something else since
        self.sorting = False
        self.view.set_rows(message.rows)
        self._update_status()

    # ------------------------------------------------------------------ status

    def _update_status(self) -> None:
        view, m = self.view, self.model
        k = view.segment
        if k is None:
            position = Text("no segment to show", style="bold")
        else:
            position = Text(f"row {view.cursor + 1}/{len(view.rows)}  segment #{k + 1}/{len(m)}", style="bold")
        a, b = self.pair
        order = f"by difference {a}/{b}" if self.order == "difference" else ORDER_NAMES[self.order]
        settings = Text(f"pivot {m.pivot} · {order}", style="dim")
        if self.only_differing:
            settings.append(f" · only {a} ≠ {b}", style="dim")
        if self.sorting:
            settings.append(" · sorting…", style="bold")
        self.status_bar.set_parts(position, self._word_info(), settings)

    def _word_info(self) -> Text:
        view, m = self.view, self.model
        active = view.active_word()
        out = Text()
        if active is None:
            return out
        k, line, (s, e) = active
        out.append(view.line_name(line) + ": ", style="dim")
        out.append(view.line_text(k, line)[s:e], style="bold")
        out.append(" → ")
        names = [v.name for v in m.versions] if line == 0 else [view.line_name(line)]
        if not any(m.alignment(name, k) for name in names):
            out.append(self._why_unaligned(names, k), style="italic")
            return out
        found = []
        for other in range(len(m.versions) + 1):
            spans = view.links(k, line, (s, e), other)
            if spans:
                words = " ".join(view.line_text(k, other)[a:b] for a, b in spans)
                found.append(f"{view.line_name(other)}: {words}" if line == 0 else words)
        out.append("; ".join(found) if found else "unaligned", style="" if found else "italic")
        if line:
            alignment = m.alignment(names[0], k)
            word = [v for a, b, v in alignment.confidence if a <= s and e <= b]
            if word:
                out.append(f"   log-prob {word[0]:.2f}", style="dim")
        return out

    def _why_unaligned(self, names: list[str], k: int) -> str:
        if any((name, k) in self.view.pending for name in names):
            return "(aligning…)"
        if any((name, k) in self.too_long for name in names):
            return "(too long for the model to align)"
        if self.align_error is not None:
            return f"(no alignment for this version: {self.align_error})"
        return "(no alignment for this version)"

    # ------------------------------------------------------------------ actions: moving

    def action_next_row(self) -> None:
        v = self.view
        v.set_cursor(v.cursor + 1, word=0 if v.word is not None else None)

    def action_prev_row(self) -> None:
        v = self.view
        v.set_cursor(v.cursor - 1, word=0 if v.word is not None else None)

    def action_next_word(self) -> None:
        self.view.move_word(1)

    def action_prev_word(self) -> None:
        self.view.move_word(-1)

    def _move_line(self, step: int) -> None:
        v = self.view
        v.set_cursor(v.cursor, line=(v.line + step) % (len(self.model.versions) + 1), word=0)

    def action_next_line(self) -> None:
        self._move_line(1)

    def action_prev_line(self) -> None:
        self._move_line(-1)

    def _page(self, direction: int) -> None:
        v = self.view
        if not v.rows:
            return
        height = max(1, v.scrollable_content_region.height)
        top = max(0, min(round(v.scroll_offset.y) + direction * max(1, height - 2), v.max_scroll_y))
        v.scroll_to(y=top, animate=False, immediate=True)
        row = v.row_at(top)
        if v.row_top(row) < top and row + 1 < len(v.rows):
            row += 1  # the first row that starts on screen
        v.set_cursor(0 if top == 0 else row, word=None, scroll=False)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_first(self) -> None:
        self.view.set_cursor(0)

    def action_last(self) -> None:
        self.view.set_cursor(len(self.view.rows) - 1)

    # ------------------------------------------------------------------ actions: what is compared

    def _show(self) -> None:
        """Lay the rows out again for the order, pair and filter (in a worker when every segment is scored)."""
        asked = (self.order, self.pair, self.only_differing)
        if self.order == "document":
            self.sorting = False
            self.view.set_rows(self.model.rows(*asked))
        else:
            self.sorting = True
            self.order_worker(*asked)
        self._update_status()

    def action_next_pivot(self) -> None:
        pivot = self.model.next_pivot()
        if not self._pair_chosen:
            self.pair = self.model.default_pair()
        self.view.invalidate()
        self.notify(f"Pivot: {pivot}", markup=False, timeout=2)
        if self.order != "document":
            self._show()
        self._update_status()

    def action_next_order(self) -> None:
        orders: tuple[Order, ...] = ("document", "disagreement", "difference")
        self.order = orders[(orders.index(self.order) + 1) % len(orders)]
        self._show()

    def action_next_pair(self) -> None:
        pairs = self.model.pairs()
        if not pairs:
            return
        self.pair = pairs[(pairs.index(self.pair) + 1) % len(pairs)] if self.pair in pairs else pairs[0]
        self._pair_chosen = True
        if self.order == "difference" or self.only_differing:
            self._show()
        self._update_status()

    def action_toggle_filter(self) -> None:
        self.only_differing = not self.only_differing
        self._show()

    # ------------------------------------------------------------------ actions: help, leaving

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows("compare"), intro=_HELP))

    def action_leave(self) -> None:
        if self.view.word is not None:
            self.view.set_cursor(self.view.cursor, word=None, scroll=False)
        else:
            self.action_close()

    def action_close(self) -> None:
        self.workers.cancel_group(self, "align")
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
        else:
            self.app.exit()


_HELP = (
    "One row per segment: the German, then each version's English with its sentence chrF against "
    "the pivot and the model's mean log-probability of it (from a forced pass). Words that differ from "
    "the pivot are marked. With the word cursor (← →, Tab to change version) a word lights up the words "
    "linked to it: a version without an alignment of its own is force-decoded through the model, which "
    "shows where the model would align it, not a human alignment. Underlined words are ones the model "
    "finds unlikely. Δ: the mean of 100 − chrF of the versions against the pivot.\n"
)
