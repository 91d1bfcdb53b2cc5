"""Benchmark a whole `transcheck audit` at 100, 1,000 and 10,000 articles (Apertium).

For each size N, on a synthetic corpus from bench/generate.py (en/es/fr, 600-800 words):

* cold   — `transcheck audit --engine apertium --cache FRESH` in a subprocess; every call the
           engine makes to an `apertium` process is recorded (pair, exact payload);
* raw    — those payloads replayed straight into `apertium`, one process per recorded call,
           exactly as the engine ran them: the time Apertium alone needs for this corpus;
* warm   — the same audit again on the same cache (nothing left to translate);
* jobs 2 — a cold audit with `--jobs 2` on another fresh cache;
* peak RSS of each audit process (ru_maxrss of the Python process; Apertium children are
  small and not included).

Targets: cold/raw <= 1.15, warm/cold <= 0.05, time(10,000)/time(1,000) <= 12. Prints a table and
writes bench/results.json; for sizes up to `--profile-upto` it adds the top functions of a profiled warm audit (the
pipeline's own cost without translation).

    python bench/audit.py [--sizes 100,1000,10000] [--no-jobs2-above 1000] [--profile-upto 1000]

Not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

TARGETS = {
    "cold_over_raw": 1.15,
    "warm_over_cold": 0.05,
    "one_file_over_cold": 0.10,
    "scaling_10k_over_1k": 12.0,
}

# Runs inside the audit subprocess: records Apertium payloads, the audit's own stats and the
# process's peak memory, optionally profiles, then exits with the CLI's exit code.
RUNNER = r"""
import json, os, resource, sys, threading, time
T0 = time.perf_counter()
record = os.environ.get("TC_BENCH_RECORD")
calls = []
if record:
    from transcheck.mt import apertium
    real_run = apertium.ApertiumEngine._run
    def _run(self, pieces, mode, *args, **kwargs):
        t = time.perf_counter()
        try:
            return real_run(self, pieces, mode, *args, **kwargs)
        finally:
            calls.append({"mode": mode.name, "datadir": mode.datadir, "pieces": list(pieces),
                          "seconds": time.perf_counter() - t})
    apertium.ApertiumEngine._run = _run
import importlib
audit_mod = importlib.import_module("transcheck.audit")
captured = {}
real_audit = audit_mod.audit
def audit(paths, options=None, progress=None):
    t = time.perf_counter()
    result = real_audit(paths, options, progress)
    captured["audit_seconds"] = time.perf_counter() - t
    captured["stats"] = dict(result.stats)
    captured["documents"] = len(result.documents)
    captured["errors"] = len(result.errors)
    captured["findings"] = len(result.findings)
    captured["notices"] = [n.code for n in result.notices]
    return result
audit_mod.audit = audit
from transcheck.cli import main
profile = os.environ.get("TC_BENCH_PROFILE")
if profile:
    import cProfile
    prof = cProfile.Profile()
    code = prof.runcall(main, sys.argv[1:])
    prof.dump_stats(profile)
else:
    code = main(sys.argv[1:])
