"""Language identification: which language each document and paragraph is written in.

Detectors sit behind one small interface (:class:`Detector`): ``langdetect`` is the default,
``lingua`` (optional extra ``transcheck[lingua]``) is more robust on short text and knows more
languages (Kazakh, Armenian, ...). Heavy backends are imported lazily, on first use.

Policy (see :func:`identify`):

- long paragraphs are detected one by one; the document language is their length-weighted
  majority (the whole text is used when there are no long paragraphs);
- short paragraphs inherit the document language unless they are written in another script;
- a declared language (file-name suffix, front matter, ``<html lang>``) wins whenever the
  detector is unsure, does not know that language, or still gives it a fair probability;
- scripts used by one language only (Armenian, Georgian, ...) and Kazakh-specific Cyrillic
  letters settle the cases a detector cannot see.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from typing import Protocol

from transcheck.languages import language_name, to_iso1
from transcheck.model import Document, Notice, shared_float

# A paragraph this long (letters and words) is detected on its own; shorter ones inherit.
MIN_LETTERS = 40
MIN_WORDS = 6
MIN_LETTERS_NO_SPACES = 20  # scripts written without spaces (Chinese, Japanese, Thai)
# Confidence needed to call a passage foreign, or to overrule a declared language.
CONFIDENT = 0.90
# A declared language that still gets this probability from the detector is kept.
DECLARED_PLAUSIBLE = 0.10
# A passage in the document's script needs this many letters to be called foreign (a
# sentence or two fools n-gram detectors), and more for a close relative of its language.
FOREIGN_MIN_LETTERS = 80
FOREIGN_MIN_LETTERS_RELATIVE = 200
# Languages detectors confuse with each other on short text.
_CLOSE_RELATIVES = (
    frozenset({"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn"}),
    frozenset({"es", "pt", "gl", "ca", "it", "oc", "ro"}),
    frozenset({"fr", "oc", "ca"}),
    frozenset({"cs", "sk"}),
    frozenset({"hr", "sr", "bs", "sl", "sh", "mk"}),
    frozenset({"da", "no", "nb", "nn", "sv"}),
    frozenset({"id", "ms", "tl"}),
    frozenset({"hi", "mr", "ne"}),
    frozenset({"fa", "ur", "ar", "ps"}),
    frozenset({"nl", "af", "de", "lb"}),
    frozenset({"zh", "ja"}),
)

# Scripts written by (practically) one language: a detector that lacks it cannot miss.
_SINGLE_LANGUAGE_SCRIPTS = {
    "ARMENIAN": "hy", "GEORGIAN": "ka", "GREEK": "el", "HEBREW": "he", "THAI": "th",
    "LAO": "lo", "KHMER": "km", "MYANMAR": "my", "SINHALA": "si", "ETHIOPIC": "am",
    "TIBETAN": "bo", "GUJARATI": "gu", "GURMUKHI": "pa", "ORIYA": "or", "TAMIL": "ta",
    "TELUGU": "te", "KANNADA": "kn", "MALAYALAM": "ml", "HANGUL": "ko",
}  # fmt: skip
# Cyrillic letters of Kazakh that Russian/Ukrainian/Bulgarian/Serbian never use.
_KAZAKH_LETTERS = frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")
# Among Cyrillic alphabets, ұ қ ғ point to Kazakh once the letters of the neighbours that
# share them are absent: Tajik (ҷ ӣ ӯ ҳ), Uzbek (ў ҳ), Bashkir (ҙ ҡ ҫ), Tatar (җ); so does
# і (Ukrainian, Belarusian) next to ә ө ү ң (Tatar, Kyrgyz, Mongolian: no і).
_KAZAKH_SIGNS = frozenset("ұқғ")
_TURKIC_VOWELS = frozenset("әөүң")
_NEIGHBOUR_LETTERS = frozenset("ҷӣӯҳўҙҡҫҗ")


def normalize_lang_code(code: str, *, strict: bool = False) -> str | None:
    """``pt-BR`` -> ``pt``, ``zh-cn`` -> ``zh``, ``spa`` -> ``es``; None when not a language.

    With ``strict`` only known ISO 639 codes are accepted (used for file-name suffixes,
    where ``report.v2.txt`` must not declare a language).
    """
    primary = code.strip().replace("_", "-").split("-", 1)[0].lower()
    if not primary.isascii() or not primary.isalpha():
        return None
    iso1 = to_iso1(primary)
    if iso1 is not None:
        return iso1
    if strict or len(primary) not in (2, 3):
        return None
    return primary


# ---------------------------------------------------------------- detectors


class Detector(Protocol):
    """A language detector: ranked (ISO 639-1 code, probability) pairs, best first."""

    name: str

    def detect(self, text: str) -> list[tuple[str, float]]: ...

    def supports(self, lang: str) -> bool: ...


class LangdetectDetector:
    """Google's n-gram profiles via ``langdetect`` (55 languages), deterministic (seed 0)."""

    name = "langdetect"

    def __init__(self) -> None:
        self._factory = _langdetect_factory()
        self.languages = frozenset(_from_langdetect(c) for c in self._factory.get_lang_list())

    def supports(self, lang: str) -> bool:
        return lang in self.languages

    def detect(self, text: str) -> list[tuple[str, float]]:
        from langdetect.lang_detect_exception import LangDetectException

        detector = self._factory.create()
        detector.append(text)
        try:
            if _plain_detection(len(text)):
                ranked = detector.get_probabilities()
            else:
                ranked = _langdetect_probabilities(detector)
        except LangDetectException:
            return []
        return _merged(ranked)

    def detect_many(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """:meth:`detect` of each text, the same answers, with the trials of all the texts
        run together (:mod:`transcheck.langdetect_batch`: a third of the time)."""
        import random

        if len(texts) < BATCH_MIN:
            return [self.detect(text) for text in texts]
        if len(texts) > BATCH_MAX:  # (the arrays of a batch grow with its texts)
            return [
                ranked
                for at in range(0, len(texts), BATCH_MAX)
                for ranked in self.detect_many(texts[at : at + BATCH_MAX])
            ]
        detectors = []
        for text in texts:
            detector = self._factory.create()
            detector.append(text)
            detectors.append(detector)
        plain = [
            d.prior_map is not None
            or d.verbose
            or d.seed is None
            or type(d.random) is not random.Random
            for d in detectors
        ]
        if any(plain):  # (a detector that langdetect_batch cannot follow)
            return [self.detect(text) for text in texts]
        from transcheck import langdetect_batch

        for detector in detectors:
            detector.cleaning_text()
        probs = langdetect_batch.langprobs(
            [_extract_ngrams(d) for d in detectors],
            _ngram_rows().take,
            langdetect_batch.Trials.of(detectors[0]),
        )
        out = []
        for detector, langprob in zip(detectors, probs, strict=True):
            if langprob is None:  # (langdetect raises: no n-gram it knows)
                out.append([])
                continue
            detector.langprob = langprob
            out.append(_merged(detector.get_probabilities()))
        return out


# Fewer texts than this are detected one by one (the same answers); more than BATCH_MAX in
# batches of that many (a batch's arrays take ~4 KB a text: one file of 100,000 paragraphs
# would need 400 MB at once, and the gain is made by a few hundred).
BATCH_MIN = 4
BATCH_MAX = 512


def _merged(ranked) -> list[tuple[str, float]]:
    """langdetect's ranking as (our code, probability), codes that fold together summed."""
    merged: dict[str, float] = {}
    for item in ranked:
        code = _from_langdetect(item.lang)
        merged[code] = merged.get(code, 0.0) + float(item.prob)
    return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))


