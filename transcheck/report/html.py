"""HTML drift report: one self-contained, offline file for editors.

The page is rendered with jinja2 (autoescape on) from ``templates/report.html.j2``; the CSS
and JS beside it are inlined, and a Content-Security-Policy meta tag allows exactly those two
blocks (by their sha256 hashes) and nothing else. Corpus text is never marked safe: every
highlight is built here as a list of plain-text :class:`Segment` pieces that the template
escapes one by one. Everything is listed in the HTML; the JS only filters and sorts what is
already there, so the page is complete with JavaScript off and when printed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from transcheck.model import SEVERITIES, SEVERITY_RANK

# The rule names of the report contract (docs/REPORT.md); other rules show their bare name.
RULE_DESCRIPTIONS = {
    "name-variant": "one person or organisation spelled differently across renderings",
    "place-variant": "one place under different names or spellings",
    "quote-drift": "one quotation rendered with different meaning-bearing wording",
    "number-mismatch": "one figure (count, date, amount) differs across renderings",
    "glossary-forbidden": "a rendering a glossary entry forbids",
    "glossary-variant": "an allowed but non-canonical rendering",
    "language-mismatch": "detected language differs from the declared one, or a passage is "
    "left untranslated",
}

# Element ids the template itself uses; generated ids must not take them.
_TEMPLATE_IDS = frozenset(
    "summary drifted-title findings findings-title filters f-severity f-rule f-lang f-doc "
    "f-text f-sort f-reset filter-status documents documents-title problems problems-title "
    "about about-title translation-sets sets-title".split()
)
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
_CONTEXT_RADIUS = 160


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``mark`` pieces are highlighted, ``diff`` pieces are differing words."""

    text: str
    mark: bool = False
    diff: bool = False
    key: bool = False  # a differing word the rule names as the change (e.g. "closed → open")
    href: str | None = None  # link of a highlighted span (per-document view)
    title: str | None = None
    severity: str | None = None
    anchors: tuple[str, ...] = ()  # element ids that start at this piece


@dataclass
class Variant:
    """One distinct wording of a finding's renderings and where it appears."""

    label: str
    segments: list[Segment]
    docs: list[dict[str, str]]  # [{"id": doc id, "href": "#..."}]
    count: int
    lang_attr: str | None  # the language the reading's segments are written in
    original: str = ""  # one original wording of the reading, in its own language
    original_lang: str = ""
    original_lang_attr: str | None = None
    machine: bool = False  # segments are a machine back-translation (not the quotation)
    reference: bool = False  # the reference reading (glossary-approved, else majority)


@dataclass
class OccurrenceView:
    anchor: str  # id of the span in the per-document view
    doc: str
    doc_href: str
    lang: str
    lang_attr: str | None
    line: Any
    text: str
    context: list[Segment]
    pivot: list[Segment] | None
    in_pivot: bool  # written in the pivot language: nothing to back-translate
    translated: bool  # has a back-translation
    pivot_lang_attr: str | None  # lang of the back-translation column
    variant: int | None  # 1-based wording number when the finding has several
    pivot_note: str = ""  # why the back-translation column shows no translation
    reference: bool = False  # the reference rendering: never shown as a problem


@dataclass
class FindingView:
    id: str
    anchor: str
    rule: str
    severity: str
    rank: int
    order: int
    key: str
    message: str
    glossary: dict[str, Any] | None
    evidence: list[tuple[str, str]]
    changes: list[str]
    occurrences: list[OccurrenceView]
    variants: list[Variant]
    docs: list[str]  # document ids
    doc_tokens: str
    lang_tokens: str
    languages: list[str]
    number: int = 0  # position on the page, shown as "#n"
    status: str = ""  # "new" when a baseline was applied
    deviation_docs: list[str] = field(default_factory=list)  # documents with a deviation
    reference_label: str = ""  # e.g. "glossary-approved"
    shown_occurrences: list[OccurrenceView] = field(default_factory=list)
    more_occurrences: list[OccurrenceView] = field(default_factory=list)


@dataclass
class RuleGroup:
    rule: str
    anchor: str
    description: str
    findings: list[FindingView]
    counts: dict[str, int]
    rank: int


