"""`transcheck glossary …`: lint positions, show, TBX/CSV round trips, clear errors, suggest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.cli import main
from transcheck.glossary import check_files, load_glossary_text

BAD = """\
version: 1
entries:
  - id: harbour
    type: place
    canonicl: {en: Port Aldren}
  - type: person
    canonical: {en: Nobody}
  - id: mayor
    type: person
    canonical: {en: Ilse Brandvold, english: Ilse}
    forbidden:
      - form: "re:Brand(vold"
      - form: Brandvald
        severity: fatal
      - form: ilse brandvold
  - id: deputy
    type: persn
  - id: council
    type: organization
    canonical: {en: Tarvik Council}
    allowed: {"*": [Ilse Brandvold]}
"""

GOOD = """\
version: 1
settings: {variant_severity: warning}
entries:
  - id: mayor-name
    type: person
    canonical: {en: Ilse Brandvold, es: Ilse Brandvold}
    allowed:
      en: [Mayor Brandvold]
      "*": [I. Brandvold]
    forbidden:
      - {form: Ilse Brandvald, reason: misspelling, severity: warning}
      - {form: "re:\\\\bBrandvol\\\\b", reason: truncated, lang: en}
    note: mayor of Tarvik since 2019
  - id: tarvik
    type: place
    canonical: {en: Tarvik, fr: Tarvique}
    aliases:
      - {form: Old Tarvik, until: 1971, note: renamed in 1971}
      - {form: Tarvikstad, since: 1980, lang: es}
  - id: curfew-order
    type: quote
    source: {lang: en, text: stay indoors after dark}
    approved:
      es: [quédense en casa al anochecer, permanezcan en casa de noche]
    allowed: {fr: [restez chez vous la nuit]}
    forbidden:
      - {form: stay indoors forever, reason: invented}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_prints_each_problem_at_its_line_and_column(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "bad.yaml", BAD)
    _write(
        tmp_path,
        "other.yaml",
        "entries:\n  - id: mayor\n    type: person\n    canonical: {en: X}\n",
    )
    _write(
        tmp_path, "syntax.yaml", 'entries:\n  - id: a\n    type: place\n    canonical: {en: "T}\n'
    )
    code = main(["glossary", "lint", "bad.yaml", "other.yaml", "syntax.yaml"])
    out = capsys.readouterr()
    assert code == 1
    # ('harbour' lists no rendering because of its misspelt key: one problem, not two)
    assert out.out.splitlines() == [
        "bad.yaml:5:5: unknown key 'canonicl' in entry 'harbour' (did you mean 'canonical'?)",
        "bad.yaml:6:5: entry has no 'id'; entry ignored",
        "bad.yaml:10:37: unknown language code 'english' in 'canonical' of entry 'mayor': "
        'expected an ISO 639-1 code or "*" (any language)',
        "bad.yaml:12:15: invalid regular expression in forbidden form of entry 'mayor': "
        "missing ), unterminated subpattern at position 5",
        "bad.yaml:14:19: bad severity 'fatal': expected one of error, warning, info",
        "bad.yaml:15:15: forbidden form 'ilse brandvold' of entry 'mayor' is also a canonical "
        "form of entry 'mayor' (bad.yaml:10)",
        "bad.yaml:17:11: bad type 'persn' in entry 'deputy': expected one of person, place, "
        "organization, term, quote (did you mean 'person'?); entry ignored",
        "bad.yaml:21:21: 'Ilse Brandvold' is claimed by two entries: allowed of 'council' and "
        "canonical of 'mayor' (bad.yaml:10)",
        "other.yaml:2:9: duplicate id 'mayor' (first defined at bad.yaml:8); entry ignored",
        "syntax.yaml:5:1: YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar that starts at 4:21)",
    ]
    assert "Traceback" not in out.err
    assert "10 problems in 3 of 3 file(s)" in out.err


