"""Build small audit contexts by hand, so alignment and rules are tested without the pipeline."""

from __future__ import annotations

import re

from transcheck.align import align
from transcheck.context import AuditContext
from transcheck.glossary import Glossary
from transcheck.model import Document, Extraction, NameMention, NumberMention, Quote, Sentence
from transcheck.rules import all_rules


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    start = starts[nth]
    return start, start + len(needle)


def make_doc(
    doc_id: str,
    lang: str,
    text: str,
    *,
    quotes: list[tuple[str, str | None]] = (),
    names: list[str] = (),
    numbers: list[tuple[str, float, str | None]] = (),
    pivot: dict[str, str] | None = None,
) -> tuple[Document, Extraction]:
    """A document whose sentences end at '. '; quotes = (text, speaker); numbers = (text, value, qualifier).

    ``pivot`` maps an original substring (a quote or a whole sentence) to its back-translation.
    """
    doc = Document(id=doc_id, path=f"{doc_id}.txt", text=text, lang=lang, lang_confidence=1.0)
    ext = Extraction(doc_id=doc_id)
    pos = 0
    for m in re.finditer(r"[^.!?]+[.!?]+\s*", text):
        s, e = m.start(), m.start() + len(m.group(0).rstrip())
        ext.sentences.append(Sentence(s, e))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        ext.sentences.append(Sentence(pos, len(text)))
    for qtext, speaker in quotes:
        s, e = span(text, qtext)
        ext.quotes.append(Quote(s, e, qtext, speaker))
    seen: dict[str, int] = {}
    for name in names:
        nth = seen.get(name, 0)
        seen[name] = nth + 1
        s, e = span(text, name, nth)
        ext.names.append(NameMention(s, e, name))
    for ntext, value, qualifier in numbers:
        s, e = span(text, ntext)
        ext.numbers.append(NumberMention(s, e, ntext, value, "count", qualifier))
    for original, rendered in (pivot or {}).items():
        ext.pivot[span(text, original)] = rendered
    return doc, ext


def make_ctx(*docs: tuple[Document, Extraction], glossary: Glossary | None = None) -> AuditContext:
    ctx = AuditContext(
        pivot="en",
        documents={d.id: d for d, _ in docs},
        extractions={d.id: e for d, e in docs},
        glossary=glossary or Glossary(),
    )
    ctx.alignment = align(ctx)
    return ctx


def run_rule(ctx: AuditContext, name: str):
    return list(all_rules()[name]().check(ctx))
