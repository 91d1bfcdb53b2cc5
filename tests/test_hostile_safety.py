"""Issue #11, never lose or leak a user's file: outputs vs inputs, symbolic links, crafted
reports and caches. Each test names the hostile case it replays and asserts the input is
unchanged, the exit code, a one-line message and no traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hostile_cases import GOOD
from test_hostile import run, snapshot

ARTICLE = GOOD["good_en.txt"]


def corpus_c(tmp_path: Path) -> Path:
    c = tmp_path / "c"
    c.mkdir()
    (c / "01_wire_en.txt").write_text(ARTICLE, encoding="utf-8")
    (c / "06_journal_fr.md").write_text(
        "# Valmora\n\nLe maire de Valmora a déclaré que 1 250 habitants ont été évacués.\n",
        encoding="utf-8",
    )
    return c


def one_line_error(code: int, err: str, pattern: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("transcheck: error: ")
    assert pattern in lines[0], lines[0]


# ---------------------------------------------------------------- outputs never touch inputs


@pytest.mark.parametrize(
    ("option", "target"),
    [
        (["-f", "json", "-o"], "01_wire_en.txt"),
        (["--html"], "06_journal_fr.md"),
        (["--json"], "01_wire_en.txt"),
        (["--cache"], "01_wire_en.txt"),
    ],
    ids=["output", "html", "json", "cache"],
)
def test_output_onto_an_input_is_refused(tmp_path, capsys, option, target) -> None:
    c = corpus_c(tmp_path)
    before = snapshot(c)
    code, _out, err = run(["audit", c, "--engine", "none", *option, c / target], capsys)
    one_line_error(code, err, "would overwrite the input file")
    assert snapshot(c) == before


def test_output_inside_the_corpus_is_refused_but_reports_folder_is_fine(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    before = snapshot(c)
    code, _out, err = run(["audit", c, "--engine", "none", "--html", c / "new.html"], capsys)
    one_line_error(code, err, "is inside the corpus folder")
    assert snapshot(c) == before
    ok = c / "reports" / "r.html"
    code, _out, err = run(
        ["audit", c, "--engine", "none", "--html", ok, "--fail-on", "never", "-q", "--mkdir"],
        capsys,
    )
    assert code == 0, err
    assert ok.is_file()


def test_output_through_a_link_or_hard_link_to_an_input_is_refused(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    article = c / "01_wire_en.txt"
    (tmp_path / "soft.json").symlink_to(article)
    os.link(article, tmp_path / "hard.json")
    before = snapshot(c)
    for name in ("soft.json", "hard.json"):
        code, _out, err = run(
            ["audit", article, "--engine", "none", "-f", "json", "-o", tmp_path / name], capsys
        )
        one_line_error(code, err, "would overwrite the input file")
    assert snapshot(c) == before


def test_output_onto_a_glossary_is_refused(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    gl = tmp_path / "glossaries"
    gl.mkdir()
    (gl / "news.yaml").write_text("entries: []\n")
    before = snapshot(gl)
    code, _out, err = run(["audit", c, "--engine", "none", "--json", gl / "news.yaml"], capsys)
    one_line_error(code, err, "would overwrite the input file")
    assert snapshot(gl) == before


def test_report_output_onto_its_input_is_refused(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    r = tmp_path / "r.json"
    code, _out, err = run(["audit", c, "--engine", "none", "--json", r, "-q"], capsys)
    data = r.read_bytes()
    code, _out, err = run(["report", r, "-o", r], capsys)
    one_line_error(code, err, "would overwrite the input file")
    assert r.read_bytes() == data


def test_unusable_cache_row_is_a_miss(tmp_path, capsys, monkeypatch) -> None:
    """update translations set translation=<not text>: no AttributeError, the report is written."""
    from hostile_cases import FakeEngine, plug_engines
    from test_hostile import audit_json, multilingual_corpus

    c = multilingual_corpus(tmp_path)
    cache = tmp_path / "tc.sqlite3"
    engine = FakeEngine("ok")
    plug_engines(monkeypatch, engine)
    code, first, err = audit_json(c, tmp_path / "r1.json", capsys, "--cache", cache)
    assert code == 0, err
    conn = sqlite3.connect(cache)
    changed = conn.execute("UPDATE translations SET translation = X'00ff'").rowcount
    assert conn.execute("UPDATE analyses SET record = X'00ff'").rowcount > 0  # misses too
    conn.commit()
    conn.close()
    assert changed > 0
    engine.calls = 0
    before = snapshot(c)
    code, second, err = audit_json(c, tmp_path / "r2.json", capsys, "--cache", cache)
    assert code == 0, err
    assert "Traceback" not in err
    assert engine.calls > 0, "the unusable rows were not treated as misses"
    assert second["findings"] == first["findings"]
    assert snapshot(c) == before


# ---------------------------------------------------------------- symbolic links


def _linked_corpus(tmp_path: Path) -> tuple[Path, Path]:
    c = corpus_c(tmp_path)
    private = tmp_path / "home" / "diary_en.txt"
    private.parent.mkdir()
    private.write_text("My private diary says the secret code is PLUM-7731.\n")
    private.chmod(0o600)
    (c / "diary_en.txt").symlink_to(private)
    if os.path.isdir("/etc"):
        (c / "etc").symlink_to("/etc")
    inside = c / "sub"
    inside.mkdir()
    (inside / "link_en.txt").symlink_to(c / "01_wire_en.txt")  # a link inside: followed
    return c, private


def test_links_out_of_the_corpus_are_not_followed(tmp_path, capsys) -> None:
    c, _private = _linked_corpus(tmp_path)
    before = snapshot(c)
    html, out = tmp_path / "r.html", tmp_path / "r.json"
    code, _out, err = run(
        ["audit", c, "--engine", "none", "-f", "json", "-o", out, "--html", html]
        + ["--fail-on", "never"],
        capsys,
    )
    assert code == 0, err
    assert "Traceback" not in err
    report = json.loads(out.read_text())
    paths = [d["path"] for d in report["documents"]]
    assert not any("diary" in p or "/etc/" in p or "etc/" in p for p in paths), paths
    assert any("link_en" in p for p in paths), paths
    skipped = [n for n in report["notices"] if n["code"] == "symlink-skipped"]
    assert any("diary_en.txt" in n["message"] for n in skipped), report["notices"]
    if os.path.isdir("/etc"):
        assert any(n["message"].split(":")[0].endswith("etc") for n in skipped), skipped
    assert "PLUM-7731" not in html.read_text()
    assert snapshot(c) == before


def test_follow_symlinks_opts_in(tmp_path, capsys) -> None:
    c, _private = _linked_corpus(tmp_path)
    (c / "etc").unlink(missing_ok=True)  # keep the run small
    out = tmp_path / "r.json"
    code, _out, err = run(
        ["audit", c, "--engine", "none", "-f", "json", "-o", out, "--follow-symlinks"]
        + ["--fail-on", "never"],
        capsys,
    )
    assert code == 0, err
    report = json.loads(out.read_text())
    assert any("diary" in d["path"] for d in report["documents"])


def test_report_never_reads_the_files_it_names(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    r = tmp_path / "r.json"
    code, _out, err = run(["audit", c, "--engine", "none", "--json", r, "-q"], capsys)
    data = json.loads(r.read_text())
    assert data["roots"] == [str(c)] or data["roots"][0].endswith("c")
    # a document path under the recorded roots, or anywhere else: neither is read
    secret = c / "secret.txt"
    secret.write_text("Confidential: the board meets on Friday about PLUM-7731.\n")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("Confidential: the auditors arrive about KIWI-2250.\n")
    data["documents"][0]["path"] = str(secret)
    data["documents"][1]["path"] = str(elsewhere)
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(data))
    out = tmp_path / "again.html"
    code, _out, err = run(["report", crafted, "-o", out], capsys)
    assert code == 0, err
    html = out.read_text()
    assert "PLUM-7731" not in html
    assert "KIWI-2250" not in html
    assert "without their text in the report" in err
    assert "Traceback" not in err


def test_report_shows_the_texts_the_report_carries(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    r = tmp_path / "r.json"
    code, _out, err = run(
        ["audit", c, "--engine", "none", "--json", r, "-q", "--with-text"], capsys
    )
    assert code in (0, 1), err
    data = json.loads(r.read_text())
    assert all(isinstance(d["text"], str) and d["text"] for d in data["documents"])
    first = data["documents"][0]
    first["text"] = first["text"] + "\n\nAn added paragraph about MANGO-4410."
    for d in data["documents"]:
        d["path"] = str(tmp_path / "gone" / "nowhere.txt")  # the corpus is not needed
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(data))
    out = tmp_path / "again.html"
    code, _out, err = run(["report", crafted, "-o", out], capsys)
    assert code == 0, err
    assert "MANGO-4410" in out.read_text()
    assert "without their text" not in err
    data["documents"][0]["text"] = 7
    crafted.write_text(json.dumps(data))
    code, _out, err = run(["report", crafted, "-o", out], capsys)
    assert code == 2
    assert '"documents"[0].text must be a string' in err


# ---------------------------------------------------------------- crafted reports


def _valid_report(tmp_path: Path, capsys) -> dict:
    c = tmp_path / "c" if (tmp_path / "c").is_dir() else corpus_c(tmp_path)
    r = tmp_path / "r.json"
    run(["audit", c, "--engine", "none", "--json", r, "-q"], capsys)
    return json.loads(r.read_text())


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.pop("summary"), '"summary" is missing'),
        (lambda d: d.__setitem__("documents", "abc"), '"documents" must be a list'),
        (lambda d: d.__setitem__("findings", [{"rule": 1}]), '"findings"[0]'),
    ],
    ids=["no-summary", "documents-string", "finding-wrong-types"],
)
@pytest.mark.parametrize("fmt", ["html", "md", "text", "json"])
def test_crafted_report_is_a_usage_error(tmp_path, capsys, damage, message, fmt) -> None:
    data = _valid_report(tmp_path, capsys)
    damage(data)
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(data))
    code, out, err = run(["report", crafted, "-f", fmt], capsys)
    one_line_error(code, err, message)
    assert out == ""


def test_deeply_nested_report_is_a_usage_error(tmp_path, capsys) -> None:
    crafted = tmp_path / "deep.json"
    depth = 200_000
    crafted.write_text('{"schema": "transcheck-report/1", "x": ' + "[" * depth + "]" * depth + "}")
    code, _out, err = run(["report", crafted], capsys)
    one_line_error(code, err, "nested too deeply")


def test_report_from_a_fifo_or_device_is_refused(tmp_path, capsys) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    code, _out, err = run(["report", fifo], capsys)
    one_line_error(code, err, "not a regular file")
    code, _out, err = run(["report", "/dev/zero"], capsys)
    one_line_error(code, err, "not a regular file")


# ---------------------------------------------------------------- escaping per output

HOSTILE_NAME = "'><img src=x onerror=alert(1)>_en.txt"


def test_markdown_escapes_html_and_markdown_from_the_corpus(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    (c / HOSTILE_NAME).write_bytes(b"\x00\x01binary")  # a file error: its name is reported
    data = _valid_report(tmp_path, capsys)
    data["findings"] = [
        {
            "id": "x:1",
            "rule": "quote-drift",
            "severity": "warning",
            "key": "q:`<b>`",
            "message": "Said <script>alert(1)</script> and [click](javascript:alert(1))",
            "occurrences": [
                {"doc": "01_wire_en", "lang": "en", "line": 1, "text": "<img src=x>|*x*"}
            ]
            * 2,
        }
    ]
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(data))
    code, md, err = run(["report", crafted, "-f", "md"], capsys)
    assert code == 0, err
    for raw in ("<img", "<script", "](javascript", "<b>"):
        assert raw not in md, raw
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in md
    assert "\\[click\\]\\(javascript:alert\\(1\\)\\)" in md


def test_terminal_output_shows_controls_escaped(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    (c / "ansi_\x1b[2J_\u202eevil_en.txt").write_bytes(b"\x00\x00binary")
    (c / "esc_en.txt").write_text("The mayor said \x1b]0;owned\x07 that 1,250 people left.\n")
    code, out, err = run(["audit", c, "--engine", "none", "--fail-on", "never"], capsys)
    assert code == 0, err
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "\x1b" not in err
    flat = out.replace("\n", "")
    assert "\\x1b[2J" in flat
    assert "\\u202eevil" in flat


def test_rich_markup_in_a_path_is_plain_text(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    (c / "[").mkdir()
    (c / "[" / "]bad[bold]_en.txt").write_bytes(b"\x00\x00binary")
    code, out, err = run(["audit", c, "--engine", "none", "--fail-on", "never"], capsys)
    assert code == 0, err
    assert "Traceback" not in out + err
    assert "[/]bad[bold]_en.txt" in out.replace("\n", "")


def test_bidi_override_in_a_file_name_is_escaped_in_html(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    (c / "invoice_\u202etxt.exe_en.txt").write_text(ARTICLE)
    html = tmp_path / "r.html"
    code, _out, err = run(
        ["audit", c, "--engine", "none", "--html", html, "--fail-on", "never", "-q"], capsys
    )
    assert code == 0, err
    page = html.read_text()
    assert "\u202e" not in page
    assert "invoice_\\u202etxt.exe_en" in page


def test_csv_export_neutralises_formulas_and_round_trips(tmp_path, capsys) -> None:
    gl = tmp_path / "g.yaml"
    gl.write_text(
        "version: 1\n"
        "entries:\n"
        "  - id: evil\n"
        "    type: term\n"
        "    canonical:\n"
        '      en: \'=HYPERLINK("http://x","y")\'\n'
        "    allowed:\n"
        "      en: ['+cmd|calc', '@SUM(A1)', '-2+3']\n"
    )
    before = snapshot(gl)
    out = tmp_path / "g.csv"
    code, _o, err = run(["glossary", "export", gl, "-f", "csv", "-o", out], capsys)
    assert code == 0, err
    import csv

    cells = [c for row in csv.reader(out.open(newline="")) for c in row]
    for value in ('=HYPERLINK("http://x","y")', "+cmd|calc", "@SUM(A1)", "-2+3"):
        assert "'" + value in cells, cells
        assert value not in cells
    assert not any(c[:1] in "=+-@\t\r" for c in cells if c)
    back = tmp_path / "back.yaml"
    code, _o, err = run(["glossary", "import", out, "-o", back], capsys)
    assert code == 0, err
    text = back.read_text()
    from ruamel.yaml import YAML

    entry = YAML(typ="safe").load(text)["entries"][0]
    assert entry["canonical"]["en"] == '=HYPERLINK("http://x","y")'
    assert entry["allowed"]["en"] == ["+cmd|calc", "@SUM(A1)", "-2+3"]
    assert snapshot(gl) == before


# ---------------------------------------------------------------- bounded reads


def test_glossary_lint_on_dev_zero_is_refused_at_once(tmp_path, capsys) -> None:
    code, out, err = run(["glossary", "lint", "/dev/zero"], capsys)
    assert code == 1, err
    assert out == "/dev/zero: cannot read: not a regular file (a glossary must be a plain file)\n"
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_fifo_as_glossary_does_not_hang(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    fifo = tmp_path / "g.yaml"
    os.mkfifo(fifo)
    out = tmp_path / "r.json"
    code, _o, err = run(
        ["audit", c, "--engine", "none", "-g", fifo, "-f", "json", "-o", out]
        + ["--fail-on", "never"],
        capsys,
    )
    assert code == 0, err
    report = json.loads(out.read_text())
    assert any("not a regular file" in e["error"] for e in report["errors"]), report["errors"]
    assert report["summary"]["documents"] == 2


def test_huge_glossary_beside_the_corpus_is_refused_by_size(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    gl = tmp_path / "glossaries"
    gl.mkdir()
    with open(gl / "huge.yaml", "wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.write(b"version: 1\nentries:\n")
        fh.truncate(3_000_000_000)
    out = tmp_path / "r.json"
    code, _o, err = run(
        ["audit", c, "--engine", "none", "-f", "json", "-o", out, "--fail-on", "never"], capsys
    )
    assert code == 0, err
    report = json.loads(out.read_text())
    assert any("too large" in e["error"] for e in report["errors"]), report["errors"]


def test_import_from_a_device_or_fifo_is_refused(tmp_path, capsys) -> None:
    fifo = tmp_path / "terms.csv"
    os.mkfifo(fifo)
    for source in (fifo, Path("/dev/zero")):
        code, _o, err = run(["glossary", "import", source, "-f", "csv"], capsys)
        assert code == 1, err
        assert "not a regular file" in err
        assert "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_glossary_output_onto_its_input_is_refused(tmp_path, capsys) -> None:
    gl = tmp_path / "g.yaml"
    gl.write_text("version: 1\nentries: []\n")
    before = snapshot(gl)
    code, _o, err = run(["glossary", "export", gl, "-f", "csv", "-o", gl], capsys)
    one_line_error(code, err, "would overwrite the input file")
    assert snapshot(gl) == before


@pytest.mark.slow
def test_randomly_damaged_reports_never_crash(tmp_path, capsys) -> None:
    """Fields of a real report replaced by values of every type: exit 0 or 2, no traceback."""
    import copy
    import random

    base = _valid_report(tmp_path, capsys)
    base["findings"] = [
        {
            "id": "x:1",
            "rule": "number-mismatch",
            "severity": "warning",
            "key": "n:1",
            "message": "m",
            "occurrences": [
                {"doc": "01_wire_en", "lang": "en", "line": 1, "text": "1,250", "start": 5}
            ]
            * 2,
            "evidence": {"readings": [{"text": "a", "docs": ["01_wire_en"]}]},
        }
    ]
    values = [None, 1, -5, 1.5, "x", "", [], {}, [1], {"a": 1}, True, "<b>", [None], [{}]]

    def paths(o, pre=()):
        yield pre
        items = o.items() if isinstance(o, dict) else enumerate(o) if isinstance(o, list) else ()
        for k, v in items:
            yield from paths(v, (*pre, k))

    every = [p for p in paths(base) if p]
    rng = random.Random(11)
    crafted = tmp_path / "crafted.json"
    for _ in range(60):
        data = copy.deepcopy(base)
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(every)
            target = data
            try:
                for k in path[:-1]:
                    target = target[k]
                target[path[-1]] = rng.choice(values)
            except (KeyError, IndexError, TypeError):
                pass
        crafted.write_text(json.dumps(data))
        for fmt in ("html", "md", "text", "json"):
            code, _out, err = run(["report", crafted, "-f", fmt], capsys)
            assert code in (0, 2), (fmt, data, err)
            assert "Traceback" not in err
            if code == 2:
                assert len(err.strip().splitlines()) == 1, err


# ---------------------------------------------------------------- baselines and spreadsheets


def test_baseline_files_are_inputs_and_outputs_are_checked(tmp_path, capsys) -> None:
    """`--baseline` is only read; `transcheck baseline -o` never lands on the report or a
    document it names."""
    c = corpus_c(tmp_path)
    r = tmp_path / "r.json"
    code, _out, err = run(["audit", c, "--engine", "none", "--json", r, "-q"], capsys)
    b = tmp_path / "b.json"
    code, _out, err = run(["baseline", r, "-o", b], capsys)
    assert code == 0, err
    before = {p: p.read_bytes() for p in (r, b)}
    corpus_before = snapshot(c)
    for args in (
        ["audit", c, "--engine", "none", "--html", b, "--baseline", b],
        ["report", r, "--baseline", b, "-o", b],
        ["baseline", r, "-o", r],
        ["baseline", r, "-o", c / "01_wire_en.txt"],
    ):
        code, _out, err = run(args, capsys)
        one_line_error(code, err, "would overwrite the input file")
    assert {p: p.read_bytes() for p in (r, b)} == before
    assert snapshot(c) == corpus_before


def test_baseline_from_a_fifo_or_device_is_refused(tmp_path, capsys) -> None:
    c = corpus_c(tmp_path)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        code, _out, err = run(["audit", c, "--engine", "none", "--baseline", path], capsys)
        one_line_error(code, err, "not a regular file")


def _report_with(text: str) -> dict:
    occurrence = {"doc": "d", "lang": "en", "text": text, "pivot_text": text, "line": 1}
    return {
        "documents": [{"id": "d", "path": "corpus/d_en.txt"}],
        "findings": [
            {
                "id": "r:1",
                "rule": "quote-drift",
                "severity": "warning",
                "key": "k",
                "message": text,
                "occurrences": [occurrence, occurrence],
            }
        ],
    }


def test_spreadsheet_exports_show_controls_escaped_and_neutralise_formulas() -> None:
    import csv
    import io

    openpyxl = pytest.importorskip("openpyxl")
    from transcheck.report import render

    hostile = "=cmd|' /C calc'!A0 \x1b]0;owned\x07 \u202eevil"
    book = openpyxl.load_workbook(io.BytesIO(render(_report_with(hostile), "xlsx")))
    cells = [c.value for row in book.active.iter_rows(min_row=2) for c in row]
    texts = [v for v in cells if isinstance(v, str) and "owned" in v]
    assert texts, cells
    assert all("\\x1b]0;owned\\x07" in v for v in texts), cells
    assert all("\x1b" not in v for v in texts), cells
    rows = list(csv.reader(io.StringIO(render(_report_with(hostile), "csv").lstrip("\ufeff"))))
    assert all(not v.startswith("=") for row in rows[1:] for v in row), rows
    assert any(v.startswith("'=cmd") for v in rows[1]), rows


@pytest.mark.parametrize("follow", [False, True])
def test_progress_total_counts_what_the_walk_yields(tmp_path, follow) -> None:
    from transcheck import corpus

    c, _private = _linked_corpus(tmp_path)
    (c / "etc").unlink(missing_ok=True)
    (tmp_path / "home" / "more_en.txt").write_text("Another private note.\n")
    (c / "home").symlink_to(tmp_path / "home")  # a folder out of the corpus: 2 files behind it
    items = list(corpus.iter_corpus([c], follow_symlinks=follow))
    assert corpus.count_files([c], follow_symlinks=follow) == len(items)
