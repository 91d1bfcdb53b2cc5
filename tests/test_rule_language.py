"""The language-mismatch rule: wrong declared language, passages left untranslated."""

from __future__ import annotations

from transcheck.context import AuditContext
from transcheck.glossary import Glossary
from transcheck.langid import identify
from transcheck.model import Document, Extraction, Paragraph
from transcheck.rules import all_rules

ES = [
    "La alcaldesa anunció el lunes que el nuevo mercado municipal abrirá sus puertas a "
    "principios de la primavera, después de dos años de obras.",
    "Los comerciantes del barrio celebraron la noticia, aunque muchos lamentan que el "
    "aparcamiento prometido todavía no tenga fecha de inauguración.",
    "Según el ayuntamiento, el edificio contará con cuarenta puestos de venta y una "
    "pequeña sala para actividades culturales abierta a todos los vecinos.",
]
EN = [
    "The mayor announced on Monday that the new municipal market will open its doors in "
    "early spring, after two years of construction work.",
    "Local shopkeepers welcomed the news, although many regret that the promised car park "
    "still has no opening date.",
    "According to the city council, the building will house forty stalls and a small room "
    "for cultural activities open to all residents.",
]


def make_doc(doc_id: str, blocks: list[str], declared: str | None = None) -> Document:
    text = "\n\n".join(blocks)
    paragraphs, pos = [], 0
    for i, block in enumerate(blocks):
        paragraphs.append(Paragraph(i, pos, pos + len(block)))
        pos += len(block) + 2
    doc = Document(id=doc_id, path=f"{doc_id}.txt", text=text, declared_lang=declared,
                   paragraphs=paragraphs)  # fmt: skip
    identify(doc)
    return doc


def run(*docs: Document):
    ctx = AuditContext(
        pivot="en",
        documents={d.id: d for d in docs},
        extractions={d.id: Extraction(doc_id=d.id) for d in docs},
        glossary=Glossary(),
    )
    return list(all_rules()["language-mismatch"]().check(ctx))


def test_registered_with_description():
    rule = all_rules()["language-mismatch"]
    assert rule.default_severity == "warning"
    assert rule.description


def test_quiet_on_faithful_translations():
    assert run(make_doc("story.es", ES, "es"), make_doc("story.en", EN, "en")) == []


def test_declared_language_differs():
    (finding,) = run(make_doc("story.es", EN, declared="es"))
    assert finding.rule == "language-mismatch"
    assert finding.severity == "warning"
    assert finding.key == "lang:story.es:declared"
    assert "declared as Spanish (es)" in finding.message
    assert "English (en)" in finding.message
    (occ,) = finding.occurrences
    assert occ.text == EN[0]
    assert (occ.start, occ.line) == (0, 1)
    assert dict(finding.evidence)["detected"] == "en"


def test_passage_left_untranslated():
    doc = make_doc("story.es", [ES[0], EN[1], ES[2]], declared="es")
    (finding,) = run(doc)
    assert finding.key == "lang:story.es:1"
    assert finding.message.startswith("passage left untranslated")
    assert "English (en)" in finding.message
    assert "Spanish (es)" in finding.message
    (occ,) = finding.occurrences
    assert occ.text == EN[1]
    assert doc.text[occ.start : occ.end] == EN[1]
    assert occ.line == 3
    assert occ.lang == "es"


def test_short_foreign_line_is_not_a_finding():
    doc = make_doc("story.es", [ES[0], "Photo: Reuters / file picture.", ES[1]], "es")
    assert run(doc) == []


def test_document_without_paragraphs_or_language():
    doc = Document(id="empty", path="empty.txt", text="")
    assert run(doc) == []
