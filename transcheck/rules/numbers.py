"""Rule `number-mismatch`: one figure (count, amount, percentage) differs across renderings.

The alignment links figures that state the same fact: same unit or noun after the number in
the pivot language, the same sentence context, and no conflicting names. Different exact values
are a warning. When one side is hedged ("more than 3,000", "about 3,800") and the values are
consistent with the hedge, the difference is reported as info: both may be true.
"""

from __future__ import annotations

from collections.abc import Iterable

from transcheck.align import NumberItem
from transcheck.align.facts import mention_of, pivot_sentence
from transcheck.context import AuditContext
from transcheck.extract.numbers import MEASURES
from transcheck.model import Finding, NumberMention
from transcheck.rules import register
from transcheck.rules.base import Rule

APPROX_TOLERANCE = 0.1


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


# Factors between common imperial and metric units (km/mile, kg/lb, m/ft, cm/in, l/gal, ha/acre).
CONVERSIONS = (1.609344, 0.45359237, 0.3048, 2.54, 3.785411784, 0.40468564, 0.90718474)
CONVERSION_TOLERANCE = 0.03


def converted(va: float, vb: float) -> bool:
    """Is one value the other in another unit (80 °F = 27 °C, 10 miles = 16 km)?"""
    if not va or not vb:
        return False
    for x, y in ((va, vb), (vb, va)):
        if abs((x - 32) * 5 / 9 - y) <= 1.0:
            return True
        for factor in CONVERSIONS:
            if abs(x * factor - y) <= CONVERSION_TOLERANCE * abs(y):
                return True
    return False


def consistent(a: NumberMention, b: NumberMention, unit: str | None) -> bool:
    """Could both statements of a figure of ``unit`` be true at once, given their
    qualifiers and units?"""
    va, vb = a.value, b.value
    qa, qb = a.qualifier, b.qualifier
    if va == vb:
        return True
    unit = (unit or "").split(":")[-1]
    if unit.startswith(MEASURES) and converted(va, vb):
        return True
    for (x, qx), (y, _) in (((va, qa), (vb, qb)), ((vb, qb), (va, qa))):
        if qx == "over" and y > x:
            return True
        if qx == "under" and y < x:
            return True
        if qx == "approx" and abs(x - y) <= APPROX_TOLERANCE * max(abs(x), abs(y)):
            return True
    return False


def _what(item: NumberItem, mention: NumberMention) -> str:
    """What a figure counts, for the message: 'people', 'the amount (USD)', 'the percentage'."""
    kind = mention.kind
    if kind.startswith("money"):
        code = kind.partition(":")[2]
        return f"the amount ({code})" if code else "the amount"
    if kind == "percent":
        return "the percentage"
    return f"'{(item.unit or '').rpartition(':')[2]}'"


def _label(mention: NumberMention) -> str:
    q = {"over": "more than ", "under": "fewer than ", "approx": "about "}.get(
        mention.qualifier or "", ""
    )
    return f"{q}{_fmt(mention.value)}"


@register
class NumberMismatch(Rule):
    name = "number-mismatch"
    default_severity = "warning"
    description = "one figure (count, amount, percentage) differs across renderings"
    shows_pivot = True

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        findings = []
        for cluster in ctx.alignment.number_clusters if ctx.alignment else ():
            items = cluster.items
            # A document giving two different values for the "fact" means these are two facts.
            per_doc: dict[str, set[float]] = {}
            for it in items:
                per_doc.setdefault(it.doc, set()).add(it.value)
            if any(len(v) > 1 for v in per_doc.values()):
                continue
            values = sorted({it.value for it in items})
            if len(values) < 2:
                continue
            mentions = [mention_of(ctx, it) for it in items]
            unit = items[0].unit
            conflicting = any(
                not consistent(a, b, unit)
                for i, a in enumerate(mentions)
                for b in mentions[i + 1 :]
            )
            labels: dict[str, list[str]] = {}
            for it, m in sorted(
                zip(items, mentions, strict=True), key=lambda p: (p[0].value, p[0].doc)
            ):
                docs = labels.setdefault(_label(m), [])
                if it.doc not in docs:
                    docs.append(it.doc)
            parts = [f"{lab} ({', '.join(docs)})" for lab, docs in labels.items()]
            message = f"The figure for {_what(items[0], mentions[0])} differs: " + " vs ".join(
                parts
            )
            if not conflicting:
                message += " (both can be true: hedged wording or a unit conversion)"
            occurrences = tuple(
                ctx.occurrence(it.doc, m.start, m.end, pivot_text=pivot_sentence(ctx, it))
                for it, m in sorted(
                    zip(items, mentions, strict=True), key=lambda p: (p[0].doc, p[1].start)
                )
            )
            findings.append(
                Finding(
                    rule=self.name,
                    severity="warning" if conflicting else "info",
                    key=cluster.key,
                    message=message,
                    occurrences=occurrences,
                    evidence=(("values", {lab: docs for lab, docs in labels.items()}),),
                )
            )
        return findings
