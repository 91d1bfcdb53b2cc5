"""Bilingual files (XLIFF 1.2/2.0, PO, TMX): reading, the pair checks on their units, the
consistency rule, and refusal of XML with DOCTYPE/entity declarations.

``tests/data/bilingual`` (texts written for this test: en->es PO, en->fr XLIFF 1.2, en->es/pt
TMX, en->pt XLIFF 2.0; 73 unit pairs) carries one or more planted drifts of each kind, listed
in ``PLANTED``: the audit must find each at warning level on the right unit, with at most
two other warnings.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, audited_report

from transcheck.corpus import iter_corpus
from transcheck.corpus.readers.bilingual import read_units
from transcheck.model import Document, FileError

DATA = ROOT / "tests" / "data" / "bilingual"

# (rule, file, unit id, line of the unit in the file, a word the finding's text holds)
PLANTED = [
    ("number-mismatch", "harbour-app.es.po", "The ferry leaves every 15 minutes.", 17, "50"),
    ("number-mismatch", "guide.fr.xlf", "g2", 9, "24"),  # date: 14 March -> 24 mars
    ("number-mismatch", "memory.tmx", "m1", 5, "240"),  # 420 -> 240 (pt)
    ("number-mismatch", "notes.pt.xlf", "n1", 5, "1989"),  # year 1998 -> 1989 (XLIFF 2)
    ("name-variant", "guide.fr.xlf", "g3", 13, "Okonkow"),
    ("name-variant", "memory.tmx", "m2", 10, "Wierzbecki"),  # pt
    ("meaning-drift", "harbour-app.es.po", "The new pier is safe for children.", 21, "peligroso"),
    ("meaning-drift", "guide.fr.xlf", "g4", 17, "chaude"),  # cold -> chaude
    ("meaning-drift", "memory.tmx", "m3", 15, "fechada"),  # open -> fechada (pt)
    ("untranslated", "harbour-app.es.po", "Download the timetable", 25, "timetable"),
    ("untranslated", "guide.fr.xlf", "g16", 65, "Opening"),
    ("untranslated", "memory.tmx", "m10", 50, "Buses"),  # empty pt seg
    ("consistency", "guide.fr.xlf", "g10", 41, "Carte"),  # Harbour map: Plan / Carte du port
    ("consistency", "memory.tmx", "m6", 30, "extraviados"),  # Lost property, two ways (es)
    ("consistency", "harbour-app.es.po", "Delete", 37, "Cancelar"),  # Cancel and Delete
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    return audited_report(DATA, tmp_path_factory.mktemp("cache") / "cache.sqlite")


def _hits(finding: dict, rule: str, file: str, unit: str, line: int, word: str) -> bool:
    if finding["rule"] != rule or finding["severity"] not in ("warning", "error"):
        return False
    return any(
        o["doc"].startswith(file + "#")
        and o.get("unit") == unit
        and o["line"] == line
        and word in (o["text"] + " " + o["context"])
        for o in finding["occurrences"]
    )


def test_set_has_enough_units():
    pairs = 0
    for path in sorted(DATA.iterdir()):
        _lang, units = read_units(path.read_bytes(), path.suffix)
        pairs += len(units)
    assert pairs >= 60


@pytest.mark.parametrize("planted", PLANTED, ids=lambda p: f"{p[0]}-{p[1]}-{p[2][:12]}")
def test_every_planted_drift_is_found(report, planted):
    assert any(_hits(f, *planted) for f in report["findings"]), planted


def test_at_most_two_other_warnings(report):
    others = [
        f
        for f in report["findings"]
        if f["severity"] in ("warning", "error")
        and not any(_hits(f, *planted) for planted in PLANTED)
    ]
    assert len(others) <= 2, [f["message"] for f in others]


def test_fuzzy_units_are_reported_not_checked(report):
    unreviewed = [f for f in report["findings"] if f["rule"] == "unreviewed"]
    assert {o["unit"] for f in unreviewed for o in f["occurrences"]} == {
        "g13",
        "Check the weather before you travel.",
    }
    assert all(f["severity"] == "info" for f in unreviewed)


def test_sides_and_languages():
    docs = {d.id: d for d in iter_corpus([DATA]) if isinstance(d, Document)}
    assert {
        "guide.fr.xlf#source",
        "guide.fr.xlf#fr",
        "harbour-app.es.po#source",
        "harbour-app.es.po#es",
        "memory.tmx#source",
        "memory.tmx#es",
        "memory.tmx#pt",
        "notes.pt.xlf#source",
        "notes.pt.xlf#pt",
    } == set(docs)
    pt = docs["memory.tmx#pt"]
    assert pt.declared_lang == "pt"
    assert pt.translation_of == "memory.tmx#source"
    assert docs["memory.tmx#source"].declared_source
    # one paragraph per translated unit; the line is the unit's line in the file
    assert pt.segments[0].unit == "m1"
    assert pt.line_of(pt.paragraphs[0].start) == 5
    po = docs["harbour-app.es.po#es"]
    assert "Quedan %d asientos" in po.text  # each plural form is a unit
    assert "Consulte el tiempo" not in po.text  # fuzzy: not checked


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="x" source-language="en" target-language="es" datatype="plaintext"><body>
    <trans-unit id="1"><source>&lol4;</source><target>&lol4;</target></trans-unit>
  </body></file>
</xliff>
"""

