"""Quotations: every mark style, apostrophe traps, nesting, unbalanced and continued quotes,
and speaker attribution in several languages."""

from __future__ import annotations

import pytest

from transcheck.extract import find_quotes


def spans(text: str, lang: str | None = "en") -> list[tuple[str, str, str]]:
    return [(q.text, q.open_mark, q.close_mark) for q in find_quotes(text, lang)]


def said(text: str, lang: str | None) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in find_quotes(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "inner", "open_mark", "close_mark"),
    [
        ("She wrote “the dam held” today.", "en", "the dam held", "“", "”"),
        ('She wrote "the dam held" today.', "en", "the dam held", '"', '"'),
        ("Elle a écrit « le barrage a tenu » hier.", "fr", "le barrage a tenu", "«", "»"),
        ("Elle a écrit «\u00a0le barrage a tenu\u00a0» hier.", "fr", "le barrage a tenu", "«", "»"),
        ("Elle a écrit «\u202fle barrage a tenu\u202f» hier.", "fr", "le barrage a tenu", "«", "»"),
        ("Sie schrieb „der Damm hielt“ gestern.", "de", "der Damm hielt", "„", "“"),
        ("Napisała „tama wytrzymała” wczoraj.", "pl", "tama wytrzymała", "„", "”"),
        ("Sie schrieb ‚der Damm hielt‘ gestern.", "de", "der Damm hielt", "‚", "‘"),
        ("Sie schrieb »der Damm hielt« gestern.", "de", "der Damm hielt", "»", "«"),
        ("彼は「ダムは持ちこたえた」と書いた。", "ja", "ダムは持ちこたえた", "「", "」"),
        ("彼は『ダム』と書いた。", "ja", "ダム", "『", "』"),
        ("She wrote ‘the dam held’ today.", "en", "the dam held", "‘", "’"),
        ("She wrote 'the dam held' today.", "en", "the dam held", "'", "'"),
        ("Il a écrit ‹ le barrage › hier.", "fr", "le barrage", "‹", "›"),
        ("Han skrev ”dammen höll” igår.", "sv", "dammen höll", "”", "”"),
    ],
)
def test_quote_styles(text: str, lang: str, inner: str, open_mark: str, close_mark: str) -> None:
    assert spans(text, lang) == [(inner, open_mark, close_mark)]
    q = find_quotes(text, lang)[0]
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "I don't think they'll come.",
        "Le ministre de l’État et l'Élysée s’opposent.",
        "O'Brien and D'Souza met at the players’ union in the 90s’ style.",
        "They played rock 'n' roll all night.",
        "It was the '90s and 'em folks liked it.",
        "Peter's and James’ cars.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert find_quotes(text, "en") == []


def test_apostrophe_inside_quote_does_not_close_it() -> None:
    assert spans("He said ‘we don’t know’ twice.") == [("we don’t know", "‘", "’")]
    assert spans("He said 'we don't know' twice.") == [("we don't know", "'", "'")]


def test_nested_quote_reports_outer_only() -> None:
    text = "He said “I told him ‘no’ twice” and left."
    assert spans(text) == [("I told him ‘no’ twice", "“", "”")]
    es = "Dijo «me contestó “no” dos veces» y se fue."
    assert spans(es, "es") == [("me contestó “no” dos veces", "«", "»")]


def test_unclosed_inner_quote_is_closed_by_outer_mark() -> None:
    assert spans("He said “I told him ‘no twice” and left.") == [("I told him ‘no twice", "“", "”")]


def test_unbalanced_quote_is_cut_at_paragraph() -> None:
    text = "She said “the gate is open\n\nNext paragraph with “a real quote” here."
    assert spans(text) == [("the gate is open", "“", ""), ("a real quote", "“", "”")]


def test_unbalanced_straight_quote_is_dropped() -> None:
    text = 'A stray " mark here.\n\nThen "a quote" later.'
    assert spans(text) == [("a quote", '"', '"')]


def test_multi_paragraph_quote_parts_share_speaker() -> None:
    text = (
        "“We will rebuild the bridge.\n\n"
        "“It will take two years,” said Mayor Lena Okafor.\n\n"
        "“Not again,” a resident said."
    )
    qs = find_quotes(text, "en")
    assert [(q.text, q.close_mark, q.speaker) for q in qs] == [
        ("We will rebuild the bridge.", "", "Lena Okafor"),
        ("It will take two years", "”", "Lena Okafor"),
        ("Not again", "”", "a resident"),
    ]


