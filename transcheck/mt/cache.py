"""A persistent translation cache in SQLite, shared safely by concurrent audits.

Key: sha256 of (engine identity, pair, text), where the identity names the engine, the model
or mode and its version+hash, so an upgraded package never serves stale translations. The
database runs in WAL mode with a busy timeout, so two audits can read and write it at once.

The file is marked as a transcheck cache (SQLite ``application_id``/``user_version``); any
other file -- not SQLite, another program's database, a FIFO -- is refused untouched and the
run goes on without a cache. Failures never stop an audit: a transcheck cache that turns out
malformed is renamed aside to ``<name>.corrupt-<n>`` and a fresh one created; an unwritable
location disables the cache for the run; a row that cannot be used is a miss. Each case
leaves one :class:`Notice` in ``notices``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from transcheck.model import Notice

BUSY_TIMEOUT_MS = 30_000
APPLICATION_ID = 0x54434348  # "TCCH": this file is a transcheck translation cache
USER_VERSION = 1
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 500  # SQLite's host-parameter limit is 999 on old builds

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    engine TEXT NOT NULL,
    pair TEXT NOT NULL,
    translation TEXT NOT NULL
)
"""


def default_cache_path() -> Path:
    """``$TRANSCHECK_CACHE`` or the per-user cache directory."""
    env = os.environ.get("TRANSCHECK_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("transcheck")) / "translations.sqlite3"


def cache_key(identity: str, pair: str, text: str) -> str:
    digest = hashlib.sha256()
    for part in (identity, pair, text):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class NotOurCache(Exception):
    """The cache path holds something that is not a transcheck cache."""


def _check_ownership(path: Path) -> bool:
    """Refuse (:class:`NotOurCache`) a path that is not a regular SQLite file; nothing written.

    Returns True when the file header carries transcheck's application id (a file known to
    be ours, which may be moved aside if it turns out damaged). The header alone is not
    enough to accept a file (in WAL mode it lags behind): :meth:`TranslationCache._connect`
    asks SQLite before changing anything.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(st.st_mode):
        return False  # connect() fails with a clear message
    if not stat.S_ISREG(st.st_mode):
        raise NotOurCache("not a regular file")
    if st.st_size == 0:
        return False
    with open(path, "rb") as fh:
        header = fh.read(100)
    if not header.startswith(_SQLITE_MAGIC):
        raise NotOurCache("not a transcheck cache: not an SQLite database")
    return int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _check_database(conn: sqlite3.Connection) -> None:
    """Refuse another program's database: ours, a new one, or one holding only our table."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application_id != 0 or not tables <= {"translations", "analyses"}:
        raise NotOurCache("not a transcheck cache: another program's database")


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return False
    message = str(exc).lower()
    return "not a database" in message or "malformed" in message or "corrupt" in message


class TranslationCache:
    """Translations keyed by (engine identity, pair, text). Thread-safe."""

    label = "translation cache"  # how notices name the file
    schema: tuple[str, ...] = (_SCHEMA,)  # tables created on open (subclasses add theirs)

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.notices: list[Notice] = []
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._ours = False
        self._open()

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    # ------------------------------------------------------------------ opening

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            _check_database(conn)  # before anything is written
            try:
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                    pass  # another process holds it; it is WAL already or will be
                else:
                    raise
            conn.execute("PRAGMA synchronous=NORMAL")
            for statement in self.schema:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={USER_VERSION}")
            conn.commit()
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> None:
        try:
            self._ours = _check_ownership(self.path)
        except (NotOurCache, OSError) as exc:
            self._disable(exc)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._connect()
            self._ours = True
        except NotOurCache as exc:
            self._disable(exc)
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                self._set_aside(exc)
            else:
                self._disable(exc)
        except OSError as exc:
            self._disable(exc)

    def _set_aside(self, exc: Exception) -> None:
        """Move a corrupt database (and its WAL files) aside and start a new one.

        Only a file known to be a transcheck cache is moved; anything else is left alone."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if not self._ours:
            self._disable(exc)
            return
        n = 1
        while self.path.with_name(f"{self.path.name}.corrupt-{n}").exists():
            n += 1
        aside = self.path.with_name(f"{self.path.name}.corrupt-{n}")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        except OSError as move_error:
            self._disable(move_error)
            return
        self.notices.append(
            Notice(
                code="cache-corrupt",
                message=(
                    f"{self.label} {self.path} was damaged ({exc}); "
                    f"moved it to {aside.name} and started a new one"
                ),
            )
        )
        try:
            self._conn = self._connect()
        except (sqlite3.DatabaseError, OSError, NotOurCache) as again:
            self._disable(again)

    def _disable(self, exc: Exception) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        if not self._disabled:
            self._disabled = True
            self.notices.append(
                Notice(
                    code="cache-unavailable",
                    message=(
                        f"{self.label} {self.path} cannot be used ({exc}); "
                        "continuing without a cache"
                    ),
                )
            )

    def _handle(self, exc: sqlite3.Error) -> None:
        if isinstance(exc, sqlite3.DatabaseError) and _is_corruption(exc):
            self._set_aside(exc)
        else:
            self._disable(exc)

    # ------------------------------------------------------------------ access

    def get_many(self, identity: str, pair: str, texts: Iterable[str]) -> dict[str, str]:
        """Cached translations of ``texts`` (only the ones present)."""
        keyed = {cache_key(identity, pair, t): t for t in texts}
        rows = self._select_in(
            "SELECT key, translation FROM translations WHERE key IN", list(keyed)
        )
        # anything but a string is a miss
        return {keyed[k]: tr for k, tr in rows if isinstance(tr, str) and k in keyed}

    def put_many(self, identity: str, pair: str, items: Iterable[tuple[str, str]]) -> None:
        """Store (text, translation) pairs in one transaction."""
        rows = [(cache_key(identity, pair, t), identity, pair, tr) for t, tr in items]
        if rows:
            self._transaction(
                (
                    "INSERT OR REPLACE INTO translations (key, engine, pair, translation) "
                    "VALUES (?, ?, ?, ?)",
                    rows,
                )
            )

    def _select_in(self, select: str, keys: list[str]) -> list[tuple]:
        """The rows of ``select`` (ending in ``IN``) for ``keys``, asked in batches; none when
        the cache is off or fails (the failure is handled as any other)."""
        with self._lock:
            if self._conn is None or not keys:
                return []
            rows: list[tuple] = []
            try:
                for i in range(0, len(keys), _BATCH):
                    part = keys[i : i + _BATCH]
                    rows += self._conn.execute(
                        f"{select} ({','.join('?' * len(part))})", part
                    ).fetchall()
            except sqlite3.Error as exc:
                self._handle(exc)
                return []
        return rows

    def _transaction(self, *steps: tuple[str, list[tuple]]) -> None:
        """Run each (statement, parameter rows) in one transaction (:meth:`_in_transaction`)."""

        def run(conn: sqlite3.Connection) -> None:
            for statement, rows in steps:
                conn.executemany(statement, rows)

        self._in_transaction(run)

    def _in_transaction(self, work: Callable[[sqlite3.Connection], object]) -> None:
        """Run ``work(connection)`` in one transaction, under the lock (nothing when the cache
        is off; a failure is handled as any other)."""
        with self._lock:
            if self._conn is None:
                return
            try:
                with self._conn:
                    work(self._conn)
            except sqlite3.Error as exc:
                self._handle(exc)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None
