"""Reference vs deviation: which renderings of a finding are the correct form.

A finding compares renderings; one of them is the reference the others deviate from: the
form a glossary approves, else the one most documents share, else the source of a
translation set. A reference rendering is never shown as a problem, and a document that only
holds the reference does not count as having the finding.

Works on report dicts (the JSON contract), so saved reports render the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reference:
    by: str  # glossary | majority | source | gazetteer
    forms: frozenset[str] = frozenset()  # folded forms (names, places)
    docs: frozenset[str] = frozenset()  # documents holding the reference reading (quotes, figures)
    label: str = ""  # the reference as shown to the editor

    def covers(self, occ: dict[str, Any]) -> bool:
        if self.forms:
            return fold(str(occ.get("text") or "")) in self.forms
        return str(occ.get("doc") or "") in self.docs


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def reference_of(finding: dict[str, Any]) -> Reference | None:
    """The finding's reference, or None when no rendering is the reference (a tie, or a
    finding about one rendering only)."""
    ev = finding.get("evidence")
    ev = ev if isinstance(ev, dict) else {}
    ref = ev.get("reference")
    if isinstance(ref, dict):
        by = str(ref.get("by") or "majority")
        if isinstance(ref.get("form"), str):
            return Reference(by, forms=frozenset({fold(ref["form"])}), label=ref["form"])
        if isinstance(ref.get("docs"), list):
            return Reference(
                by, docs=frozenset(str(d) for d in ref["docs"]), label=str(ref.get("text") or "")
            )
    if isinstance(ev.get("canonical"), str):  # an outdated alias next to the canonical name
        return Reference(
            "glossary", forms=frozenset({fold(ev["canonical"])}), label=ev["canonical"]
        )
    values = ev.get("values")
    if isinstance(values, dict) and len(values) >= 2:  # figures: {value: [docs]}
        ranked = sorted(
            ((str(k), v) for k, v in values.items() if isinstance(v, list)),
            key=lambda kv: (-len(kv[1]), kv[0]),
        )
        if len(ranked) >= 2 and len(ranked[0][1]) > len(ranked[1][1]):
            return Reference("majority", docs=frozenset(map(str, ranked[0][1])), label=ranked[0][0])
        pair = finding.get("pair")
        if isinstance(pair, dict) and pair.get("source_doc"):
            source = str(pair["source_doc"])
            label = next((k for k, v in ranked if source in v), "")
            return Reference("source", docs=frozenset({source}), label=label)
    pair = finding.get("pair")
    if isinstance(pair, dict) and pair.get("source_doc"):
        return Reference("source", docs=frozenset({str(pair["source_doc"])}))
    return None


def reference_flags(finding: dict[str, Any]) -> list[bool]:
    """For each occurrence (in the finding's order): is it the reference rendering?"""
    occs = [o for o in finding.get("occurrences") or [] if isinstance(o, dict)]
    ref = reference_of(finding)
    if ref is None:
        return [False] * len(occs)
    flags = [ref.covers(o) for o in occs]
    if all(flags):  # the reference must leave something to report; otherwise trust nothing
        return [False] * len(occs)
    return flags


BY_LABEL = {
    "glossary": "glossary-approved",
    "majority": "majority",
    "source": "source text",
    "gazetteer": "current name (GeoNames)",
}
