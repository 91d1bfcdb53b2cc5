"""Shared fixtures. In CI (CI=true) a missing system dependency is a failure, never a skip."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Fixtures of other test modules, registered here rather than imported by name in each test file
# (an imported fixture looks unused to linters and shadows the argument that receives it).
pytest_plugins = ["conftest_argos"]

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, what: str) -> None:
    """Skip locally when ``what`` is missing; fail in CI, where nothing may be skipped."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but missing (run scripts/install-system-deps.sh)")
    pytest.skip(f"{what} not installed")


@pytest.fixture
def apertium() -> str:
    path = shutil.which("apertium")
    require(path is not None, "apertium")
    return path


@pytest.fixture
def root() -> Path:
    return ROOT


def audited_report(folder: Path, cache: Path) -> dict:
    """The JSON report (as plain data) of an audit of ``folder`` with Apertium and WordNet,
    which the translation-set checks need; in CI a missing one fails."""
    import json

    require(shutil.which("apertium") is not None, "apertium")
    from transcheck import wordnet

    require(wordnet.available(), "WordNet (Debian package wordnet-base)")
    from transcheck.audit import AuditOptions, audit
    from transcheck.report import build_report

    result = audit([folder], AuditOptions(cache_path=cache, discover_glossaries=False))
    return json.loads(json.dumps(build_report(result)))


def spy(monkeypatch, owner: Any, name: str, record: Callable[..., Any]) -> list:
    """Replace ``owner.name`` (a function, or a method of a class) by itself recording
    ``record(*args)`` of each call first; the list of what it recorded."""
    seen: list = []
    real = getattr(owner, name)

    def recording(*args):
        seen.append(record(*args))
        return real(*args)

    monkeypatch.setattr(owner, name, recording)
    return seen
