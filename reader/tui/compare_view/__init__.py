"""The compare view: every segment's versions side by side (``reader compare --view``, and ``v`` in the reader)."""
