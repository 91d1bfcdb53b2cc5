"""Triage decisions that survive the next run: a baseline file of finding ids.

As with linters' baselines, a finding is identified by its stable id (``Finding.id``: the
rule and a hash of what is compared, not line numbers), so editing a document does not
resurrect a decision. A baseline maps ids to a status:

- ``accepted`` — the finding is real but fine as it is (house style, a deliberate choice);
- ``false-positive`` — the checker is wrong here.

``apply_baseline`` moves the findings a baseline decides out of ``findings`` into
``suppressed`` (still in the JSON report, counted, never shown as problems), marks every
other finding ``"status": "new"``, and adds a ``baseline`` summary. It is idempotent: a
report that already had a baseline applied is first restored.

File format (JSON, keys sorted, deterministic)::

    {"schema": "transcheck-baseline/1",
     "findings": {"quote-drift:3f2a9c1e": {"status": "accepted", "rule": "quote-drift",
                                          "message": "..."}}}
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from transcheck.model import SEVERITIES

SCHEMA = "transcheck-baseline/1"
STATUSES = ("accepted", "false-positive")
MAX_BASELINE_BYTES = 100_000_000


class BaselineError(Exception):
    """The baseline file cannot be used (missing, not JSON, wrong schema)."""


def load_baseline(path: str | Path) -> dict[str, dict[str, Any]]:
    """The decisions in a baseline file, by finding id."""
    from transcheck.safety import read_limited

    path = Path(path)
    if path.is_dir():
        raise BaselineError(f"baseline is a folder, not a file: {path}")
    try:  # bounded like every other file a user hands over (a regular file, size limit)
        data = json.loads(read_limited(path, MAX_BASELINE_BYTES, "baseline").decode("utf-8-sig"))
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {path}") from None
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(f"{path}: JSON nested too deeply") from None
    except ValueError as exc:  # not UTF-8, not a regular file, too large
        raise BaselineError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BaselineError(f"{path}: not a {SCHEMA} file")
    raw = data.get("findings")
    if not isinstance(raw, dict):
        raise BaselineError(f"{path}: 'findings' must be an object of finding ids")
    entries: dict[str, dict[str, Any]] = {}
    for fid, entry in raw.items():
        entry = entry if isinstance(entry, dict) else {"status": entry}
        status = entry.get("status", "accepted")
        if status not in STATUSES:
            raise BaselineError(
                f"{path}: finding {fid}: unknown status {status!r} (use {' or '.join(STATUSES)})"
            )
        entries[str(fid)] = {k: v for k, v in entry.items() if isinstance(k, str)}
    return entries


def entry_for(finding: dict[str, Any], status: str = "accepted") -> dict[str, Any]:
    return {
        "status": status,
        "rule": str(finding.get("rule", "")),
        "message": str(finding.get("message", "")),
    }


def dumps_baseline(entries: dict[str, dict[str, Any]]) -> str:
    data = {"schema": SCHEMA, "findings": dict(sorted(entries.items()))}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def all_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every finding of a report, shown or suppressed, without baseline statuses."""
    found = list(report.get("findings") or []) + list(report.get("suppressed") or [])
    out = []
    for f in found:
        if isinstance(f, dict):
            f = {k: v for k, v in f.items() if k != "status"}
            out.append(f)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    out.sort(key=lambda f: (order.get(f.get("severity"), 3), f.get("rule", ""), f.get("key", "")))
    return out


def baseline_from_report(
    report: dict[str, Any],
    status: str = "accepted",
    previous: dict[str, dict[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Every finding of ``report`` as a decision; ``previous`` decisions are kept as they are."""
    entries = dict(previous or {})
    for f in all_findings(report):
        fid = str(f.get("id", ""))
        if fid and fid not in entries:
            entries[fid] = entry_for(f, status)
    return entries


def apply_baseline(
    report: dict[str, Any], entries: dict[str, dict[str, Any]], source: str
) -> dict[str, Any]:
    """A copy of ``report`` with decided findings suppressed and the rest marked new."""
    out = dict(report)
    shown, suppressed = [], []
    for f in all_findings(report):
        entry = entries.get(str(f.get("id", "")))
        if entry is None:
            shown.append({**f, "status": "new"})
        else:
            suppressed.append({**f, "status": entry.get("status", "accepted")})
    out["findings"] = shown
    out["suppressed"] = suppressed
    statuses = Counter(f["status"] for f in suppressed)
    live = {str(f.get("id")) for f in shown} | {str(f.get("id")) for f in suppressed}
    out["baseline"] = {
        "file": source,
        "new": len(shown),
        "accepted": statuses.get("accepted", 0),
        "false_positive": statuses.get("false-positive", 0),
        "stale": sum(1 for fid in entries if fid not in live),
        "entries": dict(sorted(entries.items())),
    }
    summary = dict(out.get("summary") or {})
    by_severity = Counter(f.get("severity") for f in shown)
    summary["findings"] = {s: by_severity.get(s, 0) for s in SEVERITIES}
    summary["by_rule"] = dict(sorted(Counter(str(f.get("rule")) for f in shown).items()))
    summary["suppressed"] = len(suppressed)
    out["summary"] = summary
    return out


def suppressed_sentence(report: dict[str, Any]) -> str:
    """ "2 accepted, 1 false positive hidden (baseline FILE)", or "" without a baseline."""
    b = report.get("baseline")
    if not isinstance(b, dict):
        return ""
    parts = []
    if b.get("accepted"):
        parts.append(f"{b['accepted']} accepted")
    if b.get("false_positive"):
        n = b["false_positive"]
        parts.append(f"{n} false positive{'' if n == 1 else 's'}")
    if not parts:
        return f"{b.get('new', 0)} new; nothing hidden by the baseline {b.get('file', '')}"
    return f"{b.get('new', 0)} new; {', '.join(parts)} hidden (baseline {b.get('file', '')})"
