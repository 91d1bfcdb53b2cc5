"""The records passed between stages.

Data flows one way: corpus -> langid -> extract -> translate -> align -> rules -> report.
Every span is a pair of code-point offsets ``[start, end)`` into ``Document.text`` (the
decoded, text-extracted document), so ``doc.text[start:end]`` is always the span as written.
"""

from __future__ import annotations

import bisect
import sys
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

# Offsets repeat from one document to the next (most articles have a character 1,234), but
# CPython shares int objects only up to 256: the spans of every record share one int per
# offset below SHARED_OFFSETS instead of 28 bytes for each span end (some 2 million ends at
# 10,000 articles). Texts longer than that simply keep their own ints beyond it.
SHARED_OFFSETS = 1 << 15
# n -> the shared int n; ``OFFSETS.get(n, n)`` is :func:`offset` without a Python call (for
# the loop that reads records back)
OFFSETS: dict[int, int] = {n: n for n in range(SHARED_OFFSETS)}


def offset(n: int) -> int:
    """``n`` itself, as the one shared int object when it is below SHARED_OFFSETS."""
    return OFFSETS.get(n, n)


# Values repeat too: 48,735 figures of 1,000 generated articles hold 3,975 values, and
# 14,330 paragraphs 50 language confidences. Each float is its own 24-byte object: the
# records share one per value (up to SHARED_FLOATS values in a process).
SHARED_FLOATS = 1 << 20
# x -> the shared float x (see :func:`shared_float`)
FLOATS: dict[float, float] = {}


