"""Cross-document alignment: the same quotation, entity and figure across documents.

Everything here is indexed, never all-pairs over every span: quotations are paired through an
inverted index of content words (of the quote and of its sentence), name forms through blocks
of similar tokens, figures through (kind, unit) buckets refined by context words. Pairs that
pass a similarity test are merged with union-find. Rules then look inside each cluster.

Quotations and figures are compared on their pivot-language rendering (the document's own
text when it is written in the pivot language, else its back-translation); names on the
original spelling, because spelling is what drifts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from transcheck import heap
from transcheck.align.common import (
    Stories,
    UnionFind,
    candidate_pairs,
    chrf,
    chrf_at_least,
    containment,
    jaccard,
)
from transcheck.align.names import (
    NameForm,
    RenamedPair,
    VariantPair,
    at_sentence_start,
    collect_name_forms,
    find_name_variants,
    find_renamed,
    given_names_similar,
    is_common_words,
    names_to_protect,
    tokens_similar,
    translit_key,
)
from transcheck.align.numbers import NumberCluster, NumberItem, align_numbers, numbers_same_fact
from transcheck.align.places import PlaceGroup, find_place_groups
from transcheck.align.quotes import (
    QuoteCluster,
    QuoteItem,
    align_quotes,
    context_linked,
    decode_clusters,
    encode_clusters,
    quote_items,
    quotes_same_statement,
)
from transcheck.context import AuditContext


@dataclass
class Alignment:
    quote_clusters: list[QuoteCluster] = field(default_factory=list)
    name_forms: dict[str, NameForm] = field(default_factory=dict)
    name_variants: list[VariantPair] = field(default_factory=list)
    renamed: list[RenamedPair] = field(default_factory=list)
    number_clusters: list[NumberCluster] = field(default_factory=list)
    place_groups: list[PlaceGroup] = field(default_factory=list)


# --------------------------------------------------------------------------- entry point


def align(
    ctx: AuditContext,
    quotes_elsewhere: Callable[[list[QuoteItem]], list[QuoteCluster] | None] | None = None,
) -> Alignment:
    """Group the same quotation, entity and figure across the documents of an audit.

    ``quotes_elsewhere``: the quotation clusters as another process worked them out
    (:func:`name_stories`, :func:`align_quotes`), given this process's items; asked once
    the figures are aligned here, None when it has none (they are worked out here then)."""
    forms, stories = name_stories(ctx)
    if quotes_elsewhere is None:
        quote_clusters = align_quotes(ctx, stories)
    number_clusters = align_numbers(ctx, stories)
    heap.give_back()  # (the figure items of the whole corpus, let go but for the clusters')
    if quotes_elsewhere is not None:
        # (made after the figures: not held through their alignment, the audit's peak;
        # kept for the next audit here, as when aligned here)
        items = quote_items(ctx)
        got = quotes_elsewhere(items)
        quote_clusters = got if got is not None else align_quotes(ctx, stories, items)
    return Alignment(
        quote_clusters=quote_clusters,
        name_forms=forms,
        name_variants=find_name_variants(forms),
        renamed=find_renamed(ctx, forms),
        number_clusters=number_clusters,
        place_groups=find_place_groups(
            forms, {d: doc.lang or "und" for d, doc in ctx.documents.items()}
        ),
    )


def name_stories(ctx: AuditContext) -> tuple[dict[str, NameForm], Stories]:
    """The name forms of the corpus and the stories they tell apart (each document's name
    heads), as :func:`align` reads them."""
    forms = collect_name_forms(ctx)
    heads: dict[str, set[str]] = {}
    for form in forms.values():
        for doc in form.docs:
            heads.setdefault(doc, set()).add(form.tokens[-1])
    return forms, Stories(heads)


__all__ = [
    "Alignment",
    "NameForm",
    "NumberCluster",
    "NumberItem",
    "PlaceGroup",
    "QuoteCluster",
    "QuoteItem",
    "RenamedPair",
    "Stories",
    "UnionFind",
    "VariantPair",
    "align",
    "align_numbers",
    "align_quotes",
    "at_sentence_start",
    "candidate_pairs",
    "chrf",
    "chrf_at_least",
    "collect_name_forms",
    "containment",
    "context_linked",
    "decode_clusters",
    "encode_clusters",
    "find_name_variants",
    "find_place_groups",
    "find_renamed",
    "given_names_similar",
    "is_common_words",
    "jaccard",
    "name_stories",
    "names_to_protect",
    "numbers_same_fact",
    "quote_items",
    "quotes_same_statement",
    "tokens_similar",
    "translit_key",
]
