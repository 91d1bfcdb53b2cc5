"""Rule module: glossary — renderings a glossary forbids, and accepted non-canonical ones.

``glossary-forbidden`` scans each document's original text and each back-translated passage
for forbidden forms; a hit in a back-translation is reported on the original passage (with
its pivot text), unless the original passage already holds an accepted form of the same entry
(then the back-translation, not the document, is wrong). ``glossary-variant`` reports allowed
but non-canonical forms (info, or the glossary's ``settings.variant_severity``). Outdated
aliases are reported by ``place-variant`` / ``name-variant``, which use ``alias_explained`` and
``alias_historical`` from here: not beside the current name ("Tessavo, formerly Novokirsk"),
not in a sentence about a year when the alias was still in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from transcheck.context import AuditContext
from transcheck.glossary import Entry, Form, Glossary, Hit
from transcheck.model import SEVERITIES, Finding, GlossaryRef, Occurrence
from transcheck.rules import register
from transcheck.rules.base import Rule

_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2}|21[0-9]{2})(?!\d)")
_ACCEPTED = ("canonical", "allowed", "alias")


@dataclass
class _Group:
    entry: Entry
    form: Form
    occurrences: dict[tuple[str, int, int], Occurrence]
    found: set[str]
    in_original: bool = False
    lang: str | None = None  # for a form of another language: the document language


def _key(entry: Entry, form: Form) -> str:
    return f"g:{entry.id}:{form.written}"


def _quote(texts: Iterable[str], limit: int = 3) -> str:
    items = sorted(set(texts))
    shown = ", ".join(f"'{t}'" for t in items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def _shown(group: _Group) -> str:
    """The form as the glossary writes it; for a regex, the texts it matched."""
    return _quote(group.found) if group.form.regex else f"'{group.form.text}'"


def _preferred(entry: Entry, langs: Iterable[str | None]) -> str:
    """ "canonical: 'X'" (or per language when they differ); "approved" for quotations."""
    word = "approved" if entry.type == "quote" else "canonical"
    renderings: dict[str, str] = {}
    for lang in sorted({lang or "" for lang in langs}):
        text = entry.canonical_for(lang or None)
        if text is not None:
            renderings[lang] = text
    if not renderings:
        return ""
    if len(set(renderings.values())) == 1:
        return f"{word}: '{_clip(next(iter(renderings.values())))}'"
    return f"{word}: " + "; ".join(f"{lang or '?'} '{_clip(t)}'" for lang, t in renderings.items())


def _clip(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@register
class GlossaryForbidden(Rule):
    name = "glossary-forbidden"
    default_severity = "error"
    description = "a rendering a glossary entry forbids (in the text or its back-translation)"
    shows_pivot = True

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        glossary = ctx.glossary
        if not glossary or not glossary.entries:
            return []
        groups: dict[str, _Group] = {}

        def add(hit: Hit, occ: Occurrence, in_original: bool) -> None:
            key = _key(hit.entry, hit.form)
            group = groups.setdefault(key, _Group(hit.entry, hit.form, {}, set()))
            group.occurrences.setdefault((occ.doc, occ.start, occ.end), occ)
            group.found.add(" ".join(hit.text.split()))
            group.in_original = group.in_original or in_original

        for doc_id in sorted(ctx.documents):
            doc = ctx.documents[doc_id]
            hits = glossary.scan(doc.text, doc.lang)
            # spans already reported per entry: one drift is one finding, not one per form
            reported: dict[str, list[tuple[int, int]]] = {}
            for hit in hits:
                if hit.kind == "forbidden":
                    add(hit, ctx.occurrence(doc_id, hit.start, hit.end), True)
                    reported.setdefault(hit.entry.id, []).append((hit.start, hit.end))
            ext = ctx.extractions.get(doc_id)
            if ext is None or not ext.pivot or doc.lang == ctx.pivot:
                continue
            # shortest passages first: a quote is reported rather than the sentence around it
            for span, pivot_text in sorted(
                ext.pivot.items(), key=lambda kv: (kv[0][1] - kv[0][0], kv[0])
            ):
                if not pivot_text:
                    continue
                for hit in glossary.scan(pivot_text, ctx.pivot, kinds=("forbidden",)):
                    if any(_overlaps(span, seen) for seen in reported.get(hit.entry.id, ())):
                        continue
                    if any(
                        h.entry.id == hit.entry.id
                        and h.kind in _ACCEPTED
                        and span[0] <= h.start
                        and h.end <= span[1]
                        for h in hits
                    ):
                        continue  # the original says it right; the back-translation drifted
                    add(hit, ctx.occurrence(doc_id, span[0], span[1], pivot_text), False)
                    reported.setdefault(hit.entry.id, []).append(span)

        findings = []
        for key, g in sorted(groups.items()):
            entry, form = g.entry, g.form
            severity = form.severity if form.severity in SEVERITIES else self.default_severity
            found = _shown(g)
            if g.in_original:
                message = f"{found} is a forbidden rendering of {entry.type_word} '{entry.id}'"
            else:
                message = (
                    f"the back-translation contains {found}, a forbidden rendering of "
                    f"{entry.type_word} '{entry.id}'"
                )
            if form.reason:
                message += f" (reason: {form.reason})"
            preferred = _preferred(entry, (o.lang for o in g.occurrences.values()))
            if preferred:
                message += f"; {preferred}"
            findings.append(
                Finding(
                    rule=self.name,
                    severity=severity,
                    key=key,
                    message=message,
                    occurrences=tuple(
                        g.occurrences[k] for k in sorted(g.occurrences, key=lambda k: k)
                    ),
                    glossary=GlossaryRef(entry.file, entry.id, form.reason),
                    evidence=(
                        ("form", form.written),
                        ("found_in", "text" if g.in_original else "back-translation"),
                    ),
                )
            )
        return findings


def _other_language_forms(glossary: Glossary, text: str, lang: str | None) -> list[Hit]:
    """Canonical forms of other languages where the entry has its own for ``lang``.

    ("Port Aldren" in a Spanish article when the entry says es: "Puerto Aldren".) Quotations
    are left out: quoting the original words is normal.
    """
    if not lang:
        return []
    out = []
    for hit in glossary.scan(text, None, kinds=("canonical",)):
        entry = hit.entry
        if entry.type == "quote" or hit.form.lang in (None, lang) or lang not in entry.canonical:
            continue
        if glossary.lookup(hit.text, lang) is not None:
            continue  # also an accepted form in this language
        out.append(hit)
    return out


def _belongs_elsewhere(glossary: Glossary, hit: Hit, hits: list[Hit]) -> bool:
    """A short form shared with another entry ("Kolesnik") that refers to that other entry:
    the nearest full mention before it is of the other one ("Pavel Kolesnik ... Kolesnik")."""
    others = glossary.sharing(hit.entry, hit.form)
    if not others:
        return False
    before = [
        h
        for h in hits
        if h.end <= hit.start
        and h.kind in ("canonical", "allowed")
        and (h.entry.id in others or h.entry.id == hit.entry.id)
        and h.form is not hit.form
    ]
    return bool(before) and max(before, key=lambda h: h.end).entry.id != hit.entry.id


def alias_explained(alias: Hit, hits: list[Hit], distance: int = 40) -> bool:
    """The alias stands right next to an accepted name of the same entry (explaining a rename)."""
    return any(
        h.entry.id == alias.entry.id
        and h.kind in ("canonical", "allowed")
        and (0 <= alias.start - h.end < distance or 0 <= h.start - alias.end < distance)
        for h in hits
    )


def alias_historical(context: str, form: Form) -> bool:
    """The sentence mentions a year within the alias's validity (an old name used for then)."""
    for m in _YEAR.finditer(context):
        year = int(m.group(1))
        if (form.until is None or year <= form.until) and (
            form.since is None or year >= form.since
        ):
            return True
    return False


