"""The bilingual terminal reader (Textual): ``reader open``."""
