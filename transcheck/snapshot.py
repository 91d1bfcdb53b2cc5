"""A re-audit with nothing changed: its whole result taken from the cache.

The cross-document memo (:mod:`transcheck.memo`) keeps the last stage's result under a key of
every document's analysis, so finding it still takes every record decoded, the names settled
against earlier documents and each document's digest: more than half of a re-audit. The
snapshot keeps, next to the memo, what the audit knew before its last stage: the documents in
corpus order (id, path, analysis key), the route key of each of their languages, what the
per-document stage set on each document (language, paragraphs, back-translation route,
notices), the report's passage counts, and the memo's key.

An audit reads the corpus as always. While the documents it reads are the snapshot's, in
order, their records stay in the cache (the groups wait: :class:`Follower`); when the whole
corpus was the snapshot's, the routes are what they were and the memo is there, the result is
the snapshot's with the memo's findings, and nothing else is read. Otherwise the waiting groups
go through the per-document stage as usual, in corpus order: the same engine calls and the
same report as an audit without a snapshot.

Everything else an audit reads is in the snapshot's key (:func:`transcheck.memo.memo_key` of
the code, the options and the glossary files) or in the documents' analysis keys (their
content and settings); a record read under such a key is what the audit that wrote the
snapshot read, once its route is the same. Only the caller that reads no
``AuditResult.extractions`` gets a result from here (``AuditOptions.need_extractions``).
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from transcheck.model import Document, Finding, Notice, Paragraph, TranslationSet

SNAPSHOT_VERSION = 2


@dataclass
class Snapshot:
    """What a re-audit of the same corpus needs besides the memo."""

    docs: list[tuple[str, str, str]]  # (id, path, analysis key), in corpus order
    routes: dict[Any, str]  # the route key of each document language (None: undetected)
    # per document, in order: lang, confidence, route, paragraphs, notices; the paragraphs
    # as one marshal string per document, not a tuple of five per paragraph (made at the end
    # of the audit: 143,000 paragraphs at 10,000 articles)
    heads: list[tuple]
    counts: dict[str, int]  # the report's passage counts
    memo_key: str = ""  # the memo that holds the audit's result

    @classmethod
    def of(
        cls,
        documents: Iterable[Document],
        keys: Mapping[str, str],
        routes: dict[Any, str],
        notices: Mapping[str, list[Notice]],
        counts: dict[str, int],
    ) -> Snapshot:
        """The snapshot of an audit's documents (analysed, in corpus order), by their
        analysis ``keys``; the memo's key comes with :meth:`to_bytes`."""
        docs, heads = [], []
        for doc in documents:
            docs.append((doc.id, doc.path, keys[doc.id]))
            paragraphs = marshal.dumps(
                [(p.index, p.start, p.end, p.lang, p.lang_confidence) for p in doc.paragraphs]
            )
            own = tuple((n.code, n.message, n.lang, n.doc) for n in notices.get(doc.id, ()))
            heads.append((doc.lang, doc.lang_confidence, doc.translated_by, paragraphs, own))
        return cls(docs, routes, heads, counts)

    def to_bytes(self, memo_key: str) -> bytes:
        """The snapshot, with the key of the memo that holds the audit's result."""
        values = (SNAPSHOT_VERSION, self.docs, self.routes, self.heads, self.counts, memo_key)
        return zlib.compress(marshal.dumps(values), 1)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Snapshot | None:
        """The snapshot in ``blob``; None when it does not read (damaged, or another
        version's)."""
        try:
            version, docs, routes, heads, counts, memo_key = marshal.loads(zlib.decompress(blob))
        except (ValueError, TypeError, EOFError, zlib.error):
            return None
        if version != SNAPSHOT_VERSION or len(docs) != len(heads):
            return None
        return cls(list(docs), routes, list(heads), counts, memo_key)

    def apply(self, documents: Iterable[Document]) -> list[Notice]:
        """Set on each document (the snapshot's, in order) what the per-document stage set;
        the documents' own notices."""
        notices = []
        for doc, (lang, confidence, route, paragraphs, own) in zip(
            documents, self.heads, strict=True
        ):
            doc.lang, doc.lang_confidence, doc.translated_by = lang, confidence, route
            doc.paragraphs = [Paragraph(*p) for p in marshal.loads(paragraphs)]
            notices.extend(Notice(*n) for n in own)
        return notices


class Follower:
    """The groups of documents read so far, checked against a snapshot in corpus order."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.at = 0  # documents that were the snapshot's

    def follows(self, docs: list[Document], keys: Mapping[str, str]) -> bool:
        """Whether ``docs`` are the snapshot's next documents (if so, counted)."""
        expected = self.snapshot.docs[self.at : self.at + len(docs)]
        if [(doc.id, doc.path, keys[doc.id]) for doc in docs] != expected:
            return False
        self.at += len(docs)
        return True

    def result(self, store: Any, route_key) -> Kept | None:
        """The kept result, when every document was read, every language's route is the
        snapshot's (``route_key``: ``transcheck.analysis.Analyser.route_key``) and the memo
        is in ``store`` (a ``transcheck.analysis_cache.AnalysisCache``); else None."""
        from transcheck import memo

        snapshot = self.snapshot
        if self.at != len(snapshot.docs):
            return None
        if any(route_key(lang) != key for lang, key in snapshot.routes.items()):
            return None
        got = memo.read(store, snapshot.memo_key)
        return None if got is None else Kept(snapshot, *got)


@dataclass
class Kept:
    """A re-audit's result from the cache: the snapshot, and the memo's sets, findings and
    notices."""

    snapshot: Snapshot
    sets: list[TranslationSet]
    findings: list[Finding]
    notices: list[Notice]


def follower(store: Any, key: str) -> Follower | None:
    """A :class:`Follower` of the snapshot kept under ``key`` in ``store``; None when there
    is none (or it does not read)."""
    blob = store.get_snapshot(key)
    snapshot = None if blob is None else Snapshot.from_bytes(blob)
    return None if snapshot is None else Follower(snapshot)
