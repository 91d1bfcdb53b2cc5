"""Benchmark the Argos engine: batched translation vs one translate_batch call per sentence.

Uses the "realistic" fixture package (6+6 layers, d_model 512, 8k SentencePiece pieces, random
int8 weights; built once into bench/out/ and reused) and a few hundred invented sentences.

* batched: every sentence of the call, length-sorted, in batches of 32 (our engine);
* per-sentence: one ``translate_batch`` call per sentence (how argostranslate drives it);
* cache: the router's SQLite cache, cold (empty) vs warm (second run), when
  ``transcheck.mt.router`` / ``transcheck.mt.cache`` are available.

Prints a table and writes bench/mt-results.json. Not a test: timings depend on the machine.

    python bench/mt.py [--sentences 300] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
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


def timed_engine_run(engine: ArgosEngine, sentences: list[str]) -> tuple[float, int, list[str]]:
    loaded = engine._load(PAIR)  # load outside the timing
    counter = Counting(loaded.translator)
    loaded.translator = counter
    start = time.perf_counter()
    out = engine.translate(sentences, PAIR)
    elapsed = time.perf_counter() - start
    loaded.translator = counter.inner
    return elapsed, counter.calls, out


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
            start = time.perf_counter()
            result = translator.translate_jobs(jobs)
            timings[label] = time.perf_counter() - start
            stats = dict(translator.stats)
            translator.close()
            cache.close()
            if any(r is None for r in result):
                return {"skipped": f"router returned no translation ({translator.notices})"}
            timings[f"{label}_stats"] = stats
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=300)
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

    b_time, b_calls, b_out = timed_engine_run(batched, sentences)
    s_time, s_calls, s_out = timed_engine_run(single, sentences)
    same = sum(a == b for a, b in zip(b_out, s_out, strict=True))

    cfg = PRESETS["realistic"]
    rows = [
        ("batched (sorted, 32/batch)", b_time, b_calls),
        ("one call per sentence", s_time, s_calls),
    ]
    cache = cache_runs(batched, sentences)
    if cache and "cold" in cache:
        rows.append(("router + cache, cold", cache["cold"], None))
        rows.append(("router + cache, warm", cache["warm"], None))

    n = len(sentences)
    print(
        f"Argos engine benchmark: {n} sentences, model {cfg.encoder_layers}+{cfg.decoder_layers} "
        f"layers, d_model {cfg.d_model}, vocab {cfg.vocab_size}, int8, beam {args.beam_size}, "
        f"{args.threads} thread(s)"
    )
    if build_s is not None:
        print(f"(built the fixture model in {build_s:.1f} s)")
    print(f"{'path':30} {'seconds':>9} {'sent/s':>9} {'calls':>6}")
    for label, seconds, calls in rows:
        print(f"{label:30} {seconds:9.3f} {n / seconds:9.1f} {calls if calls else '':>6}")
    ratio = s_time / b_time
    print(f"batched speed-up: {ratio:.1f}x (target >= 3x)")
    print(f"identical outputs between the two paths: {same}/{n}")
    if cache and "cold" in cache:
        print(f"warm cache speed-up over cold: {cache['cold'] / cache['warm']:.0f}x")
    elif cache:
        print(f"cache: {cache['skipped']} (engine measured alone)")

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
        "batched": {
            "seconds": round(b_time, 3),
            "sent_per_s": round(n / b_time, 1),
            "calls": b_calls,
        },
        "per_sentence": {
            "seconds": round(s_time, 3),
            "sent_per_s": round(n / s_time, 1),
            "calls": s_calls,
        },
        "speedup": round(ratio, 2),
        "identical_outputs": same,
        "cache": {
            k: (round(v, 4) if isinstance(v, float) else v) for k, v in (cache or {}).items()
        },
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
    }
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


def _cpus() -> int | None:
    import os

    return os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
