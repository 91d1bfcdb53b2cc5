"""Benchmark the Apertium engine: one process per batch vs one process per passage.

Invented Spanish sentences (random draws from a small word list) are translated to English:

* batched: every passage in one ``apertium`` call (our engine), with ``--jobs`` processes;
* per-passage: one ``apertium`` call per passage, on a sample, extrapolated;
* router + cache: a French job through the fr->es->en chain, cold (empty cache) vs warm.

Prints a table and writes bench/apertium-results.json. Not a test: timings depend on the
machine.

    python bench/apertium.py [--passages 1000] [--sample 20] [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transcheck.mt.apertium import ApertiumEngine  # noqa: E402
from transcheck.mt.base import Pair  # noqa: E402
from transcheck.mt.router import TranslationJob, build_translator  # noqa: E402

WORDS_ES = (
    "el gobierno anunció ayer que la ciudad recibirá nuevos fondos para las escuelas y los "
    "hospitales durante el próximo año según fuentes oficiales del ministerio"
).split()
WORDS_FR = (
    "le gouvernement a annoncé hier que la ville recevra de nouveaux fonds pour les écoles et "
    "les hôpitaux pendant la prochaine année selon des sources officielles"
).split()


def sentences(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(words) for _ in range(rng.randint(8, 30))).capitalize() + "."
        for _ in range(count)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20, help="passages run one by one")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    engine = ApertiumEngine(jobs=args.jobs)
    es_en = Pair("es", "en")
    if es_en not in engine.pairs():
        print("apertium with the es-en pair is required", file=sys.stderr)
        return 2
    texts = sentences(WORDS_ES, args.passages, 1)
    chars = sum(map(len, texts))

    start = time.perf_counter()
    batched = engine.translate(texts, es_en)
    t_batch = time.perf_counter() - start

    sample = texts[: args.sample]
    start = time.perf_counter()
    single = [engine.translate([t], es_en)[0] for t in sample]
    t_single = (time.perf_counter() - start) * len(texts) / max(1, len(sample))
    identical = single == batched[: len(sample)]

    fr_job = TranslationJob("fr", tuple(sentences(WORDS_FR, args.passages // 4, 2)))
    cache_times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("cold", "warm"):
            translator = build_translator(
                "apertium", cache_path=Path(tmp) / "c.sqlite3", jobs=args.jobs
            )
            start = time.perf_counter()
            translator.translate_jobs([fr_job])
            cache_times[label] = time.perf_counter() - start
            cache_times[f"{label}_translated"] = translator.stats["translated"]
            translator.close()

    rows = [
        (f"batched ({args.passages} passages, {chars} chars)", t_batch),
        (f"per-passage (extrapolated from {len(sample)})", t_single),
        (f"router fr>es>en, cold cache ({len(fr_job.texts)} passages)", cache_times["cold"]),
        ("router fr>es>en, warm cache", cache_times["warm"]),
    ]
    width = max(len(r[0]) for r in rows)
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:8.2f} s")
    print(f"per-passage / batched: {t_single / t_batch:.0f}x; same output: {identical}")
    results = {
        "machine": platform.platform(),
        "passages": args.passages,
        "chars": chars,
        "jobs": args.jobs,
        "batched_s": round(t_batch, 3),
        "per_passage_extrapolated_s": round(t_single, 3),
        "speedup": round(t_single / t_batch, 1),
        "batched_equals_single": identical,
        "router_cache": {k: round(v, 3) for k, v in cache_times.items()},
    }
    out = ROOT / "bench" / "apertium-results.json"
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
