"""The last stage on two cores: translation sets aligned and checked in a forked process while
this one aligns across articles; the report is the one a single process writes."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from transcheck.audit import AuditOptions, audit
from transcheck.report.json import build_report, dumps

checking = importlib.import_module("transcheck.checking")


def _report(folder: Path) -> str:
    return dumps(build_report(audit([folder], AuditOptions(use_cache=False))))


def _counting_starts(monkeypatch) -> list[bool]:
    """Record whether each audit handed its sets to another process."""
    started: list[bool] = []
    real = checking.SideSets.start.__func__

    def start(cls, *args):
        side = real(cls, *args)
        started.append(side is not None)
        return side

    monkeypatch.setattr(checking.SideSets, "start", classmethod(start))
    # threads left by other tests of this session would keep the fork off
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    return started


def _crash() -> bytes:
    raise RuntimeError("the other process died")


def _stuck() -> bytes:
    time.sleep(600)
    return b""


def _interrupted(*args, **kwargs):
    raise KeyboardInterrupt


def test_sets_checked_in_another_process_give_the_same_report(tmp_path, apertium, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 10**9)
    here = _report(folder)
    started = _counting_starts(monkeypatch)
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    beside = _report(folder)
    assert started == [True]
    assert beside == here
    report = json.loads(here)
    assert report["translation_sets"]
    # findings on aligned pairs: made in the other process, they came back
    assert [f for f in report["findings"] if f.get("pair")]

    # the other process fails: the sets are checked here, nothing is lost
    real = checking._check_sets
    monkeypatch.setattr(checking, "_check_sets", _crash)
    assert _report(folder) == here
    # ... or fails after sending some of its sets: the half-received result is dropped
    monkeypatch.setattr(checking, "_check_sets", lambda: _cut_short(real()))
    assert _report(folder) == here
    assert started == [True, True, True]


def _cut_short(messages):
    """The other process's messages up to the first set, then a crash."""
    count = next(messages)
    assert int(count) > 1  # (more sets to come than are sent)
    yield count
    yield next(messages)
    raise RuntimeError("the other process died")


def test_few_sets_or_one_core_stay_here(monkeypatch):
    ctx = object()
    sets = [object()] * 3
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 8)
    assert checking.SideSets.start(ctx, sets, []) is None
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    monkeypatch.setattr(checking.os, "cpu_count", lambda: 1)
    assert checking.SideSets.start(ctx, sets, []) is None


def test_an_interrupted_audit_stops_the_other_process(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    started = _counting_starts(monkeypatch)
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    monkeypatch.setattr(checking, "_check_sets", _stuck)
    monkeypatch.setattr(importlib.import_module("transcheck.audit"), "run_rules", _interrupted)
    with pytest.raises(KeyboardInterrupt):
        _report(folder)
    assert started == [True]
    assert multiprocessing.active_children() == []


def test_sets_are_checked_by_the_checkers_of_aligned_pairs_alone(monkeypatch):
    from transcheck.context import AuditContext
    from transcheck.rules import RULES, all_rules, pair_checkers

    rules = all_rules()
    pairs = pair_checkers()
    assert pairs
    assert set(pairs) < set(rules)
    for name, rule in pairs.items():
        assert list(getattr(rule, "checkers", (rule,))) == [c for c in RULES[name] if c.on_pairs]

    def broken(self, ctx):
        raise RuntimeError("not a checker of pairs: never run on a set")

    for name in set(rules) - set(pairs):  # (each class of these is a checker of no pair)
        monkeypatch.setattr(rules[name], "check", broken)
    ctx = AuditContext(pivot="en", documents={}, extractions={}, glossary=None)
    assert checking.check_sets(ctx, [], list(rules)) == ([], [], [])
    assert checking.run_rules(ctx, list(rules))[1]  # (they do fail when run)


def test_the_other_process_checks_sets_a_batch_at_a_time(tmp_path, apertium, monkeypatch):
    from transcheck import memo

    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    jobs: list[tuple] = []

    def start(cls, ctx, sets, selected):
        jobs.append((ctx, sets, selected))
        return None  # (checked here: the job is run again below, in this process)

    monkeypatch.setattr(checking.SideSets, "start", classmethod(start))
    _report(folder)
    (job,) = jobs
    assert len(job[1]) > 2
    real = checking.check_sets
    batches: list[int] = []

    def check_sets(ctx, sets, selected):
        batches.append(len(sets))
        return real(ctx, sets, selected)

    monkeypatch.setattr(checking, "check_sets", check_sets)
    monkeypatch.setattr(checking, "_JOB", job)
    monkeypatch.setattr(checking, "SIDE_BATCH", 10**6)
    whole = list(checking._check_sets())
    monkeypatch.setattr(checking, "SIDE_BATCH", 2)
    batched = list(checking._check_sets())
    assert batches[0] == len(job[1])
    assert batches[1:] == [2] * (len(job[1]) // 2) + [len(job[1]) % 2] * (len(job[1]) % 2)
    assert batched == whole  # the same messages
    _, findings, _ = memo.decode(whole[-1])
    assert [f for f in findings if f.pair is not None]  # findings on pairs among them
