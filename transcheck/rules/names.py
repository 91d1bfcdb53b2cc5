"""Rules `name-variant` and `place-variant`: one entity spelled or named differently.

Variants come from the alignment (transliteration-aware: names are folded to ASCII before
they are compared, and two people who share a surname differ in their given name). A spelling
difference inside one language is a warning; between languages it is usually a transliteration
convention (Tokayev / Tokaïev), reported as info. Diacritics-only differences between languages
are not reported at all. Glossaries decide the known cases: forms a glossary already accepts
for the same entry are not reported, and messages name the glossary's canonical form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from transcheck.align import NameForm, PlaceGroup, UnionFind, VariantPair
from transcheck.context import AuditContext
from transcheck.gazetteer import country_of_word, fold, same_place
from transcheck.model import Finding, GlossaryRef
from transcheck.rules import register
from transcheck.rules.base import Rule
from transcheck.rules.glossary import alias_explained, alias_historical
from transcheck.textnorm import slug

MAX_OCCURRENCES = 40


def glossary_match(ctx: AuditContext, text: str, lang: str | None):
    try:
        return ctx.glossary.lookup(text, lang)
    except Exception:  # a glossary problem must never stop the name rules
        return None


def form_is_place(ctx: AuditContext, form: NameForm) -> bool:
    for lang in sorted(form.langs):
        match = glossary_match(ctx, form.text, lang)
        if match is not None:
            return match.type == "place"
    return form.place_votes * 2 > len(form.mentions)


def _decided_by_glossary(ctx: AuditContext, forms: list[NameForm]) -> bool:
    """The glossary already rules on these forms: all accepted for one entry, or one forbidden
    (then `glossary-forbidden` reports it), or one an alias (reported by the alias check)."""
    entries = set()
    for form in forms:
        lang = form.langs.most_common(1)[0][0]
        match = glossary_match(ctx, form.text, lang)
        if match is not None and match.kind in ("forbidden", "alias"):
            return True
        if match is None:
            return False
        entries.add(match.entry_id)
    return len(entries) == 1


def _occurrences(ctx: AuditContext, forms: Iterable[NameForm]):
    out = []
    for form in forms:
        per_form = sorted(form.mentions, key=lambda dm: (dm[0], dm[1].start))
        out.extend(ctx.occurrence(d, m.start, m.end) for d, m in per_form[: MAX_OCCURRENCES // 2])
    return tuple(out)


def _groups(pairs: list[VariantPair]) -> list[list[NameForm]]:
    forms: dict[str, NameForm] = {}
    for p in pairs:
        forms[p.a.text] = p.a
        forms[p.b.text] = p.b
    names = sorted(forms)
    index = {n: i for i, n in enumerate(names)}
    uf = UnionFind(len(names))
    for p in pairs:
        uf.union(index[p.a.text], index[p.b.text])
    return [[forms[names[i]] for i in g] for g in uf.groups()]


def variant_findings(ctx: AuditContext, rule: str, *, places: bool) -> Iterator[Finding]:
    alignment = ctx.alignment
    if alignment is None:
        return
    pairs = [
        p
        for p in alignment.name_variants
        if (form_is_place(ctx, p.a) or form_is_place(ctx, p.b)) == places
    ]
    diacritic_pairs = {(p.a.text, p.b.text) for p in pairs if p.diacritics_only}
    for group in _groups(pairs):
        if _decided_by_glossary(ctx, group):
            continue
        members = {f.text for f in group}
        same_language = any(
            set(p.a.langs) & set(p.b.langs)
            for p in pairs
            if p.a.text in members and not p.diacritics_only
        )
        if _one_place(group, strict=same_language):
            # exonyms across languages; within one language, two names the gazetteer lists
            # for the place are the gazetteer finding's (a misspelling it does not list stays)
            continue
        only_diacritics = all(
            (a.text, b.text) in diacritic_pairs or (b.text, a.text) in diacritic_pairs
            for i, a in enumerate(group)
            for b in group[i + 1 :]
        )
        if not same_language and (only_diacritics or places):
            continue  # exonyms (Chile / Chili, Munich / München) are each language's own name
        severity = "warning" if same_language and not only_diacritics else "info"
        ranked = sorted(group, key=lambda f: (-len(f.docs), f.text))
        canonical, glossary_ref = _canonical(ctx, ranked)
        counts = ", ".join(
            f"'{f.text}' ({len(f.docs)} doc{'s' * (len(f.docs) != 1)})" for f in ranked
        )
        what = "place" if places else "name"
        how = "within one language" if same_language else "across languages"
        message = f"One {what} spelled {len(ranked)} ways {how}: {counts}"
        cut = sorted(
            f"'{p.shortened}' for '{p.b.text if p.shortened == p.a.text else p.a.text}'"
            for p in pairs
            if p.shortened and p.a.text in members
        )
        if cut:
            message += f" (cut short: {', '.join(cut)})"
        if canonical:
            message += f"; glossary canonical form: '{canonical}'"
        yield Finding(
            rule=rule,
            severity=severity,
            key=f"{'p' if places else 'n'}:{slug(ranked[0].text)}",
            message=message,
            occurrences=_occurrences(ctx, ranked),
            glossary=glossary_ref,
            evidence=(
                ("forms", {f.text: sorted(f.docs) for f in ranked}),
                ("languages", {f.text: sorted(f.langs) for f in ranked}),
                *_reference(canonical, ranked),
            ),
        )


def _one_place(group: list[NameForm], *, strict: bool = False) -> bool:
    """Do the gazetteer's places (or the countries behind derived words: Bolivians /
    Boliviens) make every form of the group a name of one place? ``strict``: names the
    gazetteer lists, not transliterations of them."""
    first, rest = group[0], group[1:]
    if all(same_place(first.text, f.text, loose=not strict) for f in rest):
        return True
    if strict:
        return False
    shared = country_of_word(first.text)
    for f in rest:
        shared = shared & country_of_word(f.text)
        if not shared:
            return False
    return bool(shared)


def _reference(canonical: str | None, ranked: list[NameForm]) -> tuple:
    """The form the others deviate from: the glossary's canonical form, else the form more
    documents use than any other (none on a tie)."""
    if canonical:
        return (("reference", {"by": "glossary", "form": canonical}),)
    if len(ranked) > 1 and len(ranked[0].docs) > len(ranked[1].docs):
        return (("reference", {"by": "majority", "form": ranked[0].text}),)
    return ()


def _canonical(ctx: AuditContext, forms: list[NameForm]) -> tuple[str | None, GlossaryRef | None]:
    for form in forms:
        lang = form.langs.most_common(1)[0][0]
        match = glossary_match(ctx, form.text, lang)
        if match is None:
            continue
        return match.canonical, GlossaryRef(file=match.entry.file, entry=match.entry_id)
    return None, None


def alias_findings(ctx: AuditContext, rule: str, *, places: bool) -> Iterator[Finding]:
    """Documents naming an entity by an outdated glossary alias instead of its canonical form.

    A use right next to the canonical form ("Tessavo, formerly Novokirsk") explains the rename,
    and a sentence about a year when the old name was in use is history: neither is reported.
    """
    if not ctx.glossary:
        return
    uses: dict[str, dict[str, list]] = {}
    for doc_id in sorted(ctx.documents):
        doc = ctx.documents[doc_id]
        hits = ctx.glossary.scan(doc.text, doc.lang, kinds=("canonical", "allowed", "alias"))
        for hit in hits:
            if (hit.entry.type == "place") != places or hit.entry.type == "quote":
                continue
            if hit.kind == "alias":
                if hit.form.until is None or alias_explained(hit, hits):
                    continue  # a valid other name, or "Tessavo (formerly Novokirsk)"
                if alias_historical(ctx.occurrence(doc_id, hit.start, hit.end).context, hit.form):
                    continue  # the old name for the old days
            uses.setdefault(hit.entry_id, {}).setdefault(hit.kind, []).append((doc_id, hit))
    for entry_id in sorted(uses):
        kinds = uses[entry_id]
        named = kinds.get("canonical", []) + kinds.get("allowed", [])
        aliased = kinds.get("alias", [])
        if not aliased:
            continue
        entry = aliased[0][1].entry
        canonical = entry.canonical_for(ctx.pivot) or entry.id
        alias_forms = sorted({h.form.text for _, h in aliased})
        alias_docs = sorted({d for d, _ in aliased})
        notes = sorted({h.form.note for _, h in aliased if h.form.note})
        until = sorted({h.form.until for _, h in aliased if h.form.until})
        message = (
            f"{' / '.join(repr(a) for a in alias_forms)} is another name of '{canonical}'"
            + (f" (outdated since {until[-1]})" if until else "")
            + f"; used in {len(alias_docs)} document{'s' * (len(alias_docs) != 1)} "
            f"({', '.join(alias_docs)}) while {len({d for d, _ in named})} use the canonical form"
        )
        shown = sorted(aliased, key=lambda dh: (dh[0], dh[1].start))[: MAX_OCCURRENCES // 2]
        shown += sorted(named, key=lambda dh: (dh[0], dh[1].start))[:5]
        yield Finding(
            rule=rule,
            severity="warning",
            key=f"{'p' if places else 'n'}:{entry_id}",
            message=message,
            occurrences=tuple(ctx.occurrence(d, h.start, h.end) for d, h in shown),
            glossary=GlossaryRef(file=entry.file, entry=entry.id, reason="; ".join(notes) or None),
            evidence=(("aliases", alias_forms), ("canonical", canonical)),
        )


@register
class NameVariant(Rule):
    name = "name-variant"
    default_severity = "warning"
    description = "one person or organisation spelled differently across renderings"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        findings = list(variant_findings(ctx, self.name, places=False))
        findings.extend(alias_findings(ctx, self.name, places=False))
        return findings


@register
class PlaceVariant(Rule):
    name = "place-variant"
    default_severity = "warning"
    description = "one place under different names or spellings (incl. renamed places)"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        findings = list(variant_findings(ctx, self.name, places=True))
        findings.extend(alias_findings(ctx, self.name, places=True))
        findings.extend(self._renamed(ctx))
        known = {f.key for f in findings}
        findings.extend(f for f in gazetteer_findings(ctx, self.name) if f.key not in known)
        return findings

    def _renamed(self, ctx: AuditContext) -> Iterator[Finding]:
        """Documents using a former name that the corpus itself links to the current one."""
        alignment = ctx.alignment
        if alignment is None:
            return
        for pair in alignment.renamed:
            old = alignment.name_forms.get(pair.old)
            new = alignment.name_forms.get(pair.new)
            if old is None or new is None:
                continue
            old_docs = Counter(d for d, _ in old.mentions)
            # The document that explains the rename may use the old name once, in that phrase.
            if pair.evidence_doc in old_docs:
                old_docs[pair.evidence_doc] -= 1
            users = sorted(d for d, n in old_docs.items() if n > 0)
            if not users:
                continue
            occurrences = _occurrences(ctx, [old, new])
            yield Finding(
                rule=self.name,
                severity="warning",
                key=f"p:{slug(pair.new)}",
                message=(
                    f"'{pair.old}' is the former name of '{pair.new}' (as {pair.evidence_doc} says); "
                    f"{len(users)} document{'s' * (len(users) != 1)} still use '{pair.old}': "
                    f"{', '.join(users)}"
                ),
                occurrences=occurrences,
                evidence=(("renamed", {"new": pair.new, "old": pair.old}),),
            )


def gazetteer_findings(ctx: AuditContext, rule: str) -> Iterator[Finding]:
    """A place named two ways in one language, by the gazetteer's knowledge (no glossary):
    the message names the current form and says what the other forms are."""
    alignment = ctx.alignment
    if alignment is None:
        return
    for group in alignment.place_groups:
        if not group.languages or _decided_by_glossary(ctx, group.forms):
            continue
        yield _gazetteer_finding(ctx, rule, group)


def _gazetteer_finding(ctx: AuditContext, rule: str, group: PlaceGroup) -> Finding:
    place = group.place
    langs = set(group.languages)
    shown = [f for f in group.forms if set(f.langs) & langs]
    ranked = sorted(
        shown, key=lambda f: (group.kinds[f.text] != "current name", -len(f.docs), f.text)
    )
    current = next((f.text for f in ranked if group.kinds[f.text] == "current name"), None)
    parts = []
    named: set[str] = set()
    for f in sorted(ranked, key=lambda f: f.text.isupper()):
        if fold(f.text) in named:
            continue  # 'HO CHI MINH CITY' in a dateline is 'Ho Chi Minh City'
        named.add(fold(f.text))
        kind = group.kinds[f.text]
        n = len(f.docs)
        parts.append(f"'{f.text}' ({n} doc{'s' * (n != 1)}, {kind})")
    where = ", ".join(group.languages)
    message = (
        f"One place named {len(parts)} ways within one language ({where}): "
        + " vs ".join(parts)
        + f"; current name (GeoNames): '{place.name}'"
    )
    if current is None:
        message += " (not used in these documents)"
    return Finding(
        rule=rule,
        severity="warning",
        key=f"p:{slug(place.name)}",
        message=message,
        occurrences=_occurrences(ctx, ranked),
        evidence=(
            ("forms", {f.text: sorted(f.docs) for f in ranked}),
            (
                "gazetteer",
                {
                    "place": place.id,
                    "current": place.name,
                    "kinds": {f.text: group.kinds[f.text] for f in ranked},
                },
            ),
            ("languages", {f.text: sorted(f.langs) for f in ranked}),
            ("reference", {"by": "gazetteer", "form": place.name}),
        ),
    )