def _from_langdetect(code: str) -> str:
    return normalize_lang_code(code) or code


# The first texts a process detects (this many characters) take langdetect's own loop, as
# long as nothing imported numpy: importing it costs more than they do (an audit that
# analyses a few changed documents). The probabilities are the same either way.
PLAIN_DETECTION_CHARS = 20_000
_plain_left = [PLAIN_DETECTION_CHARS]
_plain_lock = threading.Lock()


def _plain_detection(size: int) -> bool:
    """Whether a text of ``size`` characters takes langdetect's own loop (and uses up some
    of the allowance)."""
    if "numpy" in sys.modules:
        return False
    with _plain_lock:
        if _plain_left[0] < size:
            return False
        _plain_left[0] -= size
        return True


def _langdetect_probabilities(detector) -> list:
    """``detector.get_probabilities()``, bit for bit, with the inner loop on arrays.

    langdetect's ``_detect_block`` multiplies 55 probabilities one by one for each sampled
    n-gram (the slow part of a cold audit). This runs the same trials, draws the same random
    numbers in the same order, and does the same floating-point operations in the same
    order (element-wise products in sampling order, the same built-in ``sum`` for the
    normalisation), so the probabilities are identical; the ranking is langdetect's own.
    Detectors with a prior map or verbose output take langdetect's own path.
    """
    import numpy as np
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    rnd = detector.random
    # random.choice(seq) is seq[rnd._randbelow(len(seq))]: the same draws, one call less
    randbelow = getattr(rnd, "_randbelow", None)
    if detector.prior_map is not None or detector.verbose or randbelow is None:
        return detector.get_probabilities()
    detector.cleaning_text()
    ngrams = _extract_ngrams(detector)
    if not ngrams:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    local: dict[str, int] = {}
    ids = [local.setdefault(w, len(local)) for w in ngrams]
    matrix = _ngram_rows().take(list(local))
    n_langs = len(detector.langlist)
    count = len(ids)
    rnd.seed(detector.seed)
    langprob = np.zeros(n_langs)
    limit, threshold = detector.ITERATION_LIMIT, detector.CONV_THRESHOLD
    # two buffers: row 0 the probabilities, rows 1-5 the factors of a block; the product
    # of one goes into row 0 of the other
    stacks = (np.empty((6, n_langs)), np.empty((6, n_langs)))
    multiply = np.multiply.reduce
    for _ in range(detector.n_trial):
        alpha = detector.alpha + rnd.gauss(0.0, 1.0) * detector.ALPHA_WIDTH
        factors = matrix + alpha / detector.BASE_FREQ
        # langdetect checks convergence after iteration 0, 5, 10, ...: one update, then
        # blocks of five; a block is one product down the columns, in sampling order
        i, flip = 0, 0
        stack = stacks[0]
        stack[0] = 1.0 / n_langs
        stack[1] = factors[ids[randbelow(count)]]
        prob = multiply(stack[:2], axis=0, out=stacks[1][0])
        while True:
            values = prob.tolist()
            total = sum(values)
            if not total > 0.0:  # cannot happen with langdetect's profiles
                raise LangDetectException(ErrorCode.CantDetectError, "No probabilities.")
            prob /= total
            # division by a positive number keeps the order: the largest quotient is this
            if max(values) / total > threshold or i >= limit:
                break
            i += 5
            flip ^= 1
            stack = stacks[flip]
            factors.take([ids[randbelow(count)] for _ in range(5)], axis=0, out=stack[1:])
            prob = multiply(stack, axis=0, out=stacks[flip ^ 1][0])
        langprob += prob / detector.n_trial
    detector.langprob = langprob.tolist()
    return detector.get_probabilities()


