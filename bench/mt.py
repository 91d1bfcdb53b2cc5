"""Benchmark the Argos engine: batched translation vs one translate_batch call per sentence.

Uses the "realistic" fixture package (6+6 layers, d_model 512, 8k SentencePiece pieces, random
int8 weights; built once into bench/out/ and reused) and a few hundred invented sentences.

* batched: every sentence of the call, length-sorted, in batches of 32 (our engine);
* per-sentence: one ``translate_batch`` call per sentence;
* per-passage: one call per 10-sentence passage, unsorted across passages (what
  argostranslate does: it batches the sentences of one paragraph at a time);
* cache: the router's SQLite cache, cold (empty) vs warm (second run), when
  ``transcheck.mt.router`` / ``transcheck.mt.cache`` are available.

Prints a table and writes bench/mt-results.json. Not a test: timings depend on the machine.

    python bench/mt.py [--sentences 240] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transcheck.mt.argos import ArgosEngine, load_package  # noqa: E402
from transcheck.mt.base import Pair  # noqa: E402
from transcheck.mt.fixture import PRESETS, build_package_dir, make_sentences  # noqa: E402

OUT = ROOT / "bench" / "out" / "argos"
RESULTS = ROOT / "bench" / "mt-results.json"
PAIR = Pair("xx", "en")


def realistic_package() -> tuple[Path, float | None]:
    """The realistic package folder, built on first use (returns build seconds or None)."""
    cfg = PRESETS["realistic"]
    tag = f"L{cfg.encoder_layers}-{cfg.decoder_layers}-d{cfg.d_model}-v{cfg.vocab_size}-s{cfg.seed}"
    folder = OUT / f"translate-xx_en-{tag}"
    if (folder / "model" / "model.bin").is_file():
        return folder, None
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    OUT.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    build_package_dir(folder, config=cfg)
    return folder, time.perf_counter() - start


def bench_sentences(n: int) -> list[str]:
    """``n`` unseen sentences drawn from the training lexicon (same seed, same word list)."""
    cfg = PRESETS["realistic"]
    lexicon = max(300, cfg.sentences // 3)
    return make_sentences(cfg.sentences + n, cfg.seed, lexicon=lexicon)[-n:]


class Counting:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls = 0

    def translate_batch(self, batch, **kwargs):
        self.calls += 1
        return self.inner.translate_batch(batch, **kwargs)


@dataclass
class Run:
    label: str
    wall: float  # seconds
    cpu: float  # process CPU seconds (all threads): robust when other jobs share the CPU
    calls: int | None = None


def timed(label: str, engine: ArgosEngine, groups: list[list[str]]) -> tuple[Run, list[str]]:
    """Translate each group with one engine call; count translate_batch calls."""
    loaded = engine._load(PAIR)  # load outside the timing
    counter = Counting(loaded.translator)
    loaded.translator = counter
    out: list[str] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for group in groups:
        out += engine.translate(group, PAIR)
    run = Run(label, time.perf_counter() - wall, time.process_time() - cpu, counter.calls)
    loaded.translator = counter.inner
    return run, out


def cache_runs(engine: ArgosEngine, sentences: list[str]) -> dict | None:
    try:
        from transcheck.mt.cache import TranslationCache
        from transcheck.mt.router import TranslationJob, Translator
    except ImportError as exc:
        return {"skipped": f"router/cache not available: {exc}"}
    # one job per ~10 sentences, like the paragraphs of a few articles
    jobs = [
        TranslationJob(src="xx", texts=tuple(sentences[i : i + 10]))
        for i in range(0, len(sentences), 10)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cache.sqlite3"
        timings = {}
        for label in ("cold", "warm"):
            cache = TranslationCache(path)
            translator = Translator("en", [engine], cache=cache)
            wall, cpu = time.perf_counter(), time.process_time()
            result = translator.translate_jobs(jobs)
            timings[label] = Run(
                f"router + cache, {label}", time.perf_counter() - wall, time.process_time() - cpu
            )
            stats = dict(translator.stats)
            translator.close()
            cache.close()
            if any(r is None for r in result):
                return {"skipped": f"router returned no translation ({translator.notices})"}
            timings[f"{label}_stats"] = stats
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=240)
    parser.add_argument("--threads", type=int, default=1, help="CTranslate2 intra_threads")
    parser.add_argument("--beam-size", type=int, default=2)
    args = parser.parse_args(argv)

    folder, build_s = realistic_package()
    pkg = load_package(folder)
    sentences = bench_sentences(args.sentences)
    opts = {"threads": args.threads, "beam_size": args.beam_size}

    batched = ArgosEngine([pkg], max_batch_size=32, **opts)
    single = ArgosEngine([pkg], max_batch_size=1, **opts)
    # warm up both (first call pays lazy allocation)
    batched.translate(sentences[:4], PAIR)
    single.translate(sentences[:1], PAIR)

    passages = [" ".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]
    batched_run, b_out = timed("batched (sorted, 32/batch)", batched, [sentences])
    single_run, s_out = timed("one call per sentence", single, [[x] for x in sentences])
    passage_run, _ = timed("one call per 10-sentence passage", batched, [[p] for p in passages])
    same = sum(a == b for a, b in zip(b_out, s_out, strict=True))
    runs = [batched_run, single_run, passage_run]
    cache = cache_runs(batched, sentences)
    if cache and "cold" in cache:
        runs += [cache["cold"], cache["warm"]]

    cfg = PRESETS["realistic"]
    n = len(sentences)
    print(
        f"Argos engine benchmark: {n} sentences, model {cfg.encoder_layers}+{cfg.decoder_layers} "
        f"layers, d_model {cfg.d_model}, vocab {cfg.vocab_size}, int8, beam {args.beam_size}, "
        f"{args.threads} thread(s)"
    )
    if build_s is not None:
        print(f"(built the fixture model in {build_s:.1f} s)")
    print(f"{'path':34} {'wall s':>8} {'cpu s':>8} {'sent/s':>9} {'calls':>6}")
    for r in runs:
        calls = "" if r.calls is None else str(r.calls)
        print(f"{r.label:34} {r.wall:8.3f} {r.cpu:8.3f} {n / max(r.wall, 1e-9):9.1f} {calls:>6}")
    speedup = {
        "per_sentence_wall": single_run.wall / batched_run.wall,
        "per_sentence_cpu": single_run.cpu / batched_run.cpu,
        "per_passage_wall": passage_run.wall / batched_run.wall,
        "per_passage_cpu": passage_run.cpu / batched_run.cpu,
    }
    print(
        f"batched speed-up over one call per sentence: {speedup['per_sentence_wall']:.1f}x wall, "
        f"{speedup['per_sentence_cpu']:.1f}x cpu (target >= 3x); over one call per passage: "
        f"{speedup['per_passage_wall']:.1f}x wall, {speedup['per_passage_cpu']:.1f}x cpu"
    )
    print(f"identical outputs, batched vs one call per sentence: {same}/{n}")
    if cache and "cold" in cache:
        print(f"warm cache speed-up over cold: {cache['cold'].wall / cache['warm'].wall:.0f}x")
    elif cache:
        print(f"cache: {cache['skipped']} (engine measured alone)")

    def as_dict(r: Run) -> dict:
        return {
            "wall_s": round(r.wall, 3),
            "cpu_s": round(r.cpu, 3),
            "sent_per_s": round(n / max(r.wall, 1e-9), 1),
            "calls": r.calls,
        }

    results = {
        "sentences": n,
        "model": {
            "layers": [cfg.encoder_layers, cfg.decoder_layers],
            "d_model": cfg.d_model,
            "vocab": cfg.vocab_size,
            "compute_type": "int8",
        },
        "beam_size": args.beam_size,
        "threads": args.threads,
        "runs": {r.label: as_dict(r) for r in runs},
        "speedup": {k: round(v, 2) for k, v in speedup.items()},
        "identical_outputs_batched_vs_per_sentence": same,
        "cache_stats": {
            k: v for k, v in (cache or {}).items() if k.endswith("_stats") or k == "skipped"
        },
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
