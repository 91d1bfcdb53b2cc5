"""Glossaries: the agreed renderings of names, places, terms and quotations.

Localisation teams keep them as YAML files (format: ``docs/glossary.md``); the audit only ever
reads them. The rooms:

- ``model``: the records (:class:`Entry`, :class:`Form`, :class:`Problem`, ...) and the merged
  :class:`Glossary` that finds entries in text (``matching``: folding and compiled forms);
- ``load``: reading files (``yamltree``: YAML with positions; ``schema``: the file format,
  checked), every problem with file, line and column;
- ``discovery``: which glossary files an audit uses;
- ``exchange`` (TBX, CSV), ``output`` (YAML, JSON), ``suggest`` (entries from findings);
- ``cli``: ``transcheck glossary …``.

The names below are the package's public face: ``from transcheck.glossary import Glossary``.
"""

from __future__ import annotations

from transcheck.glossary.discovery import configured_glossaries, find_glossary_files
from transcheck.glossary.load import check_files, load_glossaries, load_glossary_text
from transcheck.glossary.matching import normalize
from transcheck.glossary.model import (
    ANY_LANG,
    FORMAT_VERSION,
    KINDS,
    TYPES,
    Entry,
    Form,
    Glossary,
    Hit,
    Match,
    MatchOptions,
    Problem,
)

__all__ = [
    "ANY_LANG",
    "FORMAT_VERSION",
    "KINDS",
    "TYPES",
    "Entry",
    "Form",
    "Glossary",
    "Hit",
    "Match",
    "MatchOptions",
    "Problem",
    "check_files",
    "configured_glossaries",
    "find_glossary_files",
    "load_glossaries",
    "load_glossary_text",
    "normalize",
]
