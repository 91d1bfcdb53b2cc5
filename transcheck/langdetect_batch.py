"""langdetect's detection of many texts at once, with the numbers it gives one at a time.

langdetect (``Detector._detect_block``) runs seven trials per text. A trial starts from a
uniform probability over the 55 languages, draws the text's n-grams at random one at a time
(``random.choice``) and multiplies the probabilities by each drawn n-gram's row; it
normalises them after the first draw and after every fifth, and stops once one language
holds nearly all of it. One text at a time (``langid._langdetect_probabilities``) that is
a few operations on arrays of 55 numbers per five draws, and the interpreter's time around
them is most of the cost. Here every text of a batch takes its next five draws in the same
step: one gather of rows and five products for all of them, one sum each.

The numbers are langdetect's own, bit for bit (tested against it):

* **The draws.** Every detector of a factory is seeded alike, so every text draws from one
  stream of 32-bit words: Python's Mersenne Twister from that seed, generated once
  (:class:`_Words`). ``random.choice`` of n items takes the top ``n.bit_length()`` bits of
  the next word, and the next while they are not below n (``Random._randbelow_with_getrandbits``;
  ``getrandbits(k)`` is the next word shifted right by ``32 - k``). ``gauss`` uses two
  ``random()`` (two words each) on every second call and keeps the other value for the
  next, as ``random.gauss`` does.
* **The arithmetic.** The same element-wise products in the same order (a trial's first
  draw multiplies the uniform start by one row, then by four rows of ones: multiplying by
  1.0 is exact), each sum adds the 55 values in order as Python's ``sum`` does
  (``np.add.accumulate``: ``np.add.reduce`` may add in pairs), the same divisions.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Candidate words looked at per text and step: five draws need at most ten on average
# (a candidate is kept with probability 1/2 or more); a shortfall widens the window.
WINDOW = 32
_TWOPI = 2.0 * math.pi  # random.TWOPI
_BLOCK = 5  # draws between two normalisations (langdetect: ``i % 5 == 0``)


@dataclass(frozen=True)
class Trials:
    """The settings of a factory's detectors that the trials read."""

    n_langs: int
    n_trial: int
    alpha: float
    alpha_width: float
    base_freq: float
    limit: int
    threshold: float
    seed: object

    @classmethod
    def of(cls, detector) -> Trials:
        return cls(
            len(detector.langlist),
            detector.n_trial,
            detector.alpha,
            detector.ALPHA_WIDTH,
            detector.BASE_FREQ,
            detector.ITERATION_LIMIT,
            detector.CONV_THRESHOLD,
            detector.seed,
        )


class _Words:
    """The 32-bit words of Python's generator seeded with one seed, grown on demand."""

    def __init__(self, seed: object) -> None:
        self._rnd = random.Random(seed)
        self._words = np.empty(0, dtype=np.uint64)
        self._lock = threading.Lock()

    def upto(self, n: int) -> np.ndarray:
        """At least the first ``n`` words."""
        with self._lock:
            have = len(self._words)
            if have < n:
                size = max(n, 2 * have, 1 << 14)
                more = [self._rnd.getrandbits(32) for _ in range(size - have)]
                self._words = np.concatenate([self._words, np.array(more, dtype=np.uint64)])
            return self._words


@lru_cache(maxsize=4)
def _words(seed: object) -> _Words:
    return _Words(seed)


def _random(words: np.ndarray, at: int) -> float:
    """``random.random()`` from the two words at ``at``."""
    a, b = int(words[at]) >> 5, int(words[at + 1]) >> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)


def _gauss_pair(words: np.ndarray, at: int) -> tuple[float, float]:
    """``random.gauss(0.0, 1.0)``'s value and the one it keeps for its next call, from the
    four words at ``at``."""
    x2pi = _random(words, at) * _TWOPI
    g2rad = math.sqrt(-2.0 * math.log(1.0 - _random(words, at + 2)))
    z = math.cos(x2pi) * g2rad
    return 0.0 + z * 1.0, math.sin(x2pi) * g2rad  # (mu + z * sigma)


