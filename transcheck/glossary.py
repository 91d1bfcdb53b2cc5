"""Glossaries: agreed renderings of names, places, terms and quotations (placeholder API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Glossary:
    entries: list = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def protected_terms(self, lang: str) -> list[str]:
        return []

    def lookup(self, text: str, lang: str | None):
        return None


def load_glossaries(paths: list[Path]) -> tuple[Glossary, list]:
    return Glossary(), []


def find_glossary_files(
    corpus_paths: list[Path], explicit: list[Path] | None = None, discover: bool = True
) -> list[Path]:
    return list(explicit or [])
