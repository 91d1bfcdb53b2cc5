"""SARIF output: what code-review tools need from each finding (rule, level, file, line, a
fingerprint that survives re-runs), checked on the golden demo report."""

from __future__ import annotations

import json

from golden_cases import FORMATS, GOLDEN

from transcheck.report import render


def _sarif() -> tuple[dict, dict]:
    report = json.loads((GOLDEN / FORMATS["json"]).read_text(encoding="utf-8"))
    return report, json.loads(render(report, "sarif"))


def test_one_result_per_finding_at_its_file_and_line():
    report, sarif = _sarif()
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    results = run["results"]
    assert len(results) == len(report["findings"])
    paths = {d["id"]: d["path"] for d in report["documents"]}
    for finding, result in zip(report["findings"], results, strict=True):
        assert result["ruleId"] == finding["rule"]
        assert result["partialFingerprints"]["transcheckKey/v1"] == finding["key"]
        first = finding["occurrences"][0]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == paths[first["doc"]]
        assert location["region"]["startLine"] == first["line"]


def test_levels_and_rules_come_from_the_report():
    report, sarif = _sarif()
    (run,) = sarif["runs"]
    levels = {r["level"] for r in run["results"]}
    assert {"error", "warning"} <= levels
    assert "info" not in levels  # SARIF calls it "note"
    described = {r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]}
    assert described == {name: e["description"] for name, e in report["rules"].items()}
