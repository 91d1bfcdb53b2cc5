"""Extraction of sentences, quotations, names and numbers (placeholder until implemented)."""

from __future__ import annotations

from transcheck.model import Document, Extraction


def extract_document(doc: Document) -> Extraction:
    return Extraction(doc_id=doc.id)
