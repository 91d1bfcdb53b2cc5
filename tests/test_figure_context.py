"""A figure keeps its sentence's word set and the one word it leaves out (its unit): the
overlap of two figures' contexts must equal that of the sets less those words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transcheck.align.common import jaccard
from transcheck.align.facts import context_jaccard, context_overlap
from transcheck.align.numbers import NumberItem
from transcheck.model import NumberMention

WORDS = st.frozensets(st.sampled_from("abcdefg"), max_size=7)


@st.composite
def figures(draw):
    words = draw(WORDS)
    drop = draw(st.sampled_from(sorted(words))) if words and draw(st.booleans()) else None
    mention = NumberMention(0, 1, "1", 1.0, "count")
    return NumberItem("d", "en", mention, None, words, frozenset(), (0, 1), None, drop=drop)


def _less(it: NumberItem) -> frozenset[str]:
    return it.ctx - {it.drop}


@given(figures(), figures())
def test_overlap_is_that_of_the_sets_less_their_units(a, b):
    ca, cb = _less(a), _less(b)
    assert context_overlap(a, b) == (len(ca & cb), len(ca | cb))
    assert context_jaccard(a, b) == jaccard(ca, cb)


def test_the_same_unit_word_leaves_both_sides():
    mention = NumberMention(0, 1, "1", 1.0, "count")

    def item(words, drop):
        return NumberItem(
            "d", "en", mention, None, frozenset(words), frozenset(), (0, 1), None, drop=drop
        )

    a, b = item({"arrests", "police", "city"}, "arrests"), item({"arrests", "police"}, "arrests")
    assert context_overlap(a, b) == (1, 2)
    c = item({"arrests", "police"}, None)  # "arrests" is a context word here, not the unit
    assert context_overlap(a, c) == (1, 3)