def test_spanish_continuation_with_closing_guillemet() -> None:
    text = "«Primero reconstruiremos el puente.\n\n»Después, la escuela», dijo Iker Salas."
    qs = find_quotes(text, "es")
    assert [(q.text, q.speaker) for q in qs] == [
        ("Primero reconstruiremos el puente.", "Iker Salas"),
        ("Después, la escuela", "Iker Salas"),
    ]


def test_very_long_unclosed_quote_is_not_kept() -> None:
    text = "He said “" + "word " * 2000
    assert find_quotes(text, "en") == []


def test_scare_quotes_kept_if_they_have_a_letter() -> None:
    assert spans('The so-called "reform" and "42" and "!".') == [("reform", '"', '"')]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ('"We will win," said Tessa Grant.', "en", [("We will win", "Tessa Grant")]),
        ('"We will win," Tessa Grant said.', "en", [("We will win", "Tessa Grant")]),
        ('Tessa Grant said: "We will win."', "en", [("We will win.", "Tessa Grant")]),
        ('Tessa Grant told reporters that "we will win".', "en", [("we will win", "Tessa Grant")]),
        (
            "“We will win,” the minister said. “And stay,” he added.",
            "en",
            [("We will win", "the minister"), ("And stay", "the minister")],
        ),
        (
            'According to Tessa Grant, "the river is safe".',
            "en",
            [("the river is safe", "Tessa Grant")],
        ),
        ('"No comment," he said.', "en", [("No comment", None)]),
        ("«Ganaremos», dijo Iker Salas.", "es", [("Ganaremos", "Iker Salas")]),
        (
            "«Ganaremos», dijo Iker Salas. «Y nos quedaremos», añadió.",
            "es",
            [("Ganaremos", "Iker Salas"), ("Y nos quedaremos", "Iker Salas")],
        ),
        (
            "La ministra Nuria Campos afirmó que “la presa resistirá”.",
            "es",
            [("la presa resistirá", "Nuria Campos")],
        ),
        (
            "Según Nuria Campos, “la presa resistirá”.",
            "es",
            [("la presa resistirá", "Nuria Campos")],
        ),
        (
            "“La presa resistirá”, ha dicho el alcalde.",
            "es",
            [("La presa resistirá", "el alcalde")],
        ),
        (
            "« Nous gagnerons », a déclaré Paul Lebrun. « Et nous resterons », a-t-il ajouté.",
            "fr",
            [("Nous gagnerons", "Paul Lebrun"), ("Et nous resterons", "Paul Lebrun")],
        ),
        ("Selon Claire Vidal, « la digue tiendra ».", "fr", [("la digue tiendra", "Claire Vidal")]),
        (
            "Claire Vidal a déclaré : « la digue tiendra ».",
            "fr",
            [("la digue tiendra", "Claire Vidal")],
        ),
        ('"Vamos vencer", disse Rui Faria.', "pt", [("Vamos vencer", "Rui Faria")]),
        ("«Vinceremo», ha detto Marco Bellini.", "it", [("Vinceremo", "Marco Bellini")]),
        ("„Wir schaffen das“, sagte Jana Vogel.", "de", [("Wir schaffen das", "Jana Vogel")]),
        ("«Мы победим», — сказал Олег Соколов.", "ru", [("Мы победим", "Олег Соколов")]),
    ],
)
def test_speaker_attribution(text: str, lang: str, expected: list[tuple[str, str | None]]) -> None:
    assert said(text, lang) == expected


def test_pronoun_carries_speaker_only_from_recent_paragraphs() -> None:
    text = (
        '"First," said Tessa Grant.\n\n"Second," she said.\n\nNo quote here.\n\n'
        "Other news.\n\n"
        '"Third," she said.'
    )
    assert said(text, "en") == [
        ("First", "Tessa Grant"),
        ("Second", "Tessa Grant"),
        ("Third", None),
    ]


def test_no_speaker_without_attribution() -> None:
    assert said("The sign read “closed for repairs” all week.", "en") == [
        ("closed for repairs", None)
    ]


def test_pronoun_chain_keeps_speaker_across_adjacent_paragraphs() -> None:
    text = '"One," said Tessa Grant.\n\n"Two," she said.\n\n"Three," she added.'
    assert said(text, "en") == [
        ("One", "Tessa Grant"),
        ("Two", "Tessa Grant"),
        ("Three", "Tessa Grant"),
    ]