def test_lint_good_file_exits_0(tmp_path, capsys):
    good = _write(tmp_path, "good.yaml", GOOD)
    assert main(["glossary", "lint", str(good)]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert "ok: 3 entries" in out.err


def test_lint_a_folder(tmp_path, capsys):
    _write(tmp_path, "good.yaml", GOOD)
    _write(tmp_path, "notes.txt", "not yaml: [")
    assert main(["glossary", "lint", str(tmp_path)]) == 0
    assert "ok: 3 entries in 1 file(s)" in capsys.readouterr().err
    (tmp_path / "good.yaml").unlink()
    assert main(["glossary", "lint", str(tmp_path)]) == 1
    assert "no glossary files" in capsys.readouterr().err


def test_lint_missing_file_is_one_line(tmp_path, capsys):
    assert main(["glossary", "lint", str(tmp_path / "nope.yaml")]) == 1
    out = capsys.readouterr()
    assert out.out.strip() == f"{tmp_path / 'nope.yaml'}: cannot read: No such file or directory"


def test_show_yaml_and_json(tmp_path, capsys):
    good = _write(tmp_path, "good.yaml", GOOD)
    assert main(["glossary", "show", str(good)]) == 0
    text = capsys.readouterr().out
    assert f"# from {good}:4" in text
    again, problems = load_glossary_text(text)
    assert problems == []
    assert [e.id for e in again.entries] == [
        "mayor-name",
        "tarvik",
        "curfew-order",
    ]
    assert again.settings == {"variant_severity": "warning"}
    assert main(["glossary", "show", str(good), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entries"][1]["canonical"] == {"en": "Tarvik", "fr": "Tarvique"}
    assert data["entries"][1]["file"] == str(good)


def test_show_without_files_uses_the_local_glossaries_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["glossary", "show"]) == 2
    assert "no glossary files given" in capsys.readouterr().err
    (tmp_path / "glossaries").mkdir()
    _write(tmp_path / "glossaries", "g.yaml", GOOD)
    assert main(["glossary", "show", "-f", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["entries"]) == 3


def _entries(path: Path) -> list[dict]:
    glossary, problems = check_files([path])
    assert problems == [], problems
    return [e.to_dict() for e in glossary.entries]


def _sorted_forms(entries: list[dict]) -> list[dict]:
    for e in entries:
        for key in ("forbidden", "aliases"):
            if key in e:
                e[key] = sorted(e[key], key=lambda item: item["form"])
    return entries


def test_tbx_round_trip(tmp_path, capsys):
    good = _write(tmp_path, "good.yaml", GOOD)
    tbx = tmp_path / "g.tbx"
    assert main(["glossary", "export", str(good), "--format", "tbx", "-o", str(tbx)]) == 0
    import xml.etree.ElementTree as ET

    root = ET.parse(tbx).getroot()
    assert root.tag == "martif"
    assert root.get("type") == "TBX-Basic"
    # another tool reads it: Translate Toolkit's TBX store sees one unit per entry
    from translate.storage import tbx as tt_tbx

    store = tt_tbx.tbxfile.parsestring(tbx.read_bytes())
    assert [(u.getid(), u.source) for u in store.units] == [
        ("mayor-name", "Ilse Brandvold"),
        ("tarvik", "Tarvik"),
        ("curfew-order", "stay indoors after dark"),
    ]
    # YAML -> TBX -> YAML keeps everything TBX carries
    one = tmp_path / "one.yaml"
    assert main(["glossary", "import", str(tbx), "-o", str(one)]) == 0
    # (TBX groups forms by language, so lists of forms may come back in another order)
    assert _sorted_forms(_entries(one)) == _sorted_forms(_entries(good))
    # import -> export -> import is lossless
    tbx2 = tmp_path / "two.tbx"
    two = tmp_path / "two.yaml"
    assert main(["glossary", "export", str(one), "-f", "tbx", "-o", str(tbx2)]) == 0
    assert main(["glossary", "import", str(tbx2), "-o", str(two)]) == 0
    # same YAML apart from the "# Imported from <file>" header line
    assert (
        one.read_text(encoding="utf-8").split("\n", 1)[1]
        == two.read_text(encoding="utf-8").split("\n", 1)[1]
    )
    assert tbx.read_text(encoding="utf-8") == tbx2.read_text(encoding="utf-8")


def test_import_foreign_tbx_without_statuses_and_tbx_v3(tmp_path, capsys):
    basic = _write(
        tmp_path,
        "foreign.tbx",
        """<?xml version="1.0"?>
<martif type="TBX"><text><body>
  <termEntry id="c12">
    <descrip type="subjectField">Shipping</descrip>
    <langSet xml:lang="en-GB"><tig><term>harbour master</term></tig>
      <tig><term>harbourmaster</term></tig></langSet>
    <langSet xml:lang="es"><ntig><termGrp><term>capitán de <hi>puerto</hi></term></termGrp>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></ntig>
      <tig><term>capitán del puerto</term></tig></langSet>
  </termEntry>
  <termEntry><langSet xml:lang="en"><tig><term>Quay 7</term></tig></langSet></termEntry>
</body></text></martif>""",
    )
    out = tmp_path / "foreign.yaml"
    assert main(["glossary", "import", str(basic), "-o", str(out)]) == 0
    entries = _entries(out)
    assert entries[0] == {
        "id": "c12",
        "type": "term",
        "canonical": {"en": "harbour master", "es": "capitán del puerto"},
        "allowed": {"en": ["harbourmaster"]},
        "forbidden": [{"form": "capitán de puerto", "lang": "es"}],
        "note": "subject field: Shipping",
    }
    assert entries[1]["id"] == "quay-7"

    v3 = _write(
        tmp_path,
        "v3.tbx",
        """<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body><conceptEntry id="quay">
  <langSec xml:lang="fr"><termSec><term>quai</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry></body></text></tbx>""",
    )
    out3 = tmp_path / "v3.yaml"
    assert main(["glossary", "import", str(v3), "-o", str(out3)]) == 0
    assert _entries(out3)[0]["canonical"] == {"fr": "quai"}


def test_malformed_tbx_and_csv_give_one_line_errors(tmp_path, capsys):
    cases = {
        "broken.tbx": ("<martif><text><body><termEntry>", "broken.tbx:1:32: not well-formed XML"),
        "html.tbx": ("<html><body/></html>", "not a TBX file: the root element is <html>"),
        "empty.tbx": ("<martif><text><body/></text></martif>", "no <termEntry>"),
        "cols.csv": (
            "name,language\nx,en\n",
            "cols.csv:1: not a glossary CSV: missing column(s) id",
        ),
        "kind.csv": (
            "id,type,lang,kind,form\na,place,en,canonical,Tarvik\na,place,en,preferred,T\n",
            "kind.csv:3: bad kind 'preferred'",
        ),
        "lang.csv": ("id,type,lang,kind,form\na,place,english,canonical,T\n", "unknown language"),
        "quote.csv": (
            'id,type,lang,kind,form\na,place,en,canonical,"Tar\n',
            "quote.csv:2: malformed CSV: unexpected end of data",
        ),
        "binary.csv": (b"\xff\xfe\x00id", "not UTF-8"),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        code = main(["glossary", "import", str(path), "-o", str(tmp_path / "out.yaml")])
        err = capsys.readouterr().err
        assert code == 1, name
        assert expected in err, (name, err)
        assert len(err.strip().splitlines()) == 1, (name, err)
        assert "Traceback" not in err
        assert not (tmp_path / "out.yaml").exists()
    assert main(["glossary", "import", str(tmp_path / "x.json")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err


def test_csv_round_trip(tmp_path, capsys):
    good = _write(tmp_path, "good.yaml", GOOD)
    csv_file = tmp_path / "g.csv"
    assert main(["glossary", "export", str(good), "-f", "csv", "-o", str(csv_file)]) == 0
    header = csv_file.read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,type,lang,kind,form,reason,severity,since,until,note,entry_note"
    back = tmp_path / "back.yaml"
    assert main(["glossary", "import", str(csv_file), "-o", str(back)]) == 0
    assert _sorted_forms(_entries(back)) == _sorted_forms(_entries(good))


def test_suggest_proposes_an_entry_with_both_spellings(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = (
        "Tarvik, 4 May. Harbour director {name} opened the new ferry terminal on Monday. "
        "{name} said the terminal would carry 900 passengers a day. "
        "Local traders welcomed the plan, and {name} promised more sailings in summer.\n"
    )
    for i, name in enumerate(["Oskar Lindqvist-Amadi"] * 3 + ["Oskar Lindkvist-Amadi"]):
        (corpus / f"story{i}.en.txt").write_text(story.format(name=name), encoding="utf-8")
    out = tmp_path / "suggested.yaml"
    code = main(
        [
            "glossary",
            "suggest",
            str(corpus),
            "--engine",
            "none",
            "--no-glossary-discovery",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "Oskar Lindqvist-Amadi" in text
    assert "Oskar Lindkvist-Amadi" in text
    assert "# review" in text
    glossary, problems = load_glossary_text(text)
    assert problems == []
    entry = next(e for e in glossary.entries if "Oskar Lindqvist-Amadi" in e.canonical.values())
    assert "Oskar Lindkvist-Amadi" in {t for ts in entry.allowed.values() for t in ts}


def test_import_a_spreadsheet_with_one_column_per_language(tmp_path, capsys):
    sheet = _write(
        tmp_path,
        "sheet.csv",
        "type;en;es;FR;note\n"
        "place;Port Aldren;Puerto Aldren|Port Aldren;Port-Aldren;harbour town\n"
        "person;Ilse Brandvold;;;\n",
    )
    out = tmp_path / "sheet.yaml"
    assert main(["glossary", "import", str(sheet), "-o", str(out)]) == 0
    assert _entries(out) == [
        {
            "id": "port-aldren",
            "type": "place",
            "canonical": {"en": "Port Aldren", "es": "Puerto Aldren", "fr": "Port-Aldren"},
            "allowed": {"es": ["Port Aldren"]},
            "note": "harbour town",
        },
        {"id": "ilse-brandvold", "type": "person", "canonical": {"en": "Ilse Brandvold"}},
    ]


@pytest.mark.slow
def test_suggest_on_the_demo_corpus_proposes_the_planted_variants(tmp_path, monkeypatch, capsys):
    import shutil

    from conftest import ROOT, require
    from ruamel.yaml import YAML

    from transcheck.cli import main

    require(shutil.which("apertium") is not None, "apertium")
    monkeypatch.setenv("TRANSCHECK_CACHE", str(tmp_path / "cache.sqlite3"))
    out = tmp_path / "suggested.yaml"
    code = main(
        ["glossary", "suggest", str(ROOT / "corpus"), "--no-glossary-discovery", "-o", str(out)]
    )
    assert code == 0
    entries = {
        e["id"]: e for e in YAML(typ="safe").load(out.read_text(encoding="utf-8"))["entries"]
    }
    person = next(e for e in entries.values() if e["type"] == "person")
    assert person["canonical"]["en"] == "Yevgeny Barsukov"
    assert "Evgeni Barsukov" in person["allowed"]["fr"]
    quote = next(e for e in entries.values() if e["type"] == "quote")
    assert any("cerradas" in t for t in quote["approved"]["es"])
    wrong = {f["lang"]: f["form"] for f in quote["forbidden"]}
    assert "abiertas" in wrong["es"]
    assert "ouvertes" in wrong["fr"]
    assert main(["glossary", "lint", str(out)]) == 0


def test_suggest_names_the_gazetteer_place_by_its_current_name(tmp_path, monkeypatch):
    """A place the gazetteer found under two names: typed as a place, the current name
    canonical even where the older one is as frequent, the other name an alias saying so."""
    import shutil

    from conftest import ROOT, require
    from ruamel.yaml import YAML

    from transcheck.cli import main

    require(shutil.which("apertium") is not None, "apertium")
    monkeypatch.setenv("TRANSCHECK_CACHE", str(tmp_path / "cache.sqlite3"))
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "factory_fire", corpus)
    bulletin = corpus / "03_bulletin_en.txt"
    # make the former name the majority: the current one must still be canonical
    bulletin.write_text(bulletin.read_text(encoding="utf-8") + "\nSaigon. Saigon.\n", "utf-8")
    out = tmp_path / "suggested.yaml"
    args = ["glossary", "suggest", str(corpus), "--no-glossary-discovery", "-o", str(out)]
    assert main(args) == 0
    entries = YAML(typ="safe").load(out.read_text(encoding="utf-8"))["entries"]
    place = next(e for e in entries if e["type"] == "place")
    assert place["canonical"] == {"en": "Ho Chi Minh City"}
    assert [a["form"] for a in place["aliases"]] == ["Saigon"]
    assert "former" in place["aliases"][0]["note"]
    assert "allowed" not in place
    assert main(["glossary", "lint", str(out)]) == 0
