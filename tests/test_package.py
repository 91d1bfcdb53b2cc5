"""`import transcheck` is cheap, and `from transcheck import audit` is the function."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_import_does_not_load_the_pipeline():
    out = _run(
        "import sys, transcheck; print(sorted(m for m in sys.modules if m.startswith('transcheck')))"
    )
    assert out == "['transcheck']"


def test_audit_is_the_function_even_after_the_submodule_is_imported():
    code = (
        "import transcheck.audit\n"
        "from transcheck import AuditOptions, AuditResult, audit\n"
        "print(callable(audit), type(audit).__name__, AuditOptions.__name__, AuditResult.__name__)"
    )
    assert _run(code) == "True function AuditOptions AuditResult"


def test_unknown_attribute_is_an_attribute_error():
    import transcheck

    with pytest.raises(AttributeError, match="no_such_name"):
        transcheck.no_such_name  # noqa: B018
