"""The pipeline: corpus -> language -> extraction -> back-translation -> alignment -> rules.

``audit()`` is the library entry point; the CLI is a thin layer over it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcheck import corpus, heap, snapshot
from transcheck.align.sets import find_translation_sets
from transcheck.analysis import Analyser, DocumentAnalysis, NameSettler, count_passages
from transcheck.analysis_cache import AnalysisCache
from transcheck.bilingual import with_units
from transcheck.checking import SideSets, align_sets, run_rules
from transcheck.context import AuditContext
from transcheck.glossary import find_glossary_files, load_glossaries
from transcheck.model import Document, Extraction, FileError, Finding, Notice, TranslationSet
from transcheck.rules import all_rules
from transcheck.scaleout import DaskRunner, LocalRunner, WorkerSettings
from transcheck.settled import KeptNameSettler
from transcheck.textspill import TextSpill

# Documents are translated in groups of this many, so that memory for pending passages
# stays bounded while engines still get large batches.
TRANSLATION_GROUP = 200
# The every-sentence pass of translation sets' documents goes in groups of this many: few
# passages are left for it, so a group is mostly the engines' start-up (an Apertium pipeline
# per language and call), and its renderings are let go after each group.
LATE_GROUP = 1000
# The first group is smaller: the engines start after a few documents are read and analysed,
# not after the first TRANSLATION_GROUP (the engine is the long pole of a cold audit).
FIRST_GROUP = 40


@dataclass
class AuditOptions:
    pivot: str = "en"
    engine: str = "auto"  # auto | apertium | argos | argostranslate | none
    lang_detector: str = "langdetect"
    glossaries: list[Path] = field(default_factory=list)  # explicit --glossary files
    discover_glossaries: bool = True
    cache_path: Path | None = None
    use_cache: bool = True
    jobs: int = 1
    rules: list[str] | None = None  # None = every registered rule
    timeout: float = 120.0  # per engine call, seconds
    translation_sets: bool = True  # find translations of one article and check aligned pairs
    progress: bool = False
    follow_symlinks: bool = False  # follow links that lead out of a corpus folder
    # Run the per-document stage on Dask: "local" (a LocalCluster of ``jobs`` workers, or
    # one per core up to 4) or a scheduler address "tcp://HOST:PORT". None: this process.
    dask: str | None = None
    # False: the caller reads no ``AuditResult.extractions``, so a re-audit with nothing
    # changed may take its whole result from the cache (``transcheck.snapshot``) and leave
    # ``extractions`` empty. (The CLI reads none.)
    need_extractions: bool = True


@dataclass
class AuditResult:
    pivot: str
    documents: list[Document]
    extractions: dict[str, Extraction]
    findings: list[Finding]
    errors: list[FileError]
    notices: list[Notice]
    engines: list[dict]
    stats: dict
    glossary_files: list[str]
    translation_sets: list[TranslationSet] = field(default_factory=list)


ProgressFn = Callable[[str, int, int], None]


# The collector's first generation runs after this many allocations (Python's default: 700).
# An audit allocates millions of small objects that live to its end (records, items, links);
# at 700 the collector scans the young ones thousands of times for cycles they never form:
# a tenth of a cold audit's Python time, a sixth of a warm one's (bench/README.md).
COLLECT_EVERY = 100_000


def audit(
    paths: Sequence[str | Path],
    options: AuditOptions | None = None,
    progress: ProgressFn | None = None,
) -> AuditResult:
    """Audit the documents under ``paths`` and return every finding, error and notice."""
    with collecting_lazily():
        return _audit(paths, options, progress)


@contextmanager
def collecting_lazily() -> Iterator[None]:
    """Collect the first generation every ``COLLECT_EVERY`` allocations (or the caller's
    setting when lazier), and give the caller's thresholds back."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(COLLECT_EVERY, thresholds[0]), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _audit(
    paths: Sequence[str | Path],
    options: AuditOptions | None,
    progress: ProgressFn | None,
) -> AuditResult:
    from transcheck.mt.router import build_translator

    options = options or AuditOptions()
    pivot = options.pivot
    errors: list[FileError] = []
    notices: list[Notice] = []

    glossary_paths = find_glossary_files(
        [Path(p) for p in paths], options.glossaries, discover=options.discover_glossaries
    )
    glossary, glossary_errors = load_glossaries(glossary_paths)
    errors.extend(glossary_errors)

    translator = build_translator(
        options.engine,
        pivot,
        cache_path=options.cache_path,
        use_cache=options.use_cache,
        jobs=options.jobs,
        timeout=options.timeout,
        progress=_translation_progress(progress) if progress else options.progress,
    )
    analyser = Analyser(pivot, options.lang_detector, glossary, translator)
    runner = _runner(options, analyser, glossary_paths)
    store = _open_store(options)
    documents: dict[str, Document] = {}
    records: dict[str, DocumentAnalysis] = {}
    keys: dict[str, str] = {}
    chunk: list[Document] = []
    # documents analysed / reused; passages and unique passages as one translator run per
    # group of documents would count them, whatever the cache answered (the report's counts)
    counts = {"analysed": 0, "reused": 0, "passages": 0, "unique": 0}
    settler = KeptNameSettler(store, keys) if store else NameSettler()
    texts = TextSpill()
    total = corpus.count_files(paths, follow_symlinks=options.follow_symlinks) if progress else 0
    seen_files = 0

    def count(keys: list[tuple[str, ...]]) -> None:
        passages, unique = count_passages([keys])
        counts["passages"] += passages
        counts["unique"] += unique

    inflight: list[Any] = []  # groups being analysed (runner handles), in corpus order
    # While the documents read are the snapshot's, their groups wait here, unanalysed.
    base = _base_key(options, glossary_paths) if store is not None and store.enabled else None
    follower = snapshot.follower(store, base) if base and not options.need_extractions else None
    waiting: list[list[Document]] = []
    doc_notices: dict[str, list[Notice]] = {}

    def take_chunk() -> None:
        """The documents read since the last group, as a group: left waiting while they are
        the snapshot's next documents, else analysed (the groups waiting before them first)."""
        nonlocal follower
        group = list(chunk)
        chunk.clear()
        keys.update({doc.id: analyser.key(doc) for doc in group})
        if follower is not None and follower.follows(group, keys):
            waiting.append(group)
        else:
            follower = None
            analyse_waiting()
            analyse_group(group)
        if progress:
            progress("langid", seen_files, total)
            progress("extract", seen_files, total)

    def analyse_waiting() -> None:
        while waiting:
            analyse_group(waiting.pop(0))

    def analyse_group(group: list[Document]) -> None:
        """Records of the documents in ``group``: from the cache, or analysed in one batch
        by the runner (translated in the background); then, in corpus order, names settled
        against earlier documents (:func:`finish_chunk`, run by the runner after the
        group's translation, so every engine call is the one a plain loop would make)."""
        wanted = {keys[doc.id]: doc.id for doc in group}
        found = store.get_records(wanted) if store else {}
        missing = []
        for doc in group:
            rec = found.get(keys[doc.id])
            if rec is not None and rec.route_key == analyser.route_key(rec.lang):
                rec.apply(doc)
                records[doc.id] = rec
            else:
                missing.append(doc)
        counts["reused"] += len(group) - len(missing)
        inflight.append(
            runner.analyse(missing, lambda analysed: finish_chunk(group, missing, analysed))
        )
        while len(inflight) > runner.window:
            inflight.pop(0).result()

    def finish_chunk(
        chunk: list[Document], missing: list[Document], analysed: list[DocumentAnalysis]
    ) -> None:
        for doc, rec in zip(missing, analysed, strict=True):
            if runner.remote:
                rec.apply(doc)  # the worker set language and paragraphs on its own copy
            records[doc.id] = rec
        if store and missing:
            store.put_records((keys[doc.id], records[doc.id]) for doc in missing)
        counts["analysed"] += len(missing)
        group = [(doc, records[doc.id]) for doc in chunk]
        settler.begin(chunk)
        analyser.translate([(doc, rec) for doc, rec in group if settler.settle(doc, rec)])
        count([rec.passages for _, rec in group])
        for doc, rec in group:
            notices.extend(rec.notices)
            if rec.notices:
                doc_notices[doc.id] = list(rec.notices)
            if doc.lang and doc.lang != pivot:
                translator.describe_route(doc.lang)  # a no-engine notice, once per language
            rec.release()
            texts.add(doc, rec.extraction)  # past the budget, its text waits on disk
            texts.add_spans(doc, rec.extraction)  # and its spans (final now)

    group_size = min(FIRST_GROUP, TRANSLATION_GROUP)
    try:
        for item in corpus.iter_corpus(paths, follow_symlinks=options.follow_symlinks):
            seen_files += 1
            if progress:
                progress("read", seen_files, total)
            if isinstance(item, FileError):
                errors.append(item)
                continue
            if isinstance(item, Notice):
                notices.append(item)
                continue
            doc = item
            if doc.id in documents:
                errors.append(FileError(doc.path, f"duplicate document id {doc.id!r}; skipped"))
                continue
            documents[doc.id] = doc
            chunk.append(doc)
            if len(chunk) >= group_size:
                take_chunk()
                group_size = TRANSLATION_GROUP
        take_chunk()
        kept = follower.result(store, analyser.route_key) if follower is not None else None
        if kept is not None:
            notices.extend(runner.notices)
            return _from_snapshot(
                kept,
                options,
                documents,
                errors,
                notices,
                glossary_paths,
                translator,
                store,
                progress,
            )
        analyse_waiting()
        while inflight:
            inflight.pop(0).result()
        settler.save()
        extractions = {doc_id: rec.extraction for doc_id, rec in records.items()}
        sets = (
            find_translation_sets(documents, extractions, pivot) if options.translation_sets else []
        )
        # documents of translation sets: every other sentence too (alignment, meaning check)
        members = sorted({d for s in sets for d in (s.source, *s.translations)})
        for start in range(0, len(members), LATE_GROUP):
            group = [(documents[d], records[d]) for d in members[start : start + LATE_GROUP]]
            for doc, rec in group:
                if rec.late_pivot is not None:
                    rec.apply_late(doc)
            todo = [(doc, rec) for doc, rec in group if rec.late_pivot is None]
            _translate_late(runner, todo)
            if store:
                store.put_late((keys[doc.id], rec) for doc, rec in todo)
            count([rec.late_passages for _, rec in group])
            for _, rec in group:
                rec.late_pivot, rec.late_passages = None, ()
        # read by nothing after: the records less their extractions (the names kept from the
        # engine, the route) let go before alignment (10,000 of them at 10,000 articles)
        records.clear()
        notices.extend(runner.notices)
        notices.extend(translator.notices)
        engines = translator.engines_info()
        stats = dict(translator.stats)
    except BaseException:
        if store:
            store.close()
        raise
    finally:
        runner.cancel()  # an error or Ctrl-C: drop the groups not started yet
        translator.close()  # stops the engine processes of a group still running
        runner.close()
    for doc_id, ext in extractions.items():  # final now: past the budget, on disk too
        texts.add_renderings(documents[doc_id], ext)
    heap.give_back()  # (what the per-document stage let go: texts, records, spans)
    stats["passages"], stats["unique_passages"] = counts["passages"], counts["unique"]
    stats["documents_analysed"] = counts["analysed"]
    stats["analyses_reused"] = counts["reused"]
    stats["snapshot_reused"] = False
    keep = not stats.get("engine_failures")  # (a failed engine call: nothing kept)

    try:
        findings, stage_notices, sets, memo_key, reused = _cross_document(
            options,
            store,
            base,
            documents,
            extractions,
            keys,
            sets,
            glossary,
            progress,
            keep=keep,
        )
        stats["cross_document_reused"] = reused
        if memo_key is not None and store is not None and base is not None and keep:
            heap.give_back()  # (what keeping the result let go: the snapshot is made on top)
            routes = {doc.lang: analyser.route_key(doc.lang) for doc in documents.values()}
            passages = {k: stats[k] for k in ("passages", "unique_passages")}
            kept = snapshot.Snapshot.of(documents.values(), keys, routes, doc_notices, passages)
            store.put_snapshot(base, kept.to_bytes(memo_key))
    finally:
        if store:
            store.close()
            notices.extend(store.notices)
    notices.extend(stage_notices)

    return _result(
        pivot,
        documents,
        errors,
        notices,
        glossary_paths,
        extractions=extractions,
        findings=findings,
        engines=engines,
        stats=stats,
        translation_sets=sets,
    )


