"""Glossary loading, checking, matching, discovery and the API the pipeline uses."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcheck.glossary import (
    Glossary,
    check_files,
    find_glossary_files,
    load_glossaries,
    load_glossary_text,
)
from transcheck.languages import iso639_1_codes

GOOD = """\
version: 1
entries:
  - id: mayor-name
    type: person
    canonical:
      en: Anneliese Varga-Mbeki
      es: Anneliese Varga-Mbeki
    allowed:
      en: [Varga-Mbeki, Mayor Varga-Mbeki]
      "*": [A. Varga-Mbeki]
    forbidden:
      - form: Varga Mbecki
        reason: misspelling of the surname
        severity: error
    note: the mayor since 2021
  - id: port-aldren
    type: place
    canonical: {en: Port Aldren, es: Puerto Aldren}
    aliases:
      - form: Aldrensk
        until: 1994
        note: renamed Port Aldren in 1994
  - id: almaty
    type: place
    canonical: {en: Almaty}
    forbidden: [{form: Alma-Ata, reason: old name, severity: warning}]
  - id: evacuation-order
    type: quote
    source: {lang: en, text: "leave your homes before nightfall"}
    approved:
      es: ["abandonen sus casas antes del anochecer"]
      fr: ["quittez vos maisons avant la tombée de la nuit"]
    forbidden:
      - form: "leave your homes immediately"
        reason: the order gave until nightfall, not immediately
      - form: "re:\\\\babandon(en)? (sus )?casas inmediatamente\\\\b"
        reason: same error in Spanish
        lang: es
