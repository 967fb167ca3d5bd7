"""User-facing errors: the CLI prints ``reader: error: <message>`` and exits non-zero."""


class ReaderError(Exception):
    """An error the user can act on; its message is one line, without a traceback."""

    exit_code = 1


class InputError(ReaderError):
    """The input cannot be read or is not usable German text."""

    exit_code = 2


class ModelError(ReaderError):
    """A model cannot be found, downloaded, verified or loaded."""

    exit_code = 3
