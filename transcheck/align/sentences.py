"""Sentence alignment of a translation to its source.

Dynamic programming over 1-1, 1-2, 2-1, 1-0 and 0-1 links (Gale & Church 1993), in a band
around the diagonal so that long documents stay linear. A link's score adds:

- length: how likely the target's length is given the source's, with the expected ratio
  measured on the two documents themselves (Gale-Church's normal model of length deltas);
- anchors that survive translation: figures (by value), names (folded and transliterated, so
  Cyrillic meets Latin), and paragraph breaks (a link should start a paragraph on both sides
  or on neither);
- where an engine covered the pair, the back-translation's similarity to the source sentence
  (word overlap, in the spirit of Bleualign).

Every link carries a confidence in [0, 1]: checks claim drift only on confident links.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from transcheck.model import Document, Extraction, Link
from transcheck.textnorm import name_tokens

# Link types and their prior log-probabilities (Gale & Church's counts, with room for the
# sentence splits and merges translators make).
LINK_TYPES: tuple[tuple[int, int, float], ...] = (
    (1, 1, math.log(0.86)),
    (1, 0, math.log(0.006)),
    (0, 1, math.log(0.006)),
    (2, 1, math.log(0.055)),
    (1, 2, math.log(0.055)),
    (2, 2, math.log(0.01)),
)
VARIANCE = 6.8  # Gale-Church's variance of the length delta per source character
BAND = 6  # sentences either side of the diagonal (widened by the difference in counts)
PARAGRAPH_WEIGHT = 2.5
GLUE_PENALTY = 6.0
FIGURE_WEIGHT = 2.0
NAME_WEIGHT = 1.2
BT_WEIGHT = 6.0
CONFIDENT = 0.5


@dataclass(frozen=True)
class Features:
    length: int
    figures: frozenset[str]
    names: frozenset[str]
    paragraph: int
    starts_paragraph: bool
    text: str


def value_key(value: float) -> str:
    """A figure as an anchor: its magnitude, in few enough digits that 3800 and 3,800.0 meet."""
    return f"{abs(value):.6g}"


def sentence_features(doc: Document, ext: Extraction) -> list[Features]:
    """Per sentence: length, figure values, folded name keys, paragraph."""
    sentences = ext.sentences
    starts = [s.start for s in sentences]
    figures: list[set[str]] = [set() for _ in sentences]
    names: list[set[str]] = [set() for _ in sentences]
    for n in ext.numbers:
        i = bisect.bisect_right(starts, n.start) - 1
        if i >= 0 and n.start < sentences[i].end:
            figures[i].add(value_key(n.value))
    for m in ext.names:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.start < sentences[i].end:
            names[i].update(name_stem(t) for t in name_tokens(m.text) if len(t) >= 3)
    par_starts = sorted(p.start for p in doc.paragraphs) or [0]
    out = []
    last_par = -1
    for i, s in enumerate(sentences):
        par = bisect.bisect_right(par_starts, s.start) - 1
        text = " ".join(doc.text[s.start : s.end].split())
        out.append(
            Features(
                length=max(1, len(text)),
                figures=frozenset(figures[i]),
                names=frozenset(names[i]),
                paragraph=par,
                starts_paragraph=par != last_par,
                text=text,
            )
        )
        last_par = par
    return out


def name_stem(token: str) -> str:
    """A folded name part cut to its first letters: case endings and transliteration
    conventions mostly live at the end (Моралеса / Morales -> moral)."""
    return token[:5]


_WORD = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=4096)  # a source's sentences meet each of its translations in turn
def _stems(text: str) -> frozenset[str]:
    """Lowercased words of three letters or more, cut to five letters (a crude stem)."""
    return frozenset(w[:5] for w in _WORD.findall(text.casefold()))


def _norm_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _length_logprob(ls: int, lt: int, ratio: float) -> float:
    if ls == 0 and lt == 0:
        return 0.0
    mean = (ls + lt / ratio) / 2
    delta = (lt - ls * ratio) / math.sqrt(max(mean, 1.0) * VARIANCE * ratio)
    p = 2 * (1 - _norm_cdf(abs(delta)))
    return math.log(max(p, 1e-12))


@dataclass(frozen=True)
class _Group:
    """The sentences on one side of a candidate link, summed up once (the dynamic programme
    meets each run of one or two sentences many times)."""

    length: int
    figures: frozenset[str]
    names: frozenset[str]
    words: frozenset[str] | None  # word stems (source) or back-translation stems (target)
    paragraphs: int
    starts_paragraph: bool


def _group(feats: list[Features], words: list[frozenset[str] | None], lo: int, hi: int) -> _Group:
    members = feats[lo:hi]
    ws = words[lo:hi]
    return _Group(
        length=sum(f.length for f in members),
        figures=frozenset().union(*(f.figures for f in members)),
        names=frozenset().union(*(f.names for f in members)),
        words=None if any(w is None for w in ws) else frozenset().union(*ws),
        paragraphs=len({f.paragraph for f in members}),
        starts_paragraph=members[0].starts_paragraph,
    )


class _Scorer:
    def __init__(
        self,
        src: list[Features],
        tgt: list[Features],
        ratio: float,
        bt: dict[int, str] | None,
    ) -> None:
        self.src, self.tgt, self.ratio = src, tgt, ratio
        bt = bt or {}
        self.src_words: list[frozenset[str] | None] = [_stems(f.text) for f in src]
        self.bt_words: list[frozenset[str] | None] = [
            _stems(bt[j]) if j in bt else None for j in range(len(tgt))
        ]
        self.has_bt = bool(bt)
        self._src_groups: dict[tuple[int, int], _Group] = {}
        self._tgt_groups: dict[tuple[int, int], _Group] = {}

    def groups(self, si: range, tj: range) -> tuple[_Group, _Group]:
        a, b = (si.start, si.stop), (tj.start, tj.stop)
        g = self._src_groups.get(a)
        if g is None:
            g = self._src_groups[a] = _group(self.src, self.src_words, *a)
        h = self._tgt_groups.get(b)
        if h is None:
            h = self._tgt_groups[b] = _group(self.tgt, self.bt_words, *b)
        return g, h

    def bt_similarity(self, si: range, tj: range) -> float | None:
        """Dice overlap of the word stems of the source sentences and the back-translation of
        the target sentences (None without a back-translation). A cheap stand-in for chrF:
        the dynamic programme asks it for every candidate link."""
        if not self.has_bt:
            return None
        g, h = self.groups(si, tj)
        if not g.words or not h.words:
            return None
        return 2 * len(g.words & h.words) / (len(g.words) + len(h.words))

    def anchors(self, si: range, tj: range) -> tuple[float, int, int]:
        """(score, anchors shared, anchors contradicted) of a candidate link."""
        g, h = self.groups(si, tj)
        shared_f, shared_n = len(g.figures & h.figures), len(g.names & h.names)
        missing = len(g.figures ^ h.figures)
        score = FIGURE_WEIGHT * shared_f - 0.5 * FIGURE_WEIGHT * min(missing, 4)
        score += NAME_WEIGHT * shared_n - 0.3 * NAME_WEIGHT * min(len(g.names ^ h.names), 4)
        return score, shared_f + shared_n, missing

    def link(self, si: range, tj: range, prior: float) -> float:
        score = prior
        if si and tj:
            g, h = self.groups(si, tj)
            score += _length_logprob(g.length, h.length, self.ratio)
            score += self.anchors(si, tj)[0]
            score += (
                PARAGRAPH_WEIGHT if g.starts_paragraph == h.starts_paragraph else -PARAGRAPH_WEIGHT
            )
            # a link should not glue sentences of different paragraphs together: translators
            # keep paragraphs far more often than they merge them
            score -= GLUE_PENALTY * ((g.paragraphs > 1) + (h.paragraphs > 1))
            sim = self.bt_similarity(si, tj)
            if sim is not None:
                score += BT_WEIGHT * (sim - 0.3)
        else:
            # a sentence left out of a translation: lose little where it was a whole paragraph
            feats = [self.src[i] for i in si] or [self.tgt[j] for j in tj]
            if feats[0].starts_paragraph:
                score += PARAGRAPH_WEIGHT / 2
        return score

    def confidence(self, si: range, tj: range) -> float:
        if not si or not tj:
            return 0.0
        ls = sum(self.src[i].length for i in si)
        lt = sum(self.tgt[j].length for j in tj)
        length = math.exp(_length_logprob(ls, lt, self.ratio))  # 1.0 = typical length
        _score, shared, missing = self.anchors(si, tj)
        conf = 0.35 + 0.4 * min(1.0, length * 2)
        if shared:
            conf += 0.25
        if missing and not shared:
            conf -= 0.2
        if self.src[si[0]].starts_paragraph != self.tgt[tj[0]].starts_paragraph:
            conf -= 0.3
        sim = self.bt_similarity(si, tj)
        if sim is not None:
            conf += 0.2 if sim >= 0.4 else -0.2 if sim < 0.15 else 0.0
        return max(0.0, min(1.0, conf))


def align_sentences(
    src: list[Features], tgt: list[Features], bt: dict[int, str] | None = None
) -> list[Link]:
    """Best monotone alignment of two sentence lists (banded dynamic programming)."""
    n, m = len(src), len(tgt)
    if not n or not m:
        return [Link((i,), (), 0.0) for i in range(n)] + [Link((), (j,), 0.0) for j in range(m)]
    ratio = sum(f.length for f in tgt) / sum(f.length for f in src)
    scorer = _Scorer(src, tgt, ratio, bt)
    diagonal = _diagonal(scorer, n, m)
    if diagonal is not None:
        return _sandwiched(diagonal, src, tgt)
    band = BAND + abs(n - m)
    neg = -math.inf
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        centre = round(i * m / n)
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            if (i, j) == (0, 0):
                continue
            top, arg = neg, None
            for a, b, prior in LINK_TYPES:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                prev = best.get((pi, pj))
                if prev is None:
                    continue
                s = prev + scorer.link(range(pi, i), range(pj, j), prior)
                if s > top:
                    top, arg = s, (a, b)
            if arg is not None:
                best[(i, j)] = top
                back[(i, j)] = arg
    links: list[Link] = []
    i, j = n, m
    if (i, j) not in back:  # the band missed the corner (cannot happen with the widened band)
        return [Link((k,), (k,), 0.0) for k in range(min(n, m))]
    while (i, j) != (0, 0):
        a, b = back[(i, j)]
        si, tj = range(i - a, i), range(j - b, j)
        links.append(Link(tuple(si), tuple(tj), round(scorer.confidence(si, tj), 3)))
        i, j = i - a, j - b
    links.reverse()
    return _sandwiched(links, src, tgt)


# The diagonal is taken without search when every sentence has its counterpart at the same
# place: same count, paragraph breaks in the same places, each length within this many
# standard deviations of the expected one, and no sentence whose figures all differ.
DIAGONAL_LOGPROB = math.log(0.01)


def _diagonal(scorer: _Scorer, n: int, m: int) -> list[Link] | None:
    """The alignment of a translation that keeps every sentence in place, or None (most
    faithful translations: linear time instead of the dynamic programme)."""
    if n != m:
        return None
    for i in range(n):
        s, t = scorer.src[i], scorer.tgt[i]
        if s.starts_paragraph != t.starts_paragraph:
            return None
        if _length_logprob(s.length, t.length, scorer.ratio) < DIAGONAL_LOGPROB:
            return None
        _score, shared, missing = scorer.anchors(range(i, i + 1), range(i, i + 1))
        if missing and not shared:
            return None
    return [
        Link((i,), (i,), round(scorer.confidence(range(i, i + 1), range(i, i + 1)), 3))
        for i in range(n)
    ]


def _sandwiched(links: list[Link], src: list[Features], tgt: list[Features]) -> list[Link]:
    """A 1-1 link between two confident 1-1 links, starting a paragraph on both sides or on
    neither, is confident however its own anchors look: a changed figure must not hide the
    very link it sits in."""
    out = list(links)
    for k in range(1, len(links) - 1):
        link, prev, nxt = links[k], links[k - 1], links[k + 1]
        if (
            len(link.src) == 1
            and len(link.tgt) == 1
            and link.confidence < CONFIDENT
            and all(
                len(x.src) == 1 == len(x.tgt) and x.confidence >= CONFIDENT for x in (prev, nxt)
            )
            and src[link.src[0]].starts_paragraph == tgt[link.tgt[0]].starts_paragraph
        ):
            out[k] = Link(link.src, link.tgt, CONFIDENT)
    return out


def align_documents(
    src_doc: Document,
    src_ext: Extraction,
    tgt_doc: Document,
    tgt_ext: Extraction,
    bt: dict[int, str] | None = None,
    src_features: list[Features] | None = None,
) -> list[Link]:
    """Align a translation's sentences to its source's (``bt``: target sentence index ->
    its back-translation into the source's language, where one exists; ``src_features``:
    the source's :func:`sentence_features` when the caller has them)."""
    if src_features is None:
        src_features = sentence_features(src_doc, src_ext)
    return align_sentences(src_features, sentence_features(tgt_doc, tgt_ext), bt)
