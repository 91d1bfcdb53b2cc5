"""Rules as plug-ins over one Finding record, registered explicitly here.

Several checkers may file findings under one rule name (the cross-document `number-mismatch`
and the one on aligned translation pairs): ``all_rules()`` gives one class per name that runs
them all, in registration order.
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
    first = classes[0]

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        for cls in classes:
            yield from cls().check(ctx)

    return type(first.__name__, (first,), {"check": check, "checkers": tuple(classes)})


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule; importing the modules registers the built-ins."""
    import importlib

    # the cross-article rules first: a rule's description is its first checker's
    for module in (
        "glossary",
        "language",
        "names",
        "numbers",
        "quotes",
        "pair_rules",
        "bilingual",
    ):
        importlib.import_module(f"transcheck.rules.{module}")

    return {name: _combined(RULES[name]) for name in sorted(RULES)}


__all__ = ["RULES", "AuditContext", "Rule", "all_rules", "register"]
