"""Markdown articles (``.md``): rendered with markdown-it, then reduced to text like HTML."""

from __future__ import annotations

from transcheck.corpus.decode import NotText, decode, normalise
from transcheck.corpus.readers import Read, Source
from transcheck.corpus.readers.common import paragraph_spans, split_front_matter, text_document
from transcheck.corpus.readers.html import html_to_text


def read_markdown(source: Source) -> Read:
    decoded = decode(source.data)
    if not decoded.text.strip():
        raise NotText("empty file")
    body, declared, meta = split_front_matter(normalise(decoded.text))
    text, spans = markdown_to_text(body)
    return text_document(source, decoded, text, spans, declared, meta)


def markdown_to_text(source: str) -> tuple[str, list[tuple[int, int]]]:
    """Markdown to plain text: rendered with markdown-it, then reduced like HTML."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(source)
    text, spans, _ = html_to_text(html)
    if not spans:  # e.g. nesting deeper than the renderer accepts: keep the words as written
        return source, paragraph_spans(source)
    return text, spans
