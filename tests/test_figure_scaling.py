"""A true finding must not disappear as the corpus grows: the same translation set copied
1, 16 and 64 times gives the same figure finding (document-frequency cap in pairing)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_pair_index import counted_pairs

from transcheck.align import numbers
from transcheck.align.common import candidate_pairs
from transcheck.cli import main

# Our own text: one fact (residents evacuated), two wordings, two figures.
FIRST = (
    "Rescue teams evacuated {n} residents from the flooded valley villages on Tuesday night, "
    "the regional emergency office said.\n\nThe river rose two metres after the storm.\n"
)
SECOND = (
    "Emergency office officials said on Tuesday night that rescue teams evacuated {n} "
    "residents from the flooded valley villages.\n\nThe storm pushed the river up by two "
    "metres.\n"
)


def _corpus(root: Path, copies: int) -> Path:
    for k in range(copies):
        folder = root / f"copy{k:03}"
        folder.mkdir(parents=True)
        (folder / "a.en.txt").write_text(FIRST.format(n="1,240"), encoding="utf-8")
        (folder / "b.en.txt").write_text(SECOND.format(n="1,240"), encoding="utf-8")
        (folder / "c.en.txt").write_text(FIRST.format(n="1,420"), encoding="utf-8")
        (folder / "d.en.txt").write_text(SECOND.format(n="1,420"), encoding="utf-8")
    return root


@pytest.mark.parametrize("copies", [1, 16, 64])
def test_copied_translation_sets_keep_their_figure_finding(tmp_path: Path, copies: int) -> None:
    corpus = _corpus(tmp_path / "corpus", copies)
    out = tmp_path / "report.json"
    args = ["audit", str(corpus), "--engine", "none", "--no-glossary-discovery", "-q"]
    assert main([*args, "-f", "json", "-o", str(out), "--fail-on", "never"]) == 0
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    numbers = [f for f in findings if f["rule"] == "number-mismatch"]
    assert [f["key"] for f in numbers] == ["n:resident:1240"]
    values = numbers[0]["evidence"]["values"]
    assert {k: len(v) for k, v in values.items()} == {"1,240": 2 * copies, "1,420": 2 * copies}


def test_identical_token_sets_count_once_for_the_cap() -> None:
    tokens = [["u:x", "c:a", "c:b", "c:c"]] * 300 + [["u:x", "c:a", "c:z", "c:y"]]
    pairs = set(candidate_pairs(tokens, min_shared=3, max_df=2))
    # every copy is linked (directly or through the first copy), none lost to the cap
    linked = {i for p in pairs for i in p}
    assert linked == set(range(300))
    assert all(a < b for a, b in pairs)
    # the odd one shares only two tokens: not a candidate
    assert not any(300 in p for p in pairs)


def test_items_count_once_only_when_their_copy_keys_agree() -> None:
    # one sentence pattern filled in by 300 stories: the same tokens, 300 different passages
    tokens = [["u:x", "c:a", "c:b", "c:c"]] * 300
    assert not list(candidate_pairs(tokens, min_shared=3, max_df=200, copies=list(range(300))))
    # the same passage copied 300 times: one item for the cap, every copy linked
    pairs = set(candidate_pairs(tokens, min_shared=3, max_df=200, copies=["same"] * 300))
    assert {i for p in pairs for i in p} == set(range(300))


# Our own text: a sentence pattern with nothing story-specific around the figure.
PATTERN = (
    "Officials said {n} people died in the region last year, a record.\n\n"
    "The inquiry into the floods in {town} opens in spring.\n"
)


def test_a_sentence_pattern_of_many_stories_is_no_copy(tmp_path: Path) -> None:
    """240 unrelated stories state their own death toll in one wording: their identical
    context words are common words (over the document-frequency cap), not one copied fact."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    heads = ["Bran", "Corr", "Dun", "Elm", "Fen", "Gar", "Hal", "Kel"]
    tails = ["ford", "wick", "stead", "holm", "bury", "dale", "mouth", "ton", "field", "haven"]
    towns = [f"{p} {h}{t}" for p in ("North", "South", "East") for h in heads for t in tails]
    for i, town in enumerate(towns):
        text = PATTERN.format(n=f"{300 + 7 * i:,}", town=town)
        (corpus / f"s{i:03}.en.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "report.json"
    args = ["audit", str(corpus), "--engine", "none", "--no-glossary-discovery", "-q"]
    assert main([*args, "-f", "json", "-o", str(out), "--fail-on", "never"]) == 0
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert not [f for f in findings if f["rule"] == "number-mismatch"]


@dataclass
class _Figure:  # what the figure pairing by context reads of an item
    unit: str | None
    ctx: frozenset[str]
    drop: str | None
    written: bytes
    doc: str = "d"


_figures = st.lists(
    st.builds(
        _Figure,
        unit=st.sampled_from([None, "en:people", "en:tonne", "*:percent"]),
        ctx=st.frozensets(st.sampled_from(["people", "tonne", "a", "b", "c", "d"]), max_size=5),
        drop=st.sampled_from([None, "people", "tonne"]),
        written=st.sampled_from([b"x", b"y"]),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_figures, st.integers(1, 4))
def test_figures_paired_unit_by_unit_are_the_pairs_of_one_pairing(figures, max_df) -> None:
    """The pairing per unit (one unit's index in memory at a time) finds every pair, and only
    the pairs, that one pairing of all the figures finds, document-frequency cap included."""
    with patch.object(numbers, "MAX_NUMBER_DF", max_df):
        got = numbers._unit_pairs(
            None,
            figures,
            None,
            lambda m: lambda x, y: (float(m[y] - m[x]),),
            [f.written for f in figures],
        )
    assert all(score == [float(j - i)] and i < j for *score, i, j in got)
    assert len(got) == len({(i, j) for *_, i, j in got})
    tokens = list(numbers._index_tokens(figures))
    whole = counted_pairs(tokens, 3, max_df, [f.written for f in figures])
    assert {(i, j) for *_, i, j in got} == whole
