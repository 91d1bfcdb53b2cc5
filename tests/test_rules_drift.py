"""name-variant, place-variant, quote-drift, number-mismatch on hand-built contexts."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rulekit import make_ctx, make_doc, run_rule

# ---------------------------------------------------------------- quotes


def _order_docs(wordings):
    docs = []
    for i, (lang, sentence, quote, pivot) in enumerate(wordings):
        docs.append(
            make_doc(
                f"d{i}",
                lang,
                sentence,
                quotes=[(quote, "Halvorsen")],
                pivot={quote: pivot[0], sentence.rstrip(): pivot[1]} if pivot else None,
            )
        )
    return docs


def test_quote_drift_found_across_languages():
    en = "The governor said she had told the guards to seal the gates until the water recedes."
    docs = _order_docs(
        [
            ("en", en, "seal the gates until the water recedes", None),
            (
                "en",
                "Governor Halvorsen said she had ordered the guards to seal the gates until the water recedes.",
                "seal the gates until the water recedes",
                None,
            ),
            (
                "es",
                "La gobernadora dijo que había ordenado a los guardias abrir las compuertas de inmediato.",
                "abrir las compuertas de inmediato",
                (
                    "open the floodgates immediately",
                    "The governor said that she had ordered to the guards open the floodgates immediately.",
                ),
            ),
            (
                "fr",
                "La gouverneure a dit avoir ordonné aux gardes d'ouvrir les vannes immédiatement.",
                "ouvrir les vannes immédiatement",
                (
                    "open the sluices immediately",
                    "The governor said to have ordered to the guards to open the sluices immediately.",
                ),
            ),
        ]
    )
    findings = run_rule(make_ctx(*docs), "quote-drift")
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "warning"
    readings = dict(f.evidence)["readings"]
    assert "seal the gates until the water recedes" in [r["text"] for r in readings]
    # the message names readings by their documents, never a back-translation in quotes
    assert "(2 docs vs 2 docs)" in f.message
    assert "'open the floodgates" not in f.message
    assert {o.doc for o in f.occurrences} == {"d0", "d1", "d2", "d3"}
    es = next(o for o in f.occurrences if o.doc == "d2")
    assert es.pivot_text == "open the floodgates immediately"
    assert es.text == "abrir las compuertas de inmediato"


def test_partial_quote_is_not_drift():
    a = make_doc(
        "a",
        "en",
        'He said the plan would "protect every family in the valley from the flood".',
        quotes=[("protect every family in the valley from the flood", "Okafor")],
    )
    b = make_doc(
        "b",
        "en",
        'The plan would "protect every family in the valley", he said.',
        quotes=[("protect every family in the valley", "Okafor")],
    )
    assert run_rule(make_ctx(a, b), "quote-drift") == []


def test_faithful_back_translation_noise_is_not_a_warning():
    a = make_doc(
        "a",
        "en",
        'She said: "We will rebuild the bridge before winter".',
        quotes=[("We will rebuild the bridge before winter", "Lind")],
    )
    b = make_doc(
        "b",
        "es",
        "Dijo: «Reconstruiremos el puente antes del invierno».",
        quotes=[("Reconstruiremos el puente antes del invierno", "Lind")],
        pivot={
            "Reconstruiremos el puente antes del invierno": "We will reconstruct the bridge before the winter"
        },
    )
    findings = run_rule(make_ctx(a, b), "quote-drift")
    assert all(f.severity == "info" for f in findings)


def test_same_language_wording_change_is_a_warning():
    a = make_doc(
        "a",
        "en",
        'The minister said the army would "restore order within days".',
        quotes=[("restore order within days", "Berg")],
    )
    b = make_doc(
        "b",
        "en",
        'The minister said the army would "restore order within weeks".',
        quotes=[("restore order within weeks", "Berg")],
    )
    findings = run_rule(make_ctx(a, b), "quote-drift")
    assert [f.severity for f in findings] == ["warning"]
    assert findings[0].key.startswith("q:restore-order")


def test_unrelated_quotes_are_not_grouped():
    a = make_doc(
        "a",
        "en",
        'The mayor said "the schools will reopen on Monday".',
        quotes=[("the schools will reopen on Monday", "Ruiz")],
    )
    b = make_doc(
        "b",
        "en",
        'A farmer said "we lost every animal we had".',
        quotes=[("we lost every animal we had", "Pereira")],
    )
    ctx = make_ctx(a, b)
    assert ctx.alignment.quote_clusters == []


# ---------------------------------------------------------------- names


def test_name_variant_same_language_is_warning():
    a = make_doc(
        "a",
        "en",
        "Interior minister Yevgeny Strelnikov visited the dam.",
        names=["Yevgeny Strelnikov"],
    )
    b = make_doc(
        "b",
        "en",
        "Interior minister Yevgeni Strelnikov visited the dam.",
        names=["Yevgeni Strelnikov"],
    )
    c = make_doc("c", "en", "Yevgeny Strelnikov spoke later.", names=["Yevgeny Strelnikov"])
    findings = run_rule(make_ctx(a, b, c), "name-variant")
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "'Yevgeny Strelnikov' (2 docs)" in findings[0].message
    assert "'Yevgeni Strelnikov' (1 doc)" in findings[0].message


def test_people_sharing_a_surname_are_not_variants():
    a = make_doc("a", "en", "Marta Okonkwo led the rescue.", names=["Marta Okonkwo"])
    b = make_doc("b", "en", "Samuel Okonkwo led the inquiry.", names=["Samuel Okonkwo"])
    assert run_rule(make_ctx(a, b), "name-variant") == []


def test_cross_language_transliteration_is_info_and_diacritics_silent():
    a = make_doc("a", "en", "Minister Tokayev spoke.", names=["Tokayev"])
    b = make_doc("b", "fr", "Le ministre Tokaïev a parlé.", names=["Tokaïev"])
    c = make_doc("c", "es", "El ministro Tokáyev habló.", names=["Tokáyev"])
    findings = run_rule(make_ctx(a, b, c), "name-variant")
    assert findings
    assert all(f.severity == "info" for f in findings)
    forms = findings[0].evidence[0][1]
    assert "Tokaïev" in forms
    assert "Tokayev" in forms


def test_different_scripts_are_not_compared():
    a = make_doc("a", "en", "Minister Petrova spoke.", names=["Petrova"])
    b = make_doc("b", "ru", "Министр Петрова выступила.", names=["Петрова"])
    assert run_rule(make_ctx(a, b), "name-variant") == []


def test_renamed_place_linked_by_corpus():
    a = make_doc(
        "a",
        "en",
        "Floods hit Port Aldren, formerly Aldrensk, on Monday.",
        names=["Port Aldren", "Aldrensk"],
    )
    b = make_doc("b", "en", "Floods hit Aldrensk on Monday.", names=["Aldrensk"])
    c = make_doc("c", "en", "Rescuers reached Port Aldren.", names=["Port Aldren"])
    findings = run_rule(make_ctx(a, b, c), "place-variant")
    assert len(findings) == 1
    assert "former name of 'Port Aldren'" in findings[0].message
    assert "b" in findings[0].message.split("use 'Aldrensk':")[1]


def test_place_spelling_variant_is_place_variant_not_name_variant():
    a = make_doc(
        "a", "en", "The storm hit hardest in Kristiansund on Monday.", names=["Kristiansund"]
    )
    b = make_doc(
        "b", "en", "The storm hit hardest in Kristiansand on Monday.", names=["Kristiansand"]
    )
    ctx = make_ctx(a, b)
    assert run_rule(ctx, "name-variant") == []
    assert len(run_rule(ctx, "place-variant")) == 1


# ---------------------------------------------------------------- numbers


def test_number_mismatch_across_languages():
    a = make_doc(
        "a",
        "en",
        "Officials said 1,240 residents were evacuated from the valley overnight.",
        numbers=[("1,240", 1240, None)],
    )
    b = make_doc(
        "b",
        "es",
        "Las autoridades dijeron que 1.420 vecinos fueron evacuados del valle durante la noche.",
        numbers=[("1.420", 1420, None)],
        pivot={
            "Las autoridades dijeron que 1.420 vecinos fueron evacuados del valle durante la noche.": "The authorities said that 1.420 residents were evacuated of the valley during the night."
        },
    )
    findings = run_rule(make_ctx(a, b), "number-mismatch")
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "warning"
    assert "1,240" in f.message
    assert "1,420" in f.message


def test_hedged_number_is_info():
    a = make_doc(
        "a",
        "en",
        "Officials said more than 1,000 residents were evacuated from the valley.",
        numbers=[("1,000", 1000, "over")],
    )
    b = make_doc(
        "b",
        "en",
        "Officials said 1,240 residents were evacuated from the valley.",
        numbers=[("1,240", 1240, None)],
    )
    findings = run_rule(make_ctx(a, b), "number-mismatch")
    assert [f.severity for f in findings] == ["info"]


def test_numbers_about_different_places_are_not_compared():
    a = make_doc(
        "a",
        "en",
        "In Velmora 12 people died in the flood, officials said.",
        names=["Velmora"],
        numbers=[("12", 12, None)],
    )
    b = make_doc(
        "b",
        "en",
        "In Ostrava 30 people died in the flood, officials said.",
        names=["Ostrava"],
        numbers=[("30", 30, None)],
    )
    assert run_rule(make_ctx(a, b), "number-mismatch") == []


def test_same_values_are_quiet():
    a = make_doc(
        "a",
        "en",
        "Officials said 1,240 residents were evacuated from the valley.",
        numbers=[("1,240", 1240, None)],
    )
    b = make_doc(
        "b",
        "en",
        "Officials said that 1240 residents were evacuated from the valley.",
        numbers=[("1240", 1240, None)],
    )
    assert run_rule(make_ctx(a, b), "number-mismatch") == []


def test_glossary_alias_names_the_canonical_place(tmp_path):
    from transcheck.glossary import load_glossaries

    gfile = tmp_path / "g.yaml"
    gfile.write_text(
        "version: 1\nentries:\n"
        "  - id: port-aldren\n    type: place\n    canonical: {en: Port Aldren, es: Port Aldren}\n"
        "    aliases:\n      - form: Aldrensk\n        until: 1994\n        note: renamed in 1994\n",
        encoding="utf-8",
    )
    glossary, errors = load_glossaries([gfile])
    assert errors == []
    a = make_doc("a", "en", "Floods hit Port Aldren on Monday.", names=["Port Aldren"])
    b = make_doc("b", "es", "Las inundaciones llegaron a Aldrensk el lunes.", names=["Aldrensk"])
    c = make_doc(
        "c", "en", "Port Aldren, formerly Aldrensk, is a port.", names=["Port Aldren", "Aldrensk"]
    )
    ctx = make_ctx(a, b, c, glossary=glossary)
    findings = run_rule(ctx, "place-variant")
    alias = [f for f in findings if f.glossary is not None]
    assert len(alias) == 1
    f = alias[0]
    assert "'Port Aldren'" in f.message
    assert "Aldrensk" in f.message
    assert "since 1994" in f.message
    assert f.glossary.entry == "port-aldren"
    # the explanatory use next to the canonical name in c is not a drift
    assert {o.doc for o in f.occurrences if o.text == "Aldrensk"} == {"b"}


def test_antonym_drift_found_despite_partial_quotes_bridging():
    full = "Keep the floodgates closed until the river falls, and do not let anyone back into the old town"
    first = "Keep the floodgates closed until the river falls"
    second = "do not let anyone back into the old town"
    drifted_es = "Mantengan abiertas las compuertas hasta que baje el río y no dejen volver a nadie al casco antiguo"
    drifted_pivot = "Keep open the floodgates until the river falls and do not let return anybody to the old town"
    docs = [
        make_doc("a", "en", f'The governor said: "{full}."', quotes=[(full, "Lind")]),
        make_doc("b", "en", f'"{first}," the governor said.', quotes=[(first, "Lind")]),
        make_doc("c", "en", f'The governor added: "{second}."', quotes=[(second, "Lind")]),
        make_doc(
            "d",
            "es",
            f"La gobernadora dijo: «{drifted_es}».",
            quotes=[(drifted_es, "Lind")],
            pivot={drifted_es: drifted_pivot},
        ),
    ]
    findings = run_rule(make_ctx(*docs), "quote-drift")
    assert len(findings) == 1, findings
    f = findings[0]
    assert "closed → open" in f.message
    readings = dict(f.evidence)["readings"]
    assert [r["docs"] for r in readings] == [["a", "b", "c"], ["d"]]


def test_negation_flip_is_drift():
    a = make_doc(
        "a",
        "en",
        'The mayor said "the water is safe to drink" on Friday.',
        quotes=[("the water is safe to drink", "Ruiz")],
    )
    b = make_doc(
        "b",
        "es",
        "El alcalde dijo que «el agua no es potable» el viernes.",
        quotes=[("el agua no es potable", "Ruiz")],
        pivot={"el agua no es potable": "the water is not safe to drink"},
    )
    findings = run_rule(make_ctx(a, b), "quote-drift")
    assert len(findings) == 1
    assert "negation added" in findings[0].message


def test_number_inside_quote_is_drift():
    a = make_doc(
        "a",
        "en",
        'She said "we evacuated 1,240 people before dawn".',
        quotes=[("we evacuated 1,240 people before dawn", "Lind")],
    )
    b = make_doc(
        "b",
        "en",
        'She said "we evacuated 1,420 people before dawn".',
        quotes=[("we evacuated 1,420 people before dawn", "Lind")],
    )
    findings = run_rule(make_ctx(a, b), "quote-drift")
    assert len(findings) == 1
    assert "1240 → 1420" in findings[0].message


def test_figures_of_different_magnitude_are_different_facts():
    a = make_doc(
        "a",
        "en",
        "The company runs the 64 metre dam near the reservoir of the state.",
        numbers=[("64", 64, None)],
    )
    b = make_doc(
        "b",
        "en",
        "The company said the reservoir of the state dam held 38000000 metres of water.",
        numbers=[("38000000", 38_000_000, None)],
    )
    assert run_rule(make_ctx(a, b), "number-mismatch") == []


def test_unit_conversion_is_not_a_mismatch():
    a = make_doc(
        "a",
        "en",
        "Forecasters said temperatures reached 80 degrees in the capital on Sunday.",
        numbers=[("80", 80, None)],
    )
    b = make_doc(
        "b",
        "es",
        "Los meteorólogos dijeron que las temperaturas llegaron a 27 grados en la capital el domingo.",
        numbers=[("27", 27, None)],
        pivot={
            "Los meteorólogos dijeron que las temperaturas llegaron a 27 grados en la capital el domingo.": "Forecasters said that temperatures reached 27 degrees in the capital on Sunday."
        },
    )
    findings = run_rule(make_ctx(a, b), "number-mismatch")
    assert [f.severity for f in findings] == ["info"]
    assert "unit conversion" in findings[0].message


def test_transliteration_variants_are_linked_but_inflections_are_not():
    from transcheck.align import tokens_similar

    assert tokens_similar("kassym", "qasym")
    assert tokens_similar("yevgeny", "evgeni")
    assert tokens_similar("christopher", "kristoffer")
    assert not tokens_similar("velesia", "velesian")
    a = make_doc("a", "ru", "Министр Югославия выступил.", names=["Югославия"])
    b = make_doc("b", "ru", "Президент Югославии выступил.", names=["Югославии"])
    assert run_rule(make_ctx(a, b), "name-variant") == []


def test_given_name_spelled_two_ways_next_to_the_same_surname():
    a = make_doc(
        "a", "en", "The woman, named as Kathryn Mayorga, spoke.", names=["Kathryn Mayorga"]
    )
    b = make_doc(
        "b", "en", "The woman, named as Katherine Mayorga, spoke.", names=["Katherine Mayorga"]
    )
    (finding,) = run_rule(make_ctx(a, b), "name-variant")
    assert finding.severity == "warning"
    assert "'Katherine Mayorga'" in finding.message
    assert "'Kathryn Mayorga'" in finding.message


def test_a_failing_rule_costs_its_findings_not_the_report(tmp_path, monkeypatch):
    from transcheck.audit import AuditOptions, audit
    from transcheck.rules.numbers import NumberMismatch

    def boom(self, ctx):
        raise RuntimeError("bug")

    monkeypatch.setattr(NumberMismatch, "check", boom)
    (tmp_path / "a.txt").write_text("Officials said 1,240 residents were evacuated.\n")
    result = audit([tmp_path], AuditOptions(engine="none", discover_glossaries=False))
    assert [d.id for d in result.documents] == ["a"]
    assert any(n.code == "stage-failed" and "number-mismatch" in n.message for n in result.notices)


def test_time_unit_swapped_in_a_back_translation_is_drift():
    a = make_doc(
        "a",
        "en",
        'The minister said the army would "restore order within days".',
        quotes=[("restore order within days", "Berg")],
    )
    b = make_doc(
        "b",
        "es",
        "El ministro dijo que el ejército «restablecerá el orden en semanas».",
        quotes=[("restablecerá el orden en semanas", "Berg")],
        pivot={"restablecerá el orden en semanas": "will restore the order within weeks"},
    )
    (finding,) = run_rule(make_ctx(a, b), "quote-drift")
    assert "days → weeks" in finding.message
    assert finding.severity == "warning"


def test_similar_names_in_unrelated_stories_are_not_variants():
    a = make_doc(
        "a",
        "en",
        "Floods reached Belona, where mayor Ruth Okafor spoke.",
        names=["Belona", "Ruth Okafor"],
    )
    b = make_doc(
        "b",
        "en",
        "A fire reached Melona, where mayor Dan Price spoke.",
        names=["Melona", "Dan Price"],
    )
    ctx = make_ctx(a, b)
    assert run_rule(ctx, "place-variant") == []
    assert run_rule(ctx, "name-variant") == []


def test_figures_of_unrelated_stories_do_not_chain():
    docs = [
        make_doc(
            f"d{i}",
            "en",
            f"The storm hit {town} early on Monday, and by noon {n} farmers had been moved to safety.",
            names=[town],
            numbers=[(str(n), n, None)],
        )
        for i, (town, n) in enumerate([("Roshaven", 3592), ("Landale", 3501), ("Belstead", 1159)])
    ]
    assert run_rule(make_ctx(*docs), "number-mismatch") == []


def test_counts_on_different_dates_or_with_all_figures_different_are_different_facts():
    a = make_doc(
        "a",
        "en",
        "Officials said 3,704 farmers were still without power on 23 December.",
        numbers=[("3,704", 3704, None)],
    )
    b = make_doc(
        "b",
        "en",
        "Officials said 2,174 farmers were still without power on 5 January.",
        numbers=[("2,174", 2174, None)],
    )
    assert run_rule(make_ctx(a, b), "number-mismatch") == []
    c = make_doc(
        "c",
        "en",
        "Volunteers handed out 92,446 meals and 258 blankets in two days.",
        numbers=[("92,446", 92446, None), ("258", 258, None)],
    )
    d = make_doc(
        "d",
        "en",
        "Volunteers handed out 53,717 meals and 373 blankets in two days.",
        numbers=[("53,717", 53717, None), ("373", 373, None)],
    )
    assert run_rule(make_ctx(c, d), "number-mismatch") == []
    e = make_doc(
        "e",
        "en",
        "Volunteers handed out 92,446 meals and 373 blankets in two days.",
        numbers=[("92,446", 92446, None), ("373", 373, None)],
    )
    (finding,) = run_rule(make_ctx(c, e), "number-mismatch")  # one figure of two changed
    assert "258" in finding.message
    assert "373" in finding.message


def test_chrf_equals_sacrebleu():
    """The alignment's chrF works on cached n-grams; its numbers must be sacrebleu's."""
    from sacrebleu.metrics import CHRF

    from transcheck.align import chrf

    reference = CHRF()
    pairs = [
        ("fire without warning", "shoot to kill"),
        ("Keep the floodgates closed until the water goes down", "They maintain closed the gates"),
        ("The structure is holding", "The structure holds"),
        ("a", "b"),
        ("3,800 arrests", "3.700 detenidos"),
    ]
    for a, b in pairs:
        expected = (
            reference.sentence_score(a, [b]).score + reference.sentence_score(b, [a]).score
        ) / 2
        assert abs(chrf(a, b) - expected) < 1e-9


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcé 12,.", max_size=30), st.text(alphabet="abcé 12,.", max_size=30))
def test_chrf_equals_sacrebleu_on_any_text(a, b):
    """Matches counted once for both directions: still sacrebleu's number, in either order."""
    from sacrebleu.metrics import CHRF

    from transcheck.align import chrf

    reference = CHRF()
    expected = (
        (reference.sentence_score(a, [b]).score + reference.sentence_score(b, [a]).score) / 2
        if a and b
        else 0.0
    )
    assert abs(chrf(a, b) - expected) < 1e-9
    assert chrf(a, b) == chrf(b, a)
