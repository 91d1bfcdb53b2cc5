"""Rule `quote-drift`: one quotation rendered with different meaning-bearing wording.

The alignment gathers the renderings of one statement (on pivot-language text). Two renderings
*conflict* when, inside the part both of them quote, a word turns into its opposite, a negation
appears on one side only, or a number changes; within one language (where quotations should be
verbatim) any change of content words conflicts too. Renderings linked only by their context
(same speaker, same sentence around them) that share almost no words conflict as well, unless a
longer rendering contains both (two halves of one statement). Partial quotes and the synonyms a
back-translation introduces do not conflict.

Renderings are then gathered into readings (greedily, longest first): the finding shows every
reading with the documents that carry it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from cydifflib import SequenceMatcher  # difflib's own algorithm in C: the same blocks
from rapidfuzz import fuzz

from transcheck.align import QuoteItem, chrf, chrf_at_least, containment, context_linked
from transcheck.align.kept import KEPT, kept_result
from transcheck.align.quotes import speaker_key
from transcheck.context import AuditContext
from transcheck.languages import stopwords
from transcheck.lexicon import is_negator, opposite, tokens, word_key
from transcheck.model import Finding
from transcheck.rules import register
from transcheck.rules.base import Rule
from transcheck.rules.short_quotes import short_quote_findings

LOW_OVERLAP = 0.34  # share of the shorter rendering's content words found in the other
# Back-translations share fewer words by nature: "different wording" needs much less overlap.
UNRELATED_OVERLAP = 0.2
UNRELATED_CHRF = 30.0
DIFFERENT_WORDING = "different wording"
EDGE_SLACK = 1
PARTIAL_RATIO = 0.7
STRONG_AFFINITY = 0.8
# Bounds that keep a cluster of thousands of renderings tractable (a wire quote syndicated
# with a different figure in every copy): members compared per reading, readings kept apart.
MEMBERS_COMPARED = 8
MAX_READINGS = 12
RATIO_LEAD = 0.2  # rapidfuzz's ratio typically exceeds chrF/100 by this much
NEGATION_OVERLAP = 0.65  # back-translations must match this closely for a negation flip to count  # a rendering with fewer content words than this share is a fragment  # extra tokens compared past the shorter edge (a synonym may be longer)
COMPATIBLE_OVERLAP = 0.5
COMPATIBLE_CHRF = 50.0


@dataclass
class Comparison:
    overlap: float  # matched content tokens / content tokens of the shorter rendering
    reasons: list[str] = field(default_factory=list)  # meaning changes: "closed → open", …
    a_only: list[str] = field(default_factory=list)  # content words only in a (shared part)
    b_only: list[str] = field(default_factory=list)


@lru_cache(maxsize=100_000)
def compare(
    a_text: str, b_text: str, lang: str | None, min_overlap: float = LOW_OVERLAP
) -> Comparison:
    """Diff two renderings on the part they both cover (a partial quote covers less)."""
    ta, tb = tokens(a_text), tokens(b_text)
    ka, kb = [word_key(t) for t in ta], [word_key(t) for t in tb]
    stop = stopwords(lang)

    def content(tok: str) -> bool:
        return tok not in stop and (len(tok) > 1 or tok.isdigit()) and not is_negator(tok, lang)

    blocks = [
        m
        for m in SequenceMatcher(None, ka, kb, autojunk=False).get_matching_blocks()
        if any(content(t) for t in ta[m.a : m.a + m.size])  # stop-word-only matches align nothing
    ]
    matched = sum(1 for m in blocks for t in ta[m.a : m.a + m.size] if content(t))
    shorter = min(sum(map(content, ta)), sum(map(content, tb))) or 1
    result = Comparison(overlap=matched / shorter)
    if not blocks or result.overlap < min_overlap:
        return result
    a_hi, b_hi = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
    # Text on both sides before the first / after the last shared word is a changed edge of
    # the quote, but only as far as the shorter side goes: beyond it, the longer rendering
    # simply quotes more.
    lead = min(blocks[0].a, blocks[0].b)
    back = lead and lead + EDGE_SLACK
    a_lo_i, b_lo_i = max(0, blocks[0].a - back), max(0, blocks[0].b - back)
    tail = min(len(ta) - a_hi, len(tb) - b_hi)
    a_hi_i = min(len(ta), a_hi + (tail and tail + EDGE_SLACK))
    b_hi_i = min(len(tb), b_hi + (tail and tail + EDGE_SLACK))
    region_a, region_b = ta[a_lo_i:a_hi_i], tb[b_lo_i:b_hi_i]
    sm = SequenceMatcher(None, ka[a_lo_i:a_hi_i], kb[b_lo_i:b_hi_i], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        result.a_only.extend(t for t in region_a[i1:i2] if content(t))
        result.b_only.extend(t for t in region_b[j1:j2] if content(t))
    for x in result.a_only:
        for y in result.b_only:
            if opposite(x, y, lang):
                result.reasons.append(f"{x} → {y}")
    neg_a = any(is_negator(t, lang) for t in region_a)
    neg_b = any(is_negator(t, lang) for t in region_b)
    if neg_a != neg_b:
        result.reasons.append("negation " + ("dropped" if neg_a else "added"))
    nums_a = sorted(t for t in result.a_only if t.isdigit())
    nums_b = sorted(t for t in result.b_only if t.isdigit())
    if nums_a and nums_b and nums_a != nums_b:
        result.reasons.append(f"{'/'.join(nums_a)} → {'/'.join(nums_b)}")
    return result


def _negated_in_original(item: QuoteItem) -> bool:
    """Machine translation drops negations ('aucun risque' -> 'any risk'): ask the original."""
    return any(is_negator(t, item.lang) for t in tokens(item.quote.text))


def conflict(a: QuoteItem, b: QuoteItem, cluster: list[QuoteItem]) -> list[str]:
    """Why two renderings of one statement disagree (empty when they don't)."""
    translated = not (a.native and b.native)
    cmp = compare(a.pivot, b.pivot, a.cmp_lang, UNRELATED_OVERLAP if translated else LOW_OVERLAP)
    reasons = cmp.reasons
    negation = any(r.startswith("negation") for r in reasons)
    if translated and negation:
        # Engines drop and add negations ("aucun risque" -> "any risk"); trust a flip only
        # when the originals disagree too and neither rendering is a fragment of the other.
        na, nb = len(a.words), len(b.words)
        partial = min(na, nb) < PARTIAL_RATIO * max(na, nb)
        loose = cmp.overlap < NEGATION_OVERLAP  # a paraphrase may say it with or without "not"
        if partial or loose or _negated_in_original(a) == _negated_in_original(b):
            reasons = [r for r in reasons if not r.startswith("negation")]
    if reasons:
        return reasons
    # Quotations written in the comparison language itself should be verbatim: any change of
    # content words is drift. Back-translations differ by synonyms, so they are not held to it.
    verbatim = a.native and b.native
    if verbatim and cmp.a_only and cmp.b_only and cmp.overlap >= LOW_OVERLAP:
        return [f"{' '.join(cmp.a_only)} → {' '.join(cmp.b_only)}"]
    # (the frame test is cheap, chrF is not: the frame goes first)
    if context_linked(a, b) and (
        cmp.overlap < LOW_OVERLAP
        if verbatim
        else (
            cmp.overlap < UNRELATED_OVERLAP and not chrf_at_least(a.pivot, b.pivot, UNRELATED_CHRF)
        )
    ):
        bridged = any(
            c is not a
            and c is not b
            and containment(c.word_set, a.word_set) >= 0.8
            and containment(c.word_set, b.word_set) >= 0.8
            and len(c.word_set) > max(len(a.word_set), len(b.word_set))
            for c in cluster
        )
        if not bridged:
            # With no shared words there is no alignment, but an opposite still shows.
            only_a = set(a.words) - set(b.words)
            only_b = set(b.words) - set(a.words)
            flips = sorted(
                f"{x} → {y}" for x in only_a for y in only_b if opposite(x, y, a.cmp_lang)
            )
            return flips or [DIFFERENT_WORDING]
    return []


def _reported_chrf(a: QuoteItem, b: QuoteItem) -> float:
    """The chrF put in a finding's evidence, from sacrebleu itself (the reference the fast
    cached version in the alignment is tested against)."""
    from sacrebleu.metrics import CHRF

    scorer = CHRF()
    return (
        scorer.sentence_score(a.pivot, [b.pivot]).score
        + scorer.sentence_score(b.pivot, [a.pivot]).score
    ) / 2


def _kept_chrf(kept, a: QuoteItem, b: QuoteItem, measured: dict[tuple[str, str], float]) -> float:
    """:func:`_reported_chrf`, once per pair of renderings (it is symmetric: the same sum
    either way), taken from the results kept between audits (``kept``: a
    ``transcheck.memo.DocItems`` or None) when measured before."""
    pair = (a.pivot, b.pivot) if a.pivot <= b.pivot else (b.pivot, a.pivot)
    score = measured.get(pair)
    if score is None:
        if kept is None:
            score = _reported_chrf(a, b)
        else:
            key = hashlib.sha256("\0".join(pair).encode("utf-8", "surrogatepass")).hexdigest()
            score = kept_result(
                kept,
                "chrf",
                key,
                lambda raw: raw if type(raw) is float else None,
                lambda: _reported_chrf(a, b),
                lambda value: value,
            )
        measured[pair] = score
    return score


def _affinity(item: QuoteItem, member: QuoteItem) -> float:
    """How closely two renderings match, 0-1 (containment of words, or chrF)."""
    share = containment(item.word_set, member.word_set)
    if share >= STRONG_AFFINITY:
        return share  # chrF could only confirm it; it is the costly measure
    ratio = fuzz.ratio(item.pivot, member.pivot) / 100
    if ratio < STRONG_AFFINITY:
        # chrF runs below the edit ratio: it cannot make this a strong match, and the
        # ratio (less its usual lead) is good enough to rank weak ones
        return max(share, ratio - RATIO_LEAD)
    return max(share, chrf(item.pivot, member.pivot) / 100)


def _agrees(item: QuoteItem, member: QuoteItem) -> bool:
    return containment(item.word_set, member.word_set) >= COMPATIBLE_OVERLAP or chrf_at_least(
        item.pivot, member.pivot, COMPATIBLE_CHRF
    )


class _Judge:
    """Conflicts between the renderings of one cluster, each pair decided once."""

    # Copies share their wording but not their frame: a few are tried for a frame link.
    FRAMES_TRIED = 4

    def __init__(self, cluster: list[QuoteItem], copies: dict[int, list[QuoteItem]]) -> None:
        self.cluster = cluster
        self.copies = copies
        self.memo: dict[tuple[int, int], list[str]] = {}

    def conflict(self, a: QuoteItem, b: QuoteItem) -> list[str]:
        key = (id(a), id(b))
        if key not in self.memo:
            found: list[str] = []
            for ca in self.copies[id(a)][: self.FRAMES_TRIED]:
                for cb in self.copies[id(b)][: self.FRAMES_TRIED]:
                    found = conflict(ca, cb, self.cluster)
                    if found:
                        break
                if found:
                    break
            self.memo[key] = found
        return self.memo[key]

    def clashes(self, item: QuoteItem, group: list[QuoteItem]) -> bool:
        """Can ``item`` not be read like ``group``? A change of meaning with any member
        decides; a bare "different wording" is overruled by a close match with another."""
        # the first members are the most complete renderings; a few of them speak for all
        others = [m for m in group if m is not item][:MEMBERS_COMPARED]
        if not others:
            return False
        why = [r for m in others for r in self.conflict(item, m)]
        if any(r != DIFFERENT_WORDING for r in why):
            return True
        return bool(why) and max(_affinity(item, m) for m in others) < STRONG_AFFINITY


def readings(items: list[QuoteItem], pivot: str) -> tuple[list[list[QuoteItem]], list[str]]:
    """Split renderings into readings that do not conflict, most common first.

    Also returns what changes from the first reading to the others ("closed → open").
    Identical renderings are decided once (a wire story copied by fifty sites is one voice
    with fifty documents), so the work grows with the number of distinct wordings.
    """
    same: dict[tuple, list[QuoteItem]] = {}
    for m in sorted(items, key=lambda m: (m.doc, m.quote.start)):
        same.setdefault((m.pivot.casefold(), m.quote.text, m.native, m.lang), []).append(m)
    copies = {id(ms[0]): ms for ms in same.values()}
    distinct = [ms[0] for ms in same.values()]

    def docs(group: list[QuoteItem]) -> int:
        return len({c.doc for m in group for c in copies[id(m)]})

    def expanded(group: list[QuoteItem]) -> list[QuoteItem]:
        return [c for m in group for c in copies[id(m)]]

    judge = _Judge(distinct, copies)
    ordered = sorted(distinct, key=lambda m: (-len(m.words), m.doc, m.quote.start))
    groups: list[list[QuoteItem]] = []
    overflow: list[QuoteItem] = []  # past MAX_READINGS: shown together as one last reading
    for item in ordered:
        # Join the reading it matches best among those it does not contradict.
        candidates = [
            (max(_affinity(item, m) for m in g), -i, g)
            for i, g in enumerate(groups)
            if not judge.clashes(item, g)
        ]
        if len(candidates) > 1:
            # several readings fit: the closest wording decides, then the first one
            candidates = [
                (affinity, max(fuzz.ratio(item.pivot, m.pivot) for m in g), rank, g)
                for affinity, rank, g in candidates
            ]
            max(candidates, key=lambda c: c[:3])[-1].append(item)
        elif candidates:
            candidates[0][-1].append(item)
        elif len(groups) < MAX_READINGS:
            groups.append([item])
        else:
            overflow.append(item)
    # A fragment that fits several readings (half of the statement, faithful in all of them)
    # belongs to the largest.
    longest = max((len(m.words) for m in ordered), default=0)
    for item in ordered:
        if len(item.words) >= PARTIAL_RATIO * longest:
            continue  # not a fragment: it stays with the wording it matched best
        fits = [
            g
            for g in groups
            if not judge.clashes(item, g) and any(_agrees(item, m) for m in g if m is not item)
        ]
        if len(fits) > 1:
            best = max(
                fits, key=lambda g: (docs([m for m in g if m is not item]), -groups.index(g))
            )
            for g in groups:
                if item in g and g is not best:
                    g.remove(item)
                    best.append(item)
    groups = [g for g in groups if g]
    if overflow:
        groups.append(overflow)
    groups.sort(
        key=lambda g: (
            -docs(g),
            _representative(expanded(g)).lang != pivot,
            _representative(expanded(g)).pivot,
        )
    )
    # A reading that contradicts none of the others is one of them after all: fold it in.
    clashing = groups[:1]
    for g in groups[1:]:
        if any(judge.clashes(y, other) for other in clashing for y in g[:MEMBERS_COMPARED]):
            clashing.append(g)
        else:
            clashing[0].extend(g)
    reasons: list[str] = []
    if clashing:
        first = sorted(clashing[0], key=lambda m: (m.doc, m.quote.start))
        for g in clashing[1:]:
            for x in first:
                why = next(
                    (
                        found
                        for y in sorted(g, key=lambda m: (m.doc, m.quote.start))
                        if (found := judge.conflict(x, y))
                    ),
                    None,
                )
                if why:
                    reasons.extend(r for r in why if r not in reasons)
                    break
    return [expanded(g) for g in clashing], reasons


def kept_readings(kept, items: list[QuoteItem], pivot: str, key: str | None = None):
    """:func:`readings`, taken from the results kept between audits (``kept``: a
    ``transcheck.memo.DocItems`` or None) when the renderings are as they were: readings read
    nothing but them (``key``: their :func:`_renderings_digest` when the caller has it)."""
    if kept is None:
        return readings(items, pivot)

    def encode(got) -> list:
        at = {id(m): i for i, m in enumerate(items)}
        return [[[at[id(m)] for m in g] for g in got[0]], got[1]]

    return kept_result(
        kept,
        "readings",
        key or _renderings_digest(items),
        lambda raw: ([[items[i] for i in group] for group in raw[0]], [str(r) for r in raw[1]]),
        lambda: readings(items, pivot),
        encode,
    )


def _renderings_digest(items: list[QuoteItem]) -> str:
    """A hash of everything :func:`readings` (and :func:`merge_statements`) read of
    ``items``, in their order (the ``repr`` of plain values: unambiguous)."""
    parts = []
    for m in items:
        q = m.quote
        parts.append(
            (
                m.doc,
                m.lang,
                m.cmp_lang,
                q.start,
                q.end,
                q.text,
                q.speaker,
                q.open_mark,
                q.close_mark,
                m.pivot,
                m.context,
                tuple(m.words),
                tuple(sorted(m.ctx_words)),
                m.native,
                m.shared_frame,
            )
        )
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def kept_merge(kept, drifted: list, digests: list[str]) -> list:
    """:func:`merge_statements`, taken from the results kept between audits when the drifted
    clusters (``digests``: their :func:`_renderings_digest`) and their readings are as they
    were: merging reads nothing else. Kept as, per cluster left, its index and its readings
    as (cluster index, item index) pairs, with its reasons."""
    if kept is None or not drifted:
        return merge_statements(drifted)
    where = [{id(m): i for i, m in enumerate(c.items)} for c, _, _ in drifted]
    shape = [
        [digest, [[where[n][id(m)] for m in g] for g in groups], list(reasons)]
        for n, ((_, groups, reasons), digest) in enumerate(zip(drifted, digests, strict=True))
    ]
    key = hashlib.sha256(
        json.dumps(shape, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ).hexdigest()

    def encode(out) -> list:
        at = {id(m): (n, i) for n, (c, _, _) in enumerate(drifted) for i, m in enumerate(c.items)}
        index = {id(c): n for n, (c, _, _) in enumerate(drifted)}
        return [
            [index[id(c)], [[list(at[id(m)]) for m in g] for g in groups], list(reasons)]
            for c, groups, reasons in out
        ]

    return kept_result(
        kept,
        "merged",
        key,
        lambda raw: [
            (
                drifted[n][0],
                [[drifted[c][0].items[i] for c, i in g] for g in groups],
                [str(r) for r in reasons],
            )
            for n, groups, reasons in raw
        ],
        lambda: merge_statements(drifted),
        encode,
    )


def _representative(group: list[QuoteItem]) -> QuoteItem:
    counts = Counter(m.pivot.casefold() for m in group)
    return min(
        group,
        key=lambda m: (
            not m.native,
            -counts[m.pivot.casefold()],
            -len(m.words),
            m.doc,
            m.quote.start,
        ),
    )


def _severity(groups: list[list[QuoteItem]], reasons: list[str]) -> str:
    """A change of meaning (opposite, negation, number, verbatim wording) is a warning; two
    back-translations that merely share few words, with the same frame, are worth a look."""
    if any(r != DIFFERENT_WORDING for r in reasons):
        return "warning"
    natives = [g for g in groups if any(m.native for m in g)]
    return "warning" if len(natives) >= 2 else "info"


# A reading whose words are mostly (this share) inside a reading of another finding, by the
# same speaker, is that statement quoted again: one statement, one finding.
SAME_STATEMENT = 0.75


def _speaker(group: list[QuoteItem]) -> set[str]:
    return {k for m in group if (k := speaker_key(m))}


def merge_statements(drifted: list) -> list:
    """Fold a drifted cluster into another when each of its readings is part of one of the
    other's readings, by the same speaker (a partial quote repeated further down an article
    ends up in a cluster of its own, because one document's two quotations never merge)."""
    order = sorted(
        range(len(drifted)), key=lambda i: -max(len(m.words) for m in drifted[i][0].items)
    )
    absorbed: set[int] = set()
    out = {i: (drifted[i][0], [list(g) for g in drifted[i][1]], list(drifted[i][2])) for i in order}
    for big_i in order:
        if big_i in absorbed:
            continue
        cluster, groups, reasons = out[big_i]
        for small_i in order:
            if small_i == big_i or small_i in absorbed:
                continue
            _, small_groups, small_reasons = out[small_i]
            if max(len(m.words) for g in small_groups for m in g) > max(
                len(m.words) for g in groups for m in g
            ):
                continue
            target = _fold_into(groups, small_groups)
            if target is None:
                continue
            for g, t in zip(small_groups, target, strict=True):
                groups[t].extend(g)
            reasons.extend(r for r in small_reasons if r not in reasons)
            absorbed.add(small_i)
    return [out[i] for i in sorted(out) if i not in absorbed]


def _fold_into(groups: list[list[QuoteItem]], small: list[list[QuoteItem]]) -> list[int] | None:
    """For each reading of ``small``, the reading of ``groups`` that contains it (None when
    one does not fit, or two would land in the same reading)."""
    target = []
    for g in small:
        best, best_share = None, 0.0
        for t, big in enumerate(groups):
            if _speaker(g) and _speaker(big) and not _speaker(g) & _speaker(big):
                continue
            share = max(
                (
                    containment(x.word_set, y.word_set)
                    for x in g
                    for y in big
                    if x.cmp_lang == y.cmp_lang
                ),
                default=0.0,
            )
            if share > best_share:
                best, best_share = t, share
        if best is None or best_share < SAME_STATEMENT or best in target:
            return None
        target.append(best)
    return target


def _docs(group: list[QuoteItem]) -> int:
    return len({m.doc for m in group})


@register
class QuoteDrift(Rule):
    name = "quote-drift"
    default_severity = "warning"
    description = "one quotation rendered with different meaning-bearing wording"
    shows_pivot = True

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        if ctx.alignment is None:
            return []
        clusters = ctx.alignment.quote_clusters
        findings, drifted = [], []
        kept = ctx.shared.get(KEPT)
        measured: dict[tuple[str, str], float] = {}
        digests = []
        for cluster in clusters:
            key = _renderings_digest(cluster.items) if kept is not None else None
            groups, reasons = kept_readings(kept, cluster.items, ctx.pivot, key)
            if len(groups) >= 2:
                drifted.append((cluster, groups, reasons))
                digests.append(key)
        for cluster, groups, reasons in kept_merge(kept, drifted, digests):
            reps = [_representative(g) for g in groups]
            # readings are named by their documents, not by a back-translation in quotation
            # marks (which would read as if it were the quotation); evidence has the wording
            parts = [f"{_docs(g)} doc{'s' * (_docs(g) != 1)}" for g in groups]
            message = f"The same quotation is rendered {len(groups)} ways ({' vs '.join(parts)})"
            if reasons:
                message += f" [{'; '.join(reasons[:4])}]"
            occurrences = tuple(
                ctx.occurrence(
                    m.doc,
                    m.quote.start,
                    m.quote.end,
                    pivot_text=None if m.lang == ctx.pivot else m.pivot,
                )
                for g in groups
                for m in sorted(g, key=lambda m: (m.doc, m.quote.start))
            )
            findings.append(
                Finding(
                    rule=self.name,
                    severity=_severity(groups, reasons),
                    key=cluster.key,
                    message=message,
                    occurrences=occurrences,
                    evidence=(
                        (
                            "chrf",
                            round(
                                min(
                                    _kept_chrf(kept, a, b, measured)
                                    for a in reps
                                    for b in reps
                                    if a is not b
                                ),
                                1,
                            ),
                        ),
                        ("changes", reasons),
                        (
                            "readings",
                            [
                                {"text": r.pivot, "docs": sorted({m.doc for m in g})}
                                for r, g in zip(reps, groups, strict=True)
                            ],
                        ),
                        *_reference(ctx, groups, reps),
                    ),
                )
            )
        clustered = {(m.doc, m.quote.start) for c in clusters for m in c.items}
        findings.extend(short_quote_findings(ctx, self.name, clustered))
        return findings


def _reference(ctx: AuditContext, groups: list[list[QuoteItem]], reps: list) -> tuple:
    """The reading the others are compared with: the one a glossary approves (and none
    forbids), else the one more documents share than any other; none on a tie."""

    def verdict(group: list[QuoteItem]) -> tuple[int, int]:
        approved = forbidden = 0
        for m in group:
            text = ctx.documents[m.doc].text[m.quote.start : m.quote.end]
            for hit in ctx.glossary.scan(text, m.lang):
                if hit.entry.type != "quote":
                    continue
                if hit.kind == "canonical":
                    approved += 1
                elif hit.kind == "forbidden":
                    forbidden += 1
        return approved, forbidden

    verdicts = [verdict(g) for g in groups]
    by_glossary = [i for i, (ok, bad) in enumerate(verdicts) if ok and not bad]
    if len(by_glossary) == 1:
        chosen, by = by_glossary[0], "glossary"
    else:
        sizes = sorted((_docs(g) for g in groups), reverse=True)
        if len(sizes) > 1 and sizes[0] == sizes[1]:
            return ()
        chosen = max(range(len(groups)), key=lambda i: _docs(groups[i]))
        by = "majority"
    docs = sorted({m.doc for m in groups[chosen]})
    return (("reference", {"by": by, "docs": docs, "text": reps[chosen].pivot}),)
