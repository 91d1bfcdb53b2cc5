"""Reading a saved JSON report back (``transcheck report``): bounded, checked, never trusted.

A report may come from anywhere, so it is read like a corpus file (a regular file under a size
limit), its nesting depth is limited, and the fields the renderers use are checked. The
documents it names are never read: renderers get what they need from the report itself.
"""

from __future__ import annotations

import json
import os
from typing import Any

from transcheck.model import SEVERITIES
from transcheck.safety import read_limited

MAX_REPORT_BYTES = 500_000_000
MAX_DEPTH = 64


class ReportError(Exception):
    """The file is not a report transcheck can render (one-line reason)."""


def depth_exceeds(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists/dicts in ``value`` nest deeper than ``limit`` (iterative, no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def load_report(path: str | os.PathLike, schema: str) -> dict:
    """The report in ``path``, checked well enough for every renderer; :class:`ReportError`."""
    shown = os.fspath(path)
    try:
        raw = read_limited(path, MAX_REPORT_BYTES, "report")
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ReportError(f"cannot read {shown}: not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise ReportError(f"{shown}: JSON nested too deeply (limit {MAX_DEPTH})") from None
    except ValueError as exc:
        raise ReportError(f"cannot read {shown}: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != schema:
        raise ReportError(f"{shown}: not a {schema} report")
    if depth_exceeds(data):
        raise ReportError(f"{shown}: JSON nested too deeply (limit {MAX_DEPTH})")
    problem = _shape_problem(data)
    if problem:
        raise ReportError(f"{shown}: not a valid {schema} report: {problem}")
    return data


def _list_of_dicts(data: dict, key: str, fields: dict[str, tuple[type, ...]]) -> str | None:
    value = data.get(key, [])
    if not isinstance(value, list):
        return f'"{key}" must be a list'
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            return f'"{key}"[{i}] must be an object'
        for field, types in fields.items():
            if not isinstance(item.get(field), types):
                return f'"{key}"[{i}].{field} is missing or has the wrong type'
    return None


_STR = (str,)
_OPT_STR = (str, type(None))
_INT = (int,)


def _shape_problem(data: dict) -> str | None:
    """What is wrong with the fields the renderers read (None if nothing)."""
    summary = data.get("summary")
    if not isinstance(summary, dict):
        return '"summary" is missing'
    if not isinstance(summary.get("documents"), int) or not isinstance(summary.get("errors"), int):
        return '"summary" needs integer "documents" and "errors"'
    counts = summary.get("findings")
    if not isinstance(counts, dict) or not all(isinstance(counts.get(s), int) for s in SEVERITIES):
        return '"summary.findings" needs integer counts per severity'
    for key in ("by_rule", "languages", "translation"):
        if not isinstance(summary.get(key, {}), dict):
            return f'"summary.{key}" must be an object'
    if not isinstance(data.get("pivot"), str):
        return '"pivot" must be a string'
    for key, fields in (
        ("documents", {"id": _STR, "path": _STR}),
        ("errors", {"path": _STR, "error": _STR}),
        ("notices", {"code": _STR, "message": _STR}),
        ("findings", {"rule": _STR, "severity": _STR, "key": _STR, "message": _STR}),
    ):
        problem = _list_of_dicts(data, key, fields)
        if problem:
            return problem
    for i, d in enumerate(data.get("documents", [])):
        if not isinstance(d.get("text", ""), str):
            return f'"documents"[{i}].text must be a string'
    for i, f in enumerate(data.get("findings", [])):
        if f["severity"] not in SEVERITIES:
            return f'"findings"[{i}].severity must be one of {", ".join(SEVERITIES)}'
        if f.get("glossary") is not None and not isinstance(f["glossary"], dict):
            return f'"findings"[{i}].glossary must be an object'
        problem = _list_of_dicts(
            f, "occurrences", {"doc": _STR, "lang": _OPT_STR, "text": _STR, "line": _INT}
        )
        if problem:
            return f'"findings"[{i}].{problem}'
    return None


__all__ = ["MAX_REPORT_BYTES", "ReportError", "load_report", "read_limited"]
