"""Routing: shortest pivot chains across engines, batching, cache, failures, protection."""

from __future__ import annotations

import shutil
import stat
import threading
from pathlib import Path

import pytest
from conftest import require

from transcheck.mt.apertium import ApertiumEngine
from transcheck.mt.base import Engine, EngineError, Pair
from transcheck.mt.router import TranslationJob, Translator, build_translator


class FakeEngine(Engine):
    """Translates ``x`` for pair a-b as ``b(x)``; records every call."""

    def __init__(self, name: str, pairs: list[str], version: str = "1", **behaviour) -> None:
        self.name = name
        self._pairs = [Pair(*p.split("-")) for p in pairs]
        self.version = version
        self.calls: list[tuple[str, tuple[str, ...]]] = []
        self.behaviour = behaviour
        self.lock = threading.Lock()

    def pairs(self) -> list[Pair]:
        return list(self._pairs)

    def identity(self, pair: Pair) -> str:
        return f"{self.name}:{pair}:{self.version}"

    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        with self.lock:
            self.calls.append((str(pair), tuple(texts)))
        bad = self.behaviour.get("fail_on")
        if bad and any(bad in t for t in texts):
            raise EngineError(f"{self.name} {pair} crashed: cannot digest {bad}")
        if self.behaviour.get("short"):
            return [f"{pair.tgt}({t})" for t in texts[:-1]]
        transform = self.behaviour.get("transform")
        return [transform(t) if transform else f"{pair.tgt}({t})" for t in texts]


def translator(*engines: Engine, pivot: str = "en", **kwargs) -> Translator:
    kwargs.setdefault("use_cache", False)
    return build_translator("auto", pivot, engines=list(engines), **kwargs)


# ---------------------------------------------------------------- routing


def test_shortest_chain_wins() -> None:
    eng = FakeEngine("a", ["fr-es", "es-en", "fr-it", "it-de", "de-en", "pt-es"])
    t = translator(eng)
    assert t.describe_route("fr") == "a:fr-es>a:es-en"
    assert t.describe_route("it") == "a:it-de>a:de-en"
    assert t.describe_route("pt") == "a:pt-es>a:es-en"
    assert t.describe_route("en") is None  # the pivot needs no route


def test_preferred_engine_then_lexicographic() -> None:
    first = FakeEngine("first", ["ca-en", "fr-ca"])
    second = FakeEngine("second", ["es-en", "fr-es", "ca-en", "fr-en"])
    t = translator(first, second)
    assert t.describe_route("ca") == "first:ca-en"  # both offer it; the preferred engine wins
    assert t.describe_route("fr") == "second:fr-en"  # shorter beats preferred
    t2 = translator(FakeEngine("x", ["fr-es", "es-en", "fr-ca", "ca-en"]))
    assert t2.describe_route("fr") == "x:fr-ca>x:ca-en"  # tie: "ca" < "es"


def test_any_pivot_works() -> None:
    eng = FakeEngine("a", ["en-es", "fr-es", "de-en"])
    t = translator(eng, pivot="es")
    assert t.describe_route("de") == "a:de-en>a:en-es"
    assert t.translate_jobs([TranslationJob("de", ("Hallo",))]) == [["es(en(Hallo))"]]


def test_no_route_gives_none_and_one_notice_per_language() -> None:
    t = translator(FakeEngine("a", ["es-en"]))
    jobs = [
        TranslationJob("kk", ("a",)),
        TranslationJob("kk", ("b",)),
        TranslationJob("es", ("c",)),
    ]
    assert t.describe_route("kk") is None
    assert t.translate_jobs(jobs) == [None, None, ["en(c)"]]
    no_engine = [n for n in t.notices if n.code == "no-engine"]
    assert len(no_engine) == 1
    assert no_engine[0].lang == "kk"
    assert no_engine[0].message == (
        "no offline engine translates kk to en; names and numbers are still compared"
    )


def test_engines_info_lists_sorted_pairs() -> None:
    t = translator(FakeEngine("b", ["fr-es", "es-en"]), FakeEngine("a", ["de-en"]))
    assert t.engines_info() == [
        {"name": "b", "pairs": ["es-en", "fr-es"]},
        {"name": "a", "pairs": ["de-en"]},
    ]


def test_engine_names() -> None:
    with pytest.raises(ValueError, match="unknown engine 'deepl'"):
        build_translator("deepl")
    off = build_translator("none", use_cache=False)
    assert off.describe_route("es") is None
    assert off.engines_info() == []
    assert off.translate_jobs([TranslationJob("es", ("hola",))]) == [None]
    assert "translation is off" in off.notices[0].message


