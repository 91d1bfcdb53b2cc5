"""A quotation inside a translated sentence takes its rendering from the sentence's, between
its marks; it is translated alone only when the marks do not come through as they went in."""

from __future__ import annotations

from transcheck.analysis import Analyser, quotes_inside_sentences, read_quotes
from transcheck.extract import extract_document
from transcheck.model import Document, Paragraph
from transcheck.mt.base import Engine, Pair
from transcheck.mt.router import build_translator


def _doc(text: str, lang: str = "es") -> Document:
    doc = Document(id="d", path="d.txt", text=text, lang=lang, lang_confidence=1.0)
    doc.paragraphs = [Paragraph(index=0, start=0, end=len(text), lang=lang, lang_confidence=1.0)]
    return doc


def _inside(text: str):
    doc = _doc(text)
    ext = extract_document(doc)
    spans = sorted(
        {(s.start, s.end) for s in ext.sentences} | {(q.start, q.end) for q in ext.quotes}
    )
    return doc, ext, quotes_inside_sentences(text, ext, spans)


def test_a_quotation_is_read_between_its_marks():
    text = "El alcalde dijo: «No vamos a ceder», y añadió algo más. Luego se fue."
    doc, ext, inside = _inside(text)
    (quote,) = ext.quotes
    assert list(inside) == [(quote.start, quote.end)]
    ((sentence, opened, closed),) = inside.values()
    assert (text[opened], text[closed]) == ("«", "»")
    ext.pivot[sentence] = "The mayor said: «we are not going to yield», and added something."
    assert read_quotes(text, ext, inside) == []
    assert ext.pivot[(quote.start, quote.end)] == "we are not going to yield"


def test_apostrophes_are_not_marks_and_two_quotations_keep_their_order():
    text = "Dijo «sí» y luego “no” delante de l'alcalde. Fin del acto."
    doc, ext, inside = _inside(text)
    assert len(inside) == 2
    (sentence,) = {s for s, _, _ in inside.values()}
    ext.pivot[sentence] = "He said «yes» and then “no” before the mayor's office."
    assert read_quotes(text, ext, inside) == []
    assert sorted(ext.pivot[q] for q in inside) == ["no", "yes"]
    first = min(inside)
    assert ext.pivot[first] == "yes"


def test_marks_lost_in_translation_leave_the_quotation_to_translate_alone():
    text = "El alcalde dijo: «No vamos a ceder», y añadió algo más. Luego se fue."
    doc, ext, inside = _inside(text)
    ((sentence, _, _),) = inside.values()
    ext.pivot[sentence] = "The mayor said: we are not going to yield, and added something."
    assert read_quotes(text, ext, inside) == list(inside)
    assert all(q not in ext.pivot for q in inside)


def test_a_quotation_across_paragraphs_or_left_open_is_not_inside_one():
    across = "Dijo: «Es muy grave.\n\nNo hay nada más que decir», y se fue. Otra frase aquí."
    _, ext, inside = _inside(across)
    assert len(ext.quotes) == 2  # one quotation in two paragraphs
    assert not inside
    unclosed = "Dijo: «Es grave y no hay más que decir\n\nOtra frase aquí."
    _, ext, inside = _inside(unclosed)
    assert not inside


class _Recorder(Engine):
    """es->en: upper-cases, and keeps every passage it was sent."""

    name = "recorder"

    def __init__(self, mangle: bool = False) -> None:
        self.sent: list[str] = []
        self.mangle = mangle

    def pairs(self) -> list[Pair]:
        return [Pair("es", "en")]

    def identity(self, pair: Pair) -> str:
        return f"recorder:{pair}:{self.mangle}"

    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        self.sent.extend(texts)
        out = [t.upper() for t in texts]
        return [t.replace("«", "").replace("»", "") for t in out] if self.mangle else out


def _analyse(engine: _Recorder, text: str):
    translator = build_translator(pivot="en", use_cache=False, engines=[engine])
    analyser = Analyser(pivot="en", translator=translator)
    doc = _doc(text)
    rec = analyser.detect_and_extract([doc])[0]
    doc.lang = rec.lang = "es"
    analyser.translate([(doc, rec)])
    return rec


def test_the_engine_gets_the_sentence_and_not_the_quotation_again():
    text = "El alcalde dijo: «No vamos a ceder», y añadió 3 cosas más. Luego se fue."
    engine = _Recorder()
    rec = _analyse(engine, text)
    (quote,) = rec.extraction.quotes
    assert not any(s == "No vamos a ceder" for s in engine.sent)
    assert rec.extraction.pivot[(quote.start, quote.end)] == "NO VAMOS A CEDER"
    assert len(rec.passages) == len(engine.sent)


def test_when_the_marks_are_lost_the_quotation_is_translated_alone():
    text = "El alcalde dijo: «No vamos a ceder», y añadió 3 cosas más. Luego se fue."
    engine = _Recorder(mangle=True)
    rec = _analyse(engine, text)
    (quote,) = rec.extraction.quotes
    assert engine.sent[-1] == "No vamos a ceder"
    assert rec.extraction.pivot[(quote.start, quote.end)] == "NO VAMOS A CEDER"
    assert len(rec.passages) == len(engine.sent)  # counted as sent
