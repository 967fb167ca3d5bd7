"""Text handling: bytes → text, paragraphs, sentences, words, web pages."""
