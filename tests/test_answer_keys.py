"""End-to-end: planted drifts in the demo and second corpora are found; faithful text stays quiet.

Each corpus is audited once per module (engine "auto", Apertium required) and compared with
its answer key in tests/data/answer_key_*.yaml; the matching rules are described in the header
of answer_key_demo.yaml. Failure messages list the missing planted items and the unplanted
findings, so a red run says what the pipeline missed or invented.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import ROOT, require
from ruamel.yaml import YAML

pytestmark = pytest.mark.slow  # one audit of each answer-key corpus

if TYPE_CHECKING:
    from transcheck.audit import AuditResult

DATA = ROOT / "tests" / "data"
NON_INFO = ("error", "warning")


# ---------------------------------------------------------------- helpers


def load_key(name: str) -> dict[str, Any]:
    return YAML(typ="safe").load((DATA / name).read_text(encoding="utf-8"))


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (bytes, not decoded), keyed by relative path."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run_audit(corpus: Path, glossaries: list[Path], cache: Path) -> AuditResult:
    # Imported here so that the answer-key sanity test runs even when the pipeline cannot.
    from transcheck.audit import AuditOptions, audit

    options = AuditOptions(
        engine="auto",
        glossaries=list(glossaries),
        discover_glossaries=False,
        cache_path=cache,
    )
    return audit([corpus], options)


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _haystack(finding: dict) -> list[str]:
    out = []
    for occ in finding["occurrences"]:
        out.append(_norm(occ.get("text")))
        out.append(_norm(occ.get("pivot_text")))
    return out


def _mentions(finding: dict, entry: str | list[str]) -> bool:
    """True when ``entry`` (a string, or a list meaning any one of them) is in some occurrence."""
    options = [entry] if isinstance(entry, str) else list(entry)
    hay = _haystack(finding)
    return any(_norm(opt) in h for opt in options for h in hay)


def _docs(finding: dict) -> set[str]:
    return {occ["doc"] for occ in finding["occurrences"]}


def _rules(item: dict) -> set[str]:
    return {item["rule"], *item.get("alt_rules", [])}


def finds(finding: dict, item: dict) -> bool:
    """``finding`` is the planted ``item``: same rule, enough listed docs, every string."""
    if finding["rule"] not in _rules(item):
        return False
    if item.get("severity") and finding.get("severity") != item["severity"]:
        return False
    listed = set(item["docs"])
    if len(_docs(finding) & listed) < min(2, len(listed)):
        return False
    return all(_mentions(finding, entry) for entry in item["must_mention"])


def explains(finding: dict, item: dict) -> bool:
    """``finding`` is about the planted ``item`` (possibly a partial or duplicate report)."""
    return (
        finding["rule"] in _rules(item)
        and bool(_docs(finding) & set(item["docs"]))
        and any(_mentions(finding, entry) for entry in item["must_mention"])
    )


def describe(finding: dict) -> str:
    occs = "; ".join(
        f"{o['doc']}:{o['line']} {o['text']!r}"
        + (f" -> {o['pivot_text']!r}" if o.get("pivot_text") else "")
        for o in finding["occurrences"][:6]
    )
    more = len(finding["occurrences"]) - 6
    tail = f" (+{more} more)" if more > 0 else ""
    return f"[{finding['severity']}] {finding['rule']} {finding['key']}: {finding['message']} | {occs}{tail}"


def describe_all(findings: list[dict]) -> str:
    return "\n".join("  " + describe(f) for f in findings) or "  (none)"


def missing_planted(report: dict, key: dict) -> list[str]:
    findings = report["findings"]
    out = []
    for item in key["planted"]:
        if not any(finds(f, item) for f in findings):
            near = [f for f in findings if f["rule"] in _rules(item)]
            out.append(
                f"- {item['id']} ({item['rule']}, docs {item['docs'][:3]}..., must mention "
                f"{item['must_mention']}): {' '.join(item['description'].split())}\n"
                f"  findings of that rule:\n{describe_all(near)}"
            )
    return out


def unplanted(report: dict, key: dict) -> list[dict]:
    return [
        f
        for f in report["findings"]
        if f["severity"] in NON_INFO and not any(explains(f, item) for item in key["planted"])
    ]


def legit_violations(report: dict, key: dict) -> list[str]:
    """Legitimate differences reported as warning/error outside a finding of a planted drift.

    A finding that is a planted drift may list a legitimate rendering among its occurrences
    (e.g. "more than 1,000" next to 1,240 and 1,420); any other warning/error may not.
    """
    free = [
        f
        for f in report["findings"]
        if f["severity"] in NON_INFO and not any(finds(f, item) for item in key["planted"])
    ]
    out = []
    for item in key.get("legit", []):
        pool = report["findings"] if item.get("any_severity") else free
        for f in pool:
            if "rule" in item and f["rule"] != item["rule"]:
                continue
            if all(_mentions(f, entry) for entry in item["must_mention"]):
                out.append(
                    f"- {item['id']}: {' '.join(item['description'].split())}\n  {describe(f)}"
                )
    return out


def report_of(result: AuditResult) -> dict:
    from transcheck.report import build_report

    return build_report(result)


@dataclass
class Audited:
    key: dict
    report: dict
    result: AuditResult
    before: dict[str, str]
    after: dict[str, str]


def audited(key_name: str, tmp: Path) -> Audited:
    require(shutil.which("apertium") is not None, "apertium")
    key = load_key(key_name)
    corpus = ROOT / key["corpus"]
    glossaries = [ROOT / g for g in key.get("glossaries", [])]
    before = tree_digest(corpus) | {
        f"glossary:{g.name}": tree_digest(g.parent)[g.name] for g in glossaries
    }
    result = run_audit(corpus, glossaries, tmp / "cache.sqlite")
    after = tree_digest(corpus) | {
        f"glossary:{g.name}": tree_digest(g.parent)[g.name] for g in glossaries
    }
    return Audited(key, report_of(result), result, before, after)


# ---------------------------------------------------------------- fixtures (one audit per corpus)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Audited:
    return audited("answer_key_demo.yaml", tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Audited:
    return audited("answer_key_nasal_vaccine.yaml", tmp_path_factory.mktemp("second"))


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Audited:
    """Several different articles on one event (no translations), no glossary."""
    return audited("answer_key_factory_fire.yaml", tmp_path_factory.mktemp("articles"))


@pytest.fixture(scope="module")
def faithful(tmp_path_factory: pytest.TempPathFactory) -> dict:
    require(shutil.which("apertium") is not None, "apertium")
    result = run_audit(DATA / "faithful", [], tmp_path_factory.mktemp("faithful") / "cache.sqlite")
    return report_of(result)


CORPORA = ["demo", "second", "articles"]


# ---------------------------------------------------------------- tests


def test_answer_keys_are_well_formed() -> None:
    """The keys themselves: known rules, listed documents exist, strings occur in the corpus."""
    from transcheck.rules import all_rules

    known = set(all_rules())
    for name in (
        "answer_key_demo.yaml",
        "answer_key_nasal_vaccine.yaml",
        "answer_key_factory_fire.yaml",
    ):
        key = load_key(name)
        corpus = ROOT / key["corpus"]
        ids = {
            p.relative_to(corpus).with_suffix("").as_posix()
            for p in corpus.rglob("*")
            if p.is_file()
        }
        raw = " ".join(
            " ".join(read_any(p).split()) for p in corpus.rglob("*") if p.is_file()
        ).casefold()
        assert set(key["languages"]) == ids, f"{name}: languages must list every document"
        assert isinstance(key["max_unplanted_non_info"], int)
        files = {p.relative_to(corpus).with_suffix("").as_posix(): p for p in corpus.rglob("*")}
        for doc_id, want in key.get("texts", {}).items():
            for s in want.get("contains", []):
                assert s in read_any(files[doc_id]), f"{name}: {s!r} not in {doc_id}"
        for item in key["planted"]:
            assert _rules(item) <= known, item["id"]
            assert set(item["docs"]) <= ids, f"{name}:{item['id']}: unknown docs"
            for entry in item["must_mention"]:
                options = [entry] if isinstance(entry, str) else entry
                assert any(" ".join(o.split()).casefold() in raw for o in options), (
                    f"{name}:{item['id']}: {entry!r} is not in the corpus"
                )


def read_any(path: Path) -> str:
    """The corpus is UTF-8 except one deliberately cp1252 file."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


