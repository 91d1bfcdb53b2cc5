"""An audit runs with a lazier cycle collector (its objects live to the end and form no
cycles) and gives the caller's settings back, even when it fails."""

from __future__ import annotations

import gc
import importlib
import shutil

import pytest

from tests.conftest import ROOT
from transcheck.audit import COLLECT_EVERY, AuditOptions, audit
from transcheck.cli import main

audit_module = importlib.import_module("transcheck.audit")


def test_audit_collects_lazily_and_restores_the_callers_thresholds(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    before = gc.get_threshold()
    seen = []
    audit(
        [folder],
        AuditOptions(engine="none", use_cache=False),
        lambda *_: seen.append(gc.get_threshold()[0]),
    )
    assert seen
    assert min(seen) >= COLLECT_EVERY
    assert gc.get_threshold() == before

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(audit_module, "_audit", broken)
    with pytest.raises(RuntimeError):
        audit([folder], AuditOptions(engine="none", use_cache=False))
    assert gc.get_threshold() == before


def test_the_command_line_restores_the_thresholds(tmp_path):
    before = gc.get_threshold()
    code = main(
        [
            "audit",
            str(ROOT / "corpus"),
            "--engine",
            "none",
            "--no-cache",
            "--quiet",
            "-o",
            str(tmp_path / "r.json"),
            "--fail-on",
            "never",
        ]
    )
    assert code == 0
    assert gc.get_threshold() == before


def test_the_command_leaves_its_objects_to_the_end_of_the_process(monkeypatch):
    """The console script freezes what is left before exiting (the exit's collections skip
    it), and exits with main()'s code."""
    from transcheck import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exited:
            cli.run()
        assert exited.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
