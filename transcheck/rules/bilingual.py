"""Checks on the units of bilingual files (XLIFF, PO, TMX) that need no translation engine.

- ``untranslated``: a unit with an empty target (warning); ``unreviewed`` a fuzzy or
  needs-review unit (info; not checked for drift);
- ``consistency``: one source text translated two ways in one file and language
  ("inconsistency in target"), or two source texts given the same translation
  ("inconsistency in source").
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

from transcheck.context import AuditContext
from transcheck.model import BilingualUnit, Document, Finding, Occurrence
from transcheck.rules import register
from transcheck.rules.base import Rule


def _bilingual_sources(ctx: AuditContext) -> Iterator[Document]:
    for doc_id in sorted(ctx.documents):
        doc = ctx.documents[doc_id]
        if doc.units:
            yield doc


def _units_in_state(ctx: AuditContext, state: str):
    """(document, unit) of every unit of a bilingual file in ``state``."""
    for doc in _bilingual_sources(ctx):
        for unit in doc.units or []:
            if unit.state == state:
                yield doc, unit


def _paragraph_of(doc: Document, unit_id: str) -> tuple[int, int] | None:
    for p, segment in zip(doc.paragraphs, doc.segments or [], strict=False):
        if segment.unit == unit_id:
            return p.start, p.end
    return None


def _unit_occurrence(
    ctx: AuditContext, doc: Document, unit: BilingualUnit, role: str
) -> Occurrence:
    """The unit as an occurrence: its target's paragraph when translated, else its source's."""
    if role == "target":
        target_doc = ctx.documents.get(f"{doc.id.rsplit('#', 1)[0]}#{unit.lang or 'target'}")
        span = _paragraph_of(target_doc, unit.id) if target_doc is not None else None
        if target_doc is not None and span is not None:
            occ = ctx.occurrence(target_doc.id, *span)
            return Occurrence(
                **{**occ.__dict__, "unit": unit.id, "line": unit.line, "role": "target"}
            )
    span = _paragraph_of(doc, unit.id) or (0, 0)
    occ = ctx.occurrence(doc.id, *span)
    return Occurrence(
        **{**occ.__dict__, "unit": unit.id, "line": unit.line, "role": "source", "lang": doc.lang}
    )


def _key(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()[:12]


@register
class Untranslated(Rule):
    name = "untranslated"
    description = "a unit of a bilingual file with an empty target"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        for doc, unit in _units_in_state(ctx, "untranslated"):
            lang = unit.lang or "the target language"
            yield Finding(
                rule=self.name,
                severity=self.default_severity,
                key=f"u:{doc.id}:{unit.lang}:{unit.id}",
                message=f"{doc.path}:{unit.line}: unit {unit.id} has no translation into {lang}",
                occurrences=(_unit_occurrence(ctx, doc, unit, "source"),),
            )


@register
class Unreviewed(Rule):
    name = "unreviewed"
    default_severity = "info"
    description = "a fuzzy or needs-review unit of a bilingual file (not checked for drift)"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        for doc, unit in _units_in_state(ctx, "fuzzy"):
            yield Finding(
                rule=self.name,
                severity=self.default_severity,
                key=f"f:{doc.id}:{unit.lang}:{unit.id}",
                message=f"{doc.path}:{unit.line}: unit {unit.id} is marked fuzzy or "
                "needs review; its translation was not checked",
                occurrences=(_unit_occurrence(ctx, doc, unit, "source"),),
                evidence=(("target", unit.target),),
            )


_RENDERINGS = ("canonical", "allowed", "alias")
_NAMED = frozenset({"person"})  # a full name and its surname alone are one rendering


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?:;,")


def _base_id(unit_id: str) -> str:
    return unit_id.split("[", 1)[0]  # plural forms of one PO unit are one unit


@register
class Consistency(Rule):
    name = "consistency"
    description = (
        "one source text translated two ways in a bilingual file, or two source texts "
        "given one translation"
    )

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        for doc in _bilingual_sources(ctx):
            by_lang: dict[str | None, list[BilingualUnit]] = defaultdict(list)
            for unit in doc.units or []:
                if unit.state == "translated":
                    by_lang[unit.lang].append(unit)
            for lang in sorted(by_lang, key=lambda x: x or ""):
                units = by_lang[lang]
                yield from self._groups(ctx, doc, lang, units, "source")
                yield from self._groups(ctx, doc, lang, units, "target")
                if ctx.glossary:
                    yield from self._term_renderings(ctx, doc, lang, units)

    def _term_renderings(self, ctx, doc, lang, units) -> Iterator[Finding]:
        """A glossary term of the source rendered by two of its forms in one file."""
        used: dict[str, dict[str, list[BilingualUnit]]] = defaultdict(lambda: defaultdict(list))
        entries = {}
        for unit in units:
            in_source = {h.entry.id for h in ctx.glossary.scan(unit.source, doc.lang)}
            for hit in ctx.glossary.scan(unit.target, lang, kinds=_RENDERINGS):
                if hit.entry.id in in_source and hit.entry.type not in _NAMED:
                    used[hit.entry.id][hit.form.text].append(unit)
                    entries[hit.entry.id] = hit.entry
        for entry_id, forms in sorted(used.items()):
            if len(forms) < 2:
                continue
            listing = "; ".join(
                f"“{form}”: {'/'.join(u.id for u in us)}" for form, us in sorted(forms.items())
            )
            members = sorted(
                {id(u): u for us in forms.values() for u in us}.values(), key=lambda u: u.line
            )
            yield Finding(
                rule=self.name,
                severity=self.default_severity,
                key=f"c:{doc.id}:{lang}:term:{entry_id}",
                message=f"glossary term {entry_id} is rendered {len(forms)} ways into {lang} "
                f"in {doc.path}: {listing}",
                occurrences=tuple(_unit_occurrence(ctx, doc, u, "target") for u in members),
                evidence=(("inconsistency", "glossary term"), ("forms", sorted(forms))),
            )

    def _groups(self, ctx, doc, lang, units, by: str) -> Iterator[Finding]:
        other = "target" if by == "source" else "source"
        groups: dict[str, list[BilingualUnit]] = defaultdict(list)
        for unit in units:
            groups[f"{unit.context}\0{_norm(getattr(unit, by))}"].append(unit)
        for text, members in sorted(groups.items()):
            variants: dict[str, list[BilingualUnit]] = defaultdict(list)
            for unit in members:
                variants[_norm(getattr(unit, other))].append(unit)
            if len(variants) < 2 or len({_base_id(u.id) for u in members}) < 2:
                continue
            listing = "; ".join(
                f"{'/'.join(u.id for u in us)}: “{getattr(us[0], other)}”"
                for _v, us in sorted(variants.items())
            )
            if by == "source":
                message = (
                    f"“{getattr(members[0], by)}” is translated {len(variants)} ways "
                    f"into {lang} in {doc.path}: {listing}"
                )
            else:
                message = (
                    f"“{getattr(members[0], by)}” ({lang}) translates "
                    f"{len(variants)} different source texts in {doc.path}: {listing}"
                )
            yield Finding(
                rule=self.name,
                severity=self.default_severity,
                key=f"c:{doc.id}:{lang}:{by}:{_key(text)}",
                message=message,
                occurrences=tuple(_unit_occurrence(ctx, doc, u, "target") for u in members),
                evidence=(
                    ("inconsistency", f"in {other}"),
                    ("units", [u.id for u in members]),
                ),
            )