@pytest.mark.apertium
@pytest.mark.parametrize("corpus", CORPORA)
def test_every_planted_drift_is_found(corpus: str, request: pytest.FixtureRequest) -> None:
    run: Audited = request.getfixturevalue(corpus)
    missing = missing_planted(run.report, run.key)
    assert not missing, (
        f"{len(missing)} of {len(run.key['planted'])} planted drifts not found:\n"
        + "\n".join(missing)
    )


@pytest.mark.apertium
@pytest.mark.parametrize("corpus", CORPORA)
def test_few_unplanted_warnings(corpus: str, request: pytest.FixtureRequest) -> None:
    run: Audited = request.getfixturevalue(corpus)
    extra = unplanted(run.report, run.key)
    limit = run.key["max_unplanted_non_info"]
    assert len(extra) <= limit, (
        f"{len(extra)} warning/error findings match no planted drift (at most {limit} allowed):\n"
        + describe_all(extra)
    )


@pytest.mark.apertium
@pytest.mark.parametrize("corpus", CORPORA)
def test_legitimate_differences_are_not_flagged(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    run: Audited = request.getfixturevalue(corpus)
    bad = legit_violations(run.report, run.key)
    assert not bad, "legitimate differences reported as drift:\n" + "\n".join(bad)


@pytest.mark.apertium
@pytest.mark.parametrize("corpus", CORPORA)
def test_documents_and_languages(corpus: str, request: pytest.FixtureRequest) -> None:
    run: Audited = request.getfixturevalue(corpus)
    assert run.report["errors"] == [], f"file errors: {run.report['errors']}"
    got = {d["id"]: d["lang"] for d in run.report["documents"]}
    assert got == run.key["languages"], f"detected languages differ: {got}"


@pytest.mark.apertium
@pytest.mark.parametrize("corpus", CORPORA)
def test_documents_decoded_as_written(corpus: str, request: pytest.FixtureRequest) -> None:
    """Legacy encodings decoded right; HTML script/style and front matter are not article text."""
    run: Audited = request.getfixturevalue(corpus)
    texts = {d.id: d.text for d in run.result.documents}
    problems = []
    for doc_id, want in run.key.get("texts", {}).items():
        text = texts.get(doc_id, "")
        problems += [f"{doc_id}: missing {s!r}" for s in want.get("contains", []) if s not in text]
        problems += [
            f"{doc_id}: should not contain {s!r}" for s in want.get("absent", []) if s in text
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.apertium
def test_no_engine_notice_for_german(second: Audited) -> None:
    notices = second.report["notices"]
    for want in second.key["notices"]:
        assert any(n["code"] == want["code"] and n["lang"] == want["lang"] for n in notices), (
            f"expected notice {want}, got {notices}"
        )


@pytest.mark.apertium
def test_articles_one_statement_one_finding(articles: Audited) -> None:
    """The drifted statement quoted twice in one article (headline and body) is one finding
    with every reading; the surname alone ('Kim said') is no variant of 'Kim Min-jun'."""
    drift = [
        f
        for f in articles.report["findings"]
        if f["rule"] == "quote-drift" and any("outside our building" in h for h in _haystack(f))
    ]
    assert len(drift) == 1, describe_all(drift)
    texts = {_norm(o["text"]) for o in drift[0]["occurrences"]}
    assert any("did not start inside" in t for t in texts), texts
    names = [f for f in articles.report["findings"] if f["rule"] == "name-variant"]
    assert all(_norm(o["text"]) != "kim" for f in names for o in f["occurrences"]), names


@pytest.mark.apertium
def test_articles_place_variant_names_current_form(articles: Audited) -> None:
    place = [f for f in articles.report["findings"] if f["rule"] == "place-variant"]
    assert len(place) == 1, describe_all(place)
    assert "current name (GeoNames): 'Ho Chi Minh City'" in place[0]["message"]
    assert "'Saigon' (1 doc, alternate" in place[0]["message"]


@pytest.mark.apertium
def test_faithful_translations_stay_quiet(faithful: dict) -> None:
    noisy = [f for f in faithful["findings"] if f["severity"] in NON_INFO]
    assert not noisy, (
        f"{len(noisy)} warning/error findings on faithful translations:\n" + describe_all(noisy)
    )
    assert faithful["summary"]["documents"] == 5
    assert {d["lang"] for d in faithful["documents"]} == {"en", "es", "fr", "pt", "it"}


@pytest.mark.apertium
@pytest.mark.parametrize("corpus", CORPORA)
def test_corpus_untouched(corpus: str, request: pytest.FixtureRequest) -> None:
    run: Audited = request.getfixturevalue(corpus)
    assert run.before, "empty corpus"
    changed = sorted(
        k for k in run.before.keys() | run.after.keys() if run.before.get(k) != run.after.get(k)
    )
    assert not changed, f"audit changed or created files in the corpus: {changed}"


@pytest.mark.apertium
def test_two_runs_give_identical_json(demo: Audited, tmp_path: Path) -> None:
    # A second run with a fresh cache must give the same bytes as the first.
    corpus = ROOT / demo.key["corpus"]
    glossaries = [ROOT / g for g in demo.key["glossaries"]]
    from transcheck.report import dumps

    again = report_of(run_audit(corpus, glossaries, tmp_path / "cache.sqlite"))
    assert dumps(again) == dumps(demo.report)


def _finding(rule: str, severity: str, *occ: tuple[str, str, str | None]) -> dict:
    return {
        "rule": rule,
        "severity": severity,
        "key": "k",
        "message": "m",
        "occurrences": [{"doc": d, "text": t, "pivot_text": p, "line": 1} for d, t, p in occ],
    }


def test_matching_logic_can_fail() -> None:
    """The answer-key matcher: found, unplanted and legit decisions on hand-made findings."""
    key = {
        "max_unplanted_non_info": 0,
        "planted": [
            {
                "id": "n",
                "rule": "number-mismatch",
                "docs": ["a", "b", "c"],
                "must_mention": ["1.420", ["1,240", "1 240"]],
                "description": "d",
            }
        ],
        "legit": [
            {"id": "l", "rule": "number-mismatch", "must_mention": [["1,000"]], "description": "d"}
        ],
    }
    hit = _finding("number-mismatch", "warning", ("a", "1.420", "1,420"), ("b", "1\u00a0240", None))
    one_doc = _finding("number-mismatch", "warning", ("a", "1.420", None), ("a", "1,240", None))
    wrong_rule = _finding("quote-drift", "warning", ("a", "1.420", None), ("b", "1,240", None))
    legit = _finding(
        "number-mismatch", "warning", ("c", "more than 1,000", None), ("b", "1,240", None)
    )
    assert finds(hit, key["planted"][0])
    assert not finds(hit, {**key["planted"][0], "severity": "error"})
    assert not finds(one_doc, key["planted"][0])
    assert not finds(wrong_rule, key["planted"][0])
    assert missing_planted({"findings": [one_doc, wrong_rule]}, key)
    assert not missing_planted({"findings": [hit]}, key)
    assert unplanted({"findings": [hit, wrong_rule]}, key) == [wrong_rule]
    assert unplanted({"findings": [one_doc]}, key) == []  # a partial report of the planted drift
    assert legit_violations({"findings": [legit]}, key)
    assert not legit_violations({"findings": [dict(legit, severity="info")]}, key)