def _extract_ngrams(detector) -> list[str]:
    """``detector._extract_ngrams()``, the same list in the same order, a word at a time.

    langdetect walks the text a character at a time: each character normalised
    (``NGram.normalize``), the buffer of the last three restarted after a space, and the
    1-, 2- and 3-grams ending at each character kept when its profiles know them, except
    where that character and the one before it are both capitals. Everything a word gives
    depends on that word alone (and on whether a space follows it), so the text is
    normalised at once (``str.translate``) and each distinct word is worked out once."""
    text = detector.text.translate(_NORMALISED)
    if len(text) != len(detector.text):  # (a character normalised to other than one)
        return detector._extract_ngrams()
    words = text.split(" ")
    out: list[str] = []
    last = len(words) - 1
    for i, word in enumerate(words):
        if word:
            out.extend(_word_ngrams(word, i < last))
    return out


class _Normalised(dict):
    """Code point -> ``NGram.normalize`` of its character, worked out when first met."""

    def __missing__(self, code: int) -> str:
        from langdetect.utils.ngram import NGram

        got = self[code] = NGram.normalize(chr(code))
        return got


_NORMALISED = _Normalised()


# (frequent words are met again and again: a few thousand of them, not every word, kept)
@lru_cache(maxsize=4096)
def _word_ngrams(word: str, space_after: bool) -> tuple[str, ...]:
    """The n-grams langdetect keeps for one normalised word (no space in it), in its order:
    at each character its 1-, 2- and 3-gram (the buffer starts with the space before the
    word), none where it and the previous character are capitals; then, when a space
    follows, the 2- and 3-gram ending with that space."""
    known = _langdetect_factory().word_lang_prob_map
    padded = " " + word + (" " if space_after else "")
    out = []
    upper_before = False
    for i, ch in enumerate(word):
        upper = ch.isupper()
        if upper and upper_before:
            continue  # (upper_before stays: this one is a capital too)
        upper_before = upper
        for gram in (ch, padded[i : i + 2], padded[i - 1 : i + 2] if i else ""):
            if gram and gram in known:
                out.append(gram)
    if space_after:
        for gram in (padded[-2:], padded[-3:]):
            if gram in known:
                out.append(gram)
    return tuple(out)