captured["code"] = code
captured["elapsed"] = time.perf_counter() - T0
captured["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if record:
    with open(record, "w", encoding="utf-8") as fh:
        json.dump(calls, fh, ensure_ascii=False)
with open(os.environ["TC_BENCH_STATS"], "w", encoding="utf-8") as fh:
    json.dump(captured, fh)
sys.exit(code)
"""


def corpus_for(n: int, seed: int, workdir: Path) -> Path:
    """The generated corpus of ``n`` articles (reused when already there)."""
    folder = workdir / f"corpus-{n}-s{seed}"
    stamp = folder / ".complete"
    if not stamp.exists():
        if folder.exists():
            shutil.rmtree(folder)
        generate(folder, n, seed)
        stamp.write_text("ok\n")
    return folder


def corpus_size(folder: Path) -> dict:
    files = [p for p in folder.iterdir() if p.suffix == ".txt"]
    texts = [p.read_text(encoding="utf-8") for p in files]
    return {
        "documents": len(files),
        "words": sum(len(t.split()) for t in texts),
        "chars": sum(len(t) for t in texts),
    }


def run_audit(
    corpus: Path,
    report: Path,
    cache: Path,
    *,
    jobs: int = 1,
    record: Path | None = None,
    profile: Path | None = None,
    home: Path,
) -> dict:
    """One audit in a fresh Python process; returns its stats, wall time and peak memory."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(RUNNER)
        runner = fh.name
    stats_file = report.with_suffix(".stats.json")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TC_BENCH_STATS": str(stats_file),
        "TRANSCHECK_HOME": str(home),
        "TRANSCHECK_CACHE": str(cache),
    }
    env.pop("TC_BENCH_RECORD", None)
    env.pop("TC_BENCH_PROFILE", None)
    if record is not None:
        env["TC_BENCH_RECORD"] = str(record)
    if profile is not None:
        env["TC_BENCH_PROFILE"] = str(profile)
    argv = [sys.executable, runner, "audit", str(corpus), "--engine", "apertium"]
    argv += ["-f", "json", "-o", str(report), "--cache", str(cache), "--fail-on", "never"]
    argv += ["-q", "--jobs", str(jobs)]
    err_file = report.with_suffix(".stderr.txt")
    start = time.perf_counter()
    with open(err_file, "w") as err:
        proc = subprocess.Popen(argv, env=env, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    os.unlink(runner)
    if proc.returncode != 0:
        raise SystemExit(f"audit failed ({proc.returncode}):\n{err_file.read_text()}")
    stats = json.loads(stats_file.read_text())
    stats["wall"] = wall
    stats["cpu"] = usage.ru_utime + usage.ru_stime
    stats["wait4_maxrss_kb"] = usage.ru_maxrss
    return stats


def replay_raw(record: Path) -> dict:
    """Run every recorded Apertium payload again, straight into `apertium`."""
    from transcheck.mt.apertium import _utf8_env

    calls = json.loads(record.read_text(encoding="utf-8"))
    exe = shutil.which("apertium")
    if exe is None:
        raise SystemExit("apertium is not installed")
    env = _utf8_env()
    seconds = cpu = 0.0
    chars = 0
    by_mode: dict[str, float] = {}
    for call in calls:
        payload = ("\n\n".join(call["pieces"]) + "\n").encode("utf-8")
        chars += len(payload)
        cmd = [exe, "-d", call["datadir"], "-u", "-f", "txt", call["mode"]]
        before = os.times()
        start = time.perf_counter()
        subprocess.run(cmd, input=payload, env=env, capture_output=True, check=True)
        took = time.perf_counter() - start
        after = os.times()
        seconds += took
        cpu += (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        by_mode[call["mode"]] = by_mode.get(call["mode"], 0.0) + took
    return {
        "raw_s": seconds,
        "raw_cpu_s": cpu,
        "raw_calls": len(calls),
        "raw_chars": chars,
        "engine_s_inside_audit": sum(c["seconds"] for c in calls),
        "raw_by_mode_s": {k: round(v, 2) for k, v in sorted(by_mode.items())},
    }


def top_functions(profile: Path, limit: int = 15) -> list[dict]:
    import pstats

    st = pstats.Stats(str(profile))
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():
        rel = filename
        if str(ROOT) in filename:
            rel = os.path.relpath(filename, ROOT)
        rows.append({"function": f"{rel}:{line}({func})", "calls": nc, "tottime": tt, "cum": ct})
    rows.sort(key=lambda r: -r["tottime"])
    return [
        {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
        for r in rows[:limit]
    ]


# (file-name endings, function) of each pipeline stage, for cumulative times in a profile.
STAGES = {
    "load (corpus.iter_corpus)": (("corpus/__init__.py",), "iter_corpus"),
    "langid.identify": (("langid.py",), "identify"),
    "extract_document": (("extract/__init__.py",), "extract_document"),
    "translate (Analyser.translate)": (("analysis.py",), "translate"),
    "align (all)": (("align.py", "align/__init__.py"), "align"),
    "align_quotes": (("align.py", "align/quotes.py"), "align_quotes"),
    "rules (Rule.check, all)": (("",), "check"),
    "report (render)": (("report/__init__.py",), "render"),
}


def stage_times(profile: Path) -> dict[str, float]:
    import pstats

    st = pstats.Stats(str(profile))
    out: dict[str, float] = {}
    for label, (endings, func) in STAGES.items():
        total = 0.0
        for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in st.stats.items():
            if name != func or "transcheck" not in filename:
                continue
            if not filename.replace(os.sep, "/").endswith(endings):
                continue
            total += ct
        out[label] = round(total, 3)
    return out


def bench_size(n: int, args: argparse.Namespace, home: Path) -> dict:
    workdir: Path = args.workdir
    corpus = corpus_for(n, args.seed, workdir)
    out = workdir / f"run-{n}"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    row: dict = {"n": n, **corpus_size(corpus)}
    log = lambda msg: print(f"[N={n}] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    log("cold audit (jobs 1, fresh cache, recording Apertium payloads)")
    record = out / "apertium-calls.json"
    cold = run_audit(corpus, out / "cold.json", out / "cache.sqlite3", record=record, home=home)
    log(f"cold {cold['elapsed']:.1f} s; replaying payloads into apertium")
    raw = replay_raw(record)
    if n > args.cold_only_above:
        log(f"raw {raw['raw_s']:.1f} s; no warm run above {args.cold_only_above} articles")
        warm = None
    else:
        log(f"raw {raw['raw_s']:.1f} s; warm audit")
        warm = run_audit(corpus, out / "warm.json", out / "cache.sqlite3", home=home)
    row.update(raw)
    row.update(
        cold_s=cold["elapsed"],
        cold_wall_s=cold["wall"],
        cold_cpu_s=cold["cpu"],
        cold_audit_s=cold["audit_seconds"],
        cold_rss_mb=cold["maxrss_kb"] / 1024,
        stats_cold=cold["stats"],
        findings=cold["findings"],
        file_errors=cold["errors"],
        notices=sorted(set(cold["notices"])),
    )
    if warm is not None:
        row.update(
            warm_s=warm["elapsed"],
            warm_rss_mb=warm["maxrss_kb"] / 1024,
            stats_warm=warm["stats"],
            warm_report_identical=(out / "cold.json").read_bytes()
            == (out / "warm.json").read_bytes(),
        )
    row["cold_over_raw"] = cold["elapsed"] / raw["raw_s"] if raw["raw_s"] else None
    # CPU seconds (audit process + its apertium children) are less sensitive to other load
    row["warm_cpu_s"] = warm["cpu"] if warm else None
    row["cold_cpu_over_raw_cpu"] = cold["cpu"] / raw["raw_cpu_s"] if raw["raw_cpu_s"] else None
    row["warm_over_cold"] = warm["elapsed"] / cold["elapsed"] if warm else None
    row["overhead_s"] = cold["elapsed"] - raw["raw_s"]
    if warm is not None:
        log("audit after editing one file (same cache)")
        edited = out / "corpus-one-file-changed"
        shutil.copytree(corpus, edited, copy_function=os.link)
        victim = sorted(p for p in edited.iterdir() if p.suffix == ".txt")[4]  # Spanish
        text = victim.read_text(encoding="utf-8")
        victim.unlink()  # a hard link: do not write through to the shared corpus
        victim.write_text(text + "\n" + text.split("\n\n")[-1], encoding="utf-8")
        one = run_audit(edited, out / "one-file.json", out / "cache.sqlite3", home=home)
        shutil.rmtree(edited)
        row.update(
            one_file_s=one["elapsed"],
            one_file_over_cold=one["elapsed"] / cold["elapsed"],
            one_file_rss_mb=one["maxrss_kb"] / 1024,
            one_file_cpu_s=one["cpu"],
            stats_one_file=one["stats"],
        )
    if n <= args.no_jobs2_above and warm is not None:
        log("cold audit with --jobs 2 (fresh cache)")
        j2 = run_audit(corpus, out / "cold-j2.json", out / "cache-j2.sqlite3", jobs=2, home=home)
        row["cold_j2_s"] = j2["elapsed"]
        row["cold_j2_rss_mb"] = j2["maxrss_kb"] / 1024
        row["jobs2_speedup"] = cold["elapsed"] / j2["elapsed"]
        row["cold_j2_cpu_s"] = j2["cpu"]
        row["j2_report_identical"] = (out / "cold.json").read_bytes() == (
            out / "cold-j2.json"
        ).read_bytes()
    if n <= args.profile_upto and warm is not None:
        log("profiled warm audit")
        prof = out / "warm.prof"
        run_audit(corpus, out / "warm-prof.json", out / "cache.sqlite3", profile=prof, home=home)
        row["warm_profile_top"] = top_functions(prof)
        row["warm_profile_stages"] = stage_times(prof)
    if not args.keep:
        for p in (record, out / "cache.sqlite3", out / "cache-j2.sqlite3"):
            p.unlink(missing_ok=True)
    log("done")
    return row


def fmt(v, spec: str = ".1f") -> str:
    return "-" if v is None else format(v, spec)


def table(rows: list[dict]) -> str:
    head = (
        f"{'N':>6} {'words':>9} {'raw s':>8} {'cold s':>8} {'cold/raw':>8} {'warm s':>7} "
        f"{'warm/cold':>9} {'1 file s':>8} {'j2 s':>8} {'j1/j2':>6} {'RSS MB':>7} {'findings':>8} "
        f"{'raw cpu':>8} {'cold cpu':>8} {'warm cpu':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['n']:>6} {r['words']:>9} {fmt(r['raw_s']):>8} {fmt(r['cold_s']):>8} "
            f"{fmt(r['cold_over_raw'], '.2f'):>8} {fmt(r.get('warm_s')):>7} "
            f"{fmt(r['warm_over_cold'], '.3f'):>9} {fmt(r.get('one_file_s')):>8} "
            f"{fmt(r.get('cold_j2_s')):>8} "
            f"{fmt(r.get('jobs2_speedup'), '.2f'):>6} {fmt(r['cold_rss_mb'], '.0f'):>7} "
            f"{r['findings']:>8} {fmt(r['raw_cpu_s']):>8} {fmt(r.get('cold_cpu_s')):>8} "
            f"{fmt(r.get('warm_cpu_s')):>8}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="comma-separated article counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=BENCH / "out" / "audit")
    ap.add_argument("--results", type=Path, default=BENCH / "results.json")
    ap.add_argument(
        "--no-jobs2-above",
        type=int,
        default=1000,
        help="skip the --jobs 2 cold run for larger sizes (it costs a full translation)",
    )
    ap.add_argument(
        "--profile-upto",
        type=int,
        default=1000,
        help="profile a warm audit for sizes up to this many articles (0: never)",
    )
    ap.add_argument(
        "--cold-only-above",
        type=int,
        default=10**9,
        help="for larger sizes measure only the cold audit and the raw engine time",
    )
    ap.add_argument("--keep", action="store_true", help="keep caches and recorded payloads")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if shutil.which("apertium") is None:
        print("bench/audit.py needs apertium (scripts/install-system-deps.sh)", file=sys.stderr)
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="tc-bench-home-"))
    rows = []
    try:
        for n in sizes:
            rows.append(bench_size(n, args, home))
            write_results(rows, args)  # keep what we have if a later size is interrupted
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(table(rows))
    summary = write_results(rows, args)
    for name, verdict in summary["verdicts"].items():
        print(f"{name}: {verdict}")
    return 0


def write_results(rows: list[dict], args: argparse.Namespace) -> dict:
    by_n = {r["n"]: r for r in rows}
    scaling = None
    if 1000 in by_n and 10000 in by_n:
        scaling = by_n[10000]["cold_s"] / by_n[1000]["cold_s"]
    verdicts = {}
    for r in rows:
        verdicts[f"N={r['n']} cold/raw"] = _verdict(r["cold_over_raw"], TARGETS["cold_over_raw"])
        verdicts[f"N={r['n']} warm/cold"] = _verdict(r["warm_over_cold"], TARGETS["warm_over_cold"])
        verdicts[f"N={r['n']} one file/cold"] = _verdict(
            r.get("one_file_over_cold"), TARGETS["one_file_over_cold"]
        )
    if scaling is not None:
        verdicts["scaling 10k/1k"] = _verdict(scaling, TARGETS["scaling_10k_over_1k"])
    summary = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_avg_at_end": list(os.getloadavg()),
        },
        "seed": args.seed,
        "commit": _commit(),
        "targets": TARGETS,
        "sizes": rows,
        "scaling_10k_over_1k": scaling,
        "verdicts": verdicts,
    }
    args.results.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return summary


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return f"{value:.3f} ({'met' if value <= target else 'MISSED'}; target <= {target})"


if __name__ == "__main__":
    sys.exit(main())
