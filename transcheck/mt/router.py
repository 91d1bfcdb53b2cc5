"""Routing passages to engines: pivot chains, batching, caching, protection.

The installed pairs of every engine form one graph. Each language is routed to the pivot by
the shortest chain of pairs (breadth-first from the pivot; ties go to the preferred engine,
then to the lexicographically smaller next language), so the routes form a tree towards the
pivot and every language that passes through Spanish, say, shares the Spanish hop.

:meth:`Translator.translate_jobs` protects terms with placeholders, then walks the tree from
the farthest languages inwards: at each language the distinct passages waiting there (from
every job, and from every chain passing through) go to the engine in one call, after the
cache has answered what it can. Languages at the same distance are independent and run in
parallel with ``jobs > 1``; the result does not depend on ``jobs``.

Failures stay local: a batch that fails is retried job by job (unless it timed out), so one
bad document fails alone; jobs that still fail are rerouted around the failed hop when another
engine offers a route (``engine-fallback`` notice). A passage whose placeholders do not come
back intact is translated again without protection.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transcheck.model import Notice
from transcheck.mt import registry
from transcheck.mt.base import Engine, EngineError, EngineSettings, Pair
from transcheck.mt.cache import TranslationCache
from transcheck.mt.langcodes import normalize
from transcheck.mt.protect import Protected, compile_terms, protect, restore, restore_lenient

# Per-job retries after a batch failed; after this many consecutive failures the engine is
# considered broken for that pair and the remaining jobs are not retried.
_MAX_CONSECUTIVE_RETRY_FAILURES = 3


@dataclass(frozen=True)
class TranslationJob:
    """The passages of one document that need a pivot rendering."""

    src: str
    texts: tuple[str, ...]
    protect: tuple[str, ...] = ()  # terms kept verbatim through translation
    doc_id: str | None = None
    # (source form, pivot rendering): protected too, and restored as the rendering, e.g. a
    # glossary's ``protection_map(src, pivot)`` items: ("Londres", "London").
    renderings: tuple[tuple[str, str], ...] = ()


def protect_job(job: TranslationJob, compiled: dict[tuple, tuple]) -> list[Protected]:
    """Each text of ``job`` with its terms and renderings protected; ``compiled`` keeps the
    patterns by (terms, renderings), for the jobs that share them."""
    key = (job.protect, job.renderings)
    if key not in compiled:
        terms = {t: t for t in job.protect}
        terms.update(dict(job.renderings))
        compiled[key] = compile_terms(terms)
    return [protect(t, (), compiled=compiled[key]) for t in job.texts]


@dataclass(frozen=True)
class Hop:
    engine: Engine
    pair: Pair
    rank: int  # engine preference, 0 = most preferred

    def __str__(self) -> str:
        return f"{self.engine.name}:{self.pair}"


@dataclass(frozen=True)
class _Plan:
    """Routes to the pivot: each language's distance and next hop, and its whole chain."""

    dist: dict[str, int]
    next: dict[str, Hop]
    routes: dict[str, tuple[Hop, ...]]


