"""Which rendering a renderer marks as the reference (report/reference.py), for every way a
finding can name it: the report's own `reference`, a glossary canonical form, the majority of
figures, the source of an aligned pair; and none on a tie."""

from __future__ import annotations

import pytest

from transcheck.report.reference import Reference, reference_flags, reference_of


def occ(doc: str, text: str) -> dict:
    return {"doc": doc, "text": text, "line": 1}


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        (
            {"evidence": {"reference": {"by": "glossary", "form": "Yevgeny Barsukov"}}},
            Reference("glossary", forms=frozenset({"yevgeny barsukov"}), label="Yevgeny Barsukov"),
        ),
        (
            {"evidence": {"reference": {"docs": ["a", "b"], "text": "1,240"}}},
            Reference("majority", docs=frozenset({"a", "b"}), label="1,240"),
        ),
        (
            {"evidence": {"reference": {"by": "source", "docs": ["en"]}}},
            Reference("source", docs=frozenset({"en"}), label=""),
        ),
        (
            {"evidence": {"canonical": "Tessavo"}},
            Reference("glossary", forms=frozenset({"tessavo"}), label="Tessavo"),
        ),
        (
            {"evidence": {"values": {"1240": ["a", "b"], "1420": ["c"]}}},
            Reference("majority", docs=frozenset({"a", "b"}), label="1240"),
        ),
        (
            {
                "evidence": {"values": {"14500": ["en"], "14800": ["es"]}},
                "pair": {"source_doc": "en", "target_doc": "es"},
            },
            Reference("source", docs=frozenset({"en"}), label="14500"),
        ),
        (
            {"evidence": {}, "pair": {"source_doc": "en", "target_doc": "fr"}},
            Reference("source", docs=frozenset({"en"})),
        ),
        ({"evidence": {"values": {"1240": ["a"], "1420": ["b"]}}}, None),  # a tie
        ({"evidence": {"values": {"1240": ["a", "b"]}}}, None),  # one value only
        ({"evidence": "not a dict"}, None),
        ({}, None),
    ],
)
def test_reference_of(finding, expected):
    assert reference_of(finding) == expected


def test_reference_flags_mark_the_reference_renderings():
    by_docs = {
        "evidence": {"values": {"1240": ["a", "b"], "1420": ["c"]}},
        "occurrences": [occ("a", "1,240"), occ("c", "1.420"), occ("b", "1240")],
    }
    assert reference_flags(by_docs) == [True, False, True]
    by_form = {
        "evidence": {"canonical": "Tessavo"},
        "occurrences": [occ("a", "Novokirsk"), occ("b", "TESSAVO"), occ("c", "Tessavo")],
    }
    assert reference_flags(by_form) == [False, True, True]
    assert reference_flags({"occurrences": [occ("a", "x")]}) == [False]
    everything = {"evidence": {"canonical": "Tessavo"}, "occurrences": [occ("a", "Tessavo")]}
    assert reference_flags(everything) == [False]  # a reference must leave something to report
