"""The scenario newsrooms live: English reports of one event, some machine-translated into
Spanish and French. Drifts planted in one English report must be found across all four
articles, and the faithful machine translations must not raise alarms of their own."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT, require

from transcheck.audit import AuditOptions, audit


def _apertium(mode: str, text: str) -> str:
    return subprocess.run(
        ["apertium", "-u", mode], input=text, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    require(shutil.which("apertium") is not None, "apertium")
    folder = tmp_path_factory.mktemp("mt-corpus")
    original = (ROOT / "corpus" / "01_wire_en.txt").read_text(encoding="utf-8")
    drifted = (
        original.replace("1,240 people", "1,420 people")
        .replace("Yevgeny Barsukov", "Evgeny Barsukov")
        .replace("on the embankment closed until", "on the embankment open until")
    )
    assert drifted.count("1,420") == 1
    assert "Evgeny" in drifted
    (folder / "wire.en.txt").write_text(original, encoding="utf-8")
    (folder / "rewrite.en.txt").write_text(drifted, encoding="utf-8")
    (folder / "wire_mt.es.txt").write_text(_apertium("eng-spa", original), encoding="utf-8")
    spanish = _apertium("eng-spa", drifted)
    (folder / "rewrite_mt.fr.txt").write_text(_apertium("es-fr", spanish), encoding="utf-8")
    return audit([folder], AuditOptions(discover_glossaries=False, use_cache=False))


def _by_rule(result, rule):
    return [f for f in result.findings if f.rule == rule and f.severity != "info"]


def test_languages_and_routes(result):
    langs = {d.id: d.lang for d in result.documents}
    assert langs == {"rewrite.en": "en", "rewrite_mt.fr": "fr", "wire.en": "en", "wire_mt.es": "es"}
    routes = {d.id: d.translated_by for d in result.documents}
    assert routes["wire_mt.es"] == "apertium:es-en"
    assert routes["rewrite_mt.fr"] == "apertium:fr-es>apertium:es-en"


def test_changed_figure_found(result):
    (finding,) = _by_rule(result, "number-mismatch")
    assert "1,240" in finding.message
    assert "1,420" in finding.message
    assert {"wire.en", "rewrite.en"} <= {o.doc for o in finding.occurrences}


def test_respelled_name_found(result):
    (finding,) = _by_rule(result, "name-variant")
    assert "'Evgeny Barsukov'" in finding.message
    assert "'Yevgeny Barsukov'" in finding.message


def test_reversed_order_found(result):
    (finding,) = _by_rule(result, "quote-drift")
    assert "closed → open" in finding.message
    readings = dict(finding.evidence)["readings"]
    assert sorted(readings[0]["docs"] + readings[1]["docs"]) == [
        "rewrite.en",
        "rewrite_mt.fr",
        "wire.en",
        "wire_mt.es",
    ]


def test_no_other_alarms(result):
    others = [
        f
        for f in result.findings
        if f.severity != "info" and f.rule not in ("number-mismatch", "name-variant", "quote-drift")
    ]
    assert others == []
