"""Shared tools of the alignment: union-find, indexed candidate pairs, similarity, spans."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from transcheck.context import AuditContext
from transcheck.model import NumberMention

# --------------------------------------------------------------------------- union-find


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, min_size: int = 1) -> list[list[int]]:
        """The groups (ascending members) by their first member; given ``min_size`` 2 or
        more, only the merged ones (no list for each item left alone)."""
        if min_size <= 1:
            items: Iterable[int] = range(len(self.parent))
        else:  # an item merged with another has another parent, or another's parent
            moved = [i for i, p in enumerate(self.parent) if p != i]
            items = sorted({*moved, *(self.find(i) for i in moved)})
        out: dict[int, list[int]] = defaultdict(list)
        for i in items:
            out[self.find(i)].append(i)
        return sorted((g for g in out.values() if len(g) >= min_size), key=lambda g: g[0])


# Above this many pairs between two groups of identical token sets, a group is linked through
# its first member (a star: the same connected components, linear work).
MAX_EXPANDED_PAIRS = 10_000


def candidate_pairs(
    token_sets: Iterable[Iterable[str]],
    *,
    min_shared: int = 1,
    max_df: int = 200,
    copies: Sequence[Hashable] | None = None,
) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, that share at least ``min_shared`` index tokens, each once, in
    an order that depends on the input alone (not sorted: callers rank what they keep).

    Tokens present in more than ``max_df`` distinct items carry no signal and are not
    indexed, which keeps the work near-linear in the number of items. Copies (the same
    sentence copied into many documents) count once for that limit, so a corpus that grows by
    copies keeps every pair it had. Items are copies when their token sets are identical and,
    given ``copies``, so are their entries there (the text they were read from): when tokens
    leave out what tells items apart (the figure, the names), one template sentence filled in
    by many unrelated stories gives identical token sets that are no copies, and its common
    words must stay under the limit.
    """
    return PairIndex(token_sets, max_df=max_df, copies=copies).pairs(min_shared)


class PairIndex:
    """Items grouped as copies (identical token sets and, given ``copies``, identical entries
    there; each item its own group with ``per_item``) and an inverted index of the tokens
    found in 2 to ``max_df`` groups (:func:`candidate_pairs`)."""

    def __init__(
        self,
        token_sets: Iterable[Iterable[str]],
        *,
        max_df: int,
        copies: Sequence[Hashable] | None = None,
        per_item: bool = False,
    ) -> None:
        self.keys: list[frozenset[str]]  # each group's tokens
        self.members: Sequence[Sequence[int]]  # each group's items, ascending
        self.group_of: Sequence[int]
        if per_item:  # group g is item g (no list or number object per item)
            self.keys = [frozenset(tokens) for tokens in token_sets]
            self.members = _Singletons(len(self.keys))
            self.group_of = range(len(self.keys))
        else:
            self.keys, self.members, self.group_of = [], [], []
            groups: dict[Hashable, int] = {}
            for i, tokens in enumerate(token_sets):
                tokens = frozenset(tokens)
                key = (tokens, copies[i] if copies is not None else None)
                g = groups.get(key)
                if g is None:
                    g = groups[key] = len(self.keys)
                    self.keys.append(tokens)
                    self.members.append([])
                self.members[g].append(i)
                self.group_of.append(g)
            del groups
        df: Counter[str] = Counter()
        for key, times in Counter(self.keys).items():  # groups (items) share token sets
            if times == 1:
                df.update(key)
            else:
                for t in key:
                    df[t] += times
        # only the tokens that can pair anything
        self.indexed = frozenset(t for t, n in df.items() if 1 < n <= max_df)
        self.sizes: list[int] | None = None  # each group's token count, once keys are cut

    def keep_indexed(self) -> None:
        """Cut each group's tokens to the indexed ones (what :meth:`pairs` reads; its sets
        and the others' tokens can then go), keeping their counts."""
        if self.sizes is not None:
            return
        self.sizes = [len(key) for key in self.keys]
        cut: dict[frozenset[str], frozenset[str]] = {}  # groups share token sets: once each
        indexed = self.indexed
        for g, key in enumerate(self.keys):
            got = cut.get(key)
            if got is None:
                got = cut[key] = key & indexed
            self.keys[g] = got

    def _postings(self, wanted: frozenset[str]) -> dict[str, list[int]]:
        """The ascending group numbers of each token of ``wanted``."""
        index: dict[str, list[int]] = defaultdict(list)
        for g, key in enumerate(self.keys):
            if not key.isdisjoint(wanted):
                for t in key & wanted:
                    index[t].append(g)
        return index

    def pairs(self, min_shared: int, only: set[int] | None = None) -> Iterator[tuple[int, int]]:
        """The candidate pairs (i, j), i < j, each once; given ``only`` (group numbers), just
        those with an item of one of these groups."""
        keys, members_of = self.keys, self.members
        wanted = self.indexed
        if only is not None:  # the tokens of these groups alone
            wanted = wanted & frozenset().union(*(keys[g] for g in only))
        postings = self._postings(wanted)
        rows = range(len(keys)) if only is None else sorted(only)
        # One group at a time, the groups it shares tokens with, counted: memory holds one
        # row of counts, never a count for every pair the index could form. A full run
        # counts the later groups; a partial one every other, each pair of two of its
        # groups from the earlier one's row.
        sizes = self.sizes
        for a in rows:
            key, left = keys[a], members_of[a]
            size = len(key) if sizes is None else sizes[a]
            if len(left) > 1 and size >= min_shared:  # copies share every token
                yield from _expand(left, left)
            row: Counter[int] = Counter()
            for t in key:
                gs = postings.get(t)
                if gs is None:
                    continue
                if only is None:
                    if gs[-1] > a:
                        row.update(gs[bisect.bisect_right(gs, a) :])
                else:
                    row.update(gs)
            for b, count in row.items():
                if count < min_shared or b == a or (only is not None and b < a and b in only):
                    continue
                right = members_of[b]
                if len(left) == 1 and len(right) == 1:  # the usual case: no generator
                    i, j = left[0], right[0]
                    yield (i, j) if i < j else (j, i)
                else:
                    yield from _expand(left, right)


