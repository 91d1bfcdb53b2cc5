"""Sentence alignment of translation sets and the rules, and the second core that takes the
translation sets while this process aligns across articles.

The checks of a translation set read its own documents alone (each finding of an aligned pair
names its set: ``Finding.pair``); alignment across articles and its rules never read the
sets' pairs. So the two halves of the last stage can run side by side: a forked process
aligns the sets and checks their pairs (:class:`SideSets`) while this one aligns quotations,
names and figures across articles and runs the rules on them; the set findings come back
through the encoding of the kept results (``transcheck.memo``), the same findings either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from typing import Any

from transcheck.align.pairs import align_translation_sets
from transcheck.context import AuditContext
from transcheck.model import Finding, Notice, TranslationSet
from transcheck.rules import all_rules, pair_checkers

# Below this many translation sets to align, forking costs more than it saves.
MIN_SIDE_SETS = 8
# Translation sets aligned and checked at a time in the forked process (the checks of a set
# read that set alone: ``Rule.on_pairs``).
SIDE_BATCH = 200


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


def _check_sets() -> Iterator[bytes]:
    """In the forked process: :func:`check_sets` on the inherited job, a batch of sets at a
    time (:data:`SIDE_BATCH`), as messages: the number of sets, each set
    (:func:`transcheck.memo.set_text`), then the findings and notices. One set at a time, so
    the other side never decodes every set at once."""
    from transcheck import memo

    assert _JOB is not None
    ctx, sets, selected = _JOB
    # a batch of sets at a time: their aligned pairs (at 10,000 articles 283,504 links in
    # all) are let go once checked, the sets kept as the text they are sent as
    texts: list[bytes] = []
    findings: list[Finding] = []
    notices: list[Notice] = []
    for lo in range(0, len(sets), SIDE_BATCH):
        done, found, noted = check_sets(ctx, sets[lo : lo + SIDE_BATCH], selected)
        texts.extend(memo.set_text(tset).encode() for tset in done)
        findings.extend(found)
        notices.extend(noted)
    yield str(len(texts)).encode()
    yield from texts
    yield memo.encode([], findings, notices)


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


class SideSets:
    """Translation sets aligned and checked in a forked process (POSIX, two cores or more)."""

    def __init__(self, process: Any, reader: Any) -> None:
        self.process, self.reader = process, reader
        # the sets received, as they were written (by id, with the set): not written again
        self.known: dict[int, tuple[TranslationSet, str]] = {}

    @classmethod
    def start(
        cls, ctx: AuditContext, sets: list[TranslationSet], selected: list[str]
    ) -> SideSets | None:
        """Start the work on ``sets``, or None when it is better done here: few sets, one
        core, no ``fork``, or other threads running (a fork copies their held locks)."""
        global _JOB
        if (
            len(sets) < MIN_SIDE_SETS
            or (os.cpu_count() or 1) < 2
            or not hasattr(os, "fork")
            or threading.active_count() > 1
        ):
            return None
        forking = multiprocessing.get_context("fork")
        _JOB = (ctx, sets, selected)
        try:
            reader, writer = forking.Pipe(duplex=False)
            process = forking.Process(target=_child, args=(writer,), daemon=True)
            process.start()  # forks now: the job is inherited, nothing is sent
        except Exception:  # no process to be had: the caller does the work
            return None
        finally:
            _JOB = None
        writer.close()
        return cls(process, reader)

    def result(self) -> tuple[list[TranslationSet], list[Finding], list[Notice]] | None:
        """(aligned sets, their pair findings, notices), or None when the process failed
        (the caller then does the work itself)."""
        from transcheck import memo

        try:
            sets = []
            for _ in range(int(self.reader.recv_bytes())):
                text = self.reader.recv_bytes().decode()
                tset = memo.decode_set(text)
                sets.append(tset)
                self.known[id(tset)] = (tset, text)
            _, findings, notices = memo.decode(self.reader.recv_bytes())
        except Exception:  # EOF: it failed; or an unreadable result
            self.known.clear()
            return None
        return sets, findings, notices

    def close(self) -> None:
        """Reap the process, stopping it first if it still runs (an error or Ctrl-C here)."""
        self.reader.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
