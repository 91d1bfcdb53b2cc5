"""Where the per-document stage runs: here (engine in the background) or on a Dask cluster.

The per-document stage (:meth:`transcheck.analysis.Analyser.analyse_documents`: language,
extraction, back-translation) depends on each document alone, so it can run anywhere; the
cross-document stages (names settled against earlier documents, translation sets,
alignment, rules) stay with the caller, over the returned records.

* :class:`LocalRunner` — language, extraction and the choice of passages (protected as the
  engine gets them) on the caller's thread, the engine run of each group in one background
  thread: Apertium works (in its own processes, on another
  core) while the next group is read and analysed. Groups are translated in order.
* :class:`DaskRunner` — ``dask.distributed``: a ``LocalCluster`` (``--dask local``) or a
  running scheduler (``--scheduler tcp://HOST:PORT``). Language and extraction of each group
  of documents is one task, submitted at once (groups in parallel); its back-translation is
  another task, submitted when the caller collects the group, i.e. one group after the
  other, in corpus order, each after the previous group's names were settled on the caller.
  A worker builds its own translator (same engine, pivot, cache file and glossary terms)
  once, and returns the records and its engine notices. The late pass (every sentence of
  the documents of translation sets) is sent the same way, group by group.

Why back-translations are chained: Apertium's rendering of a passage can depend on the
passage before it in the same call (a passage ending in a figure, e.g. "3 800", changes how
the tagger reads the next one: "Les critiques" -> "The critics" or "The critiques"), and the
translation cache keeps the first rendering of a passage. Groups translated in the same
order as on one machine, against the same cache, give the same renderings, hence the same
report bytes; translating groups concurrently would not.

Records come back in submission order whatever the timing, so reports are byte-identical
to a run without a cluster.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcheck.analysis import Analyser, DocumentAnalysis
from transcheck.model import Document, Notice

DASK_MISSING = "--dask/--scheduler need the optional Dask extra: pip install 'transcheck[dask]'"


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker needs to build the same analyser as the caller (sent with each task)."""

    pivot: str
    lang_detector: str
    engine: str
    cache_path: str | None
    use_cache: bool
    timeout: float
    glossary_paths: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = field(default=())  # build_translator keyword args


class LocalRunner:
    """Extraction here, each group's engine run in one background thread (in order)."""

    window = 2  # groups waiting for the engine before reading pauses

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser
        self._pool = _Background()
        self.notices: list[Notice] = []

    def analyse(self, docs: Sequence[Document], after: Callable[[list], None]) -> Future:
        """Language and extraction of ``docs`` now; in the background thread, after the
        groups submitted before, their translation, then ``after(records)``."""
        docs = list(docs)
        records = self.analyser.detect_and_extract(docs)
        # the passages too, protected as the engine gets them: the engine's thread only
        # feeds the engine (its Python time is time the engine waits)
        prepared = self.analyser.prepare(list(zip(docs, records, strict=True)))

        def translate() -> None:
            self.analyser.run_prepared(prepared)
            after(records)

        return self._pool.submit(translate)

    def translate_late(self, items: list[tuple[Document, DocumentAnalysis]]) -> None:
        """The every-sentence pass of ``items`` (records updated in place)."""
        self._pool.submit(self.analyser.translate, items, True).result()

    @property
    def remote(self) -> bool:
        return False

    def cancel(self) -> None:
        self._pool.cancel()

    def close(self) -> None:
        self._pool.close()


class _Background:
    """One daemon thread running tasks in order. Unlike a ThreadPoolExecutor it is not
    joined at exit: after Ctrl-C the engine's close() stops the running group and nothing
    waits for it."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def submit(self, fn: Callable, *args: Any) -> Future:
        future: Future = Future()
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="transcheck-engine")
            self._thread.daemon = True
            self._thread.start()
        self._queue.put((future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:
                future.set_exception(exc)

    def cancel(self) -> None:
        """Drop the tasks not started yet."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item[0].cancel()

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)