def test_broken_argos_install_leaves_apertium_working(monkeypatch) -> None:
    from transcheck.mt import argos

    def explode(*args, **kwargs):
        raise RuntimeError("libctranslate2.so: cannot open shared object file")

    monkeypatch.setattr(argos.ArgosEngine, "discover", explode)
    t = build_translator("auto", use_cache=False)
    assert [n.code for n in t.notices] == ["engine-failed"]
    assert "argos could not start: libctranslate2.so" in t.notices[0].message
    assert [e["name"] for e in t.engines_info()] == ["apertium"]


def test_argostranslate_without_extra_says_what_to_install() -> None:
    try:
        import argostranslate  # noqa: F401
    except ImportError:
        with pytest.raises(ValueError, match=r"pip install 'transcheck\[argos\]'"):
            build_translator("argostranslate", use_cache=False)
    else:  # pragma: no cover - the extra is installed
        build_translator("argostranslate", use_cache=False)


# ---------------------------------------------------------------- batching


def test_one_call_per_hop_and_each_distinct_passage_once() -> None:
    eng = FakeEngine("a", ["fr-es", "pt-es", "es-en"])
    t = translator(eng)
    jobs = [
        TranslationJob("fr", ("un", "deux", "un")),
        TranslationJob("fr", ("deux", "")),
        TranslationJob("pt", ("um",)),
        TranslationJob("es", ("uno", "es(un)")),
    ]
    out = t.translate_jobs(jobs)
    assert out == [
        ["en(es(un))", "en(es(deux))", "en(es(un))"],
        ["en(es(deux))", ""],
        ["en(es(um))"],
        ["en(uno)", "en(es(un))"],
    ]
    by_pair = {pair: texts for pair, texts in eng.calls}
    assert len(eng.calls) == 3  # fr-es, pt-es, then one es-en for everything
    assert by_pair["fr-es"] == ("un", "deux")
    assert sorted(by_pair["es-en"]) == sorted(["uno", "es(un)", "es(deux)", "es(um)"])
    assert t.stats["passages"] == 8
    assert t.stats["engine_calls"] == 3
    assert t.stats["translated"] == 7  # passage-hops


def test_parallel_jobs_give_identical_results() -> None:
    jobs = [
        TranslationJob(lang, tuple(f"{lang} texto {i}" for i in range(20)))
        for lang in ("fr", "pt", "it", "es", "ca")
    ]
    pairs = ["fr-es", "pt-es", "it-es", "es-en", "ca-en"]
    serial = translator(FakeEngine("a", pairs)).translate_jobs(jobs)
    parallel_engine = FakeEngine("a", pairs)
    parallel = translator(parallel_engine, jobs=4).translate_jobs(jobs)
    assert parallel == serial
    assert len(parallel_engine.calls) == 5


# ---------------------------------------------------------------- failures


def test_crash_fails_only_the_job_that_caused_it() -> None:
    eng = FakeEngine("a", ["fr-es", "es-en"], fail_on="POISON")
    t = translator(eng)
    jobs = [
        TranslationJob("es", ("bien", "POISON here")),
        TranslationJob("es", ("también bien",)),
        TranslationJob("fr", ("bon",)),
    ]
    out = t.translate_jobs(jobs)
    assert out[0] is None
    assert out[1] == ["en(también bien)"]
    assert out[2] == ["en(es(bon))"]
    failed = [n for n in t.notices if n.code == "engine-failed"]
    assert len(failed) == 1
    assert "engine a failed on es-en" in failed[0].message
    assert "cannot digest POISON" in failed[0].message
    assert "1 of 3 document(s)" in failed[0].message  # es-en carries the fr job too


def test_wrong_count_becomes_a_notice() -> None:
    t = translator(FakeEngine("a", ["es-en"], short=True))
    assert t.translate_jobs([TranslationJob("es", ("uno", "dos"))]) == [None]
    (notice,) = [n for n in t.notices if n.code == "engine-failed"]
    assert "returned 1 passages for 2" in notice.message
    assert "es-en" in notice.message


def test_broken_engine_is_not_retried_forever() -> None:
    eng = FakeEngine("a", ["es-en"], fail_on="")  # every call fails
    eng.behaviour["fail_on"] = "o"
    t = translator(eng)
    jobs = [TranslationJob("es", (f"texto {i}",), doc_id=str(i)) for i in range(20)]
    assert t.translate_jobs(jobs) == [None] * 20
    assert len(eng.calls) <= 4  # the batch, then three retries at most
    assert len([n for n in t.notices if n.code == "engine-failed"]) == 1


