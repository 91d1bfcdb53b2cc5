"""The audit context: what the pipeline has computed so far, read by alignment and rules.

Built once per audit by ``audit.py`` and passed to ``align()`` and to every rule; rules never
mutate it (``shared`` memoises results several rules ask for).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transcheck.model import Document, Extraction, Occurrence

if TYPE_CHECKING:
    from transcheck.align import Alignment
    from transcheck.align.pairs import AlignedPair
    from transcheck.glossary import Glossary
    from transcheck.model import TranslationSet


@dataclass
class AuditContext:
    """What every rule may read. Rules never mutate it."""

    pivot: str
    documents: dict[str, Document]
    extractions: dict[str, Extraction]
    glossary: Glossary
    alignment: Alignment | None = None
    options: dict = field(default_factory=dict)
    # words seen written in lowercase, per language: evidence that a capitalised word is common
    lowercase_vocab: dict[str, set[str]] = field(default_factory=dict)
    translation_sets: list[TranslationSet] = field(default_factory=list)
    pairs: list[AlignedPair] = field(default_factory=list)  # aligned sentences of every set
    # results one check computes for several rules (meaning: quote-drift and meaning-drift)
    shared: dict = field(default_factory=dict)

    def computed(self, key: str, compute):
        """``compute()`` once per audit, shared by the rules that ask for ``key``."""
        if key not in self.shared:
            self.shared[key] = list(compute())
        return self.shared[key]

    def pivot_rendering(self, doc_id: str, start: int, end: int) -> str | None:
        """The back-translation of the smallest translated passage (quote or sentence) that
        holds the span, or None when nothing around it was translated."""
        ext = self.extractions.get(doc_id)
        if ext is None or not ext.pivot:
            return None
        return _smallest_covering(ext.pivot, start, end)

    def occurrence(
        self, doc_id: str, start: int, end: int, pivot_text: str | None = None
    ) -> Occurrence:
        """Build an occurrence for a span, with its line and surrounding sentence."""
        doc = self.documents[doc_id]
        ext = self.extractions.get(doc_id)
        context = ""
        if ext is not None:
            for s in ext.sentences:
                if s.start <= start and end <= s.end:
                    context = doc.text[s.start : s.end]
                    break
        if not context:
            lo = max(0, doc.text.rfind("\n", 0, start) + 1)
            hi = doc.text.find("\n", end)
            context = doc.text[lo : hi if hi != -1 else len(doc.text)]
        if len(context) > 600:
            lo = max(0, start - 250)
            context = doc.text[lo : min(len(doc.text), end + 250)]
        if pivot_text is None and ext is not None and doc.lang != self.pivot:
            pivot_text = self.pivot_rendering(doc_id, start, end)
        return Occurrence(
            doc=doc_id,
            lang=doc.lang,
            text=doc.text[start:end],
            start=start,
            end=end,
            line=doc.line_of(start),
            pivot_text=pivot_text,
            context=" ".join(context.split()),
        )


def _smallest_covering(pivot: dict[tuple[int, int], str], start: int, end: int) -> str | None:
    best = None
    for (a, b), text in pivot.items():
        if a <= start and end <= b and (best is None or b - a < best[0]):
            best = (b - a, text)
    return best[1] if best else None
