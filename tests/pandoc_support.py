"""Reading a file written back with pandoc: its JSON AST, walked node by node."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable, Iterator


def pandoc_json(path: Path, *options: str) -> dict:
    return json.loads(subprocess.run(["pandoc", *options, "-t", "json", str(path)], capture_output=True,
                                     check=True).stdout)


def pandoc_nodes(node, skip: Callable[[dict], bool] = lambda node: False) -> Iterator[dict]:
    """Every element of a pandoc AST (``{"t": …, "c": …}``) in document order, none inside one ``skip`` says to leave."""
    if isinstance(node, dict):
        if skip(node):
            return
        if "t" in node:
            yield node
        for value in node.values():
            yield from pandoc_nodes(value, skip)
    elif isinstance(node, list):
        for value in node:
            yield from pandoc_nodes(value, skip)
