"""The per-document stage: language, extraction and back-translation of one document.

:meth:`Analyser.analyse_documents` depends on each document alone (its decoded text,
paragraphs, declared language and id) and on the settings (pivot, language detector,
glossary terms, engines), never on the other documents of the corpus; documents are only
batched so that the engine gets large calls. Its :class:`DocumentAnalysis` records are what
the analysis cache (:mod:`transcheck.analysis_cache`) stores, under :meth:`Analyser.key`, and
what the cross-document stages (lowercase vocabulary, translation sets, alignment, rules)
start from.

Extraction has one cross-document input: words seen lowercase in earlier documents of the
same language drop sentence-initial common words from names. It is isolated here: a record's
names use the document's own words, and the record lists the words whose presence elsewhere
would change them (``probes``); :class:`NameSettler` redoes the names of the few documents
whose probes the corpus vocabulary holds (and their back-translations when that changes the
names kept from the engine).
"""

from __future__ import annotations

import hashlib
import json
import marshal
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from transcheck import langid
from transcheck.align.names import names_to_protect
from transcheck.extract import extract_document, lowercase_words
from transcheck.extract.names import find_names, vocab_changes_names, vocab_stems
from transcheck.extract.quotes import QUOTE_MARKS, STRIP_TAIL
from transcheck.model import (
    OFFSETS,
    Document,
    Extraction,
    NameMention,
    Notice,
    Paragraph,
    shared_float,
    span_lists,
    span_values,
)

# Files whose code decides a record: a change to any of them is a new analyser version.
_ANALYSER_FILES = (
    "analysis.py",
    "langid.py",
    "model.py",
    "textnorm.py",
    "gazetteer.py",
    "extract/*.py",
    "mt/*.py",
    "align/names.py",
)


@lru_cache(maxsize=1)
def analyser_version() -> str:
    """A hash of the analysers' source files and detector version (computed once)."""
    from transcheck.fingerprint import fingerprint

    root = Path(__file__).resolve().parent
    files = [path for pattern in _ANALYSER_FILES for path in sorted(root.glob(pattern))]
    return fingerprint(root, files, ["langdetect"])[:16]


