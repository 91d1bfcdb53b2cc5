"""Sentence alignment of a translation to its source.

Dynamic programming over 1-1, 1-2, 2-1, 1-0 and 0-1 links (Gale & Church 1993), in a band
around the diagonal so that long documents stay linear. A link's score adds:

- length: how likely the target's length is given the source's, with the expected ratio
  measured on the two documents themselves (Gale-Church's normal model of length deltas);
- anchors that survive translation: figures (by value), names (folded and transliterated, so
  Cyrillic meets Latin), and paragraph breaks (a link should start a paragraph on both sides
  or on neither);
- where an engine covered the pair, the back-translation's similarity to the source sentence
  (chrF, as Bleualign does).

Every link carries a confidence in [0, 1]: checks claim drift only on confident links.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from transcheck.align.common import chrf
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
BAND = 12  # sentences either side of the diagonal (widened to the length difference)
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


def _value_key(value: float) -> str:
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
            figures[i].add(_value_key(n.value))
    for m in ext.names:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.start < sentences[i].end:
            names[i].update(name_key(t) for t in name_tokens(m.text) if len(t) >= 3)
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


def name_key(token: str) -> str:
    """A folded name part cut to its first letters: case endings and transliteration
    conventions mostly live at the end (Моралеса / Morales -> moral)."""
    return token[:5]


def _norm_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _length_logprob(ls: int, lt: int, ratio: float) -> float:
    if ls == 0 and lt == 0:
        return 0.0
    mean = (ls + lt / ratio) / 2
    delta = (lt - ls * ratio) / math.sqrt(max(mean, 1.0) * VARIANCE * ratio)
    p = 2 * (1 - _norm_cdf(abs(delta)))
    return math.log(max(p, 1e-12))


class _Scorer:
    def __init__(
        self,
        src: list[Features],
        tgt: list[Features],
        ratio: float,
        bt: dict[int, str] | None,
    ) -> None:
        self.src, self.tgt, self.ratio, self.bt = src, tgt, ratio, bt or {}

    def anchors(self, si: range, tj: range) -> tuple[float, int, int]:
        """(score, anchors shared, anchors contradicted) of a candidate link."""
        sf = frozenset().union(*(self.src[i].figures for i in si))
        tf = frozenset().union(*(self.tgt[j].figures for j in tj))
        sn = frozenset().union(*(self.src[i].names for i in si))
        tn = frozenset().union(*(self.tgt[j].names for j in tj))
        shared_f, shared_n = len(sf & tf), len(sn & tn)
        missing = len(sf ^ tf)
        score = FIGURE_WEIGHT * shared_f - 0.5 * FIGURE_WEIGHT * min(missing, 4)
        score += NAME_WEIGHT * shared_n - 0.3 * NAME_WEIGHT * min(len(sn ^ tn), 4)
        return score, shared_f + shared_n, missing

    def link(self, si: range, tj: range, prior: float) -> float:
        score = prior
        if si and tj:
            ls = sum(self.src[i].length for i in si)
            lt = sum(self.tgt[j].length for j in tj)
            score += _length_logprob(ls, lt, self.ratio)
            score += self.anchors(si, tj)[0]
            s_start = self.src[si[0]].starts_paragraph
            t_start = self.tgt[tj[0]].starts_paragraph
            score += PARAGRAPH_WEIGHT if s_start == t_start else -PARAGRAPH_WEIGHT
            # a link should not glue sentences of different paragraphs together: translators
            # keep paragraphs far more often than they merge them
            if len({self.src[i].paragraph for i in si}) > 1:
                score -= GLUE_PENALTY
            if len({self.tgt[j].paragraph for j in tj}) > 1:
                score -= GLUE_PENALTY
            bts = [self.bt[j] for j in tj if j in self.bt]
            if bts:
                source = " ".join(self.src[i].text for i in si)
                score += BT_WEIGHT * (chrf(source, " ".join(bts)) / 100 - 0.35)
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
        bts = [self.bt[j] for j in tj if j in self.bt]
        if bts:
            sim = chrf(" ".join(self.src[i].text for i in si), " ".join(bts))
            conf += 0.2 if sim >= 45 else -0.2 if sim < 25 else 0.0
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
) -> list[Link]:
    """Align a translation's sentences to its source's (``bt``: target sentence index ->
    its back-translation into the source's language, where one exists)."""
    return align_sentences(
        sentence_features(src_doc, src_ext), sentence_features(tgt_doc, tgt_ext), bt
    )
