"""Apertium: rule-based translation through the system's ``apertium`` command.

Pairs are discovered from the installed mode files (``<datadir>/modes/*.mode``), never from a
hard-coded list. A batch of passages is translated in ONE run of the mode's pipeline: the
pipeline is started once and kept, fed batch after batch in null-flush mode
(``apertium_stream.py``; with a stand-in ``executable``, one ``apertium`` process per batch).
Passages are joined with a blank line, which Apertium copies through verbatim and treats as a sentence
boundary (its text deformatter inserts an invisible full stop there), so words never move from
one passage into the next and the output splits back into exactly as many passages. Passages
that themselves contain blank lines are sent as several pieces and glued back with their own
separators; empty passages are not sent at all.

Serbo-Croatian pairs read Latin script only; Cyrillic passages are first converted with the
``Cyrl-Latn`` mode the pair ships (see ``SCRIPT_CONVERSIONS``).

Batches above ``CHUNK_CHARS`` are split, and with ``jobs > 1`` the chunks run as parallel
pipelines (at most ``jobs`` at once per engine). Passages in one call are not quite
independent: one that ends without sentence punctuation (a figure, "3 800") changes how the
tagger reads the next ("Les critiques" -> "The critics" / "The critiques"). So a chunk ends
after a passage that ends in ``.``, ``!`` or ``?`` when one comes within a quarter of the
limit: splitting there renders every passage as the unsplit batch does. Each pipeline runs in its own process group:
a timeout, a failed sibling chunk, Ctrl-C or :meth:`ApertiumEngine.close` kills all of it.
Every failure is an :class:`EngineError` naming the mode (timeouts: :class:`EngineTimeout`).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import weakref
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from transcheck.mt.apertium_stream import (
    DEFORMAT,
    REFORMAT,
    STREAM_ARGS,
    Stream,
    StreamTimeout,
    last_line,
    reformat,
    stream_env,
    stream_script,
)
from transcheck.mt.base import Engine, EngineError, EngineSettings, Pair
from transcheck.mt.langcodes import source_codes, target_code

DEFAULT_DATADIRS: tuple[str, ...] = (
    "~/.local/share/apertium",
    "/usr/local/share/apertium",
    "/usr/share/apertium",
)
# One apertium process reads at most this many characters; larger batches are chunked.
CHUNK_CHARS = 200_000
# Below this size a batch is not split across parallel processes (start-up costs ~0.3 s).
MIN_PARALLEL_CHARS = 20_000

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
# A passage ending so closes its sentence: the next one is read alone (a safe chunk boundary).
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_SEPARATOR = "\n\n"
_MODE_PATH = re.compile(r"'(/[^']+)'|(?<![\w/])(/[\w./+-]+\.(?:bin|t\dx|prob|rlx|lrx|mode))")


# Source languages whose analyser reads one script while text often comes in another, and the
# Apertium script mode (``<from>-<to>.mode``, shipped with the pair) that converts it first.
# Serbian is written in Cyrillic as often as in Latin; hbs-eng only reads Latin.
SCRIPT_CONVERSIONS: dict[str, tuple[str, re.Pattern[str]]] = {
    "hbs": ("Cyrl-Latn", re.compile(r"[\u0400-\u04ff]")),
}


class EngineTimeout(EngineError):
    """The engine did not answer in time; retrying the same input is pointless."""

    retryable = False


@dataclass(frozen=True)
class ApertiumMode:
    """One installed translation direction."""

    name: str  # e.g. "spa-eng"
    datadir: str  # directory that holds modes/<name>.mode
    variant: bool  # e.g. spa-eng_US is a variant of spa-eng

    @property
    def path(self) -> Path:
        return Path(self.datadir) / "modes" / f"{self.name}.mode"


def discover_modes(datadirs: tuple[str, ...] = DEFAULT_DATADIRS) -> dict[Pair, ApertiumMode]:
    """Map every ISO 639-1 pair to the installed mode that serves it.

    Earlier data directories win over later ones; within one directory a plain mode wins over
    a variant, then the lexicographically smaller name. Modes whose names are not two language
    codes (``Cyrl-Latn``, ``eco-es-fr``) are ignored.
    """
    found: dict[Pair, tuple[tuple[int, bool, str], ApertiumMode]] = {}
    for rank, raw in enumerate(datadirs):
        modes_dir = Path(raw).expanduser() / "modes"
        try:
            names = sorted(p.stem for p in modes_dir.glob("*.mode") if p.is_file())
        except OSError:
            continue
        for name in names:
            parts = name.split("-")
            if len(parts) != 2:
                continue
            tgt, variant = target_code(parts[1])
            sources = source_codes(parts[0])
            if not tgt or not sources:
                continue
            mode = ApertiumMode(name=name, datadir=str(modes_dir.parent), variant=variant)
            for src in sources:
                if src == tgt:
                    continue
                pair = Pair(src, tgt)
                key = (rank, variant, name)
                if pair not in found or key < found[pair][0]:
                    found[pair] = (key, mode)
    return {pair: mode for pair, (_, mode) in sorted(found.items(), key=lambda kv: str(kv[0]))}


def _utf8_env() -> dict[str, str]:
    env = dict(os.environ)
    current = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    if "utf-8" not in current.lower() and "utf8" not in current.lower():
        env["LC_ALL"] = "C.UTF-8"
    return env


def _split_pieces(text: str) -> tuple[str, list[str], list[str]]:
    """Split a passage into blank-line-free pieces.

    Returns (leading whitespace, pieces, separators) where ``separators[i]`` follows
    ``pieces[i]`` (the last one is the trailing whitespace).
    """
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :] if stripped else ""
    pieces, seps, pos = [], [], 0
    for m in _BLANK_LINE.finditer(stripped):
        pieces.append(stripped[pos : m.start()])
        seps.append(m.group())
        pos = m.end()
    pieces.append(stripped[pos:])
    seps.append(tail)
    return lead, pieces, seps


def _clean(piece: str) -> str:
    # NUL is Apertium's flush marker and would be swallowed.
    return piece.replace("\0", " ")


class ApertiumEngine(Engine):
    """Translate with the installed Apertium pairs, one pipeline run per batch (or chunk)."""

    name = "apertium"

    def __init__(
        self,
        datadirs: tuple[str, ...] = DEFAULT_DATADIRS,
        *,
        timeout: float = 120.0,
        jobs: int = 1,
        executable: str | None = None,
        chunk_chars: int = CHUNK_CHARS,
        streams: bool | None = None,
    ) -> None:
        self.datadirs = tuple(datadirs)
        self.timeout = timeout
        self.jobs = max(1, jobs)
        self.executable = executable
        self.chunk_chars = max(1, chunk_chars)
        # Long-lived pipelines (apertium_stream.py) unless a stand-in executable is given.
        self.streams = executable is None if streams is None else streams
        self._modes: dict[Pair, ApertiumMode] | None = None
        self._identities: dict[str, str] = {}
        self._init_runtime()

    def _init_runtime(self) -> None:
        # At most ``jobs`` apertium pipelines at once, however many threads call translate().
        self._slots = threading.BoundedSemaphore(self.jobs)
        self._active: set[subprocess.Popen] = set()  # running pipelines, for close()
        self._active_lock = threading.Lock()
        self._idle: dict[str, list[Stream]] = {}  # streams between batches, by mode name
        # an engine dropped without close() (or left at exit) still ends its pipelines
        weakref.finalize(self, _stop_streams, self._idle, self._active_lock)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in ("_slots", "_active", "_active_lock", "_idle"):
            del state[name]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._init_runtime()

    def close(self) -> None:
        """Stop every pipeline, running or idle; the engine stays usable (new ones start)."""
        with self._active_lock:
            running = list(self._active)
        for proc in running:
            _kill_group(proc)
        _stop_streams(self._idle, self._active_lock)

    # ------------------------------------------------------------------ discovery

    @classmethod
    def available(cls) -> tuple[bool, str]:
        if shutil.which("apertium") is None:
            return False, "apertium is not installed (scripts/install-system-deps.sh)"
        return True, ""

    @classmethod
    def build(cls, settings: EngineSettings) -> ApertiumEngine:
        dirs = settings.options.get("apertium_dirs") or DEFAULT_DATADIRS
        return cls(tuple(str(d) for d in dirs), timeout=settings.timeout, jobs=settings.jobs)

    @classmethod
    def models(cls) -> tuple[list[dict[str, str]], list[str]]:
        """The installed pairs (modes) with their package versions."""
        engine = cls()
        rows = []
        for pair in engine.pairs():
            identity = engine.identity(pair)
            parts = identity.split(":")
            rows.append(
                {
                    "engine": cls.name,
                    "pair": str(pair),
                    "version": parts[2] if len(parts) >= 4 else identity,
                    "identity": identity,
                    "path": str(engine.mode_for(pair).path),
                    "source": "system",
                }
            )
        return rows, []

    def _exe(self) -> str | None:
        return self.executable or shutil.which("apertium")

    def modes(self) -> dict[Pair, ApertiumMode]:
        if self._modes is None:
            self._modes = discover_modes(self.datadirs) if self._exe() else {}
        return self._modes

    def pairs(self) -> list[Pair]:
        return sorted(self.modes(), key=str)

    def mode_for(self, pair: Pair) -> ApertiumMode:
        mode = self.modes().get(pair)
        if mode is None:
            raise EngineError(f"apertium has no installed mode for {pair}")
        return mode

    def identity(self, pair: Pair) -> str:
        mode = self.mode_for(pair)
        if mode.name not in self._identities:
            identity = f"apertium:{mode.name}:{_package_version(mode.path)}:{_mode_hash(mode.path)}"
            script = self._script_mode(mode)
            if script is not None:
                identity += f"+{script.name}:{_mode_hash(script.path)}"
            self._identities[mode.name] = identity
        return self._identities[mode.name]

    def _script_mode(self, mode: ApertiumMode) -> ApertiumMode | None:
        """The script-conversion mode to run before ``mode``, if the pair ships one."""
        conversion = SCRIPT_CONVERSIONS.get(mode.name.split("-")[0].split("_")[0])
        if conversion is None:
            return None
        script = ApertiumMode(name=conversion[0], datadir=mode.datadir, variant=False)
        return script if script.path.is_file() else None

    def _convert_script(self, pieces: list[str], mode: ApertiumMode) -> list[str]:
        """Convert the pieces written in a script the pair cannot read (one extra process)."""
        script = self._script_mode(mode)
        if script is None:
            return pieces
        pattern = SCRIPT_CONVERSIONS[mode.name.split("-")[0].split("_")[0]][1]
        todo = [i for i, piece in enumerate(pieces) if pattern.search(piece)]
        if not todo:
            return pieces
        converted = self._translate_pieces([pieces[i] for i in todo], script)
        out = list(pieces)
        for i, text in zip(todo, converted, strict=True):
            out[i] = text
        return out

    # ------------------------------------------------------------------ translation

    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        mode = self.mode_for(pair)
        layout: list[tuple[str, list[str], list[str]] | None] = []
        pieces: list[str] = []
        for text in texts:
            if not text.strip():
                layout.append(None)
                continue
            lead, parts, seps = _split_pieces(text)
            layout.append((lead, parts, seps))
            pieces.extend(_clean(p) for p in parts)
        translated = self._translate_pieces(self._convert_script(pieces, mode), mode)
        out: list[str] = []
        it = iter(translated)
        for text, item in zip(texts, layout, strict=True):
            if item is None:
                out.append(text)
                continue
            lead, parts, seps = item
            out.append(lead + "".join(next(it) + sep for _, sep in zip(parts, seps, strict=True)))
        return out

    def _chunks(self, pieces: list[str]) -> list[list[str]]:
        total = sum(len(p) + 2 for p in pieces)
        limit = self.chunk_chars
        if self.jobs > 1 and total >= MIN_PARALLEL_CHARS:
            limit = min(limit, max(MIN_PARALLEL_CHARS // 2, -(-total // self.jobs)))
        chunks: list[list[str]] = []
        current: list[str] = []
        size = 0
        for piece in pieces:
            over = size + len(piece) > limit
            if (
                over
                and current
                and (_SENTENCE_END.search(current[-1]) or size + len(piece) > limit + limit // 4)
            ):
                chunks.append(current)
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 2
        if current:
            chunks.append(current)
        return chunks

    def _translate_pieces(self, pieces: list[str], mode: ApertiumMode) -> list[str]:
        if not pieces:
            return []
        chunks = self._chunks(pieces)
        if self.jobs == 1 or len(chunks) == 1:
            return [line for chunk in chunks for line in self._run(chunk, mode)]
        mine = _Batch()
        pool = ThreadPoolExecutor(max_workers=min(self.jobs, len(chunks)))
        try:
            futures = [pool.submit(self._run, c, mode, mine) for c in chunks]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:
                if future in done and future.exception() is not None:
                    raise future.exception()  # type: ignore[misc]
            results = [f.result() for f in futures]
        except BaseException:
            # One chunk failed (or Ctrl-C): the batch is lost, stop its other pipelines.
            pool.shutdown(wait=False, cancel_futures=True)
            mine.cancel()
            raise
        finally:
            pool.shutdown(wait=True)
        return [line for chunk in results for line in chunk]

    def _run(self, pieces: list[str], mode: ApertiumMode, mine: _Batch | None = None) -> list[str]:
        exe = self._exe()
        if exe is None:
            raise EngineError("apertium is not installed")
        with self._slots:
            script = stream_script(str(mode.path)) if self.streams else None
            if script is not None:
                return self._run_stream(script, pieces, mode, mine)
            return self._run_process(exe, pieces, mode, mine)

    def _run_stream(
        self, script: str, pieces: list[str], mode: ApertiumMode, mine: _Batch | None
    ) -> list[str]:
        """One batch through the mode's long-lived pipeline (started if none is idle)."""
        deadline = time.monotonic() + self.timeout
        env = stream_env(_utf8_env())
        payload = (_SEPARATOR.join(pieces) + "\n").encode("utf-8")
        stream = None
        try:
            data = reformat(DEFORMAT, payload, env, deadline)
            stream = self._take_stream(script, mode, env)
            if mine is not None:
                mine.add(stream.proc)
            out = stream.run(data, deadline)
            if mine is not None:  # idle again: a failing sibling chunk must not stop it
                mine.discard(stream.proc)
            self._give_back(mode, stream)
            stream = None
            text = reformat(REFORMAT, out, env, deadline).decode("utf-8", "replace")
        except StreamTimeout:
            raise EngineTimeout(
                f"apertium {mode.name} timed out after {self.timeout:g} s"
            ) from None
        except EngineError as exc:
            raise EngineError(f"apertium {mode.name} {exc}") from None
        finally:
            if stream is not None:  # failed, timed out or interrupted: never reused
                with self._active_lock:
                    self._active.discard(stream.proc)
                stream.kill()
        return _passages(text, pieces, mode)

    def _take_stream(self, script: str, mode: ApertiumMode, env: dict[str, str]) -> Stream:
        with self._active_lock:
            idle = self._idle.get(mode.name, [])
            while idle:
                stream = idle.pop()
                if stream.usable():
                    self._active.add(stream.proc)
                    return stream
                stream.drop()
        try:
            stream = Stream(script, STREAM_ARGS, env)
        except OSError as exc:
            raise EngineError(f"could not start: {exc}") from exc
        with self._active_lock:
            self._active.add(stream.proc)
        return stream

    def _give_back(self, mode: ApertiumMode, stream: Stream) -> None:
        with self._active_lock:
            self._active.discard(stream.proc)
            self._idle.setdefault(mode.name, []).append(stream)

    def _run_process(
        self, exe: str, pieces: list[str], mode: ApertiumMode, mine: _Batch | None
    ) -> list[str]:
        payload = _SEPARATOR.join(pieces) + "\n"
        cmd = [exe, "-d", mode.datadir, "-u", "-f", "txt", mode.name]
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_utf8_env(),
                start_new_session=True,
            )
        except OSError as exc:
            raise EngineError(f"apertium {mode.name} could not start: {exc}") from exc
        with self._active_lock:
            self._active.add(proc)
        if mine is not None:
            mine.add(proc)  # kills it at once if the batch was cancelled meanwhile
        try:
            out, err = proc.communicate(payload.encode("utf-8"), timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise EngineTimeout(
                f"apertium {mode.name} timed out after {self.timeout:g} s"
            ) from None
        except BaseException:  # Ctrl-C: the pipeline runs in its own session, stop it too
            _kill_group(proc)
            raise
        finally:
            with self._active_lock:
                self._active.discard(proc)
        if proc.returncode != 0:
            raise EngineError(
                f"apertium {mode.name} exited with {proc.returncode}: {last_line(err)}"
            )
        return _passages(out.decode("utf-8", "replace"), pieces, mode)


def _stop_streams(idle: dict[str, list[Stream]], lock: threading.Lock) -> None:
    with lock:
        streams = [s for group in idle.values() for s in group]
        idle.clear()
    for stream in streams:
        stream.stop()


def _passages(text: str, pieces: list[str], mode: ApertiumMode) -> list[str]:
    """Split a pipeline's output back into one rendering per piece."""
    if text.endswith("\n"):
        text = text[:-1]
    result = text.split(_SEPARATOR)
    if len(result) != len(pieces):
        raise EngineError(f"apertium {mode.name} returned {len(result)} passages for {len(pieces)}")
    return [r.strip() for r in result]


class _Batch:
    """The pipelines of one translate() call, so that a failure can stop its siblings."""

    def __init__(self) -> None:
        self._procs: list[subprocess.Popen] = []
        self._cancelled = False
        self._lock = threading.Lock()

    def add(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.append(proc)
            cancelled = self._cancelled
        if cancelled:
            _kill_group(proc)

    def discard(self, proc: subprocess.Popen) -> None:
        """``proc`` is done with this batch (a kept pipeline going back to the idle ones)."""
        with self._lock:
            if proc in self._procs:
                self._procs.remove(proc)

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            procs = list(self._procs)
        for proc in procs:
            _kill_group(proc)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()


def _mode_hash(mode_path: Path) -> str:
    """Hash of the mode file and the size+mtime of every data file it names."""
    digest = hashlib.sha256()
    try:
        content = mode_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "unreadable"
    digest.update(content.encode("utf-8"))
    for match in _MODE_PATH.finditer(content):
        path = match.group(1) or match.group(2)
        try:
            st = os.stat(path)
            digest.update(f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"\0{path}\0missing".encode())
    return digest.hexdigest()[:16]


def _package_version(mode_path: Path) -> str:
    """``package=version`` of the Debian package holding the pair's data, else "local".

    The package is named after the data folder the mode reads (``.../apertium-eng-spa/...``);
    its version comes from dpkg's status file, read once (no subprocess).
    """
    try:
        content = mode_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "local"
    installed = _dpkg_versions()
    for name in sorted(set(re.findall(r"/(apertium-[a-z0-9_]+-[a-z0-9_]+)/", content))):
        if name in installed:
            return f"{name}={installed[name]}"
    return "local"


@functools.lru_cache(maxsize=1)
def _dpkg_versions(status: str = "/var/lib/dpkg/status") -> dict[str, str]:
    """Installed Debian package versions by name (empty when dpkg is not there)."""
    versions: dict[str, str] = {}
    try:
        text = Path(status).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return versions
    for stanza in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in stanza.splitlines() if ": " in line and line[0] != " "
        )
        if "installed" in fields.get("Status", "") and "Package" in fields:
            versions[fields["Package"]] = fields.get("Version", "")
    return versions
