"""Numbers: locale-aware separators, kinds, scale words, written-out numbers, qualifiers."""

from __future__ import annotations

import pytest

from transcheck.extract import find_numbers, parse_number


def nums(text: str, lang: str | None) -> list[tuple[str, float, str, str | None]]:
    found = find_numbers(text, lang)
    for n in found:
        assert text[n.start : n.end] == n.text
    return [(n.text, n.value, n.kind, n.qualifier) for n in found]


@pytest.mark.parametrize(
    ("raw", "lang", "value"),
    [
        ("3,800", "en", 3800),
        ("3.8", "en", 3.8),
        ("3.800", "en", 3.8),  # a dot is a decimal mark in English
        ("3,800,000", "en", 3_800_000),
        ("3,800.5", "en", 3800.5),
        ("3.800", "es", 3800),
        ("3,8", "es", 3.8),
        ("3,800", "es", 3800),  # ambiguous: three digits after the mark -> thousands
        ("3.800.000", "es", 3_800_000),
        ("3.800,5", "es", 3800.5),
        ("3,80", "es", 3.8),
        ("0,125", "es", 0.125),
        ("3 800", "fr", 3800),
        ("3\u00a0800", "fr", 3800),
        ("3\u202f800", "fr", 3800),
        ("3\u00a0800", "en", 3800),
        ("3,5", "fr", 3.5),
        ("3.800", "de", 3800),
        ("3,5", "de", 3.5),
        ("3'800", "de", 3800),
        ("3.800", "pt", 3800),
        ("3,5", "it", 3.5),
        ("3800", "en", 3800),
        ("3.800", None, 3800),
        ("12,5", None, 12.5),
        ("3.8 million", "en", 3_800_000),
        ("3,8 millones", "es", 3_800_000),
        ("3,8 millions", "fr", 3_800_000),
        ("3,8 milhões", "pt", 3_800_000),
        ("2,5 miliardi", "it", 2_500_000_000),
        ("4 mil", "es", 4000),
        ("2.5bn", "en", 2_500_000_000),
        ("twelve", "en", 12),
        ("twenty-five", "en", 25),
        ("two hundred", "en", 200),
        ("three thousand five hundred", "en", 3500),
        ("a dozen", "en", 12),
        ("a million", "en", 1_000_000),
        ("dos mil", "es", 2000),
        ("treinta y dos", "es", 32),
        ("tres millones", "es", 3_000_000),
        ("deux mille", "fr", 2000),
        ("quatre-vingt-dix", "fr", 90),
        ("trois millions", "fr", 3_000_000),
        ("duas mil", "pt", 2000),
        ("not a number", "en", None),
        ("", "en", None),
    ],
)
def test_parse_number(raw: str, lang: str | None, value: float | None) -> None:
    assert parse_number(raw, lang) == value


def test_english_sentence() -> None:
    text = "More than 3,800 people, about 3.5% of them, arrived in 2019-21; the 1st at 20:30."
    assert nums(text, "en") == [
        ("3,800", 3800, "count", "over"),
        ("3.5", 3.5, "percent", "approx"),
        ("2019", 2019, "year", None),
        ("21", 2021, "year", None),
        ("1st", 1, "ordinal", None),
        ("20:30", 20.5, "time", None),
    ]


def test_spanish_sentence() -> None:
    text = "Más de 3.800 personas, el 12 por ciento, quedó 2.º a las 20 h 30; unos 3,8 millones."
    assert nums(text, "es") == [
        ("3.800", 3800, "count", "over"),
        ("12", 12, "percent", None),
        ("2.º", 2, "ordinal", None),
        ("20 h 30", 20.5, "time", None),
        ("3,8 millones", 3_800_000, "count", "approx"),
    ]


def test_french_sentence() -> None:
    text = "Plus de 3 800 personnes, soit 12,5 % ou 12 pour cent, le 1er mai à 20h30, près de deux mille."
    assert nums(text, "fr") == [
        ("3 800", 3800, "count", "over"),
        ("12,5", 12.5, "percent", None),
        ("12", 12, "percent", None),
        ("1", 1, "count", None),  # a day of the month: "1er mai" = "May 1"
        ("20h30", 20.5, "time", None),
        ("deux mille", 2000, "count", "approx"),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "qualifier"),
    [
        ("at least 40 boats", "en", "over"),
        ("nearly 40 boats", "en", "approx"),
        ("fewer than 40 boats", "en", "under"),
        ("more than $40 million", "en", "over"),
        ("al menos 40 barcos", "es", "over"),
        ("alrededor de 40 barcos", "es", "approx"),
        ("menos de 40 barcos", "es", "under"),
        ("environ 40 bateaux", "fr", "approx"),
        ("moins de 40 bateaux", "fr", "under"),
        ("mais de 40 barcos", "pt", "over"),
        ("cerca de 40 barcos", "pt", "approx"),
        ("più di 40 barche", "it", "over"),
        ("mehr als 40 Boote", "de", "over"),
        ("40 boats", "en", None),
    ],
)
def test_qualifiers(text: str, lang: str, qualifier: str | None) -> None:
    (mention,) = find_numbers(text, lang)
    assert mention.value in (40, 40_000_000)
    assert mention.qualifier == qualifier


