"""Many texts detected together give langdetect's numbers for each, bit for bit."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_langid import make_doc, samples

from tests.conftest import spy
from transcheck import langdetect_batch, langid


def _langdetect(text: str) -> list[tuple[str, float]] | None:
    """langdetect's own detection of ``text`` (its Python loop), None where it raises."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = langid._langdetect_factory().create()
    detector.append(text)
    try:
        return langid._merged(detector.get_probabilities())
    except LangDetectException:
        return None


def _texts() -> list[str]:
    rows = [text for _, text in samples()]
    return [
        *rows,
        *(row[:25] for row in rows[::3]),  # short: slow to converge
        rows[0] + " " + rows[-1],  # two languages: slower still
        rows[0],  # a text twice in one batch
        "Ok.",
        "a",
        "",
        "2024 - 17:30 !!",  # no n-gram: langdetect raises
        "Москва London Москва Berlin Москва",
    ]


def test_gauss_and_draws_are_pythons() -> None:
    stream = langdetect_batch._Words(0)
    words = stream.upto(64)
    rnd = random.Random(0)
    first, kept = langdetect_batch._gauss_pair(words, 0)
    assert rnd.gauss(0.0, 1.0) == first
    assert rnd.gauss(0.0, 1.0) == kept  # (the value gauss keeps for its next call)
    assert rnd.getrandbits(32) == int(words[4])
    # random.choice(seq) as the stream gives it: top bits of each word, redrawn while too big
    rnd = random.Random(0)
    count = 37
    pos = np.zeros(1, dtype=np.int64)
    shift = np.array([32 - count.bit_length()], dtype=np.uint64)
    draws, used = langdetect_batch._draws(
        stream, pos, shift, np.array([count]), np.array([langdetect_batch._BLOCK])
    )
    assert draws[0].tolist() == [rnd._randbelow(count) for _ in range(5)]
    assert random.Random(0).getrandbits(32) == int(words[0])
    assert int(used[0]) > 5  # some words were too big for 37 (6 bits hold up to 63)


def test_many_at_once_are_langdetects_own_numbers() -> None:
    texts = _texts()
    detector = langid.LangdetectDetector()
    got = detector.detect_many(texts)
    expected = [_langdetect(t) for t in texts]
    assert got == [e if e is not None else [] for e in expected]  # exact floats
    assert sum(e is None for e in expected) >= 2
    assert got == [detector.detect(t) for t in texts]


def test_a_narrow_window_and_a_short_stream_give_the_same(monkeypatch) -> None:
    # five draws rarely fit in two words; the stream starts short and grows in turns
    texts = _texts()[:30]
    expected = [_langdetect(t) or [] for t in texts]
    monkeypatch.setattr(langdetect_batch, "WINDOW", 2)
    monkeypatch.setattr(langdetect_batch, "_words", lambda seed: _Short(seed))
    assert langid.LangdetectDetector().detect_many(texts) == expected


class _Short(langdetect_batch._Words):
    """A stream that grows by what is asked and no more."""

    def upto(self, n: int):
        with self._lock:
            have = len(self._words)
            if have < n:
                more = [self._rnd.getrandbits(32) for _ in range(n - have)]
                self._words = np.concatenate([self._words, np.array(more, dtype=np.uint64)])
            return self._words


_WORDS = [
    *"the of and la de el que les des und der ist в и на".split(),
    *"council budget bridge ayuntamiento puente conseil pont Stadt Brücke город мост".split(),
    "3,800",
    "—",
]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join), min_size=4, max_size=9)
)
def test_any_batch_matches_one_at_a_time(texts) -> None:
    expected = [_langdetect(t) or [] for t in texts]
    assert langid.LangdetectDetector().detect_many(texts) == expected


def test_identify_many_is_identify_one_by_one() -> None:
    rows = samples()
    es = " ".join(t for lang, t in rows if lang == "es")
    en = next(t for lang, t in rows if lang == "en")
    kk = "\n\n".join(t for lang, t in rows if lang == "kk")
    texts = [
        *("\n\n".join(t for _, t in rows[k : k + 3]) for k in range(0, len(rows), 3)),
        f"{es}\n\nOK, thanks.\n\n{en}\n\n{es}",
        kk,
        "Vale.",
        "12 345 — 2024",
    ]
    declared = [None, "es", None, "de"]

    def docs():
        return [make_doc(t, declared[k % 4], doc_id=f"d{k}") for k, t in enumerate(texts)]

    one = docs()
    alone = [langid.identify(doc) for doc in one]
    many = docs()
    assert langid.identify_many(many) == alone
    assert [(d.lang, d.lang_confidence, d.paragraphs) for d in many] == [
        (d.lang, d.lang_confidence, d.paragraphs) for d in one
    ]
    assert any(alone)
    assert len({d.lang for d in one}) > 4


def test_identify_many_detects_the_paragraphs_together(monkeypatch) -> None:
    rows = samples()
    docs = [
        make_doc(f"{a}\n\n{b}", doc_id=f"d{k}")
        for k, ((_, a), (_, b)) in enumerate(zip(rows, rows[1:], strict=False))
    ]
    single = spy(monkeypatch, langid.LangdetectDetector, "detect", lambda self, text: text)
    batches = spy(
        monkeypatch, langid.LangdetectDetector, "detect_many", lambda self, texts: len(texts)
    )
    langid.identify_many(docs)
    assert len(batches) == 2
    assert min(batches) > 20
    assert len(single) < len(docs) // 10  # (whole texts of documents with mixed paragraphs)


def test_one_long_document_has_its_paragraphs_detected_together(monkeypatch) -> None:
    rows = samples()
    text = "\n\n".join(t for _, t in rows)  # one file, many languages
    alone = make_doc(text, doc_id="big")
    notices = langid.identify(alone)
    batches = spy(
        monkeypatch, langid.LangdetectDetector, "detect_many", lambda self, texts: len(texts)
    )
    together = make_doc(text, doc_id="big")
    assert langid.identify_many([together]) == [notices]
    assert together.paragraphs == alone.paragraphs
    assert max(batches) > 20
    assert notices  # (paragraphs in other languages than the document's)


def test_a_long_list_goes_in_batches_of_batch_max(monkeypatch) -> None:
    texts = _texts()
    sizes = spy(monkeypatch, langdetect_batch, "langprobs", lambda lists, *rest: len(lists))
    monkeypatch.setattr(langid, "BATCH_MAX", 7)
    got = langid.LangdetectDetector().detect_many(texts)
    assert max(sizes) <= 7
    assert sum(sizes) == len(texts)
    assert got == [_langdetect(t) or [] for t in texts]


def test_no_documents_load_no_detector(monkeypatch) -> None:
    """A re-audit reads every record: its empty groups load no language profiles."""
    asked = spy(monkeypatch, langid, "get_detector", lambda name: name)
    assert langid.identify_many([]) == []
    assert asked == []
    langid.identify_many([make_doc("A short text in English about the weather.")])
    assert asked == ["langdetect"]
