"""Routing passages to engines (placeholder until implemented)."""

from __future__ import annotations

from dataclasses import dataclass, field

from transcheck.model import Notice


@dataclass(frozen=True)
class TranslationJob:
    src: str
    texts: tuple[str, ...]
    protect: tuple[str, ...] = ()
    doc_id: str | None = None


@dataclass
class Translator:
    pivot: str
    notices: list[Notice] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def describe_route(self, src: str) -> str | None:
        return None

    def translate_jobs(self, jobs: list[TranslationJob]) -> list[list[str] | None]:
        return [None for _ in jobs]

    def engines_info(self) -> list[dict]:
        return []

    def close(self) -> None:
        pass


def build_translator(engine: str = "auto", pivot: str = "en", **kwargs) -> Translator:
    return Translator(pivot=pivot)
