"""The memo of the cross-document result: exact round trip, used only when nothing changed."""

from __future__ import annotations

import shutil
import sys
import zlib
from pathlib import Path
from types import SimpleNamespace

from tests.conftest import ROOT
from transcheck import memo
from transcheck.audit import AuditOptions, audit
from transcheck.model import Finding, Link, Notice, Occurrence, PairRef, TranslationSet
from transcheck.report.json import build_report, dumps


def test_round_trip_keeps_types_and_values():
    occ = Occurrence("a", "en", "3,800", 10, 15, 2, pivot_text=None, role="source")
    finding = Finding(
        rule="number-mismatch",
        severity="warning",
        key="n:x",
        message="m",
        occurrences=(occ,),
        evidence=(("values", (3800.0, 0.1 + 0.2)), ("by", {"a": [1, 2]})),
        pair=PairRef("s1", "a", "b", 2, 3, 0.8125),
    )
    tset = TranslationSet("s1", "a", ["b"], True, {"b": [Link((0, 1), (0,), 0.9)]})
    notices = [Notice("stage-failed", "x", lang="es")]
    sets, findings, kept = memo.decode(memo.encode([tset], [finding], notices))
    assert findings == [finding]
    assert sets == [tset]
    assert kept == notices
    assert isinstance(findings[0].evidence[0][1], tuple)
    assert isinstance(sets[0].links["b"][0].src, tuple)


class _Store:
    """The cache's rows in a dict: kept set results and kept items alike."""

    def __init__(self) -> None:
        self.rows: dict = {}

    def get_set_results(self, keys):
        return {k: self.rows[k] for k in keys if k in self.rows}

    def put_set_results(self, blobs):
        self.rows.update(blobs)

    get_items, put_items = get_set_results, put_set_results

    def put_item_file(self, key, data):
        data.seek(0)
        self.rows[key] = data.read()


def test_sets_kept_in_the_memo_form_are_written_as_encoded_again():
    links = {"b": [Link((0, 1), (0,), 0.9), Link((2,), (), 0.5)]}
    tset = TranslationSet("s1", "a", ["b"], True, links)
    other = TranslationSet("s2", "c", ["d"], False, {})
    docs = {d: SimpleNamespace(id=d, path=d) for d in "abcd"}
    store = _Store()
    first = memo.SetResults(store, "base", docs, dict.fromkeys("abcd", "digest"))
    first.get([tset, other])
    first.add("s1", tset, [])
    first.save()
    again = memo.SetResults(store, "base", docs, dict.fromkeys("abcd", "digest"))
    kept = again.get([tset, other])["s1"][0]
    assert kept == tset
    assert kept is not tset
    assert id(kept) in again.known
    plain = memo.encode([kept, other], [], [])
    assert memo.encode([kept, other], [], [], again.known) == plain
    # an entry for another object under the same id is not taken
    stale = {id(other): (tset, again.known[id(kept)][1])}
    assert memo.encode([kept, other], [], [], stale) == plain


def test_the_audit_memo_is_compressed_piece_by_piece_as_encode_writes_it():
    tsets = [
        TranslationSet(f"s{n}", f"a{n}", ["b", "c"], n % 2 == 0, {"b": [Link((n,), (0,), 0.5)]})
        for n in range(40)
    ]
    notices = [Notice("no-engine", "ü", lang="xx")]
    findings = [
        Finding(rule="r", severity="info", key=f"k{n}", message="m", occurrences=())
        for n in range(3)
    ]
    known = {id(tsets[3]): (tsets[3], memo.set_text(tsets[3]))}
    packed = memo.encode_packed(tsets, findings, notices, known)
    text = zlib.decompress(packed)
    assert text == memo.encode(tsets, findings, notices)
    assert memo.decode(text) == (tsets, findings, notices)
    # the same text as the findings encoded at once
    assert text.endswith(
        f",{memo._dumps(memo._enc(findings))},{memo._dumps(memo._enc(notices))}]".encode()
    )
    assert memo.decode(zlib.decompress(memo.encode_packed([], [], []))) == ([], [], [])


def _run(folder: Path, cache: Path) -> tuple[str, dict]:
    result = audit([folder], AuditOptions(engine="none", cache_path=cache))
    return dumps(build_report(result)), result.stats


def test_kept_items_are_written_as_they_come_and_let_go_once_read(monkeypatch):
    """New per-document rows go to the store every ``WRITE_EVERY`` rows, not all at the end
    of the audit; a kept row is read once, then let go (a second read is a miss)."""

    monkeypatch.setattr(memo.DocItems, "WRITE_EVERY", 2)
    store = _Store()
    items = memo.DocItems(store, "en", {d: f"digest {d}" for d in "abc"})
    items.put("a", "numbers", [1])
    assert store.rows == {}
    items.put("b", "numbers", [2])
    assert len(store.rows) == 2
    assert not items.new
    items.put("c", "quotes", [3])
    assert len(store.rows) == 2
    results = {"numbers en:mile": {"known": {"ab": 2}, "pairs": [[-0.5, "ab", 0, "cd", 1]]}}
    results["frames “é”"] = [1.5, None, "x"]
    for key, value in results.items():
        items.put_result("pairs", key, value)
    items.save()
    assert len(store.rows) == 4
    again = memo.DocItems(store, "en", {d: f"digest {d}" for d in "abc"})
    again.load()
    assert [again.get(d, p) for d, p in (("a", "numbers"), ("b", "numbers"), ("c", "quotes"))] == [
        [1],
        [2],
        [3],
    ]
    assert again.get("a", "numbers") is None
    assert {key: again.result("pairs", key) for key in results} == results
    assert not again.blobs


