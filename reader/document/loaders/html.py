"""html: a web page's main text (trafilatura), as paragraphs, or as Markdown where inline markup is wanted."""

from __future__ import annotations

from ..input_format import InputFormat, LoadOptions, RawInput
from ..structure import Document, build_document


def load_html(raw: RawInput, options: LoadOptions) -> Document:
    from ...text.web import html_to_text

    if options.markup:  # its links, emphasis and code, for the outputs that carry inline markup
        return build_document(html_to_text(raw.text, raw.url, markup=True, name=raw.given), raw.name, "md")
    return build_document(html_to_text(raw.text, raw.url, name=raw.given), raw.name, "html")


def looks_like_a_page(raw: RawInput) -> bool:
    from ...text.web import looks_like_html

    return looks_like_html(raw.text)


FORMAT = InputFormat("html", load_html, "a web page (its main text)", extensions=(".html", ".htm", ".xhtml"),
                     sniff=looks_like_a_page)
