"""Rule `quote-drift`: one quotation rendered with different meaning-bearing wording.

The alignment gathers the renderings of one statement (on pivot-language text). Here they are
split into *readings*: renderings that say the same thing. A partial quote is part of a longer
one, not drift; back-translations of a faithful translation differ by synonyms, so renderings
from different languages are compatible when their chrF is high. Two readings that share little
wording are drift. Within one language quotations should be verbatim, so any change of content
words there is drift too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from transcheck.align import QuoteItem, UnionFind, chrf, containment
from transcheck.model import Finding
from transcheck.rules import register
from transcheck.rules.base import AuditContext, Rule

CROSS_LANGUAGE_COMPATIBLE_CHRF = 60.0
CROSS_LANGUAGE_COMPATIBLE_CONTAINMENT = 0.75
SUBSTANTIAL_CONTAINMENT = 0.5


def compatible(a: QuoteItem, b: QuoteItem) -> bool:
    """Do two renderings of one statement say the same thing (allowing partial quotes)?"""
    share = containment(a.word_set, b.word_set)
    if a.lang == b.lang:
        return share >= 1.0
    return share >= CROSS_LANGUAGE_COMPATIBLE_CONTAINMENT or (
        chrf(a.pivot, b.pivot) >= CROSS_LANGUAGE_COMPATIBLE_CHRF
    )


def readings(items: list[QuoteItem]) -> list[list[QuoteItem]]:
    uf = UnionFind(len(items))
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if compatible(a, items[j]):
                uf.union(i, j)
    groups = [[items[i] for i in g] for g in uf.groups()]
    return sorted(groups, key=lambda g: (-len({m.doc for m in g}), _representative(g).pivot))


def _representative(group: list[QuoteItem]) -> QuoteItem:
    counts = Counter(m.pivot.casefold() for m in group)
    return min(
        group, key=lambda m: (-counts[m.pivot.casefold()], len(m.pivot), m.doc, m.quote.start)
    )


def _substantial(g1: list[QuoteItem], g2: list[QuoteItem]) -> bool:
    best = max(containment(a.word_set, b.word_set) for a in g1 for b in g2)
    return best < SUBSTANTIAL_CONTAINMENT


def _same_language(g1: list[QuoteItem], g2: list[QuoteItem]) -> bool:
    return bool({m.lang for m in g1} & {m.lang for m in g2})


@register
class QuoteDrift(Rule):
    name = "quote-drift"
    default_severity = "warning"
    description = "one quotation rendered with different meaning-bearing wording"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        alignment = ctx.alignment
        if alignment is None:
            return []
        findings = []
        for cluster in alignment.quote_clusters:
            groups = readings(cluster.items)
            if len(groups) < 2:
                continue
            serious = any(
                _same_language(g1, g2) or _substantial(g1, g2)
                for i, g1 in enumerate(groups)
                for g2 in groups[i + 1 :]
            )
            reps = [_representative(g) for g in groups]
            all_words = [set(r.words) for r in reps]
            differing = {
                r.pivot: sorted(
                    set(r.words) - set().union(*(w for k, w in enumerate(all_words) if k != i))
                )
                for i, r in enumerate(reps)
            }
            parts = [
                f"'{r.pivot}' ({len({m.doc for m in g})} doc{'s' * (len({m.doc for m in g}) != 1)})"
                for r, g in zip(reps, groups, strict=True)
            ]
            message = f"The same quotation is rendered {len(groups)} ways: " + " vs ".join(parts)
            occurrences = tuple(
                ctx.occurrence(
                    m.doc,
                    m.quote.start,
                    m.quote.end,
                    pivot_text=None if m.lang == ctx.pivot else m.pivot,
                )
                for g in groups
                for m in sorted(g, key=lambda m: (m.doc, m.quote.start))
            )
            findings.append(
                Finding(
                    rule=self.name,
                    severity="warning" if serious else "info",
                    key=cluster.key,
                    message=message,
                    occurrences=occurrences,
                    evidence=(
                        (
                            "chrf",
                            round(
                                min(
                                    chrf(a.pivot, b.pivot) for a in reps for b in reps if a is not b
                                ),
                                1,
                            ),
                        ),
                        ("differing_words", differing),
                        (
                            "readings",
                            [
                                {"text": r.pivot, "docs": sorted({m.doc for m in g})}
                                for r, g in zip(reps, groups, strict=True)
                            ],
                        ),
                    ),
                )
            )
        return findings
