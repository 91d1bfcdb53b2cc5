"""The reader table (transcheck.corpus.readers): one line adds an input format that the corpus
walk finds and the audit reads.

The example reader below is the whole cost of a new format: a function and one table line.
It reads a tab-separated file of ``source<TAB>target`` lines as a bilingual file: a source
document, a target document, and the pairs the file gives."""

from __future__ import annotations

import json

import pytest

from transcheck import corpus
from transcheck.cli import main
from transcheck.corpus import readers
from transcheck.corpus.decode import NotText
from transcheck.corpus.readers import Read, Source
from transcheck.model import BilingualUnit, Document, FileError, Paragraph, Segment


def _side(doc_id: str, path: str, lang: str, rows: list[tuple[str, int, str]]) -> Document:
    text = "\n\n".join(t for _, _, t in rows)
    doc = Document(id=doc_id, path=path, text=text, declared_lang=lang)
    pos = 0
    for i, (_, _, t) in enumerate(rows):
        doc.paragraphs.append(Paragraph(i, pos, pos + len(t)))
        pos += len(t) + 2
    doc.segments = [Segment(uid, line) for uid, line, _ in rows]
    return doc


def read_tsv(source: Source) -> Read:
    """``en<TAB>es`` on the first line, then one ``source<TAB>target`` pair a line."""
    lines = source.data.decode("utf-8").splitlines()
    src_lang, _, tgt_lang = lines[0].partition("\t")
    if not tgt_lang:
        raise NotText("line 1: expected two language codes separated by a tab")
    pairs = []
    for n, line in enumerate(lines[1:], start=2):
        src, _, tgt = line.partition("\t")
        pairs.append(BilingualUnit(f"#{n}", n, src, tgt, "translated", lang=tgt_lang))
    source_doc = _side(
        f"{source.file_id}#source",
        source.shown,
        src_lang,
        [(u.id, u.line, u.source) for u in pairs],
    )
    source_doc.declared_source = True
    target = _side(
        f"{source.file_id}#{tgt_lang}",
        source.shown,
        tgt_lang,
        [(u.id, u.line, u.target) for u in pairs],
    )
    target.translation_of = source_doc.id
    return Read((source_doc, target), tuple(pairs))


@pytest.fixture
def tsv(monkeypatch):
    monkeypatch.setitem(readers.READERS, ".tsv", f"{__name__}:read_tsv")


TSV = (
    "en\tes\n"
    "The bridge opened on 3 May.\tEl puente se abrió el 3 de mayo.\n"
    "It cost 40 million euros.\tCostó 14 millones de euros.\n"
)


def test_every_suffix_has_a_reader() -> None:
    for suffix in readers.READERS:
        assert callable(readers.reader_for(f"x{suffix}"))
    assert readers.reader_for("notes.rst") is readers.reader_for("notes.txt")  # named files
    assert frozenset(readers.READERS) == corpus.SUPPORTED_SUFFIXES


def test_the_walk_finds_only_what_a_reader_claims(tmp_path, tsv) -> None:
    (tmp_path / "a.tsv").write_text(TSV, encoding="utf-8")
    (tmp_path / "b.rst").write_text("Not read from a folder.\n", encoding="utf-8")
    items = list(corpus.iter_corpus([tmp_path]))
    assert [d.id for d in items] == ["a.tsv#source", "a.tsv#es"]
    source, target = items
    assert [u.target for u in source.units] == [
        "El puente se abrió el 3 de mayo.",
        "Costó 14 millones de euros.",
    ]
    assert target.translation_of == "a.tsv#source"
    assert target.segments[1].line == 3


def test_a_reader_refusing_a_file_gives_a_file_error(tmp_path, tsv) -> None:
    (tmp_path / "bad.tsv").write_text("just one column\n", encoding="utf-8")
    (item,) = corpus.iter_corpus([tmp_path])
    assert isinstance(item, FileError)
    assert item.error.startswith("line 1: expected two")


def test_the_audit_checks_the_pairs_a_new_reader_gives(tmp_path, tsv, capsys) -> None:
    c = tmp_path / "c"
    c.mkdir()
    (c / "bridge.tsv").write_text(TSV, encoding="utf-8")
    out = tmp_path / "r.json"
    code = main(
        ["audit", str(c), "--engine", "none", "-f", "json", "-o", str(out), "--fail-on", "never"]
        + ["--no-glossary-discovery", "-q"]
    )
    _, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["bridge.tsv#es", "bridge.tsv#source"]
    numbers = [f for f in data["findings"] if f["rule"] == "number-mismatch"]
    assert numbers
    assert {o["doc"] for o in numbers[0]["occurrences"]} == {
        "bridge.tsv#source",
        "bridge.tsv#es",
    }
