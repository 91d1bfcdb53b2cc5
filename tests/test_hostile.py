"""Robustness on hostile input: every bad file, glossary, model, cache, engine or output path
gets one clear message, the rest of the corpus is still audited, the input is never touched,
no traceback is printed and no partial report is left behind.

The table of bad corpus files is in tests/hostile_cases.py; the cases that need a hook into
the pipeline (a fake engine, a file vanishing mid-run, ...) are written out below.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from hostile_cases import CASES, GOOD, Case, FakeEngine, plug_engines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcheck.cli import main
from transcheck.mt.base import Engine

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------- helpers


def snapshot(*roots: Path) -> dict[bytes, tuple]:
    """Every entry under ``roots``: mode bits and content hash (or link target); no following."""
    out: dict[bytes, tuple] = {}
    for root in roots:
        broot = os.fsencode(root)
        if not os.path.lexists(broot):
            continue
        if not os.path.isdir(broot):
            out[broot] = _entry(broot)
            continue
        for dirpath, dirnames, filenames in os.walk(broot):
            for name in dirnames + filenames:
                full = os.path.join(dirpath, name)
                out[os.path.relpath(full, broot)] = _entry(full)
    return out


def _entry(path: bytes) -> tuple:
    st_ = os.lstat(path)
    if stat.S_ISLNK(st_.st_mode):
        return (st_.st_mode, os.readlink(path))
    if stat.S_ISREG(st_.st_mode):
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return (st_.st_mode, st_.st_size, h.hexdigest())
    return (st_.st_mode,)


def leftovers(*roots: Path) -> list[str]:
    """Temporary files a writer may have left behind (``*.tmp``, ``.name.*``)."""
    found = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            found += [os.path.join(dirpath, f) for f in files if f.endswith(".tmp")]
    return found


def good_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in GOOD.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def outdir(tmp_path: Path) -> Path:
    """The folder reports go to (outputs never create a missing folder without --mkdir)."""
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    return folder


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def audit_json(
    corpus: Path | list[Path], out: Path, capsys, *extra, engine: str = "none"
) -> tuple[int, dict | None, str]:
    paths = corpus if isinstance(corpus, list) else [corpus]
    argv = ["audit", *paths, "-f", "json", "-o", out, "--engine", engine, "--mkdir"]
    argv += ["--fail-on", "never", *extra]
    code, _out, err = run(argv, capsys)
    assert "Traceback" not in err, err
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return code, report, err


def doc_names(report: dict) -> set[str]:
    return {os.path.basename(d["path"]) for d in report["documents"]}


def assert_good_docs_audited(report: dict) -> None:
    names = doc_names(report)
    for good in GOOD:
        assert good in names, f"good document {good} missing from the report: {sorted(names)}"


def errors_for(report: dict, fragment: str) -> list[dict]:
    return [e for e in report["errors"] if fragment in os.path.basename(e["path"])]


# ---------------------------------------------------------------------------- the table


def _buildable(case: Case, tmp_path: Path) -> None:
    if case.id == "non-utf8-file-name":
        try:
            (tmp_path / os.fsdecode(b"probe\xff.txt")).write_bytes(b"x")
        except (OSError, UnicodeError):
            pytest.skip("this file system does not accept non-UTF-8 file names")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_file(case: Case, tmp_path: Path, capsys) -> None:
    _buildable(case, tmp_path)
    corpus = good_corpus(tmp_path)
    case.build(corpus)
    before = snapshot(corpus)
    out = outdir(tmp_path) / "report.json"

    code, report, err = audit_json(corpus, out, capsys)

    assert code == 0, err
    assert report is not None, "no report written"
    assert_good_docs_audited(report)
    assert snapshot(corpus) == before, "the corpus was modified"
    assert leftovers(tmp_path) == []

    audited = [d for d in report["documents"] if case.name in os.path.basename(d["path"])]
    reported = errors_for(report, case.name)
    if case.expect == "audited":
        assert audited, f"{case.name} not audited; errors: {report['errors']}"
        assert not reported, reported
    elif case.expect == "error":
        assert not audited, audited
        assert len(reported) == 1, f"expected one error for {case.name}: {report['errors']}"
        assert re.search(case.reason, reported[0]["error"], re.I), reported[0]
        assert "Traceback" not in reported[0]["error"]
        assert "\n" not in reported[0]["error"], "error messages are one line"
    elif case.expect == "either":
        assert len(audited) + len(reported) == 1, (audited, reported)
        if reported:
            assert re.search(case.reason, reported[0]["error"], re.I), reported[0]
    elif case.expect == "notice":
        assert not audited, (audited, reported)
        assert not reported, (audited, reported)
        said = [n for n in report["notices"] if case.name in n["message"]]
        assert len(said) == 1, said
        assert re.search(case.reason, said[0]["message"], re.I), said
    else:  # ignored: not an article; it must not take anything else down
        assert not audited
    assert report["summary"]["documents"] == len(report["documents"])


CONTENT_CASES = [c for c in CASES if c.expect == "audited" and c.contains]


@pytest.mark.parametrize("case", CONTENT_CASES, ids=[c.id for c in CONTENT_CASES])
def test_hostile_file_decoded_and_spans_valid(case: Case, tmp_path: Path) -> None:
    """The library sees the right text, and every extracted span slices that text exactly."""
    from transcheck.audit import AuditOptions, audit

    _buildable(case, tmp_path)
    corpus = good_corpus(tmp_path)
    case.build(corpus)
    result = audit([corpus], AuditOptions(engine="none", discover_glossaries=False))
    docs = [d for d in result.documents if case.name in os.path.basename(d.path)]
    assert len(docs) == 1, [d.path for d in result.documents]
    doc = docs[0]
    assert case.contains in doc.text
    assert "\ufeff" not in doc.text
    assert "\r" not in doc.text
    assert_spans_valid(doc, result.extractions[doc.id])


def assert_spans_valid(doc, ext) -> None:
    n = len(doc.text)
    for p in doc.paragraphs:
        assert 0 <= p.start <= p.end <= n
    for s in ext.sentences:
        assert 0 <= s.start <= s.end <= n
    for item in [*ext.quotes, *ext.names, *ext.numbers]:
        assert 0 <= item.start <= item.end <= n, item
        assert doc.text[item.start : item.end] == item.text, item


# ---------------------------------------------------------------------------- file system races


def _refuse(monkeypatch, victim: Path) -> None:
    """Make ``victim`` unreadable: chmod 000 works unless we are root, so also refuse opens."""
    real = os.path.realpath(victim)

    def guard(target) -> None:
        if isinstance(target, int):
            return
        if os.path.realpath(os.fsdecode(os.fspath(target))) == real:
            raise PermissionError(13, "Permission denied", os.fspath(target))

    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def fake_open(file, *args, **kwargs):
        guard(file)
        return real_open(file, *args, **kwargs)

    def fake_io_open(file, *args, **kwargs):
        guard(file)
        return real_io_open(file, *args, **kwargs)

    def fake_os_open(path, *args, **kwargs):
        guard(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_io_open)
    monkeypatch.setattr(os, "open", fake_os_open)


def test_unreadable_file(tmp_path: Path, capsys, monkeypatch) -> None:
    corpus = good_corpus(tmp_path)
    victim = corpus / "secret.txt"
    victim.write_text("A private article nobody may read.\n")
    victim.chmod(0)  # real when not root; the open() guard covers root
    before = snapshot(corpus)
    out = outdir(tmp_path) / "report.json"
    try:
        with monkeypatch.context() as m:
            _refuse(m, victim)
            code = main(["audit", str(corpus), "-f", "json", "-o", str(out), "--engine", "none"])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert code == 0, err
        report = json.loads(out.read_text())
        assert_good_docs_audited(report)
        (error,) = errors_for(report, "secret.txt")
        assert "permission denied" in error["error"].lower()
        assert snapshot(corpus) == before
    finally:
        victim.chmod(0o644)


def test_file_removed_while_auditing(tmp_path: Path, capsys, monkeypatch) -> None:
    from transcheck import corpus as corpus_mod

    corpus = good_corpus(tmp_path)
    victim = corpus / "zzz_vanishing.txt"
    victim.write_text("An article that is deleted after the corpus was listed.\n")
    real_iter = corpus_mod.iter_corpus

    def iter_and_delete(*args, **kwargs):
        for i, item in enumerate(real_iter(*args, **kwargs)):
            if i == 0:
                victim.unlink()
            yield item

    monkeypatch.setattr(corpus_mod, "iter_corpus", iter_and_delete)
    out = outdir(tmp_path) / "report.json"
    code, report, err = audit_json(corpus, out, capsys)
    assert code == 0, err
    assert_good_docs_audited(report)
    (error,) = errors_for(report, "zzz_vanishing")
    assert re.search(r"vanished|no longer|removed|no such", error["error"], re.I), error


def test_fifo_does_not_hang(tmp_path: Path, capsys) -> None:
    """A named pipe is not an article: it must be refused, never read (which would block)."""
    corpus = good_corpus(tmp_path)
    fifo = corpus / "pipe.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def unblock() -> None:  # if the loader does open the pipe, feed it so the test ends
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.05)
                continue
            os.write(fd, b"Text that came through a pipe.\n")
            os.close(fd)
            return

    feeder = threading.Thread(target=unblock, daemon=True)
    feeder.start()
    try:
        out = outdir(tmp_path) / "report.json"
        code, report, err = audit_json(corpus, out, capsys)
    finally:
        stop.set()
    assert code == 0, err
    assert_good_docs_audited(report)
    (error,) = errors_for(report, "pipe.txt")
    assert "regular file" in error["error"]


# ---------------------------------------------------------------------------- exit codes


def test_nothing_auditable_exits_2_without_report(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = outdir(tmp_path) / "report.json"
    code, out_text, err = run(
        ["audit", corpus, "-f", "json", "-o", out, "--engine", "none"], capsys
    )
    assert code == 2
    assert "Traceback" not in err
    assert "nothing could be audited" in err
    assert "empty.txt" in err
    assert "binary.txt" in err
    assert not out.exists(), "a failed run must not leave a report behind"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("strict", [False, True])
def test_file_errors_and_strict(tmp_path: Path, capsys, strict: bool) -> None:
    corpus = good_corpus(tmp_path)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "r.json"
    extra = ["--strict"] if strict else []
    code, report, err = audit_json(corpus, out, capsys, *extra)
    assert code == (1 if strict else 0)
    assert_good_docs_audited(report)
    assert len(report["errors"]) == 1


# ---------------------------------------------------------------------------- glossaries

GLOSSARY_SYNTAX = (
    "version: 1\nentries:\n  - id: ok-entry\n    type: person: extra\n"
    "    canonical: {en: Estela Quintero}\n"
)
GLOSSARY_SCHEMA = (
    "version: 1\nentries:\n  - id: ok-entry\n    type: persn\n"
    "    canonical: {en: Estela Quintero}\n"
)


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        (GLOSSARY_SYNTAX, "4:17", "syntax"),
        (GLOSSARY_SCHEMA, "4:11", "persn"),
        ("\x00\x01binary", "", "yaml|glossary|not"),
        ("- just\n- a list\n", "1:1", "mapping|version|entries"),
    ],
    ids=["yaml-syntax", "schema", "binary", "wrong-shape"],
)
def test_malformed_glossary(tmp_path: Path, capsys, content: str, where: str, words: str) -> None:
    corpus = good_corpus(tmp_path)
    gdir = tmp_path / "gloss"
    gdir.mkdir()
    bad = gdir / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    before = snapshot(corpus, gdir)
    out = outdir(tmp_path) / "r.json"
    code, report, err = audit_json(corpus, out, capsys, "--glossary", bad)
    assert code == 0, err
    assert_good_docs_audited(report)
    errors = errors_for(report, "bad.yaml")
    assert errors, report["errors"]
    message = f"{errors[0]['path']}:{errors[0]['error']}"
    if where:
        assert f"bad.yaml:{where}:" in message, message
    assert re.search(words, message, re.I), message
    assert snapshot(corpus, gdir) == before


def test_missing_glossary_is_usage_error_or_reported(tmp_path: Path, capsys) -> None:
    corpus = good_corpus(tmp_path)
    out = tmp_path / "r.json"
    code, _o, err = run(
        ["audit", corpus, "-f", "json", "-o", out, "--engine", "none", "-g", tmp_path / "no.yaml"],
        capsys,
    )
    assert "Traceback" not in err
    if code == 2:  # refused up front: no report
        assert "no.yaml" in err
        assert not out.exists()
    else:
        report = json.loads(out.read_text())
        assert errors_for(report, "no.yaml"), report["errors"]


# ---------------------------------------------------------------------------- models


def _models_install(archive: Path, home: Path, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("TRANSCHECK_HOME", str(home))
    code, _out, err = run(["models", "install", archive], capsys)
    assert "Traceback" not in err, err
    return code, err


def test_corrupt_argosmodel(tmp_path: Path, capsys, monkeypatch) -> None:
    archive = tmp_path / "broken.argosmodel"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    home = tmp_path / "home"
    before = snapshot(archive)
    code, err = _models_install(archive, home, capsys, monkeypatch)
    assert code == 1
    assert "broken.argosmodel" in err
    assert "nothing was installed" in err
    assert len(err.strip().splitlines()) == 1, err
    assert not list((home / "packages").glob("*")) if (home / "packages").exists() else True
    assert snapshot(archive) == before


def test_truncated_argosmodel(tmp_path: Path, capsys, monkeypatch) -> None:
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "es", "to_code": "en"}))
        zf.writestr("pkg/model/model.bin", b"\x00" * 5000)
    archive = tmp_path / "truncated.argosmodel"
    archive.write_bytes(good.read_bytes()[:-300])
    home = tmp_path / "home"
    code, err = _models_install(archive, home, capsys, monkeypatch)
    assert code == 1
    assert "truncated.argosmodel" in err
    assert "nothing was installed" in err


@pytest.mark.parametrize("evil", ["../../escaped.txt", "/tmp/absolute-escape.txt"])
def test_zip_slip_argosmodel(tmp_path: Path, capsys, monkeypatch, evil: str) -> None:
    archive = tmp_path / "slip.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "pkg/metadata.json",
            json.dumps({"package_version": "1.0", "from_code": "es", "to_code": "en"}),
        )
        zf.writestr("pkg/sentencepiece.model", b"not a model")
        zf.writestr(evil, b"escaped!")
    home = tmp_path / "a" / "b" / "home"
    home.mkdir(parents=True)
    code, err = _models_install(archive, home, capsys, monkeypatch)
    assert code == 1, err
    assert "slip.argosmodel" in err
    assert "nothing was installed" in err
    for p in (tmp_path / "escaped.txt", tmp_path / "a" / "escaped.txt", Path(evil)):
        assert not (p.exists() and p.read_bytes() == b"escaped!"), f"zip slip wrote {p}"
    assert not [p for p in home.rglob("*") if p.is_file()], list(home.rglob("*"))


# ---------------------------------------------------------------------------- engines


def multilingual_corpus(tmp_path: Path) -> Path:
    corpus = good_corpus(tmp_path)
    (corpus / "good_fr.txt").write_text(
        "Valmora évacue le quartier du fleuve\n\nLe maire de Valmora, Estela Quintero, a "
        "déclaré lundi que 1\u202f250 habitants avaient été mis à l'abri. \u00ab\u00a0Nous "
        "n'abandonnerons personne\u00a0\u00bb, a dit Quintero aux journalistes.\n",
        encoding="utf-8",
    )
    return corpus


def notices(report: dict, code: str) -> list[dict]:
    return [n for n in report["notices"] if n["code"] == code]


def test_fake_engine_translates(tmp_path: Path, capsys, monkeypatch) -> None:
    """Control for the failure cases below: the plugged engine is really used."""
    corpus = multilingual_corpus(tmp_path)
    plug_engines(monkeypatch, FakeEngine("ok"))
    code, report, err = audit_json(corpus, tmp_path / "r.json", capsys, "--no-cache")
    assert code == 0, err
    by_name = {os.path.basename(d["path"]): d for d in report["documents"]}
    assert by_name["good_es.txt"]["translated_by"] == "fake:es-en"
    assert by_name["good_fr.txt"]["translated_by"] == "fake:fr-en"
    assert not notices(report, "engine-failed")


@pytest.mark.parametrize("behaviour", ["crash", "short"])
@pytest.mark.parametrize("strict", [False, True])
def test_engine_failure(tmp_path: Path, capsys, monkeypatch, behaviour: str, strict: bool) -> None:
    corpus = multilingual_corpus(tmp_path)
    before = snapshot(corpus)
    plug_engines(monkeypatch, FakeEngine(behaviour))
    extra = ["--no-cache"] + (["--strict"] if strict else [])
    code, report, err = audit_json(corpus, tmp_path / "r.json", capsys, *extra)
    assert code == (1 if strict else 0), err
    assert_good_docs_audited(report)
    assert "good_fr.txt" in doc_names(report)
    failed = notices(report, "engine-failed")
    assert failed, report["notices"]
    text = " ".join(n["message"] for n in failed)
    assert "fake" in text
    assert re.search(r"crash" if behaviour == "crash" else r"returned \d+ passages for \d+", text)
    for d in report["documents"]:
        assert d["translated_by"] is None, d  # nothing is passed off as translated
    assert snapshot(corpus) == before


def _fake_apertium(tmp_path: Path, script: str) -> Engine:
    """An ApertiumEngine whose `apertium` is a shell script and whose only mode is spa-eng."""
    from transcheck.mt.apertium import ApertiumEngine

    datadir = tmp_path / "apertium"
    (datadir / "modes").mkdir(parents=True)
    (datadir / "modes" / "spa-eng.mode").write_text("cat\n")
    exe = tmp_path / "fake-apertium"
    exe.write_text("#!/bin/sh\n" + script + "\n")
    exe.chmod(0o755)
    return ApertiumEngine((str(datadir),), timeout=1.0, executable=str(exe))


@pytest.mark.parametrize(
    ("script", "pattern"),
    [
        ("exec sleep 30", r"timed out after 1 s"),
        ("echo 'Segmentation fault' >&2; exit 139", r"exited with 139: Segmentation fault"),
        ("cat >/dev/null; printf 'only one line\\n'", r"returned \d+ passages for \d+"),
    ],
    ids=["hang", "crash", "fewer-lines"],
)
def test_engine_process_failure(
    tmp_path: Path, capsys, monkeypatch, script: str, pattern: str
) -> None:
    corpus = multilingual_corpus(tmp_path)
    plug_engines(monkeypatch, _fake_apertium(tmp_path, script))
    started = time.monotonic()
    code, report, err = audit_json(corpus, tmp_path / "r.json", capsys, "--no-cache")
    assert time.monotonic() - started < 20, "the hung engine was not stopped"
    assert code == 0, err
    assert_good_docs_audited(report)
    failed = notices(report, "engine-failed")
    assert failed, report["notices"]
    assert re.search(pattern, failed[0]["message"]), report["notices"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_during_translation(tmp_path: Path, capsys, monkeypatch, jobs: int) -> None:
    corpus = multilingual_corpus(tmp_path)
    before = snapshot(corpus)
    plug_engines(monkeypatch, FakeEngine("interrupt"))
    out = outdir(tmp_path) / "r.json"
    html = outdir(tmp_path) / "r.html"
    argv = ["audit", corpus, "-f", "json", "-o", out, "--html", html, "--no-cache"]
    code, _out, err = run([*argv, "--jobs", str(jobs)], capsys)
    assert code == 130
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "interrupted" in lines[0], err
    assert not out.exists()
    assert not html.exists()
    assert leftovers(tmp_path) == []
    assert snapshot(corpus) == before


# ---------------------------------------------------------------------------- cache


def test_foreign_file_as_cache_is_refused_untouched(tmp_path: Path, capsys, monkeypatch) -> None:
    """A --cache file that is not a transcheck cache is never "repaired" or moved."""
    corpus = multilingual_corpus(tmp_path)
    cache = tmp_path / "cache" / "tc.sqlite3"
    cache.parent.mkdir()
    garbage = b"this is not an SQLite database\x00\xff" * 100
    cache.write_bytes(garbage)
    plug_engines(monkeypatch, FakeEngine("ok"))
    code, report, err = audit_json(corpus, tmp_path / "r.json", capsys, "--cache", cache)
    assert code == 0, err
    assert_good_docs_audited(report)
    assert any(d["translated_by"] for d in report["documents"])
    assert notices(report, "cache-unavailable"), report["notices"]
    assert "not a transcheck cache" in notices(report, "cache-unavailable")[0]["message"]
    assert cache.read_bytes() == garbage
    assert [p.name for p in cache.parent.iterdir()] == ["tc.sqlite3"]


def test_damaged_own_cache_is_set_aside(tmp_path: Path, capsys, monkeypatch) -> None:
    import sqlite3

    corpus = multilingual_corpus(tmp_path)
    cache = tmp_path / "cache" / "tc.sqlite3"
    engine = FakeEngine("ok")
    plug_engines(monkeypatch, engine)
    code, report, err = audit_json(corpus, tmp_path / "r0.json", capsys, "--cache", cache)
    assert code == 0, err
    conn = sqlite3.connect(cache)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(cache.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # our header, garbage pages
    cache.write_bytes(bytes(data))
    code, report, err = audit_json(corpus, tmp_path / "r.json", capsys, "--cache", cache)
    assert code == 0, err
    assert_good_docs_audited(report)
    assert notices(report, "cache-corrupt"), report["notices"]
    aside = [p for p in cache.parent.iterdir() if ".corrupt" in p.name and p.is_file()]
    assert any(p.read_bytes() == bytes(data) for p in aside), "the damaged cache was not kept"
    # the new cache works: a second run answers everything from it
    assert engine.calls > 0
    engine.calls = 0  # (plugging a second engine would wrap, not replace, the first)
    code, report2, err = audit_json(corpus, tmp_path / "r2.json", capsys, "--cache", cache)
    assert code == 0, err
    assert engine.calls == 0, "warm run still called the engine"
    assert report2["findings"] == report["findings"]


def test_cache_path_is_a_folder(tmp_path: Path, capsys, monkeypatch) -> None:
    corpus = multilingual_corpus(tmp_path)
    folder = tmp_path / "cachedir"
    folder.mkdir()
    plug_engines(monkeypatch, FakeEngine("ok"))
    code, report, err = audit_json(corpus, tmp_path / "r.json", capsys, "--cache", folder)
    assert code == 0, err
    assert_good_docs_audited(report)
    assert any(d["translated_by"] for d in report["documents"])
    assert notices(report, "cache-unavailable") or notices(report, "cache-corrupt")
    assert folder.is_dir()
    assert not list(folder.iterdir())


RUNNER = """
import atexit, sys
sys.path.insert(0, {tests!r})
from hostile_cases import FakeEngine, plug_engines

