"""Re-audits after an edit: what is kept between audits (per-document figure items, readings
of quotation clusters, translation-set results) gives exactly the report of an audit without
a cache, and a kept entry is never reused once something it was computed from changed."""

from __future__ import annotations

import importlib
import importlib.util
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import ROOT, require, spy
from transcheck import memo
from transcheck.audit import AuditOptions, audit
from transcheck.report.json import build_report, dumps

numbers_module = importlib.import_module("transcheck.align.numbers")
quotes_rule = importlib.import_module("transcheck.rules.quotes")

# one more sentence with a figure and a quotation, as an editor would add it
EDIT = {
    "en": '\nThe council confirmed on Monday that 14 more people were hurt. "We will '
    'rebuild the bridge before winter," the mayor said.\n',
    "es": "\nEl ayuntamiento confirmó el lunes que 14 personas más resultaron heridas. "
    "«Reconstruiremos el puente antes del invierno», dijo la alcaldesa.\n",
}


def _generate(folder: Path, n: int) -> None:
    spec = importlib.util.spec_from_file_location("tc_bench_generate", ROOT / "bench/generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    module.generate(folder, n, seed=7)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gen") / "corpus"
    _generate(folder, 24)
    return folder


def _report(folder: Path, cache: Path | None, engine: str = "none") -> tuple[str, dict]:
    options = AuditOptions(engine=engine, cache_path=cache, use_cache=cache is not None)
    result = audit([folder], options)
    return dumps(build_report(result)), result.stats


def _spy(monkeypatch) -> tuple[list[str], list[int]]:
    """Documents whose figures were found again; clusters whose readings were worked out."""
    docs = spy(monkeypatch, numbers_module, "_doc_number_items", lambda ctx, doc_id: doc_id)
    clusters = spy(monkeypatch, quotes_rule, "readings", lambda items, pivot: len(items))
    return docs, clusters


def _spy_pairs(monkeypatch) -> list[tuple[bool, int]]:
    """Per pairing across articles (figures, frames, quotations): (all pairs found again,
    candidate pairs found)."""
    from transcheck.align import kept
    from transcheck.align.common import PairIndex

    runs: list[tuple[bool, int]] = []

    class Spied(PairIndex):
        def pairs(self, min_shared, only=None):
            found = list(super().pairs(min_shared, only))
            runs.append((only is None, len(found)))
            return iter(found)

    monkeypatch.setattr(kept, "PairIndex", Spied)
    return runs


def _utf8(paths) -> list[Path]:
    out = []
    for path in sorted(paths):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(path)
    return out


def _edit(path: Path, lang: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + EDIT[lang], encoding="utf-8")


@pytest.mark.parametrize("corpus", ["demo", "generated"])
def test_one_edited_file_gives_the_report_of_an_audit_without_cache(
    corpus, generated, tmp_path, monkeypatch
):
    """The demo corpus without engine; the generated one (three languages, one story in
    each three) back-translated by Apertium, so that quotations of all three align."""
    import shutil

    engine = "none"
    if corpus == "generated":
        require(shutil.which("apertium") is not None, "apertium")
        engine = "apertium"
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus" if corpus == "demo" else generated, folder)
    cache = tmp_path / "cache.sqlite3"
    docs, clusters = _spy(monkeypatch)
    runs = _spy_pairs(monkeypatch)
    cold, _ = _report(folder, cache, engine)
    first_docs, first_clusters = len(docs), len(clusters)
    cold_runs = list(runs)
    assert cold == _report(folder, None, engine)[0]
    assert first_docs > 3
    assert first_clusters > 0

    edited = _utf8(folder.rglob("*es.txt"))[0]
    _edit(edited, "es")
    docs.clear(), clusters.clear(), runs.clear()
    warm, stats = _report(folder, cache, engine)
    assert stats["cross_document_reused"] is False
    assert len(docs) == 1  # only the edited document's figures were found again
    # the pairings across articles found only the candidate pairs that can have changed
    assert all(every for every, _ in cold_runs)
    assert sum(n for _, n in cold_runs) > 0
    assert runs
    assert not any(every for every, _ in runs)
    assert sum(n for _, n in runs) < sum(n for _, n in cold_runs)
    assert len(clusters) < first_clusters  # kept readings of the unchanged clusters
    assert warm == _report(folder, None, engine)[0]
    assert warm != cold

    # a figure edited in another document: its kept items are not reused, and the report
    # is again the one without a cache
    other = _utf8(folder.rglob("*en.txt"))[-1]
    text = other.read_text(encoding="utf-8")
    number = next(w.strip(".,") for w in text.split() if w.strip(".,").isdigit())
    other.write_text(text.replace(number, str(int(number) + 3)), encoding="utf-8")
    docs.clear()
    again, _ = _report(folder, cache, engine)
    assert len(docs) == 1
    assert again == _report(folder, None, engine)[0]


