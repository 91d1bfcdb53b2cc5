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