def test_failed_hop_falls_back_to_another_engine() -> None:
    broken = FakeEngine("fast", ["es-en"], fail_on="o")  # fails on everything below
    steady = FakeEngine("steady", ["es-en", "fr-es"])
    t = translator(broken, steady)
    assert t.describe_route("es") == "fast:es-en"
    jobs = [TranslationJob("es", ("uno",), doc_id="d1"), TranslationJob("fr", ("bon",))]
    assert t.translate_jobs(jobs) == [["en(uno)"], ["en(es(bon))"]]
    assert t.routes_used == {"d1": "steady:es-en"}
    codes = sorted(n.code for n in t.notices)
    assert codes == ["engine-failed", "engine-fallback", "engine-fallback"]
    fallback = [n.message for n in t.notices if n.code == "engine-fallback"]
    assert any("steady:fr-es>steady:es-en" in m for m in fallback)
    assert all("after fast:es-en failed" in m for m in fallback)


def _fake_apertium(tmp_path: Path, body: str) -> ApertiumEngine:
    modes = tmp_path / "data" / "modes"
    modes.mkdir(parents=True)
    (modes / "spa-eng.mode").write_text("cat\n")
    exe = tmp_path / "fake-apertium"
    exe.write_text("#!/bin/bash\n" + body + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return ApertiumEngine((str(tmp_path / "data"),), executable=str(exe), timeout=0.5)


def test_hang_becomes_a_timeout_notice_without_retries(tmp_path: Path) -> None:
    eng = _fake_apertium(tmp_path, "sleep 20")
    t = translator(eng)
    jobs = [TranslationJob("es", ("uno",)), TranslationJob("es", ("dos",))]
    assert t.translate_jobs(jobs) == [None, None]
    (notice,) = [n for n in t.notices if n.code == "engine-failed"]
    assert "timed out after 0.5 s" in notice.message
    assert "es-en" in notice.message
    assert t.stats["engine_calls"] == 1  # a timeout is not retried job by job


# ---------------------------------------------------------------- cache


def test_second_run_is_served_from_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    jobs = [TranslationJob("fr", ("un", "deux")), TranslationJob("es", ("tres",))]
    first_engine = FakeEngine("a", ["fr-es", "es-en"])
    first = translator(first_engine, cache_path=path, use_cache=True)
    expected = first.translate_jobs(jobs)
    first.close()
    assert first.stats["translated"] == 5

    again_engine = FakeEngine("a", ["fr-es", "es-en"])
    again = translator(again_engine, cache_path=path, use_cache=True)
    assert again.translate_jobs(jobs) == expected
    assert again.stats["translated"] == 0
    assert again.stats["engine_calls"] == 0
    assert again.stats["cache_hits"] == 5
    assert again_engine.calls == []

    upgraded = FakeEngine("a", ["fr-es", "es-en"], version="2")
    fresh = translator(upgraded, cache_path=path, use_cache=True)
    fresh.translate_jobs(jobs)
    assert fresh.stats["translated"] == 5  # a new model identity never reuses old output


def test_no_cache_creates_no_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    t = translator(FakeEngine("a", ["es-en"]), cache_path=path, use_cache=False)
    t.translate_jobs([TranslationJob("es", ("uno",))])
    t.close()
    assert not path.exists()


def test_foreign_cache_file_is_a_notice_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"garbage" * 500)
    t = translator(FakeEngine("a", ["es-en"]), cache_path=path, use_cache=True)
    assert t.translate_jobs([TranslationJob("es", ("uno",))]) == [["en(uno)"]]
    assert [n.code for n in t.notices] == ["cache-unavailable"]  # not ours: left alone
    assert path.read_bytes() == b"garbage" * 500


