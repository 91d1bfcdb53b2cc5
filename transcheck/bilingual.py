"""The pairs of bilingual files (XLIFF, PO, TMX) in the pipeline: given links, unit names.

Reading them is :mod:`transcheck.corpus.readers.bilingual`; their rules are
:mod:`transcheck.rules.bilingual`. Here: the file's own unit pairs used instead of a
sentence alignment (:func:`given_links`), and findings that name their unit
(:func:`with_units`).
"""

from __future__ import annotations

from dataclasses import replace

from transcheck.model import Document, Extraction, Finding, Link


def given_links(
    src_doc: Document, src_ext: Extraction, tgt_doc: Document, tgt_ext: Extraction
) -> list[Link]:
    """The file's own pairs: the sentences of unit X's source and target paragraphs, linked."""
    src_by_unit = _sentences_by_unit(src_doc, src_ext)
    tgt_by_unit = _sentences_by_unit(tgt_doc, tgt_ext)
    links = []
    for unit, tgt in tgt_by_unit.items():
        src = src_by_unit.get(unit)
        if src and tgt:
            links.append(Link(tuple(src), tuple(tgt), 1.0))
    return sorted(links, key=lambda k: k.src)


def _sentences_by_unit(doc: Document, ext: Extraction) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, s in enumerate(ext.sentences):
        segment = doc.segment_at(s.start)
        if segment is not None:
            out.setdefault(segment.unit, []).append(i)
    return out


def with_units(findings: list[Finding], documents: dict[str, Document]) -> list[Finding]:
    """Findings whose occurrences in bilingual documents name their unit."""
    out = []
    for f in findings:
        occurrences = []
        for o in f.occurrences:
            doc = documents.get(o.doc)
            segment = doc.segment_at(o.start) if doc is not None and o.unit is None else None
            occurrences.append(replace(o, unit=segment.unit) if segment else o)
        out.append(replace(f, occurrences=tuple(occurrences)) if occurrences else f)
    return out
