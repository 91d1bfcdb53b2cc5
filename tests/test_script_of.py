"""The dominant script of a text: the quick answer for mostly-ASCII text is the one a count of
every letter gives."""

from __future__ import annotations

import contextlib
import unicodedata
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from transcheck.textnorm import script_of


def counted(text: str) -> str:
    """The reference: every letter's script counted, ties to the first name in sorted order."""
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            with contextlib.suppress(ValueError):  # (no name: not counted)
                counts[unicodedata.name(ch).split(" ")[0]] += 1
    if not counts:
        return "Common"
    return max(sorted(counts), key=counts.__getitem__).title()


LETTERS = st.sampled_from(list("abcXYZ éçñ 1,.-") + list("жЖоя") + list("αβΩ") + ["ß", "ʼ"])


@given(st.text(LETTERS, max_size=30))
def test_script_is_the_counted_one(text):
    assert script_of(text) == counted(text)


def test_a_few_letters_of_another_script_do_not_outvote_latin():
    assert script_of("Kassym Жомарт") == "Cyrillic"
    assert script_of("Kassym-Jomart Жо") == "Latin"
    assert script_of("naïve café") == "Latin"