def _result(
    pivot: str,
    documents: dict[str, Document],
    errors: list[FileError],
    notices: list[Notice],
    glossary_paths: list[Path],
    **found: Any,
) -> AuditResult:
    """An audit's result, in its order: documents by id, errors by path, notices once
    each (``found``: the other fields)."""
    return AuditResult(
        pivot=pivot,
        documents=sorted(documents.values(), key=lambda d: d.id),
        errors=sorted(errors, key=lambda e: (e.path, e.error)),
        notices=_dedupe(notices),
        glossary_files=[str(p) for p in glossary_paths],
        **found,
    )


def _cross_document(
    options: AuditOptions,
    store: AnalysisCache | None,
    base: str | None,
    documents: dict[str, Document],
    extractions: dict[str, Extraction],
    keys: dict[str, str],
    sets: list[TranslationSet],
    glossary,
    progress: ProgressFn | None,
    keep: bool = True,
) -> tuple[list[Finding], list[Notice], list[TranslationSet], str | None, bool]:
    """Sentence alignment of translation sets, alignment and rules: (findings, notices,
    translation sets, the key of the memo that holds them or None, whether they were taken
    from it). The result is kept in
    the cache (``transcheck.memo``, under ``base`` and what every document gives the stage)
    and taken from it when nothing it reads has changed (not kept after a failed engine
    call: ``keep``)."""
    from transcheck import memo

    memo_key = None
    set_results = None
    doc_items = None
    if store is not None and base is not None:
        digests = {d: memo.doc_digest(documents[d], keys[d], extractions[d]) for d in documents}
        memo_key = memo.memo_key((base,), (), ((documents[d], digests[d]) for d in documents))
        set_results = memo.SetResults(store, base, documents, digests)
        doc_items = memo.DocItems(store, options.pivot, digests)
        got = memo.read(store, memo_key)
        if got is not None:
            kept_sets, findings, notices = got
            if progress:
                progress("align", 1, 1)
                progress("rules", 1, 1)
            return findings, notices, kept_sets, memo_key, True
        doc_items.load()
    # Everything read so far (documents, analyses) lives to the end of the audit: the
    # collector need not scan it again and again while alignment allocates.
    gc.freeze()
    try:
        findings, notices, sets = _align_and_check(
            options, documents, extractions, sets, glossary, progress, set_results, doc_items
        )
        blob = None
        if keep and memo_key is not None and not any(n.code == "stage-failed" for n in notices):
            try:  # (still frozen: encoding allocates much, the collector need not scan it all)
                blob = memo.encode_packed(sets, findings, notices, set_results.known)
            except TypeError:
                blob = None
    finally:
        gc.unfreeze()
    if blob is None:
        return findings, notices, sets, None, False
    store.put_memo(memo_key, blob)
    return findings, notices, sets, memo_key, False


