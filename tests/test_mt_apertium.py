"""The Apertium engine: discovery, batching into one process, failures (real Apertium)."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest
from conftest import require

from transcheck.mt import apertium
from transcheck.mt.apertium import ApertiumEngine, EngineTimeout, discover_modes
from transcheck.mt.base import EngineError, Pair

ES_EN = Pair("es", "en")

TRICKY = [
    "El perro come carne.",
    "",
    "   ",
    "Una línea\ny otra línea sin punto",
    "Primer párrafo.\n\nSegundo párrafo.\n\n\nTercero.",
    'Corchetes [uno] y ^dos$ con \\barra\\ y "comillas" y «otras».',
    "Signos: @ # * ** ~ | < > & {llave} / 50 % 3,5",
    "  Espacios delante y detrás  ",
    "sin punto final",
    "\n\nEmpieza con líneas vacías",
    "Tabulador\tentre palabras.",
    "El perro come carne.",  # duplicate of the first
]


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    require(shutil.which("apertium") is not None, "apertium")
    eng = ApertiumEngine()
    require(ES_EN in eng.pairs(), "apertium-eng-spa")
    return eng


def _script(tmp_path: Path, body: str, log: Path | None = None) -> str:
    """A fake ``apertium`` executable; optionally logs each call then runs ``body``."""
    path = tmp_path / "fake-apertium"
    prefix = f'echo "$@" >> "{log}"\n' if log else ""
    path.write_text("#!/bin/bash\n" + prefix + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def _datadir(tmp_path: Path, *modes: str) -> str:
    modes_dir = tmp_path / "data" / "modes"
    modes_dir.mkdir(parents=True, exist_ok=True)
    for mode in modes:
        (modes_dir / f"{mode}.mode").write_text("cat\n")
    return str(tmp_path / "data")


# ---------------------------------------------------------------- discovery


def test_discovery_maps_codes_and_prefers_plain_modes(tmp_path: Path) -> None:
    first = _datadir(tmp_path / "a", "spa-eng_US", "spa-eng", "fr-es", "Cyrl-Latn", "eco-fr-es")
    second = _datadir(tmp_path / "b", "hbs-eng", "eng-hbs", "eng-hbs_HR", "fr-es", "xxq-eng")
    modes = discover_modes((first, second))
    assert modes[Pair("es", "en")].name == "spa-eng"
    assert not modes[Pair("es", "en")].variant
    # the first data directory wins for a pair both offer
    assert modes[Pair("fr", "es")].datadir == first
    # Serbo-Croatian: one source mode serves hr, sr and bs; a target variant narrows it
    for lang in ("hr", "sr", "bs"):
        assert modes[Pair(lang, "en")].name == "hbs-eng"
    assert modes[Pair("en", "hr")].name == "eng-hbs_HR"
    assert modes[Pair("en", "sh")].name == "eng-hbs"
    assert Pair("en", "sr") not in modes
    names = {m.name for m in modes.values()}
    assert not names & {"Cyrl-Latn", "eco-fr-es", "xxq-eng"}


def test_installed_pairs_are_discovered(engine: ApertiumEngine) -> None:
    pairs = engine.pairs()
    assert pairs == sorted(pairs, key=str)
    assert ES_EN in pairs
    assert engine.mode_for(ES_EN).name == "spa-eng"  # not spa-eng_US
    assert all(len(p.src) == 2 and len(p.tgt) == 2 for p in pairs)


def test_identity_names_mode_and_changes_with_data(tmp_path: Path) -> None:
    datadir = _datadir(tmp_path, "spa-eng")
    eng = ApertiumEngine((datadir,), executable="/bin/cat")
    before = eng.identity(ES_EN)
    assert before.startswith("apertium:spa-eng:")
    assert ApertiumEngine((datadir,), executable="/bin/cat").identity(ES_EN) == before
    (Path(datadir) / "modes" / "spa-eng.mode").write_text("cat -n\n")
    assert ApertiumEngine((datadir,), executable="/bin/cat").identity(ES_EN) != before


def test_real_identity_has_package_version(engine: ApertiumEngine) -> None:
    identity = engine.identity(ES_EN)
    assert identity.startswith("apertium:spa-eng:")
    if Path("/var/lib/dpkg/status").exists():
        assert "apertium-eng-spa=" in identity


# ---------------------------------------------------------------- batching


def test_batch_keeps_count_order_and_matches_single_translations(engine: ApertiumEngine) -> None:
    batch = engine.translate(TRICKY, ES_EN)
    assert len(batch) == len(TRICKY)
    # Passages are independent of their neighbours: another order gives the same renderings.
    assert engine.translate(TRICKY[::-1], ES_EN) == batch[::-1]
    assert engine.translate([TRICKY[5]], ES_EN) == [batch[5]]
    assert batch[-1] == batch[0]
    assert batch[1] == ""
    assert batch[2] == "   "
    assert "dog" in batch[0].lower()
    # newlines and blank lines inside a passage survive in place
    assert batch[3].count("\n") == 1
    assert batch[4].count("\n\n\n") == 1
    assert batch[4].count("\n") == 5
    assert batch[7].startswith("  ")
    assert batch[7].endswith("  ")
    assert "[" in batch[5]
    assert "^" in batch[5]
    assert "\\" in batch[5]


def test_random_hostile_passages_stay_aligned(engine: ApertiumEngine) -> None:
    """Passages of random awkward characters keep their count and their place."""
    alphabet = list(
        "abcñáé ABC.,;:!?¿¡'\"«»“”‘’-–—()[]{}<>^$\\/@#*%&|~`+=_0123456789\n\t\r\x0c"
        "\u00a0\u2028\u2029\u200b\ufeff😀中文"
    ) + ["casa", " el ", "\n\n", ".\n", "\x00"]
    rng = random.Random(7)
    texts = [
        f"Q{i}Q " + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) + f" W{i}W"
        for i in range(300)
    ]
    out = engine.translate(texts, ES_EN)
    assert len(out) == len(texts)
    misplaced = [i for i, o in enumerate(out) if f"Q{i}Q" not in o or f"W{i}W" not in o]
    assert misplaced == []


def test_passages_never_leak_into_each_other(engine: ApertiumEngine) -> None:
    # Inside one passage Apertium reorders "casa\nblanca" across the line break;
    # between passages nothing may move.
    apart = engine.translate(["la casa", "blanca"], ES_EN)
    assert "house" in apart[0].lower()
    assert "white" not in apart[0].lower()
    assert "white" in apart[1].lower()


def test_many_passages_one_process(tmp_path: Path, engine: ApertiumEngine) -> None:
    log = tmp_path / "calls.log"
    eng = ApertiumEngine(executable=_script(tmp_path, 'exec apertium "$@"', log))
    texts = [f"El perro número {i} come carne." for i in range(300)]
    out = eng.translate(texts, ES_EN)
    assert len(out) == 300
    assert all(f"{i}" in o for i, o in enumerate(out))
    assert len(log.read_text().splitlines()) == 1


def test_chunks_and_parallel_jobs_give_identical_results(
    tmp_path: Path, engine: ApertiumEngine
) -> None:
    texts = TRICKY * 2
    expected = engine.translate(texts, ES_EN)
    log = tmp_path / "calls.log"
    chunked = ApertiumEngine(
        executable=_script(tmp_path, 'exec apertium "$@"', log), chunk_chars=250, jobs=2
    )
    assert chunked.translate(texts, ES_EN) == expected
    assert len(log.read_text().splitlines()) >= 3


def test_engine_survives_pickling(engine: ApertiumEngine) -> None:
    clone = pickle.loads(pickle.dumps(engine))
    assert clone.translate(["El perro come carne."], ES_EN) == engine.translate(
        ["El perro come carne."], ES_EN
    )


def test_pivot_pair_translates_french(engine: ApertiumEngine) -> None:
    require(Pair("fr", "es") in engine.pairs(), "apertium-fr-es")
    es = engine.translate(["Le chat noir mange la souris."], Pair("fr", "es"))
    assert "gato" in es[0]
    en = engine.translate(es, ES_EN)
    assert "cat" in en[0]
    assert "mouse" in en[0]


def test_cyrillic_serbian_is_converted_before_translation(engine: ApertiumEngine) -> None:
    sr_en = Pair("sr", "en")
    require(sr_en in engine.pairs(), "apertium-hbs-eng")
    require(engine._script_mode(engine.mode_for(sr_en)) is not None, "Cyrl-Latn mode")
    latin = "Grad je dobio nova sredstva."
    cyrillic = "Град је добио нова средства."
    out = engine.translate([cyrillic, latin], sr_en)
    assert out[0] == out[1]
    assert not any("\u0400" <= ch <= "\u04ff" for ch in out[0])
    assert "+Cyrl-Latn:" in engine.identity(sr_en)


# ---------------------------------------------------------------- failures


def test_unknown_pair_is_an_engine_error(engine: ApertiumEngine) -> None:
    with pytest.raises(EngineError, match="no installed mode"):
        engine.translate(["x"], Pair("xx", "en"))


def test_wrong_count_raises(tmp_path: Path) -> None:
    exe = _script(tmp_path, "cat > /dev/null; echo only one")
    eng = ApertiumEngine((_datadir(tmp_path, "spa-eng"),), executable=exe)
    with pytest.raises(EngineError, match=r"apertium spa-eng returned 1 passages for 3"):
        eng.translate(["a", "b", "c"], ES_EN)


def test_crash_reports_last_stderr_line(tmp_path: Path) -> None:
    exe = _script(tmp_path, "cat > /dev/null; echo first >&2; echo 'the real reason' >&2; exit 3")
    eng = ApertiumEngine((_datadir(tmp_path, "spa-eng"),), executable=exe)
    with pytest.raises(EngineError, match="spa-eng exited with 3: the real reason"):
        eng.translate(["a"], ES_EN)


@pytest.mark.parametrize("streams", [False, True], ids=["process", "stream"])
def test_hang_times_out_and_kills_the_pipeline(monkeypatch, tmp_path: Path, streams) -> None:
    marker = tmp_path / "child.pid"
    body = f"sleep 30 & echo $! > {marker}; wait"
    if streams:  # a kept pipeline that stops answering
        eng = _stream_engine(monkeypatch, tmp_path, body, timeout=0.5)
    else:
        exe = _script(tmp_path, body)
        eng = ApertiumEngine((_datadir(tmp_path, "spa-eng"),), executable=exe, timeout=0.5)
    with pytest.raises(EngineTimeout, match=r"apertium spa-eng timed out after 0.5 s"):
        eng.translate(["a"], ES_EN)
    child = int(marker.read_text())
    for _ in range(50):
        if not _alive(child):
            break
        time.sleep(0.05)
    else:
        pytest.fail("the apertium pipeline survived its timeout")
    assert not _stream_pids(eng)  # never reused


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a killed child waiting to be reaped is dead


def test_close_stops_running_pipelines(tmp_path: Path) -> None:
    started = tmp_path / "started"
    exe = _script(tmp_path, f"touch {started}; sleep 30")
    eng = ApertiumEngine((_datadir(tmp_path, "spa-eng"),), executable=exe, timeout=60)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            eng.translate(["a"], ES_EN)
        except EngineError as exc:
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    for _ in range(200):
        if started.exists() and eng._active:
            break
        time.sleep(0.05)
    eng.close()
    worker.join(10)
    assert not worker.is_alive(), "close() left the pipeline running"
    assert errors
    assert "exited with" in str(errors[0])


def test_a_failed_chunk_stops_its_siblings(tmp_path: Path) -> None:
    # The chunk holding "BAD" fails at once; the others would sleep for 30 s.
    exe = _script(
        tmp_path, 'in=$(cat); case "$in" in *BAD*) echo broken >&2; exit 1;; esac; sleep 30'
    )
    eng = ApertiumEngine(
        (_datadir(tmp_path, "spa-eng"),), executable=exe, jobs=2, chunk_chars=10, timeout=60
    )
    start = time.monotonic()
    with pytest.raises(EngineError, match="exited with 1: broken"):
        eng.translate(["x" * 30000, "BAD" + "y" * 30000], ES_EN)
    assert time.monotonic() - start < 20, "the sibling chunk was waited for"


def test_unstartable_executable_is_an_engine_error(tmp_path: Path) -> None:
    eng = ApertiumEngine((_datadir(tmp_path, "spa-eng"),), executable=str(tmp_path / "missing"))
    with pytest.raises(EngineError, match="could not start"):
        eng.translate(["a"], ES_EN)


# ---------------------------------------------------------------- long-lived pipelines

_ECHO_STREAM = "while IFS= read -r -d '' x; do printf '%s\\0' \"$x\"; done"


def _stream_engine(monkeypatch, tmp_path: Path, script: str, **kwargs) -> ApertiumEngine:
    """An engine whose spa-eng stream runs ``script`` (NUL-delimited batches on stdin)."""
    require(shutil.which("apertium-destxt") is not None, "apertium")
    monkeypatch.setattr(apertium, "stream_script", lambda path: script)
    return ApertiumEngine((_datadir(tmp_path, "spa-eng"),), streams=True, **kwargs)


def _stream_pids(eng: ApertiumEngine) -> list[int]:
    return [s.proc.pid for streams in eng._idle.values() for s in streams]


def test_stream_renders_each_batch_as_a_fresh_process(engine: ApertiumEngine) -> None:
    # Batch after batch through one pipeline: nothing carries over from one batch to the
    # next (the passage before "Les critiques" changes its rendering inside a batch only).
    require(Pair("fr", "es") in engine.pairs(), "apertium-fr-es")
    fresh = ApertiumEngine(streams=False)
    streamed = ApertiumEngine(streams=True)
    fr_es = Pair("fr", "es")
    batches = [
        (["Les chiffres : 3 800", "Les critiques ont parlé."], fr_es),
        (["Les critiques ont parlé."], fr_es),
        (TRICKY, ES_EN),
        (list(reversed(TRICKY)), ES_EN),
        (["La casa blanca.", "El perro come carne."], ES_EN),
    ]
    try:
        for texts, pair in batches * 2:
            assert streamed.translate(texts, pair) == fresh.translate(texts, pair)
        pids = _stream_pids(streamed)
        assert len(pids) == 2  # one pipeline per mode, kept between batches
        streamed.translate(["Otra frase."], ES_EN)
        assert _stream_pids(streamed) == pids
    finally:
        streamed.close()
    assert not streamed._idle


def test_stream_round_trips_the_text_format(monkeypatch, tmp_path: Path) -> None:
    # an echoing pipeline gives back every passage as sent: the deformatter and reformatter
    # run around it, and passages split back one to one
    eng = _stream_engine(monkeypatch, tmp_path, _ECHO_STREAM)
    try:
        out = eng.translate(TRICKY, ES_EN)
    finally:
        eng.close()
    assert out == TRICKY


def test_stream_crash_is_an_engine_error_and_the_next_batch_starts_afresh(
    monkeypatch, tmp_path: Path
) -> None:
    flag = tmp_path / "crashed"
    crash_once = (
        f"if [ ! -e {flag} ]; then touch {flag}; read -r -d '' x; "
        "echo first >&2; echo 'the real reason' >&2; exit 3; fi; " + _ECHO_STREAM
    )
    eng = _stream_engine(monkeypatch, tmp_path, crash_once)
    try:
        with pytest.raises(EngineError, match="spa-eng exited with 3: the real reason"):
            eng.translate(["a"], ES_EN)
        assert not _stream_pids(eng)  # a failed pipeline is never reused
        assert eng.translate(["Hola."], ES_EN) == ["Hola."]
    finally:
        eng.close()


def test_stream_answering_twice_is_out_of_step(monkeypatch, tmp_path: Path) -> None:
    eng = _stream_engine(monkeypatch, tmp_path, "read -r -d '' x; printf 'one\\0two\\0'; sleep 30")
    with pytest.raises(EngineError, match="spa-eng answered out of step"):
        eng.translate(["a"], ES_EN)
    assert not _stream_pids(eng)


def test_close_stops_idle_streams_and_a_fork_starts_its_own(monkeypatch, tmp_path: Path) -> None:
    eng = _stream_engine(monkeypatch, tmp_path, _ECHO_STREAM)
    eng.translate(["Hola."], ES_EN)
    (stream,) = eng._idle["spa-eng"]
    stream.pid = -1  # as a forked child sees its parent's pipeline
    eng.translate(["Hola."], ES_EN)
    assert stream.proc.pid not in _stream_pids(eng)
    assert stream.proc.poll() is None  # the parent's pipeline is not the child's to stop
    stream.pid = os.getpid()
    stream.kill()
    (current,) = eng._idle["spa-eng"]
    eng.close()
    assert current.proc.poll() is not None
    assert not eng._idle
    assert eng.translate(["Otra."], ES_EN) == ["Otra."]  # usable after close()
    eng.close()


def test_an_engine_dropped_without_close_ends_its_streams(monkeypatch, tmp_path: Path) -> None:
    eng = _stream_engine(monkeypatch, tmp_path, _ECHO_STREAM)
    eng.translate(["Hola."], ES_EN)
    (stream,) = eng._idle["spa-eng"]
    del eng
    import gc

    gc.collect()
    assert stream.proc.poll() is not None


def test_a_failed_chunk_leaves_the_idle_streams_of_its_siblings_alone(
    monkeypatch, tmp_path: Path
) -> None:
    # the chunk holding "BAD" fails once its sibling is done and back among the idle (the
    # engine marks that here, so the order holds however slow the machine: up to a minute
    # for a loaded one, where bash reads the sibling's 30,000 characters slowly)
    back = tmp_path / "back"
    script = (
        "while IFS= read -r -d '' x; do case \"$x\" in *BAD*) "
        f"for i in $(seq 1200); do [ -e '{back}' ] && break; sleep 0.05; done; exit 1;; esac; "
        "printf '%s\\0' \"$x\"; done"
    )
    eng = _stream_engine(monkeypatch, tmp_path, script, jobs=2, chunk_chars=10)
    give_back = eng._give_back

    def marked(mode, stream) -> None:
        give_back(mode, stream)
        back.touch()

    monkeypatch.setattr(eng, "_give_back", marked)
    try:
        with pytest.raises(EngineError, match="exited with 1"):
            eng.translate(["x" * 30000, "BAD" + "y" * 30000], ES_EN)
        idle = eng._idle["spa-eng"]
        assert len(idle) == 1
        time.sleep(0.2)  # (a killed pipeline would be gone by now)
        assert idle[0].usable()
        assert eng.translate(["Hola."], ES_EN) == ["Hola."]
    finally:
        eng.close()
