"""Unit tests of the HTML report on hand-built report dicts (no browser)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from transcheck.report.html import render_html

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "\"'><svg onload=alert(1)>"
HOSTILE = f"{SCRIPT} {IMG} {SVG}"

TEXTS = {
    "wire/001_es": (
        "Titular\nEl ministro dijo: «disparar a matar sin previo aviso» ante la prensa.\n"
        f"Nota: {HOSTILE}\n"
    ),
    "002_fr": "Le ministre a déclaré : « tirer sans sommation » devant la presse.\n",
    "003_ar": "قال الوزير: «أطلقوا النار دون سابق إنذار» أمام الصحفيين.\n",
    "004_en": 'The minister said: "shoot to kill without warning". Ana Lopes spoke.\n',
}
LANGS = {"wire/001_es": "es", "002_fr": "fr", "003_ar": "ar", "004_en": "en"}


def occ(doc: str, text: str, pivot: str | None, context: str | None = None) -> dict:
    full = TEXTS[doc]
    start = full.index(text)
    line_start = full.rfind("\n", 0, start) + 1
    line_end = full.find("\n", start)
    return {
        "doc": doc,
        "lang": LANGS[doc],
        "text": text,
        "pivot_text": pivot,
        "context": full[line_start:line_end] if context is None else context,
        "start": start,
        "end": start + len(text),
        "line": full.count("\n", 0, start) + 1,
    }


def make_report() -> dict:
    quote = {
        "id": "quote-drift:3f2a9c1e",
        "rule": "quote-drift",
        "severity": "warning",
        "key": "q:shoot",
        "message": f"The same quotation is rendered two ways {HOSTILE}",
        "occurrences": [
            occ("wire/001_es", "disparar a matar sin previo aviso", "shoot to kill without notice"),
            occ("002_fr", "tirer sans sommation", "fire without warning"),
            occ("003_ar", "أطلقوا النار دون سابق إنذار", "Fire without warning"),
            occ("004_en", "shoot to kill without warning", None),
        ],
        "glossary": {"file": "glossaries/news.yaml", "entry": "order", "reason": HOSTILE},
        "evidence": {"chrf": 41.25},
    }
    name = {
        "id": "name-variant:0b1c2d3e",
        "rule": "name-variant",
        "severity": "error",
        "key": "n:lopes",
        "message": "Ana Lopes / Ana López",
        "occurrences": [
            occ("004_en", "Ana Lopes", None),
            occ("wire/001_es", HOSTILE, HOSTILE, context=""),  # hostile span, no context
        ],
        "evidence": {},
    }
    info = {
        "id": "number-mismatch:99aa88bb",
        "rule": "number-mismatch",
        "severity": "info",
        "key": "x",
        "message": "figure",
        "occurrences": [
            # offsets that do not match the text: the renderer must search for the span
            {**occ("002_fr", "presse", "press"), "start": 0, "end": 3},
            {
                "doc": "unlisted",
                "lang": "de",
                "text": "Presse",
                "pivot_text": "press",
                "context": "Die Presse",
                "start": 4,
                "end": 10,
                "line": 1,
            },
        ],
        "evidence": {},
    }
    return {
        "schema": "transcheck-report/1",
        "tool": {"name": "transcheck", "version": "0.1.0"},
        "pivot": "en",
        "engines": [{"name": "apertium", "pairs": ["es-en", "fr-es"]}],
        "glossaries": ["glossaries/news.yaml"],
        "documents": [
            {"id": d, "path": f"corpus/{d}.txt", "lang": lang, "declared_lang": lang,
             "lang_confidence": 0.99, "encoding": "utf-8", "paragraphs": 2,
             "translated_by": None if lang == "en" else f"apertium:{lang}-en"}
            for d, lang in sorted(LANGS.items())
        ],
        # deliberately not in severity order: the page must put the error first
        "findings": [quote, name, info],
        "errors": [{"path": f"corpus/{SVG}.bin", "error": f"not text {SCRIPT}"}],
        "notices": [{"code": "no-engine", "message": f"no engine {IMG}", "lang": "ar",
                     "doc": "003_ar"}],
        "summary": {"documents": 4, "errors": 1, "findings": {"error": 1, "warning": 1, "info": 1},
                    "by_rule": {"name-variant": 1, "number-mismatch": 1, "quote-drift": 1},
                    "languages": {"ar": 1, "en": 1, "es": 1, "fr": 1},
                    "translation": {"segments": 7}},
    }  # fmt: skip


class Collector(HTMLParser):
    """Ids, internal links, tags with their attributes and inline handlers in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
        href = a.get("href") or ""
        if href.startswith("#"):
            self.links.append(href[1:])
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    c.close()
    return c


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(make_report(), texts=TEXTS)


@pytest.fixture(scope="module")
def page_without_texts() -> str:
    return render_html(make_report(), texts=None)