def _base_key(options: AuditOptions, glossary_paths: list[Path]) -> str:
    """What every kept cross-document result depends on besides the documents: code,
    options that change results, glossary files (``transcheck.memo.memo_key``)."""
    from transcheck import memo

    return memo.memo_key(
        (
            options.pivot,
            options.engine,
            options.lang_detector,
            options.translation_sets,
            options.rules,
            options.discover_glossaries,
        ),
        glossary_paths,
        (),
    )


def _from_snapshot(
    kept: snapshot.Kept,
    options: AuditOptions,
    documents: dict[str, Document],
    errors: list[FileError],
    notices: list[Notice],
    glossary_paths: list[Path],
    translator,
    store: AnalysisCache,
    progress: ProgressFn | None,
) -> AuditResult:
    """The result of a re-audit with nothing changed (``transcheck.snapshot``): the
    documents read now, with what the snapshot says the per-document stage set on them."""
    notices.extend(kept.snapshot.apply(documents.values()))
    for doc in documents.values():
        if doc.lang and doc.lang != options.pivot:
            translator.describe_route(doc.lang)  # a no-engine notice, once per language
    notices.extend(translator.notices)
    if progress:
        progress("align", 1, 1)
        progress("rules", 1, 1)
    stats = dict(translator.stats)
    stats.update(kept.snapshot.counts)
    stats["documents_analysed"] = 0
    stats["analyses_reused"] = len(documents)
    stats["cross_document_reused"] = stats["snapshot_reused"] = True
    store.close()
    notices.extend(store.notices)
    notices.extend(kept.notices)
    return _result(
        options.pivot,
        documents,
        errors,
        notices,
        glossary_paths,
        extractions={},
        findings=kept.findings,
        engines=translator.engines_info(),
        stats=stats,
        translation_sets=kept.sets,
    )


