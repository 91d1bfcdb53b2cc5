"""The per-document stage on a runner: background engine thread, or a Dask cluster."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from transcheck.audit import AuditOptions, audit
from transcheck.cli import main
from transcheck.report.json import build_report, dumps

audit_module = importlib.import_module("transcheck.audit")
_REAL_TRANSLATE = importlib.import_module("transcheck.scaleout")._remote_translate


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def _report(folder: Path, **options) -> str:
    return dumps(build_report(audit([folder], AuditOptions(**options))))


def _dask_installed() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise  # [dev] installs the extra: in CI a missing Dask is a failure
        return False
    return True


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_report(tmp_path, apertium, monkeypatch):
    if not _dask_installed():
        pytest.skip("dask.distributed is not installed (pip install 'transcheck[dask]')")
    folder = _corpus(tmp_path)
    # small groups: several tasks in flight, records must still come back in corpus order
    monkeypatch.setattr(audit_module, "TRANSLATION_GROUP", 4)
    monkeypatch.setattr(audit_module, "LATE_GROUP", 4)
    monkeypatch.setenv("TRANSCHECK_DASK_PROCESSES", "0")  # workers as threads: quick start
    here = _report(folder, use_cache=False)
    on_cluster = _report(folder, use_cache=False, dask="local", jobs=2)
    assert on_cluster == here
    assert '"translated_by"' in here  # the workers' back-translations reached the report
    # workers fill the shared cache; an audit here then reads every analysis from it
    cache = tmp_path / "cache.sqlite3"
    assert _report(folder, cache_path=cache, dask="local", jobs=2) == here
    result = audit([folder], AuditOptions(cache_path=cache))
    assert result.stats["documents_analysed"] == 0
    assert dumps(build_report(result)) == here
    # a re-audit with every record in the cache starts no cluster (none could start here)
    import distributed

    def no_cluster(*args, **kwargs):
        raise AssertionError("a local cluster was started")

    with monkeypatch.context() as patch:
        patch.setattr(distributed, "LocalCluster", no_cluster)
        warm = audit([folder], AuditOptions(cache_path=cache, dask="local", jobs=2))
    assert warm.stats["documents_analysed"] == 0
    assert dumps(build_report(warm)) == here
    # every text, paragraph list and span list on disk here while the workers' late pass
    # comes back (they receive plain documents and records)
    monkeypatch.setattr(importlib.import_module("transcheck.textspill"), "TEXT_BUDGET", 0)
    spilled = audit([folder], AuditOptions(use_cache=False, dask="local", jobs=2))
    assert {type(ext).__name__ for ext in spilled.extractions.values()} == {"SpilledExtraction"}
    assert dumps(build_report(spilled)) == here


def test_groups_translated_in_the_background_keep_their_order(tmp_path, apertium, monkeypatch):
    folder = _corpus(tmp_path)
    one = audit([folder], AuditOptions(use_cache=False))  # one group: nothing overlaps
    monkeypatch.setattr(audit_module, "TRANSLATION_GROUP", 3)  # many groups, overlapped
    monkeypatch.setattr(audit_module, "LATE_GROUP", 2)  # and many every-sentence passes
    small = audit([folder], AuditOptions(use_cache=False))
    assert len(one.documents) > 3 * 3  # more groups than the runner's window
    assert {k: e.pivot for k, e in small.extractions.items()} == {
        k: e.pivot for k, e in one.extractions.items()
    }
    assert [d.translated_by for d in small.documents] == [d.translated_by for d in one.documents]
    assert [f.sort_key() for f in small.findings] == [f.sort_key() for f in one.findings]


def test_missing_dask_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    (tmp_path / "a.txt").write_text("Hello world. This is a short English article.\n")
    with pytest.raises(ValueError, match=r"pip install 'transcheck\[dask\]'"):
        audit([tmp_path], AuditOptions(engine="none", use_cache=False, dask="local"))
    assert main(["audit", str(tmp_path), "--engine", "none", "--no-cache", "--dask", "local"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("transcheck: error: ")
    assert "transcheck[dask]" in err
    assert "Traceback" not in err


def test_dask_option_values(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Hello world. This is a short English article.\n")
    assert main(["audit", str(tmp_path), "--engine", "none", "--dask", "remote"]) == 2
    assert "--dask takes 'local'" in capsys.readouterr().err
    argv = ["audit", str(tmp_path), "--dask", "local", "--scheduler", "tcp://127.0.0.1:1"]
    assert main(argv) == 2
    assert "not both" in capsys.readouterr().err


def test_background_thread_runs_in_order_and_drops_what_did_not_start():
    import threading

    from transcheck.scaleout import _Background

    bg = _Background()
    gate = threading.Event()
    order: list[int] = []
    first = bg.submit(lambda: (gate.wait(5), order.append(1))[1])
    failing = bg.submit(lambda: 1 / 0)
    later = bg.submit(order.append, 3)
    dropped = bg.submit(order.append, 4)
    assert not dropped.done()
    gate.set()
    first.result(timeout=5)
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=5)  # an error reaches the caller, the thread goes on
    later.result(timeout=5)
    assert order == [1, 3, 4]
    blocker, started = threading.Event(), threading.Event()
    running = bg.submit(lambda: (started.set(), blocker.wait(5)))
    assert started.wait(5)
    pending = bg.submit(order.append, 5)
    bg.cancel()
    blocker.set()
    running.result(timeout=5)
    assert pending.cancelled()
    assert 5 not in order
    bg.close()
    assert bg._thread is not None
    assert bg._thread.daemon


def test_apertium_renders_a_passage_after_its_neighbour(apertium):
    """Why the Dask runner chains back-translations: one call's passages are not
    independent (a figure at the end of one changes how the next is tagged)."""
    from transcheck.mt.apertium import ApertiumEngine
    from transcheck.mt.base import Pair

    engine = ApertiumEngine()
    pair = Pair("fr", "es")
    if pair not in engine.pairs():
        pytest.skip("no fr-es pair") if not os.environ.get("CI") else pytest.fail("fr-es")
    text = "Les critiques soulignent que le budget a été réduit de 28 % l'an dernier."
    alone = engine.translate([text], pair)[0]
    after = engine.translate(["Les chiffres: 3 800", text], pair)[1]
    assert alone.startswith("Los críticos")
    assert after.startswith("Las críticas")


_LOG: list[tuple[str, float, float]] = []
_LOG_LOCK = threading.Lock()


def _logged_translate(settings, items):
    """scaleout._remote_translate, logged (a module-level function: Dask pickles it)."""
    from transcheck import scaleout

    start = time.monotonic()
    time.sleep(0.2)  # long enough for a concurrent group to overlap, were it allowed
    try:
        return _REAL_TRANSLATE(settings, items)
    finally:
        with _LOG_LOCK:
            _LOG.append((items[0][0].id, start, time.monotonic()))
        assert scaleout  # imported for the workers


@pytest.mark.slow
def test_dask_translates_groups_one_after_another_in_order(tmp_path, apertium, monkeypatch):
    if not _dask_installed():
        pytest.skip("dask.distributed is not installed (pip install 'transcheck[dask]')")
    from transcheck import scaleout

    folder = _corpus(tmp_path)
    monkeypatch.setattr(audit_module, "TRANSLATION_GROUP", 3)
    monkeypatch.setenv("TRANSCHECK_DASK_PROCESSES", "0")  # same process: the log is shared
    _LOG.clear()
    monkeypatch.setattr(scaleout, "_remote_translate", _logged_translate)
    audit([folder], AuditOptions(use_cache=False, dask="local", jobs=2))
    log = list(_LOG)
    starts = [doc_id for doc_id, _, _ in sorted(log, key=lambda e: e[1])]
    assert len(log) >= 4
    assert starts == sorted(starts)  # groups in corpus order (ids sort in corpus order here)
    spans = sorted((a, b) for _, a, b in log)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


def test_chunks_end_after_a_closed_sentence(apertium):
    """A batch split across pipelines renders each passage as the whole batch does, even
    when a passage ends in a figure (its neighbour stays in its chunk)."""
    from transcheck.mt.apertium import ApertiumEngine
    from transcheck.mt.base import Pair

    pair = Pair("fr", "es")
    whole = ApertiumEngine()
    if pair not in whole.pairs():
        pytest.skip("no fr-es pair") if not os.environ.get("CI") else pytest.fail("fr-es")
    text = "Les critiques soulignent que le budget a été réduit de 28 % l'an dernier."
    texts = ["Le pont est fermé.", "Les chiffres: 3 800", text, "Il a dit.", text] * 3
    chunked = ApertiumEngine(chunk_chars=100, jobs=2)
    chunks = chunked._chunks(texts)
    assert len(chunks) > 3
    assert all(c[-1].endswith(".") for c in chunks[:-1])
    assert chunked.translate(texts, pair) == whole.translate(texts, pair)
