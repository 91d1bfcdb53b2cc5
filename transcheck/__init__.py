"""transcheck — offline, multilingual translation-consistency checker.

Library use::

    from transcheck import audit, AuditOptions
    result = audit(["corpus/"], AuditOptions(pivot="en"))
    for finding in result.findings:
        print(finding.rule, finding.message)
"""

__version__ = "0.1.0"

from transcheck.audit import AuditOptions, AuditResult, audit  # noqa: E402

__all__ = ["AuditOptions", "AuditResult", "__version__", "audit"]
