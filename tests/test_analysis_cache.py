"""Incremental analysis: per-document records in the cache, byte-identical reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from transcheck import analysis
from transcheck.analysis import Analyser, DocumentAnalysis, settle_names
from transcheck.audit import AuditOptions, audit
from transcheck.extract import extract_document, lowercase_words
from transcheck.model import Document, Paragraph
from transcheck.report.json import build_report, dumps


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def _run(folder: Path, cache: Path | None) -> tuple[str, dict]:
    result = audit([folder], AuditOptions(cache_path=cache, use_cache=cache is not None))
    return dumps(build_report(result)), result.stats


def test_cold_warm_and_one_file_changed_give_the_same_report(tmp_path, apertium):
    folder = _corpus(tmp_path)
    n = len([p for p in folder.rglob("*") if p.is_file()])
    cache = tmp_path / "cache.sqlite3"
    cold, stats = _run(folder, cache)
    assert stats["documents_analysed"] == n
    assert stats["analyses_reused"] == 0
    warm, stats = _run(folder, cache)
    assert warm == cold
    assert stats["documents_analysed"] == 0
    assert stats["analyses_reused"] == n
    assert stats["translated"] == 0  # nothing sent to the engine

    changed = folder / "05_noticias_es.txt"
    changed.write_text(
        changed.read_text() + "\nEl ayuntamiento confirmó el lunes 14 heridos más.\n"
    )
    edited, stats = _run(folder, cache)
    assert stats["documents_analysed"] == 1
    assert stats["analyses_reused"] == n - 1
    fresh, _ = _run(folder, tmp_path / "fresh.sqlite3")
    assert edited == fresh != cold


def test_a_new_analyser_version_analyses_again(tmp_path, apertium, monkeypatch):
    folder = _corpus(tmp_path)
    cache = tmp_path / "cache.sqlite3"
    cold, _ = _run(folder, cache)
    monkeypatch.setattr(analysis, "analyser_version", lambda: "another version")
    again, stats = _run(folder, cache)
    assert stats["analyses_reused"] == 0
    assert stats["documents_analysed"] > 0
    assert again == cold


def test_no_cache_keeps_nothing(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("The mayor said 12 people were hurt on Monday.\n")
    cache = tmp_path / "cache.sqlite3"
    result = audit([folder], AuditOptions(engine="none", cache_path=cache, use_cache=False))
    assert result.stats["documents_analysed"] == 1
    assert not cache.exists()


def test_a_foreign_cache_file_is_left_alone(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("The mayor said 12 people were hurt on Monday.\n")
    cache = tmp_path / "notes.txt"
    cache.write_text("my own notes, not a cache\n")
    result = audit([folder], AuditOptions(engine="none", cache_path=cache))
    assert cache.read_text() == "my own notes, not a cache\n"
    assert [n.code for n in result.notices] == ["cache-unavailable"]
    assert result.stats["documents_analysed"] == 1


def test_a_damaged_cache_is_set_aside(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("The mayor said 12 people were hurt on Monday.\n" * 40)
    cache = tmp_path / "cache.sqlite3"
    first = audit([folder], AuditOptions(engine="none", cache_path=cache))
    data = bytearray(cache.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header (ours), damage the rest
    cache.write_bytes(bytes(data))
    again = audit([folder], AuditOptions(engine="none", cache_path=cache))
    assert "cache-corrupt" in [n.code for n in again.notices]
    assert list(tmp_path.glob("cache.sqlite3.corrupt-*"))
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in first.findings]


def _doc(doc_id: str, text: str) -> Document:
    return Document(
        id=doc_id,
        path=doc_id,
        text=text,
        declared_lang="en",
        paragraphs=[Paragraph(0, 0, len(text))],
    )


def test_names_see_the_lowercase_words_of_earlier_documents_only():
    """The old sequential extraction (earlier documents' words) and records settled later
    agree, whatever each record saw on its own."""
    texts = [
        "The harbour volunteers met on Monday. Mayor Ana Ortiz spoke first.",
        "Volunteers complained about the noise. Rescuers said Ana Ortiz agreed.",
        "Rescuers met again. The rescuers of Portwell were late, said Rescuers Union.",
    ]
    analyser = Analyser("en")
    docs = [_doc(f"d{i}", t) for i, t in enumerate(texts)]
    records = analyser.analyse_documents(docs)
    assert "volunteers" in records[1].probes  # its names depend on other documents
    assert "Volunteers" in [m.text for m in records[1].extraction.names]

    settle_names(list(zip(docs, records, strict=True)))
    seen: set[str] = set()
    expected = []
    for doc in docs:
        expected.append(extract_document(doc, seen).names)
        seen |= lowercase_words(doc.text)
    assert [r.extraction.names for r in records] == expected
    assert "Volunteers" not in [m.text for m in records[1].extraction.names]
    assert "Rescuers" in [m.text for m in records[1].extraction.names]  # not seen before


def test_a_record_survives_the_cache_format():
    doc = _doc("d", "“We will rebuild,” said Mayor Ana Ortiz on 3 May. About 1,200 people left.")
    rec = Analyser("en").analyse_document(doc)
    again = DocumentAnalysis.from_bytes("d", rec.to_bytes())
    assert again == rec


@pytest.mark.parametrize("probe", ["volunteers", "~volun"])
def test_probes_are_words_or_stems(probe):
    from transcheck.extract.names import vocab_changes_names

    stems = {"volun"} if probe.startswith("~") else None
    assert vocab_changes_names({probe}, {"volunteers"}, stems)
    assert not vocab_changes_names({probe}, {"mayor"}, {"mayor"})


@pytest.mark.parametrize("name", ["bilingual", "factory_fire", "nasal_vaccine"])
def test_warm_reports_of_other_corpora(tmp_path, apertium, name):
    """Bilingual files (two documents per file) and translation sets, through the cache."""
    folder = tmp_path / name
    shutil.copytree(ROOT / "tests" / "data" / name, folder)
    cache = tmp_path / "cache.sqlite3"
    cold, _ = _run(folder, cache)
    warm, stats = _run(folder, cache)
    assert stats["documents_analysed"] == 0
    assert stats["analyses_reused"] > 0
    assert warm == cold
    assert _run(folder, None)[0] == cold  # --no-cache


def test_a_failed_translation_is_not_kept(tmp_path, monkeypatch):
    """Records whose back-translation failed are analysed again once the engine works."""
    from hostile_cases import FakeEngine, plug_engines
    from test_hostile import multilingual_corpus

    folder = multilingual_corpus(tmp_path)
    cache = tmp_path / "cache.sqlite3"
    plug_engines(monkeypatch, FakeEngine("crash"))
    broken = audit([folder], AuditOptions(cache_path=cache))
    assert "engine-failed" in [n.code for n in broken.notices]
    translated = [d for d in broken.documents if d.lang in ("es", "fr")]
    assert translated

    monkeypatch.undo()
    plug_engines(monkeypatch, FakeEngine("ok"))
    mended = audit([folder], AuditOptions(cache_path=cache))
    assert "engine-failed" not in [n.code for n in mended.notices]
    assert mended.stats["documents_analysed"] == len(translated)
    fresh = audit([folder], AuditOptions(cache_path=tmp_path / "fresh.sqlite3"))
    assert dumps(build_report(mended)) == dumps(build_report(fresh))


def test_a_record_with_its_late_pass_and_odd_text_survives_the_cache_format():
    doc = _doc("d", "Ana Ortiz said 1,200.5 people left.\ud800 Odd: \u202f3\u00a0800 \U0001f600.")
    rec = Analyser("en").analyse_document(doc)
    rec.late_pivot = {(0, 10): "Ana Ortiz \ud800", (11, 20): ""}
    rec.late_passages = ("a", "b")
    rec.late_translated_by = "apertium:x"
    again = DocumentAnalysis.from_bytes("d", rec.to_bytes())
    assert again == rec
    assert again.late_pivot == rec.late_pivot
    assert [n.value for n in again.extraction.numbers] == [n.value for n in rec.extraction.numbers]
    alone = DocumentAnalysis.from_bytes("d", rec.to_bytes())
    alone.late_pivot = None
    alone.set_late(rec.late_to_bytes())
    assert (alone.late_pivot, alone.late_passages, alone.late_translated_by) == (
        rec.late_pivot,
        rec.late_passages,
        rec.late_translated_by,
    )


def test_a_row_that_does_not_read_is_a_miss(tmp_path):
    import sqlite3
    import zlib

    from transcheck.analysis_cache import AnalysisCache

    rec = Analyser("en").analyse_document(_doc("d", "Ana Ortiz said 1,200 people left."))
    path = tmp_path / "c.sqlite3"
    cache = AnalysisCache(path)
    cache.put_records([("k1", rec), ("k2", rec)])
    assert set(cache.get_records({"k1": "d", "k2": "d"})) == {"k1", "k2"}
    cache.close()
    with sqlite3.connect(path) as conn:  # a row of another format: zlib data, not a record
        conn.execute(
            "UPDATE analyses SET record = ? WHERE key = 'k1'", (zlib.compress(b'{"lang": "en"}'),)
        )
    cache = AnalysisCache(path)
    assert set(cache.get_records({"k1": "d", "k2": "d"})) == {"k2"}
    cache.close()


def test_a_row_written_from_a_file_reads_back_whole(tmp_path, monkeypatch):
    """A kept result table goes from a temporary file into its row piece by piece (several
    pieces here), and replaces the row it had: read back, the file's bytes."""
    import io
    import os

    from transcheck import analysis_cache
    from transcheck.analysis_cache import AnalysisCache

    monkeypatch.setattr(analysis_cache, "FILE_PIECE", 1000)
    store = AnalysisCache(tmp_path / "cache.sqlite3")
    store.put_items({"pairs/results": b"old"})
    data = os.urandom(4500)
    store.put_item_file("pairs/results", io.BytesIO(data))
    assert store.get_items(["pairs/results"]) == {"pairs/results": data}
    store.close()
    again = AnalysisCache(tmp_path / "cache.sqlite3")
    assert again.get_items(["pairs/results"]) == {"pairs/results": data}
    again.close()
