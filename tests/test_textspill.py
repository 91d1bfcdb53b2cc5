"""Document texts past the memory budget wait on disk and read back as they were; an audit
whose texts all wait there writes the report of one that holds them."""

from __future__ import annotations

import copy
import importlib
import json
import pickle
import sys
import threading

from tests.conftest import ROOT
from transcheck.audit import AuditOptions, audit
from transcheck.model import Document, Extraction
from transcheck.report.json import build_report, dumps
from transcheck.textspill import SpilledDocument, SpilledRenderings, TextSpill

textspill = importlib.import_module("transcheck.textspill")
checking = importlib.import_module("transcheck.checking")

TEXTS = [
    "First line.\nSecond line, “quoted”.\n",
    "Ünïcödé — 3 800 arrests\n\nÇa va.",
    "Astral 𝔘 and a lone surrogate \udc80 kept.",
]


def _docs() -> list[Document]:
    return [Document(id=f"d{i}", path=f"d{i}.txt", text=t) for i, t in enumerate(TEXTS)]


def test_texts_past_the_budget_read_back_as_they_were() -> None:
    docs = _docs()
    spill = TextSpill(budget=sys.getsizeof(TEXTS[0]), keep=1)
    for doc in docs:
        spill.add(doc)
    assert [type(d) for d in docs] == [Document, SpilledDocument, SpilledDocument]
    assert "text" not in docs[1].__dict__
    assert spill.spilled == 2
    for _ in range(2):  # read back from the file (one kept decoded: the others are read again)
        assert [d.text for d in docs] == TEXTS
    assert docs[1].line_of(TEXTS[1].index("Ça")) == 3
    assert docs[1] == docs[1]
    assert docs[1] != docs[2]


def test_a_spilled_document_pickled_or_copied_is_a_plain_document() -> None:
    docs = _docs()
    spill = TextSpill(budget=0)
    for doc in docs:
        spill.add(doc)
    for doc, original in zip(docs, _docs(), strict=True):
        for again in (pickle.loads(pickle.dumps(doc)), copy.copy(doc), copy.deepcopy(doc)):
            assert type(again) is Document
            assert again == original


def test_a_new_text_is_held_again() -> None:
    doc = _docs()[0]
    TextSpill(budget=0).add(doc)
    doc.text = "Another text."
    assert type(doc) is Document
    assert doc.text == "Another text."


def test_renderings_on_disk_read_back_as_a_mapping_of_spans() -> None:
    doc = _docs()[1]
    spill = TextSpill(budget=0, keep=1)
    spill.add(doc)
    renderings = {(0, 7): "Unicode", (300, 40000): "“¡Ya!” 𝔘"}
    ext = Extraction(doc_id=doc.id, pivot=dict(renderings))
    spill.add_renderings(doc, ext)
    assert type(ext.pivot) is SpilledRenderings
    second = _docs()[2]
    spill.add(second)
    for _ in range(2):
        assert ext.pivot[(300, 40000)] == renderings[(300, 40000)]
        assert ext.pivot.get((1, 2)) is None
        assert (0, 7) in ext.pivot
        assert sorted(ext.pivot) == sorted(renderings)
        assert dict(ext.pivot.items()) == renderings
        assert len(ext.pivot) == 2
        assert ext.pivot == renderings
        assert second.text == TEXTS[2]  # (the one kept decoded: the renderings read again)
    again = pickle.loads(pickle.dumps(ext))
    assert type(again.pivot) is dict
    assert again.pivot == renderings
    # a document whose text stayed in memory keeps its renderings there
    kept, kept_ext = _docs()[0], Extraction(doc_id="d0", pivot=dict(renderings))
    TextSpill().add_renderings(kept, kept_ext)
    assert type(kept_ext.pivot) is dict


def test_an_audit_with_every_text_on_disk_writes_the_same_report(monkeypatch) -> None:
    def report() -> str:
        result = audit([ROOT / "corpus"], AuditOptions(use_cache=False))
        pivots.extend(type(ext.pivot) for ext in result.extractions.values() if ext.pivot)
        return dumps(build_report(result))

    pivots: list[type] = []
    held = report()
    assert set(pivots) == {dict}
    pivots.clear()
    spilled: list[TextSpill] = []
    real = textspill.TextSpill.add

    def add(self, doc):
        real(self, doc)
        spilled.append(self)

    monkeypatch.setattr(textspill, "TEXT_BUDGET", 0)
    monkeypatch.setattr(textspill.TextSpill, "add", add)
    # the sets aligned in the other process too: it reads the texts from the same file
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    again = report()
    assert spilled
    assert spilled[-1].spilled == len(json.loads(held)["documents"])
    assert again == held
    assert set(pivots) == {SpilledRenderings}
