"""The HTML report in a real headless Chromium (system binaries, nothing downloaded).

One browser session for the module. The hostile report would set ``window.__pwned`` or the
page title if any of its corpus text ever ran as script.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, require
from selenium.common.exceptions import NoAlertPresentException

from transcheck.report.html import render_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAYLOADS = (
    "<script>window.__pwned = 1; document.title = 'pwned'; alert('pwned')</script>",
    "<img src=x onerror=\"window.__pwned = 2; document.title = 'pwned'\">",
    '"\'><svg onload="window.__pwned = 3">',
)
HOSTILE = " ".join(PAYLOADS)

TEXTS = {
    "a_es": f"El ministro dijo: «disparar a matar sin previo aviso» ayer. {HOSTILE}\n",
    "b_fr": "Le ministre a dit : « tirer sans sommation » hier.\n",
    "c_he": 'השר אמר: "לירות בלי אזהרה" אתמול.\n',
    "d_en": 'The minister said: "shoot to kill without warning" yesterday. Ana Lopes.\n',
}
LANGS = {"a_es": "es", "b_fr": "fr", "c_he": "he", "d_en": "en"}


def occ(doc: str, text: str, pivot: str | None) -> dict:
    start = TEXTS[doc].index(text)
    return {"doc": doc, "lang": LANGS[doc], "text": text, "pivot_text": pivot,
            "context": TEXTS[doc].strip(), "start": start, "end": start + len(text), "line": 1}  # fmt: skip


def hostile_report() -> dict:
    findings = [
        {"id": "quote-drift:00000001", "rule": "quote-drift", "severity": "warning",
         "key": "q:1", "message": f"Quotation drift {HOSTILE}",
         "occurrences": [occ("a_es", "disparar a matar sin previo aviso", "shoot to kill"),
                         occ("b_fr", "tirer sans sommation", "fire without warning"),
                         occ("c_he", "לירות בלי אזהרה", "fire without warning"),
                         occ("d_en", "shoot to kill without warning", None)],
         "glossary": {"file": "g.yaml", "entry": "e", "reason": HOSTILE}, "evidence": {}},
        {"id": "name-variant:00000002", "rule": "name-variant", "severity": "error",
         "key": "n:1", "message": "Ana Lopes / hostile",
         "occurrences": [occ("d_en", "Ana Lopes", None), occ("a_es", PAYLOADS[0], PAYLOADS[0])],
         "evidence": {}},
        {"id": "number-mismatch:00000003", "rule": "number-mismatch", "severity": "info",
         "key": "x:1", "message": "a figure", "occurrences": [occ("b_fr", "hier", "yesterday"),
                                                              occ("d_en", "yesterday", None)],
         "evidence": {}},
    ]  # fmt: skip
    return {
        "schema": "transcheck-report/1",
        "tool": {"name": "transcheck", "version": "0"},
        "pivot": "en",
        "engines": [{"name": "apertium", "pairs": ["es-en"]}],
        "glossaries": ["g.yaml"],
        "documents": [{"id": d, "path": f"{d}.txt", "lang": lang} for d, lang in LANGS.items()],
        "findings": findings,
        "errors": [{"path": PAYLOADS[1], "error": PAYLOADS[2]}],
        "notices": [{"code": "x", "message": HOSTILE, "lang": None, "doc": None}],
        "summary": {"documents": 4, "errors": 1},
    }


def _load_screenshot_module():
    spec = importlib.util.spec_from_file_location("screenshot", ROOT / "scripts/screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shot():
    return _load_screenshot_module()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory, shot):
    require(
        bool(shutil.which("chromium") and shutil.which("chromedriver")),
        "chromium + chromium-driver",
    )
    os.environ["SE_OFFLINE"] = "true"
    drv = shot.chrome_driver(str(tmp_path_factory.mktemp("chromium-profile")), height=1200)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "hostile.html"
    path.write_text(render_html(hostile_report(), texts=TEXTS), encoding="utf-8")
    return path


def visible_findings(driver) -> int:
    return sum(1 for e in driver.find_elements("css selector", ".finding") if e.is_displayed())


def test_hostile_report_renders_as_text_and_nothing_runs(driver, hostile_page: Path) -> None:
    driver.get(hostile_page.as_uri())
    assert driver.execute_script("return window.__pwned === undefined")
    assert "pwned" not in driver.title
    assert driver.title.startswith("Translation drift report")
    body = driver.find_element("tag name", "body").text
    assert "<script>window.__pwned = 1" in body  # shown as text
    assert driver.find_elements("css selector", "img, svg, iframe") == []
    # the filters were enabled by our own script (allowed by the CSP hash)
    assert driver.find_element("id", "filters").is_displayed()
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - reading it is the check
    # no console errors: nothing blocked by the CSP (our own script and style match its hashes)
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_filters_change_the_visible_findings(driver, hostile_page: Path) -> None:
    from selenium.webdriver.support.ui import Select

    driver.get(hostile_page.as_uri())
    assert visible_findings(driver) == 3
    Select(driver.find_element("id", "f-severity")).select_by_value("error")
    assert visible_findings(driver) == 1
    assert "1 of 3" in driver.find_element("id", "filter-status").text
    driver.find_element("id", "f-reset").click()
    driver.execute_script("return 0")  # let the reset handler run
    Select(driver.find_element("id", "f-rule")).select_by_value("quote-drift")
    assert visible_findings(driver) == 1
    Select(driver.find_element("id", "f-rule")).select_by_value("")
    box = driver.find_element("id", "f-text")
    box.send_keys("A FIGURE")  # case-insensitive, matches one message
    assert visible_findings(driver) == 1
    box.clear()
    box.send_keys(" ")  # whitespace only: no filter
    assert visible_findings(driver) == 3


def test_sort_by_documents_puts_the_widest_finding_first(driver, hostile_page: Path) -> None:
    from selenium.webdriver.support.ui import Select

    driver.get(hostile_page.as_uri())
    first = driver.find_elements("css selector", ".finding")[0]
    assert first.get_attribute("data-severity") == "error"
    Select(driver.find_element("id", "f-sort")).select_by_value("docs")
    first = driver.find_elements("css selector", ".finding")[0]
    assert first.get_attribute("data-rule") == "quote-drift"


def test_span_link_reaches_a_filtered_out_finding(driver, hostile_page: Path) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(hostile_page.as_uri())
    Select(driver.find_element("id", "f-severity")).select_by_value("info")
    target = driver.find_element("css selector", "mark.span.sev-error a")
    href = target.get_attribute("href").split("#", 1)[1]
    assert not driver.find_element("id", href).is_displayed()
    driver.execute_script("arguments[0].click()", target)
    WebDriverWait(driver, 5).until(lambda d: d.find_element("id", href).is_displayed())
    # again with the same address (no hashchange): the click alone must clear the filter
    Select(driver.find_element("id", "f-severity")).select_by_value("info")
    assert not driver.find_element("id", href).is_displayed()
    driver.execute_script("arguments[0].click()", target)
    WebDriverWait(driver, 5).until(lambda d: d.find_element("id", href).is_displayed())
    assert driver.execute_script("return location.hash") == f"#{href}"


def test_print_shows_every_finding_and_no_controls(driver, hostile_page: Path) -> None:
    from selenium.webdriver.support.ui import Select

    driver.get(hostile_page.as_uri())
    Select(driver.find_element("id", "f-severity")).select_by_value("info")
    assert visible_findings(driver) == 1
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert visible_findings(driver) == 3
        shown = driver.execute_script(
            "return getComputedStyle(document.getElementById('filters')).display"
        )
        assert shown == "none"
        sticky = driver.execute_script(
            "return [...document.querySelectorAll('body *')]"
            ".filter(e => ['sticky', 'fixed'].includes(getComputedStyle(e).position)).length"
        )
        assert sticky == 0
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_without_javascript_everything_is_listed(driver, hostile_page: Path) -> None:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(hostile_page.as_uri())
        assert visible_findings(driver) == 3
        assert not driver.find_element("id", "filters").is_displayed()
        assert (
            len([d for d in driver.find_elements("css selector", ".doc") if d.is_displayed()]) == 4
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_keyboard_reaches_the_skip_link_first(driver, hostile_page: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.get(hostile_page.as_uri())
    ActionChains(driver).send_keys(Keys.TAB).perform()
    active = driver.switch_to.active_element
    assert active.get_attribute("class") == "skip-link"
    assert active.is_displayed()
    assert active.location["y"] >= 0
    outline = driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active)
    assert outline != "none"
    active.send_keys(Keys.ENTER)
    assert driver.execute_script("return location.hash") == "#findings"


def test_screenshot_is_a_png(driver, hostile_page: Path, tmp_path: Path, shot) -> None:
    shot.set_viewport(driver, 1280, 1200)
    driver.get(hostile_page.as_uri())
    png = tmp_path / "report.png"
    assert driver.save_screenshot(str(png))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000


def test_demo_corpus_report_in_the_browser(driver, tmp_path: Path) -> None:
    from transcheck.audit import AuditOptions, audit
    from transcheck.report import build_report

    corpus = ROOT / "corpus"
    require(corpus.is_dir(), "the demo corpus (corpus/)")
    result = audit([corpus], AuditOptions(progress=False, use_cache=False))
    report = build_report(result)
    page = tmp_path / "audit.html"
    page.write_text(
        render_html(report, texts={d.id: d.text for d in result.documents}), encoding="utf-8"
    )
    driver.get(page.as_uri())
    assert len(driver.find_elements("css selector", ".doc")) == len(report["documents"])
    assert visible_findings(driver) == len(report["findings"])
    if report["findings"]:
        worst = report["findings"][0]["severity"]
        from selenium.webdriver.support.ui import Select

        Select(driver.find_element("id", "f-severity")).select_by_value(worst)
        shown = sum(1 for f in report["findings"] if f["severity"] == worst)
        assert visible_findings(driver) == shown


# ---------------------------------------------------------------- editors' triage loop


def _demo_html(tmp_path: Path, *extra: str) -> Path:
    from transcheck.cli import main

    corpus = ROOT / "corpus"
    require(corpus.is_dir(), "the demo corpus (corpus/)")
    page = tmp_path / f"audit{len(extra)}.html"
    args = ["audit", str(corpus), "-f", "html", "-o", str(page), "--fail-on", "never", "-q"]
    assert main([*args, *extra]) == 0
    return page


def test_back_translations_are_labelled_and_never_quoted(driver, tmp_path: Path) -> None:
    driver.get(_demo_html(tmp_path).as_uri())
    bts = driver.find_elements("css selector", ".variant .bt")
    assert bts, "the demo's drifted quotation shows a back-translation"
    for bt in bts:
        assert (
            bt.find_element("css selector", ".bt-label")
            .text.lower()
            .startswith("machine back-translation")
        )
        assert driver.execute_script("return arguments[0].closest('q') === null", bt)
    # what sits in quotation marks is written in a corpus language, as in the document
    quoted = [q.text for q in driver.find_elements("css selector", ".variant q")]
    assert any(t.startswith("Mantengan abiertas") for t in quoted)
    assert not any(t.startswith("They maintain") for t in quoted)
    for cell in driver.find_elements("css selector", "td.bt"):  # labelled by the column
        assert driver.execute_script("return arguments[0].querySelector('q') === null", cell)
    headers = [th.text for th in driver.find_elements("css selector", ".occurrences th")]
    assert any(h.startswith("Machine back-translation") for h in headers)
    # only the change is marked in the back-translation, not the machine's other wording
    marked = [e.text for e in driver.find_elements("css selector", ".drifted .bt em.diff")]
    # (the floodgates order, and the bridge quotation of corpus/harbour-bridge)
    assert sorted(marked) == ["dangerous", "opened"]


def test_reference_form_carries_no_warning(driver, tmp_path: Path) -> None:
    driver.get(_demo_html(tmp_path).as_uri())
    wire = driver.find_element("id", "doc-01_wire_en")
    spans = wire.find_elements("css selector", "mark.span")
    barsukov = [m for m in spans if m.text == "Yevgeny Barsukov"]
    assert barsukov
    assert all("ref" in m.get_attribute("class").split() for m in barsukov)
    assert not any("sev-warning" in m.get_attribute("class") for m in barsukov)
    chips = " ".join(c.text for c in wire.find_elements("css selector", ".doc-findings .chip"))
    assert "name-variant" not in chips
    assert "quote-drift" not in chips
    # the document with the deviation does carry the finding
    depeche = driver.find_element("id", "doc-07_depeche_fr")
    chips = " ".join(c.text for c in depeche.find_elements("css selector", ".doc-findings .chip"))
    assert "WARNING name-variant" in chips


def test_tick_download_baseline_and_rerun_hides_it(driver, tmp_path: Path) -> None:
    import json
    import time

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.get(_demo_html(tmp_path).as_uri())
    article = driver.find_elements("css selector", ".finding")[0]
    fid = article.find_element("css selector", "fieldset.triage").get_attribute("data-id")
    article.find_element("css selector", "fieldset.triage label[for$='-accepted']").click()
    assert "1 new decision" in driver.find_element("id", "triage-count").text
    driver.find_element("id", "baseline-download").click()
    target = downloads / "transcheck-baseline.json"
    deadline = time.monotonic() + 10
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.is_file(), list(downloads.iterdir())
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema"] == "transcheck-baseline/1"
    assert list(data["findings"]) == [fid]
    assert data["findings"][fid]["status"] == "accepted"

    driver.get(_demo_html(tmp_path, "--baseline", str(target)).as_uri())
    assert "1 accepted" in driver.find_element("id", "triage-summary").text
    ids = [
        fs.get_attribute("data-id")
        for fs in driver.find_elements("css selector", "fieldset.triage")
    ]
    assert fid not in ids
    assert ids
    assert all(e.text == "NEW" for e in driver.find_elements("css selector", ".finding .new-chip"))
    assert len(driver.find_elements("css selector", ".finding .new-chip")) == len(ids)
    # the next download keeps the earlier decision
    assert list(json.loads(driver.execute_script("return transcheckBaseline()"))["findings"]) == [
        fid
    ]
