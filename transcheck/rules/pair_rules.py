"""The checks of :mod:`transcheck.rules.pairs` registered under the report's rule names.

One check may file findings under two names (the meaning check: `quote-drift` inside quotation
marks, `meaning-drift` outside; the omission check: `omission` and `addition`): it runs once
per audit and each rule keeps its own findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from transcheck.context import AuditContext
from transcheck.model import Finding
from transcheck.rules import register
from transcheck.rules.base import Rule
from transcheck.rules.pairs import (
    calendar_findings,
    figure_findings,
    key_term_findings,
    meaning_findings,
    name_findings,
    omission_findings,
)


class _PairRule(Rule):
    """A rule over the aligned pairs of translation sets; ``run`` computes its findings."""

    shared: str | None = None  # checks filing under several names run once, under this key
    primary = False  # where a cross-article checker has the same name, it describes the rule
    on_pairs = True

    @staticmethod
    def run(ctx: AuditContext) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        if self.shared is None:
            return self.run(ctx)
        run: Callable[[AuditContext], Iterable[Finding]] = self.run
        findings = ctx.computed(self.shared, lambda: run(ctx))
        return [f for f in findings if f.rule == self.name]


@register
class PairFigures(_PairRule):
    name = "number-mismatch"
    description = "a figure or date of a source sentence differs in its aligned translation"

    @staticmethod
    def run(ctx: AuditContext) -> Iterable[Finding]:
        yield from figure_findings(ctx)
        yield from calendar_findings(ctx)


@register
class PairNames(_PairRule):
    name = "name-variant"
    description = "a name respelled, re-hyphenated or cut short in an aligned translation"
    run = staticmethod(name_findings)


@register
class PairQuoteDrift(_PairRule):
    name = "quote-drift"
    description = "a quotation whose back-translation changes the source's meaning"
    shared = "meaning"
    run = staticmethod(meaning_findings)


@register
class MeaningDrift(PairQuoteDrift):
    name = "meaning-drift"
    description = "an aligned sentence (outside quotation marks) whose meaning changed"
    shows_pivot = True


@register
class Omission(_PairRule):
    name = "omission"
    description = "a source sentence carrying a fact has no counterpart in a translation"
    shared = "omission"
    run = staticmethod(omission_findings)


@register
class Addition(Omission):
    name = "addition"
    default_severity = "info"
    description = "a translation sentence carrying a fact has no counterpart in its source"


@register
class GlossaryKeyTerm(_PairRule):
    name = "glossary-key-term"
    description = (
        "a glossary term of a source sentence has no approved rendering in its translation"
    )
    run = staticmethod(key_term_findings)
