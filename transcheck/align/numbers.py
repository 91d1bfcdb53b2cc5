"""Aligning figures: the same fact (unit, frame, names) stated with numbers across documents."""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from transcheck.align.common import (
    LONG_SENTENCE,
    Stories,
    UnionFind,
    comparable_text,
    numbers_in,
    sentence_span,
    sentence_starts,
    unique_keys,
)
from transcheck.align.facts import (
    another_figure_differs,
    context_jaccard,
    context_overlap,
    frame_pairs,
    item_frame,
    name_key,
    vague,
    values_by_doc,
)
from transcheck.align.kept import KEPT, Units, doc_signatures, kept_part, places, scored_pairs
from transcheck.context import AuditContext
from transcheck.languages import month_words, weekday_words
from transcheck.model import NumberMention, offset
from transcheck.textnorm import content_words


@dataclass(slots=True)  # one per figure of the corpus: no per-object dict
class NumberItem:
    doc: str
    # its mention's place in its document's figures (``Extraction.numbers[at]``, read when
    # asked: the mentions of a document whose records went to disk are read back anew each
    # time, and 227,000 of them held by their items at 10,000 articles took ~45 MB)
    at: int
    value: float  # its mention's value
    unit: str | None  # (``*:percent``, ``*:money...``: the kind is the unit)
    # the content words of its sentence, sorted (one tuple for every figure of the
    # sentence); its context is those less ``drop``, the figure's own unit word when the
    # sentence holds it (see transcheck.align.facts.context_overlap)
    ctx: tuple[str, ...]
    names: frozenset[str]
    # its sentence's span, [lo, hi) (its rendering, in a translated document:
    # :func:`transcheck.align.facts.pivot_sentence`, read when asked: not held by 300,000
    # figures at 10,000 articles); two shared offsets, not a tuple (the figures of a
    # sentence are few: at 10,000 articles 237,000 tuples, ~13 MB)
    lo: int
    hi: int
    when: frozenset[tuple[str, int]] = frozenset()
    others: frozenset[float] = frozenset()  # the other figures of its sentence
    drop: str | None = None


@dataclass
class NumberCluster:
    key: str
    items: list[NumberItem]


# --------------------------------------------------------------------------- numbers

SKIP_NUMBER_KINDS = {"year", "ordinal", "time", "date"}


_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8192)
def when_of(text: str) -> frozenset[tuple[str, int]]:
    """The months and weekdays a sentence names: a figure "on 23 January" and one "on 11
    November" are two counts at two times, not one fact told two ways."""
    months, weekdays = month_words(), weekday_words()
    out = set()
    for w in _LETTERS.findall(text):
        w = w.casefold()
        if w in months and w != "may":  # "may" is mostly the verb
            out.add(("m", months[w]))
        elif w in weekdays:
            out.add(("d", weekdays[w]))
    return frozenset(out) if out else _NONE


_NONE: frozenset = frozenset()  # one empty set shared by every figure without one


def _is_date(text: str, start: int, end: int) -> bool:
    """A day of the month: 'March 10', '10 de marzo', '10 mars', 'le 10 mars'."""
    before = _LETTERS.findall(text, max(0, start - 20), start)
    after = _LETTERS.findall(text, end, end + 20)
    near = before[-1:] + after[:1] + (after[1:2] if after[:1] in (["de"], ["di"]) else [])
    months = month_words()
    return any(w.casefold() in months for w in near)


def _unit_after(text: str, lang: str | None) -> str | None:
    """The first content word within the three words after a number: its unit or noun."""
    for w in _LETTERS.findall(text)[:3]:
        cw = content_words(w, lang)
        if cw:
            return cw[0]
    return None


def _unit_in_translation(sentence: str, n: NumberMention, pivot: str) -> str | None:
    """Find the number in the back-translated sentence (as written, or by value when the
    engine rewrote it: 'ocho' -> 'eight') and read the word after it."""
    at = sentence.find(n.text)
    if at >= 0:
        return _unit_after(sentence[at + len(n.text) :], pivot)
    for m in numbers_in(sentence, pivot):
        if m.value == n.value:
            return _unit_after(sentence[m.end :], pivot)
    return None


# Context for a figure: its sentence, or this many characters around it in a very long one.
CONTEXT_WINDOW = 300


_UNKNOWN = ("?",)  # a frame not worked out yet (never a real one: those are words)


def _number_items(ctx: AuditContext):
    """The figures of every document, in document order, with their frames
    (:func:`transcheck.align.facts.item_frame`, or ``_UNKNOWN``: see :func:`_frames`), the
    digests of their passages as written (see :func:`_passage`: read by the pairing by
    units and kept for the next audit, then let go) and the documents whose figures were
    found again (id, first, end index): each document's
    from the kept records when they are there (they depend on nothing but the document and
    its analysis)."""
    items: list[NumberItem] = []
    frames: list[tuple[str, ...] | None] = []
    written: list[bytes] = []
    fresh: list[tuple[str, int, int]] = []
    # One set object per value across documents: copied passages and common sentences give
    # many figures equal context, name, figure and date sets (at 1,000 generated articles
    # 23,802 context sets hold 10,492 values).
    pool: dict[frozenset, frozenset] = {}
    for doc_id in sorted(ctx.extractions):
        got = kept_part(ctx, doc_id, "numbers", _decode_items)
        if got is None:
            found, digests = _doc_number_items(ctx, doc_id)
            got = (found, [_UNKNOWN] * len(found), digests)
            fresh.append((doc_id, len(items), len(items) + len(found)))
        for it in got[0]:
            it.ctx = pool.setdefault(it.ctx, it.ctx)
            it.names = pool.setdefault(it.names, it.names)
            it.others = pool.setdefault(it.others, it.others)
            it.when = pool.setdefault(it.when, it.when)
        items.extend(got[0])
        frames.extend(got[1])
        written.extend(got[2])
    return items, frames, written, fresh


def _frames(ctx: AuditContext, items: list[NumberItem], known: list, written, fresh) -> list:
    """Frames worked out where unknown (after the figure pairs: the word caches they fill
    do not add to that peak), and the figures found again kept for the next audit."""
    # one tuple per distinct frame, not one per figure: frames are few words, and figures of
    # one sentence, or of sentences alike, share them (held through the pairing by frames)
    pool: dict[tuple[str, ...], tuple[str, ...]] = {}
    frames = []
    for it, frame in zip(items, known, strict=True):
        if frame is _UNKNOWN:
            frame = item_frame(it, ctx)
        frames.append(frame if frame is None else pool.setdefault(frame, frame))
    kept = ctx.shared.get(KEPT)
    if kept is not None:
        for doc_id, lo, hi in fresh:
            record = _encode_items(items[lo:hi], frames[lo:hi], written[lo:hi])
            kept.put(doc_id, "numbers", record)
    return frames


def _encode_items(items: list[NumberItem], frames: list, written: list[bytes]) -> dict:
    """A document's figures as JSON values (what cannot be read back cheaply from the
    document and its analysis): the sets and frames its figures share, once each, in tables
    ("s" word sets, "w" when-sets, "o" other figures, "f" frames) that the figures ("i")
    point into."""
    tables: dict[str, list] = {"s": [], "w": [], "o": [], "f": []}
    refs: dict[tuple, int] = {}

    def ref(table: str, value: list | None) -> int:
        key = (table, repr(value))
        got = refs.get(key)
        if got is None:
            got = refs[key] = len(tables[table])
            tables[table].append(value)
        return got

    figures = [
        [
            it.at,
            it.value,
            it.unit,
            ref("s", sorted(it.ctx)),
            it.drop,
            ref("s", sorted(it.names)),
            it.lo,
            it.hi,
            ref("w", sorted(it.when)),
            ref("o", sorted(it.others)),
            digest.hex(),
            ref("f", list(frame) if frame is not None else None),
        ]
        for it, frame, digest in zip(items, frames, written, strict=True)
    ]
    return {**tables, "i": figures}


def _decode_items(ctx: AuditContext, doc_id: str, raw: dict):
    """The figures of :func:`_encode_items`, as :func:`_doc_number_items` finds them."""
    translated = ctx.documents[doc_id].lang != ctx.pivot
    intern = sys.intern
    words = [tuple(map(intern, w)) for w in raw["s"]]  # (sorted when written)
    sets: dict[int, frozenset[str]] = {}  # the name sets among them
    whens = [frozenset(tuple(pair) for pair in w) if w else _NONE for w in raw["w"]]
    others = [frozenset(o) for o in raw["o"]]
    frames_of = [tuple(f) if f is not None else None for f in raw["f"]]
    rendered: set[tuple[int, int]] = set()  # the spans checked to have a rendering
    items, frames, digests = [], [], []
    shared = {}  # one bytes object per passage
    for at, value, unit, c, drop, n, lo, hi, w, o, written, f in raw["i"]:
        lo, hi = offset(lo), offset(hi)
        if translated and (lo, hi) not in rendered:
            if comparable_text(ctx, doc_id, lo, hi) is None:
                raise ValueError("no comparable text")
            rendered.add((lo, hi))
        items.append(
            NumberItem(
                doc_id,
                at,
                value,
                intern(unit) if unit is not None else None,
                words[c],
                sets[n] if n in sets else sets.setdefault(n, frozenset(words[n])),
                lo,
                hi,
                whens[w],
                others[o],
                intern(drop) if drop is not None else None,
            )
        )
        frames.append(frames_of[f])
        digest = shared.get(written)
        if digest is None:
            digest = shared[written] = bytes.fromhex(written)
        digests.append(digest)
    return items, frames, digests


def _others(numbers, number_starts: list[int], span: tuple[int, int], n) -> frozenset[float]:
    """The values of the figures of a span other than ``n``."""
    lo, hi = bisect_left(number_starts, span[0]), bisect_left(number_starts, span[1])
    if hi - lo <= 1:
        return _NONE  # (one empty set for every figure alone in its sentence)
    return frozenset(m.value for m in numbers[lo:hi] if m is not n)


def _doc_number_items(ctx: AuditContext, doc_id: str) -> tuple[list[NumberItem], list[bytes]]:
    """A document's figure items and the digests of their passages as written."""
    items: list[NumberItem] = []
    digests: list[bytes] = []
    ext = ctx.extractions[doc_id]
    doc = ctx.documents[doc_id]
    frames: dict[tuple[int, int], tuple | None] = {}  # per sentence, computed once
    # Figures and names sorted by start: those of a span are found by bisection, so a
    # document's cost grows with its size, not with the square of its figure count.
    numbers = sorted(ext.numbers, key=lambda m: m.start)
    number_starts = [m.start for m in numbers]
    name_index = _NameIndex(ext.names)
    for at, n in enumerate(ext.numbers):
        if n.kind in SKIP_NUMBER_KINDS or _is_date(doc.text, n.start, n.end):
            continue
        if vague(doc.text, n.start, n.end):
            continue
        span = sentence_span(ext, n.start, n.end)
        if span is None:
            continue
        if span[1] - span[0] > LONG_SENTENCE:
            if doc.lang != ctx.pivot:
                continue  # no reliable frame for one figure in a huge translated block
            span = (
                offset(max(span[0], n.start - CONTEXT_WINDOW)),
                offset(min(span[1], n.end + CONTEXT_WINDOW)),
            )
        shared_unit = None
        if span not in frames:
            frames[span] = _number_frame(ctx, doc_id, span, name_index)
        frame = frames[span]
        if frame is None:
            continue
        sentence, cmp_lang, words, names, written = frame
        if doc.lang == ctx.pivot or cmp_lang != ctx.pivot:
            unit = _unit_after(doc.text[n.end : n.end + 60], cmp_lang)
        else:
            unit = _unit_in_translation(sentence, n, ctx.pivot)
        if n.kind == "percent" or n.kind.startswith("money"):
            unit = n.kind  # the currency is the unit, whatever words follow
            shared_unit = sys.intern(f"*:{unit}")  # the same in every language
        elif unit in CLOCK_WORDS:
            continue
        items.append(
            NumberItem(
                doc_id,
                at,
                n.value,
                shared_unit
                if unit == n.kind
                else sys.intern(f"{cmp_lang}:{unit}")
                if unit
                else None,
                words,
                names,
                span[0],
                span[1],
                when_of(doc.text[span[0] : span[1]]),
                _others(numbers, number_starts, span, n),
                unit if unit in words else None,
            )
        )
        digests.append(written)
    return items, digests


class _NameIndex:
    """A document's name mentions sorted by start, with each name's head word computed once."""

    def __init__(self, mentions) -> None:
        ordered = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in ordered]
        # The head of each name (surname, place name; one key for the names of one place):
        # "Upper Roshaven" and "Upper Landale" share a word, not a place.
        self.heads: list[str | None] = [name_key(m.text) or None for m in ordered]

    def heads_in(self, start: int, end: int) -> frozenset[str]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        heads = frozenset(h for h in self.heads[lo:hi] if h is not None)
        return heads if heads else _NONE


def _number_frame(
    ctx: AuditContext, doc_id: str, span: tuple[int, int], names: _NameIndex | None = None
):
    """(sentence in comparison language, that language, its content words, name tokens,
    the sentence as written)."""
    got = comparable_text(ctx, doc_id, *span)
    if got is None:
        return None
    sentence, cmp_lang = got
    if names is None:
        names = _NameIndex(ctx.extractions[doc_id].names)
    heads = names.heads_in(*span)
    # interned: thousands of overlapping context windows share their words, not copies;
    # sorted in a tuple, not a set (a set of 15 words takes 728 bytes, a tuple 176: at
    # 10,000 articles 66,000 distinct contexts)
    words = tuple(sorted(set(map(sys.intern, content_words(sentence, cmp_lang)))))
    return sentence, cmp_lang, words, heads, _passage(ctx, doc_id, span)


def _passage(ctx: AuditContext, doc_id: str, span: tuple[int, int]) -> bytes:
    """A digest of the span with its neighbouring sentences (at most CONTEXT_WINDOW
    characters each side) as written, spaces folded: the same figure in a copied passage,
    not one sentence of a common pattern that unrelated stories fill in alike ("cut by 38 %
    last year")."""
    sentences = ctx.extractions[doc_id].sentences
    starts = sentence_starts(ctx.extractions[doc_id])
    at = bisect_right(starts, span[0]) - 1
    after = bisect_left(starts, span[1])
    lo = sentences[at - 1].start if at > 0 else span[0]
    hi = sentences[after].end if after < len(sentences) else span[1]
    lo, hi = max(lo, span[0] - CONTEXT_WINDOW), min(hi, span[1] + CONTEXT_WINDOW)
    passage = " ".join(ctx.documents[doc_id].text[lo:hi].split())
    return hashlib.blake2b(passage.encode(), digest_size=16).digest()


# Words after a number that make it a clock time ("5 in the morning", "4.40 a.m.").
CLOCK_WORDS = frozenset("morn morning afternoon evening night am pm o'clock oclock h hrs".split())
# Two figures for one fact are of one magnitude (1,240 / 1,420); 64 and 38 million are not.
MAX_RATIO = 10.0


def numbers_same_fact(a: NumberItem, b: NumberItem) -> bool:
    if a.doc == b.doc or a.unit is None or a.unit != b.unit:
        return False
    # (equal units: both percentages or neither)
    lo, hi = sorted((abs(a.value), abs(b.value)))
    if lo == 0 or hi / lo > MAX_RATIO:
        return False
    if a.names and b.names and not (a.names & b.names):
        return False
    if a.when and b.when and not (a.when & b.when):
        return False
    if another_figure_differs(a, b):
        return False  # two figures of the sentence differ: another event, not one drifted figure
    shared, union = context_overlap(a, b)
    return shared >= 2 and shared / union >= 0.2


# As for quotations: a context word shared by more figures than this does not pair them.
MAX_NUMBER_DF = 200


def _names_in(ctx: AuditContext, docs, cache: dict[str, set[str]]) -> set[str]:
    """The name keys of every name the documents mention anywhere."""
    out: set[str] = set()
    for doc in docs:
        if doc not in cache:
            cache[doc] = {k for m in ctx.extractions[doc].names if (k := name_key(m.text))}
        out |= cache[doc]
    return out


def _index_tokens(items: list[NumberItem]) -> Iterator[frozenset[str]]:
    """The index tokens of each figure: its unit, and its context words with the unit (one
    set per unit and context: the figures of one sentence share their context). The sets and
    strings made here are the index's alone: a generator, its tables go when it is done."""
    interned: dict[tuple[str, str], str] = {}
    by_context: dict[tuple[str, frozenset[str], str | None], frozenset[str]] = {}
    for it in items:
        if not it.unit:
            yield frozenset()
            continue
        key = (it.unit, it.ctx, it.drop)
        got = by_context.get(key)
        if got is None:
            words = [f"u:{it.unit}"]
            for w in it.ctx:
                if w == it.drop:
                    continue
                t = interned.get((it.unit, w))
                if t is None:
                    t = interned[(it.unit, w)] = f"c:{it.unit}:{w}"
                words.append(t)
            got = by_context[key] = frozenset(words)
        yield got


def _unit_pairs(
    ctx: AuditContext, items: list[NumberItem], units: Units | None, scorer, written: list[bytes]
) -> list:
    """The scored pairs of figures by their context words, unit by unit: every index token
    holds its unit (:func:`_index_tokens`), so figures of two units share none and a pairing
    per unit finds the pairs one pairing of all would (its token counts are the same too).
    Only one unit's token sets and index are held at a time: the figures' pairing peak grows
    with the largest unit, not with the corpus (at 10,000 generated articles the largest,
    percentages, holds a sixth of the figures). Each unit is its own pairing between audits
    (:mod:`transcheck.align.kept`). ``scorer(members)``: the score of two of a unit's
    figures, by their places in ``members`` (its figures' indexes in ``items``)."""
    # each unit's figures as an array: no int object for each of the corpus's figures
    by_unit: dict[str, array] = {}
    for i, it in enumerate(items):
        if it.unit:  # (no unit: no token, paired with nothing)
            got = by_unit.get(it.unit)
            if got is None:
                got = by_unit[it.unit] = array("l")
            got.append(i)
    scored: list[tuple] = []
    for unit in sorted(by_unit):
        members = by_unit[unit]  # ascending: a local pair i < j is a global one
        part = None
        if units is not None:
            part = Units([units.owners[i] for i in members], [units.places[i] for i in members])
        found = scored_pairs(
            ctx,
            f"numbers {unit}",
            part,
            _index_tokens([items[i] for i in members]),  # consumed as the index is built
            scorer(members),
            min_shared=3,
            max_df=MAX_NUMBER_DF,
            copies=[written[i] for i in members],
        )
        scored.extend((*got[:-2], members[got[-2]], members[got[-1]]) for got in found)
    return scored


def _pairable(items: list[NumberItem], frames: list, units: Units | None, scored: list):
    """The figures that can still be paired, in their order: those of the pairs ``scored``
    (by units) and those with a frame (the pairing by frames pairs no other), with their
    frames and units, and the pairs numbered among them."""
    keep = bytearray(len(items))  # (a byte per figure, not a set of their numbers)
    for *_, i, j in scored:
        keep[i] = keep[j] = 1
    for i, frame in enumerate(frames):
        if frame is not None:
            keep[i] = 1
    order = array("l", (i for i, kept in enumerate(keep) if kept))
    del keep
    scored = [
        (*got[:-2], bisect_left(order, got[-2]), bisect_left(order, got[-1])) for got in scored
    ]
    if units is not None:
        units = Units([units.owners[i] for i in order], [units.places[i] for i in order])
    return [items[i] for i in order], [frames[i] for i in order], units, scored


def align_numbers(ctx: AuditContext, stories: Stories | None = None) -> list[NumberCluster]:
    items, frames, written, fresh = _number_items(ctx)
    if len(items) < 2:
        _frames(ctx, items, frames, written, fresh)
        return []

    def scorer(members: list[int]):
        """The score of two figures of one unit. (document, value) of the unit's figures:
        one unit's set at a time, not a tuple per figure of the corpus through the pairing
        (pairs are of one unit: "the other document states this figure too" asks about it)."""
        values = {(items[i].doc, items[i].value) for i in members}

        def score(x: int, y: int) -> tuple[float] | None:
            a, b = items[members[x]], items[members[y]]
            if a.doc == b.doc:
                return None  # (numbers_same_fact says no)
            if a.value != b.value and ((b.doc, a.value) in values or (a.doc, b.value) in values):
                return None  # each document also states the other's figure: two facts, not one
            if stories is not None and not stories.related(a.doc, b.doc):
                return None
            if numbers_same_fact(a, b):
                return (-context_jaccard(a, b),)
            return None

        return score

    docs = doc_signatures(ctx, stories)
    units = Units([docs[it.doc] for it in items], places(items)) if docs is not None else None
    scored = _unit_pairs(ctx, items, units, scorer, written)
    frames = _frames(ctx, items, frames, written, fresh)
    del written  # (read by nothing after: let go before the pairing by frames, the peak)
    # the figures' sentences are read no more: the sentences these caches keep (and the
    # figures found in them) are let go before the pairing by frames, the stage's peak
    numbers_in.cache_clear()
    when_of.cache_clear()
    # one fact told with other words, among the figures that can still pair: the others are
    # let go first (at 10,000 generated articles ~30 % of the figures)
    values = values_by_doc(items)  # (of every figure: "the other document states it too")
    items, frames, units, scored = _pairable(items, frames, units, scored)
    scored.extend(frame_pairs(items, ctx, stories, frames, units, values))
    # Closest pairs first, and a fact never chains through unlike pairs: a merged group keeps
    # one value per document and, when both sides name someone or somewhere, a name in common.
    uf = UnionFind(len(items))
    # per merged group (its root): its value in each document, the names of its sentences;
    # a figure not merged yet has its own (no dict or set for every figure of the corpus)
    doc_values: dict[int, dict[str, float]] = {}
    heads: dict[int, frozenset[str]] = {}
    doc_names: dict[str, set[str]] = {}
    for _, i, j in sorted(scored):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        va = doc_values.get(ri) or {items[ri].doc: items[ri].value}
        vb = doc_values.get(rj) or {items[rj].doc: items[rj].value}
        if any(va[d] != vb[d] for d in va.keys() & vb.keys()):
            continue
        ha, hb = heads.get(ri, items[ri].names), heads.get(rj, items[rj].names)
        # a name of one sentence that the other document names elsewhere is no conflict
        if (
            ha
            and hb
            and not ha & hb
            and not ha & _names_in(ctx, vb.keys(), doc_names)
            and not hb & _names_in(ctx, va.keys(), doc_names)
        ):
            continue
        uf.union(ri, rj)
        root = uf.find(ri)
        doc_values[root] = {**va, **vb}
        heads[root] = ha | hb
    clusters = []
    for group in uf.groups(min_size=2):  # (a figure alone is no cluster)
        members = [items[i] for i in group]
        if len({m.doc for m in members}) < 2:
            continue
        unit = next((m.unit for m in members if m.unit), "x:fact").split(":", 1)[1]
        top = Counter(m.value for m in members).most_common(1)[0][0]
        clusters.append(NumberCluster(key=f"n:{unit}:{top:g}", items=members))
    return unique_keys(clusters)
