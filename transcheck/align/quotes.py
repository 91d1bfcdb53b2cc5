"""Aligning quotations: the same statement quoted (maybe partially, maybe drifted) across documents."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from transcheck.align.common import (
    LONG_SENTENCE,
    Stories,
    UnionFind,
    chrf_at_least,
    comparable_text,
    containment,
    forget_char_ngrams,
    jaccard,
    sentence_span,
    unique_keys,
)
from transcheck.align.kept import (
    KEPT,
    Units,
    doc_signatures,
    kept_part,
    node_owner,
    places,
    scored_pairs,
)
from transcheck.context import AuditContext
from transcheck.model import Quote
from transcheck.textnorm import content_words, name_tokens


@dataclass(slots=True)  # one per quotation of the corpus: no per-object dict
class QuoteItem:
    doc: str
    lang: str | None  # language of the document
    cmp_lang: str  # language the comparison text is in (pivot, or the original if untranslated)
    quote: Quote
    pivot: str  # the quotation in cmp_lang
    context: str  # the sentence around it in cmp_lang
    words: tuple[str, ...]  # content words of pivot
    ctx_words: frozenset[str]  # content words of the sentence, minus the quote's own
    native: bool = False  # written in the pivot language (no translation in between)
    shared_frame: bool = False  # its sentence holds other quotes too: the frame is ambiguous

    @property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)


@dataclass
class QuoteCluster:
    key: str
    items: list[QuoteItem]


# --------------------------------------------------------------------------- quotations

MIN_QUOTE_WORDS = 2  # content words; shorter quotes ("fake news") are labels, not statements


def quote_items(ctx: AuditContext) -> list[QuoteItem]:
    """The items :func:`align_quotes` aligns (the same list in any process of the audit):
    the quotations of every document, in document order: each document's from the kept
    records when they are there (they depend on nothing but the document and its analysis),
    and kept there when found now."""
    kept = ctx.shared.get(KEPT)
    items: list[QuoteItem] = []
    # one object per value across documents (a quotation's words, its frame's words, its
    # rendering): at 3,000 generated articles 17,919 frames held 1,559 word sets
    pool: dict = {}
    for doc_id in sorted(ctx.extractions):
        got = kept_part(ctx, doc_id, "quotes", _decode_items)
        if got is None:
            got = _doc_quote_items(ctx, doc_id)
            if kept is not None:
                kept.put(doc_id, "quotes", _encode_items(ctx.extractions[doc_id], got))
        for it in got:
            it.pivot = pool.setdefault(it.pivot, it.pivot)
            it.words = pool.setdefault(it.words, it.words)
            it.ctx_words = pool.setdefault(it.ctx_words, it.ctx_words)
        items.extend(got)
    return items


def _encode_items(ext, items: list[QuoteItem]) -> list:
    """A document's quotation items as JSON values."""
    at: dict[Quote, int] = {}  # (by value: the lists may be read back anew, see textspill)
    for i, q in enumerate(ext.quotes):
        at.setdefault(q, i)
    return [
        [
            at[it.quote],
            it.cmp_lang,
            it.pivot,
            it.context,
            list(it.words),
            sorted(it.ctx_words),
            it.native,
            it.shared_frame,
        ]
        for it in items
    ]


def _decode_items(ctx: AuditContext, doc_id: str, raw: list) -> list[QuoteItem]:
    """The items of :func:`_encode_items`, as :func:`_doc_quote_items` finds them."""
    ext = ctx.extractions[doc_id]
    lang = ctx.documents[doc_id].lang
    return [
        QuoteItem(
            doc_id,
            lang,
            cmp_lang,
            ext.quotes[at],
            pivot,
            context,
            tuple(words),
            frozenset(ctx_words),
            native=bool(native),
            shared_frame=bool(shared_frame),
        )
        for at, cmp_lang, pivot, context, words, ctx_words, native, shared_frame in raw
    ]