class _Singletons(Sequence[tuple[int]]):
    """The members of ``n`` groups of one item each: group g holds item g."""

    def __init__(self, n: int) -> None:
        self._items = range(n)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, g):
        return (self._items[g],)


def _expand(left: Sequence[int], right: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Every pair across two groups of identical items, or a star when that is too many."""
    if left is right:
        if len(left) * (len(left) - 1) // 2 <= MAX_EXPANDED_PAIRS:
            for x, a in enumerate(left):
                for b in left[x + 1 :]:
                    yield (a, b) if a < b else (b, a)
        else:
            for b in left[1:]:
                yield (left[0], b) if left[0] < b else (b, left[0])
        return
    if len(left) * len(right) <= MAX_EXPANDED_PAIRS:
        candidates = ((a, b) for a in left for b in right)
    else:
        candidates = [(left[0], b) for b in right] + [(a, right[0]) for a in left[1:]]
    for a, b in candidates:
        yield (a, b) if a < b else (b, a)


CHRF_ORDER = 6  # sacrebleu's chrF defaults: character 1- to 6-grams, beta 2, no whitespace
CHRF_BETA_SQ = 4.0


@lru_cache(maxsize=100_000)
def _char_ngrams(text: str) -> tuple[tuple[dict[str, int], int], ...]:
    """Character n-gram counts of a text (whitespace removed), with their totals, per order.

    Computed once per distinct string: a quotation is compared with many others."""
    line = "".join(text.split())
    out = []
    for n in range(1, CHRF_ORDER + 1):
        grams = Counter(line[i : i + n] for i in range(len(line) - n + 1))  # counted in C
        out.append((grams, max(0, len(line) - n + 1)))
    return tuple(out)


def forget_char_ngrams() -> None:
    """Let go of the n-grams kept for chrF: a stage done with its strings frees them (tens
    of MB for the quotations of a few thousand articles; later stages compare few strings)."""
    _char_ngrams.cache_clear()


def _f_score(prec: float, rec: float) -> float:
    if not prec + rec:
        return 0.0
    return 100 * (1 + CHRF_BETA_SQ) * prec * rec / (CHRF_BETA_SQ * prec + rec)


@lru_cache(maxsize=200_000)
def chrf(a: str, b: str) -> float:
    """Symmetric chrF (mean of both directions), 0-100; the same numbers as sacrebleu's
    (``CHRF().sentence_score(hyp, [ref]).score`` each way, on cached n-grams). The matches
    of an order are the same both ways: counted once, a's precision is b's recall."""
    if not a or not b:
        return 0.0
    sum_a = sum_b = 0.0  # matches over a's n-grams, over b's, added order by order
    effective = 0
    for (ga, total_a), (gb, total_b) in zip(_char_ngrams(a), _char_ngrams(b), strict=True):
        if not total_a or not total_b:
            continue
        small, large = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
        get = large.get
        match = 0
        for gram, count in small.items():
            other = get(gram)
            if other is not None:
                match += count if count < other else other
        sum_a += match / total_a
        sum_b += match / total_b
        effective += 1
    if not effective:
        return 0.0
    prec_a, prec_b = sum_a / effective, sum_b / effective
    return (_f_score(prec_a, prec_b) + _f_score(prec_b, prec_a)) / 2


def chrf_at_least(a: str, b: str, threshold: float) -> bool:
    """chrF(a, b) >= threshold, answered cheaply when the strings are far apart: rapidfuzz's
    edit ratio runs above chrF on the same pair, so a ratio below the threshold settles it."""
    if fuzz.ratio(a, b) < threshold:
        return False
    return chrf(a, b) >= threshold


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger (1.0 = one quote is part of the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# --------------------------------------------------------------------------- helpers


def sentence_starts(ext) -> list[int]:
    """The start of each sentence of an extraction (computed once, kept on it)."""
    starts = getattr(ext, "_sentence_starts", None)
    if starts is None or len(starts) != len(ext.sentences):
        starts = [s.start for s in ext.sentences]
        ext._sentence_starts = starts
    return starts


def sentence_span(ext, start: int, end: int) -> tuple[int, int] | None:
    """The smallest run of sentences covering [start, end) (sentences are sorted)."""
    sentences = ext.sentences
    if not sentences:
        return None
    starts = sentence_starts(ext)
    i = max(0, bisect.bisect_right(starts, start) - 1)
    if sentences[i].end <= start:
        i += 1
    first = last = None
    while i < len(sentences) and sentences[i].start < end:
        if sentences[i].end > start:
            first = first or sentences[i]
            last = sentences[i]
        i += 1
    if first is None:
        return None
    return (first.start, last.end)


def comparable_text(ctx: AuditContext, doc_id: str, start: int, end: int) -> tuple[str, str] | None:
    """(text in comparison language, that language) for a span, or None when untranslated."""
    doc = ctx.documents[doc_id]
    if doc.lang == ctx.pivot:
        return " ".join(doc.text[start:end].split()), ctx.pivot
    rendered = ctx.extractions[doc_id].pivot.get((start, end))
    if rendered is not None:
        return rendered, ctx.pivot
    if not ctx.extractions[doc_id].pivot:
        # No engine for this language: compare in the original language with its own kind.
        return " ".join(doc.text[start:end].split()), doc.lang or "und"
    return None


def unique_keys(clusters):
    seen: Counter[str] = Counter()
    for c in clusters:
        seen[c.key] += 1
        if seen[c.key] > 1:
            c.key = f"{c.key}-{seen[c.key]}"
    return clusters


LONG_SENTENCE = 2000  # characters: longer "sentences" give no usable frame


# Documents about one story name the same people and places. Two documents that each name at
# least two share one of them; naming three or more, they share two (one common name, a
# president or a capital, also turns up in unrelated stories).
STORY_MIN_HEADS = 2
STORY_MANY_HEADS = 3


class Stories:
    """Which documents can be about the same story, judged by the names they share."""

    def __init__(self, heads_by_doc: dict[str, set[str]]) -> None:
        self.heads = heads_by_doc
        # answers for the last first document asked about: pairs come row by row, so one
        # document meets the same others again and again (memory: one row, not all pairs)
        self._row_of: str | None = None
        self._row: dict[str, bool] = {}

    def related(self, doc_a: str, doc_b: str) -> bool:
        if doc_a != self._row_of:
            self._row_of, self._row = doc_a, {}
        got = self._row.get(doc_b)
        if got is None:
            got = self._row[doc_b] = self._related(doc_a, doc_b)
        return got

    def _related(self, doc_a: str, doc_b: str) -> bool:
        a, b = self.heads.get(doc_a, _NO_HEADS), self.heads.get(doc_b, _NO_HEADS)
        fewest = min(len(a), len(b))
        if fewest < STORY_MIN_HEADS:
            return True  # too few names to tell
        if fewest < STORY_MANY_HEADS:
            return not a.isdisjoint(b)
        return len(a & b) >= 2


_NO_HEADS: frozenset[str] = frozenset()


@lru_cache(maxsize=32_768)  # a corpus of 1,000 articles asks about ~6,000 distinct sentences
def numbers_in(sentence: str, lang: str | None) -> tuple[NumberMention, ...]:
    """The figures of a back-translated sentence, found once for all the figures it holds."""
    from transcheck.extract import find_numbers

    return tuple(find_numbers(sentence, lang))