def test_percent_forms() -> None:
    for text, lang in [
        ("12%", "en"),
        ("12 %", "fr"),
        ("12\u00a0%", "fr"),
        ("12 percent", "en"),
        ("12 per cent", "en"),
        ("twelve percent", "en"),
        ("12 por cento", "pt"),
        ("12 Prozent", "de"),
    ]:
        (m,) = find_numbers(text, lang)
        assert (m.value, m.kind) == (12, "percent"), text


def test_years_and_ranges() -> None:
    assert nums("In 1999 and 2024, not 2500.", "en") == [
        ("1999", 1999, "year", None),
        ("2024", 2024, "year", None),
        ("2500", 2500, "count", None),
    ]
    assert nums("From 2019–2021.", "en") == [
        ("2019", 2019, "year", None),
        ("2021", 2021, "year", None),
    ]
    assert [(n.value, n.kind) for n in find_numbers("2,000 people and 2000 people", "en")] == [
        (2000, "count"),
        (2000, "year"),
    ]


def test_times() -> None:
    assert [(n.text, n.value) for n in find_numbers("At 8:15 pm, 9 a.m. and 23:45.", "en")] == [
        ("8:15 pm", 20.25),
        ("9 a.m.", 9),
        ("23:45", 23.75),
    ]


def test_identifiers_dates_and_versions_are_not_numbers() -> None:
    assert find_numbers("COVID-19 hit the A320 fleet, v1.2.3, on 3/4/2020.", "en") == []


def test_written_numbers_are_not_confused_with_percent_or_scale_words() -> None:
    assert nums("Millions of people and 12 por ciento.", "es") == [("12", 12, "percent", None)]
    assert nums("Millions of people came.", "en") == []


def test_plain_space_groups_thousands_only_where_usual() -> None:
    assert [n.value for n in find_numbers("On 15 300 boats", "en")] == [15, 300]
    assert [n.value for n in find_numbers("Sur 15 300 bateaux", "fr")] == [15300]


def test_inflected_scale_and_percent_words() -> None:
    assert nums("по сравнению с 1,7 миллионами и 34 процентами", "ru") == [
        ("1,7 миллионами", 1_700_000, "count", None),
        ("34", 34, "percent", None),
    ]
    assert nums("142 миллион жазылушы, 34 пайыз", "kk") == [
        ("142 миллион", 142_000_000, "count", None),
        ("34", 34, "percent", None),
    ]
    assert parse_number("пять", "ru") == 5
    assert parse_number("тридцать два", "ru") == 32


def test_multiword_scales() -> None:
    assert parse_number("tres mil millones", "es") == 3_000_000_000
    assert parse_number("3 mil millones", "es") == 3_000_000_000
    assert parse_number("un millón", "es") == 1_000_000


def test_lone_one_is_not_a_figure_but_one_percent_is() -> None:
    assert nums("One of them said one thing.", "en") == []
    assert nums("Uno de ellos habló del uno por ciento.", "es") == [("uno", 1, "percent", None)]


def test_hyphenated_number_prefix() -> None:
    assert nums("The five-time champion, a twenty-five-year-old.", "en") == [
        ("five", 5, "count", None),
        ("twenty-five", 25, "count", None),
    ]


def test_hour_words_and_german_ordinals() -> None:
    assert [(n.text, n.value, n.kind) for n in find_numbers("bis 13.00 Uhr und 9 Uhr", "de")] == [
        ("13.00 Uhr", 13, "time"),
        ("9 Uhr", 9, "time"),
    ]
    assert [(n.text, n.kind) for n in find_numbers("à 13 h précises", "fr")] == [("13 h", "time")]
    assert [(n.text, n.value, n.kind) for n in find_numbers("im 19. Jahrhundert", "de")] == [
        ("19.", 19, "ordinal")
    ]
    assert [(n.text, n.kind) for n in find_numbers("Er war 19. Dann ging er.", "de")] == [
        ("19", "count")
    ]


def test_range_shares_percent() -> None:
    assert [(n.value, n.kind) for n in find_numbers("between 30 and 43 percent", "en")] == [
        (30, "percent"),
        (43, "percent"),
    ]
    assert [(n.value, n.kind) for n in find_numbers("zwischen 30 und 43 Prozent", "de")] == [
        (30, "percent"),
        (43, "percent"),
    ]


def test_cyrillic_ordinals_and_articles_in_ranges() -> None:
    assert [(n.text, n.kind) for n in find_numbers("конфликт 19-го века", "ru")] == [
        ("19-го", "ordinal")
    ]
    assert [(n.value, n.kind) for n in find_numbers("entre el 30 y el 43 %", "es")] == [
        (30, "percent"),
        (43, "percent"),
    ]


def test_negative_numbers_but_not_range_dashes() -> None:
    assert nums("It fell to -5 and then −3.5%.", "en") == [
        ("-5", -5, "count", None),
        ("−3.5", -3.5, "percent", None),
    ]
    assert [n.value for n in find_numbers("from 10 - 15 and 10-15", "en")] == [10, 15, 10, 15]


