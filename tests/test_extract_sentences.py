"""Sentence splitter: terminal punctuation, abbreviations, quotes with attribution, paragraphs."""

from __future__ import annotations

import pytest

from transcheck.extract import split_sentences


def texts(text: str, lang: str | None) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "The river rose. Villagers fled! Would it stop? Nobody knew…",
            "en",
            ["The river rose.", "Villagers fled!", "Would it stop?", "Nobody knew…"],
        ),
        (
            "Mr. Hale met Dr. Ortiz and St. John at 3.5 km from No. 5 Elm Road. They talked.",
            "en",
            ["Mr. Hale met Dr. Ortiz and St. John at 3.5 km from No. 5 Elm Road.", "They talked."],
        ),
        (
            "J. R. Marsh wrote it. It sold.",
            "en",
            ["J. R. Marsh wrote it.", "It sold."],
        ),
        (
            "Bring tools, e.g. hammers, i.e. heavy ones. Then go.",
            "en",
            ["Bring tools, e.g. hammers, i.e. heavy ones.", "Then go."],
        ),
        (
            "The firm was bought by Orbis Inc. The deal closed. Orbis Inc. said nothing.",
            "en",
            ["The firm was bought by Orbis Inc.", "The deal closed.", "Orbis Inc. said nothing."],
        ),
        (
            "La Sra. Rivas llegó tarde. El Sr. Mora no vino.",
            "es",
            ["La Sra. Rivas llegó tarde.", "El Sr. Mora no vino."],
        ),
        (
            "M. Lebrun et Mme. Caron sont arrivés. Ils sont partis.",
            "fr",
            ["M. Lebrun et Mme. Caron sont arrivés.", "Ils sont partis."],
        ),
        ("Am 3. März kam er an. Dann ging er.", "de", ["Am 3. März kam er an.", "Dann ging er."]),
        ("Он пришёл. Она ушла.", "ru", ["Он пришёл.", "Она ушла."]),
        ("川が増水した。村人は逃げた！", "ja", ["川が増水した。", "村人は逃げた！"]),
    ],
)
def test_splits(text: str, lang: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


def test_quote_with_attribution_is_one_sentence() -> None:
    text = '"I came. I saw," he said. Then he left.'
    assert texts(text, "en") == ['"I came. I saw," he said.', "Then he left."]


def test_terminal_inside_closing_quote_followed_by_attribution() -> None:
    text = '"We won!" Tessa Grant said. The crowd cheered.'
    assert texts(text, "en") == ['"We won!" Tessa Grant said.', "The crowd cheered."]


def test_terminal_inside_closing_quote_without_attribution_splits() -> None:
    text = 'He told us "the bridge is closed." The crowd left.'
    assert texts(text, "en") == ['He told us "the bridge is closed."', "The crowd left."]


def test_spanish_and_french_quote_attribution() -> None:
    es = "«No nos iremos. Nunca», dijo la alcaldesa. Después se fue."
    assert texts(es, "es") == ["«No nos iremos. Nunca», dijo la alcaldesa.", "Después se fue."]
    fr = "« Nous resterons. Toujours », a déclaré le maire. Puis il est parti."
    assert texts(fr, "fr") == [
        "« Nous resterons. Toujours », a déclaré le maire.",
        "Puis il est parti.",
    ]


def test_lowercase_after_period_does_not_split() -> None:
    assert texts("It costs approx. ten euros. Fine.", "en") == [
        "It costs approx. ten euros.",
        "Fine.",
    ]
    assert texts("He said no. but then agreed.", "en") == ["He said no. but then agreed."]


def test_paragraph_breaks_always_split() -> None:
    text = "A heading without a stop\n\nBody text starts here. Second one.\n \n\tLast"
    assert texts(text, "en") == [
        "A heading without a stop",
        "Body text starts here.",
        "Second one.",
        "Last",
    ]


def test_spans_exclude_whitespace_and_respect_range() -> None:
    text = "  One. Two.  \n\n  Three.  "
    sents = split_sentences(text, "en")
    assert [text[s.start : s.end] for s in sents] == ["One.", "Two.", "Three."]
    part = split_sentences(text, "en", start=15)
    assert [text[s.start : s.end] for s in part] == ["Three."]
    assert split_sentences(text, "en", start=0, end=6)[0].end == 6


def test_empty_and_whitespace() -> None:
    assert split_sentences("", "en") == []
    assert split_sentences(" \n\n \t", None) == []


def test_german_ordinal_dot_does_not_split() -> None:
    assert texts("Im 19. Jahrhundert war das so. Er war 19. Dann ging er.", "de") == [
        "Im 19. Jahrhundert war das so.",
        "Er war 19.",
        "Dann ging er.",
    ]


def test_crlf_and_unicode_paragraph_separator() -> None:
    assert texts("One line\r\n\r\nTwo line\u2029Three", "en") == ["One line", "Two line", "Three"]
