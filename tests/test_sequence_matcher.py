"""The rules diff words with cydifflib's SequenceMatcher (difflib's algorithm in C): its
blocks and opcodes must be the standard library's, ties and repeats included."""

from __future__ import annotations

import difflib

import cydifflib
from hypothesis import given, settings
from hypothesis import strategies as st

WORDS = st.lists(
    st.sampled_from(["the", "a", "gate", "closed", "open", "not", "3", "x"]), max_size=30
)


@settings(max_examples=400, deadline=None)
@given(WORDS, WORDS)
def test_cydifflib_is_difflib(a, b):
    ours = cydifflib.SequenceMatcher(None, a, b, autojunk=False)
    theirs = difflib.SequenceMatcher(None, a, b, autojunk=False)
    assert [tuple(m) for m in ours.get_matching_blocks()] == [
        tuple(m) for m in theirs.get_matching_blocks()
    ]
    assert ours.get_opcodes() == theirs.get_opcodes()


def test_the_rules_use_it():
    from transcheck.rules import pairs, quotes

    assert pairs.SequenceMatcher is cydifflib.SequenceMatcher
    assert quotes.SequenceMatcher is cydifflib.SequenceMatcher
