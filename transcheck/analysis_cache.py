"""Document analyses kept in the translation cache's SQLite file (table ``analyses``).

A record is stored under :meth:`transcheck.analysis.Analyser.key` (the document's own
content, the settings and the analyser version). Opening, refusing a foreign file and
setting a damaged one aside work as for translations (:class:`TranslationCache`); a row that
cannot be read is a miss.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterable
from typing import BinaryIO

from transcheck.analysis import DocumentAnalysis
from transcheck.mt.cache import _SCHEMA, TranslationCache

_LATE = "/late"  # key suffix of a record's every-sentence pass
_MEMO = "memo/"  # key prefix of the kept cross-document result
_SETS = "sets/"  # key prefix of the kept results of one translation set
_ITEMS = "items/"  # key prefix of what alignment reads of one document alone
_SETTLED = "settled/"  # key prefix of names settled against earlier documents
_SNAPSHOT = "snapshot/"  # key prefix of what a re-audit with nothing changed needs
_SELECT = "SELECT key, record FROM analyses WHERE key IN"
_INSERT = "INSERT OR REPLACE INTO analyses (key, record) VALUES (?, ?)"
_INSERT_ZEROS = "INSERT OR REPLACE INTO analyses (key, record) VALUES (?, zeroblob(?))"
# A row read from a file goes into SQLite this many bytes at a time.
FILE_PIECE = 1 << 18
_DROP = "DELETE FROM analyses WHERE key LIKE ?"
_ANALYSES = """
CREATE TABLE IF NOT EXISTS analyses (
    key TEXT PRIMARY KEY,
    record BLOB NOT NULL
)
"""


class AnalysisCache(TranslationCache):
    """Per-document analyses (and, through the base class, translations). Thread-safe."""

    label = "analysis cache"
    schema = (_SCHEMA, _ANALYSES)

    def get_records(self, wanted: dict[str, str]) -> dict[str, DocumentAnalysis]:
        """Stored records of ``wanted`` ({key: doc id}), by key (only the usable ones), with
        their every-sentence pass when one was stored."""
        found: dict[str, DocumentAnalysis] = {}
        rows = self._select_in(_SELECT, [k for key in wanted for k in (key, key + _LATE)])
        late = {}
        for key, blob in rows:
            if not isinstance(blob, bytes):
                continue
            if key.endswith(_LATE):
                late[key[: -len(_LATE)]] = blob
                continue
            if key not in wanted:
                continue
            try:
                found[key] = DocumentAnalysis.from_bytes(wanted[key], zlib.decompress(blob))
            except Exception:  # a damaged or older row is a miss
                continue
        for key, blob in late.items():
            if key in found:
                try:
                    found[key].set_late(zlib.decompress(blob))
                except Exception:  # the pass is done again
                    found[key].late_pivot = None
        return found

    def put_records(self, items: Iterable[tuple[str, DocumentAnalysis]]) -> None:
        """Store complete records (a record whose translation failed is not kept)."""
        self._put([(key, zlib.compress(rec.to_bytes(), 1)) for key, rec in items if rec.complete])

    def put_late(self, items: Iterable[tuple[str, DocumentAnalysis]]) -> None:
        """Store the every-sentence pass of complete records, next to the records."""
        self._put(
            [
                (key + _LATE, zlib.compress(rec.late_to_bytes(), 1))
                for key, rec in items
                if rec.complete and rec.late_pivot is not None
            ]
        )

    def get_memo(self, key: str) -> bytes | None:
        """The kept cross-document result under ``key`` (see ``transcheck.memo``), or None."""
        blob = self._get(_MEMO + key)
        try:
            return None if blob is None else zlib.decompress(blob)
        except zlib.error:  # a damaged row is a miss
            return None

    def get_snapshot(self, key: str) -> bytes | None:
        """The kept snapshot under ``key`` (``transcheck.snapshot``, as stored), or None."""
        return self._get(_SNAPSHOT + key)

    def put_snapshot(self, key: str, blob: bytes) -> None:
        """Keep one snapshot (earlier ones are dropped, as memos are)."""
        self._transaction((_DROP, [(_SNAPSHOT + "%",)]), (_INSERT, [(_SNAPSHOT + key, blob)]))

    def _get(self, key: str) -> bytes | None:
        with self._lock:
            if self._conn is None:
                return None
            try:
                row = self._conn.execute(
                    "SELECT record FROM analyses WHERE key = ?", (key,)
                ).fetchone()
            except sqlite3.Error as exc:
                self._handle(exc)
                return None
        if row is None or not isinstance(row[0], bytes):
            return None
        return row[0]

    def put_memo(self, key: str, packed: bytes) -> None:
        """Keep one cross-document result, as ``zlib`` compressed it
        (``transcheck.memo.encode_packed``; earlier ones are dropped: one corpus per file
        is the common case, and each result is as big as its report)."""
        self._transaction((_DROP, [(_MEMO + "%",)]), (_INSERT, [(_MEMO + key, packed)]))

    def get_set_results(self, keys: list[str]) -> dict[str, bytes]:
        """Kept results of translation sets (``transcheck.memo``), by key, as stored."""
        rows = self._select_in(_SELECT, [_SETS + k for k in keys])
        return {key[len(_SETS) :]: blob for key, blob in rows if isinstance(blob, bytes)}

    def put_set_results(self, blobs: dict[str, bytes]) -> None:
        """Keep the results of this audit's translation sets (``{key: bytes from
        get_set_results or new}``); those of earlier audits are dropped."""
        self._transaction(
            (_DROP, [(_SETS + "%",)]), (_INSERT, [(_SETS + k, blob) for k, blob in blobs.items()])
        )

    def get_items(self, keys: list[str]) -> dict[str, bytes]:
        """Kept per-document alignment inputs (``transcheck.memo.DocItems``), by key."""
        rows = self._select_in(_SELECT, [_ITEMS + k for k in keys])
        return {key[len(_ITEMS) :]: blob for key, blob in rows if isinstance(blob, bytes)}

    def put_items(self, blobs: dict[str, bytes]) -> None:
        """Keep per-document alignment inputs (``{key: bytes}``), next to the analyses."""
        self._put([(_ITEMS + k, blob) for k, blob in blobs.items()])

    def put_item_file(self, key: str, data: BinaryIO) -> None:
        """:meth:`put_items` of one row whose bytes are the whole file ``data``: written into
        the row piece by piece (SQLite's incremental blob I/O, Python 3.11+), not held in
        memory, nor copied by SQLite (a kept result table is megabytes at 10,000 articles,
        written when the audit holds the most)."""
        size = data.seek(0, os.SEEK_END)
        data.seek(0)

        def write(conn: sqlite3.Connection) -> None:
            blobopen = getattr(conn, "blobopen", None)
            if blobopen is None:  # (Python 3.10)
                conn.execute(_INSERT, (_ITEMS + key, data.read()))
                return
            row = conn.execute(_INSERT_ZEROS, (_ITEMS + key, size)).lastrowid
            with blobopen("analyses", "record", row) as blob:
                while piece := data.read(FILE_PIECE):
                    blob.write(piece)

        self._in_transaction(write)

    def get_settled(self, keys: list[str]) -> dict[str, bytes]:
        """Kept settled names (``transcheck.settled``), by key, as stored."""
        rows = self._select_in(_SELECT, [_SETTLED + k for k in keys])
        return {key[len(_SETTLED) :]: blob for key, blob in rows if isinstance(blob, bytes)}

    def put_settled(self, blobs: dict[str, bytes]) -> None:
        """Keep settled names (``{key: bytes}``), next to the analyses."""
        self._put([(_SETTLED + k, blob) for k, blob in blobs.items()])

    def _put(self, rows: list[tuple[str, bytes]]) -> None:
        if rows:
            self._transaction((_INSERT, rows))
