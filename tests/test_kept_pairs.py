"""Pairs kept between audits (transcheck.align.kept): after any change of the units, the kept
pairs plus the pairs found again are exactly the pairs of a pairing from scratch."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck.align import common
from transcheck.align.kept import KEPT, scored_pairs


class Store:
    """What the audit keeps results in (``transcheck.memo.DocItems``'s result tables)."""

    def __init__(self) -> None:
        self.tables: dict = {}

    def result(self, table, key):
        return self.tables.get((table, key))

    def put_result(self, table, key, value):
        self.tables[(table, key)] = value


# A unit: (signature, tokens, copy). Its signature stands for everything the test reads of
# it (as a figure's document digest and place do): equal signatures, equal units.
unit = st.tuples(
    st.sampled_from("abcdefghij"),
    st.frozensets(st.sampled_from("pqrstuvw"), max_size=4),
    st.integers(0, 1),
)


def pairing(store, units, min_shared, max_df, per_item, scored_log=None):
    ctx = SimpleNamespace(shared={KEPT: store} if store is not None else {})
    signatures = None
    if store is not None:  # a signature per unit: its content and its rank among equals
        seen: dict = {}
        signatures = []
        for sig, tokens, copy in units:
            key = (sig, tokens, copy)
            seen[key] = seen.get(key, -1) + 1
            signatures.append(f"{sig}{''.join(sorted(tokens))}{copy}#{seen[key]}")

    def score(i, j):
        if scored_log is not None:
            scored_log.append((i, j))
        a, b = units[i], units[j]
        if a[0] == b[0] == "a":
            return None  # a test that says no
        return (-len(a[1] & b[1]) / 4, ord(a[0]) + ord(b[0]))

    return scored_pairs(
        ctx,
        "test",
        signatures,
        [u[1] for u in units],
        score,
        min_shared=min_shared,
        max_df=max_df,
        copies=[u[2] for u in units],
        per_item=per_item,
    )


@st.composite
def edited(draw):
    """Units before, and after some were dropped and others put in anywhere."""
    before = draw(st.lists(unit, max_size=14))
    after = [u for u in before if draw(st.booleans())]
    for new in draw(st.lists(unit, max_size=4)):
        after.insert(draw(st.integers(0, len(after))), new)
    return before, after


@settings(max_examples=400, deadline=None)
@given(edited(), st.integers(1, 2), st.integers(1, 5), st.booleans(), st.sampled_from([2, 10_000]))
def test_a_pairing_after_a_change_is_the_pairing_from_scratch(
    change, min_shared, max_df, per_item, star
):
    before, after = change
    # (at 2, groups of copies link through their first members as large ones do)
    with mock.patch.object(common, "MAX_EXPANDED_PAIRS", star):
        store = Store()
        pairing(store, before, min_shared, max_df, per_item)
        again = pairing(store, after, min_shared, max_df, per_item)
        scratch = pairing(None, after, min_shared, max_df, per_item)
    assert sorted(again) == sorted(scratch)
    assert len(again) == len(set(again))


@settings(max_examples=100, deadline=None)
@given(st.lists(unit, min_size=2, max_size=14), st.integers(1, 2), st.booleans())
def test_nothing_changed_nothing_is_scored_again(units, min_shared, per_item):
    store = Store()
    first = pairing(store, units, min_shared, 5, per_item)
    log: list = []
    again = pairing(store, units, min_shared, 5, per_item, log)
    assert sorted(again) == sorted(first)
    assert log == []


def test_one_unit_changed_scores_only_its_pairs():
    units = [(c, frozenset("pq"), 0) for c in "bcdefg"]
    store = Store()
    pairing(store, units, 1, 10, True)
    units[2] = ("x", frozenset("pq"), 0)  # same tokens, another unit
    log: list = []
    again = pairing(store, units, 1, 10, True, log)
    assert sorted(again) == sorted(pairing(None, units, 1, 10, True))
    assert log
    assert all(2 in pair for pair in log)


def test_a_damaged_record_is_paired_from_scratch():
    units = [(c, frozenset("pq"), 0) for c in "bcd"]
    store = Store()
    pairing(store, units, 1, 10, False)
    store.tables[("pairs", "test")] = {"sizes": 3, "indexed": [], "pairs": "x"}
    assert sorted(pairing(store, units, 1, 10, False)) == sorted(pairing(None, units, 1, 10, False))


def test_a_group_of_copies_that_lost_its_first_member_is_paired_again():
    # Large groups of copies link through their first members (a star): when the first one
    # goes, the next one takes its links.
    copies = [(c, frozenset("p"), 0) for c in "bcd"] + [(c, frozenset("pq"), 1) for c in "ef"]
    with mock.patch.object(common, "MAX_EXPANDED_PAIRS", 2):
        store = Store()
        pairing(store, copies, 1, 10, False)
        again = pairing(store, copies[1:], 1, 10, False)
        scratch = pairing(None, copies[1:], 1, 10, False)
    assert sorted(again) == sorted(scratch)
    assert (0, 3) in {pair[-2:] for pair in scratch}  # c-f: a link b had before
