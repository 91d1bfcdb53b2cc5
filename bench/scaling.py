"""Scaling within one document: time must grow linearly with the size of a single file.

Two shapes, each audited at two sizes (``--engine none``, no cache, in a fresh subprocess):

* ``article``: one long article full of figures, names and quotations (1 MB and 4 MB);
* ``lines``: many short lines, each with a figure (20,000 and 200,000 lines).

The ratio time(big)/time(small) is compared with the size ratio: the target is at most
1.3 x linear. Not a test: timings depend on the machine (run with ``make bench``).

    python bench/scaling.py [--shapes article,lines] [--out bench/out/scaling]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3  # allowed excess over linear

TOWNS = ["Valmora", "Ostrik", "Montclerc", "Peñaranda", "Roshaven", "Tessavo", "Belozar"]
PEOPLE = ["Estela Quintero", "Marta Kolesnik", "Yevgeny Barsukov", "Pavel Ibáñez", "Ana Lind"]
UNITS = ["residents", "metres", "families", "schools", "tonnes", "volunteers", "kilometres"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(size: int, seed: int = 1) -> str:
    """About ``size`` characters of invented news prose, three figures per sentence."""
    rng = random.Random(seed)
    parts, total, i = [], 0, 0
    while total < size:
        town, person = rng.choice(TOWNS), rng.choice(PEOPLE)
        a, b, c = rng.randint(2, 90_000), rng.randint(2, 900), rng.randint(2, 99)
        sentence = (
            f"In {town}, {person} said on {rng.choice(DAYS)} that {a:,} "
            f"{rng.choice(UNITS)} had moved, {b} {rng.choice(UNITS)} were lost and {c}.{i % 10} "
            f"{rng.choice(UNITS)} remained. "
        )
        if i % 7 == 0:
            sentence += f"\u201cWe counted {b} {rng.choice(UNITS)} today,\u201d {person} told us. "
        if i % 5 == 4:
            sentence += "\n\n"
        parts.append(sentence)
        total += len(sentence)
        i += 1
    return "".join(parts)


def lines(n: int, seed: int = 1) -> str:
    """``n`` short lines with a figure each (a table or a log pasted as an article)."""
    rng = random.Random(seed)
    return "".join(
        f"{rng.choice(TOWNS)} {rng.randint(1, 99_999)} {rng.choice(UNITS)}\n" for _ in range(n)
    )


SHAPES = {
    # shape: (generator, small size, big size, unit)
    "article": (article, 1_000_000, 4_000_000, "chars"),
    "lines": (lines, 20_000, 200_000, "lines"),
}


def run_audit(path: Path, out: Path) -> dict:
    cmd = [sys.executable, "-m", "transcheck", "audit", str(path), "--engine", "none"]
    cmd += ["--no-cache", "--no-glossary-discovery", "-f", "json", "-o", str(out)]
    cmd += ["--fail-on", "never", "-q"]
    start = time.perf_counter()
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT) as p:
        stderr = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
        _pid, status, usage = os.wait4(p.pid, 0)  # this audit's own CPU time and peak RSS
        p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise SystemExit(f"audit failed ({p.returncode}): {stderr.strip()}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "documents": report["summary"]["documents"],
        "file_errors": report["summary"]["errors"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scaling")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for shape in args.shapes.split(","):
        make, small, big, unit = SHAPES[shape]
        rows = []
        for size in (small, big):
            folder = args.out / f"{shape}-{size}"
            folder.mkdir(exist_ok=True)
            doc = folder / "story_en.txt"
            if not doc.exists():
                doc.write_text(make(size), encoding="utf-8")
            row = run_audit(folder, args.out / f"{shape}-{size}.json")
            row.update(shape=shape, size=size, unit=unit, bytes=doc.stat().st_size)
            rows.append(row)
            print(
                f"{shape:8} {size:>10,} {unit:6} {row['bytes'] / 1e6:6.1f} MB  "
                f"wall {row['wall_s']:7.2f} s  cpu {row['cpu_s']:7.2f} s  "
                f"rss {row['peak_rss_mb']:5} MB",
                flush=True,
            )
        size_ratio = rows[1]["bytes"] / rows[0]["bytes"]
        time_ratio = rows[1]["cpu_s"] / max(rows[0]["cpu_s"], 1e-9)
        excess = time_ratio / size_ratio
        verdict = "ok" if excess <= TARGET else "SUPERLINEAR"
        print(
            f"{shape:8} size x{size_ratio:.2f}, cpu time x{time_ratio:.2f}: "
            f"{excess:.2f} x linear (target <= {TARGET}) {verdict}",
            flush=True,
        )
        results.append({"shape": shape, "rows": rows, "excess_over_linear": round(excess, 2)})
    (ROOT / "bench" / "scaling-results.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    return 0 if all(r["excess_over_linear"] <= TARGET for r in results) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
