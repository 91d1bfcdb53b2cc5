"""The last stage on two cores: translation sets aligned and checked in a forked process while
this one aligns across articles; the report is the one a single process writes."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, spy
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
    aligned_here: list[int] = []  # quotation alignments run in this process
    align = importlib.import_module("transcheck.align")
    real_quotes = align.align_quotes

    def align_quotes(*args):
        aligned_here.append(os.getpid())  # (the other process's list is its own)
        return real_quotes(*args)

    monkeypatch.setattr(align, "align_quotes", align_quotes)
    here = _report(folder)
    assert aligned_here == [os.getpid()]
    started = _counting_starts(monkeypatch)
    # (what the rules read is let go before the other process's sets are read back)
    alignments = spy(monkeypatch, checking.SideSets, "result", lambda side: side.job[0].alignment)
    # (and this process's quotation items are made after the figures', not held through them)
    order: list[str] = []
    spy(monkeypatch, align, "align_numbers", lambda *args: order.append("figures"))
    spy(monkeypatch, align, "quote_items", lambda *args: order.append("quotations"))
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    beside = _report(folder)
    assert started == [True]
    assert alignments == [None]
    assert order == ["figures", "quotations"]
    assert beside == here
    assert aligned_here == [os.getpid()]  # the quotations were aligned by the other process
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
    # few sets, but quotations enough: the other process aligns them all the same
    monkeypatch.setattr(checking, "_check_sets", real)
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 10**9)
    monkeypatch.setattr(checking, "MIN_SIDE_QUOTES", 1)
    assert _report(folder) == here
    assert started == [True, True, True, True]


def _cut_short(messages):
    """The other process's messages up to its first set, then a crash."""
    yield next(messages)  # the quotations
    count = next(messages)
    assert int(count) >= 1
    yield count
    header = next(messages)
    assert int(header.split()[1]) > 1  # (more sets to come than are sent)
    yield header
    yield next(messages)
    raise RuntimeError("the other process died")


def test_few_sets_and_quotations_or_one_core_stay_here(monkeypatch):
    from transcheck.context import AuditContext
    from transcheck.model import Extraction, Quote

    quotes = [Quote(0, 4, "word")] * 3
    ctx = AuditContext(
        pivot="en",
        documents={},
        extractions={d: Extraction(d, quotes=quotes) for d in "ab"},
        glossary=None,
    )
    sets = [object()] * 3
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 8)
    monkeypatch.setattr(checking, "MIN_SIDE_QUOTES", 7)
    assert not checking._worth_forking(ctx, sets)
    assert checking.SideSets.start(ctx, sets, []) is None
    # many quotations to align across articles: worth it, however few the sets
    monkeypatch.setattr(checking, "MIN_SIDE_QUOTES", 6)
    assert checking._worth_forking(ctx, sets)
    assert checking._worth_forking(ctx, [])
    monkeypatch.setattr(checking, "MIN_SIDE_QUOTES", 7)
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 3)
    assert checking._worth_forking(ctx, sets)
    monkeypatch.setattr(checking.os, "cpu_count", lambda: 1)
    assert checking.SideSets.start(ctx, sets, []) is None


