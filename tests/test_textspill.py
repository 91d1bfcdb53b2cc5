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
from transcheck.model import Document
from transcheck.report.json import build_report, dumps
from transcheck.textspill import SpilledDocument, TextSpill

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


def test_an_audit_with_every_text_on_disk_writes_the_same_report(monkeypatch) -> None:
    def report() -> str:
        return dumps(build_report(audit([ROOT / "corpus"], AuditOptions(use_cache=False))))

    held = report()
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
