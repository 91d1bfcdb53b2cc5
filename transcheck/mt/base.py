"""The engine interface every translation backend implements.

An engine translates *batches* of passages for one language pair. Engines are cheap to
construct (no model loading, no subprocess) and load lazily on first use; they never
download anything. Engines are found by name in :data:`transcheck.mt.registry.ENGINES`; the
class methods below are what the router (``--engine``) and ``transcheck models list`` call.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar


class EngineError(Exception):
    """An engine failed (crashed, timed out, returned the wrong number of lines, bad model).

    The message says what and where; the audit records it as a notice and continues.
    """


@dataclass(frozen=True)
class Pair:
    src: str  # ISO 639-1 code
    tgt: str

    def __str__(self) -> str:
        return f"{self.src}-{self.tgt}"


@dataclass(frozen=True)
class EngineSettings:
    """What the router passes to :meth:`Engine.build`: each engine takes what it knows.

    ``options`` holds the embedder's keyword arguments (``apertium_dirs``, ``argos_dirs``,
    ``beam_size``...); an engine ignores the ones it does not use.
    """

    jobs: int = 1
    timeout: float = 120.0
    options: dict[str, Any] = field(default_factory=dict)


class Engine(ABC):
    """A translation backend (Apertium, an Argos package set, ...)."""

    name: str = "engine"
    # Whether ``--engine auto`` uses it (in the order of the registry table).
    in_auto: ClassVar[bool] = True

    @classmethod
    def available(cls) -> tuple[bool, str]:
        """Whether this engine can run here, and if not, why (one line: what to install)."""
        return True, ""

    @classmethod
    def build(cls, settings: EngineSettings) -> Engine | None:
        """The engine for ``settings``, or None when it has nothing to offer here.

        Raise :class:`EngineError` when it cannot run (the message says what to install).
        Problems that do not stop it (a broken package skipped) go in ``engine.problems``.
        """
        return cls()

    @classmethod
    def models(cls) -> tuple[list[dict[str, str]], list[str]]:
        """Rows for ``transcheck models list`` (one per installed pair) and problem lines.

        The default builds the engine with default settings and lists its pairs.
        """
        ok, _why = cls.available()
        if not ok:
            return [], []
        engine = cls.build(EngineSettings())
        if engine is None:
            return [], []
        rows = []
        for pair in engine.pairs():
            identity = engine.identity(pair)
            rows.append(
                {
                    "engine": cls.name,
                    "pair": str(pair),
                    "version": identity,
                    "identity": identity,
                    "path": "",
                    "source": "system",
                }
            )
        return rows, list(getattr(engine, "problems", None) or [])

    @abstractmethod
    def pairs(self) -> list[Pair]:
        """Language pairs this engine can translate, discovered from what is installed."""

    @abstractmethod
    def identity(self, pair: Pair) -> str:
        """A string that changes whenever the output for ``pair`` may change (version+hash).

        Used as part of the translation cache key.
        """

    @abstractmethod
    def translate(self, texts: list[str], pair: Pair) -> list[str]:
        """Translate every passage; returns exactly ``len(texts)`` strings, in order.

        Raises :class:`EngineError` on failure.
        """

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release processes or models."""