def test_warm_audit_takes_the_memo_and_an_edit_does_not(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    cache = tmp_path / "cache.sqlite3"
    cold, stats = _run(folder, cache)
    assert stats["cross_document_reused"] is False
    warm, stats = _run(folder, cache)
    assert stats["cross_document_reused"] is True
    assert warm == cold

    changed = folder / "05_noticias_es.txt"
    changed.write_text(
        changed.read_text() + "\nEl ayuntamiento confirmó el lunes 14 heridos más.\n"
    )
    edited, stats = _run(folder, cache)
    assert stats["cross_document_reused"] is False
    fresh, _ = _run(folder, tmp_path / "fresh.sqlite3")
    assert edited == fresh != cold


def test_an_edit_aligns_again_only_the_translation_set_of_the_edited_file(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    cache = tmp_path / "cache.sqlite3"
    aligned: list[list[tuple[str, ...]]] = []
    module = sys.modules["transcheck.checking"]  # where translation sets are aligned
    real = module.align_translation_sets

    def spy(ctx):
        aligned.append([(s.source, *sorted(s.translations)) for s in ctx.translation_sets])
        return real(ctx)

    monkeypatch.setattr(module, "align_translation_sets", spy)
    _run(folder, cache)
    first = aligned[-1]
    assert len(first) >= 2  # the demo corpus has several translation sets
    edited, doc_id = folder / "harbour-bridge" / "es.txt", "harbour-bridge/es"
    assert any(doc_id in members for members in first)
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nEl puerto confirmó el lunes 14 heridos más.\n",
        encoding="utf-8",
    )
    report, _ = _run(folder, cache)
    assert aligned[-1] == [m for m in first if doc_id in m]  # the other sets were kept
    fresh, _ = _run(folder, tmp_path / "fresh.sqlite3")
    assert report == fresh


def test_kept_results_are_written_only_when_they_changed_and_only_when_json():
    """Results are held as their JSON text once put; a table whose entries are the kept ones
    (read, or put again equal) is not written again; a table with a value that is not JSON
    is not kept; one changed entry writes the table with the kept entries as they were."""
    store = _Store()
    digests = {"a": "digest a"}
    first = memo.DocItems(store, "en", digests)
    first.put_result("pairs", "x", {"pairs": [[1, "a", 0]]})
    first.put_result("pairs", "y", [2.5, None])
    assert first.used_text("pairs", "y") == "[2.5,null]"
    first.put_result("odd", "z", {1, 2})  # a set: not JSON
    first.save()
    assert set(store.rows) == {"pairs/results"}
    written = store.rows["pairs/results"]

    again = memo.DocItems(store, "en", digests)
    assert again.result("pairs", "x") == {"pairs": [[1, "a", 0]]}
    again.put_result("pairs", "y", (2.5, None))  # equal as JSON
    store.rows.clear()
    again.save()
    assert store.rows == {}  # as kept: not written

    third = memo.DocItems(store, "en", digests)
    store.rows["pairs/results"] = written
    assert third.result("pairs", "y") == [2.5, None]
    third.put_result("pairs", "x", {"pairs": []})
    third.save()
    fourth = memo.DocItems(store, "en", digests)
    assert fourth.result("pairs", "x") == {"pairs": []}
    assert fourth.result("pairs", "y") == [2.5, None]  # the kept one, written as it was


def test_a_held_result_is_written_inflated_piece_by_piece(monkeypatch):
    """A result held compressed goes into the table's row without its whole text being made
    again: no piece inflated is over the size asked, and the row reads back as put."""
    pieces: list[int] = []
    inflated = memo._inflated

    def spy(blob, size=1 << 18):
        for piece in inflated(blob, size=1000):
            pieces.append(len(piece))
            yield piece

    monkeypatch.setattr(memo, "_inflated", spy)
    store = _Store()
    items = memo.DocItems(store, "en", {"a": "digest a"})
    big = {"pairs": [[n, f"doc {n} é \udcff", n * 0.5] for n in range(5000)]}
    items.put_result("pairs", "x", big)
    items.save()
    assert len(pieces) > 50
    assert max(pieces) <= 1000
    again = memo.DocItems(store, "en", {"a": "digest a"})
    assert again.result("pairs", "x") == big
    assert b"".join(memo._inflated(zlib.compress(b""))) == b""