class DaskRunner:
    """Groups of documents analysed on a Dask cluster; records come back to the caller."""

    window = 4

    def __init__(self, settings: WorkerSettings, address: str, workers: int = 0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ValueError(DASK_MISSING) from None
        self.settings = settings
        self.notices: list[Notice] = []
        self._cluster = None
        self._client_of: Any = None  # (a local cluster: started when a group first needs it)
        self._workers = workers
        if address != "local":
            try:
                self._client_of = Client(address, timeout="10s")
            except OSError as exc:
                raise ValueError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
            self._set_window()

    @property
    def _client(self) -> Any:
        """The cluster's client; a local cluster is started now, not before: a re-audit
        whose records are all in the cache (or in its snapshot) starts none."""
        if self._client_of is None:
            self._start_local()
        return self._client_of

    def _start_local(self) -> None:
        from distributed import Client, LocalCluster

        n = self._workers or min(4, os.cpu_count() or 1)
        try:
            self._cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=os.environ.get("TRANSCHECK_DASK_PROCESSES", "1") != "0",
                dashboard_address=None,
                silence_logs=50,
            )
        except Exception as exc:  # e.g. a script without `if __name__ == "__main__":`
            raise ValueError(f"could not start a local Dask cluster: {exc}") from None
        self._client_of = Client(self._cluster)
        self._set_window()

    def _set_window(self) -> None:
        workers = len(self._client_of.scheduler_info()["workers"])
        self.window = max(type(self).window, 2 * workers)

    @property
    def remote(self) -> bool:
        return True

    def analyse(self, docs: Sequence[Document], after: Callable[[list], None]) -> _DaskGroup:
        """Language and extraction of ``docs`` on any worker, at once (in parallel with
        other groups); their translation when the caller collects the group, in order."""
        extracted = None
        if docs:
            extracted = self._client.submit(_remote_extract, self.settings, list(docs), pure=False)
        return _DaskGroup(self, extracted, after)

    def translate_late(
        self, items: list[tuple[Document, DocumentAnalysis]]
    ) -> list[tuple[Document, DocumentAnalysis]]:
        future = self._client.submit(_remote_translate_late, self.settings, items, pure=False)
        return self._value(future)

    def _value(self, future: Any) -> Any:
        value, notices = future.result()
        self.notices.extend(notices)
        return value

    def cancel(self) -> None:
        pass

    def close(self) -> None:
        if self._client_of is not None:
            self._client_of.close()
        if self._cluster is not None:
            self._cluster.close()


class _DaskGroup:
    """One group on the cluster: extraction started; translation and ``after`` on result()."""

    def __init__(self, runner: DaskRunner, extracted: Any, after: Callable[[list], None]):
        self._runner, self._extracted, self._after = runner, extracted, after

    def result(self) -> None:
        records: list = []
        if self._extracted is not None:
            runner = self._runner
            # the extraction's result stays on the cluster: the translation task reads it there
            future = runner._client.submit(
                _remote_translate, runner.settings, self._extracted, pure=False
            )
            records = runner._value(future)
        self._after(records)


# ---------------------------------------------------------------------- on a worker

_local = threading.local()


def _worker_analyser(settings: WorkerSettings) -> Analyser:
    """This worker thread's analyser for ``settings`` (built once, reused by later tasks)."""
    made = getattr(_local, "analysers", None)
    if made is None:
        made = _local.analysers = {}
    if settings not in made:
        from transcheck.glossary import load_glossaries
        from transcheck.mt.router import build_translator

        glossary, _ = load_glossaries([Path(p) for p in settings.glossary_paths])
        translator = build_translator(
            settings.engine,
            settings.pivot,
            cache_path=Path(settings.cache_path) if settings.cache_path else None,
            use_cache=settings.use_cache,
            jobs=1,
            timeout=settings.timeout,
            **dict(settings.extra),
        )
        made[settings] = Analyser(settings.pivot, settings.lang_detector, glossary, translator)
    return made[settings]


def _drain_notices(analyser: Analyser) -> list[Notice]:
    translator = analyser.translator
    if translator is None:
        return []
    translator._collect_cache_notices()
    notices = list(translator.notices)
    translator.notices.clear()
    return notices


def _remote_extract(
    settings: WorkerSettings, docs: list[Document]
) -> list[tuple[Document, DocumentAnalysis]]:
    analyser = _worker_analyser(settings)
    return list(zip(docs, analyser.detect_and_extract(docs), strict=True))


def _remote_translate(
    settings: WorkerSettings, items: list[tuple[Document, DocumentAnalysis]]
) -> tuple[list[DocumentAnalysis], list[Notice]]:
    analyser = _worker_analyser(settings)
    analyser.translate(items)
    return [rec for _, rec in items], _drain_notices(analyser)


def _remote_translate_late(
    settings: WorkerSettings, items: list[tuple[Document, DocumentAnalysis]]
) -> tuple[list[tuple[Document, DocumentAnalysis]], list[Notice]]:
    analyser = _worker_analyser(settings)
    analyser.translate(items, every_sentence=True)
    return items, _drain_notices(analyser)
