"""The JSON report (schema ``transcheck-report/1``, see README "Report format")."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from os import PathLike
from typing import TYPE_CHECKING, Any

from transcheck import __version__
from transcheck.align.sentences import CONFIDENT
from transcheck.model import SEVERITIES

if TYPE_CHECKING:
    from transcheck.audit import AuditResult

SCHEMA = "transcheck-report/1"
DETERMINISTIC_STATS = ("passages", "unique_passages")


def build_report(
    result: AuditResult,
    *,
    timestamp: bool = False,
    roots: Sequence[str | PathLike] = (),
    with_text: bool = False,
) -> dict[str, Any]:
    """The report as plain data: deterministic for the same input (no time unless asked).

    ``roots`` (the corpus folders and files audited) are recorded as ``roots``. With
    ``with_text`` every document carries its decoded ``text``: what the HTML renderer needs
    to show documents in full, so ``transcheck report`` never reads the corpus again."""
    findings = [f.to_dict() for f in result.findings]
    by_severity = Counter(f["severity"] for f in findings)
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "transcheck", "version": __version__},
        "pivot": result.pivot,
        "engines": sorted(
            (e for e in result.engines if e.get("pairs")), key=lambda e: e.get("name", "")
        ),
        "glossaries": sorted(result.glossary_files),
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "lang": d.lang,
                "declared_lang": d.declared_lang,
                "lang_confidence": round(d.lang_confidence, 3),
                "encoding": d.encoding,
                "translated_by": d.translated_by,
                "paragraphs": len(d.paragraphs),
            }
            for d in sorted(result.documents, key=lambda d: d.id)
        ],
        "findings": findings,
        "rules": rule_table(),
        "translation_sets": [s.to_dict(CONFIDENT) for s in getattr(result, "translation_sets", ())],
        "errors": [{"path": e.path, "error": e.error} for e in result.errors],
        "notices": [
            {"code": n.code, "message": n.message, "lang": n.lang, "doc": n.doc}
            for n in result.notices
        ],
        "summary": {
            "documents": len(result.documents),
            "errors": len(result.errors),
            "findings": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "by_rule": dict(sorted(Counter(f["rule"] for f in findings).items())),
            "languages": dict(sorted(Counter(d.lang or "und" for d in result.documents).items())),
            # Only counts that do not depend on the cache's state: same input, same bytes.
            "translation": {k: result.stats[k] for k in DETERMINISTIC_STATS if k in result.stats},
        },
    }
    if with_text:
        texts = {d.id: d.text for d in result.documents}
        for d in report["documents"]:
            d["text"] = texts[d["id"]]
    if roots:
        from transcheck.corpus import user_path

        report["roots"] = [user_path(os.fspath(r)) for r in roots]
    if timestamp:
        report["generated_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return report


def rule_table() -> dict[str, dict[str, Any]]:
    """Every registered rule with what renderers need to know of it."""
    from transcheck.rules import all_rules

    return {
        name: {
            "severity": cls.default_severity,
            "description": cls.description,
            "shows_pivot": cls.shows_pivot,
        }
        for name, cls in all_rules().items()
    }


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def dump_pieces(report: dict[str, Any]) -> Iterator[str]:
    """The text of :func:`dumps` in pieces, as they are encoded (for a file: the whole text
    and the millions of pieces it is joined from are never held at once)."""
    yield from json.JSONEncoder(ensure_ascii=False, sort_keys=True, indent=2).iterencode(report)
    yield "\n"