def test_day_of_month_is_a_count_in_every_language() -> None:
    for text, lang in [
        ("on March 3rd", "en"),
        ("on the 3rd of March", "en"),
        ("on March 3", "en"),
        ("el 3 de marzo", "es"),
        ("le 3 mars", "fr"),
        ("am 3. März", "de"),
    ]:
        assert [(n.text, n.value, n.kind) for n in find_numbers(text, lang)][0][1:] == (
            3,
            "count",
        ), text
    assert [(n.text, n.kind) for n in find_numbers("le 1er mai", "fr")] == [("1", "count")]
    assert [(n.text, n.kind) for n in find_numbers("am 3. März", "de")] == [("3", "count")]
    assert [(n.text, n.kind) for n in find_numbers("the 3rd time", "en")] == [("3rd", "ordinal")]


def test_season_years_with_slash_but_not_dates() -> None:
    assert nums("the 2019/20 season", "en") == [
        ("2019", 2019, "year", None),
        ("20", 2020, "year", None),
    ]
    assert nums("on 3/4/2020 and 2019/2020/2021", "en") == []


def money(text: str, lang: str) -> list[tuple[str, float, str]]:
    return [(n.text, n.value, n.kind) for n in find_numbers(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("It cost $3.8 million.", "en", [("3.8 million", 3_800_000, "money:USD")]),
        ("Fees of US$ 40 and C$5.", "en", [("40", 40, "money:USD"), ("5", 5, "money:CAD")]),
        ("A bill of £12 and €7.50.", "en", [("12", 12, "money:GBP"), ("7.50", 7.5, "money:EUR")]),
        (
            "It raised 5 billion yen, 2 million rupees and 300 roubles.",
            "en",
            [
                ("5 billion", 5e9, "money:JPY"),
                ("2 million", 2e6, "money:INR"),
                ("300", 300, "money:RUB"),
            ],
        ),
        ("three million dollars", "en", [("three million", 3e6, "money:USD")]),
        ("USD 5 million, 7 EUR", "en", [("5 million", 5e6, "money:USD"), ("7", 7, "money:EUR")]),
        ("paid in 2000 euros", "en", [("2000", 2000, "money:EUR")]),
        ("10 Canadian dollars", "en", [("10", 10, "money:CAD")]),
        ("20 pesos", "en", [("20", 20, "money")]),
        (
            "3,8 millones de dólares y 40 euros, 12 libras",
            "es",
            [
                ("3,8 millones", 3_800_000, "money:USD"),
                ("40", 40, "money:EUR"),
                ("12", 12, "money:GBP"),
            ],
        ),
        (
            "3,8 millions d'euros, 40 €, 3,8 M€ et 10 dollars canadiens",
            "fr",
            [
                ("3,8 millions", 3_800_000, "money:EUR"),
                ("40", 40, "money:EUR"),
                ("3,8 M", 3_800_000, "money:EUR"),
                ("10", 10, "money:CAD"),
            ],
        ),
        ("12 livres sterling", "fr", [("12", 12, "money:GBP")]),
        (
            "3,8 milhões de reais, 40 dólares e R$ 12,5",
            "pt",
            [
                ("3,8 milhões", 3_800_000, "money:BRL"),
                ("40", 40, "money:USD"),
                ("12,5", 12.5, "money:BRL"),
            ],
        ),
        (
            "3,8 milioni di euro, 40 dollari e 12 sterline",
            "it",
            [
                ("3,8 milioni", 3_800_000, "money:EUR"),
                ("40", 40, "money:USD"),
                ("12", 12, "money:GBP"),
            ],
        ),
    ],
)
def test_currency_amounts(text: str, lang: str, expected: list[tuple[str, float, str]]) -> None:
    assert money(text, lang) == expected


def test_currency_ranges_weights_and_plain_numbers() -> None:
    assert money("30 to 40 million dollars", "en") == [
        ("30", 30, "money:USD"),
        ("40 million", 40e6, "money:USD"),
    ]
    assert money("$30-40 million", "en") == [
        ("30", 30, "money:USD"),
        ("40 million", 40e6, "money:USD"),
    ]
    # Pounds of something are a weight; a number before other words is no money.
    assert money("ten pounds of rice and 40 boats", "en") == [
        ("ten", 10, "count"),
        ("40", 40, "count"),
    ]
    assert money("diez libras de arroz", "es") == [("diez", 10, "count")]
    assert money("un contrato de 100 millones de €", "es") == [("100 millones", 100e6, "money:EUR")]
    # Paying $40 then counting 40 people: the currency does not spread over "and".
    assert money("paid $30 and 40 people came", "en") == [
        ("30", 30, "money:USD"),
        ("40", 40, "count"),
    ]
    # A money qualifier still reads through the currency sign.
    (m,) = find_numbers("more than US$ 40 million", "en")
    assert (m.value, m.kind, m.qualifier) == (40e6, "money:USD", "over")