@dataclass
class DocView:
    id: str
    anchor: str
    token: str
    path: str
    lang: str
    lang_attr: str | None
    meta: dict[str, Any]
    segments: list[Segment] | None  # full text with marks, or None without texts
    unplaced: list[tuple[OccurrenceView, FindingView]] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)


# ---------------------------------------------------------------- small helpers


def _slug(prefix: str, value: str, used: set[str]) -> str:
    """A stable, unique, CSS/URL-safe element id derived from ``value``."""
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", unicodedata.normalize("NFKD", value)).strip("-")
    if not base:  # nothing readable left (e.g. a non-Latin name): name it by a digest
        base = hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return _unique(f"{prefix}-{base[:60]}", used)


def _unique(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``…: unused, and so is its ``-title`` companion."""
    slug, n = base, 2
    while slug in used or f"{slug}-title" in used:
        slug, n = f"{base}-{n}", n + 1
    used.update((slug, f"{slug}-title"))
    return slug


def _lang_attr(lang: Any) -> str | None:
    return lang if isinstance(lang, str) and _LANG_TAG.match(lang) else None


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _words(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text) if t[0].isalnum() or t[0] == "_"]


def _is_change_word(word: str, change_words: frozenset[str]) -> bool:
    """``word`` is one the rule names as the change ("open" also matches "opened")."""
    if word in change_words:
        return True
    return len(word) >= 4 and any(
        len(w) >= 4 and (word.startswith(w) or w.startswith(word)) for w in change_words
    )


def _diff_segments(
    text: str, common: set[str] | None, change_words: frozenset[str] = frozenset()
) -> list[Segment]:
    """``text`` split into pieces; words missing from ``common`` are flagged as differing,
    and among those, the words of the rule's stated changes are flagged as ``key``."""
    if common is None:
        return [Segment(text)]
    out: list[Segment] = []
    for tok in _TOKEN.findall(text):
        is_word = tok[0].isalnum() or tok[0] == "_"
        diff = is_word and tok.casefold() not in common
        key = diff and _is_change_word(tok.casefold(), change_words)
        if (
            diff
            and len(out) >= 2
            and out[-2].diff
            and out[-2].key == key
            and out[-1].text.isspace()
        ):
            # "shoot to kill": one marked phrase rather than three marked words
            gap = out.pop()
            out[-1] = Segment(out[-1].text + gap.text + tok, diff=True, key=key)
        elif out and not diff and not out[-1].diff:
            out[-1] = Segment(out[-1].text + tok)
        else:
            out.append(Segment(tok, diff=diff, key=key))
    return out


def _only_changes(segments: list[Segment], change_words: frozenset[str]) -> list[Segment]:
    """When the rule names the change ("closed → open"), only its words stay marked: the
    other differing words of a back-translation are mostly machine-translation noise."""
    if not change_words:
        return segments
    out: list[Segment] = []
    for seg in segments:
        if seg.diff and not seg.key:
            seg = Segment(seg.text)
        if out and not seg.diff and not out[-1].diff:
            out[-1] = Segment(out[-1].text + seg.text)
        else:
            out.append(seg)
    return out


def _pivot_segments(pivot_text: str, original: str) -> list[Segment]:
    """A back-translation with the original span (a figure, a name) marked where it reappears,
    so that "1,420" is found in its sentence."""
    from transcheck.report.text import span_in_translation

    at = span_in_translation(pivot_text, original)
    if at is None:
        return [Segment(pivot_text)]
    a, b = at
    pieces = [Segment(pivot_text[:a]), Segment(pivot_text[a:b], mark=True), Segment(pivot_text[b:])]
    return [p for p in pieces if p.text]


def _highlight(context: str, span: str) -> list[Segment] | None:
    """``context`` with the first occurrence of ``span`` marked, or None if it is not there."""
    if not span:
        return None
    idx = context.find(span)
    if idx < 0:
        m = re.search(re.escape(span), context, re.IGNORECASE)
        if m is None:
            return None
        idx, end = m.start(), m.end()
    else:
        end = idx + len(span)
    pieces = [Segment(context[:idx]), Segment(context[idx:end], mark=True), Segment(context[end:])]
    return [p for p in pieces if p.text]


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence-ish window around ``[start, end)`` (bounded by line breaks)."""
    lo = max(0, start - _CONTEXT_RADIUS)
    nl = text.rfind("\n", lo, start)
    lo = nl + 1 if nl >= 0 else lo
    hi = min(len(text), end + _CONTEXT_RADIUS)
    nl = text.find("\n", end, hi)
    hi = nl if nl >= 0 else hi
    return lo, hi


def _locate(full: str, occ: dict[str, Any]) -> tuple[int, int] | None:
    """Where the occurrence's span is in the full text: its offsets, or the nearest match."""
    text = _str(occ.get("text"))
    start, end = occ.get("start"), occ.get("end")
    in_range = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(full)
    if in_range and (not text or full[start:end] == text):
        return start, end
    if not text:
        return None
    hits = [m.start() for m in re.finditer(re.escape(text), full)]
    if not hits:
        return None
    near = start if isinstance(start, int) else 0
    best = min(hits, key=lambda h: (abs(h - near), h))
    return best, best + len(text)


def _shown(value: Any) -> str:
    """One evidence value as a short line of text."""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, str | int | bool) or value is None:
        return _str(value)
    if isinstance(value, dict):
        # the same order whether the dict comes from the audit or from a saved JSON report
        # (whose keys are sorted): by key, or for lists of documents, the longest first
        def order(item: tuple[Any, Any]) -> tuple[int, str]:
            key, v = item
            return (-len(v) if all_lists else 0, str(key))

        all_lists = all(isinstance(v, list | tuple) for v in value.values())
        return "; ".join(f"{_str(k)}: {_shown(v)}" for k, v in sorted(value.items(), key=order))
    if isinstance(value, list | tuple) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(_shown(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _evidence(evidence: Any, skip: set[str]) -> list[tuple[str, str]]:
    if not isinstance(evidence, dict):
        return []
    return [(str(k), _shown(evidence[k])) for k in sorted(evidence, key=str) if k not in skip]


def _change_words(changes: list[str], pivot: str) -> frozenset[str]:
    """The content words on either side of "before → after" changes."""
    found: set[str] = set()
    for change in changes:
        if "→" in change:
            for side in change.split("→"):
                found.update(_words(side))
    return frozenset(found - _stopwords(pivot))


def _changes(evidence: Any) -> list[str]:
    """What changed between readings, when the rule says (``evidence.changes``)."""
    raw = evidence.get("changes") if isinstance(evidence, dict) else None
    if not isinstance(raw, list):
        return []
    return [_str(c) for c in raw if isinstance(c, str | int | float)]


# ---------------------------------------------------------------- building the view


def _readings(evidence: Any) -> list[tuple[str, list[str]]]:
    """The rule's own grouping of renderings (``evidence.readings``: [{text, docs}]), if any."""
    raw = evidence.get("readings") if isinstance(evidence, dict) else None
    if not isinstance(raw, list):
        return []
    out = []
    for r in raw:
        if not isinstance(r, dict) or not isinstance(r.get("docs"), list):
            return []
        out.append((_str(r.get("text")), sorted({_str(d) for d in r["docs"]})))
    return out


def _overlap(a: str, b: str) -> float:
    wa, wb = set(_words(a)), set(_words(b))
    return len(wa & wb) / max(1, len(wa | wb))


@lru_cache(maxsize=8)
def _stopwords(lang: str) -> frozenset[str]:
    """Function words of the pivot language: never worth marking as a difference."""
    from transcheck.languages import stopwords

    return frozenset(w.casefold() for w in stopwords(lang))


def _variants(
    occs: list[OccurrenceView],
    raw: list[dict[str, Any]],
    evidence: Any,
    pivot: str,
    change_words: frozenset[str] = frozenset(),
    by_original: bool = False,
) -> list[Variant]:
    """The distinct readings of a finding, most widespread first, with their documents.

    ``by_original``: the readings are the spans as written (a name's spelling, a figure),
    never the back-translation of the sentence around them.

    The rule's own readings are used when it gives them; otherwise renderings (back-
    translation, else original) are grouped by identical wording. In each reading, the
    content words that no other reading has are marked, in the list and in the
    back-translation column: that is where the wording parts ways.
    """
    if by_original:
        renderings = [_str(o.get("text")) for o in raw]
    else:
        renderings = [_str(o.get("pivot_text")) or _str(o.get("text")) for o in raw]

    def _lang_of(i: int) -> str | None:  # the language a rendering is written in
        if by_original or not raw[i].get("pivot_text"):
            return occs[i].lang_attr
        return _lang_attr(pivot)

    groups = _readings(evidence)
    if len(groups) >= 2:
        members: list[list[int]] = [[] for _ in groups]
        for i, occ in enumerate(occs):
            candidates = [g for g, (_t, docs) in enumerate(groups) if occ.doc in docs]
            if candidates:
                best = max(candidates, key=lambda g: (_overlap(renderings[i], groups[g][0]), -g))
                members[best].append(i)
        readings = [
            (text, docs, members[g], _lang_attr(pivot)) for g, (text, docs) in enumerate(groups)
        ]
    else:
        by_key: dict[str, list[int]] = {}
        for i, r in enumerate(renderings):
            by_key.setdefault(" ".join(_words(r)) or r.strip(), []).append(i)
        if len(by_key) < 2:
            return []
        readings = [
            (renderings[idxs[0]], sorted({occs[i].doc for i in idxs}), idxs, _lang_of(idxs[0]))
            for idxs in by_key.values()
        ]
    # most documents first; ties keep the rule's (or the report's) order
    readings = [r for _n, r in sorted(enumerate(readings), key=lambda p: (-len(p[1][1]), p[0]))]
    word_sets = [set(_words(text)) for text, *_ in readings]
    common = _stopwords(pivot)
    hrefs = {o.doc: o.doc_href for o in reversed(occs)}  # first occurrence in each document
    out = []
    for n, (text, docs, idxs, lang) in enumerate(readings, 1):
        marks = common.union(*(w for k, w in enumerate(word_sets) if k != n - 1))
        for i in idxs:
            occs[i].variant = n
            if by_original:
                continue  # the back-translation column keeps the sentence's translation
            # the back-translation, or the original when it is already in the pivot language
            occs[i].pivot = _only_changes(
                _diff_segments(renderings[i], marks, change_words), change_words
            )
        # the reading in its own language first: a pivot-language original with this very
        # wording, else the original of its first rendering (then the text is machine-made)
        native = [i for i in idxs if not raw[i].get("pivot_text") and occs[i].in_pivot]
        same = [i for i in native if " ".join(_words(occs[i].text)) == " ".join(_words(text))]
        first = same[0] if same else (idxs[0] if idxs else None)
        machine = not by_original and not same and any(raw[i].get("pivot_text") for i in idxs)
        out.append(
            Variant(
                label=chr(ord("A") + n - 1) if n <= 26 else str(n),
                segments=_only_changes(_diff_segments(text, marks, change_words), change_words),
                docs=[{"id": d, "href": hrefs.get(d, "")} for d in docs],
                count=len(docs),
                lang_attr=lang,
                original=occs[first].text if first is not None else "",
                original_lang=occs[first].lang if first is not None else "",
                original_lang_attr=occs[first].lang_attr if first is not None else None,
                machine=machine,
            )
        )
    occs.sort(key=lambda o: (o.variant or len(out) + 1, o.doc, o.anchor))
    return out


MAX_OCCURRENCES = 8  # rows shown per finding; the rest behind "+N more"
# Rules about the meaning of a wording: their readings are compared through back-translation.
# The others (names, places, figures) compare the spans as written.
WORDING_RULES = frozenset({"quote-drift", "meaning-drift", "omission", "addition"})


def _build(
    report: dict[str, Any], texts: dict[str, str] | None, show_info: bool = True
) -> dict[str, Any]:
    from transcheck.report.reference import BY_LABEL, reference_flags, reference_of

    texts = texts or embedded_texts(report)
    pivot = _str(report.get("pivot")) or "en"
    used: set[str] = set(_TEMPLATE_IDS)  # element ids
    tokens: set[str] = set()  # document tokens for the filters (data-docs, option values)
    docs_raw = [d for d in report.get("documents") or [] if isinstance(d, dict)]
    doc_views: dict[str, DocView] = {}
    for d in docs_raw:
        did = _str(d.get("id"))
        if did in doc_views:
            continue
        lang = _str(d.get("lang")) or "und"
        doc_views[did] = DocView(
            id=did,
            anchor=_slug("doc", did, used),
            token=_slug("d", did, tokens),
            path=_str(d.get("path")),
            lang=lang,
            lang_attr=_lang_attr(d.get("lang")),
            meta=d,
            segments=None,
        )

    def doc_view(did: str, lang: Any) -> DocView:
        if did not in doc_views:  # a finding names a document the report does not list
            doc_views[did] = DocView(
                id=did,
                anchor=_slug("doc", did, used),
                token=_slug("d", did, tokens),
                path="",
                lang=_str(lang) or "und",
                lang_attr=_lang_attr(lang),
                meta={},
                segments=None,
            )
        return doc_views[did]

    findings: list[FindingView] = []
    spans: dict[str, list[tuple[int, int, OccurrenceView, FindingView]]] = {}
    raw_findings = [f for f in report.get("findings") or [] if isinstance(f, dict)]
    hidden_info = 0
    if not show_info:
        kept = [f for f in raw_findings if _str(f.get("severity")).lower() != "info"]
        hidden_info = len(raw_findings) - len(kept)
        raw_findings = kept
    for order, f in enumerate(raw_findings):
        fid = _str(f.get("id")) or f"{_str(f.get('rule'))}:{order}"
        severity = _str(f.get("severity")).lower()
        severity = severity if severity in SEVERITY_RANK else "info"
        fv = FindingView(
            id=fid,
            anchor=_slug("f", fid, used),
            rule=_str(f.get("rule")) or "unknown",
            severity=severity,
            rank=SEVERITY_RANK[severity],
            order=order,
            key=_str(f.get("key")),
            message=_str(f.get("message")),
            glossary=f.get("glossary") if isinstance(f.get("glossary"), dict) else None,
            evidence=[],
            changes=_changes(f.get("evidence")),
            occurrences=[],
            variants=[],
            docs=[],
            doc_tokens="",
            lang_tokens="",
            languages=[],
            status=_str(f.get("status")),
        )
        raw_occs = [o for o in f.get("occurrences") or [] if isinstance(o, dict)]
        flags = reference_flags(f)
        ref = reference_of(f) if any(flags) else None
        fv.reference_label = BY_LABEL.get(ref.by, ref.by) if ref else ""
        for n, o in enumerate(raw_occs):
            did = _str(o.get("doc"))
            dv = doc_view(did, o.get("lang"))
            text = _str(o.get("text"))
            context = _str(o.get("context"))
            full = texts.get(did)
            located = _locate(full, o) if isinstance(full, str) else None
            segs = _highlight(context, text) if context else None
            if segs is None and located is not None:
                lo, hi = _window(full, *located)
                segs = [
                    Segment(full[lo : located[0]]),
                    Segment(full[located[0] : located[1]], mark=True),
                    Segment(full[located[1] : hi]),
                ]
                segs = [s for s in segs if s.text]
            if segs is None:
                segs = [Segment(context)] if context else [Segment(text, mark=True)]
            pivot_text = o.get("pivot_text")
            occ_lang = _str(o.get("lang")) or dv.lang
            ov = OccurrenceView(
                anchor=_unique(f"{fv.anchor}-o{n + 1}", used),
                doc=did,
                doc_href="",
                lang=occ_lang,
                lang_attr=_lang_attr(occ_lang),
                line=o.get("line"),
                text=text,
                context=segs,
                pivot=_pivot_segments(_str(pivot_text), text) if pivot_text else None,
                translated=bool(pivot_text),
                pivot_lang_attr=_lang_attr(pivot) if pivot_text else _lang_attr(occ_lang),
                in_pivot=occ_lang.split("-")[0].lower() == pivot.split("-")[0].lower(),
                variant=None,
                reference=flags[n],
            )
            ov.doc_href = f"#{ov.anchor}"
            fv.occurrences.append(ov)
            if located is not None:
                spans.setdefault(did, []).append((located[0], located[1], ov, fv))
            elif ov.reference:
                ov.doc_href = f"#{dv.anchor}"  # the correct form: not listed as a problem
            else:
                dv.unplaced.append((ov, fv))
            if not ov.reference and not any(x is fv for x in dv.findings):
                dv.findings.append(fv)
        fv.variants = _variants(
            fv.occurrences,
            raw_occs,
            f.get("evidence"),
            pivot,
            _change_words(fv.changes, pivot),
            by_original=fv.rule not in WORDING_RULES,
        )
        for n, v in enumerate(fv.variants, 1):
            members = [o for o in fv.occurrences if o.variant == n]
            v.reference = bool(members) and all(o.reference for o in members)
            if v.reference:  # the correct reading is never highlighted as a problem
                v.segments = [Segment("".join(seg.text for seg in v.segments))]
                for o in members:
                    if o.pivot is not None:
                        o.pivot = [Segment("".join(seg.text for seg in o.pivot))]
        fv.occurrences.sort(key=lambda o: (o.reference, o.variant or 0, o.doc, o.anchor))
        fv.shown_occurrences = fv.occurrences[:MAX_OCCURRENCES]
        fv.more_occurrences = fv.occurrences[MAX_OCCURRENCES:]
        fv.deviation_docs = sorted({o.doc for o in fv.occurrences if not o.reference})
        shown_elsewhere = ({"changes"} if fv.changes else set()) | (
            {"readings"} if fv.variants else set()
        )
        fv.evidence = _evidence(f.get("evidence"), shown_elsewhere)
        for ov in fv.occurrences:
            if not ov.translated:
                shown = ov.pivot is not None  # the original, diffed against the other wordings
                if ov.in_pivot:
                    ov.pivot_note = "original wording" if shown else f"original is in {pivot}"
                else:
                    ov.pivot_note = "untranslated original" if shown else "no back-translation"
        fv.docs = sorted({o.doc for o in fv.occurrences})
        fv.languages = sorted({o.lang for o in fv.occurrences})
        fv.doc_tokens = " ".join(sorted({doc_views[d].token for d in fv.docs}))
        fv.lang_tokens = " ".join(fv.languages)
        findings.append(fv)

    # Most severe first, then rule, then the report's own order (already deterministic).
    findings.sort(key=lambda fv: (fv.rank, fv.rule, fv.order))
    groups_by_rule: dict[str, RuleGroup] = {}
    for fv in findings:
        g = groups_by_rule.get(fv.rule)
        if g is None:
            g = groups_by_rule[fv.rule] = RuleGroup(
                rule=fv.rule,
                anchor=_slug("rule", fv.rule, used),
                description=_rule_description(report, fv.rule),
                findings=[],
                counts={s: 0 for s in SEVERITIES},
                rank=fv.rank,
            )
        g.findings.append(fv)
        g.counts[fv.severity] += 1
        g.rank = min(g.rank, fv.rank)
    groups = sorted(groups_by_rule.values(), key=lambda g: (g.rank, -len(g.findings), g.rule))
    number = 0
    for g in groups:  # numbered in page order, so "#7" can be cited and found
        for fv in g.findings:
            number += 1
            fv.number = number

    for did, dv in doc_views.items():
        full = texts.get(did)
        if isinstance(full, str):
            dv.segments = _document_segments(full, spans.get(did, []))
        else:
            # Without the text, the spans that were located cannot exist: list them as contexts.
            for _s, _e, ov, fv in spans.get(did, []):
                dv.unplaced.append((ov, fv))
        dv.unplaced.sort(key=lambda p: (p[1].rank, p[1].order, p[0].anchor))
        dv.findings.sort(key=lambda fv: (fv.rank, fv.rule, fv.order))

    docs = sorted(doc_views.values(), key=lambda d: d.id)
    return {
        "pivot": pivot,
        "pivot_attr": _lang_attr(pivot),
        "findings": findings,
        "groups": groups,
        "rule_anchor": {g.rule: g.anchor for g in groups},
        "docs": docs,
        "doc_by_id": doc_views,
        "hidden_info": hidden_info,
    }


def _document_segments(
    text: str, spans: list[tuple[int, int, OccurrenceView, FindingView]]
) -> list[Segment]:
    """The full text cut at every span boundary; covered pieces link to their finding."""
    points = sorted({0, len(text)} | {s for s, *_ in spans} | {e for _s, e, *_ in spans})
    starts: dict[int, list[str]] = {}
    for s, _e, ov, _fv in sorted(spans, key=lambda sp: (sp[0], sp[2].anchor)):
        starts.setdefault(s, []).append(ov.anchor)
    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        covering = [fv for s, e, ov, fv in spans if s <= a and e >= b and not ov.reference]
        anchors = tuple(starts.get(a, ()))
        if not covering:
            refs = [fv for s, e, ov, fv in spans if s <= a and e >= b and ov.reference]
            if refs:  # the reference form: linked to its finding, never marked as a problem
                fv = min(refs, key=lambda fv: (fv.rank, fv.order))
                out.append(
                    Segment(
                        text[a:b],
                        mark=True,
                        href=f"#{fv.anchor}",
                        title=f"Reference form ({fv.reference_label}) of finding #{fv.number}",
                        severity="ref",
                        anchors=anchors,
                    )
                )
            else:
                out.append(Segment(text[a:b], anchors=anchors))
            continue
        ranked = sorted(
            {id(fv): fv for fv in covering}.values(), key=lambda fv: (fv.rank, fv.order)
        )
        top = ranked[0]
        title = f"{top.severity.upper()} {top.rule}: {top.message}"
        if len(ranked) > 1:
            title += f" (+{_plural(len(ranked) - 1, 'more finding')})"
        out.append(
            Segment(
                text[a:b],
                mark=True,
                href=f"#{top.anchor}",
                title=title,
                severity=top.severity,
                anchors=anchors,
            )
        )
    return out


# ---------------------------------------------------------------- summary sentence


def _summary(report: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    findings: list[FindingView] = view["findings"]
    counts = Counter(fv.severity for fv in findings)
    ndocs = len(view["docs"])
    langs = sorted({d.lang for d in view["docs"]})
    parts = [_plural(counts.get(s, 0), s, "info" if s == "info" else None) for s in SEVERITIES]
    if view.get("hidden_info") and not counts.get("info"):
        parts[-1] = f"{view['hidden_info']} info not listed"
    if findings:
        touched = len({d for fv in findings for d in (fv.deviation_docs or fv.docs)})
        sentence = (
            f"{_plural(len(findings), 'finding')} ({', '.join(parts)}) "
            f"in {touched} of {_plural(ndocs, 'document')}"
        )
    else:
        sentence = f"No drift found in {_plural(ndocs, 'document')}"
    if langs:
        sentence += f" ({_plural(len(langs), 'language')}: {', '.join(langs)})"
    sentence += "."
    quotes = [fv for fv in findings if fv.rule == "quote-drift"]
    quote_sentence = ""
    if quotes:
        quote_sentence = (
            f"{_plural(len(quotes), 'quotation')} drifted in "
            f"{_plural(len({d for fv in quotes for d in fv.deviation_docs}), 'document')}."
        )
    errors = report.get("errors") or []
    notices = report.get("notices") or []
    extra = []
    if errors:
        extra.append(f"{_plural(len(errors), 'file')} could not be read")
    if notices:
        extra.append(_plural(len(notices), "notice"))
    if view.get("hidden_info"):
        extra.append("info findings are allowed variants (--show-info lists them)")
    from transcheck.baseline import suppressed_sentence

    return {
        "triage": suppressed_sentence(report),
        "sentence": sentence,
        "quote_sentence": quote_sentence,
        "extra": "; ".join(extra) + "." if extra else "",
        "counts": {s: counts.get(s, 0) for s in SEVERITIES},
        "top": findings[:5],
        "quotes": quotes,
    }


# ---------------------------------------------------------------- rendering


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    base = resources.files("transcheck.report").joinpath("templates")
    css = base.joinpath("report.css").read_text(encoding="utf-8")
    js = base.joinpath("report.js").read_text(encoding="utf-8")
    return css, js


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("transcheck.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # every string from the report or the corpus: controls and bidi overrides made visible
        finalize=_visible_str,
    )
    env.globals["rule_descriptions"] = RULE_DESCRIPTIONS
    return env


def _visible_str(value: Any) -> Any:
    from transcheck.safety import visible

    return visible(value) if type(value) is str else value


def _baseline_json(report: dict[str, Any]) -> str:
    """The decisions already made (the applied baseline), as JSON (autoescaped attribute)."""
    b = report.get("baseline")
    entries = b.get("entries") if isinstance(b, dict) else None
    data = entries if isinstance(entries, dict) else {}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass
class PairRow:
    rule: str
    severity: str
    anchor: str
    message: str
    source_line: int
    target_line: int
    source: str
    target: str
    back_translation: str


@dataclass
class SetView:
    id: str
    anchor: str
    source: str
    declared: bool
    translations: list[tuple[str, int, int, list[PairRow]]]  # doc, links, confident, rows


def _rule_description(report: dict[str, Any], rule: str) -> str:
    """The rule's own description, as the report records it (older reports: the built-in)."""
    table = report.get("rules")
    entry = table.get(rule) if isinstance(table, dict) else None
    if isinstance(entry, dict) and isinstance(entry.get("description"), str):
        return entry["description"]
    return RULE_DESCRIPTIONS.get(rule, "")


def _set_views(report: dict[str, Any], view: dict[str, Any]) -> list[SetView]:
    """Each translation set with, per translation, its aligned pairs that have findings."""
    anchors = {fv.id: fv.anchor for fv in view["findings"]}
    rows: dict[tuple[str, str], list[PairRow]] = {}
    for f in report.get("findings") or []:
        pair = f.get("pair") if isinstance(f, dict) else None
        if not isinstance(pair, dict) or f.get("id") not in anchors:
            continue
        occs = [o for o in f.get("occurrences") or [] if isinstance(o, dict)]
        src = next((o for o in occs if o.get("role") == "source"), {})
        tgt = next((o for o in occs if o.get("role") == "target"), {})
        rows.setdefault((_str(pair.get("set")), _str(pair.get("target_doc"))), []).append(
            PairRow(
                rule=_str(f.get("rule")),
                severity=_str(f.get("severity")),
                anchor=anchors[f["id"]],
                message=_str(f.get("message")),
                source_line=int(pair.get("source_line") or 0),
                target_line=int(pair.get("target_line") or 0),
                source=_str(src.get("context") or src.get("text")),
                target=_str(tgt.get("context") or tgt.get("text")),
                back_translation=_str(tgt.get("pivot_text") or ""),
            )
        )
    used: set[str] = set(_TEMPLATE_IDS)
    out = []
    for tset in report.get("translation_sets") or []:
        if not isinstance(tset, dict):
            continue
        sid = _str(tset.get("id"))
        alignment = tset.get("alignment") if isinstance(tset.get("alignment"), dict) else {}
        per_doc = []
        for doc in tset.get("translations") or []:
            a = alignment.get(doc) if isinstance(alignment.get(doc), dict) else {}
            found = sorted(rows.get((sid, _str(doc)), []), key=lambda r: (r.source_line, r.rule))
            per_doc.append(
                (_str(doc), int(a.get("links") or 0), int(a.get("confident") or 0), found)
            )
        out.append(
            SetView(
                id=sid,
                anchor=_slug("set", sid, used),
                source=_str(tset.get("source")),
                declared=bool(tset.get("declared")),
                translations=per_doc,
            )
        )
    return out


def embedded_texts(report: dict[str, Any]) -> dict[str, str]:
    """The documents' texts a report carries (``documents[].text``, ``audit --with-text``)."""
    return {
        _str(d.get("id")): d["text"]
        for d in report.get("documents") or []
        if isinstance(d, dict) and isinstance(d.get("text"), str)
    }


def render_html(
    report: dict, *, texts: dict[str, str] | None = None, show_info: bool = True
) -> str:
    """The report as one self-contained HTML page (deterministic: same input, same bytes).

    ``texts`` maps document id to its full decoded text (default: the texts the report
    carries); documents without one are shown through the contexts of their findings only.
    """
    view = _build(report, texts, show_info)
    css, js = _assets()
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "base-uri 'none'; form-action 'none'"
    )
    summary = report.get("summary") if isinstance(report.get("summary"), dict) else {}
    engines = [e for e in report.get("engines") or [] if isinstance(e, dict)]
    rules_seen = sorted({fv.rule for fv in view["findings"]})
    by_rule = Counter(fv.rule for fv in view["findings"])
    langs = Counter(d.lang for d in view["docs"])
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        tool=report.get("tool") if isinstance(report.get("tool"), dict) else {},
        css=css,
        js=js,
        csp=csp,
        view=view,
        sets=_set_views(report, view),
        summary=_summary(report, view),
        translation=sorted((summary.get("translation") or {}).items()),
        engines=engines,
        glossaries=[_str(g) for g in report.get("glossaries") or []],
        errors=[e for e in report.get("errors") or [] if isinstance(e, dict)],
        notices=[n for n in report.get("notices") or [] if isinstance(n, dict)],
        severities=SEVERITIES,
        rules_seen=rules_seen,
        baseline_json=_baseline_json(report),
        suppressed=[f for f in report.get("suppressed") or [] if isinstance(f, dict)],
        by_rule=sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])),
        languages=sorted(langs.items()),
    )
