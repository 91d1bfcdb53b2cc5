"""Names settled against earlier documents, kept between audits.

:class:`transcheck.analysis.NameSettler` redoes the names of a document whose probes the
lowercase words of the earlier documents of its language hold (a third of the documents of a
corpus in one language can be such). The names it finds read, of those words, only the ones
that are a word of the document (a token, lowercased, or its part before a hyphen) or, in an
inflected language, the stem of one: so the result is kept under the document's analysis key
(its content, settings and the analyser's version) and exactly those words (and stems) found
among the earlier documents' ones. Another corpus, or an edit to another document, that leaves
them as they were finds the names kept.

A row is kept under the analysis key and language alone, with those words (and stems) of the
document, the ones the earlier documents held and the names found: a re-audit takes the rows
of a whole group of documents in one query and checks each against the words seen now with
set operations, instead of splitting the document's text into words again.
"""

from __future__ import annotations

import json
from typing import Any

from transcheck.analysis import DocumentAnalysis, NameSettler
from transcheck.extract.names import name_mention, name_tokens
from transcheck.memo import Hasher
from transcheck.model import Document, NameMention


def looked_up(text: str) -> set[str]:
    """The words name finding may look up in a vocabulary for ``text``: each token
    lowercased and its part before a hyphen (a superset of what
    ``transcheck.extract.names`` reads)."""
    words = {tok.lower() for tok in set(name_tokens(text))}
    words.update([w.partition("-")[0] for w in words if "-" in w])
    return words


def stems_of(words: set[str]) -> set[str]:
    """Their stems of 4 to 6 letters (those an inflected language compares)."""
    return {w[:k] for w in words for k in (4, 5, 6) if len(w) >= k}


class KeptNameSettler(NameSettler):
    """A :class:`NameSettler` that takes redone names from the analysis cache (``store``:
    a ``transcheck.analysis_cache.AnalysisCache``) and keeps the new ones there
    (:meth:`save`). :meth:`begin` reads a group's rows at once."""

    def __init__(self, store: Any, keys: dict[str, str]) -> None:
        super().__init__()
        self.store = store
        self.keys = keys  # analysis key by document id
        self.new: dict[str, bytes] = {}
        self.rows: dict[str, bytes] = {}  # the rows of the group being settled, by row key

    def begin(self, docs: list[Document]) -> None:
        """Read the kept rows of ``docs`` (the next documents to settle, languages known)."""
        wanted = [key for key in map(self._row_key, docs) if key is not None]
        self.rows = self.store.get_settled(wanted) if wanted else {}

    def redo(
        self, doc: Document, rec: DocumentAnalysis, seen: set[str], stems: set[str] | None
    ) -> tuple[list[NameMention], tuple[str, ...]]:
        key = self._row_key(doc)
        if key is None:
            return super().redo(doc, rec, seen, stems)
        row = self.rows.get(key)
        if row is None:
            row = self.store.get_settled([key]).get(key)  # (a document begin did not see)
        if row is not None:
            try:
                words, word_stems, held, held_stems, names, protect = json.loads(row)
                if (
                    set(words).intersection(seen) == set(held)
                    and (stems is None) == (word_stems is None)
                    and (stems is None or stems.intersection(word_stems) == set(held_stems))
                ):
                    return [name_mention(a, b, t) for a, b, t in names], tuple(protect)
            except (ValueError, TypeError):  # a damaged row is a miss
                pass
        names, protect = super().redo(doc, rec, seen, stems)
        words = looked_up(doc.text)
        word_stems = None if stems is None else stems_of(words)
        value = [
            sorted(words),
            None if word_stems is None else sorted(word_stems),
            sorted(words & seen),
            None if word_stems is None else sorted(word_stems & stems),
            [[m.start, m.end, m.text] for m in names],
            list(protect),
        ]
        self.new[key] = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
        return names, protect

    def _row_key(self, doc: Document) -> str | None:
        analysis_key = self.keys.get(doc.id)
        if analysis_key is None:
            return None
        h = Hasher()
        h.add("settled-2", analysis_key, doc.lang or "")
        return h.digest.hexdigest()

    def save(self) -> None:
        if self.new:
            self.store.put_settled(dict(sorted(self.new.items())))
        self.new.clear()