class _NgramRows:
    """langdetect's per-language probability rows of the n-grams met so far, as one array
    (its dict holds Python lists; converting a text's rows each time costs more than the
    detection). At most ``CAP`` rows are kept (440 bytes each); others are converted on
    each use."""

    CAP = 20_000

    def __init__(self, table: dict[str, list[float]]) -> None:
        import numpy as np

        self._np = np
        self._table = table
        self._index: dict[str, int] = {}
        self._data = np.empty((0, len(next(iter(table.values()), ()))))
        self._lock = threading.Lock()

    def take(self, words: list[str]):
        np = self._np
        with self._lock:
            index = self._index
            new = [w for w in words if w not in index]
            if len(index) + len(new) > self.CAP:
                return np.array([self._table[w] for w in words], dtype=np.float64)
            if new:
                size = len(index) + len(new)
                if size > len(self._data):  # grow by doubling
                    grown = np.empty((max(size, 2 * len(self._data), 256), self._data.shape[1]))
                    grown[: len(index)] = self._data[: len(index)]
                    self._data = grown
                self._data[len(index) : size] = [self._table[w] for w in new]
                for w in new:
                    index[w] = len(index)
            return self._data[[index[w] for w in words]]


@cache
def _ngram_rows() -> _NgramRows:
    return _NgramRows(_langdetect_factory().word_lang_prob_map)


@lru_cache(maxsize=1)
def _langdetect_factory():
    """Load langdetect's profiles once, in sorted order (listing order must not matter).

    The factory's n-gram table is :class:`_LazyProbs`: a row is made when first asked (one
    document's detection asks a few hundred of the 88,000; building them all took most of
    the loading)."""
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    profiles = _langdetect_profiles()
    factory.word_lang_prob_map = _LazyProbs(profiles)
    factory.langlist = [p["name"] for p in profiles]
    factory.set_seed(0)
    return factory


def _langdetect_profiles() -> list[dict]:
    """langdetect's profiles (name, n-gram counts, totals per length), by file name."""
    import json
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY

    profiles = []
    for name in sorted(n for n in os.listdir(PROFILES_DIRECTORY) if not n.startswith(".")):
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as fh:
            profiles.append(json.load(fh))
    return profiles


