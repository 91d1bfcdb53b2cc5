"""Term protection: placeholders in, terms back out; real Apertium keeps placeholders."""

from __future__ import annotations

import shutil

import pytest
from conftest import require
from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck.mt.apertium import ApertiumEngine
from transcheck.mt.base import Pair
from transcheck.mt.protect import protect, restore, restore_lenient


def test_longest_term_first_whole_word_case_sensitive() -> None:
    text = "Villa Nueva y Villa Nueva del Río; Villanueva no; villa nueva tampoco."
    prot = protect(text, ["Villa Nueva", "Villa Nueva del Río"])
    assert prot.text == "ZZTC1Z y ZZTC2Z; Villanueva no; villa nueva tampoco."
    assert prot.restore_map == ("Villa Nueva", "Villa Nueva del Río")
    assert restore(prot.text, prot) == text


def test_terms_inside_words_are_not_protected() -> None:
    prot = protect("Anabel y Ana; Ana-María", ["Ana"])
    assert prot.text == "Anabel y ZZTC1Z; ZZTC2Z-María"


def test_restore_survives_case_and_spacing_changes() -> None:
    prot = protect("Vive en Puerto Claro con Ana Ruiz.", ["Puerto Claro", "Ana Ruiz"])
    assert restore("Lives in zztc1z with ZZTC 2Z.", prot) == "Lives in Puerto Claro with Ana Ruiz."
    assert restore("ZZTC2Z, ZzTc1Z", prot) == "Ana Ruiz, Puerto Claro"


@pytest.mark.parametrize(
    "broken",
    [
        "Lives in with ZZTC2Z.",  # lost
        "Lives in ZZTC1Z with ZZTC1Z.",  # duplicated, one missing
        "Lives in ZZTC1Z with ZZTC2Z and ZZTC3Z.",  # invented
    ],
)
def test_lost_or_invented_placeholder_is_reported(broken: str) -> None:
    prot = protect("Vive en Puerto Claro con Ana Ruiz.", ["Puerto Claro", "Ana Ruiz"])
    assert restore(broken, prot) is None


def test_lenient_restore_puts_back_what_survived() -> None:
    prot = protect("Vive en Puerto Claro con Ana Ruiz.", ["Puerto Claro", "Ana Ruiz"])
    assert restore_lenient("Lives in with zztc2z ZZTC9Z.", prot) == "Lives in with Ana Ruiz ZZTC9Z."


def test_capital_after_sentence_initial_placeholder_is_undone() -> None:
    prot = protect(
        "Ana Ruiz dijo que sí. Luego Ana Ruiz y Luis Gil salieron.", ["Ana Ruiz", "Luis Gil"]
    )
    assert prot.lower_next == (True, False, False)
    out = restore("ZZTC1Z Said yes. Then ZZTC2Z And ZZTC3Z Left.", prot)
    # only the word after the sentence-initial name is the engine's doing
    assert out == "Ana Ruiz said yes. Then Ana Ruiz And Luis Gil Left."
    named = protect("Ana Ruiz Gómez llegó.", ["Ana Ruiz"])
    assert named.lower_next == (False,)  # a capitalised word follows in the source
    assert restore("ZZTC1Z Gómez arrived.", named) == "Ana Ruiz Gómez arrived."


def test_mapping_restores_target_rendering() -> None:
    prot = protect("Llegó a Ciudad Alta.", {"Ciudad Alta": "High City"})
    assert restore("He arrived at ZZTC1Z.", prot) == "He arrived at High City."


def test_no_terms_or_placeholder_lookalike_leaves_text_alone() -> None:
    assert not protect("Nada que proteger.", []).changed
    assert not protect("Nada que proteger.", ["Ausente"]).changed
    odd = protect("El código ZZTC1Z aparece en Lima.", ["Lima"])
    assert not odd.changed
    assert odd.text == "El código ZZTC1Z aparece en Lima."
    assert restore("anything", odd) == "anything"


def test_numbering_is_deterministic() -> None:
    a = protect("Ana Ruiz habló con Luis Gil.", ["Luis Gil", "Ana Ruiz"])
    b = protect("Ana Ruiz habló con Luis Gil.", ["Ana Ruiz", "Luis Gil"])
    assert a == b


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="Ana Ruiz Lima-.,\n zy12", max_size=60),
    terms=st.lists(st.sampled_from(["Ana", "Ana Ruiz", "Lima", "Ruiz"]), max_size=3),
)
def test_round_trip_through_an_identity_engine(text: str, terms: list[str]) -> None:
    prot = protect(text, terms)
    assert restore(prot.text, prot) == text


# ---------------------------------------------------------------- real Apertium


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    require(shutil.which("apertium") is not None, "apertium")
    eng = ApertiumEngine()
    require(Pair("es", "en") in eng.pairs(), "apertium-eng-spa")
    return eng


def test_protection_keeps_a_name_apertium_would_translate(engine: ApertiumEngine) -> None:
    text = (
        "El alcalde de Nueva Casa Blanca, Rosa Campo, inauguró el puente. "
        "Rosa Campo dijo que el puente une los dos barrios."
    )
    terms = ["Nueva Casa Blanca", "Rosa Campo"]
    plain = engine.translate([text], Pair("es", "en"))[0]
    assert "Nueva Casa Blanca" not in plain  # Apertium turns it into "New White House"
    assert "White" in plain or "House" in plain
    prot = protect(text, terms)
    result = restore(engine.translate([prot.text], Pair("es", "en"))[0], prot)
    assert result is not None
    assert "Nueva Casa Blanca" in result
    assert "Rosa Campo" in result
    assert "mayor" in result.lower()
    assert "bridge" in result.lower()
    assert "Rosa Campo said" in result  # not "Rosa Campo Said"


@pytest.mark.slow
def test_every_installed_pair_copies_placeholders(engine: ApertiumEngine) -> None:
    """The placeholder form was chosen because every pair passes it through verbatim.

    Checked on every mode that leads towards English or Spanish (the pivot routes).
    """
    modes: dict[str, Pair] = {}
    for pair in engine.pairs():
        if pair.tgt in ("en", "es"):
            modes.setdefault(engine.mode_for(pair).name, pair)
    assert len(modes) >= 3
    text = "ZZTC1Z dijo que ZZTC2Z vive en ZZTC3Z desde 2019."
    for name, pair in sorted(modes.items()):
        out = engine.translate([text], pair)[0]
        for token in ("ZZTC1Z", "ZZTC2Z", "ZZTC3Z"):
            assert out.count(token) == 1, (name, out)