def test_an_interrupted_audit_stops_the_other_process(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    started = _counting_starts(monkeypatch)
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    monkeypatch.setattr(checking, "_check_sets", _stuck)
    # (Ctrl-C while this process aligns: the other one is stuck before its first message)
    monkeypatch.setattr(importlib.import_module("transcheck.align"), "align", _interrupted)
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

    def messages(batch: int, taken: int = 0) -> tuple[list[bytes], list, list[str]]:
        """(the set texts sent, the findings sent, the batch headers) of a run with
        ``batch`` sets a batch, ``taken`` of them taken first by the other side."""
        counter = multiprocessing.get_context("fork").Value("q", taken)
        monkeypatch.setattr(checking, "SIDE_BATCH", batch)
        monkeypatch.setattr(checking, "_JOB", (*job, counter))
        sent = iter(checking._check_sets())
        assert json.loads(next(sent))["clusters"] is not None  # the quotations come first
        texts, findings, headers = [], [], []
        for _ in range(int(next(sent))):
            header = next(sent)
            headers.append(header.decode())
            texts += [next(sent) for _ in range(int(header.split()[1]))]
            findings += memo.decode(next(sent))[1]
        assert next(sent, None) is None
        return texts, findings, headers

    monkeypatch.setattr(checking, "check_sets", check_sets)
    whole = messages(10**6)
    batched = messages(2)
    n = len(job[1])
    assert batches[0] == n
    assert batches[1:] == [2] * (n // 2) + [n % 2] * (n % 2)
    assert batched[:2] == whole[:2]  # the same sets and findings
    assert [h.split()[0] for h in batched[2]] == [str(lo) for lo in range(0, n, 2)]
    assert [f for f in whole[1] if f.pair is not None]  # findings on pairs among them
    # the batch the other side took first is not checked here
    rest = messages(2, taken=2)
    assert rest[2] == batched[2][1:]
    assert rest[0] == batched[0][int(batched[2][0].split()[1]) :]


def test_both_processes_take_batches_and_a_failed_one_costs_nothing(monkeypatch):
    """This process checks the batches the other has not taken, reads those it took, and
    checks those it took and never sent itself: every set once, in order."""
    checked: list[tuple[int, ...]] = []

    def check_sets(ctx, sets, selected):
        checked.append(tuple(sets))
        return list(sets), [f"finding {s}" for s in sets], []

    monkeypatch.setattr(checking, "check_sets", check_sets)
    monkeypatch.setattr(checking, "SIDE_BATCH", 2)
    sets = list(range(7))
    counter = multiprocessing.get_context("fork").Value("q", 4)  # the other side took 0-3

    class Failed:  # the other side's pipe: it died before sending its batches
        def recv_bytes(self):
            raise EOFError

    side = object.__new__(checking.SideSets)
    side.reader, side.known, side.job = Failed(), {}, (None, sets, [], counter)
    side._first = threading.Thread(target=lambda: None)
    side._first.start()
    done, findings, notices = side.result()
    assert done == sets
    assert findings == [f"finding {s}" for s in sets]
    assert checked == [(4, 5), (6,), (0, 1), (2, 3)]  # its own first, then the lost ones
    assert counter.value >= 7


def test_a_forked_process_reads_kept_items_without_the_cache_and_hands_back_results():
    from transcheck.memo import DocItems, ForkedItems

    class Store:  # the cache: read before the fork only
        reads: list[list[str]] = []

        def get_items(self, keys):
            self.reads.append(keys)
            return {}

    items = DocItems(Store(), "en", {"a": "digest"})
    items.preload_results("pairs")
    items.kept_results["pairs"]["quotes"] = {"kept": 1}
    reads = len(Store.reads)
    forked = ForkedItems(items)
    assert forked.result("pairs", "quotes") == {"kept": 1}
    assert forked.result("other", "x") is None  # not read before the fork: worked out again
    forked.put("a", "quotes", [1])  # rows are the parent's to write
    forked.put_result("pairs", "quotes", {"new": [1, 2]})
    forked.put_result("pairs", "odd", {1, 2})  # not JSON
    assert len(Store.reads) == reads  # the cache was never touched
    assert not items.new
    for table, key, text in forked.kept():
        items.put_result_text(table, key, text)
    assert set(items.used_results["pairs"]) == {"odd", "quotes"}
    assert items.used_text("pairs", "odd") is None
    assert items.used_text("pairs", "quotes") == '{"new":[1,2]}'


def test_no_shared_counter_to_be_had_keeps_the_work_here(monkeypatch):
    from transcheck.context import AuditContext

    class NoSemaphores:
        def Value(self, *args):  # (multiprocessing's name)
            raise OSError("no semaphores here")

    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(checking.multiprocessing, "get_context", lambda method: NoSemaphores())
    ctx = AuditContext(pivot="en", documents={}, extractions={}, glossary=None)
    assert checking.SideSets.start(ctx, [object()] * 3, []) is None
    assert checking._JOB is None
