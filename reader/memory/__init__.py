"""The translation memory: sentences the user trusts, served before the model.

Two sources, one lookup: the user's own versions from the reader (the store's
``user_translations``, origin ``yours``) and imported translation units (TMX,
the store's ``translation_memory``, origin ``memory``). ``lookup`` finds exact
matches (served by ``reader.job.TranslationJob`` instead of the model) and fuzzy
ones (shown by the reader as suggestions); ``tmx`` reads and writes TMX 1.4.
"""
