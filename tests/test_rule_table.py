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


def test_a_new_rule_is_one_module(tmp_path, monkeypatch):
    """A module dropped into the rules package registers its rule: no list to edit."""
    import sys

    import transcheck.rules as rules_pkg

    (tmp_path / "zz_example_rule.py").write_text(
        "from transcheck.rules import register\n"
        "from transcheck.rules.base import Rule\n\n"
        "@register\n"
        "class Example(Rule):\n"
        "    name = 'zz-example'\n"
        "    description = 'an example rule'\n\n"
        "    def check(self, ctx):\n"
        "        return []\n"
    )
    monkeypatch.setattr(rules_pkg, "__path__", [*rules_pkg.__path__, str(tmp_path)])
    monkeypatch.setitem(rules_pkg.RULES, "zz-example", [])
    monkeypatch.delitem(sys.modules, "transcheck.rules.zz_example_rule", raising=False)
    try:
        table = rule_table()
        assert table["zz-example"]["description"] == "an example rule"
    finally:
        sys.modules.pop("transcheck.rules.zz_example_rule", None)


def test_a_pair_checker_never_describes_a_rule_it_shares():
    """Where a cross-article checker and a pair checker share a name, the report describes
    the rule with the cross-article one, whatever order the modules were imported in."""
    from transcheck.rules import RULES, _combined

    all_rules()
    shared = [name for name, classes in RULES.items() if len(classes) > 1]
    assert "number-mismatch" in shared
    for name in shared:
        forwards = _combined(RULES[name])
        backwards = _combined(list(reversed(RULES[name])))
        assert forwards.description == backwards.description
        assert forwards.checkers[0].primary
