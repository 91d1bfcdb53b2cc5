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
from transcheck.align.common import sentence_starts
from transcheck.audit import AuditOptions, audit
from transcheck.model import (
    Document,
    Extraction,
    NameMention,
    NumberMention,
    Paragraph,
    Quote,
    Sentence,
)
from transcheck.report.json import build_report, dumps
from transcheck.textspill import SpilledDocument, SpilledExtraction, SpilledRenderings, TextSpill

textspill = importlib.import_module("transcheck.textspill")
checking = importlib.import_module("transcheck.checking")

TEXTS = [
    "First line.\nSecond line, “quoted”.\n",
    "Ünïcödé — 3 800 arrests\n\nÇa va.",
    "Astral 𝔘 and a lone surrogate \udc80 kept.",
]


def _docs() -> list[Document]:
    return [
        Document(id=f"d{i}", path=f"d{i}.txt", text=t, paragraphs=_paragraphs(t))
        for i, t in enumerate(TEXTS)
    ]


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(0, 0, 5, "en", 0.75), Paragraph(1, 7, 40000 + len(text), None, 0.0)]


def test_the_budget_counts_a_documents_analysis_too() -> None:
    """What holding a document costs is its text, its renderings and its spans: a budget
    that holds the text alone does not hold it with its analysis."""
    doc, other = _docs()[:2]
    ext = Extraction(
        doc_id=doc.id,
        sentences=[Sentence(0, 11), Sentence(12, 34)],
        pivot={(0, 11): "Primera línea."},
    )
    size = textspill.held_size(doc, ext)
    spans = textspill.SPAN_BYTES * 2
    assert size == sys.getsizeof(doc.text) + sys.getsizeof("Primera línea.") + spans
    spill = TextSpill(budget=sys.getsizeof(doc.text))
    spill.add(doc, ext)
    assert type(doc) is SpilledDocument
    assert spill.held == 0
    spill = TextSpill(budget=size)
    spill.add(other)  # (its text alone: within the budget, and held)
    assert type(other) is Document
    assert spill.held == sys.getsizeof(other.text)


def test_texts_past_the_budget_read_back_as_they_were() -> None:
    docs = _docs()
    spill = TextSpill(budget=sys.getsizeof(TEXTS[0]), keep=1)
    for doc in docs:
        spill.add(doc)
    assert [type(d) for d in docs] == [Document, SpilledDocument, SpilledDocument]
    assert "text" not in docs[1].__dict__
    assert spill.spilled == 2
    assert "paragraphs" not in docs[1].__dict__
    for _ in range(2):  # read back from the file (one kept decoded: the others are read again)
        assert [d.text for d in docs] == TEXTS
        assert [d.paragraphs for d in docs] == [_paragraphs(t) for t in TEXTS]
    docs[2].paragraphs = []  # new paragraphs: held, the text still on disk
    assert docs[2].paragraphs == []
    docs[1].paragraphs = (Paragraph(0, 1, 2),)  # (any sequence)
    assert docs[1].paragraphs == (Paragraph(0, 1, 2),)
    assert docs[2].text == TEXTS[2]
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
    assert doc.paragraphs == _paragraphs(TEXTS[0])


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


def _extraction(doc_id: str) -> Extraction:
    return Extraction(
        doc_id=doc_id,
        sentences=[Sentence(0, 12), Sentence(12, 40000)],
        quotes=[Quote(13, 20, "“¡Ya!” 𝔘", "Saípov", "«", "»")],
        names=[NameMention(0, 7, "Ünïcödé"), NameMention(30, 36, "Çа ва")],
        numbers=[NumberMention(9, 14, "3 800", 3800.0, "count", "approx")],
        pivot={(0, 12): "Unicode"},
    )


def test_spans_on_disk_read_back_as_they_were() -> None:
    docs = _docs()
    spill = TextSpill(budget=0, keep=1)
    exts = [_extraction(doc.id) for doc in docs]
    for doc, ext in zip(docs, exts, strict=True):
        spill.add(doc)
        spill.add_spans(doc, ext)
    assert all(type(ext) is SpilledExtraction for ext in exts)
    assert not {"sentences", "quotes", "names", "numbers"} & set(exts[0].__dict__)
    want = _extraction("d0")
    for _ in range(2):  # (one kept decoded: each document read again from the file)
        for ext in exts:
            for name in ("sentences", "quotes", "names", "numbers"):
                assert getattr(ext, name) == getattr(want, name)
            assert ext.pivot == want.pivot
    assert exts[0].numbers[0].value == 3800.0
    # while kept decoded, the same objects (what alignment holds on to)
    assert exts[2].names[0] is exts[2].names[0]
    # sentence starts kept with the lists, not on the extraction
    assert sentence_starts(exts[2]) == [0, 12]
    assert exts[2]._sentence_starts == [0, 12]
    assert "_sentence_starts" not in exts[2].__dict__
    # pickled or copied: a plain extraction with its lists
    for again in (pickle.loads(pickle.dumps(exts[1])), copy.copy(exts[1]), copy.deepcopy(exts[1])):
        assert type(again) is Extraction
        assert again == want.__class__(**{**want.__dict__, "doc_id": "d1"})
    # a new list: held in memory again, the others read back once
    exts[0].names = []
    assert type(exts[0]) is Extraction
    assert exts[0].names == []
    assert exts[0].numbers == want.numbers
    # a document whose text stayed in memory keeps its spans there too
    kept, kept_ext = _docs()[0], _extraction("d0")
    TextSpill().add_spans(kept, kept_ext)
    assert type(kept_ext) is Extraction


def test_an_audit_with_every_text_on_disk_writes_the_same_report(monkeypatch, tmp_path) -> None:
    def report() -> str:
        # (a cache of its own: what alignment keeps of each document is written too)
        cache = tmp_path / f"cache{len(list(tmp_path.iterdir()))}.sqlite3"
        result = audit([ROOT / "corpus"], AuditOptions(cache_path=cache))
        pivots.extend(type(ext.pivot) for ext in result.extractions.values() if ext.pivot)
        kinds.extend(type(ext) for ext in result.extractions.values())
        return dumps(build_report(result))

    kinds: list[type] = []

    pivots: list[type] = []
    held = report()
    assert set(pivots) == {dict}
    assert set(kinds) == {Extraction}
    pivots.clear()
    kinds.clear()
    spilled: list[TextSpill] = []
    real = textspill.TextSpill.add

    def add(self, doc, ext=None):
        real(self, doc, ext)
        spilled.append(self)

    monkeypatch.setattr(textspill, "TEXT_BUDGET", 0)
    # one document's texts, renderings or spans kept decoded: every other read is a new one
    monkeypatch.setattr(textspill, "KEEP_DECODED", 1)
    monkeypatch.setattr(textspill.TextSpill, "add", add)
    # the sets aligned in the other process too: it reads the texts from the same file
    monkeypatch.setattr(checking, "MIN_SIDE_SETS", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    again = report()
    assert spilled
    assert spilled[-1].spilled == len(json.loads(held)["documents"])
    assert again == held
    assert set(pivots) == {SpilledRenderings}
    assert set(kinds) == {SpilledExtraction}