def test_unwritable_cache_still_translates(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    t = translator(FakeEngine("a", ["es-en"]), cache_path=blocker / "c.sqlite3", use_cache=True)
    jobs = [TranslationJob("es", ("uno",)), TranslationJob("es", ("dos",))]
    assert t.translate_jobs(jobs) == [["en(uno)"], ["en(dos)"]]
    assert t.translate_jobs(jobs) == [["en(uno)"], ["en(dos)"]]
    assert [n.code for n in t.notices] == ["cache-unavailable"]  # said once


def test_progress_bar_only_on_a_terminal(monkeypatch, capsys) -> None:
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    job = TranslationJob("es", ("uno", "dos"))
    quiet = translator(FakeEngine("a", ["es-en"]), progress=True)
    quiet.translate_jobs([job])
    assert capsys.readouterr().err == ""  # captured stderr is not a terminal

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    shown = translator(FakeEngine("a", ["es-en"]), progress=True)
    assert shown.translate_jobs([job]) == [["en(uno)", "en(dos)"]]
    assert "translating" in screen.getvalue()
    assert "2/2" in screen.getvalue()


# ---------------------------------------------------------------- protection


def test_protected_terms_bypass_the_engine() -> None:
    eng = FakeEngine("a", ["fr-es", "es-en"], transform=lambda t: t.upper())
    t = translator(eng)
    job = TranslationJob("fr", ("Marie Curie est ici", "rien"), protect=("Marie Curie",))
    assert t.translate_jobs([job]) == [["Marie Curie EST ICI", "RIEN"]]
    assert eng.calls[0] == ("fr-es", ("ZZTC1Z est ici", "rien"))


def test_renderings_restore_the_pivot_form() -> None:
    eng = FakeEngine("a", ["es-en"], transform=lambda t: t.upper())
    t = translator(eng)
    job = TranslationJob(
        "es",
        ("Ana Gil viajó a Londres",),
        protect=("Ana Gil",),
        renderings=(("Londres", "London"),),
    )
    assert t.translate_jobs([job]) == [["Ana Gil VIAJÓ A London"]]


def test_lost_placeholder_falls_back_to_unprotected_translation() -> None:
    eng = FakeEngine("a", ["es-en"], transform=lambda t: t.replace("ZZTC1Z", "?").lower())
    t = translator(eng)
    job = TranslationJob("es", ("Ana Gil llegó", "nada"), protect=("Ana Gil",))
    assert t.translate_jobs([job]) == [["ana gil llegó", "nada"]]
    assert t.stats["protection_fallbacks"] == 1


# ---------------------------------------------------------------- real Apertium


@pytest.fixture(scope="module")
def apertium_translator() -> Translator:
    require(shutil.which("apertium") is not None, "apertium")
    t = build_translator("apertium", "en", use_cache=False)
    require(t.describe_route("fr") is not None, "apertium-fr-es and apertium-eng-spa")
    return t


def test_french_goes_through_spanish(apertium_translator: Translator) -> None:
    assert apertium_translator.describe_route("fr") == "apertium:fr-es>apertium:es-en"
    job = TranslationJob(
        "fr",
        ("Le chat noir mange la souris.", "Camille Roux habite à Pont Rouge."),
        protect=("Camille Roux", "Pont Rouge"),
    )
    (out,) = apertium_translator.translate_jobs([job])
    assert out is not None
    assert "cat" in out[0]
    assert "mouse" in out[0]
    assert "Camille Roux" in out[1]
    assert "Pont Rouge" in out[1]
    assert apertium_translator.engines_info()[0]["name"] == "apertium"


def test_real_results_are_deterministic(tmp_path: Path) -> None:
    require(shutil.which("apertium") is not None, "apertium")
    jobs = [
        TranslationJob("es", ("El gobierno subió los impuestos un 3,5 %.", "Hola.")),
        TranslationJob("pt", ("O governo aumentou os impostos.",)),
    ]
    a = build_translator("apertium", use_cache=False).translate_jobs(jobs)
    b = build_translator("apertium", use_cache=False, jobs=2).translate_jobs(jobs)
    assert a == b
    assert all(r is not None for r in a)


# ---------------------------------------------------------------- Argos + Apertium


@pytest.fixture(scope="module")
def argos_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from transcheck.mt.fixture import build_package_dir

    root = tmp_path_factory.mktemp("argos-packages")
    build_package_dir(root / "translate-xx_es-1_0", from_code="xx", to_code="es")
    return root


def test_auto_chains_argos_into_apertium(argos_dir: Path) -> None:
    require(shutil.which("apertium") is not None, "apertium")
    t = build_translator("auto", argos_dirs=[argos_dir], use_cache=False)
    assert t.describe_route("xx") == "argos:xx-es>apertium:es-en"
    assert t.describe_route("fr") == "apertium:fr-es>apertium:es-en"
    names = [e["name"] for e in t.engines_info()]
    assert names == ["argos", "apertium"]
    (out,) = t.translate_jobs([TranslationJob("xx", ("ba do ke mi.", "stro lu na."))])
    assert out is not None
    assert len(out) == 2
    assert all(isinstance(o, str) for o in out)
    assert t.stats["engine_calls"] == 2
    t.close()

    only_argos = build_translator("argos", argos_dirs=[argos_dir], use_cache=False)
    assert only_argos.describe_route("xx") is None  # argos has no es-en here
    assert only_argos.engines_info() == [{"name": "argos", "pairs": ["xx-es"]}]


def test_broken_argos_package_is_a_notice(argos_dir: Path, tmp_path: Path) -> None:
    good = argos_dir / "translate-xx_es-1_0"
    shutil.copytree(good, tmp_path / "translate-xx_es-1_0")
    broken = Path(shutil.copytree(good, tmp_path / "translate-yy_es-1_0"))
    (broken / "sentencepiece.model").unlink()
    t = build_translator("argos", argos_dirs=[tmp_path], use_cache=False)
    assert t.engines_info() == [{"name": "argos", "pairs": ["xx-es"]}]
    (notice,) = t.notices
    assert notice.code == "engine-failed"
    assert "argos:" in notice.message
    assert "translate-yy_es-1_0" in notice.message
