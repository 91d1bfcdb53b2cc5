"""Pairs kept between audits (transcheck.align.kept): after any change of the units, the kept
pairs plus the pairs found again are exactly the pairs of a pairing from scratch."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck.align import common
from transcheck.align.kept import KEPT, Units, scored_pairs


class Store:
    """What the audit keeps results in (``transcheck.memo.DocItems``'s result tables)."""

    def __init__(self) -> None:
        self.tables: dict = {}

    def result(self, table, key):
        return self.tables.get((table, key))

    def put_result(self, table, key, value):
        self.tables[(table, key)] = value


# A unit: (owner, place, tokens, copy). Owner and place stand for everything the test reads
# of it (as a figure's document signature and place do): equal owner and place, equal unit.
def pairing(store, units, min_shared, max_df, per_item, scored_log=None):
    ctx = SimpleNamespace(shared={KEPT: store} if store is not None else {})
    who = Units([u[0] for u in units], [u[1] for u in units]) if store is not None else None

    def score(i, j):
        if scored_log is not None:
            scored_log.append((i, j))
        a, b = units[i], units[j]
        if a[0] == b[0] or a[2] == frozenset("w"):
            return None  # a test that says no
        return (-len(a[2] & b[2]) / 4, len(a[0] + b[0]) + ord(a[0][0]))

    return scored_pairs(
        ctx,
        "test",
        who,
        [u[2] for u in units],
        score,
        min_shared=min_shared,
        max_df=max_df,
        copies=[u[3] for u in units],
        per_item=per_item,
    )


contents = st.tuples(st.frozensets(st.sampled_from("pqrstuvw"), max_size=4), st.integers(0, 1))


@st.composite
def edited(draw):
    """Units of one corpus before and after an edit: every (owner, place) stands for one
    unit; some go, some come (a document edited is a new owner)."""
    universe = draw(
        st.dictionaries(
            st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 3)), contents, max_size=16
        )
    )
    keys = sorted(universe)
    before = [k for k in keys if draw(st.booleans())]
    after = [k for k in keys if draw(st.booleans())]
    return [(*k, *universe[k]) for k in before], [(*k, *universe[k]) for k in after]


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
@given(edited(), st.integers(1, 2), st.booleans())
def test_nothing_changed_nothing_is_scored_again(change, min_shared, per_item):
    units = change[0]
    store = Store()
    first = pairing(store, units, min_shared, 5, per_item)
    log: list = []
    again = pairing(store, units, min_shared, 5, per_item, log)
    assert sorted(again) == sorted(first)
    assert log == []


def test_one_unit_changed_scores_only_its_pairs():
    units = [(c, 0, frozenset("pq"), 0) for c in "bcdefg"]
    store = Store()
    pairing(store, units, 1, 10, True)
    units[2] = ("x", 0, frozenset("pq"), 0)  # same tokens, another document
    log: list = []
    again = pairing(store, units, 1, 10, True, log)
    assert sorted(again) == sorted(pairing(None, units, 1, 10, True))
    assert log
    assert all(2 in pair for pair in log)


def test_a_damaged_record_is_paired_from_scratch():
    units = [(c, 0, frozenset("pq"), 0) for c in "bcd"]
    store = Store()
    pairing(store, units, 1, 10, False)
    store.tables[("pairs", "test")] = {"known": 3, "sizes": {}, "indexed": [], "pairs": "x"}
    assert sorted(pairing(store, units, 1, 10, False)) == sorted(pairing(None, units, 1, 10, False))


def test_a_group_of_copies_that_lost_its_first_member_is_paired_again():
    # Large groups of copies link through their first members (a star): when the first one
    # goes, the next one takes its links.
    copies = [(c, 0, frozenset("p"), 0) for c in "bcd"]
    copies += [(c, 0, frozenset("pq"), 1) for c in "ef"]
    with mock.patch.object(common, "MAX_EXPANDED_PAIRS", 2):
        store = Store()
        pairing(store, copies, 1, 10, False)
        again = pairing(store, copies[1:], 1, 10, False)
        scratch = pairing(None, copies[1:], 1, 10, False)
    assert sorted(again) == sorted(scratch)
    assert (0, 3) in {pair[-2:] for pair in scratch}  # c-f: a link b had before


def test_a_quotation_left_alone_in_its_node_is_a_new_unit():
    # Place 1 of document "b" was part of a node of several documents; now it is a unit of
    # its own, which the last audit never paired.
    first = [("b", 0, frozenset("pq"), 0), ("node", 0, frozenset("pq"), 0)]
    then = [("b", 0, frozenset("pq"), 0), ("b", 1, frozenset("pq"), 0)]
    store = Store()
    pairing(store, first + [("c", 0, frozenset("q"), 0)], 1, 10, True)
    units = then + [("c", 0, frozenset("q"), 0)]
    assert sorted(pairing(store, units, 1, 10, True)) == sorted(pairing(None, units, 1, 10, True))
