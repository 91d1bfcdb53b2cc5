"""Property tests: on any text, every extractor returns valid, ordered spans and never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck.extract import (
    extract_document,
    find_names,
    find_numbers,
    find_quotes,
    parse_number,
    split_sentences,
)
from transcheck.model import Document, Paragraph

# Characters that exercise the extractors: quote marks, apostrophes, separators, digits,
# terminal punctuation, NBSP, emoji, combining marks, right-to-left letters, CJK.
SPECIAL = list("\"'“”„‚‘’«»‹›「」『』.,:;!?…。！？-–—()%$€ \n\t\u00a0\u202f\u20090123456789hH") + [
    "😀",
    "👍",
    "\U0001f3fd",
    "\u0301",
    "\u0308",
    "א",
    "ב",
    "ع",
    "ل",
    "\u200f",
    "\u200e",
    "東",
    "京",
]
WORDS = [
    "Mr.",
    "Dr.",
    "said",
    "dijo",
    "a déclaré",
    "selon",
    "Jean-Luc",
    "van",
    "al-",
    "O'Brien",
    "l’État",
    "million",
    "por ciento",
    "more than",
    "Ольга",
    "3,800",
    "3.8",
    "20:30",
    "1st",
    "\n\n",
]
LANGS = st.sampled_from([None, "en", "es", "fr", "pt", "it", "de", "ru", "ja", "xx"])
TEXT = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=5),
        st.sampled_from(SPECIAL),
        st.sampled_from(WORDS),
        st.text(alphabet=st.sampled_from(SPECIAL + list("abcAB ")), max_size=12),
    ),
    max_size=60,
).map("".join)

SETTINGS = settings(max_examples=200, deadline=None)


def _check_spans(text: str, items: list, with_text: bool = True) -> None:
    for item in items:
        assert 0 <= item.start <= item.end <= len(text)
        if with_text:
            assert text[item.start : item.end] == item.text


@SETTINGS
@given(TEXT, LANGS)
def test_sentences_are_ordered_and_disjoint(text: str, lang: str | None) -> None:
    sents = split_sentences(text, lang)
    _check_spans(text, sents, with_text=False)
    for s in sents:
        assert s.end > s.start
        assert not text[s.start].isspace()
        assert not text[s.end - 1].isspace()
    for a, b in zip(sents, sents[1:], strict=False):
        assert a.end <= b.start


@SETTINGS
@given(TEXT, LANGS)
def test_quotes_spans(text: str, lang: str | None) -> None:
    quotes = find_quotes(text, lang)
    _check_spans(text, quotes)
    for q in quotes:
        assert any(ch.isalpha() for ch in q.text)
    for a, b in zip(quotes, quotes[1:], strict=False):
        assert a.end <= b.start


@SETTINGS
@given(TEXT, LANGS)
def test_names_spans(text: str, lang: str | None) -> None:
    names = find_names(text, lang)
    _check_spans(text, names)
    for a, b in zip(names, names[1:], strict=False):
        assert a.end <= b.start


@SETTINGS
@given(TEXT, LANGS)
def test_numbers_spans(text: str, lang: str | None) -> None:
    numbers = find_numbers(text, lang)
    _check_spans(text, numbers)
    for a, b in zip(numbers, numbers[1:], strict=False):
        assert a.end <= b.start
    for n in numbers:
        assert n.kind in ("count", "percent", "decimal", "year", "time", "ordinal") or (
            n.kind == "money" or n.kind.startswith("money:")
        )
        assert n.qualifier in (None, "approx", "over", "under")
        assert n.value == n.value  # not NaN
    parse_number(text, lang)


@SETTINGS
@given(TEXT, LANGS, st.lists(st.tuples(st.integers(-5, 80), st.integers(-5, 80)), max_size=4))
def test_extract_document_never_raises(
    text: str, lang: str | None, bounds: list[tuple[int, int]]
) -> None:
    paragraphs = [Paragraph(i, s, e) for i, (s, e) in enumerate(bounds)]
    doc = Document(id="d", path="d.txt", text=text, lang=lang, paragraphs=paragraphs)
    ext = extract_document(doc)
    assert ext.doc_id == "d"
    _check_spans(text, ext.sentences, with_text=False)
    for a, b in zip(ext.sentences, ext.sentences[1:], strict=False):
        assert a.end <= b.start
    _check_spans(text, ext.quotes)
    _check_spans(text, ext.names)
    _check_spans(text, ext.numbers)


NUMBER_TEXT = st.lists(
    st.sampled_from(
        [
            "one",
            "Twenty-five",
            "a",
            "an",
            "hundred",
            "mil",
            "millones",
            "cent",
            "ſeven",
            "zwei",
            "and",
            "y",
            "-",
            " ",
            ",",
            "3",
            "é",
            "seventeenth",
            "xone",
            "one2",
            "_two",
            "K",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(NUMBER_TEXT, st.sampled_from(["en", "es", "fr", "de", "ru", None]))
def test_number_words_found_as_without_the_first_letter_guard(text, lang):
    """The number-word pattern looks at a word's first letter before trying the words one by
    one: it must find what the pattern without that look finds, everywhere."""
    import re

    from transcheck.extract.numbers import _number_word_re

    guarded = _number_word_re(lang)
    plain = re.compile(re.sub(r"\(\?=\[[^\]]*\]\)", "", guarded.pattern, count=1), guarded.flags)
    assert plain.pattern != guarded.pattern
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