XXE_TMX = """<?xml version="1.0"?>
<!DOCTYPE tmx [ <!ENTITY secret SYSTEM "file://{secret}"> ]>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"
 adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body><tu tuid="1"><tuv xml:lang="en"><seg>&secret;</seg></tuv>
<tuv xml:lang="es"><seg>&secret;</seg></tuv></tu></body></tmx>
"""


def test_malicious_xml_is_refused_and_the_rest_audited(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "laughs.xlf").write_text(BILLION_LAUGHS)
    (corpus / "xxe.tmx").write_text(XXE_TMX.format(secret=secret))
    shutil.copy(DATA / "notes.pt.xlf", corpus / "notes.pt.xlf")
    items = list(iter_corpus([corpus]))
    errors = {e.path.rsplit("/", 1)[-1]: e.error for e in items if isinstance(e, FileError)}
    assert set(errors) == {"laughs.xlf", "xxe.tmx"}
    for message in errors.values():
        assert "\n" not in message
        assert "refused" in message
        assert "DOCTYPE" in message
    texts = " ".join(d.text for d in items if isinstance(d, Document))
    assert "lol" not in texts
    assert "TOP-SECRET" not in texts
    assert {d.id for d in items if isinstance(d, Document)} == {
        "notes.pt.xlf#source",
        "notes.pt.xlf#pt",
    }


def test_malformed_files_name_the_line(tmp_path):
    (tmp_path / "bad.po").write_text('msgid "a"\nmsgctxt "late"\nmsgstr "b"\n')
    (tmp_path / "bad.xlf").write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n')
    errors = sorted(
        (e.path.rsplit("/", 1)[-1], e.error)
        for e in iter_corpus([tmp_path])
        if isinstance(e, FileError)
    )
    assert [name for name, _ in errors] == ["bad.po", "bad.xlf"]
    assert all("line" in message and "\n" not in message for _, message in errors)


