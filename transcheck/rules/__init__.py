"""Rules as plug-ins over one Finding record: the RULES table.

A rule is a class in a module of this package, registered with ``@register``; every module
here is imported by ``all_rules()``, so a new rule is one new module (plus its tests).
Several checkers may file findings under one rule name (the cross-document `number-mismatch`
and the one on aligned translation pairs): ``all_rules()`` gives one class per name that runs
them all, primary checkers first (they give the rule its severity and description).
"""

from __future__ import annotations

from collections.abc import Iterable

from transcheck.context import AuditContext
from transcheck.model import Finding
from transcheck.rules.base import Rule

RULES: dict[str, list[type[Rule]]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule (or one more checker of a rule) under its ``name``."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    checkers = RULES.setdefault(cls.name, [])
    if cls not in checkers:
        checkers.append(cls)
    return cls


def _combined(classes: list[type[Rule]]) -> type[Rule]:
    if len(classes) == 1:
        return classes[0]
    classes = sorted(classes, key=lambda cls: not cls.primary)  # stable
    first = classes[0]

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        for cls in classes:
            yield from cls().check(ctx)

    return type(first.__name__, (first,), {"check": check, "checkers": tuple(classes)})


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule; importing this package's modules registers the built-ins."""
    import importlib
    import pkgutil

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}")
    return {name: _combined(RULES[name]) for name in sorted(RULES)}


def pair_checkers() -> dict[str, type[Rule]]:
    """The rules that check aligned pairs of translation sets, each with those checkers
    alone (``Rule.on_pairs``)."""
    all_rules()
    return {
        name: _combined(pairs)
        for name in sorted(RULES)
        if (pairs := [cls for cls in RULES[name] if cls.on_pairs])
    }


__all__ = ["RULES", "AuditContext", "Rule", "all_rules", "pair_checkers", "register"]
