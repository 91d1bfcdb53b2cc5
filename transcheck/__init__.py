"""transcheck — offline, multilingual translation-consistency checker.

Library use::

    from transcheck import audit, AuditOptions
    result = audit(["corpus/"], AuditOptions(pivot="en"))
    for finding in result.findings:
        print(finding.rule, finding.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["AuditOptions", "AuditResult", "__version__", "audit"]


def __getattr__(name: str):
    # Imported lazily so that `import transcheck` stays cheap and side-effect free.
    if name in ("audit", "AuditOptions", "AuditResult"):
        from transcheck import audit as _audit_module

        return getattr(_audit_module, name)
    raise AttributeError(f"module 'transcheck' has no attribute {name!r}")
