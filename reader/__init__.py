"""reader: German→English machine translation and a bilingual terminal reader."""

__version__ = "0.1.0"