@register
class GlossaryVariant(Rule):
    name = "glossary-variant"
    default_severity = "info"
    description = "an allowed but non-canonical rendering"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        glossary = ctx.glossary
        if not glossary or not glossary.entries:
            return []
        severity = (
            ctx.options.get("glossary_variant_severity")
            or glossary.settings.get("variant_severity")
            or self.default_severity
        )
        if severity not in SEVERITIES:
            severity = self.default_severity
        groups: dict[str, _Group] = {}
        for doc_id in sorted(ctx.documents):
            doc = ctx.documents[doc_id]
            hits = glossary.scan(doc.text, doc.lang, kinds=_ACCEPTED)
            for hit in hits:
                if hit.kind == "canonical":
                    continue
                if hit.kind == "allowed" and _belongs_elsewhere(glossary, hit, hits):
                    continue
                if hit.kind == "alias":
                    continue  # `place-variant` / `name-variant` report names used instead
                occ = ctx.occurrence(doc_id, hit.start, hit.end)
                key = _key(hit.entry, hit.form)
                group = groups.setdefault(key, _Group(hit.entry, hit.form, {}, set()))
                group.occurrences.setdefault((doc_id, hit.start, hit.end), occ)
                group.found.add(" ".join(hit.text.split()))
            for hit in _other_language_forms(glossary, doc.text, doc.lang):
                key = f"{_key(hit.entry, hit.form)}:{doc.lang}"
                group = groups.setdefault(
                    key, _Group(hit.entry, hit.form, {}, set(), lang=doc.lang)
                )
                occ = ctx.occurrence(doc_id, hit.start, hit.end)
                group.occurrences.setdefault((doc_id, hit.start, hit.end), occ)
                group.found.add(" ".join(hit.text.split()))

        findings = []
        for key, g in sorted(groups.items()):
            entry, form = g.entry, g.form
            langs = [o.lang for o in g.occurrences.values()]
            preferred = _preferred(entry, langs)
            if g.lang is not None:
                sev = severity
                message = (
                    f"{_shown(g)} is the {form.lang} rendering of {entry.type_word} "
                    f"'{entry.id}'; canonical ({g.lang}): '{entry.canonical_for(g.lang)}'"
                )
                reason = entry.note
            else:
                sev = severity
                message = f"{_shown(g)} is an accepted variant of {entry.type_word} '{entry.id}'"
                if preferred:
                    message += f"; {preferred}"
                reason = entry.note
            findings.append(
                Finding(
                    rule=self.name,
                    severity=sev,
                    key=key,
                    message=message,
                    occurrences=tuple(g.occurrences[k] for k in sorted(g.occurrences)),
                    glossary=GlossaryRef(entry.file, entry.id, reason),
                    evidence=(("form", form.written), ("kind", form.kind)),
                )
            )
        return findings
