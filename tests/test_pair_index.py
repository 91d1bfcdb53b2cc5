"""The candidate-pair indexes of the alignment stream their pairs (one row of counts in memory,
never one count per possible pair) and find exactly the pairs a plain count over all pairs
finds."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck.align.common import PairIndex, UnionFind, _expand, candidate_pairs

tokens = st.lists(st.sets(st.sampled_from("abcdefgh"), max_size=5), max_size=25)


def counted_pairs(token_sets, min_shared, max_df, copies=None):
    """The reference: one counter entry for every pair two index tokens form."""
    groups: dict = {}
    for i, toks in enumerate(token_sets):
        groups.setdefault((frozenset(toks), copies[i] if copies else None), []).append(i)
    keys = list(groups)
    index = defaultdict(list)
    for g, (key, _) in enumerate(keys):
        for t in key:
            index[t].append(g)
    shared: Counter = Counter()
    for postings in index.values():
        if 1 < len(postings) <= max_df:
            shared.update(combinations(postings, 2))
    pairs = set()
    for key, members in groups.items():
        if len(members) > 1 and len(key[0]) >= min_shared:
            pairs.update(_expand(members, members))
    for (a, b), count in shared.items():
        if count >= min_shared:
            pairs.update(_expand(groups[keys[a]], groups[keys[b]]))
    return pairs


@settings(max_examples=200, deadline=None)
@given(tokens, st.integers(1, 3), st.integers(1, 6), st.booleans())
def test_candidate_pairs_are_the_counted_pairs_each_once(token_sets, min_shared, max_df, copy):
    copies = [i % 3 for i in range(len(token_sets))] if copy else None
    got = list(candidate_pairs(token_sets, min_shared=min_shared, max_df=max_df, copies=copies))
    assert len(got) == len(set(got))
    assert all(i < j for i, j in got)
    assert set(got) == counted_pairs(token_sets, min_shared, max_df, copies)


@settings(max_examples=200, deadline=None)
@given(tokens, st.integers(1, 3), st.integers(1, 6), st.booleans())
def test_an_index_cut_to_its_indexed_tokens_finds_the_same_pairs(
    token_sets, min_shared, max_df, copy
):
    copies = [i % 3 for i in range(len(token_sets))] if copy else None
    index = PairIndex(token_sets, max_df=max_df, copies=copies)
    index.keep_indexed()
    assert all(key <= index.indexed for key in index.keys)
    got = list(index.pairs(min_shared))
    assert len(got) == len(set(got))
    assert set(got) == counted_pairs(token_sets, min_shared, max_df, copies)


def test_candidate_pairs_accepts_a_generator():
    sets = [{"a", "b"}, {"a", "b"}, {"a", "c"}]
    assert sorted(candidate_pairs((s for s in sets), min_shared=1, max_df=5)) == [
        (0, 1),
        (0, 2),
        (1, 2),
    ]


@settings(max_examples=200, deadline=None)
@given(tokens, st.integers(1, 6))
def test_items_of_their_own_pair_through_a_rare_token(token_sets, max_df):
    df = Counter(t for toks in token_sets for t in toks)
    expected = {
        (i, j)
        for i, j in combinations(range(len(token_sets)), 2)
        if any(df[t] <= max_df for t in token_sets[i] & token_sets[j])
    }
    got = list(PairIndex(token_sets, max_df=max_df, per_item=True).pairs(1))
    assert len(got) == len(set(got))
    assert set(got) == expected


@settings(max_examples=200, deadline=None)
@given(tokens, st.integers(1, 3), st.integers(1, 6), st.booleans(), st.data())
def test_pairs_of_some_groups_are_the_pairs_touching_them(
    token_sets, min_shared, max_df, copy, data
):
    copies = [i % 3 for i in range(len(token_sets))] if copy else None
    index = PairIndex(token_sets, max_df=max_df, copies=copies)
    only = data.draw(st.sets(st.integers(0, max(0, len(index.keys) - 1))))
    only &= set(range(len(index.keys)))
    got = list(index.pairs(min_shared, only))
    assert len(got) == len(set(got))
    assert all(i < j for i, j in got)
    touching = {
        (i, j)
        for i, j in counted_pairs(token_sets, min_shared, max_df, copies)
        if index.group_of[i] in only or index.group_of[j] in only
    }
    assert set(got) == touching


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)))
        )
    ),
    st.integers(2, 4),
)
def test_merged_groups_are_the_groups_of_that_size(unions, min_size):
    """``groups(min_size)`` lists the groups of at least that many members, as ``groups()``
    does, without a list for every item left alone."""
    n, pairs = unions
    uf = UnionFind(n)
    for a, b in pairs:
        uf.union(a, b)
    whole = uf.groups()
    assert sorted(i for g in whole for i in g) == list(range(n))
    assert uf.groups(min_size) == [g for g in whole if len(g) >= min_size]
