"""A figure keeps its sentence's word set and the one word it leaves out (its unit): the
overlap of two figures' contexts must equal that of the sets less those words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transcheck.align.common import jaccard
from transcheck.align.facts import context_jaccard, context_overlap
from transcheck.align.numbers import NumberItem
from transcheck.audit import AuditOptions, audit

WORDS = st.frozensets(st.sampled_from("abcdefg"), max_size=7)


@st.composite
def figures(draw):
    words = draw(WORDS)
    drop = draw(st.sampled_from(sorted(words))) if words and draw(st.booleans()) else None
    ctx = tuple(sorted(words))
    return NumberItem("d", 0, 1.0, None, ctx, frozenset(), 0, 1, drop=drop)


def _less(it: NumberItem) -> frozenset[str]:
    return frozenset(it.ctx) - {it.drop}


@given(figures(), figures())
def test_overlap_is_that_of_the_sets_less_their_units(a, b):
    ca, cb = _less(a), _less(b)
    assert context_overlap(a, b) == (len(ca & cb), len(ca | cb))
    assert context_jaccard(a, b) == jaccard(ca, cb)


def test_the_same_unit_word_leaves_both_sides():
    def item(words, drop):
        return NumberItem("d", 0, 1.0, None, tuple(sorted(words)), frozenset(), 0, 1, drop=drop)

    a, b = item({"arrests", "police", "city"}, "arrests"), item({"arrests", "police"}, "arrests")
    assert context_overlap(a, b) == (1, 2)
    c = item({"arrests", "police"}, None)  # "arrests" is a context word here, not the unit
    assert context_overlap(a, c) == (1, 3)


def test_figures_of_equal_sentences_share_their_sets(tmp_path):
    """A passage copied into two articles gives their figures one set object per value
    (memory: one set per distinct context, not per figure), and the same pairs."""
    from transcheck.align.numbers import _number_items
    from transcheck.context import AuditContext

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    copied = "Rescuers in Lake Torona said 214 people were moved to shelters on Monday.\n"
    (corpus / "a.en.txt").write_text("Officials met.\n\n" + copied, encoding="utf-8")
    (corpus / "b.en.txt").write_text(copied + "\nThe roads stayed closed.\n", encoding="utf-8")
    result = audit([corpus], AuditOptions(use_cache=False, engine="none"))
    ctx = AuditContext(
        pivot=result.pivot,
        documents={d.id: d for d in result.documents},
        extractions=result.extractions,
        glossary=None,
    )
    items, _, _, _ = _number_items(ctx)
    by_doc = {it.doc: it for it in items if it.value == 214}
    assert len(by_doc) == 2
    a, b = by_doc.values()
    assert a.ctx
    assert a.ctx is b.ctx
    assert a.names is b.names
    assert a.others is b.others
    assert a.when is b.when


def test_the_pairing_by_frames_holds_no_sentence_caches_and_one_tuple_per_frame(monkeypatch):
    """What the figures' items read of their sentences (figures found in a rendering,
    months and weekdays) is not held through the pairing by frames, the stage's peak; nor a
    frame per figure: one tuple per distinct frame."""
    from tests.conftest import ROOT, spy
    from transcheck.align import numbers
    from transcheck.align.common import numbers_in

    def sizes(*args):
        return numbers_in.cache_info().currsize, numbers.when_of.cache_info().currsize

    before = spy(monkeypatch, numbers, "_frames", sizes)
    after = spy(
        monkeypatch,
        numbers,
        "frame_pairs",
        lambda items, ctx, stories, frames, units, values: (sizes(), frames),
    )
    audit([ROOT / "corpus"], AuditOptions(use_cache=False, engine="apertium"))
    assert len(before) == 1
    assert before[0][1] > 0  # (the items were made: their sentences were read)
    ((cached, frames),) = after
    assert cached == (0, 0)
    framed = [f for f in frames if f is not None]
    assert len(framed) > len(set(framed))  # (figures that share a frame)
    assert len({id(f) for f in framed}) == len(set(framed))


def test_the_pairing_by_frames_sees_the_figures_that_can_still_pair():
    """Figures neither paired by units nor framed pair with nothing: they are let go before
    the pairing by frames, the others keep their order, frames, units and pairs."""
    from transcheck.align.kept import Units
    from transcheck.align.numbers import _pairable

    items = [f"figure {i}" for i in range(6)]
    frames = [None, ("rise",), None, None, ("fall",), None]
    units = Units([f"doc{i}" for i in range(6)], [0, 0, 1, 2, 0, 3])
    scored = [(-0.5, 2, 5), (-0.25, 1, 2)]
    kept, kept_frames, kept_units, pairs = _pairable(items, frames, units, scored)
    assert kept == ["figure 1", "figure 2", "figure 4", "figure 5"]
    assert kept_frames == [("rise",), None, ("fall",), None]
    assert list(kept_units.owners) == ["doc1", "doc2", "doc4", "doc5"]
    assert list(kept_units.places) == [0, 1, 0, 3]
    assert pairs == [(-0.5, 1, 3), (-0.25, 0, 1)]
    assert [kept[i] for *_, i, j in pairs] == [items[i] for *_, i, j in scored]


@given(
    st.lists(st.tuples(st.sampled_from("ab"), st.floats(width=64) | st.integers(-5, 5))),
    st.floats() | st.integers(-5, 5),
)
def test_a_documents_values_held_sorted_answer_as_a_set(figures, probe):
    """The pairing by frames asks whether a document states a value: a sorted tuple per
    document answers as the set of its values (NaN equal to nothing, -0.0 equal to 0)."""
    from types import SimpleNamespace

    from transcheck.align.facts import _holds, values_by_doc

    items = [SimpleNamespace(doc=doc, value=value) for doc, value in figures]
    held = values_by_doc(items)
    for doc in {doc for doc, _ in figures}:
        as_set = {it.value for it in items if it.doc == doc}
        fresh = float(probe) if probe == probe else float("nan")  # (never one of the objects)
        assert _holds(held[doc], fresh) == (fresh in as_set)
        for value in as_set:
            assert _holds(held[doc], value) == (value == value)