def _align_and_check(
    options: AuditOptions,
    documents: dict[str, Document],
    extractions: dict[str, Extraction],
    sets: list[TranslationSet],
    glossary,
    progress: ProgressFn | None,
    set_results=None,
    doc_items=None,
) -> tuple[list[Finding], list[Notice], list[TranslationSet]]:
    """Sentence alignment, alignment and rules. A translation set whose documents are as
    its kept result (``set_results``, see ``transcheck.memo.SetResults``) found them is not
    aligned again, nor its pairs checked: its links and pair findings are the kept ones.
    What alignment reads of one document alone is taken from ``doc_items``
    (``transcheck.memo.DocItems``) when kept there, and kept there when new."""
    from transcheck.align import Alignment, align
    from transcheck.align.kept import KEPT

    pivot = options.pivot
    notices: list[Notice] = []
    ctx = AuditContext(pivot=pivot, documents=documents, extractions=extractions, glossary=glossary)
    if doc_items is not None:
        ctx.shared[KEPT] = doc_items
    if progress:
        progress("align", 0, 1)
    kept = set_results.get(sets) if set_results is not None else {}
    fresh = [tset for tset in sets if tset.id not in kept]
    selected = options.rules or list(all_rules())
    # the sets on the other core (their pairs are checked there), the rest here
    side = SideSets.start(ctx, fresh, selected)
    try:
        notices.extend(align_sets(ctx, [] if side else fresh))
        aligned = {tset.id: tset for tset in ctx.translation_sets}
        try:
            ctx.alignment = align(ctx, side.quotes if side else None)
        except Exception as exc:  # a bug must cost findings, not the whole report
            ctx.alignment = Alignment()
            notices.append(
                Notice("stage-failed", f"alignment failed ({exc!r}); drift rules ran on nothing")
            )
        if progress:
            progress("align", 1, 1)
        findings, failed = run_rules(ctx, selected, progress)
        notices.extend(failed)
        # read by nothing after the rules: its items and clusters let go before the other
        # process's sets are read back (at 10,000 articles the end of the audit is its peak)
        ctx.alignment = None
        heap.give_back()
        if side:
            ids = {tset.id for tset in fresh}  # their pair findings: the other process's
            findings = [f for f in findings if f.pair is None or f.pair.set not in ids]
            # (the sets the other process did not check, here: it may have failed)
            side_sets, side_findings, side_notices = side.result()
            if set_results is not None:  # those it checked, as it wrote them
                set_results.known.update(side.known)
            aligned = {tset.id: tset for tset in side_sets}
            findings.extend(side_findings)
            notices.extend(side_notices)
    finally:
        if side:
            side.close()  # an error or Ctrl-C here: the other process stops too
    heap.give_back()  # (the other process's results read: what is kept is made on top)
    ctx.translation_sets = [
        tset
        for tset in (kept[s.id][0] if s.id in kept else aligned.get(s.id) for s in sets)
        if tset is not None
    ]
    if set_results is not None:
        by_set: dict[str, list[Finding]] = {tset.id: [] for tset in fresh}
        for f in findings:
            if f.pair is not None and f.pair.set in by_set:
                by_set[f.pair.set].append(f)
        for tset in sets:
            if tset.id in kept:
                findings.extend(kept[tset.id][1])
        if not any(n.code == "stage-failed" for n in notices):
            for set_id, pair_findings in by_set.items():
                set_results.add(set_id, aligned.get(set_id), pair_findings)
            set_results.save()
    if doc_items is not None and not any(n.code == "stage-failed" for n in notices):
        doc_items.save()
    findings = with_units(findings, documents)
    findings.sort(key=Finding.sort_key)
    return findings, notices, ctx.translation_sets


