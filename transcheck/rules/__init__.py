"""Rules as plug-ins over one Finding record, registered explicitly here."""

from __future__ import annotations

from transcheck.rules.base import AuditContext, Rule

RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry under its ``name``."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    RULES[cls.name] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule; importing the modules registers the built-ins."""
    from transcheck.rules import glossary, language, names, numbers, quotes  # noqa: F401

    return dict(sorted(RULES.items()))


__all__ = ["RULES", "AuditContext", "Rule", "all_rules", "register"]
