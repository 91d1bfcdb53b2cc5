"""Sentence alignment of translation sets and the rules, and the second core that takes the
quotations and the translation sets while this process aligns names and figures.

The checks of a translation set read its own documents alone (each finding of an aligned pair
names its set: ``Finding.pair``); alignment across articles and its rules never read the
sets' pairs. So the two halves of the last stage can run side by side: a forked process
aligns the quotations across articles, then aligns sets and checks their pairs
(:class:`SideSets`), while this one aligns names and figures, takes the quotation clusters
and runs the rules; then both take the sets left, a batch at a time. The set findings come
back through the encoding of the kept results (``transcheck.memo``), the same findings
either way.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Iterator
from typing import Any

from transcheck.align.pairs import align_translation_sets
from transcheck.context import AuditContext
from transcheck.model import Finding, Notice, TranslationSet
from transcheck.rules import all_rules, pair_checkers

# Below this many translation sets to align and this many quotations (the other process
# aligns the quotations across articles first, beside this one's figures), forking costs
# more than it saves. (A re-audit after one edit has one set to align again, and every
# quotation: at 1,000 articles ~6,000, a quarter of a second.)
MIN_SIDE_SETS = 8
MIN_SIDE_QUOTES = 2000
# Translation sets aligned and checked at a time (the checks of a set read that set alone:
# ``Rule.on_pairs``): a batch's aligned pairs are let go once checked, and the two processes
# take batches in turn from a shared counter (:func:`_claims`), this one once it has aligned
# across articles, so that neither waits long for the other.
SIDE_BATCH = 25


def _claims(counter: Any, total: int) -> Iterator[int]:
    """The first index of each batch of sets this process takes, until none is left."""
    while True:
        with counter.get_lock():
            lo = counter.value
            if lo >= total:
                return
            counter.value = lo + SIDE_BATCH
        yield lo


def align_sets(ctx: AuditContext, sets: list[TranslationSet]) -> list[Notice]:
    """Align the sentences of ``sets`` (``ctx.translation_sets`` and ``ctx.pairs`` set)."""
    ctx.translation_sets = list(sets)
    try:
        ctx.pairs = align_translation_sets(ctx)
    except Exception as exc:  # a bug must cost findings, not the whole report
        return [Notice("stage-failed", f"sentence alignment failed ({exc!r})")]
    return []


def run_rules(
    ctx: AuditContext, selected: list[str], progress=None, rules: dict | None = None
) -> tuple[list, list]:
    """(findings, notices) of the ``selected`` rules (of ``rules``, by default every rule)
    on ``ctx``; a failing rule costs its findings and leaves a notice."""
    rules = rules if rules is not None else all_rules()
    findings: list[Finding] = []
    notices: list[Notice] = []
    for done, name in enumerate(selected):
        if progress:
            progress("rules", done, len(selected))
        try:
            findings.extend(rules[name]().check(ctx))
        except Exception as exc:
            notices.append(
                Notice("stage-failed", f"rule {name} failed ({exc!r}); its findings are missing")
            )
    if progress:
        progress("rules", len(selected), len(selected))
    return findings, notices


_JOB: tuple | None = None  # what the forked process works on (inherited, never pickled)


def check_sets(
    ctx: AuditContext, sets: list[TranslationSet], selected: list[str]
) -> tuple[list[TranslationSet], list[Finding], list[Notice]]:
    """(aligned sets, the findings on their pairs, notices): the sets' half of the last
    stage, on a context of their own (the documents of ``ctx``, no cross-article
    alignment: the checks of aligned pairs read none), by the rules' checkers of aligned
    pairs alone (the others' findings are not the sets')."""
    from transcheck.align import Alignment

    own = AuditContext(
        pivot=ctx.pivot, documents=ctx.documents, extractions=ctx.extractions, glossary=ctx.glossary
    )
    notices = align_sets(own, sets)
    own.alignment = Alignment()
    rules = pair_checkers()
    found, failed = run_rules(own, [name for name in selected if name in rules], rules=rules)
    ids = {tset.id for tset in sets}
    findings = [f for f in found if f.pair is not None and f.pair.set in ids]
    return own.translation_sets, findings, notices + failed


def _quote_message(ctx: AuditContext) -> bytes:
    """In the forked process: the quotation clusters of ``ctx`` across articles
    (:func:`transcheck.align.align_quotes`, by their items' places) and the results the
    pairing would keep, as a message; empty when anything fails (the parent then aligns the
    quotations itself). The kept rows and results are read as before the fork, never from
    the cache (:class:`transcheck.memo.ForkedItems`)."""
    from transcheck.align import align_quotes, encode_clusters, name_stories, quote_items
    from transcheck.align.kept import KEPT
    from transcheck.memo import DocItems, ForkedItems

    try:
        own = AuditContext(
            pivot=ctx.pivot,
            documents=ctx.documents,
            extractions=ctx.extractions,
            glossary=ctx.glossary,
        )
        kept = ctx.shared.get(KEPT)
        forked = ForkedItems(kept) if isinstance(kept, DocItems) else None
        if forked is not None:
            own.shared[KEPT] = forked
        _, stories = name_stories(own)
        items = quote_items(own)
        clusters = align_quotes(own, stories, items)
        message = {
            "items": len(items),
            "clusters": encode_clusters(clusters, items),
            "kept": forked.kept() if forked is not None else [],
        }
        return json.dumps(message).encode()
    except Exception:  # the parent aligns them
        return b""


def _check_sets() -> Iterator[bytes]:
    """In the forked process: the quotation clusters first (:func:`_quote_message`), then
    :func:`check_sets` on the inherited job's batches of sets that this process takes
    (:func:`_claims`), as messages: the number of batches, then for each its first index
    and size, each set (:func:`transcheck.memo.set_text`) and the batch's findings and
    notices. One set at a time, so the other side never decodes every set at once."""
    from transcheck import memo

    assert _JOB is not None
    ctx, sets, selected, counter = _JOB
    yield _quote_message(ctx)
    # a batch's aligned pairs (at 10,000 articles 283,504 links in all) are let go once
    # checked, its sets kept as the text they are sent as
    batches: list[tuple[int, list[bytes], bytes]] = []
    for lo in _claims(counter, len(sets)):
        done, found, noted = check_sets(ctx, sets[lo : lo + SIDE_BATCH], selected)
        texts = [memo.set_text(tset).encode() for tset in done]
        batches.append((lo, texts, memo.encode([], found, noted)))
    yield str(len(batches)).encode()
    for lo, texts, rest in batches:
        yield f"{lo} {len(texts)}".encode()
        yield from texts
        yield rest


def _child(writer) -> None:
    """The forked process: send the result, or stop short when anything fails (the parent
    then does the work)."""
    try:
        for message in _check_sets():
            writer.send_bytes(message)
    except BaseException:  # the parent sees EOF and checks the sets itself
        pass
    finally:
        writer.close()


def _worth_forking(ctx: AuditContext, sets: list[TranslationSet]) -> bool:
    return (
        len(sets) >= MIN_SIDE_SETS
        or sum(len(ext.quotes) for ext in ctx.extractions.values()) >= MIN_SIDE_QUOTES
    )


class SideSets:
    """Translation sets aligned and checked in a forked process (POSIX, two cores or more),
    which first aligns the quotations across articles (:meth:`quotes`)."""

    def __init__(self, process: Any, reader: Any, kept: Any, job: tuple) -> None:
        self.process, self.reader = process, reader
        self.kept = kept  # the parent's kept items (transcheck.memo.DocItems), or None
        self.job = job  # (context, sets, selected rules, the shared counter of batches)
        # the sets received, as they were written (by id, with the set): not written again
        self.known: dict[int, tuple[TranslationSet, str]] = {}
        # The quotation message is read as soon as it comes (the other process must not wait
        # on a full pipe while this one aligns figures); the sets are read when asked.
        self._quotes: bytes | None = None
        self._first = threading.Thread(target=self._read_quotes, daemon=True)
        self._first.start()

    def _read_quotes(self) -> None:
        try:
            self._quotes = self.reader.recv_bytes()
        except Exception:  # EOF: the process failed
            self._quotes = None

    def quotes(self, items: list) -> list | None:
        """The quotation clusters the other process found, made of ``items`` (this
        process's :func:`transcheck.align.quote_items`; what the pairing keeps is kept here
        too), or None when it found none (the caller then aligns them)."""
        from transcheck.align import decode_clusters

        self._first.join()
        raw, self._quotes = self._quotes, None
        if not raw:
            return None
        try:
            message = json.loads(raw)
            if message["items"] != len(items):
                return None
            clusters = decode_clusters(message["clusters"], items)
            kept = [
                (str(table), str(key), None if text is None else str(text))
                for table, key, text in message["kept"]
            ]
        except Exception:  # an unreadable message: aligned here
            return None
        if self.kept is not None:
            for table, key, text in kept:
                self.kept.put_result_text(table, key, text)
        return clusters

    @classmethod
    def start(
        cls, ctx: AuditContext, sets: list[TranslationSet], selected: list[str]
    ) -> SideSets | None:
        """Start the work on ``sets``, or None when it is better done here: few sets and
        few quotations, one core, no ``fork``, or other threads running (a fork copies their
        held locks)."""
        global _JOB
        if (
            not _worth_forking(ctx, sets)
            or (os.cpu_count() or 1) < 2
            or not hasattr(os, "fork")
            or threading.active_count() > 1
        ):
            return None
        from transcheck.align.kept import KEPT, TABLE
        from transcheck.memo import DocItems

        kept = ctx.shared.get(KEPT)
        if not isinstance(kept, DocItems):
            kept = None
        else:  # the quotation pairing's kept results, for the other process to read
            kept.preload_results(TABLE)
        forking = multiprocessing.get_context("fork")
        try:
            counter = forking.Value("q", 0)  # the next batch of sets to take
            job = _JOB = (ctx, sets, selected, counter)
            reader, writer = forking.Pipe(duplex=False)
            process = forking.Process(target=_child, args=(writer,), daemon=True)
            process.start()  # forks now: the job is inherited, nothing is sent
        except Exception:  # no process to be had: the caller does the work
            return None
        finally:
            _JOB = None
        writer.close()
        return cls(process, reader, kept, job)

    def result(self) -> tuple[list[TranslationSet], list[Finding], list[Notice]]:
        """(aligned sets, their pair findings, notices), in the sets' order: the batches the
        other process has not taken yet are checked here first, and those it took are read
        (checked here too when it failed: nothing is lost)."""
        from transcheck import memo

        ctx, sets, selected, counter = self.job
        batches: dict[int, tuple[list[TranslationSet], list[Finding], list[Notice]]] = {}
        for lo in _claims(counter, len(sets)):
            batches[lo] = check_sets(ctx, sets[lo : lo + SIDE_BATCH], selected)
        self._first.join()  # (the quotation message is read by then)
        received: dict[int, tuple[list[TranslationSet], list[Finding], list[Notice]]] = {}
        try:
            for _ in range(int(self.reader.recv_bytes())):
                lo, count = map(int, self.reader.recv_bytes().split())
                done = []
                for _ in range(count):
                    text = self.reader.recv_bytes().decode()
                    tset = memo.decode_set(text)
                    done.append(tset)
                    self.known[id(tset)] = (tset, text)
                _, found, noted = memo.decode(self.reader.recv_bytes())
                received[lo] = (done, found, noted)
        except Exception:  # EOF: it failed; or an unreadable result: its batches are redone
            received = {}
            self.known.clear()
        batches.update(received)
        for lo in range(0, len(sets), SIDE_BATCH):
            if lo not in batches:  # taken by the other process, which failed
                batches[lo] = check_sets(ctx, sets[lo : lo + SIDE_BATCH], selected)
        out: tuple[list, list, list] = ([], [], [])
        for lo in sorted(batches):
            for into, got in zip(out, batches[lo], strict=True):
                into.extend(got)
        return out

    def close(self) -> None:
        """Reap the process, stopping it first if it still runs (an error or Ctrl-C here)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self._first.join()  # (the process's end ends its read)
        self.reader.close()