def _doc_quote_items(ctx: AuditContext, doc_id: str) -> list[QuoteItem]:
    """The quotations of one document worth aligning, with their comparison text and frame."""
    items: list[QuoteItem] = []
    ext = ctx.extractions[doc_id]
    doc = ctx.documents[doc_id]
    rendered = {}
    for q in ext.quotes:
        got = comparable_text(ctx, doc_id, q.start, q.end)
        if got is not None:
            rendered[(q.start, q.end)] = (got[0], got[1], tuple(content_words(*got)))
    frames: dict[tuple[int, int], tuple[str, frozenset[str], int]] = {}
    index = _SpanIndex(ext)
    for q in ext.quotes:
        if (q.start, q.end) not in rendered:
            continue
        pivot_text, cmp_lang, words = rendered[(q.start, q.end)]
        if len(words) < MIN_QUOTE_WORDS:
            continue
        span = sentence_span(ext, q.start, q.end)
        if span is not None and span not in frames:
            frames[span] = _quote_frame(ctx, doc_id, span, rendered, index)
        context, ctx_words, quotes_in_frame = frames.get(span, ("", frozenset(), 1))
        items.append(
            QuoteItem(
                doc_id,
                doc.lang,
                cmp_lang,
                q,
                pivot_text,
                context,
                words,
                ctx_words - set(words),
                native=doc.lang == ctx.pivot,
                shared_frame=quotes_in_frame > 1,
            )
        )
    return items


class _SpanIndex:
    """A document's quotations and names sorted by start, to find those of a sentence by
    bisection (a document's cost grows with its size, not with its quotations squared)."""

    def __init__(self, ext) -> None:
        self.quotes = sorted(ext.quotes, key=lambda q: (q.start, q.end))
        self.quote_starts = [q.start for q in self.quotes]
        self.max_end: list[int] = []  # the furthest end among quotes[0..i]
        furthest = -1
        for q in self.quotes:
            furthest = max(furthest, q.end)
            self.max_end.append(furthest)
        self.names = sorted(ext.names, key=lambda m: m.start)
        self.name_starts = [m.start for m in self.names]

    def quotes_overlapping(self, start: int, end: int) -> list:
        hi = bisect_left(self.quote_starts, end)  # quotes starting before the span ends
        found = []
        i = hi - 1
        while i >= 0 and self.max_end[i] > start:
            q = self.quotes[i]
            if q.end > start:
                found.append(q)
            i -= 1
        return found

    def names_starting_in(self, start: int, end: int) -> list:
        lo, hi = bisect_left(self.name_starts, start), bisect_left(self.name_starts, end)
        return self.names[lo:hi]


def _quote_frame(
    ctx, doc_id: str, span: tuple[int, int], rendered: dict, index: _SpanIndex | None = None
):
    """The words said around the quotations of one sentence, and how many quotations it holds.

    The frame is what is said around the quotes, not another quote beside it; names in it are
    the speaker's, which the speaker check covers.
    """
    if span[1] - span[0] > LONG_SENTENCE:
        return "", frozenset(), 1
    index = index or _SpanIndex(ctx.extractions[doc_id])
    got = comparable_text(ctx, doc_id, *span)
    if got is None:
        return "", frozenset(), 1
    context, cmp_lang = got
    excluded: set[str] = set()
    count = 0
    for q in index.quotes_overlapping(*span):
        count += 1
        if (q.start, q.end) in rendered:
            excluded.update(rendered[(q.start, q.end)][2])
    for m in index.names_starting_in(*span):
        excluded.update(name_tokens(m.text))
    return context, frozenset(content_words(context, cmp_lang)) - excluded, count


def speaker_key(item: QuoteItem) -> str | None:
    if not item.quote.speaker:
        return None
    parts = name_tokens(item.quote.speaker)
    return parts[-1] if parts else None


MIN_FRAME_WORDS = 4  # a frame of fewer content words ("X said on Friday") links nothing
FRAME_OVERLAP = 0.5


def context_linked(a: QuoteItem, b: QuoteItem) -> bool:
    """Same speaker (or none named) and the same sentence around the quote.

    This is how "fire without warning" meets "shoot to kill": different words, one frame.
    """
    sa, sb = speaker_key(a), speaker_key(b)
    if sa and sb and sa != sb:
        return False
    if a.shared_frame or b.shared_frame:
        return False
    # A named speaker on both sides vouches for a shorter frame.
    needed = MIN_FRAME_WORDS - 1 if sa and sa == sb else MIN_FRAME_WORDS
    if len(a.ctx_words) < needed or len(b.ctx_words) < needed:
        return False
    return jaccard(a.ctx_words, b.ctx_words) >= FRAME_OVERLAP


def quotes_same_statement(a: QuoteItem, b: QuoteItem) -> bool:
    """Are two quotations renderings (maybe partial, maybe drifted) of one statement?"""
    if a.doc == b.doc or a.cmp_lang != b.cmp_lang:
        return False
    wa, wb = a.word_set, b.word_set
    shared = len(wa & wb)
    if shared >= 3 and containment(wa, wb) >= 0.6:
        return True
    if shared >= 2 and (containment(wa, wb) == 1.0 or chrf_at_least(a.pivot, b.pivot, 55)):
        return chrf_at_least(a.pivot, b.pivot, 40)
    if chrf_at_least(a.pivot, b.pivot, 60):
        return True
    return context_linked(a, b)


