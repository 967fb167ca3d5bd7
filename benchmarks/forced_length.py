"""Forced output lengths for the random-weight twin model, set from the benchmark side.

Random weights never emit </s> sensibly, so the speed benchmarks make every output exactly
(source subwords incl. </s> + EXTRA) tokens long: ``DecodingOptions.force_length_extra``, which
the CLI never sets. ``install(extra)`` makes every translator the CLI makes in this process
decode so, by wrapping ``reader.cli.common.decoding_options`` (a Ray corpus run ships those
options to its actors); ``reader_command(extra)`` starts the CLI in a fresh process that does.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path


def install(extra: int) -> None:
    """Every ``DecodingOptions`` the CLI makes from here on forces outputs to source subwords + ``extra``."""
    import reader.cli.common as common

    plain = common.decoding_options

    def forced(*args, **kwargs):
        options = plain(*args, **kwargs)
        return options if options.force_length_extra is not None else dataclasses.replace(options, force_length_extra=extra)

    for name, module in list(sys.modules.items()):  # common itself, and any CLI module that imported it by name
        if (name == "reader" or name.startswith("reader.")) and getattr(module, "decoding_options", None) is plain:
            module.decoding_options = forced


def reader_command(extra: int) -> list[str]:
    """``python -c …`` running the reader's CLI (its arguments follow) with ``install(extra)`` first."""
    here = str(Path(__file__).resolve().parent)
    code = (f"import sys; sys.path.insert(0, {here!r}); import forced_length; forced_length.install({extra}); "
            "from reader.cli import main; sys.exit(main())")
    return [sys.executable, "-c", code]
