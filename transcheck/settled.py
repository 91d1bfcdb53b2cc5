"""Names settled against earlier documents, kept between audits.

:class:`transcheck.analysis.NameSettler` redoes the names of a document whose probes the
lowercase words of the earlier documents of its language hold (a third of the documents of a
corpus in one language can be such). The names it finds read, of those words, only the ones
that are a word of the document (a token, lowercased, or its part before a hyphen) or, in an
inflected language, the stem of one: so the result is kept under the document's analysis key
(its content, settings and the analyser's version) and exactly those words (and stems) found
among the earlier documents' ones. Another corpus, or an edit to another document, that leaves
them as they were finds the names kept.
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
    (:meth:`save`)."""

    def __init__(self, store: Any, keys: dict[str, str]) -> None:
        super().__init__()
        self.store = store
        self.keys = keys  # analysis key by document id
        self.new: dict[str, bytes] = {}

    def redo(
        self, doc: Document, rec: DocumentAnalysis, seen: set[str], stems: set[str] | None
    ) -> tuple[list[NameMention], tuple[str, ...]]:
        key = self._key(doc, rec, seen, stems)
        if key is not None:
            kept = self.store.get_settled([key]).get(key)
            if kept is not None:
                try:
                    names, protect = json.loads(kept)
                    return [name_mention(a, b, t) for a, b, t in names], tuple(protect)
                except (ValueError, TypeError):  # a damaged row is a miss
                    pass
        names, protect = super().redo(doc, rec, seen, stems)
        if key is not None:
            value = [[[m.start, m.end, m.text] for m in names], list(protect)]
            self.new[key] = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
        return names, protect

    def _key(
        self, doc: Document, rec: DocumentAnalysis, seen: set[str], stems: set[str] | None
    ) -> str | None:
        analysis_key = self.keys.get(doc.id)
        if analysis_key is None:
            return None
        words = looked_up(doc.text)
        h = Hasher()
        h.add(
            "settled",
            analysis_key,
            doc.lang or "",
            "\n".join(sorted(words & seen)),
            "-" if stems is None else "\n".join(sorted(stems_of(words) & stems)),
        )
        return h.digest.hexdigest()

    def save(self) -> None:
        if self.new:
            self.store.put_settled(dict(sorted(self.new.items())))
        self.new.clear()
