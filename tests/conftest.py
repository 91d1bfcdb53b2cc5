"""Shared fixtures. In CI (CI=true) a missing system dependency is a failure, never a skip."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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
