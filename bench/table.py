"""`make bench`: one table per corpus size — engine floor, raw engine, cold, warm, one file
changed, --jobs 2, Dask local cluster, peak RSS and the ratios.

For each size N (bench/generate.py corpus, en/es/fr articles, Apertium), in fresh processes:

| column     | what |
|------------|------|
| floor      | each language's whole text as ONE Apertium stream along the router's route (bench/floor.py), languages one after another |
| raw        | every `apertium` call of the cold audit replayed straight into `apertium` (bench/audit.py) |
| cold       | `transcheck audit --engine apertium` on a fresh cache |
| warm       | the same audit again (nothing changed) |
| 1 changed  | again after one article got one more sentence |
| jobs 2     | a cold audit with `--jobs 2` on another fresh cache |
| dask       | a cold audit with `--dask local --jobs 2` (2 worker processes) on another fresh cache |
| RSS        | peak resident memory of the cold audit process (Dask: of the client) |

The cold, warm, jobs 2 and Dask reports must be byte-identical (checked; `same` column).

    python bench/table.py [--sizes 300] [--pairs 3] [--no-dask] [--no-jobs2] [--profile]

``--pairs K`` (or ``BENCH_PAIRS``): K (floor, cold) pairs run one right after the other, and
K warm and one-changed runs; the table shows medians, and cold/floor is the median of the
ratios within pairs (on a shared machine the speed drifts between runs far more than within
a pair). The cold audit that records the engine's calls for the raw column runs first and
is not one of the pairs (it holds every payload, and a first run compiles the modules).

`BENCH_SIZES=1000,10000 make bench` for the full run. Results: bench/table-results.json.
Not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import audit as bench_audit  # noqa: E402
import floor  # noqa: E402

EDIT = "\nThe council confirmed on Monday that 14 more people were hurt.\n"


def run(corpus: Path, out: Path, cache: Path, home: Path, *extra: str, record=None, prof=None):
    """One audit in a fresh process (bench/audit.py's runner): stats, wall, CPU, peak RSS."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        # guarded: Dask's worker processes start by importing the main module again
        body = "".join(
            "    " + line if line.strip() else line for line in bench_audit.RUNNER.splitlines(True)
        )
        fh.write("if __name__ == '__main__':\n" + body)
        runner = fh.name
    stats_file = out.with_suffix(".stats.json")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TC_BENCH_STATS": str(stats_file)}
    env["TRANSCHECK_HOME"] = str(home)
    # as Python runs by default: modules compiled once, on the first run (the cold one), and
    # their bytecode read afterwards (a machine may turn that off; users' machines do not)
    for key in ("TC_BENCH_RECORD", "TC_BENCH_PROFILE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key, None)
    if record is not None:
        env["TC_BENCH_RECORD"] = str(record)
    if prof is not None:
        env["TC_BENCH_PROFILE"] = str(prof)
    argv = [sys.executable, runner, "audit", str(corpus), "--engine", "apertium", "-f", "json"]
    argv += ["-o", str(out), "--cache", str(cache), "--fail-on", "never", "-q", *extra]
    import subprocess

    start = time.perf_counter()
    with open(out.with_suffix(".stderr.txt"), "w") as err:
        proc = subprocess.Popen(argv, env=env, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    os.unlink(runner)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"audit failed:\n{out.with_suffix('.stderr.txt').read_text()}")
    stats = json.loads(stats_file.read_text())
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "rss_mb": round(stats["maxrss_kb"] / 1024),
        "findings": stats["findings"],
        "analysed": stats["stats"].get("documents_analysed"),
    }


def bench_size(n: int, args: argparse.Namespace, home: Path) -> dict:
    log = lambda msg: print(f"[N={n}] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    source = bench_audit.corpus_for(n, args.seed, args.workdir)
    work = args.workdir / f"table-{n}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus = work / "corpus"
    shutil.copytree(source, corpus, ignore=shutil.ignore_patterns(".complete"))
    row: dict = {"n": n, **bench_audit.corpus_size(corpus)}

    # The run that records the engine's calls (for the raw replay) is not a timed one: it
    # holds and writes every payload, and a first run compiles the modules.
    log("cold audit recording apertium calls (for the raw replay; not one of the pairs)")
    record = work / "calls.json"
    cache = work / "cache.sqlite3"
    prof = work / "cold.prof" if args.profile else None
    recorded = run(corpus, work / "cold.json", cache, home, record=record, prof=prof)
    row["recorded_s"] = recorded["wall_s"]
    log(f"recorded {recorded['wall_s']} s; raw replay")
    raw = bench_audit.replay_raw(record)
    row["raw_s"], row["raw_cpu_s"] = round(raw["raw_s"], 2), round(raw["raw_cpu_s"], 2)
    row["raw_calls"] = raw["raw_calls"]
    if prof is not None:
        row["cold_profile_stages"] = bench_audit.stage_times(prof)
        row["cold_profile_top"] = bench_audit.top_functions(prof, 12)

    same = []
    # (floor, cold) pairs, one right after the other: the machine's speed drifts, the ratio
    # within a pair much less; the table gives the medians
    pairs, colds = [], []
    for k in range(args.pairs):
        log(f"pair {k + 1} of {args.pairs}: engine floor (one stream per language), then cold")
        fl = floor.measure(corpus, parallel=False)
        row.setdefault("floor_cpu_s", fl["floor_cpu_s"])
        cold_k = run(corpus, work / f"cold-{k}.json", work / f"cache-{k}.sqlite3", home)
        same.append((work / "cold.json").read_bytes() == (work / f"cold-{k}.json").read_bytes())
        pairs.append((fl["floor_s"], cold_k["wall_s"]))
        colds.append(cold_k)
    row["cold"] = dict(_median_run(colds))
    row["pairs"] = [{"floor_s": f, "cold_s": c} for f, c in pairs]

    log("warm audit (nothing changed)")
    warm = [run(corpus, work / "warm.json", cache, home) for _ in range(args.pairs)]
    row["warm"] = _median_run(warm)
    victim = sorted(corpus.glob("*_es.txt"))[0]
    original = victim.read_text(encoding="utf-8")
    victim.write_text(original + EDIT, encoding="utf-8")
    log(f"warm audit, {victim.name} changed")
    shutil.copyfile(cache, work / "warm.sqlite3")
    changed = []
    for _ in range(args.pairs):
        shutil.copyfile(work / "warm.sqlite3", cache)  # each run finds the one file changed
        changed.append(run(corpus, work / "changed.json", cache, home))
    row["changed"] = _median_run(changed)
    victim.write_text(original, encoding="utf-8")
    same.append((work / "cold.json").read_bytes() == (work / "warm.json").read_bytes())
    if not args.no_jobs2:
        log("cold audit --jobs 2")
        row["jobs2"] = run(corpus, work / "j2.json", work / "c2.sqlite3", home, "--jobs", "2")
        same.append((work / "cold.json").read_bytes() == (work / "j2.json").read_bytes())
    if not args.no_dask:
        log("cold audit --dask local --jobs 2")
        row["dask"] = run(
            corpus, work / "dask.json", work / "c3.sqlite3", home, "--dask", "local", "--jobs", "2"
        )
        same.append((work / "cold.json").read_bytes() == (work / "dask.json").read_bytes())
    row["reports_identical"] = all(same)
    row["floor_s"] = statistics.median(f for f, _ in pairs)
    row["cold"]["wall_s"] = c = statistics.median(c for _, c in pairs)
    row["ratios"] = {
        "cold/floor": round(statistics.median(c / f for f, c in pairs), 2),
        "cold/raw": round(c / row["raw_s"], 2),
        "warm/cold": round(row["warm"]["wall_s"] / c, 3),
        "changed/cold": round(row["changed"]["wall_s"] / c, 3),
    }
    if "jobs2" in row:
        row["ratios"]["jobs2/cold"] = round(row["jobs2"]["wall_s"] / c, 2)
    if "dask" in row:
        row["ratios"]["dask/cold"] = round(row["dask"]["wall_s"] / c, 2)
    if not args.keep:
        for p in work.glob("*.sqlite3*"):
            p.unlink()
        record.unlink(missing_ok=True)
    return row


def _median_run(runs: list[dict]) -> dict:
    """The run of median wall time (the first of two middle ones)."""
    return sorted(runs, key=lambda r: r["wall_s"])[(len(runs) - 1) // 2]


def table(rows: list[dict]) -> str:
    cols = [
        ("N", lambda r: f"{r['n']:,}"),
        ("words", lambda r: f"{r['words']:,}"),
        ("floor s", lambda r: f"{r['floor_s']:.1f}"),
        ("raw s", lambda r: f"{r['raw_s']:.1f}"),
        ("cold s", lambda r: f"{r['cold']['wall_s']:.1f}"),
        ("warm s", lambda r: f"{r['warm']['wall_s']:.1f}"),
        ("1 changed s", lambda r: f"{r['changed']['wall_s']:.1f}"),
        ("jobs 2 s", lambda r: f"{r['jobs2']['wall_s']:.1f}" if "jobs2" in r else "-"),
        ("dask s", lambda r: f"{r['dask']['wall_s']:.1f}" if "dask" in r else "-"),
        ("RSS MB", lambda r: f"{r['cold']['rss_mb']}"),
        ("cold/floor", lambda r: f"{r['ratios']['cold/floor']:.2f}"),
        ("cold/raw", lambda r: f"{r['ratios']['cold/raw']:.2f}"),
        ("warm/cold", lambda r: f"{r['ratios']['warm/cold']:.3f}"),
        ("changed/cold", lambda r: f"{r['ratios']['changed/cold']:.3f}"),
        ("same", lambda r: "yes" if r["reports_identical"] else "NO"),
    ]
    cells = [[name for name, _ in cols]] + [[f(r) for _, f in cols] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
    lines = [
        "| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    cpu = [
        f"N={r['n']:,} CPU s: floor {r['floor_cpu_s']:.1f}, raw {r['raw_cpu_s']:.1f}, "
        f"cold {r['cold']['cpu_s']:.1f}, warm {r['warm']['cpu_s']:.1f}"
        + (f", jobs 2 {r['jobs2']['cpu_s']:.1f}" if "jobs2" in r else "")
        + f"; engine calls {r['raw_calls']}; findings {r['cold']['findings']}"
        + "; pairs (floor, cold) "
        + ", ".join(f"({p['floor_s']}, {p['cold_s']})" for p in r["pairs"])
        + f"; the recording cold run {r.get('recorded_s', '?')} s"
        for r in rows
    ]
    return "\n".join(lines + [""] + cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or "300")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=BENCH / "out" / "audit")
    ap.add_argument("--results", type=Path, default=BENCH / "table-results.json")
    ap.add_argument(
        "--pairs",
        type=int,
        default=int(os.environ.get("BENCH_PAIRS") or 1),
        help="(floor, cold) pairs, warm and one-changed runs per size; medians are shown",
    )
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--no-jobs2", action="store_true")
    ap.add_argument("--profile", action="store_true", help="cProfile the cold audit")
    ap.add_argument("--keep", action="store_true", help="keep caches and recorded calls")
    args = ap.parse_args(argv)
    if shutil.which("apertium") is None:
        print("bench/table.py needs apertium (scripts/install-system-deps.sh)", file=sys.stderr)
        return 2
    if not args.no_dask:
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("no Dask installed: the dask column is skipped", file=sys.stderr)
            args.no_dask = True
    args.workdir.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="tc-bench-home-"))
    rows = []
    try:
        for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
            rows.append(bench_size(n, args, home))
            summary = {"commit": bench_audit._commit(), "load": os.getloadavg(), "sizes": rows}
            args.results.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(table(rows))
    return 0 if all(r["reports_identical"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
