"""The glossary rules on a small in-memory audit context (documents and extractions by hand)."""

from __future__ import annotations

from transcheck.context import AuditContext
from transcheck.glossary import load_glossary_text
from transcheck.model import Document, Extraction, Sentence
from transcheck.rules.glossary import GlossaryForbidden, GlossaryVariant

GLOSSARY = """\
version: 1
entries:
  - id: mayor-name
    type: person
    canonical: {en: Anneliese Varga-Mbeki, es: Anneliese Varga-Mbeki}
    allowed: {en: [Varga-Mbeki]}
    forbidden:
      - form: Varga Mbecki
        reason: misspelling of the surname
  - id: port-aldren
    type: place
    canonical: {en: Port Aldren, es: Puerto Aldren}
    aliases:
      - {form: Aldrensk, until: 1994, note: renamed Port Aldren in 1994}
      - {form: The Harbour Town}
  - id: evacuation-order
    type: quote
    source: {lang: en, text: "fire without warning"}
    approved:
      es: ["disparar sin previo aviso"]
    forbidden:
      - form: "shoot to kill"
        reason: the order did not say kill
        severity: warning
"""


def _doc(doc_id: str, lang: str, text: str) -> Document:
    return Document(id=doc_id, path=f"corpus/{doc_id}.txt", text=text, lang=lang)


def _context(docs: list[Document], pivots: dict[str, dict[tuple[int, int], str]]) -> AuditContext:
    glossary, problems = load_glossary_text(GLOSSARY, "glossaries/demo.yaml")
    assert problems == []
    extractions = {}
    for d in docs:
        sentences = []
        start = 0
        for part in d.text.split("\n"):
            if part:
                sentences.append(Sentence(start, start + len(part)))
            start += len(part) + 1
        extractions[d.id] = Extraction(d.id, sentences=sentences, pivot=pivots.get(d.id, {}))
    return AuditContext(
        pivot="en",
        documents={d.id: d for d in docs},
        extractions=extractions,
        glossary=glossary,
    )


def test_forbidden_in_text_and_only_in_back_translation():
    en = _doc("001_en", "en", "Mayor Varga Mbecki spoke.\nShe said: fire without warning.\n")
    es_text = "La alcaldesa habló.\nDijo: «disparen a quemarropa».\n"
    es = _doc("002_es", "es", es_text)
    quote_start = es_text.index("disparen")
    quote_span = (quote_start, es_text.index("»"))
    sentence_span = (es_text.index("Dijo"), es_text.index("\n", quote_start))
    ctx = _context(
        [en, es],
        {
            "002_es": {
                quote_span: "shoot to kill at close range",
                sentence_span: "He said: «shoot to kill at close range».",
            }
        },
    )
    findings = {f.key: f for f in GlossaryForbidden().check(ctx)}
    assert set(findings) == {"g:mayor-name:Varga Mbecki", "g:evacuation-order:shoot to kill"}

    name = findings["g:mayor-name:Varga Mbecki"]
    assert name.severity == "error"
    assert name.message == (
        "'Varga Mbecki' is a forbidden rendering of person 'mayor-name' "
        "(reason: misspelling of the surname); canonical: 'Anneliese Varga-Mbeki'"
    )
    (occ,) = name.occurrences
    assert (occ.doc, occ.text, occ.line, occ.pivot_text) == ("001_en", "Varga Mbecki", 1, None)
    assert name.glossary.file == "glossaries/demo.yaml"
    assert name.glossary.entry == "mayor-name"

    quote = findings["g:evacuation-order:shoot to kill"]
    assert quote.severity == "warning"  # the entry's severity
    # found only in the back-translation: reported once, on the quote (not the sentence too)
    (occ,) = quote.occurrences
    assert (occ.doc, occ.start, occ.end) == ("002_es", *quote_span)
    assert occ.text == "disparen a quemarropa"
    assert occ.pivot_text == "shoot to kill at close range"
    assert occ.line == 2
    assert quote.message == (
        "the back-translation contains 'shoot to kill', a forbidden rendering of quotation "
        "'evacuation-order' (reason: the order did not say kill); "
        "approved: 'disparar sin previo aviso'"
    )
    assert quote.glossary.reason == "the order did not say kill"


def test_back_translation_noise_is_not_blamed_on_a_correct_original():
    text = "Dijo: «disparar sin previo aviso».\n"
    es = _doc("003_es", "es", text)
    span = (text.index("disparar"), text.index("»"))
    ctx = _context([es], {"003_es": {span: "shoot to kill without warning"}})
    assert list(GlossaryForbidden().check(ctx)) == []


def test_no_glossary_no_findings():
    from transcheck.glossary import Glossary

    ctx = _context([_doc("a", "en", "Varga Mbecki.")], {})
    ctx.glossary = Glossary()
    assert list(GlossaryForbidden().check(ctx)) == []
    assert list(GlossaryVariant().check(ctx)) == []