def _runner(options: AuditOptions, analyser: Analyser, glossary_paths) -> LocalRunner | DaskRunner:
    """Where the per-document stage runs (raises ValueError when Dask is asked but missing)."""
    if not options.dask:
        return LocalRunner(analyser)
    settings = WorkerSettings(
        pivot=options.pivot,
        lang_detector=options.lang_detector,
        engine=options.engine,
        cache_path=str(options.cache_path) if options.cache_path else None,
        use_cache=options.use_cache,
        timeout=options.timeout,
        glossary_paths=tuple(str(p) for p in glossary_paths),
    )
    workers = options.jobs if options.jobs > 1 else 0
    return DaskRunner(settings, options.dask, workers)


def _translate_late(
    runner: LocalRunner | DaskRunner, todo: list[tuple[Document, DocumentAnalysis]]
) -> None:
    """The every-sentence pass of ``todo`` (records updated in place), here or on a worker."""
    if not todo:
        return
    done = runner.translate_late(todo)
    if runner.remote:  # the worker's copies: bring their late renderings here
        for (doc, rec), (_, theirs) in zip(todo, done, strict=True):
            rec.late_pivot = theirs.late_pivot
            rec.late_passages = theirs.late_passages
            rec.late_translated_by = theirs.late_translated_by
            rec.complete = rec.complete and theirs.complete
            rec.apply_late(doc)


def _open_store(options: AuditOptions) -> AnalysisCache | None:
    """The analysis cache (the translation cache's file), unless caching is off."""
    if not options.use_cache:
        return None
    return AnalysisCache(options.cache_path)


def _translation_progress(progress: ProgressFn) -> Callable[[int, int], None]:
    """The translator reports (done, total) passages; the caller sees stage "translate"."""

    def report(done: int, total: int) -> None:
        progress("translate", done, total)

    return report


def _dedupe(notices: list[Notice]) -> list[Notice]:
    seen, out = set(), []
    for n in notices:
        key = (n.code, n.lang, n.doc, n.message)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return sorted(out, key=lambda n: (n.code, n.lang or "", n.doc or "", n.message))
