"""User-facing errors: the CLI prints ``reader: error: <message>`` and exits with the class's code.

The exit codes (docs/exit-codes.md): 2 for what the user gave (an input, an option, an output path,
a model SPEC naming nothing), 3 for a model that exists but cannot be used, 1 for work that failed.
"""


class ReaderError(Exception):
    """An error the user can act on; its message is one line, without a traceback."""

    exit_code = 1


class InputError(ReaderError):
    """What the user gave is not usable: an input, an option's value, an output path."""

    exit_code = 2


class ModelError(ReaderError):
    """A model cannot be downloaded, verified or loaded."""

    exit_code = 3


class ModelNotFound(ModelError):
    """A model SPEC that names nothing (no such directory, not in models.lock): the user's SPEC is wrong."""

    exit_code = 2
