"""langid's array version of langdetect's detection gives langdetect's own numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck import langid

SAMPLES = Path(__file__).parent / "data" / "langid" / "samples.tsv"


def _texts() -> list[str]:
    rows = [
        line.split("\t", 1)[1]
        for line in SAMPLES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # short, mixed, digits-only and Latin-in-another-script cases too
    return [
        *rows,
        *(row[:25] for row in rows[::4]),
        rows[0] + " " + rows[-1],
        "Ok.",
        "a",
        "Paris 2024: 3,5 %",
        "2024 - 17:30 !!",
        "Москва London Москва Berlin Москва",
    ]


def _langdetect(text: str) -> list[tuple[str, float]] | None:
    from langdetect.lang_detect_exception import LangDetectException

    detector = langid._langdetect_factory().create()
    detector.append(text)
    try:
        return [(x.lang, x.prob) for x in detector.get_probabilities()]
    except LangDetectException:
        return None


def _ours(text: str) -> list[tuple[str, float]] | None:
    from langdetect.lang_detect_exception import LangDetectException

    detector = langid._langdetect_factory().create()
    detector.append(text)
    try:
        return [(x.lang, x.prob) for x in langid._langdetect_probabilities(detector)]
    except LangDetectException:
        return None


@pytest.mark.parametrize("cap", [langid._NgramRows.CAP, 0, 40])
def test_same_probabilities_as_langdetect_bit_for_bit(monkeypatch, cap) -> None:
    # cap 0/40: the rows not kept in the array are converted on each use
    monkeypatch.setattr(langid._NgramRows, "CAP", cap)
    langid._ngram_rows.cache_clear()
    try:
        texts = _texts()
        expected = [_langdetect(t) for t in texts]
        assert [_ours(t) for t in texts] == expected  # exact floats, same order
        assert any(e is None for e in expected)
        assert sum(e is not None for e in expected) > 80
    finally:
        langid._ngram_rows.cache_clear()


def test_rows_are_reused_across_texts() -> None:
    langid._ngram_rows.cache_clear()
    rows = langid._ngram_rows()
    text = "The council approved the new budget for the river bridge on Monday evening."
    first = _ours(text)
    kept = len(rows._index)
    assert kept > 20
    assert _ours(text) == first == _langdetect(text)
    assert len(rows._index) == kept  # nothing converted again


def test_detector_with_a_prior_takes_langdetects_path() -> None:
    factory = langid._langdetect_factory()
    text = "Le conseil municipal a voté le budget de la ville hier soir."
    ours, theirs = factory.create(), factory.create()
    for d in (ours, theirs):
        d.set_prior_map({"fr": 0.2, "es": 0.8})
        d.append(text)
    got = [(x.lang, x.prob) for x in langid._langdetect_probabilities(ours)]
    assert got == [(x.lang, x.prob) for x in theirs.get_probabilities()]


def _reference_obviously_in(text: str, lang: str | None) -> bool:
    """The definition: each language's distinctive function words counted one by one."""
    from transcheck.extract.langdata import FUNCTION_WORDS

    if lang not in FUNCTION_WORDS:
        return False
    words = [w.casefold() for w in langid._WORD.findall(text)]
    if len(words) < langid.OBVIOUS_MIN_WORDS:
        return False
    if sum(1 for w in words if w in FUNCTION_WORDS[lang]) < langid.OBVIOUS_SHARE * len(words):
        return False
    hits = {
        code: sum(1 for w in words if w in table)
        for code, table in langid._distinctive_function_words().items()
    }
    own = hits.pop(lang)
    return own >= langid.OBVIOUS_MIN_DISTINCTIVE and own >= langid.OBVIOUS_MARGIN * max(
        hits.values(), default=0
    )


def _reference_dominant_script(text: str) -> str | None:
    from collections import Counter

    counts = Counter(langid._script_of(ch) for ch in text[:5000] if ch.isalpha())
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def test_obviously_in_and_dominant_script_match_their_definitions() -> None:
    from transcheck.extract.langdata import FUNCTION_WORDS

    texts = _texts()
    texts += [a + " " + b for a, b in zip(texts, texts[7:], strict=False)]
    texts += ["Москва и London, Москва", "ab αβγ", "", "123"]
    langs = [*sorted(FUNCTION_WORDS), None, "xx"]
    obvious = 0
    for text in texts:
        assert langid.dominant_script(text) == _reference_dominant_script(text)
        for lang in langs:
            got = langid.obviously_in(text, lang)
            assert got == _reference_obviously_in(text, lang), (text[:40], lang)
            obvious += got
    assert obvious > 20


def test_lazy_table_holds_langdetects_rows_exactly() -> None:
    """The factory's n-gram table, made row by row when asked, equals the one langdetect's
    own ``add_profile`` builds (same keys in the same order, the same floats)."""
    import json
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    eager = DetectorFactory()
    names = sorted(n for n in os.listdir(PROFILES_DIRECTORY) if not n.startswith("."))
    for index, name in enumerate(names):
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as fh:
            eager.add_profile(LangProfile(**json.load(fh)), index, len(names))
    assert langid._langdetect_factory().get_lang_list() == eager.get_lang_list()
    lazy = langid._LazyProbs(langid._langdetect_profiles())  # a fresh table
    assert lazy["the"] == eager.word_lang_prob_map["the"]  # one row asked first
    assert list(lazy) == list(eager.word_lang_prob_map)
    assert "zz\u0000" not in lazy
    assert lazy.get("zz\u0000") is None
    assert dict(lazy.items()) == eager.word_lang_prob_map


def test_first_texts_take_langdetects_own_loop_until_numpy_is_there(monkeypatch) -> None:
    import sys
    import types

    monkeypatch.delitem(sys.modules, "numpy", raising=False)
    monkeypatch.setattr(langid, "_plain_left", [100])
    assert langid._plain_detection(60)
    assert not langid._plain_detection(60)  # the allowance is used up
    assert langid._plain_detection(40)
    monkeypatch.setattr(langid, "_plain_left", [100])
    monkeypatch.setitem(sys.modules, "numpy", sys.modules.get("numpy") or types.ModuleType("x"))
    assert not langid._plain_detection(10)  # numpy loaded anyway: the array path


def test_both_paths_detect_the_same(monkeypatch) -> None:
    detector = langid.LangdetectDetector()
    texts = [t for t in _texts() if len(t) > 20][:40]
    monkeypatch.setattr(langid, "_plain_detection", lambda size: True)
    plain = [detector.detect(t) for t in texts]
    monkeypatch.setattr(langid, "_plain_detection", lambda size: False)
    assert [detector.detect(t) for t in texts] == plain
    assert any(plain)


# Letters of several blocks (capitals too), the characters langdetect maps to a space or to
# another one (digits, punctuation, Latin-1 symbols, quotes and dashes, Romanian, Farsi yeh,
# Vietnamese, kana, Bopomofo, ideographs, Hangul) and whitespace of several kinds.
_ALPHABET = list(
    "aAbBéÉßñÑxyzXYZ  \n\t\u00a0\u3000019.,;:'\"-()%&@/\u00a7\u00ab\u00bb\u2019\u201c\u2014"
    "\u0219\u021b\u06cc\u0627\u1ea0\u1ec9\u3042\u30a2\u3105\u4e00\u4e01\uac00"
    "ДдЖжİı"
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join))
def test_ngrams_a_word_at_a_time_are_langdetects(text) -> None:
    detector = langid._langdetect_factory().create()
    detector.append(text)
    detector.cleaning_text()
    assert langid._extract_ngrams(detector) == detector._extract_ngrams()
