"""Editors' triage loop: CLI mistakes exit 2, baselines, CSV/XLSX exports, quiet terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT

from transcheck.baseline import SCHEMA, apply_baseline, load_baseline
from transcheck.cli import main
from transcheck.report import render
from transcheck.report.reference import reference_flags
from transcheck.safety import csv_cell

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "audit.json"
    code = main(["audit", str(CORPUS), "-f", "json", "-o", str(out), "--fail-on", "never", "-q"])
    assert code == 0
    return out


def _one_line_error(capsys, *needles: str) -> None:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("transcheck: error: ")
    for n in needles:
        assert n in err


# ---------------------------------------------------------------- CLI mistakes exit 2


def test_missing_glossary_exits_2(tmp_path, capsys):
    assert main(["audit", str(CORPUS), "-g", str(tmp_path / "nope.yaml")]) == 2
    _one_line_error(capsys, "glossary file not found", "nope.yaml")


@pytest.mark.parametrize("code", ["xx", "english", "EN1"])
def test_unknown_pivot_exits_2(code, capsys):
    assert main(["audit", str(CORPUS), "--pivot", code]) == 2
    _one_line_error(capsys, "--pivot", repr(code))


def test_known_pivot_alias_is_accepted(tmp_path):
    (tmp_path / "a.txt").write_text("Hello world. This is a short English article.\n")
    assert main(["audit", str(tmp_path), "--pivot", "en", "--engine", "none", "-q"]) == 0


@pytest.mark.parametrize("option", ["-o", "--json", "--html"])
def test_missing_output_folder_exits_2_unless_mkdir(option, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Hello world. This is a short English article.\n")
    target = tmp_path / "typo" / "deeper" / "out.json"
    args = ["audit", str(tmp_path / "a.txt"), "--engine", "none", "-q", option, str(target)]
    assert main(args) == 2
    _one_line_error(capsys, "cannot write", "output folder", "does not exist", "--mkdir")
    assert not (tmp_path / "typo").exists()
    assert main([*args, "--mkdir"]) == 0
    assert target.is_file()


def test_missing_baseline_exits_2(tmp_path, capsys):
    assert main(["audit", str(CORPUS), "--baseline", str(tmp_path / "b.json")]) == 2
    _one_line_error(capsys, "baseline file not found")


def test_bad_baseline_exits_2(tmp_path, capsys):
    bad = tmp_path / "b.json"
    bad.write_text('{"schema": "something-else"}')
    assert main(["audit", str(CORPUS), "--baseline", str(bad)]) == 2
    _one_line_error(capsys, "not a transcheck-baseline/1 file")


def test_xlsx_needs_an_output_file(capsys):
    assert main(["audit", str(CORPUS), "-f", "xlsx"]) == 2
    _one_line_error(capsys, "--output")


def test_help_has_readable_types_and_an_example(capsys):
    assert main(["audit", "--help"]) == 0
    out = capsys.readouterr().out
    assert "<bool>" not in out
    assert "list[" not in out
    assert "<str>" not in out
    assert "Example:" in out
    assert "transcheck audit corpus/" in out
    for command in ("report", "baseline", "rules"):
        assert main([command, "--help"]) == 0
        assert "Example:" in capsys.readouterr().out


# ---------------------------------------------------------------- baseline


def test_baseline_hides_accepted_findings_and_marks_new(demo_report, tmp_path, capsys):
    report = json.loads(demo_report.read_text(encoding="utf-8"))
    first = report["findings"][0]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(
        json.dumps(
            {"schema": SCHEMA, "findings": {first["id"]: {"status": "accepted"}}},
        ),
        encoding="utf-8",
    )
    out = tmp_path / "again.json"
    args = ["audit", str(CORPUS), "-f", "json", "-o", str(out), "--baseline", str(baseline)]
    main([*args, "--fail-on", "never"])
    assert "1 accepted" in capsys.readouterr().err
    again = json.loads(out.read_text(encoding="utf-8"))
    assert first["id"] not in {f["id"] for f in again["findings"]}
    assert [f["id"] for f in again["suppressed"]] == [first["id"]]
    assert again["baseline"]["accepted"] == 1
    assert {f["status"] for f in again["findings"]} == {"new"}
    assert len(again["findings"]) == len(report["findings"]) - 1
    # the accepted finding was an error: without it the exit code follows the rest
    n_errors = sum(f["severity"] == "error" for f in again["findings"])
    assert main([*args]) == (1 if n_errors else 0)


def test_baseline_command_records_everything_and_keeps_decisions(demo_report, tmp_path):
    report = json.loads(demo_report.read_text(encoding="utf-8"))
    out = tmp_path / "b.json"
    fid = report["findings"][-1]["id"]
    out.write_text(
        json.dumps({"schema": SCHEMA, "findings": {fid: {"status": "false-positive"}}}),
        encoding="utf-8",
    )
    assert main(["baseline", str(demo_report), "-o", str(out)]) == 0
    entries = load_baseline(out)
    assert set(entries) == {f["id"] for f in report["findings"]}
    assert entries[fid]["status"] == "false-positive"
    assert all(e["status"] == "accepted" for k, e in entries.items() if k != fid)
    # with everything decided, nothing is left and the audit passes
    applied = apply_baseline(report, entries, str(out))
    assert applied["findings"] == []
    assert applied["baseline"]["false_positive"] == 1
    assert main(["audit", str(CORPUS), "--baseline", str(out), "-q"]) == 0


def test_apply_baseline_is_idempotent(demo_report):
    report = json.loads(demo_report.read_text(encoding="utf-8"))
    entries = {report["findings"][0]["id"]: {"status": "accepted"}}
    once = apply_baseline(report, entries, "b.json")
    twice = apply_baseline(once, entries, "b.json")
    assert once == twice


# ---------------------------------------------------------------- exports


def test_csv_has_bom_accents_and_no_formulas(demo_report, tmp_path):
    out = tmp_path / "audit.csv"
    main(["report", str(demo_report), "-f", "csv", "-o", str(out)])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:7] == [
        "path",
        "line",
        "rule",
        "severity",
        "original",
        "back-translation",
        "status",
    ]
    originals = " ".join(r["original"] for r in rows)
    assert "fermées" in originals or "jusqu’à" in originals  # accents survive the round trip
    assert all(r["path"].startswith("corpus") for r in rows)
    assert all(r["line"].isdigit() for r in rows)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_formula_cells(cell):
    assert csv_cell(cell).startswith("'")
    report = {
        "documents": [{"id": "d", "path": cell}],
        "findings": [
            {
                "id": "r:1",
                "rule": "r",
                "severity": "warning",
                "message": cell,
                "occurrences": [{"doc": "d", "text": cell, "pivot_text": cell, "line": 1}],
            }
        ],
    }
    text = render(report, "csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    for value in rows[1]:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert csv_cell("plain") == "plain"


def test_xlsx_opens_with_openpyxl(demo_report, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "audit.xlsx"
    assert main(["report", str(demo_report), "-f", "xlsx", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("path", "line", "rule", "severity")
    report = json.loads(demo_report.read_text(encoding="utf-8"))
    assert len(rows) - 1 == sum(len(f["occurrences"]) for f in report["findings"])
    assert any("fermées" in (r[4] or "") or "jusqu’à" in (r[4] or "") for r in rows[1:])
    # same report, same bytes
    again = tmp_path / "again.xlsx"
    main(["report", str(demo_report), "-f", "xlsx", "-o", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_xlsx_keeps_formula_like_text_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    report = {
        "documents": [{"id": "d", "path": "d.txt"}],
        "findings": [
            {
                "id": "r:1",
                "rule": "r",
                "severity": "info",
                "message": "=1+1",
                "occurrences": [{"doc": "d", "text": "=SUM(A1:A3)", "line": 2}],
            }
        ],
    }
    out = tmp_path / "x.xlsx"
    out.write_bytes(render(report, "xlsx"))
    cell = openpyxl.load_workbook(out).active["E2"]
    assert cell.value == "=SUM(A1:A3)"
    assert cell.data_type == "s"


# ---------------------------------------------------------------- noise and references


def test_terminal_is_quiet_by_default(capsys):
    main(["audit", str(CORPUS), "--fail-on", "never"])
    out = capsys.readouterr().out
    assert "1 documents" not in out
    assert "14 documents" in out
    assert "\ntranslation:" not in out  # debug statistics only with -v
    assert "[glossary-variant]" not in out  # allowed variants: counted, not listed
    assert "info findings (allowed variants) not listed" in out
    assert "corpus/05_noticias_es.txt:11" in out  # path:line, openable
    assert "machine back-translation:" in out
    assert "“They maintain" not in out
    assert "'They maintain" not in out.split("[quote-drift]")[1]
    main(["audit", str(CORPUS), "--fail-on", "never", "--show-info", "-v"])
    out = capsys.readouterr().out
    assert "[glossary-variant]" in out
    assert "\ntranslation:" in out


def test_occurrence_lists_are_capped():
    occurrences = [
        {"doc": f"d{i:02}", "lang": "en", "text": f"Form{i % 2}", "line": i + 1} for i in range(40)
    ]
    report = {
        "pivot": "en",
        "summary": {"documents": 40, "errors": 0, "findings": {"warning": 1}, "languages": {}},
        "documents": [],
        "findings": [
            {
                "id": "name-variant:1",
                "rule": "name-variant",
                "severity": "warning",
                "message": "m",
                "occurrences": occurrences,
            }
        ],
    }
    text = render(report, "text")
    assert "+34 more" in text
    assert text.count(" (en) Form") == 6


def test_reference_form_is_not_a_deviation(demo_report):
    report = json.loads(demo_report.read_text(encoding="utf-8"))
    # the cross-article findings (those of the translation set carry a pair)
    by_rule = {
        f["rule"]: f
        for f in report["findings"]
        if "pair" not in f and f["severity"] != "info" and "harbour-bridge" not in f["message"]
    }
    name = by_rule["name-variant"]
    flags = reference_flags(name)
    refs = {o["text"] for o, ref in zip(name["occurrences"], flags, strict=True) if ref}
    devs = {o["text"] for o, ref in zip(name["occurrences"], flags, strict=True) if not ref}
    assert refs == {"Yevgeny Barsukov"}
    assert devs == {"Evgeni Barsukov"}
    quote = by_rule["quote-drift"]
    assert quote["evidence"]["reference"]["by"] == "glossary"
    flags = reference_flags(quote)
    devs = {o["doc"] for o, ref in zip(quote["occurrences"], flags, strict=True) if not ref}
    assert devs == {"05_noticias_es", "07_depeche_fr"}


def test_quote_reference_follows_the_glossary_not_the_majority():
    from rulekit import make_ctx, run_rule
    from test_rules_drift import _order_docs

    from transcheck.glossary import load_glossary_text

    glossary, problems = load_glossary_text(
        "entries:\n  - id: order\n    type: quote\n"
        "    approved: {en: [seal the gates until the water recedes]}\n"
    )
    assert problems == []
    seal = "seal the gates until the water recedes"
    docs = _order_docs(
        [
            ("en", f"The governor said she told the guards to {seal}.", seal, None),
            ("en", f"Governor Halvorsen said she ordered the guards to {seal}.", seal, None),
        ]
        + [
            (
                lang,
                sentence,
                quote,
                (
                    "open the floodgates immediately",
                    "The governor said that she ordered the guards to open the floodgates "
                    "immediately.",
                ),
            )
            for lang, sentence, quote in [
                (
                    "es",
                    "La gobernadora ordenó abrir las compuertas de inmediato.",
                    "abrir las compuertas de inmediato",
                ),
                (
                    "fr",
                    "La gouverneure a ordonné d'ouvrir les vannes immédiatement.",
                    "ouvrir les vannes immédiatement",
                ),
                (
                    "it",
                    "La governatrice ha ordinato di aprire le paratoie subito.",
                    "aprire le paratoie subito",
                ),
            ]
        ]  # fmt: skip
    )
    (finding,) = run_rule(make_ctx(*docs, glossary=glossary), "quote-drift")
    reference = dict(finding.evidence)["reference"]
    assert reference["by"] == "glossary"
    assert reference["docs"] == ["d0", "d1"]
    flags = reference_flags(finding.to_dict())
    occs = finding.to_dict()["occurrences"]
    assert {o["doc"] for o, ref in zip(occs, flags, strict=True) if not ref} == {"d2", "d3", "d4"}


def _many_occurrences_report(n: int = 20) -> dict:
    occurrences = [
        {"doc": f"d{i:02}", "lang": "en", "text": "Evgeni" if i < 12 else "Yevgeny", "line": 1,
         "start": 0, "end": 6, "context": "", "pivot_text": None}
        for i in range(n)
    ]  # fmt: skip
    return {
        "schema": "transcheck-report/1",
        "pivot": "en",
        "documents": [{"id": f"d{i:02}", "path": f"d{i:02}.txt", "lang": "en"} for i in range(n)],
        "findings": [
            {
                "id": "name-variant:00000001",
                "rule": "name-variant",
                "severity": "warning",
                "key": "n:y",
                "message": "m",
                "occurrences": occurrences,
                "evidence": {"reference": {"by": "glossary", "form": "Yevgeny"}},
            },
            {
                "id": "glossary-variant:00000002",
                "rule": "glossary-variant",
                "severity": "info",
                "key": "g:y",
                "message": "Vasko is fine",
                "occurrences": occurrences[:1],
                "evidence": {},
            },
        ],  # fmt: skip
    }


def test_html_caps_occurrences_hides_info_and_never_flags_the_reference():
    from transcheck.report.html import render_html

    report = _many_occurrences_report()
    quiet = render_html(report, show_info=False)
    assert "Vasko is fine" not in quiet
    assert "--show-info" in quiet
    assert "Vasko is fine" in render_html(report, show_info=True)
    article = quiet[quiet.index('id="f-name-variant-00000001"') :]
    article = article[: article.index("</article>")]
    assert "<summary>+12 more</summary>" in article  # 20 rows: 8 shown, the rest expandable
    shown = article[: article.index("more-occ")]
    assert shown.count("<tr>") == 8 + 1
    assert 'class="is-ref"' not in shown
    assert article.count('class="is-ref"') == 8
    # a document holding only the reference form has no finding chip and is not counted
    d15 = quiet[quiet.index('id="doc-d15"') :]
    assert "No findings in this document." in d15[: d15.index("</section>")]
    assert "in 12 of 20 documents" in quiet


def test_html_keeps_earlier_decisions_for_the_download():
    from transcheck.report.html import render_html

    report = apply_baseline(
        _many_occurrences_report(),
        {"glossary-variant:00000002": {"status": "false-positive", "note": '"><script>'}},
        "b.json",
    )
    html = render_html(report)
    assert '<script>"' not in html
    assert "&#34;&gt;&lt;script&gt;" in html
    assert "1 false positive hidden" in html
    assert 'class="new-chip"' in html


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--pivot", "xx"], "unknown language code"),
        (["-g", "nope.yaml"], "glossary file not found"),
    ],
)
def test_glossary_suggest_mistakes_exit_2(args, needle, capsys):
    assert main(["glossary", "suggest", str(CORPUS), *args]) == 2
    _one_line_error(capsys, needle)


def test_name_readings_are_the_spellings_not_sentence_translations(demo_report):
    import re

    from transcheck.report.html import render_html

    report = json.loads(demo_report.read_text(encoding="utf-8"))
    html = render_html(report)
    starts = [m.start() for m in re.finditer('id="f-name-variant-', html)]
    articles = [html[i : html.find("</article>", i)] for i in starts]
    article = next(a for a in articles if "Evgeni Barsukov" in a)
    readings = [
        re.sub(r"<[^>]+>", "", q)
        for q in re.findall(r'<q class="variant-text"[^>]*>(.*?)</q>', article)
    ]
    assert readings == ["Yevgeny Barsukov", "Evgeni Barsukov"]
    assert "machine back-translation</span> into" not in article  # none in these readings
