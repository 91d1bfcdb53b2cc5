"""Two differing figures whose sentences differ in another figure too are another event; one
drifted figure among the same others is a finding (figure alignment across articles)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from transcheck.align.facts import another_figure_differs
from transcheck.cli import main


def _item(value: float, *others: float) -> SimpleNamespace:
    return SimpleNamespace(value=value, others=frozenset(others))


def test_another_figure_differs() -> None:
    # 92,446 meals and 258 blankets in two days / 53,717 meals and 373 blankets in two days
    assert another_figure_differs(_item(258, 92446, 2), _item(373, 53717, 2))
    assert another_figure_differs(_item(258, 92446), _item(373, 53717))
    # one drifted figure: the others agree
    assert not another_figure_differs(_item(258, 92446, 2), _item(373, 92446, 2))
    # a figure one side lacks (not found in one language) is no second difference
    assert not another_figure_differs(_item(258, 92446, 2), _item(373, 92446))
    assert not another_figure_differs(_item(258), _item(373, 53717))
    # the same figure: nothing to tell apart
    assert not another_figure_differs(_item(258, 92446), _item(258, 53717))


# Our own text.
TEXT = "Volunteers handed out {meals} meals and {blankets} blankets in two days.\n"


def _numbers(tmp_path: Path, first: dict, second: dict) -> list[dict]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.en.txt").write_text(TEXT.format(**first), encoding="utf-8")
    (corpus / "b.en.txt").write_text(TEXT.format(**second), encoding="utf-8")
    out = tmp_path / "report.json"
    args = ["audit", str(corpus), "--engine", "none", "--no-glossary-discovery", "-q"]
    assert main([*args, "-f", "json", "-o", str(out), "--fail-on", "never"]) == 0
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return [f for f in findings if f["rule"] == "number-mismatch"]


def test_one_drifted_figure_is_found(tmp_path: Path) -> None:
    found = _numbers(
        tmp_path, {"meals": "92,446", "blankets": 258}, {"meals": "92,446", "blankets": 373}
    )
    assert [f["key"] for f in found] == ["n:blanket:258"]


def test_two_differing_figures_are_another_event(tmp_path: Path) -> None:
    found = _numbers(
        tmp_path, {"meals": "92,446", "blankets": 258}, {"meals": "53,717", "blankets": 373}
    )
    assert found == []