@dataclass
class DocumentAnalysis:
    """What the per-document stage found in one document (spans into its text)."""

    doc_id: str
    lang: str | None
    lang_confidence: float
    paragraphs: list[Paragraph]
    notices: list[Notice]
    extraction: Extraction  # names from the document's own lowercase words; pivot renderings
    lowercase: frozenset[str]  # words the document writes in lowercase
    probes: frozenset[str]  # words that would change the names if seen lowercase elsewhere
    protect: tuple[str, ...]  # names kept from the engine
    route_key: str = ""  # engines and glossary terms the back-translations depend on
    translated_by: str | None = None
    # keys of the (protected) passages sent to the engine, for the report's counts
    passages: tuple[str, ...] = ()
    # Every other sentence, once the document joined a translation set (None: not done):
    # renderings (also in ``extraction.pivot`` while in use), passage keys, route.
    late_pivot: dict[tuple[int, int], str] | None = None
    late_passages: tuple[str, ...] = ()
    late_translated_by: str | None = None
    complete: bool = True  # False when a translation failed (such a record is not cached)
    released: bool = False  # see release()

    def apply(self, doc: Document) -> Extraction:
        """Set the detected language on ``doc``; its extraction (owned by the caller)."""
        doc.lang = self.lang
        doc.lang_confidence = self.lang_confidence
        doc.paragraphs = list(self.paragraphs)
        doc.translated_by = self.translated_by
        return self.extraction

    def apply_late(self, doc: Document) -> None:
        """Add the renderings of every other sentence (a document of a translation set)."""
        if self.late_pivot:
            self.extraction.pivot.update(self.late_pivot)
        doc.translated_by = self.late_translated_by or doc.translated_by

    def release(self) -> None:
        """Drop what only the per-document and name steps need (memory of big corpora)."""
        self.lowercase = self.probes = frozenset()
        self.paragraphs = []  # (the document's own list holds them)
        self.passages = ()
        self.notices = []
        self.released = True

    # ------------------------------------------------------------------ storage

    # Records are stored as ``marshal`` data (lists, strings, numbers, None): read back
    # ten times faster than the same values as JSON (a re-audit reads every record), floats
    # exactly. The analyser version (this file's hash) keys them, so a record is only read
    # by the code that wrote it; a row that does not read is a miss.

    def late_to_bytes(self) -> bytes:
        """The every-sentence pass alone (stored apart from the record)."""
        return marshal.dumps(self._late_values())

    def _late_values(self) -> list:
        assert self.late_pivot is not None
        return [
            [[a, b, t] for (a, b), t in self.late_pivot.items()],
            list(self.late_passages),
            self.late_translated_by,
        ]

    def set_late(self, blob: bytes) -> None:
        self._set_late_values(marshal.loads(blob))

    def _set_late_values(self, values: list) -> None:
        pivot, passages, self.late_translated_by = values
        self.late_pivot = {(a, b): t for a, b, t in pivot}
        self.late_passages = tuple(passages)

    def to_bytes(self) -> bytes:
        assert not self.released, "a released record is not the document's whole analysis"
        ext = self.extraction
        late = self.late_pivot or {}
        data = {
            "lang": self.lang,
            "conf": self.lang_confidence,
            "paragraphs": [
                [p.index, p.start, p.end, p.lang, p.lang_confidence] for p in self.paragraphs
            ],
            "notices": [[n.code, n.message, n.lang, n.doc] for n in self.notices],
            "spans": span_values(ext),
            "pivot": [[a, b, t] for (a, b), t in ext.pivot.items() if (a, b) not in late],
            "lowercase": sorted(self.lowercase),
            "probes": sorted(self.probes),
            "protect": list(self.protect),
            "route_key": self.route_key,
            "translated_by": self.translated_by,
            "passages": list(self.passages),
            "late": None if self.late_pivot is None else self._late_values(),
        }
        return marshal.dumps(data)

    @classmethod
    def from_bytes(cls, doc_id: str, blob: bytes) -> DocumentAnalysis:
        d = marshal.loads(blob)
        # (shared as extraction makes them: see model.offset)
        at, shared = OFFSETS.get, shared_float
        sentences, quotes, names, numbers = span_lists(d["spans"])
        ext = Extraction(
            doc_id=doc_id,
            sentences=sentences,
            quotes=quotes,
            names=names,
            numbers=numbers,
            pivot={(at(a, a), at(b, b)): t for a, b, t in d["pivot"]},
        )
        record = cls(
            doc_id=doc_id,
            lang=d["lang"],
            lang_confidence=d["conf"],
            paragraphs=[
                Paragraph(i, at(a, a), at(b, b), lang, shared(conf))
                for i, a, b, lang, conf in d["paragraphs"]
            ],
            notices=[Notice(*n) for n in d["notices"]],
            extraction=ext,
            lowercase=frozenset(d["lowercase"]),
            probes=frozenset(d["probes"]),
            protect=tuple(d["protect"]),
            route_key=d["route_key"],
            translated_by=d["translated_by"],
            passages=tuple(d["passages"]),
        )
        if d["late"] is not None:
            record._set_late_values(d["late"])
        return record


