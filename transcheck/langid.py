"""Language identification (placeholder until implemented)."""

from __future__ import annotations

from transcheck.model import Document, Notice


def identify(doc: Document, detector: str = "langdetect") -> list[Notice]:
    doc.lang = doc.declared_lang or "en"
    doc.lang_confidence = 1.0
    return []