class Translator:
    """Translates jobs to the pivot language through the installed engines."""

    def __init__(
        self,
        pivot: str = "en",
        engines: list[Engine] | None = None,
        *,
        cache: TranslationCache | None = None,
        cache_factory: Callable[[], TranslationCache | None] | None = None,
        jobs: int = 1,
        progress: bool | Callable[[int, int], None] = False,
        disabled: bool = False,
    ) -> None:
        self.pivot = normalize(pivot)
        self.engines: list[Engine] = list(engines or [])
        self.notices: list[Notice] = []
        self.stats: dict[str, int] = {
            "passages": 0,
            "unique_passages": 0,
            "cache_hits": 0,
            "translated": 0,
            "engine_calls": 0,
            "engine_failures": 0,
            "protection_fallbacks": 0,
        }
        self.jobs = max(1, int(jobs))
        self.progress = progress
        self.disabled = disabled
        self._cache = cache
        self._cache_factory = cache_factory
        self._lock = threading.Lock()
        self._into: dict[str, list[Hop]] | None = None
        self._plans: dict[frozenset[str], _Plan] = {}
        self._pairs: dict[str, list[str]] = {}
        self._no_route_reported: set[str] = set()
        self._failure_reported: set[tuple[str, str]] = set()
        self._bar: Any = None
        self._task: Any = None
        self._counts = [0, 0]  # passages done, passages to translate (callable progress)
        self._rerouted: dict[int, str] = {}
        # The chain that really translated each job (by doc_id, over every call); it differs
        # from describe_route() when a failed hop was routed around.
        self.routes_used: dict[str, str] = {}

    # ------------------------------------------------------------------ routing

    def _edges(self) -> dict[str, list[Hop]]:
        """Every installed pair of every engine, grouped by target language."""
        if self._into is None:
            into: dict[str, list[Hop]] = {}
            for rank, engine in enumerate(self.engines):
                try:
                    pairs = sorted(set(engine.pairs()), key=str)
                except Exception as exc:  # a broken engine must not stop the audit
                    self._notice_failure(engine.name, "pairs", f"could not list pairs: {exc}")
                    pairs = []
                self._pairs[engine.name] = sorted({str(p) for p in pairs})
                for pair in pairs:
                    into.setdefault(pair.tgt, []).append(Hop(engine, pair, rank))
            self._into = into
        return self._into

    def _plan(self, banned: frozenset[str] = frozenset()) -> _Plan:
        """Shortest routes to the pivot avoiding the ``banned`` hops (``str(hop)``)."""
        if banned in self._plans:
            return self._plans[banned]
        into = self._edges()
        dist = {self.pivot: 0}
        nxt: dict[str, Hop] = {}
        frontier = [self.pivot]
        while frontier:
            best: dict[str, tuple[tuple, Hop]] = {}
            for target in frontier:
                for hop in into.get(target, []):
                    src = hop.pair.src
                    if src in dist or str(hop) in banned:
                        continue
                    key = (hop.rank, hop.engine.name, target)
                    if src not in best or key < best[src][0]:
                        best[src] = (key, hop)
            for src, (_, hop) in best.items():
                dist[src] = dist[hop.pair.tgt] + 1
                nxt[src] = hop
            frontier = sorted(best)
        routes: dict[str, tuple[Hop, ...]] = {}
        for src in dist:
            chain: list[Hop] = []
            node = src
            while node != self.pivot:
                chain.append(nxt[node])
                node = nxt[node].pair.tgt
            routes[src] = tuple(chain)
        plan = _Plan(dist=dist, next=nxt, routes=routes)
        self._plans[banned] = plan
        return plan

    def route(self, src: str) -> tuple[Hop, ...] | None:
        """The chain of hops from ``src`` to the pivot (empty for the pivot), or None."""
        if self.disabled:
            return () if normalize(src) == self.pivot else None
        return self._plan().routes.get(normalize(src))

    def describe_route(self, src: str) -> str | None:
        """``"apertium:fr-es>apertium:es-en"``, or None when ``src`` cannot be translated.

        A language without a route is reported once as a ``no-engine`` notice.
        """
        chain = self.route(src)
        if chain is None:
            self._report_no_route(normalize(src))
            return None
        return ">".join(str(h) for h in chain) if chain else None

    def _report_no_route(self, lang: str) -> None:
        with self._lock:
            if lang in self._no_route_reported:
                return
            self._no_route_reported.add(lang)
            if self.disabled:
                message = (
                    f"translation is off (--engine none): {lang} is not translated to "
                    f"{self.pivot}; names and numbers are still compared"
                )
            else:
                message = (
                    f"no offline engine translates {lang} to {self.pivot}; "
                    "names and numbers are still compared"
                )
            self.notices.append(Notice(code="no-engine", lang=lang, message=message))

    def engines_info(self) -> list[dict]:
        """Every engine with the pairs it actually offers, e.g. ``{"name", "pairs"}``."""
        if self.disabled:
            return []
        self._edges()
        return [
            {"name": engine.name, "pairs": self._pairs.get(engine.name, [])}
            for engine in self.engines
        ]

    # ------------------------------------------------------------------ translation

    def translate_jobs(
        self, jobs: list[TranslationJob], protected: list[list[Protected]] | None = None
    ) -> list[list[str] | None]:
        """Pivot renderings of every job's texts, in order; None for a job that failed.

        ``protected``: each job's texts already protected (``protect`` with the job's terms
        and renderings), when the caller has them."""
        results: list[list[str] | None] = [None] * len(jobs)
        routed: dict[int, str] = {}
        for i, job in enumerate(jobs):
            src = normalize(job.src)
            chain = self.route(src)
            if chain is None:
                self._report_no_route(src)
            elif not chain:
                results[i] = list(job.texts)
            else:
                routed[i] = src
        self._rerouted = {}
        if not routed:
            return results

        compiled: dict[tuple, tuple] = {}
        shielded = {
            i: protected[i] if protected is not None else protect_job(jobs[i], compiled)
            for i in routed
        }
        with self._lock:
            self.stats["passages"] += sum(len(jobs[i].texts) for i in routed)
            self.stats["unique_passages"] += len(
                {(routed[i], p.text) for i in routed for p in shielded[i]}
            )

        self._start_progress()
        try:
            first, failed = self._run_with_fallback(
                {i: (routed[i], [p.text for p in shielded[i]]) for i in routed}
            )
            fallback: dict[int, list[int]] = {}
            for i in routed:
                if i in failed:
                    continue
                out: list[str] = []
                for j, (prot, translated) in enumerate(zip(shielded[i], first[i], strict=True)):
                    restored = restore(translated, prot)
                    if restored is None:
                        fallback.setdefault(i, []).append(j)
                        restored = restore_lenient(translated, prot)
                    out.append(restored)
                results[i] = out
            if fallback:
                with self._lock:
                    self.stats["protection_fallbacks"] += sum(len(v) for v in fallback.values())
                second, failed_again = self._run_with_fallback(
                    {i: (routed[i], [jobs[i].texts[j] for j in js]) for i, js in fallback.items()}
                )
                for i, js in fallback.items():
                    if i in failed_again:
                        continue  # keep the protected translation, restored where possible
                    row = results[i]
                    assert row is not None
                    for j, text in zip(js, second[i], strict=True):
                        row[j] = text
        finally:
            self._stop_progress()
        for i, src in routed.items():
            if results[i] is not None and jobs[i].doc_id is not None:
                route = self._rerouted.get(i) or self.describe_route(src)
                if route:
                    self.routes_used[jobs[i].doc_id] = route
        self._collect_cache_notices()
        return results

    def _run_with_fallback(
        self, entries: dict[int, tuple[str, list[str]]]
    ) -> tuple[dict[int, list[str]], set[int]]:
        """:meth:`_run`, then reroute failed entries around the hops that failed."""
        results, failed, bad = self._run(entries, self._plan())
        banned: frozenset[str] = frozenset()
        while failed and bad - banned:
            banned = banned | bad
            plan = self._plan(banned)
            retry = {i: entries[i] for i in sorted(failed) if entries[i][0] in plan.routes}
            if not retry:
                break
            recovered, _, bad = self._run(retry, plan)
            results.update(recovered)
            failed -= set(recovered)
            for i in recovered:
                self._rerouted[i] = ">".join(str(h) for h in plan.routes[entries[i][0]])
            by_route: dict[tuple[str, str], int] = {}
            for i in recovered:
                src = entries[i][0]
                route = ">".join(str(h) for h in plan.routes[src])
                by_route[(src, route)] = by_route.get((src, route), 0) + 1
            for (src, route), count in sorted(by_route.items()):
                self.notices.append(
                    Notice(
                        code="engine-fallback",
                        lang=src,
                        message=(
                            f"{count} job(s) in {src} were translated by {route} "
                            f"after {', '.join(sorted(banned))} failed"
                        ),
                    )
                )
        return results, failed

    def _run(
        self, entries: dict[int, tuple[str, list[str]]], plan: _Plan
    ) -> tuple[dict[int, list[str]], set[int], set[str]]:
        """Translate each entry's texts along its route.

        Returns the results, the entries that failed and the hops that failed.
        """
        waiting: dict[str, dict[str, set[int]]] = {}
        for i, (src, texts) in entries.items():
            bucket = waiting.setdefault(src, {})
            for text in texts:
                if text.strip():
                    bucket.setdefault(text, set()).add(i)
        done: dict[str, dict[str, str]] = {}
        failed: set[int] = set()
        bad_hops: set[str] = set()
        pool = ThreadPoolExecutor(max_workers=self.jobs) if self.jobs > 1 else None
        try:
            levels = sorted({plan.dist[n] for n in waiting} - {0}, reverse=True)
            for level in range(levels[0] if levels else 0, 0, -1):
                nodes = sorted(n for n in waiting if plan.dist[n] == level and waiting[n])
                batches = [(plan.next[n], waiting[n]) for n in nodes]
                if pool is not None and len(batches) > 1:
                    outputs = list(pool.map(lambda b: self._translate_hop(*b), batches))
                else:
                    outputs = [self._translate_hop(*b) for b in batches]
                for node, (hop, bucket), translated in zip(nodes, batches, outputs, strict=True):
                    done[node] = translated
                    onward = waiting.setdefault(hop.pair.tgt, {})
                    for text, owners in bucket.items():
                        if text not in translated:
                            failed.update(owners)
                            bad_hops.add(str(hop))
                            continue
                        out = translated[text]
                        alive = owners - failed
                        if out.strip() and hop.pair.tgt != self.pivot and alive:
                            onward.setdefault(out, set()).update(alive)
        except BaseException:
            # Ctrl-C: do not wait for the other hops; close() stops their processes.
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
            raise
        finally:
            if pool is not None:
                pool.shutdown()

        results: dict[int, list[str]] = {}
        for i, (src, texts) in entries.items():
            if i in failed:
                continue
            row = []
            for text in texts:
                node, current = src, text
                while node != self.pivot and current.strip():
                    current = done[node][current]
                    node = plan.next[node].pair.tgt
                row.append(current)
            results[i] = row
        return results, failed, bad_hops

    def _translate_hop(self, hop: Hop, bucket: dict[str, set[int]]) -> dict[str, str]:
        """Translate every text waiting at one language; missing keys failed."""
        texts = list(bucket)
        pair = str(hop.pair)
        try:
            identity = hop.engine.identity(hop.pair)
        except Exception as exc:
            with self._lock:
                self.stats["engine_failures"] += 1
            self._notice_failure(hop.engine.name, pair, _one_line(exc))
            return {}
        cache = self._get_cache()
        found = cache.get_many(identity, pair, texts) if cache else {}
        missing = [t for t in texts if t not in found]
        with self._lock:
            self.stats["cache_hits"] += len(found)
        if not missing:
            return found
        self._grow_progress(len(missing))
        try:
            translated = dict(zip(missing, self._call(hop, missing), strict=True))
        except Exception as exc:
            translated = self._retry_per_job(hop, missing, bucket, exc)
        if cache and translated:
            cache.put_many(identity, pair, sorted(translated.items()))
        found.update(translated)
        return found

    def _call(self, hop: Hop, texts: list[str]) -> list[str]:
        try:
            out = hop.engine.translate(list(texts), hop.pair)
        finally:
            with self._lock:
                self.stats["engine_calls"] += 1
        if not isinstance(out, list) or len(out) != len(texts):
            count = len(out) if isinstance(out, list) else type(out).__name__
            raise EngineError(f"{hop} returned {count} passages for {len(texts)}")
        if not all(isinstance(o, str) for o in out):
            raise EngineError(f"{hop} returned something other than text")
        with self._lock:
            self.stats["translated"] += len(texts)
        self._advance_progress(len(texts))
        return out

    def _retry_per_job(
        self, hop: Hop, missing: list[str], bucket: dict[str, set[int]], exc: Exception
    ) -> dict[str, str]:
        """After a failed batch, translate job by job so one bad document fails alone."""
        with self._lock:
            self.stats["engine_failures"] += 1
        owners = sorted({o for t in missing for o in bucket[t]})
        translated: dict[str, str] = {}
        if len(owners) > 1 and getattr(exc, "retryable", True):
            consecutive = 0
            for owner in owners:
                texts = [t for t in missing if owner in bucket[t] and t not in translated]
                if not texts:
                    continue
                try:
                    translated.update(zip(texts, self._call(hop, texts), strict=True))
                    consecutive = 0
                except Exception as again:
                    consecutive += 1
                    if consecutive >= _MAX_CONSECUTIVE_RETRY_FAILURES or not getattr(
                        again, "retryable", True
                    ):
                        break
        lost = sum(1 for o in owners if any(o in bucket[t] for t in missing if t not in translated))
        self._notice_failure(
            hop.engine.name,
            str(hop.pair),
            f"{_one_line(exc)} ({lost} of {len(owners)} document(s) left untranslated)",
        )
        return translated

    def _notice_failure(self, engine: str, pair: str, error: str) -> None:
        with self._lock:
            if (pair, error) in self._failure_reported:
                return
            self._failure_reported.add((pair, error))
            lang = pair.split("-", 1)[0] if "-" in pair else None
            self.notices.append(
                Notice(
                    code="engine-failed",
                    lang=lang,
                    message=f"engine {engine} failed on {pair}: {error}",
                )
            )

    # ------------------------------------------------------------------ cache and progress

    def _get_cache(self) -> TranslationCache | None:
        with self._lock:
            if self._cache is None and self._cache_factory is not None:
                factory, self._cache_factory = self._cache_factory, None
                self._cache = factory()
            return self._cache

    def _collect_cache_notices(self) -> None:
        cache = self._cache
        if cache is None or not cache.notices:
            return
        with self._lock:
            self.notices.extend(cache.notices)
            cache.notices.clear()

    def _start_progress(self) -> None:
        if callable(self.progress):  # the caller draws the bar (one line per audit stage)
            self.progress(*self._counts)
            return
        if not self.progress or not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("translating"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("translate", total=0)
        self._bar.start()

    def _grow_progress(self, n: int) -> None:
        if callable(self.progress):
            with self._lock:
                self._counts[1] += n
                self.progress(*self._counts)
        if self._bar is not None:
            with self._lock:
                total = self._bar.tasks[0].total or 0
                self._bar.update(self._task, total=total + n)

    def _advance_progress(self, n: int) -> None:
        if callable(self.progress):
            with self._lock:
                self._counts[0] += n
                self.progress(*self._counts)
        if self._bar is not None:
            with self._lock:
                self._bar.advance(self._task, n)

    def _stop_progress(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def close(self) -> None:
        for engine in self.engines:
            with contextlib.suppress(Exception):  # closing must never fail an audit
                engine.close()
        if self._cache is not None:
            self._cache.close()
        self._collect_cache_notices()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__


# ---------------------------------------------------------------------- construction


def _build_engines(name: str, settings: EngineSettings, problems: list[Notice]) -> list[Engine]:
    """The engines for ``--engine name`` (``auto``: every engine of the table that runs here
    and says ``in_auto``, in table order), built from the registry table.

    An engine that fails to start becomes an ``engine-failed`` notice, so a broken Argos
    install does not stop Apertium. One asked for by name that cannot run here is a
    ValueError naming what to install.
    """
    explicit = name != registry.AUTO
    wanted = [name] if explicit else list(registry.ENGINES)
    engines: list[Engine] = []
    for engine_name in wanted:
        try:
            cls = registry.engine_class(engine_name)
        except ImportError as exc:
            if explicit:
                raise ValueError(f"the {engine_name} engine is not available: {exc}") from exc
            continue
        if not explicit and (not cls.in_auto or not cls.available()[0]):
            continue
        try:
            engine = cls.build(settings)
        except Exception as exc:  # a broken install must not stop the other engines
            if explicit and isinstance(exc, EngineError):  # the message says what to install
                raise ValueError(str(exc)) from None
            problems.append(
                Notice(
                    code="engine-failed",
                    message=f"engine {engine_name} could not start: {_one_line(exc)}",
                )
            )
            continue
        if engine is None:
            continue
        for problem in getattr(engine, "problems", None) or []:
            problems.append(
                Notice(code="engine-failed", message=f"{engine_name}: {problem} (package skipped)")
            )
        engines.append(engine)
    return engines


def build_translator(
    engine: str = "auto",
    pivot: str = "en",
    *,
    cache_path: Path | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    timeout: float = 120.0,
    progress: bool | Callable[[int, int], None] = False,
    engines: list[Engine] | None = None,
    **kwargs: Any,
) -> Translator:
    """A :class:`Translator` for ``engine``: ``auto``, ``none`` or a name of
    :data:`transcheck.mt.registry.ENGINES`.

    ``engines`` replaces the discovered engines (most preferred first), for tests and
    embedding. Other keyword arguments go to the engines' :meth:`Engine.build`:
    ``apertium_dirs`` and ``argos_dirs`` (where to look for pairs), and Argos options
    (``beam_size``, ``compute_type``...).
    Raises ValueError for an unknown engine name or a missing optional extra.
    """
    name = (engine or "auto").strip().lower()
    choices = registry.engine_choices()
    if name not in choices:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(choices)}")
    disabled = name == registry.NONE and engines is None
    problems: list[Notice] = []
    if engines is None:
        engines = []
        if not disabled:
            settings = EngineSettings(jobs=jobs, timeout=timeout, options=dict(kwargs))
            engines = _build_engines(name, settings, problems)

    def open_cache() -> TranslationCache | None:
        return TranslationCache(cache_path)

    translator = Translator(
        pivot,
        engines,
        cache_factory=open_cache if use_cache and not disabled else None,
        jobs=jobs,
        progress=progress,
        disabled=disabled,
    )
    translator.notices.extend(problems)
    return translator
