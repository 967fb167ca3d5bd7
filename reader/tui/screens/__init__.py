"""The two main screens: the reader (``reader``) and the compare view (``compare``), one per module."""