@pytest.mark.parametrize("fixture", ["page", "page_without_texts"])
def test_hostile_text_is_escaped(fixture: str, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue(fixture)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    parsed = parse(html)
    # the only script element is ours, and no element carries an inline handler
    assert [t for t, _ in parsed.tags if t == "script"] == ["script"]
    assert not [t for t, a in parsed.tags if any(k.startswith("on") for k in a)]
    assert not [t for t, _ in parsed.tags if t in ("img", "svg", "iframe", "object", "embed")]


def test_every_finding_and_document_is_present(page: str) -> None:
    for f in make_report()["findings"]:
        assert f["id"] in page
    for doc in TEXTS:
        assert f">{doc}<" in page
    assert page.count('class="finding ') == 3


@pytest.mark.parametrize("fixture", ["page", "page_without_texts"])
def test_internal_links_resolve_and_ids_are_unique(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    parsed = parse(request.getfixturevalue(fixture))
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate element ids"
    assert parsed.links, "expected links between findings and documents"
    missing = sorted(set(parsed.links) - set(parsed.ids))
    assert not missing, f"links without target: {missing}"


def test_links_go_both_ways(page: str) -> None:
    parsed = parse(page)
    finding_ids = {a["id"] for t, a in parsed.tags if "finding" in (a.get("class") or "").split()}
    span_links = {
        a["href"][1:]
        for t, a in parsed.tags
        if t == "a" and a.get("href", "").startswith("#f-") and a.get("title")
    }
    # every finding with a located span is reachable from the document text
    assert span_links == finding_ids
    # every rendering links to its place in the document view
    anchors = [i for i in parsed.ids if re.fullmatch(r"f-.+-o\d+", i)]
    assert len(anchors) == 8
    assert all(a in parsed.links for a in anchors)


def test_deterministic_and_input_untouched() -> None:
    report = make_report()
    before = copy.deepcopy(report)
    first = render_html(report, texts=dict(TEXTS))
    second = render_html(copy.deepcopy(report), texts=dict(reversed(list(TEXTS.items()))))
    assert first == second
    assert report == before


def test_most_severe_first_and_severity_in_words(page: str) -> None:
    order = [m.group(1) for m in re.finditer(r'data-severity="(\w+)"', page)]
    assert order == ["error", "warning", "info"]
    for word in ("ERROR", "WARNING", "INFO"):
        assert f">{word}<" in page
    summary = re.search(r'<p class="summary" id="summary">(.*?)</p>', page, re.S)
    assert summary is not None
    assert "3 findings (1 error, 1 warning, 1 info)" in summary.group(1)
    assert "1 quotation drifted" in summary.group(1)


def test_quote_wordings_are_grouped_with_document_counts(page: str) -> None:
    start = page.index('id="f-quote-drift-3f2a9c1e"')
    article = page[start : page.index("</article>", start)]
    variants = re.findall(r'<li class="variant">(.*?)</li>', article, re.S)
    # "fire without warning" (fr, ar: case-insensitive) first with 2 documents, then the others
    assert len(variants) == 3
    assert "2 documents" in variants[0]
    assert 'href="#f-quote-drift-3f2a9c1e-o' in variants[0]
    first = re.sub(r"<[^>]+>", "", variants[0])
    assert "fire without warning" in first.lower()
    # in each reading, the words no other reading has are marked
    assert '<em class="diff">fire</em> without warning' in variants[0]
    assert 'shoot to kill without <em class="diff">notice</em>' in variants[1]
    assert "diff" not in variants[2]  # every word of it appears in another reading
    assert '<em class="diff">without</em>' not in article


def test_rule_readings_and_changes_are_used() -> None:
    report = make_report()
    quote = report["findings"][0]
    quote["evidence"] = {
        "chrf": 12.5,
        "changes": ["fire → shoot", "negation dropped"],
        "readings": [
            {"text": "shoot to kill without warning", "docs": ["004_en", "wire/001_es"]},
            {"text": "fire without warning", "docs": ["002_fr", "003_ar"]},
        ],
    }
    html = render_html(report, texts=TEXTS)
    start = html.index('id="f-quote-drift-3f2a9c1e"')
    article = html[start : html.index("</article>", start)]
    variants = re.findall(r'<li class="variant">(.*?)</li>', article, re.S)
    assert len(variants) == 2  # the rule's grouping, not the four distinct back-translations
    assert ">wire/001_es</a>" in variants[0]
    assert ">004_en</a>" in variants[0]
    # only the words of the stated change are boxed; other differing words of a
    # back-translation are mostly machine-translation noise and stay unmarked
    assert '<em class="diff key">shoot</em> to kill' in variants[0]
    assert '<em class="diff key">fire</em>' in variants[1]
    assert '<span class="change" dir="auto">fire → shoot</span>' in article
    assert "readings" not in re.findall(r"<dt>(.*?)</dt>", article)
    assert "<dt>chrf</dt><dd>12.5</dd>" in article
    # the header answers "which quotation drifted, where, how it reads" without scrolling
    header = html[: html.index("</header>")]
    assert "Quotations that drifted" in header
    assert "2 readings in 4 documents" in header


def test_span_is_highlighted_in_context(page: str) -> None:
    assert "«<mark>disparar a matar sin previo aviso</mark>»" in page
    # the hostile span with no context is highlighted from the full text, escaped piecewise
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_rtl_and_lang_attributes(page: str) -> None:
    parsed = parse(page)
    cells = [a for t, a in parsed.tags if t == "td" and a.get("lang") == "ar"]
    assert cells
    assert all(a.get("dir") == "auto" for a in cells)
    doc_texts = [a for t, a in parsed.tags if "doc-text" in (a.get("class") or "")]
    assert {a.get("lang") for a in doc_texts} == {"es", "fr", "ar", "en"}
    assert all(a.get("dir") == "auto" for a in doc_texts)


def test_without_texts_shows_contexts(page_without_texts: str) -> None:
    assert 'class="doc-text"' not in page_without_texts
    assert "full text is not available" in page_without_texts
    assert "«<mark>disparar a matar sin previo aviso</mark>»" in page_without_texts


def test_self_contained_with_hash_based_csp(page: str) -> None:
    parsed = parse(page)
    assert not [a for t, a in parsed.tags if a.get("src")]
    assert not [a for t, a in parsed.tags if t == "link"]
    assert "http://" not in page
    assert "https://" not in page
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in csp
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for source in (style, parsed.scripts[0]):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp


def test_filters_are_hidden_without_js_and_labelled(page: str) -> None:
    parsed = parse(page)
    form = next(a for t, a in parsed.tags if t == "form")
    assert "hidden" in form
    labels = {a.get("for") for t, a in parsed.tags if t == "label"}
    controls = {a["id"] for t, a in parsed.tags if t in ("select", "input")}
    assert controls
    assert controls <= labels


def test_empty_report_renders() -> None:
    html = render_html({"schema": "transcheck-report/1", "findings": [], "documents": []})
    assert "No findings" in html
    assert "0 documents" in html.replace("No drift found in 0 documents", "0 documents")


def test_header_lists_at_most_five_quotations_and_links_to_the_rest() -> None:
    report = make_report()
    quote = report["findings"][0]
    report["findings"] = [
        {**copy.deepcopy(quote), "id": f"quote-drift:{n:08x}", "key": f"q:{n}"} for n in range(7)
    ]
    html = render_html(report, texts=TEXTS)
    header = html[: html.index("</header>")]
    assert header.count('class="drift-card"') == 5
    assert "All 7 drifted quotations" in header
    parsed = parse(html)
    assert set(parsed.links) <= set(parsed.ids)


def test_hostile_document_ids_and_paths_are_escaped() -> None:
    odd = f"odd/{IMG}{SVG}"
    report = json.loads(json.dumps(make_report()).replace('"002_fr"', json.dumps(odd)))
    texts = {(odd if k == "002_fr" else k): v for k, v in TEXTS.items()}
    html = render_html(report, texts=texts)
    assert "<img" not in html
    assert "<svg" not in html
    parsed = parse(html)
    assert not [t for t, a in parsed.tags if any(k.startswith("on") for k in a)]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in parsed.ids)
    assert set(parsed.links) <= set(parsed.ids)
    # the document is still a filter choice and its findings still name it
    option = next(a["value"] for t, a in parsed.tags if t == "option" and "odd" in a["value"])
    assert any(option in (a.get("data-docs") or "").split() for t, a in parsed.tags)


def test_same_bytes_under_different_hash_seeds(tmp_path) -> None:
    """Set and dict ordering must not leak into the page (PYTHONHASHSEED varies per run)."""
    import os
    import subprocess
    import sys

    data = tmp_path / "in.json"
    data.write_text(json.dumps({"report": make_report(), "texts": TEXTS}), encoding="utf-8")
    code = (
        "import hashlib, json, sys; from transcheck.report.html import render_html; "
        "d = json.load(open(sys.argv[1], encoding='utf-8')); "
        "print(hashlib.sha256(render_html(d['report'], texts=d['texts']).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code, str(data)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
    assert digests == {
        hashlib.sha256(render_html(make_report(), texts=TEXTS).encode()).hexdigest() + "\n"
    }


def test_generated_ids_never_collide() -> None:
    report = make_report()
    base = report["findings"][2]
    report["findings"] = [
        {**copy.deepcopy(base), "id": fid, "key": fid}
        for fid in ("severity", "q", "q-title", "q-o1", "q:", "Q", "")
    ]
    parsed = parse(render_html(report, texts=TEXTS))
    assert len(parsed.ids) == len(set(parsed.ids))
    assert set(parsed.links) <= set(parsed.ids)
    template_ids = {"findings", "filters", "f-severity", "documents", "summary"}
    assert template_ids <= set(parsed.ids)
