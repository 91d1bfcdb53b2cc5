"""transcheck — offline, multilingual translation-consistency checker.

Library use::

    from transcheck import audit, AuditOptions
    result = audit(["corpus/"], AuditOptions(pivot="en"))
    for finding in result.findings:
        print(finding.rule, finding.message)

``import transcheck`` is cheap: the pipeline (``transcheck.audit``) is imported on first use
of one of the names below.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from transcheck.audit import AuditOptions, AuditResult, audit


def __getattr__(name: str):
    if name in ("AuditOptions", "AuditResult"):
        return getattr(importlib.import_module("transcheck.audit"), name)
    raise AttributeError(f"module 'transcheck' has no attribute {name!r}")


class _Package(types.ModuleType):
    """The name ``transcheck.audit`` is the function, not the submodule of the same name:
    importing the submodule (which binds it on its package) leaves the name alone."""

    @property
    def audit(self):
        return importlib.import_module("transcheck.audit").audit

    @audit.setter
    def audit(self, value) -> None:
        pass  # the import system binding the submodule `transcheck.audit`


sys.modules[__name__].__class__ = _Package

__all__ = ["AuditOptions", "AuditResult", "__version__", "audit"]