@dataclass
class Analyser:
    """The settings of the per-document stage, and its per-language memos.

    ``translator`` is a :class:`transcheck.mt.router.Translator` (None: nothing translated);
    ``glossary`` a :class:`transcheck.glossary.Glossary` (its terms are kept from the engine).
    """

    pivot: str
    lang_detector: str = "langdetect"
    glossary: object | None = None
    translator: object | None = None
    _terms: dict = field(default_factory=dict, repr=False)
    _route_keys: dict = field(default_factory=dict, repr=False)

    def key(self, doc: Document) -> str:
        """The cache key of ``doc``'s analysis: its own content and what the stage reads."""
        digest = hashlib.sha256()
        paragraphs = [(p.index, p.start, p.end, p.lang, p.lang_confidence) for p in doc.paragraphs]
        for part in (
            analyser_version(),
            self.pivot,
            self.lang_detector,
            doc.id,
            doc.declared_lang or "",
            repr(paragraphs),
            doc.text,
        ):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def route_key(self, lang: str | None) -> str:
        """What a back-translation from ``lang`` depends on: the engines of its route (name,
        version, data hash) and the glossary terms kept from them."""
        if not lang or lang == self.pivot or self.translator is None:
            return ""
        if lang not in self._route_keys:
            try:
                chain = self.translator.route(lang)
                hops = (
                    "none" if chain is None else "|".join(h.engine.identity(h.pair) for h in chain)
                )
            except Exception as exc:  # a broken engine: its records are never reused
                hops = f"error {exc!r}"
            terms, renderings = self._glossary_terms(lang)
            blob = json.dumps([hops, sorted(terms), list(renderings)], ensure_ascii=False)
            self._route_keys[lang] = hashlib.sha256(blob.encode()).hexdigest()[:16]
        return self._route_keys[lang]

    def _glossary_terms(self, lang: str) -> tuple[set[str], tuple[tuple[str, str], ...]]:
        if lang not in self._terms:
            if self.glossary is None:
                self._terms[lang] = (set(), ())
            else:
                self._terms[lang] = (
                    set(self.glossary.protected_terms(lang)),
                    # glossary terms come back in their canonical pivot rendering
                    tuple(self.glossary.protection_map(lang, self.pivot).items()),
                )
        return self._terms[lang]

    # ------------------------------------------------------------------ the stage

    def analyse_document(self, doc: Document) -> DocumentAnalysis:
        """Language, extraction and back-translations of one document (sets ``doc.lang``)."""
        return self.analyse_documents([doc])[0]

    def analyse_documents(self, docs: Sequence[Document]) -> list[DocumentAnalysis]:
        """:meth:`analyse_document` for each document; translations in one engine run."""
        records = self.detect_and_extract(docs)
        self.translate(list(zip(docs, records, strict=True)))
        return records

    def detect_and_extract(self, docs: Sequence[Document]) -> list[DocumentAnalysis]:
        """Language (the documents' paragraphs detected together) and extraction."""
        found = langid.identify_many(docs, self.lang_detector)
        return [self._extract(doc, notices) for doc, notices in zip(docs, found, strict=True)]

    def _extract(self, doc: Document, notices: list[Notice]) -> DocumentAnalysis:
        probes: set[str] = set()
        own = lowercase_words(doc.text)
        ext = extract_document(doc, None, probes, own)
        return DocumentAnalysis(
            doc_id=doc.id,
            lang=doc.lang,
            lang_confidence=doc.lang_confidence,
            paragraphs=list(doc.paragraphs),
            notices=notices,
            extraction=ext,
            lowercase=frozenset(own),
            probes=frozenset(probes - own),
            protect=tuple(sorted(names_to_protect(doc.text, ext.names, own))),
            route_key=self.route_key(doc.lang),
        )

    def translate(
        self, items: list[tuple[Document, DocumentAnalysis]], every_sentence: bool = False
    ) -> None:
        """Back-translate the passages of several documents in one engine run.

        ``every_sentence``: every sentence not yet translated (a document of a translation
        set: alignment and the meaning check read them); otherwise quotes and sentences
        holding a figure or a quote. Records the keys of the passages sent, for the counts."""
        self.run_prepared(self.prepare(items, every_sentence))

    def prepare(
        self, items: list[tuple[Document, DocumentAnalysis]], every_sentence: bool = False
    ) -> PreparedRun | None:
        """The first half of :meth:`translate`, which reads no translation: the passages
        of each document, protected as the engine will get them (None: nothing to send).
        ``LocalRunner`` runs it with extraction, so that the engine's thread only feeds
        the engine."""
        translator = self.translator
        run = PreparedRun(every_sentence)
        for doc, rec in items:
            keys: tuple[str, ...] = ()
            spans: list[tuple[int, int]] = []
            if (
                translator is not None
                and doc.lang
                and doc.lang != self.pivot
                and translator.describe_route(doc.lang) is not None
            ):
                spans = passages_to_translate(rec.extraction, every_sentence)
            inside = quotes_inside_sentences(doc.text, rec.extraction, spans)
            if inside:  # read from their sentence's rendering (see read_quotes)
                spans = [span for span in spans if span not in inside]
                run.inside.append((doc, rec, inside))
            if spans:
                keys = self._add_job(run, doc, rec, spans)
            if every_sentence:
                rec.late_passages = keys
                rec.late_pivot = {}
            else:
                rec.passages = keys
        return run if run.jobs else None

    def _add_job(
        self, run: PreparedRun, doc: Document, rec: DocumentAnalysis, spans: list
    ) -> tuple[str, ...]:
        """Add the job of ``spans`` of one document to ``run``; the keys of its passages."""
        from transcheck.mt.langcodes import normalize
        from transcheck.mt.router import TranslationJob, protect_job

        assert self.translator is not None
        assert doc.lang
        glossary_terms, renderings = self._glossary_terms(doc.lang)
        job = TranslationJob(
            src=doc.lang,
            texts=tuple(" ".join(doc.text[a:b].split()) for a, b in spans),
            protect=tuple(sorted(set(rec.protect) | glossary_terms)),
            doc_id=doc.id,
            renderings=renderings,
        )
        shielded = protect_job(job, run.compiled)
        run.jobs.append(job)
        run.protected.append(shielded)
        run.owners.append((doc, rec, spans, self.translator.describe_route(doc.lang)))
        # the key the translator counts unique passages by: (language, text sent)
        src = normalize(job.src)
        return tuple(_passage_key(src, p.text) for p in shielded)

    def run_prepared(self, run: PreparedRun | None) -> None:
        """The second half of :meth:`translate`: the engine run, renderings into the records."""
        if run is None:
            return
        translator = self.translator
        assert translator is not None
        self._apply(run, translator.translate_jobs(run.jobs, run.protected))
        # quotations whose marks did not come through their sentence's rendering as they
        # went in are translated alone, in one more engine run
        again = PreparedRun(run.every_sentence)
        for doc, rec, inside in run.inside:
            alone = read_quotes(doc.text, rec.extraction, inside)
            if alone:
                keys = self._add_job(again, doc, rec, alone)
                if run.every_sentence:
                    rec.late_passages += keys
                else:
                    rec.passages += keys
        if again.jobs:
            self._apply(again, translator.translate_jobs(again.jobs, again.protected))

    def _apply(self, run: PreparedRun, results: list) -> None:
        translator = self.translator
        assert translator is not None
        for (doc, rec, spans, route), out in zip(run.owners, results, strict=True):
            if out is None:
                rec.complete = False
                continue
            rendered = dict(zip(spans, out, strict=True))
            rec.extraction.pivot.update(rendered)
            used = translator.routes_used.get(doc.id) or route
            if used != route:
                rec.complete = False  # routed around a failed engine: not kept
            route = used
            if run.every_sentence:
                assert rec.late_pivot is not None
                rec.late_pivot.update(rendered)
                doc.translated_by = rec.late_translated_by = route
            else:
                doc.translated_by = rec.translated_by = route


