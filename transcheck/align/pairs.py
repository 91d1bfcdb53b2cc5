"""Aligned sentence pairs of every translation set: the unit the pair checks work on.

For each translation of a set, its sentences are aligned to the source's
(:mod:`transcheck.align.sentences`) and each link becomes an :class:`AlignedPair` with both
spans, both pivot-language views (the text itself in the pivot language, else its
back-translation when an engine covered it) and the link's confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from transcheck.align.sentences import CONFIDENT, align_documents, sentence_features
from transcheck.bilingual import given_links
from transcheck.context import AuditContext
from transcheck.model import Extraction, Link, PairRef, TranslationSet


@dataclass(frozen=True, slots=True)  # one per aligned sentence pair of the corpus
class AlignedPair:
    set_id: str
    source_doc: str
    target_doc: str
    src: tuple[int, ...]  # sentence indices in the source's extraction
    tgt: tuple[int, ...]
    confidence: float
    src_span: tuple[int, int] | None  # [start, end) covering the linked sentences
    tgt_span: tuple[int, int] | None
    src_pivot: str | None  # the source sentences in the pivot language, when known
    tgt_pivot: str | None

    def ref(self, ctx: AuditContext, score: float | None = None) -> PairRef:
        src_doc, tgt_doc = ctx.documents[self.source_doc], ctx.documents[self.target_doc]
        return PairRef(
            set=self.set_id,
            source_doc=self.source_doc,
            target_doc=self.target_doc,
            source_line=src_doc.line_of(self.src_span[0]) if self.src_span else 0,
            target_line=tgt_doc.line_of(self.tgt_span[0]) if self.tgt_span else 0,
            score=self.confidence if score is None else score,
        )


def pivot_views(ctx: AuditContext, doc_id: str) -> dict[int, str]:
    """Sentence index -> its text in the pivot language (original or back-translation)."""
    doc, ext = ctx.documents[doc_id], ctx.extractions[doc_id]
    out = {}
    for i, s in enumerate(ext.sentences):
        if doc.lang == ctx.pivot:
            out[i] = " ".join(doc.text[s.start : s.end].split())
        elif (s.start, s.end) in ext.pivot:
            out[i] = ext.pivot[(s.start, s.end)]
    return out


def _span(ext: Extraction, indices: tuple[int, ...]) -> tuple[int, int] | None:
    if not indices:
        return None
    return ext.sentences[indices[0]].start, ext.sentences[indices[-1]].end


def _join(view: dict[int, str], indices: tuple[int, ...]) -> str | None:
    if not indices or any(i not in view for i in indices):
        return None
    return " ".join(view[i] for i in indices)


# A translation found from content (not declared) must align like one: nearly every sentence
# linked, nearly every link confident. Different articles on one story share names and figures
# but not their sentences.
MIN_CONFIDENT_SHARE = 0.8
MAX_UNLINKED_SHARE = 0.1


def aligns_like_a_translation(links: list[Link]) -> bool:
    if not links:
        return False
    confident = sum(1 for k in links if k.confidence >= CONFIDENT) / len(links)
    unlinked = sum(1 for k in links if not k.src or not k.tgt) / len(links)
    return confident >= MIN_CONFIDENT_SHARE and unlinked <= MAX_UNLINKED_SHARE


def align_translation_sets(ctx: AuditContext) -> list[AlignedPair]:
    """Align every translation of every set to its source; store the links on the set.

    A detected (undeclared) translation that does not align like one leaves its set; a set
    left with no translation is dropped from ``ctx.translation_sets``."""
    pairs: list[AlignedPair] = []
    kept_sets = []
    for tset in ctx.translation_sets:
        src_id = tset.source
        src_doc, src_ext = ctx.documents[src_id], ctx.extractions[src_id]
        src_view = pivot_views(ctx, src_id)
        src_features = None  # (worked out once for all its translations)
        for tgt_id in sorted(tset.translations):
            tgt_doc, tgt_ext = ctx.documents[tgt_id], ctx.extractions[tgt_id]
            tgt_view = pivot_views(ctx, tgt_id)
            # back-translations help where the source is itself in the pivot language
            bt = tgt_view if src_doc.lang == ctx.pivot and tgt_doc.lang != ctx.pivot else None
            if src_doc.segments and tgt_doc.segments:  # a bilingual file: its own unit pairs
                links = given_links(src_doc, src_ext, tgt_doc, tgt_ext)
            else:
                if src_features is None:
                    src_features = sentence_features(src_doc, src_ext)
                links = align_documents(src_doc, src_ext, tgt_doc, tgt_ext, bt, src_features)
            if not tset.declared and not aligns_like_a_translation(links):
                tset.translations.remove(tgt_id)
                continue
            tset.links[tgt_id] = links
            pairs.extend(_pairs(tset, tgt_id, links, src_ext, tgt_ext, src_view, tgt_view))
        if tset.translations:
            kept_sets.append(tset)
    ctx.translation_sets[:] = kept_sets
    return pairs


def _pairs(
    tset: TranslationSet,
    tgt_id: str,
    links: list[Link],
    src_ext: Extraction,
    tgt_ext: Extraction,
    src_view: dict[int, str],
    tgt_view: dict[int, str],
) -> list[AlignedPair]:
    return [
        AlignedPair(
            set_id=tset.id,
            source_doc=tset.source,
            target_doc=tgt_id,
            src=link.src,
            tgt=link.tgt,
            confidence=link.confidence,
            src_span=_span(src_ext, link.src),
            tgt_span=_span(tgt_ext, link.tgt),
            src_pivot=_join(src_view, link.src),
            tgt_pivot=_join(tgt_view, link.tgt),
        )
        for link in links
    ]
