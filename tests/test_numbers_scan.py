"""The fast scans of extract/numbers.py find what the plain patterns find."""

from __future__ import annotations

import random
import re

import pytest

from transcheck.extract import numbers as N


def _reference_numeral(sep: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![^\W_])(?<![.,/])\d{{1,3}}(?:{sep}\d{{3}})+(?:[.,]\d+)?(?!\d)"
        rf"|(?<![^\W_])(?<![/])\d+(?:[.,]\d+)?"
    )


SENTENCES = [
    "On 3 March 2024, 3,800 people (12.5%) paid $4.2 million; 1.234.567 or 1 234 567 votes.",
    "Le 1er mai à 13 h 30, 2019/20, v2.3.1, ISO-9001, 9h, 23:59, 24:00, 7:5, 10.30 Uhr.",
    "x9 9x _9 9_ ٣٤ ²3 -5 °C, −3,2 %, 5/6, .5, ,5, 1'000'000, 12’345, 12\u202f345\u00a0€",
    "Meeting at 9 a.m. and 10:30pm, 7 P.M., 12am; 0:00; 1:60; 3 h 15; 3h15; 13.00 Uhr.",
]


def _fuzz(alphabet: str, count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(count)]


@pytest.mark.parametrize(
    ("fast", "sep"), [(N._NUMERAL_STRICT, N._SEP_STRICT), (N._NUMERAL_SPACE, N._SEP_SPACE)]
)
def test_numerals_as_the_plain_pattern(fast, sep) -> None:
    reference = _reference_numeral(sep)
    texts = SENTENCES + _fuzz("0123456789 ,.'’/-aZé_٣²\u00a0\u202f\u2009", 5000, 1)
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [
            m.span() for m in reference.finditer(text)
        ], text


@pytest.mark.parametrize("pattern", [N._TIME, N._TIME_EN])
def test_times_as_finditer(pattern) -> None:
    texts = SENTENCES + _fuzz("0123456789 ,.:hHuUrRaApPmM\u00a0/-_é٣", 5000, 2)
    found = 0
    for text in texts:
        got = [(m.span(), m.groupdict()) for m in N._times(pattern, text)]
        assert got == [(m.span(), m.groupdict()) for m in pattern.finditer(text)], text
        found += len(got)
    assert found > 20
