"""Spreadsheet export: one row per occurrence of a finding, for sorting and filtering.

Columns: path, line, rule, severity, original, back-translation, status, finding id,
message. The CSV is UTF-8 with a byte-order mark (so spreadsheet programs read accents
right); a cell that a spreadsheet would run as a formula (starting with = + - @, a tab or
a carriage return) is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import Any

HEADER = (
    "path",
    "line",
    "rule",
    "severity",
    "original",
    "back-translation",
    "status",
    "finding",
    "message",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell``, made inert for spreadsheets (CSV/formula injection)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def rows(report: dict[str, Any]) -> list[list[Any]]:
    """The export rows (without the header): shown findings first, then suppressed ones."""
    from transcheck.report.text import doc_paths

    paths = doc_paths(report)
    out: list[list[Any]] = []
    with_baseline = isinstance(report.get("baseline"), dict)
    for f in list(report.get("findings") or []) + list(report.get("suppressed") or []):
        if not isinstance(f, dict):
            continue
        status = str(f.get("status") or ("new" if with_baseline else "open"))
        for o in f.get("occurrences") or []:
            if not isinstance(o, dict):
                continue
            doc = str(o.get("doc") or "")
            line = o.get("line")
            out.append(
                [
                    paths.get(doc, doc),
                    line if isinstance(line, int) else "",
                    str(f.get("rule") or ""),
                    str(f.get("severity") or ""),
                    " ".join(str(o.get("text") or "").split()),
                    " ".join(str(o.get("pivot_text") or "").split()),
                    status,
                    str(f.get("id") or ""),
                    str(f.get("message") or ""),
                ]
            )
    return out


def render_csv(report: dict[str, Any]) -> str:
    """The CSV text, starting with a BOM (write it as UTF-8)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(report):
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row])
    return "\ufeff" + buf.getvalue()
