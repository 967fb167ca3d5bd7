"""Snapshot of the reader on a Markdown document: emphasis, code and links as styles, no markers.

Update after an intended change with ``pytest tests/test_tui_inline_snapshots.py --snapshot-update``
and look at the SVG in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytest_textual_snapshot")

from reader.document import build_document  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402

from tui_support import all_done, fake_factory  # noqa: E402

ARTICLE = """# Die Lage

Das Haus ist **klein**. Der Hund _schläft_, **die _Katze_ auch**.

- Das Wetter ist [heute](https://example.org/wetter) schön.
- Wir trinken `Kaffee` und lesen <https://example.org/zeitung>.

> Wo ist der **Bahnhof**?

```
Der **Code** bleibt, wie er ist.
```
"""


async def _settled(pilot) -> None:
    for _ in range(500):
        if all_done(pilot.app):
            break
        await pilot.pause(0.01)
    await pilot.pause()


def test_markdown_emphasis_code_and_links(snap_compare):
    app = ReaderApp(build_document(ARTICLE, "art.md", "md"), fake_factory(), None)
    assert snap_compare(app, terminal_size=(120, 20), run_before=_settled, press=["j", "j", "j"])
