"""The SQLite translation cache: keys, persistence, concurrency, corruption, no access."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from transcheck.mt.cache import (
    APPLICATION_ID,
    USER_VERSION,
    TranslationCache,
    cache_key,
    default_cache_path,
)


def test_round_trip_and_key_includes_identity_and_pair(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "c.sqlite3")
    cache.put_many("apertium:spa-eng:1", "es-en", [("hola", "hello"), ("adiós", "goodbye")])
    assert cache.get_many("apertium:spa-eng:1", "es-en", ["hola", "adiós", "nada"]) == {
        "hola": "hello",
        "adiós": "goodbye",
    }
    assert cache.get_many("apertium:spa-eng:2", "es-en", ["hola"]) == {}
    assert cache.get_many("apertium:spa-eng:1", "es-fr", ["hola"]) == {}
    assert cache.notices == []
    cache.close()
    again = TranslationCache(tmp_path / "c.sqlite3")
    assert again.get_many("apertium:spa-eng:1", "es-en", ["hola"]) == {"hola": "hello"}
    again.close()


def test_keys_do_not_collide_on_concatenation() -> None:
    assert cache_key("a", "bc", "d") != cache_key("ab", "c", "d")
    assert cache_key("a", "b", "cd") != cache_key("a", "bc", "d")


def test_wal_mode(tmp_path: Path) -> None:
    TranslationCache(tmp_path / "c.sqlite3").close()
    conn = sqlite3.connect(tmp_path / "c.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_many_keys_in_one_call(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "c.sqlite3")
    items = [(f"texto {i}", f"text {i}") for i in range(2500)]
    cache.put_many("e", "es-en", items)
    got = cache.get_many("e", "es-en", [t for t, _ in items])
    assert got == dict(items)


def test_default_path_respects_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRANSCHECK_CACHE", str(tmp_path / "x" / "t.sqlite3"))
    assert default_cache_path() == tmp_path / "x" / "t.sqlite3"
    cache = TranslationCache()
    cache.put_many("e", "es-en", [("a", "b")])
    assert (tmp_path / "x" / "t.sqlite3").exists()
    monkeypatch.delenv("TRANSCHECK_CACHE")
    assert default_cache_path().name == "translations.sqlite3"


def _writer(path: str, worker: int, count: int) -> None:
    cache = TranslationCache(Path(path))
    for i in range(count):
        cache.put_many("e", "es-en", [(f"w{worker}-{i}", f"t{worker}-{i}"), ("shared", "same")])
        cache.get_many("e", "es-en", [f"w{1 - worker}-{i}"])
    assert cache.notices == [], cache.notices
    cache.close()


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 150)) for w in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = TranslationCache(Path(path))
    keys = [f"w{w}-{i}" for w in (0, 1) for i in range(150)]
    got = cache.get_many("e", "es-en", [*keys, "shared"])
    assert len(got) == 301
    assert got["w1-149"] == "t1-149"


def test_threads_share_one_cache(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "c.sqlite3")
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(100):
                cache.put_many("e", "es-en", [(f"{worker}-{i}", "x")])
                cache.get_many("e", "es-en", [f"{worker}-{i}"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert not cache.notices
    assert (
        len(cache.get_many("e", "es-en", [f"{w}-{i}" for w in range(4) for i in range(100)])) == 400
    )


def test_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    data = b"this is not sqlite at all, just some text " * 100
    path.write_bytes(data)
    cache = TranslationCache(path)
    assert not cache.enabled
    assert [n.code for n in cache.notices] == ["cache-unavailable"]
    assert "not a transcheck cache" in cache.notices[0].message
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.sqlite3"]
    assert cache.get_many("e", "es-en", ["a"]) == {}


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('Ada')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    cache = TranslationCache(path)
    assert not cache.enabled
    assert "another program's database" in cache.notices[0].message
    cache.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_cache_marks_itself_and_reads_a_legacy_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    TranslationCache(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION
    conn.close()
    legacy = tmp_path / "legacy.sqlite3"
    conn = sqlite3.connect(legacy)
    conn.execute(
        "CREATE TABLE translations (key TEXT PRIMARY KEY, engine TEXT NOT NULL, "
        "pair TEXT NOT NULL, translation TEXT NOT NULL)"
    )
    conn.commit()
    conn.close()
    cache = TranslationCache(legacy)
    assert cache.enabled
    assert not cache.notices


def test_unusable_row_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = TranslationCache(path)
    cache.put_many("e", "es-en", [("a", "b"), ("c", "d")])
    cache.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE translations SET translation = X'00ff' WHERE translation = 'b'")
    conn.commit()
    conn.close()
    cache = TranslationCache(path)
    assert cache.get_many("e", "es-en", ["a", "c"]) == {"c": "d"}


def test_fifo_as_cache_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    cache = TranslationCache(path)
    assert not cache.enabled
    assert "not a regular file" in cache.notices[0].message


def test_malformed_database_found_while_reading_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = TranslationCache(path)
    cache.put_many("e", "es-en", [(f"texto {i}", "x" * 200) for i in range(2000)])
    cache.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 40), page):
        data[offset : offset + 64] = b"\xff" * 64  # smash the page headers
    path.write_bytes(bytes(data))

    damaged = TranslationCache(path)
    got = damaged.get_many("e", "es-en", [f"texto {i}" for i in range(2000)])
    assert got == {}
    assert [n.code for n in damaged.notices] == ["cache-corrupt"]
    assert (tmp_path / "c.sqlite3.corrupt-1").exists()
    damaged.put_many("e", "es-en", [("a", "b")])
    assert damaged.get_many("e", "es-en", ["a"]) == {"a": "b"}


def test_unwritable_location_warns_once_and_continues(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    cache = TranslationCache(blocker / "sub" / "c.sqlite3")
    assert not cache.enabled
    cache.put_many("e", "es-en", [("a", "b")])
    assert cache.get_many("e", "es-en", ["a"]) == {}
    assert [n.code for n in cache.notices] == ["cache-unavailable"]
    assert str(blocker / "sub" / "c.sqlite3") in cache.notices[0].message


@pytest.mark.parametrize("texts", [[], ["only"]])
def test_empty_and_missing_lookups(tmp_path: Path, texts: list[str]) -> None:
    cache = TranslationCache(tmp_path / "c.sqlite3")
    assert cache.get_many("e", "es-en", texts) == {}
    cache.put_many("e", "es-en", [])
