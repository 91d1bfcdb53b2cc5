"""The JSON report honours the contract (schema transcheck-report/1) and is deterministic."""

from __future__ import annotations

import json
import shutil
from importlib import resources

import jsonschema
import pytest
from conftest import ROOT, require

from transcheck.cli import main

pytestmark = pytest.mark.slow  # two audits of the demo corpus

SCHEMA = json.loads(
    resources.files("transcheck").joinpath("schemas/report.schema.json").read_text()
)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    require(shutil.which("apertium") is not None, "apertium")
    out = tmp_path_factory.mktemp("report")
    paths = [out / "a.json", out / "b.json"]
    for p in paths:
        code = main(
            [
                "audit",
                str(ROOT / "corpus"),
                "-f",
                "json",
                "-o",
                str(p),
                "--fail-on",
                "never",
                "--cache",
                str(out / "cache.sqlite3"),
                "--quiet",
            ]
        )
        assert code == 0
    return paths


def test_validates_against_schema(demo_report):
    data = json.loads(demo_report[0].read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["documents"] >= 6
    assert sum(data["summary"]["findings"].values()) == len(data["findings"])


def test_same_input_same_bytes(demo_report):
    assert demo_report[0].read_bytes() == demo_report[1].read_bytes()


def test_sorted_and_ids_stable(demo_report):
    data = json.loads(demo_report[0].read_text(encoding="utf-8"))
    rank = {"error": 0, "warning": 1, "info": 2}
    keys = [(rank[f["severity"]], f["rule"], f["key"]) for f in data["findings"]]
    assert keys == sorted(keys)
    ids = [d["id"] for d in data["documents"]]
    assert ids == sorted(ids)
    for f in data["findings"]:
        for o in f["occurrences"]:
            assert 0 <= o["start"] <= o["end"]


def test_occurrence_offsets_slice_the_document(demo_report):
    from transcheck.corpus import read_document_text

    data = json.loads(demo_report[0].read_text(encoding="utf-8"))
    paths = {d["id"]: d["path"] for d in data["documents"]}
    checked = 0
    for f in data["findings"]:
        for o in f["occurrences"]:
            text = read_document_text(paths[o["doc"]])
            assert text is not None
            assert text[o["start"] : o["end"]] == o["text"]
            checked += 1
    assert checked > 0


def test_timestamp_only_when_asked(tmp_path):
    (tmp_path / "a.txt").write_text("A short English text about nothing in particular.\n")
    out = tmp_path / "reports" / "r.json"  # outputs in a corpus folder go under reports/
    out.parent.mkdir()
    assert (
        main(["audit", str(tmp_path), "-f", "json", "-o", str(out), "--engine", "none", "--quiet"])
        == 0
    )
    assert "generated_at" not in json.loads(out.read_text())
    assert (
        main(
            [
                "audit",
                str(tmp_path),
                "-f",
                "json",
                "-o",
                str(out),
                "--engine",
                "none",
                "--quiet",
                "--timestamp",
            ]
        )
        == 0
    )
    assert "generated_at" in json.loads(out.read_text())


def test_a_report_written_a_slice_at_a_time_has_the_bytes_of_its_text(tmp_path, monkeypatch):
    """Big text reports are encoded in slices as they are written: the file holds exactly
    the UTF-8 of the whole text, whatever the slices cut through."""
    from transcheck import report

    text = "“Ünïcödé” 𝔘 — 3 800\r\n" * 7
    monkeypatch.setattr(report, "WRITE_CHUNK", 3)
    report.write_all_atomic([(tmp_path / "r.json", text), (tmp_path / "r.bin", b"\x00\xff")])
    assert (tmp_path / "r.json").read_bytes() == text.encode("utf-8")
    assert (tmp_path / "r.bin").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.bin", "r.json"]


def test_a_report_written_in_pieces_has_the_bytes_of_the_whole(tmp_path, monkeypatch):
    """The JSON report is encoded piece by piece as it is written (``render_pieces``): the
    file holds the bytes of the text made whole, whatever the batches cut through."""
    from transcheck import report
    from transcheck.report.json import dump_pieces, dumps

    data = {"b": ["“Ünïcödé” 𝔘", 3800, None], "a": {"x": 1.5, "y": [True, {}]}}
    assert "".join(dump_pieces(data)) == dumps(data)
    monkeypatch.setattr(report, "PIECES_JOINED", 5)
    out = tmp_path / "r.json"
    report.write_all_atomic([(out, report.render_pieces(data, "json"))])
    assert out.read_bytes() == dumps(data).encode("utf-8")
    assert report.render(data, "json") == dumps(data)  # (made whole where text is asked)
    # a renderer that gives its text whole gives it so here too
    monkeypatch.setitem(report.RENDERERS, "md", "transcheck.report.json:dumps")
    assert report.render_pieces(data, "md") == dumps(data)


def test_document_texts_are_read_when_a_renderer_asks(tmp_path):
    from transcheck.model import Document
    from transcheck.report import DocumentTexts
    from transcheck.textspill import TextSpill

    spill = TextSpill(budget=0)
    docs = [Document(id=f"d{i}", path=f"d{i}.txt", text=f"Text {i} ☃") for i in range(3)]
    for doc in docs:
        spill.add(doc)  # (on disk: the budget is spent)
    texts = DocumentTexts(docs)
    assert not spill._recent  # nothing read back yet
    assert texts.get("d1") == "Text 1 ☃"
    assert list(spill._recent) == [docs[1]._spilled[1]]  # that one alone
    assert sorted(texts) == ["d0", "d1", "d2"]
    assert len(texts) == 3
    assert texts.get("nope") is None
