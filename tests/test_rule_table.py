"""The report carries the rule table; renderers read rule facts from it, not from lists of
their own (a new rule is one module, and its description reaches every output)."""

from __future__ import annotations

from transcheck.report.html import _rule_description
from transcheck.report.json import rule_table
from transcheck.report.text import shows_pivot
from transcheck.rules import all_rules


def test_every_registered_rule_is_in_the_table():
    table = rule_table()
    assert set(table) == set(all_rules())
    assert table["omission"]["severity"] == "warning"
    assert table["addition"]["severity"] == "info"
    assert table["meaning-drift"]["shows_pivot"] is True
    assert table["name-variant"]["shows_pivot"] is False
    assert all(entry["description"] for entry in table.values())


def test_renderers_read_the_report_table():
    report = {
        "rules": {
            "x-rule": {"severity": "warning", "description": "from the report", "shows_pivot": True}
        }
    }
    assert _rule_description(report, "x-rule") == "from the report"
    assert shows_pivot(report, "x-rule")
    # an older report without a table: the built-in knowledge
    assert shows_pivot({}, "quote-drift")
    assert not shows_pivot({}, "x-rule")