"""


def good() -> Glossary:
    glossary, problems = load_glossary_text(GOOD, "good.yaml")
    assert problems == []
    return glossary


def test_iso_table_has_the_184_codes():
    codes = iso639_1_codes()
    assert len(codes) >= 184
    assert {"en", "kk", "zh", "he", "bh"} <= codes
    assert "xx" not in codes


def test_loads_entries_with_positions():
    g = good()
    assert [e.id for e in g.entries] == ["mayor-name", "port-aldren", "almaty", "evacuation-order"]
    mayor = g.entry("mayor-name")
    assert (mayor.line, mayor.column) == (3, 9)
    forbidden = mayor.forbidden[0]
    assert (forbidden.line, forbidden.column, forbidden.reason) == (
        12,
        15,
        "misspelling of the surname",
    )
    assert g.entry("evacuation-order").forbidden[1].regex


def test_errors_keep_the_valid_entries(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\n"
        "entries:\n"
        "  - id: ok-one\n"
        "    type: place\n"
        "    canonical: {en: Tarvik}\n"
        "  - id: broken\n"
        "    type: planet\n"
        "    canonical: {en: Zorg}\n"
        "  - type: person\n"
        "    canonical: {en: No Id}\n"
        "  - id: ok-two\n"
        "    type: person\n"
        "    canonical: {en: Ilse Brandvold, xx: Ilse}\n"
        "    forbidden: [{form: 're:(unclosed', reason: x}, {form: Ilse Brandvald}]\n",
        encoding="utf-8",
    )
    glossary, errors = load_glossaries([bad])
    assert [e.id for e in glossary.entries] == ["ok-one", "ok-two"]
    assert all(e.path == str(bad) for e in errors)
    messages = [e.error for e in errors]
    assert any(m.startswith("7:11: bad type 'planet'") for m in messages), messages
    assert any(m.startswith("9:5: entry has no 'id'") for m in messages), messages
    assert any(m.startswith("13:37: unknown language code 'xx'") for m in messages), messages
    assert any(m.startswith("14:24: invalid regular expression") for m in messages), messages
    # the bad regex is dropped, the good forbidden form of the same entry is kept
    assert [f.text for f in glossary.entry("ok-two").forbidden] == ["Ilse Brandvald"]


def test_yaml_syntax_error_has_the_parser_position(tmp_path):
    bad = tmp_path / "syntax.yaml"
    bad.write_text("version: 1\nentries:\n  - id: a\n    type: [place\n", encoding="utf-8")
    glossary, errors = load_glossaries([bad])
    assert glossary.entries == []
    assert len(errors) == 1
    assert "YAML syntax error" in errors[0].error
    line = int(errors[0].error.split(":")[0])
    assert line in (4, 5)


def test_unquoted_star_gets_a_hint(tmp_path):
    bad = tmp_path / "star.yaml"
    bad.write_text(
        "entries:\n  - id: a\n    type: place\n    allowed:\n      *: [X]\n", encoding="utf-8"
    )
    _, errors = load_glossaries([bad])
    assert len(errors) == 1
    assert 'write "*" in quotes' in errors[0].error


def test_missing_file_is_an_error_not_a_crash(tmp_path):
    glossary, errors = load_glossaries([tmp_path / "nope.yaml"])
    assert glossary.entries == []
    assert "cannot read" in errors[0].error


def test_merges_files_and_reports_duplicate_ids_across_files(tmp_path):
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text("entries:\n  - id: x\n    type: place\n    canonical: {en: Tarvik}\n")
    b.write_text(
        "entries:\n  - id: y\n    type: place\n    canonical: {en: Osterholm}\n"
        "  - id: x\n    type: place\n    canonical: {en: Tarvikk}\n"
    )
    glossary, problems = check_files([a, b])
    assert [e.id for e in glossary.entries] == ["x", "y"]
    assert glossary.files == [str(a), str(b)]
    assert [str(p) for p in problems] == [
        f"{b}:5:9: duplicate id 'x' (first defined at {a}:2); entry ignored"
    ]


# ---------------------------------------------------------------- matching


def test_case_and_diacritic_insensitive_whole_word():
    g = good()
    text = "ANNELIESE VARGA-MBÉKI visited Almatyville, then Almaty."
    hits = g.scan(text, "en")
    assert [(h.text, h.kind, h.entry_id) for h in hits] == [
        ("ANNELIESE VARGA-MBÉKI", "canonical", "mayor-name"),
        ("Almaty", "canonical", "almaty"),
    ]
    assert text[hits[1].start : hits[1].end] == "Almaty"
    assert hits[1].start == text.rindex("Almaty")


def test_offsets_survive_decomposed_accents_and_line_breaks():
    g = good()
    text = "Elle a dit : « quittez vos maisons avant la tombe\u0301e\nde la nuit »."
    hits = g.scan(text, "fr")
    assert len(hits) == 1
    assert hits[0].kind == "canonical"
    assert (
        text[hits[0].start : hits[0].end] == "quittez vos maisons avant la tombe\u0301e\nde la nuit"
    )


def test_longest_form_wins_and_language_filter():
    g = good()
    hits = g.scan("Mayor Varga-Mbeki spoke.", "en")
    assert [(h.text, h.kind) for h in hits] == [("Mayor Varga-Mbeki", "allowed")]
    # the English-only allowed form does not apply to Spanish text, the "*" one does
    assert g.scan("Varga-Mbeki habló.", "es") == []
    assert [h.text for h in g.scan("A. Varga-Mbeki habló.", "es")] == ["A. Varga-Mbeki"]
    # an entry without a Spanish canonical form is still found by its fallback form
    assert [h.entry_id for h in g.scan("Llegó a Almaty.", "es")] == ["almaty"]


def test_regex_forms_are_opt_in_and_language_bound():
    g = good()
    es = "Dijo: «Abandonen sus casas inmediatamente»."
    hits = g.scan(es, "es")
    assert [(h.text, h.kind) for h in hits] == [("Abandonen sus casas inmediatamente", "forbidden")]
    assert g.scan(es, "fr") == []  # lang: es
    # a literal form with regex characters is matched literally
    lit, _ = load_glossary_text(
        "entries:\n  - id: a\n    type: term\n    canonical: {en: 'C++ (v2)'}\n"
    )
    assert [h.text for h in lit.scan("We use C++ (v2) here; C++ v2 is not it.", "en")] == [
        "C++ (v2)"
    ]


def test_match_options_case_sensitive():
    g, problems = load_glossary_text(
        "entries:\n  - id: turkey\n    type: place\n    canonical: {en: Turkey}\n"
        "    match: {case: true}\n"
    )
    assert problems == []
    assert [h.text for h in g.scan("Turkey, not turkey.", "en")] == ["Turkey"]


def test_lookup_tells_entry_kind_and_canonical():
    g = good()
    m = g.lookup("varga-mbeki", "en")
    assert (m.entry_id, m.type, m.kind, m.canonical) == (
        "mayor-name",
        "person",
        "allowed",
        "Anneliese Varga-Mbeki",
    )
    m = g.lookup("ALMA-ATA", "kk")
    assert (m.kind, m.canonical, m.reason, m.severity) == (
        "forbidden",
        "Almaty",
        "old name",
        "warning",
    )
    assert g.lookup("Puerto Aldren", "es").canonical == "Puerto Aldren"
    assert g.lookup("Puerto Aldren", "es").entry.canonical_for("en") == "Port Aldren"
    assert g.lookup("Varga", "en") is None  # only whole strings


def test_protected_terms_and_protection_map():
    g = good()
    es = g.protected_terms("es")
    assert "Puerto Aldren" in es
    assert "Almaty" in es
    assert "A. Varga-Mbeki" in es
    assert "Port Aldren" not in es
    assert "Varga Mbecki" not in es
    assert not any("casas" in t for t in es)  # quotations are not protected
    mapping = g.protection_map("es", "en")
    assert mapping["Puerto Aldren"] == "Port Aldren"
    assert mapping["Aldrensk"] == "Aldrensk"
    assert mapping["Anneliese Varga-Mbeki"] == "Anneliese Varga-Mbeki"


def test_to_dict_round_trips_through_the_loader():
    g = good()
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    YAML().dump(g.to_dict(), buf)
    again, problems = load_glossary_text(buf.getvalue(), "good.yaml")
    assert problems == []
    assert [e.to_dict() for e in again.entries] == [e.to_dict() for e in g.entries]


# ---------------------------------------------------------------- JSON schema


def _schema() -> dict:
    path = Path(__file__).resolve().parent.parent / "transcheck/schemas/glossary.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _yaml_data(text: str):
    from ruamel.yaml import YAML

    return json.loads(json.dumps(YAML(typ="safe").load(text)))


def test_schema_accepts_the_good_file_and_rejects_bad_ones():
    import jsonschema

    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(_yaml_data(GOOD))) == []
    for bad in (
        "entries:\n  - id: a\n    type: planet\n    canonical: {en: X}\n",
        "entries:\n  - id: a\n    type: place\n    canonicl: {en: X}\n",
        "entries:\n  - id: a\n    type: place\n    forbidden: [{form: X, severity: fatal}]\n",
        "entries:\n  - type: place\n    canonical: {en: X}\n",
        "entries:\n  - id: a\n    type: place\n    canonical: {english: X}\n",
    ):
        assert list(validator.iter_errors(_yaml_data(bad))), bad


# ---------------------------------------------------------------- discovery


def test_discovery_order(tmp_path, monkeypatch):
    corpus = tmp_path / "news" / "corpus"
    corpus.mkdir(parents=True)
    beside = tmp_path / "news" / "glossaries"
    beside.mkdir()
    inside = corpus / "glossaries"
    inside.mkdir()
    (beside / "b.yaml").write_text("entries: []\n")
    (beside / "a.yml").write_text("entries: []\n")
    (beside / "notes.txt").write_text("not a glossary\n")
    (inside / "c.yaml").write_text("entries: []\n")
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)

    found = find_glossary_files([corpus])
    assert found == [beside / "a.yml", beside / "b.yaml", inside / "c.yaml"]
    # a file inside the corpus folder is a corpus too; its folder is searched the same way
    assert find_glossary_files([corpus, corpus / "x.txt"]) == found
    assert find_glossary_files([corpus], discover=False) == []

    (workdir / "pyproject.toml").write_text(
        '[tool.transcheck]\nglossaries = ["team/names.yaml", "team/*.yml"]\n'
    )
    (workdir / "team").mkdir()
    (workdir / "team" / "q.yml").write_text("entries: []\n")
    assert find_glossary_files([corpus]) == [Path("team/names.yaml"), workdir / "team" / "q.yml"]

    explicit = tmp_path / "mine.yaml"
    assert find_glossary_files([corpus], [explicit, explicit]) == [explicit]
    assert find_glossary_files([corpus], [explicit], discover=False) == [explicit]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() + str(p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_audit_never_writes_to_glossary_files(tmp_path, monkeypatch):
    from transcheck.audit import AuditOptions, audit

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Mayor Varga Mbecki said people should leave your homes immediately.\n"
    )
    glossaries = tmp_path / "glossaries"
    glossaries.mkdir()
    (glossaries / "names.yaml").write_text(GOOD, encoding="utf-8")
    os.chmod(glossaries / "names.yaml", 0o444)
    monkeypatch.chdir(tmp_path)
    before = _digest(glossaries)
    result = audit([corpus], AuditOptions(engine="none", use_cache=False))
    assert _digest(glossaries) == before
    assert sorted(os.listdir(glossaries)) == ["names.yaml"]
    assert result.glossary_files == [str(glossaries / "names.yaml")]
    assert any(f.rule == "glossary-forbidden" for f in result.findings)


@pytest.mark.parametrize("code", ["en", "es", "zh"])
def test_language_keys_accept_iso_codes(code):
    g, problems = load_glossary_text(
        f"entries:\n  - id: a\n    type: term\n    canonical: {{{code}: Widget}}\n"
    )
    assert problems == []
    assert g.entries[0].canonical == {code: "Widget"}


def test_shorthands():
    g, problems = load_glossary_text(
        "entries:\n"
        "  - id: sorna\n    type: organization\n    canonical: Sorna Hydro\n"
        "    forbidden: [Sorna Hidro]\n    aliases: [Sorna Power]\n"
    )
    assert problems == []
    entry = g.entries[0]
    assert entry.canonical == {"*": "Sorna Hydro"}
    assert [(f.kind, f.text) for f in entry.forms] == [
        ("canonical", "Sorna Hydro"),
        ("forbidden", "Sorna Hidro"),
        ("alias", "Sorna Power"),
    ]
    assert g.lookup("sorna hydro", "fi").kind == "canonical"


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.sampled_from(["en", "*", "xx", "re:(", "re:a+", "", "Tarvik", "error", "place", "quote"]),
    st.text(max_size=8),
)
_keys = st.sampled_from(
    [
        "id",
        "type",
        "canonical",
        "allowed",
        "forbidden",
        "aliases",
        "approved",
        "source",
        "match",
        "note",
        "form",
        "lang",
        "until",
        "since",
        "severity",
        "reason",
        "case",
        "entries",
        "version",
        "text",
        "en",
        "*",
        "zz",
    ]
)
_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(_trees, max_size=4), top=st.dictionaries(_keys, _trees, max_size=2))
def test_any_yaml_tree_gives_problems_never_an_exception(entries, top):
    from transcheck.glossary.output import dump_yaml

    text = dump_yaml({**top, "entries": entries})
    glossary, problems = load_glossary_text(text, "fuzz.yaml")
    assert all(p.path == "fuzz.yaml" and p.message for p in problems)
    if not problems:  # what lint accepts, the shipped schema accepts too
        import jsonschema

        jsonschema.validate(_yaml_data(text), _schema())
    for entry in glossary.entries:
        glossary.scan("Tarvik en zz Tarvik", None)
        glossary.lookup("Tarvik", "en")
        glossary.protection_map("en", "es")
        assert entry.id


def test_forbidden_pattern_matching_an_accepted_form_is_a_problem():
    _, problems = load_glossary_text(
        "entries:\n  - id: t\n    type: place\n    canonical: {en: Tessavo}\n"
        "    forbidden: [{form: 're:tess?avo'}]\n",
        "g.yaml",
    )
    assert [str(p) for p in problems] == [
        "g.yaml:5:24: forbidden pattern 're:tess?avo' of entry 't' matches 'Tessavo', "
        "a canonical form of entry 't'"
    ]


def test_shipped_demo_glossary_lints_clean_and_fits_the_schema():
    import jsonschema

    demo = Path(__file__).resolve().parent.parent / "glossaries" / "demo.yaml"
    glossary, problems = check_files([demo])
    assert problems == [], [str(p) for p in problems]
    assert glossary.entries
    jsonschema.validate(_yaml_data(demo.read_text(encoding="utf-8")), _schema())


def test_yaml_1_2_scalars_and_duplicate_keys():
    g, problems = load_glossary_text(
        "entries:\n  - id: tromso\n    type: place\n    canonical: {no: Tromsø, en: Tromsø}\n"
        "    canonical: {en: Tromso}\n"
    )
    # "no" is Norwegian (YAML 1.2), not false; the second 'canonical' is reported and ignored
    assert g.entries[0].canonical == {"no": "Tromsø", "en": "Tromsø"}
    assert [str(p) for p in problems] == [
        "<glossary>:5:5: duplicate key 'canonical' (first at 4:5); the second is ignored"
    ]


def test_an_entry_with_a_bad_id_is_still_checked_and_aliases_are_not_expanded():
    _, problems = load_glossary_text(
        "entries:\n  - id: 5\n    type: place\n    canonical: {en: 1984}\n", "g.yaml"
    )
    assert [str(p) for p in problems] == [
        "g.yaml:2:9: 'id' must be text, not a number; write it in quotes",
        "g.yaml:4:21: canonical[en] of an entry must be text, not a number; write it in quotes",
    ]
    laughs = "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 12):
        laughs += f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    laughs += "entries: [{id: a, type: place, canonical: {en: X}, allowed: {en: *a11}}]\n"
    glossary, problems = load_glossary_text(laughs)  # 10^12 leaves if expanded
    assert [e.id for e in glossary.entries] == ["a"]
    assert any("must be text, not a list" in p.message for p in problems)


_langs = st.sampled_from(["en", "es", "fr", "*", "kk", "xx"])
_forms = st.sampled_from(
    ["Tarvik", "Port Aldren", "re:tar+vik", "re:(", "Ilse Brandvold", "", "Ålesund", "C++"]
)
_entry = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b", "c-1", "Bad Id"]),
        "type": st.sampled_from(["person", "place", "quote", "term", "planet"]),
    },
    optional={
        "canonical": st.dictionaries(_langs, _forms, max_size=3),
        "allowed": st.dictionaries(_langs, st.lists(_forms, max_size=2), max_size=2),
        "approved": st.dictionaries(_langs, st.lists(_forms, max_size=2), max_size=2),
        "source": st.fixed_dictionaries({"lang": _langs, "text": _forms}),
        "forbidden": st.lists(
            st.fixed_dictionaries(
                {"form": _forms},
                optional={
                    "severity": st.sampled_from(["error", "info", "fatal"]),
                    "lang": _langs,
                    "reason": st.just("because"),
                },
            ),
            max_size=2,
        ),
        "aliases": st.lists(
            st.fixed_dictionaries(
                {"form": _forms}, optional={"until": st.integers(-1, 2100), "note": st.just("n")}
            ),
            max_size=2,
        ),
        "match": st.fixed_dictionaries({}, optional={"case": st.booleans()}),
        "note": st.sampled_from(["note", ""]),
    },
)


@settings(max_examples=50, deadline=None)
@given(entries=st.lists(_entry, max_size=3))
def test_lint_and_schema_agree_on_single_entries(entries):
    """A file lint accepts fits the schema; one the schema rejects has lint problems."""
    import jsonschema

    from transcheck.glossary.output import dump_yaml

    text = dump_yaml({"version": 1, "entries": entries})
    _, problems = load_glossary_text(text, "g.yaml")
    schema_ok = jsonschema.Draft202012Validator(_schema()).is_valid(_yaml_data(text))
    if not problems:
        assert schema_ok, text
    if not schema_ok:
        assert problems, text


def test_quotations_ignore_punctuation_names_do_not():
    g, problems = load_glossary_text(
        "entries:\n"
        "  - id: order\n    type: quote\n"
        "    approved: {en: ['Keep the gates closed, and let nobody back']}\n"
        "  - id: mbeki\n    type: person\n    canonical: {en: Varga-Mbeki}\n"
        "    forbidden: [Varga Mbeki]\n"
        "  - id: strict\n    type: quote\n    approved: {en: ['stay, now']}\n"
        "    match: {punctuation: true}\n"
    )
    assert problems == []
    text = "She said: “Keep the gates closed and let nobody back.” Stay now."
    (hit,) = g.scan(text, "en")
    assert (hit.entry_id, hit.text) == ("order", "Keep the gates closed and let nobody back")
    assert [h.kind for h in g.scan("Varga Mbeki and Varga-Mbeki", "en")] == [
        "forbidden",
        "canonical",
    ]
    assert g.lookup("keep the gates closed; and let nobody back", "en").entry_id == "order"
    assert g.entry("strict").to_dict()["match"]["punctuation"] is True
