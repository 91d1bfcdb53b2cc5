"""Golden files: the demo corpus's report in every format, compared byte for byte.

Two layers (tests/golden_cases.py says how the files are made; `make golden` updates them):
- fast: every renderer applied to the saved JSON report (tests/golden/demo.json) must give the
  saved text, Markdown, CSV, JSON and HTML bytes;
- slow (end to end): a fresh audit of corpus/ through the CLI must write all of them again.
"""

from __future__ import annotations

import difflib
import json
import shutil

import pytest
from conftest import require
from golden_cases import (
    ANSI_TEXT,
    BASELINE,
    FORMATS,
    GOLDEN,
    REPORT_HTML,
    ROOT,
    WITH_BASELINE,
    all_golden_files,
    make_reports,
    render_ansi,
)

from transcheck.report import render

HINT = "if the change is intended: `make golden`, then review `git diff tests/golden/`"


def assert_same_bytes(new: bytes, name: str) -> None:
    old = (GOLDEN / name).read_bytes()
    if new == old:
        return
    diff = difflib.unified_diff(
        old.decode("utf-8", "replace").splitlines(),
        new.decode("utf-8", "replace").splitlines(),
        f"tests/golden/{name}",
        "new output",
        lineterm="",
        n=1,
    )
    shown = "\n".join(line[:200] for line in list(diff)[:40])
    pytest.fail(
        f"{name} differs from the golden file ({len(old)} -> {len(new)} bytes); {HINT}\n{shown}"
    )


@pytest.fixture(scope="module")
def saved_report() -> dict:
    return json.loads((GOLDEN / FORMATS["json"]).read_text(encoding="utf-8"))


def test_golden_files_are_there_and_not_trivial():
    for name in all_golden_files():
        assert (GOLDEN / name).stat().st_size > 3000, name


@pytest.mark.parametrize("fmt", ["text", "md", "csv", "json"])
def test_renderer_gives_the_golden_bytes(saved_report, fmt):
    content = render(saved_report, fmt, show_info=False)
    assert isinstance(content, str)
    assert_same_bytes(content.encode("utf-8"), FORMATS[fmt])


def document_texts(report: dict) -> dict[str, str]:
    """Each document's full text, read from the demo corpus (the paths the report records are
    relative to the repository root): what `audit --with-text` would put in the report."""
    from transcheck.corpus import read_document_text

    texts = {d["id"]: read_document_text(str(ROOT / d["path"])) for d in report["documents"]}
    assert all(texts.values())
    return texts


def test_html_renderer_gives_the_golden_bytes(saved_report):
    """HTML shows each document's full text; rendered from the saved report and the texts it
    gives the same bytes as the audit's own HTML and as `transcheck report` on a report saved
    with --with-text."""
    content = render(saved_report, "html", texts=document_texts(saved_report), show_info=False)
    assert_same_bytes(content.encode("utf-8"), FORMATS["html"])
    assert (GOLDEN / REPORT_HTML).read_bytes() == (GOLDEN / FORMATS["html"]).read_bytes()


@pytest.mark.parametrize("fmt", sorted(WITH_BASELINE))
def test_renderer_with_baseline_and_info_gives_the_golden_bytes(saved_report, fmt, monkeypatch):
    """Decided findings hidden and counted, the rest marked new, info findings listed: the
    branches the plain demo report never takes."""
    from transcheck.baseline import apply_baseline, load_baseline

    monkeypatch.chdir(ROOT)
    report = apply_baseline(saved_report, load_baseline(BASELINE), BASELINE)
    texts = document_texts(saved_report) if fmt == "html" else None
    content = render(report, fmt, texts=texts, show_info=True)
    assert_same_bytes(content.encode("utf-8"), WITH_BASELINE[fmt])


def test_colour_terminal_gives_the_golden_bytes(saved_report):
    """Severity colours, bold and dimmed parts, as a colour terminal shows them."""
    assert_same_bytes(render_ansi(saved_report), ANSI_TEXT)


@pytest.fixture(scope="module")
def fresh_reports(tmp_path_factory) -> dict[str, bytes]:
    require(shutil.which("apertium") is not None, "apertium")
    from transcheck import wordnet

    require(wordnet.available(), "WordNet (Debian package wordnet-base)")
    return make_reports(tmp_path_factory.mktemp("golden"))


@pytest.mark.slow
@pytest.mark.parametrize("name", all_golden_files())
def test_fresh_audit_gives_the_golden_bytes(fresh_reports, name):
    assert_same_bytes(fresh_reports[name], name)


def test_golden_files_leave_nothing_to_normalise(saved_report):
    """Nothing in the saved reports depends on the machine or the time: no timestamp, no
    absolute path, no cache statistics."""
    assert "generated_at" not in saved_report
    for name in all_golden_files():
        text = (GOLDEN / name).read_text(encoding="utf-8")
        assert str(ROOT) not in text, name
        assert "/tmp/" not in text, name
    assert set(saved_report["summary"]["translation"]) == {"passages", "unique_passages"}
