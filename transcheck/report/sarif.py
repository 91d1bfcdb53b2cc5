"""The report as SARIF 2.1.0, the static-analysis format code-review tools read (GitHub code
scanning, GitLab, IDE viewers): one result per finding, located at each occurrence's file and
line, with the finding's stable key as its fingerprint (a finding keeps it across runs)."""

from __future__ import annotations

import json
from typing import Any

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _location(occurrence: dict[str, Any], paths: dict[str, str]) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": paths.get(occurrence.get("doc", ""), occurrence.get("doc"))}
    }
    if occurrence.get("line"):
        physical["region"] = {
            "startLine": occurrence["line"],
            "snippet": {"text": occurrence.get("text", "")},
        }
    return {"physicalLocation": physical}


def render_sarif(report: dict[str, Any]) -> str:
    """One SARIF run: the rule table as the tool's rules, every finding as a result."""
    paths = {d["id"]: d["path"] for d in report.get("documents", [])}
    rules = report.get("rules", {})
    tool = report.get("tool", {})
    results = [
        {
            "ruleId": f["rule"],
            "level": _LEVELS.get(f["severity"], "note"),
            "message": {"text": f["message"]},
            "locations": [_location(o, paths) for o in f.get("occurrences", [])],
            "partialFingerprints": {"transcheckKey/v1": f["key"]},
        }
        for f in report.get("findings", [])
    ]
    run = {
        "tool": {
            "driver": {
                "name": tool.get("name", "transcheck"),
                "version": tool.get("version", ""),
                "rules": [
                    {
                        "id": name,
                        "shortDescription": {"text": entry.get("description", "")},
                        "defaultConfiguration": {
                            "level": _LEVELS.get(entry.get("severity", ""), "note")
                        },
                    }
                    for name, entry in sorted(rules.items())
                ],
            }
        },
        "results": results,
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
