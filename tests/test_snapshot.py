"""The snapshot: a re-audit with nothing changed takes its whole result from the cache (no
record read), and anything that changed sends the audit down the usual path, with the same
report as an audit without a cache."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import ROOT, require, spy
from transcheck.analysis import Analyser
from transcheck.analysis_cache import AnalysisCache
from transcheck.audit import AuditOptions, audit
from transcheck.model import Document, Notice, Paragraph
from transcheck.report.json import build_report, dumps
from transcheck.snapshot import Follower, Snapshot


def _run(folder: Path, cache: Path | None, engine: str = "none", **options):
    options.setdefault("need_extractions", False)
    chosen = AuditOptions(engine=engine, cache_path=cache, use_cache=cache is not None, **options)
    return audit([folder], chosen)


def _report(result) -> str:
    return dumps(build_report(result, with_text=True))


def _shape(result) -> list:
    """What the per-document stage set on every document."""
    return [
        (d.id, d.lang, d.lang_confidence, d.translated_by, d.paragraphs) for d in result.documents
    ]


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", copy)
    return copy


@pytest.mark.parametrize("engine", ["none", "apertium"])
def test_nothing_changed_reads_no_record_and_gives_the_same_report(
    engine, folder, tmp_path, monkeypatch
):
    if engine == "apertium":
        require(shutil.which("apertium") is not None, "apertium")
    cache = tmp_path / "cache.sqlite3"
    read = spy(monkeypatch, AnalysisCache, "get_records", lambda self, wanted: len(wanted))
    cold = _run(folder, cache, engine)
    assert cold.stats["snapshot_reused"] is False
    assert sum(read) == len(cold.documents)
    read.clear()
    warm = _run(folder, cache, engine)
    assert warm.stats["snapshot_reused"] is True
    assert warm.stats["cross_document_reused"] is True
    assert read == []  # no record read, let alone decoded
    assert warm.extractions == {}
    assert _report(warm) == _report(cold)
    assert _shape(warm) == _shape(cold)
    assert warm.stats["passages"] == cold.stats["passages"]
    if engine == "apertium":
        assert cold.stats["passages"] > 0
        codes = {n.code for n in warm.notices}
        assert "no-engine" in codes  # (the demo's German article) made again, not kept
        assert "mixed-language" in codes  # a document's own notice, kept


def test_a_caller_that_reads_extractions_never_gets_them_empty(folder, tmp_path):
    cache = tmp_path / "cache.sqlite3"
    _run(folder, cache)
    again = _run(folder, cache, need_extractions=True)
    assert again.stats["snapshot_reused"] is False
    assert again.stats["cross_document_reused"] is True
    assert set(again.extractions) == {d.id for d in again.documents}


def _edit(folder: Path) -> None:
    changed = folder / "05_noticias_es.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nEl ayuntamiento confirmó el lunes 14 heridos.\n",
        encoding="utf-8",
    )


def _add(folder: Path) -> None:
    (folder / "zz_note_en.txt").write_text(
        "The harbour office said on Monday that 12 ferries would run again.\n", encoding="utf-8"
    )


def _remove(folder: Path) -> None:
    last = sorted(p for p in folder.rglob("*.txt"))[-1]
    last.unlink()


def _rename(folder: Path) -> None:
    first = sorted(p for p in folder.glob("*.txt"))[0]
    first.rename(first.with_name("00_" + first.name))


@pytest.mark.parametrize("change", [_edit, _add, _remove, _rename])
def test_a_changed_corpus_takes_the_usual_path_and_keeps_a_new_snapshot(
    change, folder, tmp_path, monkeypatch
):
    cache = tmp_path / "cache.sqlite3"
    cold = _run(folder, cache)
    change(folder)
    read = spy(monkeypatch, AnalysisCache, "get_records", lambda self, wanted: len(wanted))
    changed = _run(folder, cache)
    assert changed.stats["snapshot_reused"] is False
    assert sum(read) == len(changed.documents)  # every document's record, none left waiting
    fresh = _run(folder, None)
    assert _report(changed) == _report(fresh) != _report(cold)
    assert _shape(changed) == _shape(fresh)
    again = _run(folder, cache)
    assert again.stats["snapshot_reused"] is True
    assert _report(again) == _report(fresh)


def test_another_route_or_a_missing_memo_or_damaged_snapshot_is_a_miss(
    folder, tmp_path, monkeypatch
):
    cache = tmp_path / "cache.sqlite3"
    cold = _report(_run(folder, cache))

    real = Analyser.route_key
    with monkeypatch.context() as m:  # an engine of the Spanish route was upgraded
        m.setattr(Analyser, "route_key", lambda self, lang: real(self, lang) + (lang == "es") * "+")
        moved = _run(folder, cache)
    assert moved.stats["snapshot_reused"] is False
    assert _report(moved) == cold

    with sqlite3.connect(cache) as conn:
        conn.execute("DELETE FROM analyses WHERE key LIKE 'memo/%'")
    conn.close()
    assert _run(folder, cache).stats["snapshot_reused"] is False  # (and keeps a memo again)

    with sqlite3.connect(cache) as conn:
        (count,) = conn.execute("SELECT count(*) FROM analyses WHERE key LIKE 'snapshot/%'")
        assert count == (1,)
        conn.execute("UPDATE analyses SET record = x'00ff' WHERE key LIKE 'snapshot/%'")
    conn.close()
    damaged = _run(folder, cache)
    assert damaged.stats["snapshot_reused"] is False
    assert _report(damaged) == cold
    assert _run(folder, cache).stats["snapshot_reused"] is True


def test_other_options_or_glossaries_do_not_take_the_snapshot(folder, tmp_path):
    cache = tmp_path / "cache.sqlite3"
    glossary = tmp_path / "terms.yaml"
    shutil.copyfile(ROOT / "glossaries" / "demo.yaml", glossary)
    _run(folder, cache, glossaries=[glossary])
    assert _run(folder, cache, glossaries=[glossary]).stats["snapshot_reused"] is True
    assert (
        _run(folder, cache, glossaries=[glossary], rules=["consistency"]).stats["snapshot_reused"]
        is False
    )
    _run(folder, cache, glossaries=[glossary])
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _run(folder, cache, glossaries=[glossary]).stats["snapshot_reused"] is False


def test_snapshot_round_trip_and_follower():
    docs = [
        Document("a", "a.txt", "Uno. Dos.", lang="es", lang_confidence=0.5, translated_by="x"),
        Document("b", "b.txt", "One.", lang="en", lang_confidence=1.0),
    ]
    docs[0].paragraphs = [Paragraph(0, 0, 4, "es", 0.1 + 0.2), Paragraph(1, 5, 9, None, 0.0)]
    keys = {"a": "ka", "b": "kb"}
    notices = {"a": [Notice("mixed-language", "m", "en", "a")]}
    snap = Snapshot.of(docs, keys, {"es": "r1", "en": ""}, notices, {"passages": 3})
    back = Snapshot.from_bytes(snap.to_bytes("memo-key"))
    assert back is not None
    assert back.memo_key == "memo-key"
    assert back.counts == {"passages": 3}
    read = [Document("a", "a.txt", "Uno. Dos."), Document("b", "b.txt", "One.")]
    assert back.apply(read) == notices["a"]
    assert [(d.lang, d.lang_confidence, d.translated_by, d.paragraphs) for d in read] == [
        (d.lang, d.lang_confidence, d.translated_by, d.paragraphs) for d in docs
    ]
    assert Snapshot.from_bytes(b"not a snapshot") is None

    follower = Follower(back)
    assert follower.follows(read[:1], keys)
    assert not follower.follows(read[:1], keys)  # the next one expected is b
    assert not follower.follows(read[1:], {"b": "another key"})
    assert follower.follows(read[1:], keys)
    assert follower.at == 2