def test_cli_one_line_error_for_refused_file(tmp_path):
    bad = tmp_path / "laughs.xliff"
    bad.write_text(BILLION_LAUGHS)
    proc = subprocess.run(
        [sys.executable, "-m", "transcheck", "audit", str(bad), "--fail-on", "never"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "laughs.xliff" in line]
    assert len(lines) == 1
    assert "refused" in lines[0]


def _pofilter_flags(tmp_path, name: str, checks: tuple[str, ...]) -> dict[str, set[str]]:
    """check name -> ids of the units pofilter flags in one file of the set."""
    import re
    import sys
    from pathlib import Path

    from translate.storage import factory

    pofilter = Path(sys.executable).parent / "pofilter"
    out = tmp_path / name
    args = [str(pofilter), *(f"--test={c}" for c in checks), str(DATA / name), str(out)]
    subprocess.run(args, capture_output=True, check=True, timeout=120)
    flags: dict[str, set[str]] = {c: set() for c in checks}
    for unit in factory.getobject(str(out)).units:
        if unit.isheader():
            continue
        uid = unit.getid().split("\x04")[-1]
        for check in re.findall(r"(?:\(pofilter\) |^)(\w+): ", unit.getnotes(), re.M):
            if check in flags:
                flags[check].add(uid)
    return flags


@pytest.mark.parametrize("name", ["harbour-app.es.po", "guide.fr.xlf"])
def test_at_least_as_good_as_pofilter_numbers_and_untranslated(report, tmp_path, name):
    flags = _pofilter_flags(tmp_path, name, ("numbers", "untranslated"))
    assert flags["numbers"]
    assert flags["untranslated"]
    ours = {
        rule: {
            o["unit"]
            for f in report["findings"]
            if f["rule"] == rule and f["severity"] == "warning"
            for o in f["occurrences"]
            if o["doc"].startswith(name + "#")
        }
        for rule in ("number-mismatch", "untranslated")
    }
    assert flags["numbers"] <= ours["number-mismatch"]
    assert flags["untranslated"] <= ours["untranslated"]


def test_reused_unit_ids_stay_apart_and_templates_are_not_untranslated():
    from transcheck.corpus.readers import Source
    from transcheck.corpus.readers.bilingual import read_bilingual

    xliff = b"""<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a" source-language="en" target-language="es" datatype="html"><body>
<trans-unit id="1"><source>One tower.</source><target>Una torre.</target></trans-unit>
</body></file>
<file original="b" source-language="en" target-language="es" datatype="html"><body>
<trans-unit id="1"><source>Two walls.</source><target>Dos muros.</target></trans-unit>
</body></file></xliff>"""
    docs = read_bilingual(Source("x.xlf", "x.xlf", xliff, "x", "x.xlf")).documents
    assert [s.unit for s in docs[1].segments] == ["1", "1~2"]
    assert [s.line for s in docs[1].segments] == [4, 7]
    template = b'msgid "Save the file"\nmsgstr ""\n'
    read = read_bilingual(Source("x.pot", "x.pot", template, "x", "x.pot"))
    (source,) = read.documents
    assert read.pairs == ()
    assert "Save the file" in source.text


def test_glossary_term_rendered_two_ways_in_one_file(tmp_path):
    from transcheck.audit import AuditOptions, audit

    (tmp_path / "ferry.es.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        'msgid "The ferry is late."\nmsgstr "El ferry llega tarde."\n\n'
        'msgid "Take the ferry to the island."\nmsgstr "Tome el transbordador a la isla."\n'
    )
    glossary = tmp_path / "terms.yaml"
    glossary.write_text(
        "version: 1\nentries:\n  - id: ferry\n    type: term\n"
        "    canonical:\n      en: ferry\n      es: ferry\n"
        "    allowed:\n      es: [transbordador]\n"
    )
    options = AuditOptions(
        engine="none",
        glossaries=[glossary],
        discover_glossaries=False,
        rules=["consistency"],
        use_cache=False,
    )
    result = audit([tmp_path / "ferry.es.po"], options)
    (finding,) = result.findings
    assert finding.key.endswith(":term:ferry")
    assert finding.severity == "warning"
    assert [o.line for o in finding.occurrences] == [5, 8]
    assert {o.unit for o in finding.occurrences} == {
        "The ferry is late.",
        "Take the ferry to the island.",
    }