class Patch:
    setattr = staticmethod(setattr)

engine = FakeEngine("ok", delay=0.2)
plug_engines(Patch, engine)
atexit.register(lambda: open({calls!r} + sys.argv[-1], "w").write(str(engine.calls)))
from transcheck.cli import main
sys.exit(main(sys.argv[1:-1]))
"""


@pytest.mark.slow
def test_two_audits_share_one_cache(tmp_path: Path) -> None:
    corpus = multilingual_corpus(tmp_path)
    for i in range(6):
        (corpus / f"extra_{i}_es.txt").write_text(
            f"El puente número {i} de Valmora costó {i + 3} millones de euros. "
            f"\u00abLo terminaremos en {2030 + i}\u00bb, dijo el ingeniero Ibáñez.\n",
            encoding="utf-8",
        )
    cache = tmp_path / "shared.sqlite3"
    script = tmp_path / "runner.py"
    calls = str(tmp_path / "calls-")
    script.write_text(RUNNER.format(tests=str(Path(__file__).parent), calls=calls))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def start(name: str) -> subprocess.Popen:
        argv = [sys.executable, str(script), "audit", str(corpus), "-f", "json"]
        argv += ["-o", str(tmp_path / name), "--cache", str(cache), "--fail-on", "never", "-q"]
        argv += [name]  # the runner's last argument: where to record the engine calls
        return subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)

    procs = [start("a.json"), start("b.json")]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stderr.close()
    for code, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    a = json.loads((tmp_path / "a.json").read_text())
    b = json.loads((tmp_path / "b.json").read_text())
    for r in (a, b):
        assert not notices(r, "cache-corrupt"), r
        assert not notices(r, "cache-unavailable"), r
        assert not notices(r, "engine-failed"), r["notices"]
    strip = lambda r: {k: v for k, v in r.items() if k != "summary"}  # noqa: E731
    assert strip(a) == strip(b)
    # the cache holds every translation afterwards: a third run is answered from it
    proc = start("c.json")
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    proc.stderr.close()
    c = json.loads((tmp_path / "c.json").read_text())
    assert Path(calls + "a.json").read_text() != "0", "the fake engine was not used"
    assert Path(calls + "c.json").read_text() == "0", "warm run still called the engine"
    assert strip(c) == strip(a)


# ---------------------------------------------------------------------------- output paths


def test_output_in_missing_folder_needs_mkdir(tmp_path: Path, capsys) -> None:
    corpus = good_corpus(tmp_path)
    out = tmp_path / "new" / "deeper" / "report.json"
    code, _out, err = run(["audit", corpus, "-f", "json", "-o", out, "--engine", "none"], capsys)
    assert code == 2, err
    assert "does not exist" in err, err
    assert "--mkdir" in err, err
    assert not (tmp_path / "new").exists(), "a mistyped folder must not be created silently"
    code, report, err = audit_json(corpus, out, capsys)  # with --mkdir
    assert code == 0, err
    assert_good_docs_audited(report)


@pytest.mark.parametrize("where", ["parent-is-a-file", "output-is-a-folder", "html-parent-file"])
def test_unwritable_output(tmp_path: Path, capsys, where: str) -> None:
    corpus = good_corpus(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file where a folder is expected\n")
    folder = tmp_path / "existing-folder"
    folder.mkdir()
    good_out = tmp_path / "ok.json"
    if where == "parent-is-a-file":
        argv = ["-o", blocker / "report.json"]
    elif where == "output-is-a-folder":
        argv = ["-o", folder]
    else:
        argv = ["-o", good_out, "--html", blocker / "report.html"]
    before = snapshot(corpus)
    code, _out, err = run(["audit", corpus, "-f", "json", "--engine", "none", "-q", *argv], capsys)
    assert code == 2
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "cannot write" in lines[0], err
    assert blocker.read_text().startswith("a regular file")
    assert folder.is_dir()
    assert not list(folder.iterdir())
    assert not good_out.exists(), "a failed run must not leave any report behind"
    assert leftovers(tmp_path) == []
    assert snapshot(corpus) == before


# ---------------------------------------------------------------------------- property


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)),
        min_size=0,
        max_size=400,
    ),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "latin-1-ish"]),
)
def test_random_text_files_keep_span_slicing(tmp_path_factory, text: str, encoding: str) -> None:
    from transcheck.corpus import iter_corpus
    from transcheck.extract import extract_document
    from transcheck.model import Document, FileError

    folder = tmp_path_factory.mktemp("prop")
    codec, errors = ("latin-1", "replace") if encoding == "latin-1-ish" else (encoding, "strict")
    data = text.encode(codec, errors)
    (folder / "random.txt").write_bytes(data)
    items = list(iter_corpus([folder]))
    assert len(items) == 1
    item = items[0]
    if isinstance(item, FileError):
        assert item.error
        assert "\n" not in item.error
        return
    assert isinstance(item, Document)
    assert item.text.strip()
    assert_spans_valid(item, extract_document(item))