def shared_float(x: float) -> float:
    """``x`` itself, as the one shared float object of its value (0.0 and -0.0 are equal
    keys, and NaN equals nothing: those stay as they are)."""
    if type(x) is not float:
        return x  # (an int is not a float of the same value to JSON)
    got = FLOATS.get(x)
    if got is not None:
        return got
    if x and x == x and len(FLOATS) < SHARED_FLOATS:
        FLOATS[x] = x
    return x


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text separated by blank lines (or a block element in HTML)."""

    index: int
    start: int
    end: int
    lang: str | None = None
    lang_confidence: float = 0.0


@dataclass
class Document:
    """One article, decoded and reduced to plain text."""

    id: str  # stable id: path relative to the corpus root, without extension, '/'-separated
    path: str  # path as shown to users (relative to the working directory when possible)
    text: str
    encoding: str = "utf-8"
    declared_lang: str | None = None  # from file-name suffix (story.es.txt) or front matter
    lang: str | None = None  # detected (or declared when detection is unsure); ISO 639-1
    lang_confidence: float = 0.0
    paragraphs: list[Paragraph] = field(default_factory=list)
    translated_by: str | None = None  # e.g. "apertium:fr-es>apertium:es-en"
    translation_of: str | None = None  # front matter: id (or file name) of the source document
    declared_source: bool = False  # front matter ``source: true``
    # a side of a bilingual file (XLIFF, PO, TMX): paragraph i is the unit segments[i]
    segments: list[Segment] | None = None
    # the source side of a bilingual file: every unit of every language, translated or not
    units: list[BilingualUnit] | None = None
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def line_of(self, offset: int) -> int:
        """1-based line number of a code-point offset (in a bilingual file: its unit's line)."""
        if self.segments:
            segment = self.segment_at(offset)
            return segment.line if segment else 1
        if self._line_starts is None:
            starts = [0]
            at = self.text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = self.text.find("\n", at + 1)
            self._line_starts = starts
        return bisect.bisect_right(self._line_starts, offset)

    def segment_at(self, offset: int) -> Segment | None:
        """The bilingual unit whose paragraph holds ``offset`` (None outside bilingual files)."""
        if not self.segments or not self.paragraphs:
            return None
        starts = [p.start for p in self.paragraphs]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.segments[i] if i < len(self.segments) else None


@dataclass(frozen=True)
class Segment:
    """One unit of a bilingual file as a paragraph of one side's document."""

    unit: str  # the unit's id in the file
    line: int  # the unit's line in the file (0 when unknown)


@dataclass(frozen=True)
class BilingualUnit:
    """One unit (segment pair) of a bilingual file, for one target language."""

    id: str
    line: int
    source: str
    target: str
    state: str  # "translated" | "untranslated" | "fuzzy"
    note: str = ""
    lang: str | None = None  # the target language
    context: str = ""  # PO msgctxt: units in different contexts may translate differently


@dataclass(frozen=True)
class FileError:
    """A file that could not be audited, with a reason a user can act on."""

    path: str
    error: str


@dataclass(frozen=True)
class Notice:
    """Something the user should know that is not a finding (e.g. no engine for a language)."""

    code: str  # e.g. "no-engine", "mixed-language", "engine-failed"
    message: str
    lang: str | None = None
    doc: str | None = None


# ---------------------------------------------------------------- extraction records


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` delimit the quoted words, without the marks."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    open_mark: str = '"'
    close_mark: str = '"'


@dataclass(frozen=True, slots=True)
class NameMention:
    """A capitalised multi-part name (person, place or organisation, not told apart here)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A numeral or written-out number with its parsed value."""

    start: int
    end: int
    text: str
    value: float
    kind: str = "count"  # count | percent | decimal | year | time | ordinal
    qualifier: str | None = None  # "approx" | "over" | "under" | None


@dataclass
class Extraction:
    """Everything extracted from one document (original language)."""

    doc_id: str
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    # pivot-language renderings keyed by (start, end) of a sentence or quote span;
    # empty when the document is already in the pivot language.
    pivot: dict[tuple[int, int], str] = field(default_factory=dict)


# The span lists of an extraction as plain values (lists, strings, numbers, None: what
# ``marshal`` stores), and back with offsets and floats shared and the texts of names,
# figures and quotation marks interned, as extraction makes them: the analysis record
# (``transcheck.analysis``) and the lists waiting on disk (``transcheck.textspill``).


def span_values(ext: Extraction) -> list:
    """``ext``'s sentences, quotations, names and figures as plain values."""
    return [
        [[s.start, s.end] for s in ext.sentences],
        [[q.start, q.end, q.text, q.speaker, q.open_mark, q.close_mark] for q in ext.quotes],
        [[m.start, m.end, m.text] for m in ext.names],
        [[n.start, n.end, n.text, n.value, n.kind, n.qualifier] for n in ext.numbers],
    ]


def span_lists(
    values: list,
) -> tuple[list[Sentence], list[Quote], list[NameMention], list[NumberMention]]:
    """The lists :func:`span_values` gave the values of."""
    sentences, quotes, names, numbers = values
    at, intern, shared = OFFSETS.get, sys.intern, shared_float
    return (
        [Sentence(at(a, a), at(b, b)) for a, b in sentences],
        [
            Quote(at(a, a), at(b, b), t, who and intern(who), intern(opens), intern(closes))
            for a, b, t, who, opens, closes in quotes
        ],
        [NameMention(at(a, a), at(b, b), intern(t)) for a, b, t in names],
        [
            NumberMention(at(a, a), at(b, b), intern(t), shared(v), intern(k), q)
            for a, b, t, v, k, q in numbers
        ],
    )


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Occurrence:
    doc: str
    lang: str | None
    text: str
    start: int
    end: int
    line: int
    pivot_text: str | None = None
    context: str = ""
    role: str | None = None  # "source" / "target" in a finding about one aligned pair
    unit: str | None = None  # the unit id when the document is a side of a bilingual file

    def to_dict(self) -> dict[str, Any]:
        out = {
            "doc": self.doc,
            "lang": self.lang,
            "text": self.text,
            "pivot_text": self.pivot_text,
            "context": self.context,
            "start": self.start,
            "end": self.end,
            "line": self.line,
        }
        if self.role:
            out["role"] = self.role
        if self.unit:
            out["unit"] = self.unit
        return out


@dataclass(frozen=True)
class GlossaryRef:
    file: str
    entry: str
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "entry": self.entry}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class PairRef:
    """Which aligned sentence pair of a translation set a finding is about."""

    set: str
    source_doc: str
    target_doc: str
    source_line: int
    target_line: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.set,
            "source_doc": self.source_doc,
            "target_doc": self.target_doc,
            "source_line": self.source_line,
            "target_line": self.target_line,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class Finding:
    """One result of one rule. Immutable; the report sorts and serialises these."""

    rule: str
    severity: str
    key: str  # stable identity of what is compared, e.g. "q:give-the-order", "n:tokayev"
    message: str
    occurrences: tuple[Occurrence, ...]
    glossary: GlossaryRef | None = None
    evidence: tuple[tuple[str, Any], ...] = ()
    pair: PairRef | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")

    @property
    def id(self) -> str:
        import hashlib

        digest = hashlib.sha1(f"{self.rule}\0{self.key}".encode()).hexdigest()[:8]
        return f"{self.rule}:{digest}"

    def sort_key(self) -> tuple:
        """A total order: findings kept from an earlier run (the memo) and fresh ones sort the
        same whichever list they came from."""
        return (
            SEVERITY_RANK[self.severity],
            self.rule,
            self.key,
            self.message,
            tuple((o.doc, o.start, o.end, o.role or "") for o in self.occurrences),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity,
            "key": self.key,
            "message": self.message,
            "occurrences": [
                o.to_dict()
                for o in sorted(self.occurrences, key=lambda o: (o.doc, o.start, o.end, o.text))
            ],
            "evidence": dict(self.evidence),
        }
        if self.glossary is not None:
            out["glossary"] = self.glossary.to_dict()
        if self.pair is not None:
            out["pair"] = self.pair.to_dict()
        return out


# ---------------------------------------------------------------- translation sets


@dataclass(frozen=True, slots=True)  # one per link of every translation set
class Link:
    """One link of a sentence alignment: source sentences -> target sentences (indices into
    each document's ``Extraction.sentences``; either side may be empty: 1-0 / 0-1)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float  # 0..1; drift is claimed only on confident links


@dataclass
class TranslationSet:
    """Documents that render one article: a source and its translations."""

    id: str
    source: str  # document id
    translations: list[str]
    declared: bool  # from file names / front matter, not guessed from content
    links: dict[str, list[Link]] = field(default_factory=dict)  # per translation

    def to_dict(self, confident: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "translations": sorted(self.translations),
            "declared": self.declared,
            "alignment": {
                doc: {
                    "links": len(links),
                    "confident": sum(1 for k in links if k.confidence >= confident),
                }
                for doc, links in sorted(self.links.items())
            },
        }