def test_kept_items_are_not_used_by_other_code_or_pivot(generated, tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(generated, folder)
    cache = tmp_path / "cache.sqlite3"
    docs, _ = _spy(monkeypatch)
    cold, _ = _report(folder, cache)
    total = len(docs)
    _edit(sorted(folder.glob("*_en.txt"))[0], "en")  # the whole memo misses
    docs.clear()
    _report(folder, cache)
    assert len(docs) == 1
    # another version of transcheck: nothing kept is reused
    monkeypatch.setattr(memo, "code_version", lambda: "another version")
    _edit(sorted(folder.glob("*_en.txt"))[1], "en")
    docs.clear()
    report, _ = _report(folder, cache)
    assert len(docs) == total
    assert report == _report(folder, None)[0]

    class Store:
        def get_items(self, keys):
            return {}

    digests = {"a": "1", "b": "2"}
    en, es = memo.DocItems(Store(), "en", digests), memo.DocItems(Store(), "es", digests)
    assert set(en.keys.values()).isdisjoint(es.keys.values())


def test_a_document_digest_follows_what_alignment_reads():
    from transcheck.model import Document, Extraction, NameMention

    doc = Document(id="a", path="a.txt", text="Mayor Ana Ruiz said 14 people were hurt.")
    doc.lang = "es"
    ext = Extraction(doc_id="a", pivot={(0, 40): "Mayor Ana Ruiz said 14 people were hurt."})
    ext.names = [NameMention(6, 14, "Ana Ruiz")]
    base = memo.doc_digest(doc, "key", ext)
    assert memo.doc_digest(doc, "key", ext) == base
    assert memo.doc_digest(doc, "other key", ext) != base
    changed = Extraction(doc_id="a", pivot={(0, 40): "Mayor Ana Ruiz said 15 people were hurt."})
    changed.names = ext.names
    assert memo.doc_digest(doc, "key", changed) != base  # another back-translation
    renamed = Extraction(doc_id="a", pivot=ext.pivot, names=[NameMention(6, 9, "Ana")])
    assert memo.doc_digest(doc, "key", renamed) != base  # names settled otherwise
    doc.lang = "pt"
    assert memo.doc_digest(doc, "key", ext) != base
    # not the path: a moved corpus keeps what it had
    doc.lang = "es"
    assert memo.doc_digest(replace(doc, path="b.txt"), "key", ext) == base


def test_readings_are_kept_by_the_content_of_the_renderings():
    from transcheck.align.quotes import QuoteItem
    from transcheck.model import Quote
    from transcheck.rules.quotes import _renderings_digest, kept_readings, readings

    def item(doc: str, text: str, ctx: tuple[str, ...]) -> QuoteItem:
        words = tuple(w for w in text.split() if len(w) > 3)
        q = Quote(0, len(text), text, speaker="Ruiz")
        return QuoteItem(doc, "es", "en", q, text, "x", words, frozenset(ctx))

    a = item("a", "we will never close the harbour", ("mayor", "said", "friday"))
    b = item("b", "we will soon close the harbour", ("mayor", "said", "friday"))
    key = _renderings_digest([a, b])
    assert _renderings_digest([item(a.doc, a.pivot, ("friday", "said", "mayor")), b]) == key
    assert _renderings_digest([a, item("b", "we will soon open the harbour", ())]) != key
    assert _renderings_digest([a, replace(b, native=True)]) != key
    assert _renderings_digest([b, a]) != key

    class Kept:
        def __init__(self):
            self.rows: dict[str, object] = {}

        def result(self, table, key):
            return self.rows.get(key)

        def put_result(self, table, key, value):
            self.rows[key] = value

    kept = Kept()
    first = kept_readings(kept, [a, b], "en")
    assert first == readings([a, b], "en")
    kept.rows[key] = [[[1], [0]], ["kept"]]  # what a kept row says is what is used
    groups, reasons = kept_readings(kept, [a, b], "en")
    assert groups == [[b], [a]]
    assert reasons == ["kept"]
    kept.rows[key] = [[[5]], []]  # an unusable row is worked out again
    assert kept_readings(kept, [a, b], "en") == first


def test_damaged_kept_rows_are_misses(generated, tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(generated, folder)
    cache = tmp_path / "cache.sqlite3"
    _report(folder, cache)
    with sqlite3.connect(cache) as conn:
        rows = conn.execute("SELECT count(*) FROM analyses WHERE key LIKE 'items/%'").fetchone()
        assert rows[0] > 3
        conn.execute("UPDATE analyses SET record = X'00FF' WHERE key LIKE 'items/%'")
    _edit(sorted(folder.glob("*_es.txt"))[0], "es")
    report, _ = _report(folder, cache)
    assert report == _report(folder, None)[0]
