"""The engine interface every translation backend implements.

An engine translates *batches* of passages for one language pair. Engines are cheap to
construct (no model loading, no subprocess) and load lazily on first use; they never
download anything.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


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


class Engine(ABC):
    """A translation backend (Apertium, an Argos package set, ...)."""

    name: str = "engine"

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
