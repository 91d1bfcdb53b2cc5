"""Extraction of sentences, quotations, names and numbers from one document.

Everything here is rule-based and offline; language knowledge lives in ``langdata``.
``extract_document`` is what the pipeline calls; the individual extractors are public for
the alignment and rule code:

- ``split_sentences(text, lang, start, end)`` -> list[Sentence]
- ``find_quotes(text, lang)`` -> list[Quote] (with speakers)
- ``find_names(text, lang, sentences, lowercase_vocab)`` -> list[NameMention]
- ``find_numbers(text, lang)`` -> list[NumberMention]; ``parse_number(text, lang)``
"""

from __future__ import annotations

from transcheck.extract.names import find_names, lowercase_words
from transcheck.extract.numbers import find_numbers, parse_number
from transcheck.extract.quotes import attribute_speakers, find_quotes, paragraph_spans, scan_quotes
from transcheck.extract.sentences import split_sentences
from transcheck.model import Document, Extraction, Sentence

__all__ = [
    "extract_document",
    "find_names",
    "find_numbers",
    "find_quotes",
    "lowercase_words",
    "parse_number",
    "split_sentences",
]


def _paragraphs(doc: Document) -> list[tuple[int, int]]:
    """Paragraph spans from the loader when present, else blank-line blocks of the text."""
    n = len(doc.text)
    spans = sorted((max(0, p.start), min(n, p.end)) for p in doc.paragraphs if 0 <= p.start < p.end)
    if not spans:
        return paragraph_spans(doc.text)
    out: list[tuple[int, int]] = []
    last = 0
    for s, e in spans:
        s = max(s, last)
        if e > s:
            # A paragraph given by the loader may itself contain blank lines.
            out.extend(paragraph_spans(doc.text, s, e))
            last = e
    return out


def extract_document(
    doc: Document,
    lowercase_vocab: set[str] | None = None,
    probes: set[str] | None = None,
    own_words: set[str] | None = None,
) -> Extraction:
    """Sentences, quotations, names and numbers of ``doc`` (spans into ``doc.text``).

    ``lowercase_vocab`` (words seen lowercased in the corpus) helps drop sentence-initial
    common words from names; by default the document's own lowercase words are used.
    ``probes`` collects the words whose presence in a bigger vocabulary would change the
    names (:func:`transcheck.extract.names.find_names`). ``own_words``:
    ``lowercase_words(doc.text)`` when the caller has it (not changed).
    """
    text = doc.text
    lang = doc.lang
    paragraphs = _paragraphs(doc)
    sentences: list[Sentence] = []
    for ps, pe in paragraphs:
        sentences.extend(split_sentences(text, lang, ps, pe))
    quotes = attribute_speakers(text, scan_quotes(text, paragraphs), lang)
    vocab = set(own_words) if own_words is not None else lowercase_words(text)
    if lowercase_vocab:
        vocab |= lowercase_vocab
    names = find_names(text, lang, sentences, vocab, probes)
    numbers = find_numbers(text, lang)
    return Extraction(
        doc_id=doc.id, sentences=sentences, quotes=quotes, names=names, numbers=numbers
    )