def langprobs(
    ngram_lists: Sequence[list[str]],
    take_rows: Callable[[list[str]], np.ndarray],
    trials: Trials,
) -> list[list[float] | None]:
    """Each text's ``langprob`` after langdetect's trials (None: no n-gram, or no
    probability left, where langdetect raises), from its n-grams (langdetect's list, in its
    order) and ``take_rows(words)``: their probability rows as an array, one per word."""
    size = len(ngram_lists)
    out: list[list[float] | None] = [None] * size
    # every text's n-grams as rows of one matrix: text p's k-th n-gram is row uid[off[p] + k]
    local: dict[str, int] = {}
    uid: list[int] = []
    off = np.zeros(size, dtype=np.int64)
    count = np.zeros(size, dtype=np.int64)
    for p, grams in enumerate(ngram_lists):
        off[p] = len(uid)
        count[p] = len(grams)
        for w in dict.fromkeys(grams):  # (each distinct n-gram once, in order)
            local.setdefault(w, len(local))
        uid.extend(map(local.__getitem__, grams))
    active = np.flatnonzero(count)
    if not active.size:
        return out
    matrix = take_rows(list(local))
    rows_of = np.array(uid, dtype=np.int64)
    shift = (32 - np.array([int(c).bit_length() for c in count], dtype=np.int64)).astype(np.uint64)
    stream = _words(trials.seed)
    n = trials.n_langs
    pos = np.zeros(size, dtype=np.int64)  # the next unused word of each text's stream
    trial = np.zeros(size, dtype=np.int64)
    done_at = np.zeros(size, dtype=np.int64)  # langdetect's i at the next check
    starting = np.ones(size, dtype=bool)  # the next step starts a trial
    kept_gauss: list[float | None] = [None] * size
    addend = np.zeros(size)  # alpha / BASE_FREQ of the text's trial
    prob = np.empty((size, n))
    langprob = np.zeros((size, n))
    failed = np.zeros(size, dtype=bool)
    slots = np.arange(_BLOCK)
    while active.size:
        starts = active[starting[active]]
        if starts.size:
            words = stream.upto(int(pos[starts].max()) + 4)
            for p in starts.tolist():
                z = kept_gauss[p]
                kept_gauss[p] = None
                if z is None:
                    z, kept_gauss[p] = _gauss_pair(words, int(pos[p]))
                    pos[p] += 4
                alpha = trials.alpha + z * trials.alpha_width
                addend[p] = alpha / trials.base_freq
            prob[starts] = 1.0 / n
            done_at[starts] = 0
        need = np.where(starting[active], 1, _BLOCK)
        draws, used = _draws(stream, pos[active], shift[active], count[active], need)
        pos[active] += used
        pad = slots[None, :] >= need[:, None]
        factors = matrix[rows_of[off[active][:, None] + draws]]  # (texts, 5, languages)
        factors += addend[active][:, None, None]
        factors[pad] = 1.0
        p = prob[active] * factors[:, 0]
        for j in range(1, _BLOCK):
            p *= factors[:, j]
        total = np.add.accumulate(p, axis=1)[:, -1]
        top = p.max(axis=1)
        dead = ~(total > 0.0)
        if dead.any():  # (cannot happen with langdetect's profiles: it raises)
            failed[active[dead]] = True
            total[dead] = 1.0
        p /= total[:, None]
        prob[active] = p
        converged = (top / total > trials.threshold) | (done_at[active] >= trials.limit)
        ended = active[converged & ~dead]
        langprob[ended] += prob[ended] / trials.n_trial
        trial[ended] += 1
        starting[active] = converged
        going = active[~converged]
        done_at[going] += _BLOCK
        active = active[(trial[active] < trials.n_trial) & ~failed[active]]
    for p in np.flatnonzero(count).tolist():
        if not failed[p]:
            out[p] = langprob[p].tolist()
    return out


def _draws(
    stream: _Words, pos: np.ndarray, shift: np.ndarray, count: np.ndarray, need: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The next ``need`` (1 or 5) draws of each text, as ``random.choice`` takes them from
    its stream at ``pos``, padded with 0 to five, and the words each used."""
    width = WINDOW
    while True:
        words = stream.upto(int(pos.max()) + width)
        candidates = words[pos[:, None] + np.arange(width)] >> shift[:, None]
        kept = candidates < count[:, None].astype(np.uint64)
        rank = np.cumsum(kept, axis=1)
        if (rank[:, -1] >= need).all():
            break
        width *= 4  # (about once in 10^5 steps)
    take = kept & (rank <= need[:, None])
    rows, cols = np.nonzero(take)  # row by row, in stream order
    draws = np.zeros((len(pos), _BLOCK), dtype=np.int64)
    draws[rows, rank[rows, cols] - 1] = candidates[rows, cols].astype(np.int64)
    used = np.argmax(rank >= need[:, None], axis=1) + 1
    return draws, used