@dataclass
class PreparedRun:
    """What :meth:`Analyser.prepare` leaves for the engine run: one job per document with
    its protected passages, and where the renderings go."""

    every_sentence: bool
    jobs: list = field(default_factory=list)
    protected: list[list] = field(default_factory=list)
    owners: list[tuple] = field(default_factory=list)
    # (document, record, {quotation span: its sentence's span}): read from the sentence
    inside: list[tuple] = field(default_factory=list)
    compiled: dict[tuple, tuple] = field(default_factory=dict)  # protection patterns


def _marks(text: str) -> list[tuple[int, str]]:
    """(position, mark) of each quotation mark of ``text`` that is not an apostrophe (a
    mark between two letters or digits)."""
    last = len(text) - 1
    return [
        (i, ch)
        for i, ch in enumerate(text)
        if ch in QUOTE_MARKS
        and not (0 < i < last and text[i - 1].isalnum() and text[i + 1].isalnum())
    ]


def quotes_inside_sentences(
    text: str, ext: Extraction, spans: list[tuple[int, int]]
) -> dict[tuple[int, int], tuple[tuple[int, int], int, int]]:
    """The quotations among ``spans`` that lie, with both their marks, inside a sentence
    among ``spans`` too: {quotation span: (sentence span, opening mark, closing mark)}.
    Their rendering is read from the sentence's (:func:`read_quotes`): translated in their
    context, and their words not translated twice (an eighth of the text of news)."""
    wanted = set(spans)
    sentences = sorted((s.start, s.end) for s in ext.sentences if (s.start, s.end) in wanted)
    if not sentences:
        return {}
    starts = [a for a, _ in sentences]
    out: dict[tuple[int, int], tuple[tuple[int, int], int, int]] = {}
    for q in ext.quotes:
        span = (q.start, q.end)
        if span not in wanted or not q.close_mark or span in out:
            continue
        opened = _mark_before(text, q.start, q.open_mark)
        closed = _mark_after(text, q.end, q.close_mark)
        if opened is None or closed is None:
            continue
        i = bisect_left(starts, opened + 1) - 1
        if i >= 0 and sentences[i][1] > closed and span != sentences[i]:
            out[span] = (sentences[i], opened, closed)
    return out


def _mark_before(text: str, pos: int, mark: str) -> int | None:
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i if i >= 0 and text[i] == mark else None


def _mark_after(text: str, pos: int, mark: str) -> int | None:
    i = pos
    while i < len(text) and text[i] in STRIP_TAIL:
        i += 1
    return i if i < len(text) and text[i] == mark else None


