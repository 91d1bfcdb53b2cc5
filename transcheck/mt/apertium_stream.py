"""Long-lived Apertium pipelines: a mode's programs started once, fed batch after batch.

Starting ``apertium`` costs ~0.15 CPU s per call: its ten or so programs load their
transducers and compile their transfer rules before reading a word. An audit calls a mode
dozens of times (once per group of documents and chunk), so a mode's pipeline is started once
and kept: ``apertium-wblank-mode -z`` writes the mode's programs with null-flush (``-z``) — each
translates up to a NUL byte, writes what it has, flushes, and starts afresh — so a batch
followed by a NUL comes back followed by a NUL, translated as a fresh ``apertium`` translates it
(the same bytes; ``tests/test_mt_apertium.py`` compares them batch after batch). The text
deformatter and reformatter (``apertium-destxt``, ``apertium-retxt``) do not pass NUL through,
so they run per batch, as ``apertium -f txt`` runs them; they start in milliseconds.

A pipeline that fails, times out or is killed is dropped; the next batch starts a new one.
"""

from __future__ import annotations

import contextlib
import functools
import os
import selectors
import shutil
import subprocess
import tempfile
import threading
import time

from transcheck.mt.base import EngineError

DEFORMAT = "apertium-destxt"
REFORMAT = "apertium-retxt"
_WBLANK_MODE = "apertium-wblank-mode"
# The mode script's $1 and $2 as ``apertium -u -f txt`` passes them: unknown words unmarked
# (-n to the generator), no tagger option.
STREAM_ARGS = ("-n", "")


class StreamTimeout(EngineError):
    """A stream did not answer before its deadline (the engine turns it into EngineTimeout)."""


@functools.cache
def stream_script(mode_path: str) -> str | None:
    """The null-flush pipeline of a mode file, as ``apertium`` runs it; None if unavailable."""
    tools = [shutil.which(t) for t in (_WBLANK_MODE, DEFORMAT, REFORMAT)]
    if None in tools or utf8_ctype() is None:
        return None
    try:
        done = subprocess.run(
            [tools[0], "-z", mode_path], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    script = done.stdout.strip()
    return script if done.returncode == 0 and script else None


@functools.cache
def utf8_ctype() -> str | None:
    """The locale ``apertium`` exports as LC_CTYPE: the first UTF-8 one ``locale -a`` lists."""
    try:
        names = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return next((n for n in names if "utf8" in n.lower().replace("-", "")), None)


def stream_env(env: dict[str, str]) -> dict[str, str]:
    out = dict(env)
    ctype = utf8_ctype()
    if ctype:
        out["LC_CTYPE"] = ctype
    return out


def reformat(tool: str, data: bytes, env: dict[str, str], deadline: float) -> bytes:
    """Run the deformatter or reformatter on one batch."""
    try:
        done = subprocess.run(
            [tool],
            input=data,
            capture_output=True,
            env=env,
            timeout=max(0.01, deadline - time.monotonic()),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise StreamTimeout(f"{tool} timed out") from None
    except OSError as exc:
        raise EngineError(f"{tool} could not start: {exc}") from exc
    if done.returncode != 0:
        raise EngineError(f"{tool} exited with {done.returncode}: {last_line(done.stderr)}")
    return done.stdout


class Stream:
    """One running null-flush pipeline (its own process group)."""

    def __init__(self, script: str, args: tuple[str, ...], env: dict[str, str]) -> None:
        self.pid = os.getpid()  # a forked child must not write into its parent's pipeline
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the stream
        try:
            self.proc = subprocess.Popen(
                ["bash", "-c", script, "apertium", *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._err,
                env=env,
                start_new_session=True,
            )
        except OSError:
            self._err.close()
            raise

    def usable(self) -> bool:
        return self.pid == os.getpid() and self.proc.poll() is None

    def drop(self) -> None:
        """Let go of an unusable stream: reap it if it is this process's (it died), leave it
        alone if it is a parent's (seen from a forked child)."""
        if self.pid == os.getpid():
            self.kill()

    def run(self, data: bytes, deadline: float) -> bytes:
        """Translate one batch (NUL-free): its output, without the NUL that ends it."""
        failed: list[BaseException] = []

        def write() -> None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(data + b"\0")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError) as exc:  # the reader says why
                failed.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        out = bytearray()
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while not out.endswith(b"\0"):
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    self.kill()
                    raise StreamTimeout("timed out")
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise EngineError(self._death())
                out += chunk
        writer.join()
        if b"\0" in out[:-1]:  # more than one answer: the stream is out of step
            self.kill()
            raise EngineError("answered out of step")
        return bytes(out[:-1])

    def _death(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.wait()
        self._err.seek(0)
        return f"exited with {code}: {last_line(self._err.read())}"

    def stop(self) -> None:
        """End an idle stream as ``apertium`` ends: no more input, every program exits (and
        its CPU time is counted as this process's children's); killed if it lingers."""
        if self.pid != os.getpid():
            return
        with contextlib.suppress(OSError, ValueError):
            self.proc.stdin.close()  # type: ignore[union-attr]
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self.kill()

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, 9)
        except OSError:
            self.proc.kill()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self._err.close()


def last_line(err: bytes) -> str:
    """The last line a failed program wrote to stderr (what an error message quotes)."""
    lines = err.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no error message"
