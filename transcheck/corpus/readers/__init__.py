"""The reader table: one reader per file suffix, imported only when a file needs it.

A reader turns one file's bytes into a :class:`Read`: its documents and the segment pairs
the file itself gives (bilingual files: XLIFF, PO, TMX), or none (articles). Each entry
of :data:`READERS` maps a suffix to ``"module:function"``; adding an input format is one
module plus one line here (plus its tests). A reader raises
:class:`transcheck.corpus.decode.NotText` with a one-line reason for a file it cannot read.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from transcheck.model import BilingualUnit, Document

READERS: dict[str, str] = {
    ".txt": "transcheck.corpus.readers.text:read_text",
    ".md": "transcheck.corpus.readers.markdown:read_markdown",
    ".markdown": "transcheck.corpus.readers.markdown:read_markdown",
    ".html": "transcheck.corpus.readers.html:read_html",
    ".htm": "transcheck.corpus.readers.html:read_html",
    ".xlf": "transcheck.corpus.readers.bilingual:read_bilingual",
    ".xliff": "transcheck.corpus.readers.bilingual:read_bilingual",
    ".po": "transcheck.corpus.readers.bilingual:read_bilingual",
    ".pot": "transcheck.corpus.readers.bilingual:read_bilingual",
    ".tmx": "transcheck.corpus.readers.bilingual:read_bilingual",
}
# A file named on the command line with a suffix no reader claims is read as plain text.
DEFAULT_READER = ".txt"


@dataclass(frozen=True)
class Source:
    """One file to read: its bytes, where it is, and the ids its documents take."""

    path: str  # as found on disk
    shown: str  # as shown to users (Document.path, messages)
    data: bytes
    doc_id: str  # relative path without suffix ("news/story_es"): an article's id
    file_id: str  # relative path with suffix ("l10n/app.xlf"): a bilingual file's ids start so

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.path)[1].lower()


@dataclass(frozen=True)
class Read:
    """What a reader found in one file."""

    documents: tuple[Document, ...]
    # The pairs the file gives (source text, target text, unit id, line), every language.
    pairs: tuple[BilingualUnit, ...] = ()


Reader = Callable[[Source], Read]


def supported_suffixes() -> frozenset[str]:
    return frozenset(READERS)


def is_supported(name: str) -> bool:
    """Whether a file of this name is read when found in a corpus folder."""
    return os.path.splitext(name)[1].lower() in READERS


def reader_for(path: str) -> Reader:
    """The reader for ``path`` by its suffix (plain text when no reader claims it)."""
    suffix = os.path.splitext(path)[1].lower()
    module_name, _, attribute = READERS.get(suffix, READERS[DEFAULT_READER]).partition(":")
    return getattr(importlib.import_module(module_name), attribute)
