"""Formats come from one table: a new renderer is one module and one line in RENDERERS."""

from __future__ import annotations

import sys

import pytest

from transcheck import report as report_pkg
from transcheck.cli import Format
from transcheck.report import FORMATS, RENDERERS, render, renderer


def test_cli_choices_are_the_table():
    assert [f.value for f in Format] == list(FORMATS) == list(RENDERERS)


def test_every_renderer_imports_and_renders_an_empty_report():
    from transcheck.audit import AuditResult
    from transcheck.report.json import build_report

    nothing = AuditResult(
        pivot="en",
        documents=[],
        extractions={},
        findings=[],
        errors=[],
        notices=[],
        engines=[],
        stats={},
        glossary_files=[],
    )
    for fmt in FORMATS:
        out = render(build_report(nothing), fmt)
        assert isinstance(out, bytes if fmt in report_pkg.BINARY_FORMATS else str)
        assert out, fmt


def test_a_new_renderer_is_one_module_and_one_line(tmp_path, monkeypatch):
    (tmp_path / "zz_tsv_renderer.py").write_text(
        "def render_tsv(report, show_info=True):\n"
        "    return 'rule\\tshown\\n' + ''.join(\n"
        "        f\"{f['rule']}\\t{show_info}\\n\" for f in report['findings'])\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(RENDERERS, "tsv", "zz_tsv_renderer:render_tsv")
    try:
        out = render({"findings": [{"rule": "number-mismatch"}]}, "tsv", show_info=False)
    finally:
        sys.modules.pop("zz_tsv_renderer", None)
    # options the renderer does not name (texts) are not passed to it
    assert out == "rule\tshown\nnumber-mismatch\tFalse\n"


def test_an_unknown_format_says_which_exist():
    with pytest.raises(ValueError, match="choose one of text, json"):
        renderer("docx")
