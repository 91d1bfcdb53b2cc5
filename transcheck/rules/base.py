"""The rule plug-in interface: a rule reads the audit context and yields findings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from transcheck.context import AuditContext
from transcheck.model import Finding

__all__ = ["AuditContext", "Rule"]


class Rule:
    """Base class: subclasses set ``name`` and ``default_severity`` and implement check()."""

    name: ClassVar[str] = ""
    default_severity: ClassVar[str] = "warning"
    description: ClassVar[str] = ""
    # whether a reader needs the back-translation to see the finding (the renderers show it)
    shows_pivot: ClassVar[bool] = False
    # False for a checker that files findings under a rule another checker describes (the
    # report's name, severity and description come from the first primary checker)
    primary: ClassVar[bool] = True
    # True for a checker of the aligned pairs of translation sets alone: each of its findings
    # names its set (``Finding.pair``) and reads nothing of other sets, so the sets can be
    # checked apart (``transcheck.checking``)
    on_pairs: ClassVar[bool] = False

    def check(self, ctx: AuditContext) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError
