"""Figures that state one fact in different words, across different articles on one story.

"Police detained 112 people", "112 protesters were arrested" and "140 arrests were made"
count one thing: the word after each number differs (people, protesters, arrests), the frame
does not. A figure's frame is the words that govern it (the content words right around it,
as dictionary forms: detained -> detain, arrests -> arrest), compared through WordNet
near-synonyms (see ``transcheck.synonyms``), plus what else the sentence says (the source
that reports it, the place, the other figures, the date). Two figures of different
documents are one fact when a governing word matches and the rest of the sentence agrees;
the usual guards of figure alignment still apply (same magnitude, no date or name conflict,
a document stating both values is stating two facts).

Names in frames are compared through the gazetteer, so "Saigon" and "Ho Chi Minh City", or
"South Korean" and "South Korea", are one name.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from transcheck.align.common import comparable_text, numbers_in
from transcheck.align.kept import KEPT, Units, kept_result, scored_pairs
from transcheck.context import AuditContext
from transcheck.languages import month_words, weekday_words
from transcheck.model import NumberMention
from transcheck.textnorm import content_words, name_tokens

WINDOW = 2  # content words on each side of the figure that may govern it
MIN_SHARED_CONTEXT = 3  # other content words both sentences share (source, place, event)
MIN_JACCARD = 0.15
MAX_RATIO = 10.0
MAX_DF = 100
# Words that go with any count: they frame nothing on their own.
GENERIC = frozenset(
    """people person persons total number some least more than about nearly almost around
    over under least year years day days time times said say says told according also
    including other others new""".split()
)
# "Several hundred", "a few thousand": a rough size, not a value.
_VAGUE = re.compile(r"(?:several|a few|few|many|some|hundreds of|thousands of)\s+$", re.I)
SCALE_WORDS = frozenset("hundred hundreds thousand thousands million millions dozen".split())


def vague(text: str, start: int, end: int) -> bool:
    """Is the number a rough size ('several hundred workers') rather than a figure?"""
    word = text[start:end].casefold()
    return word in SCALE_WORDS and bool(_VAGUE.search(text[max(0, start - 20) : start]))


def _uncompound(name: str) -> str:
    """'South Korean-owned' is about South Korea: drop a lowercase compound tail."""
    head, dash, tail = name.rpartition("-")
    return head if dash and head and tail[:1].islower() and len(tail) > 2 else name


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """One key for the names of one place (gazetteer), else the name's last part."""
    from transcheck.gazetteer import candidates, country_of_word

    name = _uncompound(name)
    found = [m for m in candidates(name) if m.how <= 2]
    if found:
        return f"@{found[0].place.id}"
    countries = country_of_word(name)
    if len(countries) == 1:
        return f"@{next(iter(countries))}"
    parts = [t for t in name_tokens(name) if len(t) > 2]
    return parts[-1] if parts else ""


@lru_cache(maxsize=65536)
def _lemma(word: str, lang: str) -> str:
    """The dictionary form by WordNet's own rules (morphy: exception lists and suffixes);
    frames are compared in the pivot language only, so no other lemmatizer is loaded."""
    if lang == "en":
        from transcheck.synonyms import base_forms

        for pos in ("v", "n", "a"):
            forms = base_forms(word, pos)
            if forms:
                return forms[0]
    return word.casefold()


def governing_words(sentence: str, number_text: str, value: float, lang: str) -> tuple[str, ...]:
    """Content words (dictionary forms) within ``WINDOW`` words of the figure."""
    at = sentence.find(number_text)
    end = at + len(number_text)
    if at < 0:
        for m in numbers_in(sentence, lang):
            if m.value == value:
                at, end = m.start, m.end
                break
    if at < 0:
        return ()

    def nearest(words: Iterable[str]) -> list[str]:
        """The first ``WINDOW`` meaningful dictionary forms of ``words`` (the rest are not
        looked up: a sentence has many words, a frame four)."""
        out: list[str] = []
        for word in words:
            w = _lemma(word, lang)
            if w not in GENERIC and not w.isdigit() and len(w) > 2:
                out.append(w)
                if len(out) == WINDOW:
                    break
        return out

    before = nearest(reversed(content_words(sentence[:at], lang)))[::-1]
    after = nearest(content_words(sentence[end:], lang))
    return tuple(dict.fromkeys(before + after))


@lru_cache(maxsize=16384)
def _concept_tokens(word: str, lang: str) -> frozenset[str]:
    """The index tokens of a governing word (``lang|w:word``, ``lang|s:synset``), built once
    per word: frames share their words."""
    out = {f"w:{word}"}
    if lang == "en":
        from transcheck.synonyms import derived, neighbourhood

        out.update(f"s:{p}{o}" for p, o in neighbourhood(word) | derived(word))
    return frozenset(f"{lang}|{t}" for t in out)


class _Concepts:
    """The index tokens of governing words (:func:`_concept_tokens`), kept between audits in
    the analysis cache when one is open (WordNet look-ups for thousands of words)."""

    TABLE = "concepts"

    def __init__(self, kept, lang: str) -> None:
        self.kept, self.lang = kept, lang
        self.seen: dict[str, frozenset[str]] = {}

    def tokens(self, word: str) -> frozenset[str]:
        got = self.seen.get(word)
        if got is not None:
            return got
        if self.kept is None:
            got = _concept_tokens(word, self.lang)
        else:
            got = kept_result(
                self.kept,
                self.TABLE,
                word,
                lambda raw: (
                    frozenset(raw)
                    if isinstance(raw, list) and all(isinstance(t, str) for t in raw)
                    else None
                ),
                lambda: _concept_tokens(word, self.lang),
                sorted,
            )
        self.seen[word] = got
        return got


def _governs_same(a: tuple[str, ...], b: tuple[str, ...], lang: str) -> bool:
    from transcheck.synonyms import near_synonyms

    for x in a:
        for y in b:
            if x == y or (lang == "en" and near_synonyms(x, y)):
                return True
    return False


def item_frame(it, ctx: AuditContext) -> tuple[str, ...] | None:
    """The governing words of a figure (in the pivot language), or None when it has no frame:
    measures have units; untranslated text has no synonyms here."""
    from transcheck.extract.numbers import MEASURES

    unit = it.unit or ""
    if unit.startswith("*:") or unit.rpartition(":")[2].startswith(MEASURES):
        return None  # (a percentage, an amount: their kind is their unit)
    doc = ctx.documents[it.doc]
    sentence = pivot_sentence(ctx, it)
    if sentence is None and doc.lang != ctx.pivot:
        return None
    sentence = sentence or doc.text[it.lo : it.hi]
    return governing_words(sentence, mention_of(ctx, it).text, it.value, ctx.pivot) or None


def mention_of(ctx: AuditContext, it) -> NumberMention:
    """The mention of a figure's item (``transcheck.align.numbers.NumberItem``: its place
    in its document's figures)."""
    return ctx.extractions[it.doc].numbers[it.at]


def pivot_sentence(ctx: AuditContext, it) -> str | None:
    """The sentence of a figure of a translated document as compared (its rendering, or as
    written when no engine has its language: :func:`transcheck.align.common.comparable_text`);
    None in a document in the pivot language. (A figure's items exist only where that text
    does.)"""
    if ctx.documents[it.doc].lang == ctx.pivot:
        return None
    got = comparable_text(ctx, it.doc, it.lo, it.hi)
    return got[0] if got is not None else None


def frame_pairs(
    items: list,
    ctx: AuditContext,
    stories=None,
    frames: list | None = None,
    units=None,
    values: dict[str, tuple[float, ...]] | None = None,
) -> list[tuple[float, int, int]]:
    """Scored pairs (lower first) of figures of different documents that state one fact by
    their frame, for the figure alignment to merge (``frames``: :func:`item_frame` of each
    item, when known; ``units``: who the figures are, to pair again only what changed, see
    :mod:`transcheck.align.kept`; ``values``: :func:`values_by_doc` of every figure, when
    ``items`` are not all of them)."""
    values = values_by_doc(items) if values is None else values
    if frames is None:
        frames = [item_frame(it, ctx) for it in items]
    lang = ctx.pivot  # frames are read in the pivot language
    concepts = _Concepts(ctx.shared.get(KEPT), lang)
    # index tokens of each frame, one set per distinct frame (figures share their frames)
    by_frame: dict[tuple[str, ...] | None, frozenset[str]] = {None: frozenset()}
    framed = array("l")  # the figures with index tokens (the others pair with nothing)
    for i, gov in enumerate(frames):
        tokens = by_frame.get(gov)
        if tokens is None:
            tokens = by_frame[gov] = frozenset().union(*map(concepts.tokens, gov))
        if tokens:
            framed.append(i)
    del concepts
    _concept_tokens.cache_clear()  # (each word's tokens: in the frames' sets now)

    def token_sets() -> Iterator[frozenset[str]]:
        """Each framed figure's tokens, consumed as the index is built: the whole sets are
        then held by the index alone, which cuts them to the tokens it indexes (at 10,000
        articles the whole sets were ~15 MB through the pairing)."""
        for i in framed:
            yield by_frame[frames[i]]
        by_frame.clear()

    full_names: dict = {}  # per document: the starts and keys of its names

    def score(x: int, y: int) -> tuple[float] | None:
        i, j = framed[x], framed[y]
        a, b = items[i], items[j]
        if a.doc == b.doc or a.unit == b.unit:
            return None  # same unit: the figure alignment's own business
        va, vb = a.value, b.value
        if va != vb and (_holds(values[b.doc], va) or _holds(values[a.doc], vb)):
            return None  # each document also states the other's figure: two facts
        if stories is not None and not stories.related(a.doc, b.doc):
            return None
        if not _governs_same(frames[i], frames[j], lang):
            return None
        if not _compatible(a, b, a.names, b.names):
            return None
        if not _named_alike(ctx, a, b, full_names):
            return None
        return (-context_jaccard(a, b),)

    if units is not None:
        units = Units([units.owners[i] for i in framed], [units.places[i] for i in framed])
    found = scored_pairs(
        ctx, "frames", units, token_sets(), score, min_shared=1, max_df=MAX_DF, per_item=True
    )
    return [(*got[:-2], framed[got[-2]], framed[got[-1]]) for got in found]


def values_by_doc(items: list) -> dict[str, tuple[float, ...]]:
    """The values of each document's figures, sorted: a tuple per document (200 bytes for
    twenty values; a set of them takes 1.2 KB), held through the pairing by frames. NaN,
    equal to nothing, is left out: no figure is ever found stating it."""
    values: dict[str, set[float]] = defaultdict(set)
    for it in items:
        got = values[it.doc]  # (a document whose figures are all NaN states no value)
        if it.value == it.value:
            got.add(it.value)
    return {doc: tuple(sorted(got)) for doc, got in values.items()}


def _holds(values: tuple[float, ...], value: float) -> bool:
    """``value in values`` (sorted, from :func:`values_by_doc`)."""
    at = bisect_left(values, value)
    return at < len(values) and values[at] == value


@lru_cache(maxsize=65536)  # a name recurs across documents: one key string for all
def _full_key(name: str) -> str:
    key = name_key(name)
    if key.startswith("@"):
        return key
    key = " ".join(name_tokens(_uncompound(name)))
    return "" if key in month_words() or key in weekday_words() else key  # 'Tuesday's fire'


def _names_of(
    ctx: AuditContext, doc: str, cache: dict[str, tuple[tuple[int, ...], tuple[str, ...]]]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """(starts, keys) of a document's names that have a key, in its order: two tuples per
    document, not a tuple per name (at 10,000 articles ~370,000 names)."""
    got = cache.get(doc)
    if got is None:
        named = [(m.start, k) for m in ctx.extractions[doc].names if (k := _full_key(m.text))]
        got = cache[doc] = (tuple(s for s, _ in named), tuple(k for _, k in named))
    return got


def _known(key: str, keys: set[str]) -> bool:
    """Is a name (or a shorter form of it: 'Kim' for 'Kim Min-jun') among ``keys``?"""
    if key in keys:
        return True
    words = key.split()
    return not key.startswith("@") and any(
        _contains(k.split(), words) for k in keys if not k.startswith("@")
    )


def _contains(long_: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _named_alike(ctx: AuditContext, a, b, cache) -> bool:
    """Every name in one figure's sentence is named somewhere in the other's document: 'Lake
    Torona' and 'Upper Torona' in two template sentences are two places, two facts."""
    for x, y in ((a, b), (b, a)):
        lo, hi = x.lo, x.hi
        starts, keys = _names_of(ctx, x.doc, cache)
        mine = {k for start, k in zip(starts, keys, strict=True) if lo <= start < hi}
        theirs = set(_names_of(ctx, y.doc, cache)[1])
        if not all(_known(k, theirs) for k in mine):
            return False
    return True


def context_overlap(a, b) -> tuple[int, int]:
    """(shared, all) context words of two figures, each less its ``drop`` word: the sizes
    of ``(a.ctx - {a.drop}) & (b.ctx - {b.drop})`` and of their union, without building
    either set (a figure keeps its sentence's word set, not a copy less one word)."""
    ca, cb, da, db = a.ctx, b.ctx, a.drop, b.drop
    shared = len(set(ca).intersection(cb))
    union = len(ca) + len(cb) - shared
    if da is not None:
        in_b = da in cb
        shared -= in_b
        union -= not in_b or da == db
    if db is not None and db != da:
        in_a = db in ca
        shared -= in_a
        union -= not in_a
    return shared, union


def context_jaccard(a, b) -> float:
    """:func:`transcheck.align.common.jaccard` of the two figures' contexts (less their
    ``drop`` words)."""
    if len(a.ctx) == (a.drop is not None) or len(b.ctx) == (b.drop is not None):
        return 0.0
    shared, union = context_overlap(a, b)
    return shared / union


def another_figure_differs(a, b) -> bool:
    """Two differing figures whose sentences also differ in another figure (each states one
    the other lacks: '92,446 meals and 258 blankets in two days' / '53,717 meals and 373
    blankets in two days'): another event, not one drifted figure. A figure only one side
    states (one extraction missed it) is no second difference."""
    if a.value == b.value:
        return False
    return bool(a.others - b.others) and bool(b.others - a.others)


def _compatible(a, b, names_a: frozenset[str], names_b: frozenset[str]) -> bool:
    lo, hi = sorted((abs(a.value), abs(b.value)))
    if lo == 0 or hi / lo > MAX_RATIO:
        return False
    if a.when and b.when and not a.when & b.when:
        return False
    if names_a and names_b and not names_a & names_b:
        return False
    if another_figure_differs(a, b):
        return False
    shared, union = context_overlap(a, b)
    return shared >= MIN_SHARED_CONTEXT and shared / union >= MIN_JACCARD
