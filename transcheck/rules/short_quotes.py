"""Short quotations (one to three words, scare quotes) aligned by the sentence around them.

A one-word quotation has no words of its own to align on: "will be “destroyed”" and "will
be “eliminated”" are one quotation only because the sentences around them say the same
thing, about the same people. Two short quotations are one when their sentences share most
content words (outside the quotes) and name the same people; a different quoted word is then
drift. Within one language quotations are verbatim, so any change counts; across languages
(a back-translation picks its own synonyms) only an opposite does (closed / open).

Reported under `quote-drift` with the readings and the documents that carry them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from transcheck.align.common import UnionFind, comparable_text, jaccard, sentence_span
from transcheck.lexicon import opposite, tokens, word_key
from transcheck.model import Finding
from transcheck.textnorm import content_words, name_tokens, slug

MAX_WORDS = 3
MIN_FRAME = 4  # content words around the quotation, both sides
FRAME_OVERLAP = 0.6
MAX_DF = 50  # a frame word shared by more short quotations than this links nothing


@dataclass(frozen=True)
class ShortQuote:
    doc: str
    lang: str | None
    native: bool
    start: int
    end: int
    text: str  # as written
    pivot: str  # in the comparison language
    cmp_lang: str
    words: frozenset[str]  # content words of the quotation (folded keys)
    frame: frozenset[str]  # content words of its sentence outside the quotation
    names: frozenset[str]  # heads of the names in its sentence (the speaker among them)
    context: str


def _items(ctx, clustered: set[tuple[str, int]]) -> list[ShortQuote]:
    out = []
    for doc_id in sorted(ctx.extractions):
        ext = ctx.extractions[doc_id]
        doc = ctx.documents[doc_id]
        for q in ext.quotes:
            if (doc_id, q.start) in clustered or not 0 < len(tokens(q.text)) <= MAX_WORDS:
                continue
            span = sentence_span(ext, q.start, q.end)
            got = comparable_text(ctx, doc_id, q.start, q.end)
            sent = comparable_text(ctx, doc_id, *span) if span else None
            if got is None or sent is None or got[1] != sent[1]:
                continue
            pivot, cmp_lang = got
            words = frozenset(word_key(w) for w in content_words(pivot, cmp_lang))
            if not words:
                continue
            names = frozenset(
                parts[-1]
                for m in ext.names
                if span[0] <= m.start < span[1] and not (q.start <= m.start < q.end)
                if (parts := name_tokens(m.text))
            )
            frame = (
                frozenset(word_key(w) for w in content_words(sent[0], cmp_lang))
                - words
                - {word_key(n) for n in names}
            )
            out.append(
                ShortQuote(
                    doc_id,
                    doc.lang,
                    doc.lang == ctx.pivot,
                    q.start,
                    q.end,
                    q.text,
                    pivot,
                    cmp_lang,
                    words,
                    frame,
                    names,
                    sent[0],
                )
            )
    return out


def _same_quotation(a: ShortQuote, b: ShortQuote) -> bool:
    if a.doc == b.doc or a.cmp_lang != b.cmp_lang:
        return False
    if a.names and b.names and not a.names & b.names:
        return False
    if len(a.frame) < MIN_FRAME or len(b.frame) < MIN_FRAME:
        return False
    return jaccard(a.frame, b.frame) >= FRAME_OVERLAP


def _drift(a: ShortQuote, b: ShortQuote) -> bool:
    if a.words == b.words or a.words <= b.words or b.words <= a.words:
        return False
    if a.native and b.native:
        return True  # quoted in the same language: the words themselves should be the same
    return any(opposite(x, y, a.cmp_lang) for x in a.words - b.words for y in b.words - a.words)


def short_quote_findings(ctx, rule: str, clustered: set[tuple[str, int]]) -> Iterator[Finding]:
    """Drift between short quotations whose sentences say the same (``clustered``: quotes
    the statement alignment already covers, as (doc, start))."""
    items = _items(ctx, clustered)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        for w in sorted(it.frame):
            postings[w].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > MAX_DF:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                shared[(i, j)] += 1
    uf = UnionFind(len(items))
    linked = False
    for (i, j), n in sorted(shared.items()):
        if n >= MIN_FRAME and _same_quotation(items[i], items[j]) and _drift(items[i], items[j]):
            uf.union(i, j)
            linked = True
    if not linked:
        return
    for group in uf.groups():
        if len(group) < 2:
            continue
        members = sorted((items[i] for i in group), key=lambda it: (it.doc, it.start))
        readings: dict[frozenset[str], list[ShortQuote]] = {}
        for it in members:
            readings.setdefault(it.words, []).append(it)
        if len(readings) < 2:
            continue
        ranked = sorted(
            readings.values(), key=lambda g: (-len({m.doc for m in g}), g[0].pivot.casefold())
        )
        parts = []
        for g in ranked:
            n = len({m.doc for m in g})
            parts.append(f"'{g[0].pivot}' ({n} doc{'s' * (n != 1)})")
        changes = f"{ranked[0][0].pivot} → {ranked[1][0].pivot}"
        yield Finding(
            rule=rule,
            severity="warning",
            key="q:" + slug(" ".join(sorted(ranked[0][0].frame)[:3]) + " " + ranked[0][0].pivot),
            message=(
                f"The same short quotation, in sentences that say the same, is rendered "
                f"{len(ranked)} ways: " + " vs ".join(parts) + f" [{changes}]"
            ),
            occurrences=tuple(
                ctx.occurrence(
                    m.doc, m.start, m.end, pivot_text=None if m.lang == ctx.pivot else m.pivot
                )
                for g in ranked
                for m in g
            ),
            evidence=(
                ("changes", [changes]),
                (
                    "readings",
                    [{"text": g[0].pivot, "docs": sorted({m.doc for m in g})} for g in ranked],
                ),
                *_majority(ranked),
            ),
        )


def _majority(ranked: list[list[ShortQuote]]) -> tuple:
    """The reading more documents share than any other is the reference (none on a tie)."""
    docs = [sorted({m.doc for m in g}) for g in ranked]
    if len(docs[0]) > len(docs[1]):
        return (("reference", {"by": "majority", "docs": docs[0], "text": ranked[0][0].pivot}),)
    return ()
