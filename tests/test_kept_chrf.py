"""The chrF of a quote-drift finding's evidence, kept between audits (rules/quotes.py)."""

from __future__ import annotations

from types import SimpleNamespace

from transcheck.rules import quotes


class _Kept:
    """The part of transcheck.memo.DocItems the rule uses."""

    def __init__(self, kept: dict | None = None) -> None:
        self.kept = dict(kept or {})
        self.used: dict = {}

    def result(self, table: str, key: str):
        value = self.kept.get((table, key))
        if value is not None:
            self.used[(table, key)] = value
        return value

    def put_result(self, table: str, key: str, value) -> None:
        self.used[(table, key)] = value


def _item(pivot: str):
    return SimpleNamespace(pivot=pivot)


def test_kept_chrf_is_sacrebleus_in_both_orders_and_measured_once(monkeypatch):
    a = _item("We will rebuild the bridge before winter, the mayor said.")
    b = _item("We shall rebuild the bridge before the winter.")
    expected = quotes._reported_chrf(a, b)
    assert quotes._reported_chrf(b, a) == expected  # symmetric, bit for bit
    calls = []
    real = quotes._reported_chrf
    monkeypatch.setattr(quotes, "_reported_chrf", lambda x, y: calls.append(1) or real(x, y))

    kept = _Kept()
    measured: dict = {}
    assert quotes._kept_chrf(kept, a, b, measured) == expected
    assert quotes._kept_chrf(kept, b, a, measured) == expected
    assert len(calls) == 1
    assert list(kept.used.values()) == [expected]

    # the next audit: taken from what was kept, not measured again
    again = _Kept(kept.used)
    assert quotes._kept_chrf(again, b, a, {}) == expected
    assert len(calls) == 1
    assert again.used == kept.used  # and kept for the audit after

    # a changed rendering is measured
    c = _item("We will not rebuild the bridge, the mayor said.")
    assert quotes._kept_chrf(again, a, c, {}) == real(a, c)
    assert len(calls) == 2

    # without a cache: measured each audit
    assert quotes._kept_chrf(None, a, b, {}) == expected
    assert len(calls) == 3


def test_merged_statements_are_kept_by_their_clusters_and_readings():
    """kept_merge gives merge_statements' result, computed or from what was kept; a changed
    cluster (another digest) or reading is merged again."""
    from transcheck.align.quotes import QuoteCluster, QuoteItem
    from transcheck.model import Quote

    def item(doc: str, text: str) -> QuoteItem:
        words = tuple(w for w in text.split() if len(w) > 3)
        q = Quote(0, len(text), text, speaker="Ana Ruiz")
        return QuoteItem(doc, "es", "en", q, text, "x", words, frozenset())

    long_a = item("a", "we will never close the harbour while the boats still need shelter")
    long_b = item("b", "we will soon close the harbour because the boats need no shelter")
    short_a = item("c", "never close the harbour while boats need shelter")
    short_b = item("d", "soon close the harbour because boats need shelter")
    big = QuoteCluster("big", [long_a, long_b])
    small = QuoteCluster("small", [short_a, short_b])
    drifted = [
        (big, [[long_a], [long_b]], ["never → soon"]),
        (small, [[short_a], [short_b]], ["never → soon"]),
    ]
    digests = [quotes._renderings_digest(c.items) for c, _, _ in drifted]
    expected = quotes.merge_statements(drifted)
    assert len(expected) == 1  # the partial quote folded into the full one

    kept = _Kept()
    assert quotes.kept_merge(kept, drifted, digests) == expected
    assert [t for t, _ in kept.used] == ["merged"]
    again = _Kept(kept.used)
    calls = []
    real = quotes.merge_statements
    try:
        quotes.merge_statements = lambda d: calls.append(1) or real(d)
        got = quotes.kept_merge(again, drifted, digests)
        assert got == expected
        assert got[0][0] is big
        assert got[0][1][0][1] is short_a  # the kept items are this audit's objects
        assert calls == []
        # another reading of the small cluster: merged again
        other = [drifted[0], (small, [[short_b], [short_a]], ["soon → never"])]
        assert quotes.kept_merge(again, other, digests) == real(other)
        assert calls == [1]
        # a damaged kept row: merged again
        broken = _Kept({key: [[7, [[[0, 9]]], []]] for key in kept.used})
        assert quotes.kept_merge(broken, drifted, digests) == expected
        assert calls == [1, 1]
    finally:
        quotes.merge_statements = real
