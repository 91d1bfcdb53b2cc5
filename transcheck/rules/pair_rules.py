"""The checks of :mod:`transcheck.rules.pairs` registered under the report's rule names."""

from __future__ import annotations

from collections.abc import Iterable

from transcheck.model import Finding
from transcheck.rules import register
from transcheck.rules.base import AuditContext, Rule
from transcheck.rules.pairs import (
    _Index,
    figure_findings,
    key_term_findings,
    meaning_findings,
    name_findings,
    omission_findings,
)


@register
class PairFigures(Rule):
    name = "number-mismatch"
    description = "a figure or date of a source sentence differs in its aligned translation"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return figure_findings(ctx, _Index(ctx))


@register
class PairNames(Rule):
    name = "name-variant"
    description = "a name respelled, re-hyphenated or cut short in an aligned translation"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return name_findings(ctx, _Index(ctx))


@register
class PairQuoteDrift(Rule):
    name = "quote-drift"
    description = "a quotation whose back-translation changes the source's meaning"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return (f for f in meaning_findings(ctx) if f.rule == self.name)


@register
class MeaningDrift(Rule):
    name = "meaning-drift"
    description = "an aligned sentence (outside quotation marks) whose meaning changed"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return (f for f in meaning_findings(ctx) if f.rule == self.name)


@register
class Omission(Rule):
    name = "omission"
    description = "a source sentence carrying a fact has no counterpart in a translation"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return (f for f in omission_findings(ctx, _Index(ctx)) if f.rule == self.name)


@register
class Addition(Rule):
    name = "addition"
    default_severity = "info"
    description = "a translation sentence carrying a fact has no counterpart in its source"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return (f for f in omission_findings(ctx, _Index(ctx)) if f.rule == self.name)


@register
class GlossaryKeyTerm(Rule):
    name = "glossary-key-term"
    description = (
        "a glossary term of a source sentence has no approved rendering in its translation"
    )

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        return key_term_findings(ctx)
