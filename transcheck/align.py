"""Cross-document alignment (placeholder until implemented)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Alignment:
    quote_clusters: list = field(default_factory=list)
    entity_clusters: list = field(default_factory=list)
    number_facts: list = field(default_factory=list)


def align(ctx) -> Alignment:
    return Alignment()
