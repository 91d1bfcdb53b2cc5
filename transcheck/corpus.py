"""Loading a corpus (placeholder until implemented)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from transcheck.model import Document, FileError, Paragraph


def iter_corpus(paths: Sequence[str | Path]) -> Iterator[Document | FileError]:
    for root in paths:
        root = Path(root)
        files = sorted(root.rglob("*.txt")) if root.is_dir() else [root]
        for f in files:
            text = f.read_text(encoding="utf-8")
            doc = Document(id=f.stem, path=str(f), text=text)
            doc.paragraphs = [Paragraph(0, 0, len(text))]
            yield doc


def read_document_text(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