def test_variant_and_outdated_alias():
    en = _doc(
        "001_en",
        "en",
        "Varga-Mbeki visited Aldrensk on Monday.\n"
        "In 1990 Aldrensk was a fishing village.\n"
        "Port Aldren (formerly Aldrensk) is busy.\n"
        "The Harbour Town welcomed her.\n",
    )
    es = _doc("002_es", "es", "Varga-Mbeki visitó Puerto Aldren y Port Aldren.\n")
    ctx = _context([en, es], {})
    findings = {f.key: f for f in GlossaryVariant().check(ctx)}
    # "Varga-Mbeki" is allowed for English only; the Spanish use is not an English variant
    assert set(findings) == {
        "g:mayor-name:Varga-Mbeki",
        "g:port-aldren:Port Aldren:es",
    }
    other = findings["g:port-aldren:Port Aldren:es"]
    assert other.severity == "info"
    assert other.message == (
        "'Port Aldren' is the en rendering of place 'port-aldren'; canonical (es): 'Puerto Aldren'"
    )
    assert [o.text for o in other.occurrences] == ["Port Aldren"]
    variant = findings["g:mayor-name:Varga-Mbeki"]
    assert variant.severity == "info"
    assert [o.doc for o in variant.occurrences] == ["001_en"]
    assert variant.message == (
        "'Varga-Mbeki' is an accepted variant of person 'mayor-name'; "
        "canonical: 'Anneliese Varga-Mbeki'"
    )
    # the outdated alias is the place-variant rule's, naming the canonical form
    from transcheck.rules.names import PlaceVariant

    (alias,) = PlaceVariant().check(ctx)
    assert alias.severity == "warning"
    assert alias.glossary.entry == "port-aldren"
    # the 1990 sentence speaks of the time the old name was right, the third line explains
    # the rename: neither is reported
    assert [(o.doc, o.line) for o in alias.occurrences if o.text == "Aldrensk"] == [("001_en", 1)]
    assert "'Aldrensk' is another name of 'Port Aldren' (outdated since 1994)" in alias.message


def test_variant_severity_is_configurable():
    ctx = _context([_doc("001_en", "en", "Varga-Mbeki spoke.\n")], {})
    ctx.glossary.settings["variant_severity"] = "warning"
    (finding,) = GlossaryVariant().check(ctx)
    assert finding.severity == "warning"
    ctx.options["glossary_variant_severity"] = "info"
    (finding,) = GlossaryVariant().check(ctx)
    assert finding.severity == "info"


def test_one_finding_per_entry_and_form_with_all_occurrences():
    docs = [
        _doc("a", "en", "Varga Mbecki spoke.\n"),
        _doc("b", "en", "VARGA MBECKI spoke twice, Varga Mbecki said.\n"),
    ]
    (finding,) = GlossaryForbidden().check(_context(docs, {}))
    assert [(o.doc, o.text) for o in finding.occurrences] == [
        ("a", "Varga Mbecki"),
        ("b", "VARGA MBECKI"),
        ("b", "Varga Mbecki"),
    ]
    assert finding.message.startswith("'Varga Mbecki' is a forbidden rendering of person")


def test_a_shared_surname_goes_to_the_nearest_full_name():
    from transcheck.glossary import load_glossary_text as load

    glossary, problems = load(
        "entries:\n"
        "  - id: marta\n    type: person\n    canonical: {en: Marta Kolesnik}\n"
        "    allowed: {'*': [Kolesnik]}\n"
        "  - id: pavel\n    type: person\n    canonical: {en: Pavel Kolesnik}\n"
    )
    assert problems == []
    text = (
        "Governor Marta Kolesnik spoke. Kolesnik said the gates stay shut.\n"
        "Rescuer Pavel Kolesnik took 23 people out. Kolesnik said the water was fast.\n"
    )
    ctx = _context([_doc("a", "en", text)], {})
    ctx.glossary = glossary
    (finding,) = GlossaryVariant().check(ctx)
    assert finding.key == "g:marta:Kolesnik"
    assert [o.start for o in finding.occurrences] == [text.index("Kolesnik said the gates")]


def test_a_drift_caught_in_the_text_is_not_reported_again_from_its_back_translation():
    from transcheck.glossary import load_glossary_text as load

    glossary, problems = load(
        "entries:\n  - id: order\n    type: quote\n"
        "    approved: {es: [mantengan cerradas las compuertas]}\n"
        "    forbidden:\n"
        "      - {form: keep the floodgates open, lang: en}\n"
        "      - {form: 're:mantengan\\s+abiertas', lang: es}\n"
    )
    assert problems == []
    text = "Dijo: «Mantengan abiertas las compuertas».\n"
    span = (text.index("Mantengan"), text.index("»"))
    ctx = _context([_doc("es1", "es", text)], {"es1": {span: "Keep the floodgates open"}})
    ctx.glossary = glossary
    (finding,) = GlossaryForbidden().check(ctx)
    assert finding.key == "g:order:re:mantengan\\s+abiertas"
    # found in the original; the back-translation of the passage around it is shown beside it
    assert finding.occurrences[0].pivot_text == "Keep the floodgates open"