def read_quotes(
    text: str, ext: Extraction, inside: dict[tuple[int, int], tuple[tuple[int, int], int, int]]
) -> list[tuple[int, int]]:
    """Set the rendering of each quotation of ``inside`` from its sentence's rendering: the
    words between its marks, when the rendering has the sentence's marks in the same
    order. Returns the quotations left without one (to be translated alone)."""
    left = []
    for span, ((sa, sb), opened, closed) in sorted(inside.items()):
        rendering = ext.pivot.get((sa, sb))
        got = ""
        if rendering is not None:
            source = _marks(text[sa:sb])
            target = _marks(rendering)
            if [m for _, m in source] == [m for _, m in target]:
                where = [p + sa for p, _ in source]
                if opened in where and closed in where:
                    o, c = where.index(opened), where.index(closed)
                    got = rendering[target[o][0] + 1 : target[c][0]].strip(STRIP_TAIL)
        if got:
            ext.pivot[span] = got
        else:
            left.append(span)
    return left


def _passage_key(src: str, text: str) -> str:
    return hashlib.sha1(f"{src}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def passages_to_translate(ext: Extraction, every_sentence: bool = False) -> list[tuple[int, int]]:
    """Spans whose pivot rendering the rules need: quotes, and sentences with numbers or quotes
    (every sentence of a document that belongs to a translation set: alignment and the
    meaning check read them), less those already translated."""
    spans: set[tuple[int, int]] = {(q.start, q.end) for q in ext.quotes}
    if every_sentence:
        spans.update((s.start, s.end) for s in ext.sentences)
    else:
        anchors = sorted([n.start for n in ext.numbers] + [q.start for q in ext.quotes])
        for s in ext.sentences:  # kept when an anchor starts inside it (bisection)
            i = bisect_left(anchors, s.start)
            if i < len(anchors) and anchors[i] < s.end:
                spans.add((s.start, s.end))
    return sorted(spans - ext.pivot.keys())


class NameSettler:
    """The cross-document step of extraction, fed the records in corpus order.

    A document's names count as common words the lowercase words of the earlier documents
    of its language. A record whose probes that vocabulary holds gets its names redone (in
    place); when that changes the names kept from the engine, its back-translations are
    dropped and :meth:`settle` returns True: they must be redone (:meth:`Analyser.translate`).
    """

    def __init__(self) -> None:
        self._vocab: dict[str, set[str]] = {}
        self._stems: dict[str, set[str] | None] = {}

    def begin(self, docs: list[Document]) -> None:
        """``docs`` are the next documents to settle, in order (a hook for
        ``transcheck.settled.KeptNameSettler``, which reads their kept rows at once)."""

    def settle(self, doc: Document, rec: DocumentAnalysis) -> bool:
        lang = doc.lang or "und"
        seen = self._vocab.setdefault(lang, set())
        if lang not in self._stems:
            self._stems[lang] = vocab_stems(doc.lang, ())
        stems = self._stems[lang]
        changed = False
        if rec.probes and vocab_changes_names(rec.probes, seen, stems):
            ext = rec.extraction
            ext.names, protect = self.redo(doc, rec, seen, stems)
            if protect != rec.protect:
                rec.protect = protect
                rec.complete = False  # not the record of the document alone any more
                ext.pivot.clear()  # rendered with other names kept from the engine
                rec.late_pivot = None
                doc.translated_by = rec.translated_by = None
                changed = True
        new = rec.lowercase - seen
        seen.update(new)
        if stems is not None:
            stems.update(vocab_stems(doc.lang, new) or ())
        return changed

    def redo(
        self, doc: Document, rec: DocumentAnalysis, seen: set[str], stems: set[str] | None
    ) -> tuple[list[NameMention], tuple[str, ...]]:
        """The names of ``doc`` with ``seen`` (the lowercase words of the earlier documents
        of its language; ``stems``: theirs) as common words, and the names kept from the
        engine."""
        names = find_names(doc.text, doc.lang, rec.extraction.sentences, seen | rec.lowercase)
        return names, tuple(sorted(names_to_protect(doc.text, names, set(rec.lowercase))))

    def save(self) -> None:
        """Keep what was settled for the next audit: nothing here (see
        ``transcheck.settled.KeptNameSettler``)."""


def settle_names(
    ordered: Iterable[tuple[Document, DocumentAnalysis]],
) -> list[tuple[Document, DocumentAnalysis]]:
    """:class:`NameSettler` over records in corpus order; the documents to translate again."""
    settler = NameSettler()
    return [(doc, rec) for doc, rec in ordered if settler.settle(doc, rec)]


def count_passages(
    groups: Iterable[Iterable[tuple[str, ...]]],
) -> tuple[int, int]:
    """(passages, unique passages) as the translator counts them: unique within each engine
    run (a group of documents), summed over the runs."""
    passages = unique = 0
    for group in groups:
        seen: set[str] = set()
        for keys in group:
            passages += len(keys)
            seen.update(keys)
        unique += len(seen)
    return passages, unique
