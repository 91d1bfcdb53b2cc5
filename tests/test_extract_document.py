"""extract_document: the pipeline entry point over a whole Document."""

from __future__ import annotations

from transcheck.extract import extract_document
from transcheck.model import Document, Paragraph

STORY = (
    "Floods close the valley road\n\n"
    "“The water rose in two hours,” said Mayor Lena Okafor on Tuesday. More than 3,800 "
    "residents left, about 12% of the town.\n\n"
    "Officials said the road would reopen. “We will rebuild,” she added."
)


def test_extracts_everything_with_valid_spans() -> None:
    doc = Document(id="story", path="story.en.txt", text=STORY, lang="en")
    ext = extract_document(doc)
    sentences = [STORY[s.start : s.end] for s in ext.sentences]
    assert sentences == [
        "Floods close the valley road",
        "“The water rose in two hours,” said Mayor Lena Okafor on Tuesday.",
        "More than 3,800 residents left, about 12% of the town.",
        "Officials said the road would reopen.",
        "“We will rebuild,” she added.",
    ]
    assert [(q.text, q.speaker) for q in ext.quotes] == [
        ("The water rose in two hours", "Lena Okafor"),
        ("We will rebuild", "Lena Okafor"),
    ]
    # "Floods" opens the headline and is never written lowercase here: still a candidate.
    assert [n.text for n in ext.names] == ["Floods", "Lena Okafor"]
    assert [(n.text, n.value, n.kind, n.qualifier) for n in ext.numbers] == [
        ("two", 2, "count", None),
        ("3,800", 3800, "count", "over"),
        ("12", 12, "percent", "approx"),
    ]


def test_corpus_vocabulary_drops_sentence_initial_common_words() -> None:
    doc = Document(id="d", path="d.txt", text="Floods hit. Tomas Berg left.", lang="en")
    assert [n.text for n in extract_document(doc).names] == ["Floods", "Tomas Berg"]
    ext = extract_document(doc, lowercase_vocab={"floods"})
    assert [n.text for n in ext.names] == ["Tomas Berg"]


def test_loader_paragraphs_split_sentences_and_cap_quotes() -> None:
    # One line of text, but the loader says these are two paragraphs (e.g. two <p> elements).
    text = "He said “the gate stays open Then the vote was held."
    cut = text.index("Then")
    doc = Document(
        id="h",
        path="h.html",
        text=text,
        lang="en",
        paragraphs=[Paragraph(0, 0, cut - 1), Paragraph(1, cut, len(text))],
    )
    ext = extract_document(doc)
    assert [text[s.start : s.end] for s in ext.sentences] == [
        "He said “the gate stays open",
        "Then the vote was held.",
    ]
    assert [(q.text, q.close_mark) for q in ext.quotes] == [("the gate stays open", "")]


def test_spanish_document() -> None:
    text = "«No abandonaremos el valle», dijo la alcaldesa Nuria Campos. Según ella, 3.800 vecinos."
    ext = extract_document(Document(id="e", path="e.es.txt", text=text, lang="es"))
    assert [(q.text, q.speaker) for q in ext.quotes] == [
        ("No abandonaremos el valle", "Nuria Campos")
    ]
    assert [n.text for n in ext.names] == ["Nuria Campos"]
    assert [(n.text, n.value) for n in ext.numbers] == [("3.800", 3800)]


def _spans(ext) -> list:
    return [*ext.sentences, *ext.quotes, *ext.names, *ext.numbers]


def test_records_of_two_documents_share_offsets_and_repeated_words() -> None:
    """Every span end past 256 (CPython's own shared ints) is one int object across records,
    and names, figures, speakers and quotation marks one string, whether extracted or read
    back from the cache: the records of a big corpus are held to its end
    (``transcheck.model.offset``)."""
    from transcheck.analysis import Analyser, DocumentAnalysis

    text = "A filler sentence for the offsets. " * 10 + STORY
    docs = [Document(id=i, path=f"{i}.en.txt", text=text, lang="en") for i in ("a", "b")]
    fresh = [extract_document(doc) for doc in docs]
    rec = Analyser("en").analyse_document(docs[0])
    again = DocumentAnalysis.from_bytes("a", rec.to_bytes()).extraction
    assert len(_spans(fresh[0])) == len(_spans(again))
    assert len([s for s in _spans(fresh[0]) if s.start > 256]) > 10
    for other in (fresh[1], again):
        for mine, theirs in zip(_spans(fresh[0]), _spans(other), strict=True):
            assert mine.start is theirs.start
            assert mine.end is theirs.end
        repeated = zip(fresh[0].names + fresh[0].numbers, other.names + other.numbers, strict=True)
        for mine, theirs in repeated:
            assert mine.text is theirs.text
        for mine, theirs in zip(fresh[0].numbers, other.numbers, strict=True):
            assert mine.value is theirs.value  # (one float per value: model.shared_float)
        for mine, theirs in zip(fresh[0].quotes, other.quotes, strict=True):
            assert mine.open_mark == "“"
            assert mine.open_mark is theirs.open_mark
            assert mine.close_mark is theirs.close_mark
            assert mine.speaker is theirs.speaker


def test_shared_floats_keep_type_sign_and_nan() -> None:
    from transcheck.model import shared_float

    a, b = float("3800.5"), float("3800.5")
    assert a is not b
    assert shared_float(a) is shared_float(b)
    assert type(shared_float(3)) is int  # an int stays an int (JSON writes 3, not 3.0)
    assert str(shared_float(0.0)) == "0.0"
    assert str(shared_float(-0.0)) == "-0.0"
    nan = shared_float(float("nan"))
    assert nan != nan


def test_paragraph_confidences_read_back_share_one_float_per_value() -> None:
    from transcheck.analysis import Analyser, DocumentAnalysis

    doc = Document(id="a", path="a.en.txt", text=STORY + "\n\n" + STORY)
    half = len(STORY)
    doc.paragraphs = [Paragraph(0, 0, half), Paragraph(1, half + 2, 2 * half + 2)]
    rec = Analyser("en").analyse_document(doc)
    one = DocumentAnalysis.from_bytes("a", rec.to_bytes()).paragraphs
    two = DocumentAnalysis.from_bytes("a", rec.to_bytes()).paragraphs
    assert len(one) > 1
    assert one == rec.paragraphs
    for mine, theirs in zip(one, two, strict=True):
        assert mine.lang_confidence is theirs.lang_confidence