def test_quote_continued_without_reopening_mark() -> None:
    text = "The motto reads: “The sea is ours,\n\nwe will return.” Everyone agreed."
    assert spans(text) == [("The sea is ours", "“", ""), ("we will return.", "“", "”")]
    fr = "Il a dit : « Nous partirons.\n\nNous reviendrons », a déclaré Paul Lebrun."
    assert said(fr, "fr") == [
        ("Nous partirons.", "Paul Lebrun"),
        ("Nous reviendrons", "Paul Lebrun"),
    ]


def test_new_opening_mark_in_next_paragraph_is_not_a_continuation() -> None:
    text = "He said “the gate\n\nLater, “a new quote” appeared."
    assert spans(text) == [("the gate", "“", ""), ("a new quote", "“", "”")]


def test_title_abbreviation_before_speaker_name() -> None:
    assert said("« C’est fini », m’a confié M. Henri Caron.", "fr") == [
        ("C’est fini", "Henri Caron")
    ]
    assert said("“Se acabó”, dijo la Sra. Nuria Campos.", "es") == [("Se acabó", "Nuria Campos")]


def test_german_so_and_russian_speech_verbs() -> None:
    assert said("„Wir sind enttäuscht“, so Jana Vogel.", "de") == [
        ("Wir sind enttäuscht", "Jana Vogel")
    ]
    assert said("„Wir bleiben“, so die Anwältin.", "de") == [("Wir bleiben", "die Anwältin")]
    assert said("«Дело сложное», — говорит Олег Соколов.", "ru") == [
        ("Дело сложное", "Олег Соколов")
    ]


def test_bare_institutional_subject_and_noun_phrase_with_preposition() -> None:
    assert said('"The dam will hold," officials said.', "en") == [
        ("The dam will hold", "officials")
    ]
    assert said('"The dam will hold," the report of the agency states.', "en") == [
        ("The dam will hold", "the report of the agency")
    ]


def test_no_speaker_from_a_later_clause_or_an_object() -> None:
    text = '"It was planned," officials said, describing how Tomas Berg acted.'
    assert said(text, "en") == [("It was planned", "officials")]
    assert said('He told her he was "very sorry" about it.', "en") == [("very sorry", None)]
    assert said('"Fine," said, after a pause, Tomas Berg.', "en") == [("Fine", None)]


def test_straight_quote_runs_on_through_paragraphs_without_marks() -> None:
    text = (
        '"They want to make their name by using mine.\n\n'
        "It's normal.\n\n"
        "They want to be famous, but it is part of the job.\n\n"
        'I am a happy man and all good," the striker added, smiling.'
    )
    assert [(q.text, q.close_mark, q.speaker) for q in find_quotes(text, "en")] == [
        ("They want to make their name by using mine.", "", "the striker"),
        ("It's normal.", "", "the striker"),
        ("They want to be famous, but it is part of the job.", "", "the striker"),
        ("I am a happy man and all good", '"', "the striker"),
    ]
    named = 'The coach was calm. "We lost.\n\nWe learn," Ada Brenn said.'
    assert said(named, "en") == [("We lost.", "Ada Brenn"), ("We learn", "Ada Brenn")]


def test_straight_run_on_needs_a_closing_paragraph_close_enough() -> None:
    # Never closed: dropped, as before.
    assert spans('"A stray start.\n\nMore text.\n\nEven more text.') == []
    # Closed too far away (more than MAX_SILENT_GAP paragraphs later): dropped.
    far = '"Start.\n\n' + "Filler line.\n\n" * 6 + 'End," she said.'
    assert spans(far) == []
    near = '"Start.\n\n' + "Filler line.\n\n" * 5 + 'End," she said.'
    assert len(spans(near)) == 7
    # A paragraph in between holding straight quotes breaks the run.
    broken = '"Start.\n\nShe called it "fine" then.\n\nEnd," she said.'
    assert spans(broken) == [("fine", '"', '"')]
    # The later paragraph opens a quotation instead of closing one: no run-on.
    reopen = '"Start.\n\nMiddle.\n\nThen "a new one" and "an open one.'
    assert spans(reopen) == [("a new one", '"', '"')]


def test_straight_quotes_reopened_each_paragraph_and_mixed_run_on() -> None:
    text = '"One.\n\n"Two.\n\n"Three," said Tessa Grant.'
    assert said(text, "en") == [
        ("One.", "Tessa Grant"),
        ("Two.", "Tessa Grant"),
        ("Three", "Tessa Grant"),
    ]
    mixed = '"One.\n\n"Two.\n\nThree.\n\nFour," said Tessa Grant.'
    assert [(q.text, q.close_mark) for q in find_quotes(mixed, "en")] == [
        ("One.", ""),
        ("Two.", ""),
        ("Three.", ""),
        ("Four", '"'),
    ]
