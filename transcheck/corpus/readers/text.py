"""Plain-text articles (``.txt``): paragraphs are blank-line separated blocks; an optional
``---`` front matter declares the language and the translation set."""

from __future__ import annotations

from transcheck.corpus.decode import NotText, decode, normalise
from transcheck.corpus.readers import Read, Source
from transcheck.corpus.readers.common import paragraph_spans, split_front_matter, text_document


def read_text(source: Source) -> Read:
    decoded = decode(source.data)
    if not decoded.text.strip():
        raise NotText("empty file")
    text, declared, meta = split_front_matter(normalise(decoded.text))
    return text_document(source, decoded, text, paragraph_spans(text), declared, meta)