class _LazyProbs(Mapping):
    """langdetect's ``word_lang_prob_map`` (n-gram -> probability per language, in profile
    order), each row computed as ``DetectorFactory.add_profile`` computes it, when asked."""

    def __init__(self, profiles: list[dict]) -> None:
        if len({p["name"] for p in profiles}) != len(profiles):
            raise ValueError("duplicate langdetect profile")
        self._profiles = [(p["freq"], p["n_words"]) for p in profiles]
        self._keys: dict[str, None] = {}  # in langdetect's order: first met, first
        for freq, _ in self._profiles:
            self._keys.update(dict.fromkeys(freq))
        self._rows: dict[str, list[float]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._keys

    def __getitem__(self, word: str) -> list[float]:
        row = self._rows.get(word)
        if row is None:
            if word not in self._keys:
                raise KeyError(word)
            row = [0.0] * len(self._profiles)
            length = len(word)
            if 1 <= length <= 3:
                for index, (freq, n_words) in enumerate(self._profiles):
                    count = freq.get(word)
                    if count is not None:
                        row[index] = 1.0 * count / n_words[length - 1]
            self._rows[word] = row
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class LinguaDetector:
    """``lingua-language-detector`` over all its languages (75, incl. Kazakh).

    High-accuracy mode loads every n-gram model on first use (about 20 s and 1 GB here);
    ``lingua-fast`` uses trigram models only (a fraction of a second, slightly less accurate
    on very short text).
    """

    def __init__(self, low_accuracy: bool = False) -> None:
        self.name = "lingua-fast" if low_accuracy else "lingua"
        self._detector, self.languages = _lingua_detector(low_accuracy)

    def supports(self, lang: str) -> bool:
        return lang in self.languages

    def detect(self, text: str) -> list[tuple[str, float]]:
        values = self._detector.compute_language_confidence_values(text)
        out = [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]
        out = [(normalize_lang_code(c) or c, p) for c, p in out if p > 0.0]
        return sorted(out, key=lambda kv: (-kv[1], kv[0]))


@lru_cache(maxsize=2)
def _lingua_detector(low_accuracy: bool):
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        raise ValueError("lingua is not installed: pip install 'transcheck[lingua]'") from None
    builder = LanguageDetectorBuilder.from_all_languages()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    codes = frozenset(
        normalize_lang_code(lang.iso_code_639_1.name) or lang.iso_code_639_1.name.lower()
        for lang in Language.all()
    )
    return builder.build(), codes


DETECTORS: dict[str, Callable[[], Detector]] = {
    "langdetect": LangdetectDetector,
    "lingua": LinguaDetector,
    "lingua-fast": lambda: LinguaDetector(low_accuracy=True),
}


@cache
def get_detector(name: str) -> Detector:
    """The detector called ``name``; ValueError for an unknown or uninstalled one."""
    try:
        factory = DETECTORS[name]
    except KeyError:
        known = ", ".join(sorted(DETECTORS))
        raise ValueError(f"unknown language detector {name!r} (known: {known})") from None
    return factory()


_NEUTRAL_COST = -8.0
# langdetect folds thousands of ideographs/syllables into a few classes, which makes each look
# far likelier than it is; this puts back roughly what one of ~2,000 common ones costs.
_IDEOGRAPH_COST = -7.0


def letter_plausibility(text: str) -> float:
    """Log-likelihood of the non-ASCII characters of ``text`` in the language that fits best.

    Each non-ASCII letter scores the mean log-probability of the 1-3 character n-grams
    around it under langdetect's profiles (characters normalised as langdetect does); the
    language with the best total is kept: ``niño`` suits Spanish, ``nińo`` no language.
    Symbols a mis-decoding produces (``¤``, box drawing) score as unknown. Used to choose
    between legacy encodings.
    """
    import math

    from langdetect.utils.ngram import NGram

    factory = _langdetect_factory()
    table = factory.word_lang_prob_map
    n_langs = len(factory.get_lang_list())
    floor = math.log(1e-7)
    padded = " " + " ".join(text[:20000].split()) + " "
    norm = "".join(NGram.normalize(ch) if not ch.isascii() else ch for ch in padded.lower())
    totals = [0.0] * n_langs
    other = 0.0  # non-ASCII characters that are not letters
    for i, ch in enumerate(padded):
        if ch.isascii():
            continue
        if not ch.isalpha():
            cat = unicodedata.category(ch)
            # quotes, dashes, no-break spaces cost about what a normal letter does;
            # other symbols are what a wrong code page produces
            other += _NEUTRAL_COST if cat[0] in "PZ" or cat == "Sc" else floor
            continue
        grams = [
            norm[start : start + n]
            for n in (1, 2, 3)
            for start in range(max(0, i - n + 1), i + 1)
            if start + n <= len(norm)
        ]
        for lang in range(n_langs):
            acc = 0.0
            for gram in grams:
                probs = table.get(gram)
                p = probs[lang] if probs is not None else 0.0
                acc += math.log(p + 1e-7) if p > 0 else floor
            totals[lang] += acc / len(grams)
        if _script_of(ch) in ("CJK", "HANGUL"):
            other += _IDEOGRAPH_COST
    return max(totals) + other


# ---------------------------------------------------------------- text measures


def letter_count(text: str) -> int:
    return sum(map(str.isalpha, text))


def is_substantial(text: str, letters: int | None = None) -> bool:
    """Long enough to be detected on its own (and to count as a foreign passage).
    ``letters``: ``letter_count(text)`` when the caller has it."""
    if letters is None:
        letters = letter_count(text)
    if letters >= MIN_LETTERS and len(text.split()) >= MIN_WORDS:
        return True
    script = dominant_script(text)
    return script in ("CJK", "THAI") and letters >= MIN_LETTERS_NO_SPACES


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    """LATIN, CYRILLIC, ARABIC, ...; Chinese characters and kana together are CJK."""
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "OTHER"
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first


def dominant_script(text: str) -> str | None:
    """The Unicode script most letters of ``text`` are written in (LATIN, CYRILLIC, ...)."""
    text = text[:5000]
    scripts = {_script_of(ch) for ch in set(text) if ch.isalpha()}
    if len(scripts) <= 1:  # one script (the usual case): no need to count
        return scripts.pop() if scripts else None
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():  # each distinct character once
        if ch.isalpha():
            counts[_script_of(ch)] += n
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _script_language(text: str, detector: Detector) -> tuple[str, float] | None:
    """A language settled by its script alone, when the detector does not know it."""
    script = dominant_script(text)
    lang = _SINGLE_LANGUAGE_SCRIPTS.get(script or "")
    if lang and not detector.supports(lang):
        return lang, 0.99
    if script == "CYRILLIC" and not detector.supports("kk"):
        letters = [ch.lower() for ch in text[:20000] if ch.isalpha()]
        present = set(letters)
        specific = sum(1 for ch in letters if ch in _KAZAKH_LETTERS)
        signs = present & _KAZAKH_SIGNS or ("і" in present and present & _TURKIC_VOWELS)
        kazakh = bool(signs) and not present & _NEIGHBOUR_LETTERS
        if letters and specific / len(letters) >= 0.01 and kazakh:
            return "kk", 0.95
    return None


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A paragraph whose function words make this share of its words, with at least three words
# only that language has and three times as many as any other language's, is in that
# language: no statistical detector needed (it is the slow part).
OBVIOUS_SHARE = 0.15
OBVIOUS_MARGIN = 3.0
OBVIOUS_MIN_DISTINCTIVE = 3
OBVIOUS_MIN_WORDS = 8
OBVIOUS_PROBABILITY = 0.99


@cache
def _distinctive_function_words() -> dict[str, frozenset[str]]:
    """Each language's function words that no other listed language has (el, los, del for
    Spanish; the, of, and for English): shared ones (de, la, a) prove nothing."""
    from transcheck.extract.langdata import FUNCTION_WORDS

    out = {}
    for code, table in FUNCTION_WORDS.items():
        others = set().union(*(t for c, t in FUNCTION_WORDS.items() if c != code))
        out[code] = frozenset(table - others)
    return out


@cache
def _distinctive_owner() -> dict[str, str]:
    """Each distinctive function word -> its language (the sets are disjoint)."""
    return {w: code for code, words in _distinctive_function_words().items() for w in words}


def obviously_in(text: str, lang: str | None) -> bool:
    """Is ``text`` plainly written in ``lang``, judging by its function words alone?"""
    from transcheck.extract.langdata import FUNCTION_WORDS

    if lang not in FUNCTION_WORDS:
        return False
    words = [w.casefold() for w in _WORD.findall(text)]
    total = len(words)
    if total < OBVIOUS_MIN_WORDS:
        return False
    table = FUNCTION_WORDS[lang]
    if sum(1 for w in words if w in table) < OBVIOUS_SHARE * total:
        return False
    owner = _distinctive_owner()
    hits: dict[str, int] = {}
    for w in words:
        code = owner.get(w)
        if code is not None:
            hits[code] = hits.get(code, 0) + 1
    own = hits.pop(lang, 0)
    return own >= OBVIOUS_MIN_DISTINCTIVE and own >= OBVIOUS_MARGIN * max(hits.values(), default=0)


def _detect(text: str, detector: Detector) -> list[tuple[str, float]]:
    settled = _script_language(text, detector)
    if settled is not None:
        return [settled]
    return detector.detect(text)


# ---------------------------------------------------------------- identify


def identify(doc: Document, detector: str | Detector = "langdetect") -> list[Notice]:
    """Set the language of ``doc`` and of each of its paragraphs; notices for mixed text.

    Deterministic: the same text always gets the same languages, whatever was seen before.
    """
    det = get_detector(detector) if isinstance(detector, str) else detector
    return _identify(doc, det, _plan(doc, det))


def identify_many(docs: Sequence[Document], detector: str = "langdetect") -> list[list[Notice]]:
    """:func:`identify` each document, with the same results. A detector that detects many
    texts at once (``detect_many``) gets the openings that need detecting first, then the
    paragraphs, of all the documents together."""
    if not docs:
        return []  # (a re-audit reads every record: no detector, no profiles to load)
    det = get_detector(detector)
    if not hasattr(det, "detect_many"):
        return [identify(doc, det) for doc in docs]
    ahead = _Prefetched(det)
    ahead.prefetch(
        [sample for doc in docs if (sample := _sample_text(doc, det)) is not None],
        lambda text: _script_language(text, det) is None,
    )
    plans = [_plan(doc, ahead) for doc in docs]
    ahead.prefetch(
        [
            text
            for plan in plans
            for text, plain in zip(plan.texts, plan.plain, strict=True)
            if plain is False
        ],
        lambda text: _script_language(text, det) is None,
    )
    return [_identify(doc, ahead, plan) for doc, plan in zip(docs, plans, strict=True)]


class _Prefetched:
    """A detector whose answers for some texts were worked out together beforehand."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.name = inner.name
        self._answers: dict[str, list[tuple[str, float]]] = {}

    def supports(self, lang: str) -> bool:
        return self._inner.supports(lang)

    def prefetch(self, texts: list[str], wanted: Callable[[str], bool]) -> None:
        """Detect the ``wanted`` ones of ``texts`` (each once) together."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._answers and wanted(t)]
        self._answers.update(zip(todo, self._inner.detect_many(todo), strict=True))

    def detect(self, text: str) -> list[tuple[str, float]]:
        got = self._answers.get(text)
        return self._inner.detect(text) if got is None else got


@dataclasses.dataclass
class _Plan:
    """What :func:`identify` knows of a document before its paragraphs are detected."""

    texts: list[str]
    letters: list[int]
    guess: str | None
    # each paragraph: None (too short to detect alone), True (plainly in the guessed
    # language: not detected), False (to detect)
    plain: list[bool | None]


def _sample_text(doc: Document, det: Detector) -> str | None:
    """The opening that :func:`_plan` detects for its first guess, if it does."""
    if doc.declared_lang and det.supports(doc.declared_lang):
        return None
    return doc.text[:3000] if len(doc.paragraphs) > 1 else None


def _plan(doc: Document, det: Detector) -> _Plan:
    texts = [doc.text[p.start : p.end] for p in doc.paragraphs]
    letters = [letter_count(t) for t in texts]
    # A first guess (the declared language, or the detector on the opening of the document)
    # lets plainly-written paragraphs skip the detector; any other paragraph is still
    # detected, so a wrong declaration is still caught.
    guess = doc.declared_lang if doc.declared_lang and det.supports(doc.declared_lang) else None
    sample_text = _sample_text(doc, det)
    if sample_text is not None:
        sample = _detect(sample_text, det)
        guess = sample[0][0] if sample and sample[0][1] >= CONFIDENT else None
    plain = [
        None if not is_substantial(text, n) else guess is not None and obviously_in(text, guess)
        for text, n in zip(texts, letters, strict=True)
    ]
    return _Plan(texts, letters, guess, plain)


def _identify(doc: Document, det: Detector, plan: _Plan) -> list[Notice]:
    paragraphs = doc.paragraphs
    texts, letters, guess = plan.texts, plan.letters, plan.guess
    long_results: dict[int, tuple[str, float, list[tuple[str, float]]]] = {}
    weights: Counter[str] = Counter()
    prob_mass: Counter[str] = Counter()
    total = 0
    for i, text in enumerate(texts):
        if plan.plain[i] is None:
            continue
        ranked = [(guess, OBVIOUS_PROBABILITY)] if plan.plain[i] else _detect(text, det)
        if not ranked:
            continue
        lang, prob = ranked[0]
        long_results[i] = (lang, prob, ranked)
        w = letters[i]
        weights[lang] += w
        prob_mass[lang] += w * prob
        total += w

    all_letters = sum(letters)
    lang: str | None
    if total and total * 2 >= all_letters:
        lang = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        conf = (weights[lang] / total) * (prob_mass[lang] / weights[lang])
    else:
        ranked = _detect(doc.text[:20000], det)
        lang, conf = ranked[0] if ranked else (None, 0.0)
        if all_letters < MIN_LETTERS:  # a few words: never sure, whatever the detector says
            conf = min(conf, 0.5)

    declared = doc.declared_lang
    if declared and declared != lang:
        if lang is None or conf < CONFIDENT or not det.supports(declared):
            # unsure, or a language this detector cannot recognise: trust the declaration
            lang, conf = declared, max(conf, 0.5)
        else:
            # a mixed document may still be mostly in the declared language
            whole = dict(_detect(doc.text[:20000], det))
            if whole.get(declared, 0.0) >= DECLARED_PLAUSIBLE:
                lang, conf = declared, whole[declared]
    doc.lang = lang
    doc.lang_confidence = round(float(conf), 4)

    doc_script = dominant_script(doc.text[:20000])
    new_paragraphs = []
    foreign: dict[str, int] = {}
    for i, (p, text) in enumerate(zip(paragraphs, texts, strict=True)):
        p_lang, p_conf = lang, doc.lang_confidence
        if i in long_results:
            cand, prob, ranked = long_results[i]
            if cand == lang:
                p_conf = prob
            elif _is_foreign(text, prob, ranked, lang, det, dominant_script(text) != doc_script):
                p_lang, p_conf = cand, prob
                foreign[cand] = foreign.get(cand, 0) + 1
        elif (
            letters[i] >= 3
            and doc_script
            and (script := dominant_script(text))
            and script != doc_script
        ):
            ranked = _detect(text, det)
            if ranked and ranked[0][0] != lang:
                p_lang, p_conf = ranked[0]
        new_paragraphs.append(
            dataclasses.replace(
                p, lang=p_lang, lang_confidence=shared_float(round(float(p_conf), 4))
            )
        )
    doc.paragraphs = new_paragraphs

    notices = []
    for other, count in sorted(foreign.items()):
        notices.append(
            Notice(
                code="mixed-language",
                doc=doc.id,
                lang=other,
                message=(
                    f"{doc.id}: {count} paragraph{'s' if count != 1 else ''} in "
                    f"{language_name(other)} ({other}); the document is in "
                    f"{language_name(lang)} ({lang})"
                ),
            )
        )
    return notices


def _is_foreign(
    text: str,
    prob: float,
    ranked: list[tuple[str, float]],
    doc_lang: str | None,
    det: Detector,
    other_script: bool,
) -> bool:
    """Whether a long paragraph detected as another language is really not in ``doc_lang``."""
    if doc_lang is None or prob < CONFIDENT:
        return False
    if dict(ranked).get(doc_lang, 0.0) >= DECLARED_PLAUSIBLE:
        return False
    if other_script:
        return True
    if not det.supports(doc_lang):
        # a detector that lacks the document's language names its nearest neighbour instead
        return False
    cand = ranked[0][0]
    needed = FOREIGN_MIN_LETTERS
    if any(cand in group and doc_lang in group for group in _CLOSE_RELATIVES):
        needed = FOREIGN_MIN_LETTERS_RELATIVE
    if letter_count(text) < needed:
        return False
    # names and titles (capitalised words) are written alike in every language: the rest
    # of the paragraph must read as foreign too
    rest = _without_capitalised_words(text)
    if letter_count(rest) < MIN_LETTERS // 2:
        return False
    rest_ranked = _detect(rest, det)
    return bool(rest_ranked) and (
        rest_ranked[0][0] != doc_lang and dict(rest_ranked).get(doc_lang, 0.0) < DECLARED_PLAUSIBLE
    )


_LEADING_PUNCT = "\"'“”‘’«»„‚‹›([{¿¡-–—*_"


def _without_capitalised_words(text: str) -> str:
    words = []
    for word in text.split():
        core = word.lstrip(_LEADING_PUNCT)
        if core[:1].isupper():
            continue
        words.append(word)
    return " ".join(words)
