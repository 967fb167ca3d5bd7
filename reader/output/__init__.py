"""Outputs: the file formats a translated document is written in, written atomically."""