# A word or frame word shared by more distinct quotations than this says nothing about which
# belong together; leaving it out of the index keeps pairing near-linear in the corpus size.
MAX_QUOTE_DF = 200
FRAMES_TRIED = 4  # copies of one rendering whose frames are tried for a link


def encode_clusters(clusters: list[QuoteCluster], items: list[QuoteItem]) -> list:
    """Clusters as JSON values: each one's key and its items' places in ``items``."""
    at = {id(it): i for i, it in enumerate(items)}
    return [[c.key, [at[id(m)] for m in c.items]] for c in clusters]


def decode_clusters(raw: list, items: list[QuoteItem]) -> list[QuoteCluster]:
    """The clusters of :func:`encode_clusters`, made of ``items``."""
    return [QuoteCluster(key=str(key), items=[items[i] for i in at]) for key, at in raw]


def align_quotes(
    ctx: AuditContext, stories: Stories | None = None, items: list[QuoteItem] | None = None
) -> list[QuoteCluster]:
    """Clusters of the renderings of one statement across documents (``items``: the
    :func:`quote_items` of ``ctx``, when the caller has them)."""
    if items is None:
        items = quote_items(ctx)
    if len(items) < 2:
        return []
    # Identical renderings are one node (a syndicated quote is the same statement everywhere).
    nodes: dict[tuple[str, str], list[int]] = {}
    for i, it in enumerate(items):
        nodes.setdefault((it.cmp_lang, " ".join(it.pivot.casefold().split())), []).append(i)
    node_items = list(nodes.values())
    reps = [items[members[0]] for members in node_items]
    tokens = [[f"q:{w}" for w in it.words] + [f"c:{w}" for w in it.ctx_words] for it in reps]

    def score(i: int, j: int) -> tuple[float, float] | None:
        a, b = reps[i], reps[j]
        if stories is not None and not stories.related(a.doc, b.doc):
            return None
        if quotes_same_statement(a, b) or any(
            # copies share their words, not their frames: a few of them may vouch for the link
            x.doc != y.doc and context_linked(x, y)
            for x in (items[k] for k in node_items[i][:FRAMES_TRIED])
            for y in (items[k] for k in node_items[j][:FRAMES_TRIED])
        ):
            # best links first: shared words, then characters (the cheap edit ratio orders)
            return (-containment(a.word_set, b.word_set), -fuzz.ratio(a.pivot, b.pivot))
        return None

    docs = doc_signatures(ctx, stories)
    units = None
    if docs is not None:  # a node of one quotation: its document and place; else its items
        at = places(items)
        units = Units(
            [
                docs[items[m[0]].doc]
                if len(m) == 1
                else node_owner((docs[items[k].doc], at[k]) for k in m)
                for m in node_items
            ],
            [at[m[0]] if len(m) == 1 else 0 for m in node_items],
        )
    scored = scored_pairs(ctx, "quotes", units, tokens, score, min_shared=2, max_df=MAX_QUOTE_DF)
    forget_char_ngrams()  # (the pairs are scored: the figures need that memory more)
    # Best links first; two quotations of one document are never merged through others
    # (that chain is how different statements of one speaker would end up together).
    node_uf = UnionFind(len(node_items))
    docs = {n: {items[i].doc for i in members} for n, members in enumerate(node_items)}
    for *_, i, j in sorted(scored):
        ri, rj = node_uf.find(i), node_uf.find(j)
        if ri == rj or docs[ri] & docs[rj]:
            continue
        node_uf.union(ri, rj)
        docs[node_uf.find(ri)] = docs[ri] | docs[rj]
    uf = UnionFind(len(items))
    for group in node_uf.groups():
        every = [i for n in group for i in node_items[n]]
        for i in every[1:]:
            uf.union(every[0], i)
    clusters = []
    for group in uf.groups():
        members = [items[i] for i in group]
        if len({m.doc for m in members}) < 2:
            continue
        common = Counter(m.pivot.casefold() for m in members).most_common()
        best = min(common, key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        clusters.append(QuoteCluster(key="q:" + "-".join(content_words(best)[:5]), items=members))
    return unique_keys(clusters)
