"""transcheck — offline, multilingual translation-consistency checker.

Library use::

    from transcheck import audit, AuditOptions
    result = audit(["corpus/"], AuditOptions(pivot="en"))
    for finding in result.findings:
        print(finding.rule, finding.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

# Imported here (cheap: no model is loaded, nothing is read) so that the name `audit` is the
# function, not the submodule of the same name.
from transcheck.audit import AuditOptions, AuditResult, audit

__all__ = ["AuditOptions", "AuditResult", "__version__", "audit"]
