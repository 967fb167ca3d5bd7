"""The ``reader`` command line: ``main`` parses the options, one module per command runs it."""

from .main import main

__all__ = ["main"]
