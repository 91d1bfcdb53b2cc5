"""Small steps whose loss no end-to-end count would notice: notices are deduplicated and
sorted, and every occurrence carries the sentence around it (the reader's context)."""

from __future__ import annotations

from rulekit import make_ctx, make_doc, span

from transcheck.audit import _dedupe
from transcheck.model import Notice, Occurrence


def test_dedupe_drops_repeated_notices_and_sorts_the_rest():
    engine = Notice("no-engine", "no offline engine translates de to en", lang="de")
    mixed = Notice("mixed-language", "1 paragraph in English", lang="it", doc="08_it")
    other_doc = Notice("mixed-language", "1 paragraph in English", lang="it", doc="07_it")
    out = _dedupe([engine, mixed, engine, other_doc, mixed])
    assert out == [other_doc, mixed, engine]


def test_dedupe_keeps_notices_that_differ_in_one_field():
    base = Notice("engine-failed", "apertium stopped", lang="es", doc="a")
    variants = [
        base,
        Notice("engine-failed", "apertium stopped", lang="fr", doc="a"),
        Notice("engine-failed", "apertium stopped", lang="es", doc="b"),
        Notice("engine-failed", "apertium hung", lang="es", doc="a"),
        Notice("no-engine", "apertium stopped", lang="es", doc="a"),
    ]
    assert len(_dedupe(variants + variants)) == len(variants)


TEXT = (
    "The dam broke on Tuesday. About 1,240 people left the lower town before dawn.\n"
    "Officials said the water was falling."
)


def test_occurrence_carries_its_sentence_as_context():
    ctx = make_ctx(make_doc("wire", "en", TEXT))
    start, end = span(TEXT, "1,240")
    occ = ctx.occurrence("wire", start, end)
    assert occ.text == "1,240"
    assert occ.line == 1
    assert occ.context == "About 1,240 people left the lower town before dawn."
    assert occ.to_dict()["context"] == occ.context


def test_occurrence_outside_a_sentence_gets_its_line_as_context():
    doc, ext = make_doc("wire", "en", TEXT)
    ext.sentences.clear()
    ctx = make_ctx((doc, ext))
    start, end = span(TEXT, "water")
    occ = ctx.occurrence("wire", start, end)
    assert occ.line == 2
    assert occ.context == "Officials said the water was falling."


def test_occurrence_context_is_in_the_report():
    occ = Occurrence("d", "en", "x", 0, 1, 1, context="x marks the spot")
    assert occ.to_dict()["context"] == "x marks the spot"


def test_a_name_forms_mentions_read_as_the_list_of_pairs_they_hold():
    from transcheck.align.names import Mentions
    from transcheck.model import NameMention

    pairs = [("b", NameMention(4, 9, "Aktau")), ("a", NameMention(40000, 2**40, "Ақтау 𝔘"))]
    mentions = Mentions(pairs[:1])
    mentions.append(pairs[1])
    assert list(mentions) == pairs
    assert len(mentions) == 2
    assert mentions == pairs
    assert sorted(mentions, key=lambda dm: dm[0]) == pairs[::-1]
    mentions.extend(pairs)
    assert list(mentions) == pairs * 2
    assert {d for d, _ in mentions} == {"a", "b"}
    from transcheck.align.names import NameForm

    form = NameForm("Aktau", ("aktau",), "Latn", mentions)
    assert form.docs == {"a", "b"}
