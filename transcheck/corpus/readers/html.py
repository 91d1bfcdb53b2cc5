"""HTML articles (``.html``): the visible text of the page, one paragraph per block element;
``<html lang>`` declares the language; a ``<meta charset>`` helps decoding."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

from transcheck.corpus.decode import NotText, decode
from transcheck.corpus.readers import Read, Source
from transcheck.corpus.readers.common import join_blocks, text_document
from transcheck.langid import normalize_lang_code

# HTML elements whose content is never article text.
_HTML_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
)
# HTML elements that start a new paragraph.
_HTML_BLOCKS = frozenset(
    """address article aside blockquote body br caption dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main nav ol
    p pre section summary table tbody td tfoot th thead title tr ul""".split()
)


def read_html(source: Source) -> Read:
    decoded = decode(source.data, html=True)
    if not decoded.text.strip():
        raise NotText("empty file")
    text, spans, declared = html_to_text(decoded.text)
    return text_document(source, decoded, text, spans, declared, {})


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML page as a list of blocks (no recursion)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.lang: str | None = None
        self._buffer: list[str] = []
        self._dropped: dict[str, int] = {}

    def _flush(self) -> None:
        if self._buffer:
            block = " ".join("".join(self._buffer).split())
            self._buffer = []
            if block:
                self.blocks.append(unicodedata.normalize("NFC", block))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html" and self.lang is None:
            for key, value in attrs:
                if key in ("lang", "xml:lang") and value:
                    self.lang = normalize_lang_code(value)
        if tag == "body":
            self._dropped.pop("head", None)
        if tag in _HTML_DROPPED:
            self._dropped[tag] = self._dropped.get(tag, 0) + 1
        if tag in _HTML_BLOCKS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        depth = self._dropped.get(tag)
        if depth:
            if depth == 1:
                del self._dropped[tag]
            else:
                self._dropped[tag] = depth - 1
        if tag in _HTML_BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._dropped:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(source: str) -> tuple[str, list[tuple[int, int]], str | None]:
    parser = _TextExtractor()
    parser.feed(source.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    text, spans = join_blocks(parser.blocks)
    return text, spans, parser.lang
