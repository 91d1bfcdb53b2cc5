"""Document texts beyond a memory budget wait on disk.

After the per-document stage an audit reads a document's text only here and there (a
sentence to compare, the context of a finding), yet at 10,000 articles the texts are ~70 MB
held to the end. :class:`TextSpill` keeps the first ``budget`` bytes of texts in memory, as
they are, and writes the others to an unlinked temporary file (gone with the process; the
corpus is never written): such a document becomes a :class:`SpilledDocument`, whose ``text``
is read back when asked, the last few kept decoded. Nothing else about the document changes,
and a spilled document pickled or copied is a plain :class:`~transcheck.model.Document`
again (what a Dask worker receives). Once final (after the late pass), the back-translations
of such a document go there too (:class:`SpilledRenderings`, ~40 MB at 10,000 articles), and
so do its sentences, quotations, names and figures once its names are settled
(:class:`SpilledExtraction`, ~90 MB of objects at 10,000 articles): the steps after read
them document by document.
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, NamedTuple

from transcheck.model import (
    OFFSETS,
    Document,
    Extraction,
    Paragraph,
    offset,
    shared_float,
    span_lists,
    span_values,
)

# What an audit holds in memory of its documents (:func:`held_size`: texts, renderings and
# spans) before the next ones go to disk: at 1,000 generated articles ~27 MB, so a corpus
# of that size is held whole. (A budget of texts alone, 16 MB, held 2,400 of 10,000
# generated articles: ~62 MB.)
TEXT_BUDGET = 32 * 1024 * 1024

# What holding one span (a sentence, quotation, name or figure: its object, its strings,
# its place in a list) costs, about: at 10,000 generated articles, 26 KB a document held
# in memory, of which 7 KB of text and 4 KB of renderings, for ~135 spans.
SPAN_BYTES = 110

# Texts read back and kept decoded (the documents a step is working on).
KEEP_DECODED = 64


class TextSpill:
    """Texts in an unlinked temporary file (thread-safe; readable after ``fork``)."""

    def __init__(self, budget: int | None = None, keep: int | None = None) -> None:
        self.budget = TEXT_BUDGET if budget is None else budget
        self.keep = KEEP_DECODED if keep is None else keep
        self.held = 0  # bytes of documents left in memory (:func:`held_size`)
        self.spilled = 0  # documents whose text is on disk
        self._file: Any = None
        self._end = 0
        self._lock = threading.Lock()
        self._recent: OrderedDict[int, str] = OrderedDict()

    def add(self, doc: Document, ext: Extraction | None = None) -> None:
        """Count ``doc`` against the budget (its text, and its analysis ``ext`` when given:
        :func:`held_size`); past it, move the text to disk (and then, with
        :meth:`add_spans` and :meth:`add_renderings`, the analysis)."""
        if type(doc) is not Document:
            return  # spilled already (or not ours to change)
        size = held_size(doc, ext)
        if self.held + size <= self.budget:
            self.held += size
            return
        state = doc.__dict__
        state["_spilled"] = (self, *self._write(state["text"]))
        del state["text"]
        rows = [[p.index, p.start, p.end, p.lang, p.lang_confidence] for p in doc.paragraphs]
        state["_paragraphs"] = _Place(*self._put(marshal.dumps(rows)))
        del state["paragraphs"]
        doc.__class__ = SpilledDocument
        self.spilled += 1

    def add_renderings(self, doc: Document, ext: Extraction) -> None:
        """Move ``ext``'s back-translations to disk too when ``doc``'s text went there
        (once they are final: after the late pass, read by nothing but the last stage)."""
        if type(doc) is not SpilledDocument or type(ext.pivot) is not dict or not ext.pivot:
            return
        rows = [[a, b, text] for (a, b), text in ext.pivot.items()]
        ext.pivot = SpilledRenderings(self, *self._write(json.dumps(rows, ensure_ascii=False)))

    def add_spans(self, doc: Document, ext: Extraction) -> None:
        """Move ``ext``'s sentences, quotations, names and figures to disk too when ``doc``'s
        text went there (once final: its names settled)."""
        if type(doc) is not SpilledDocument or type(ext) is not Extraction:
            return
        state = ext.__dict__
        state["_spilled"] = (self, *self._put(marshal.dumps(span_values(ext))))
        for name in SPAN_FIELDS:
            del state[name]
        ext.__class__ = SpilledExtraction

    def _write(self, text: str) -> tuple[int, int]:
        return self._put(text.encode("utf-8", "surrogatepass"))

    def _put(self, data: bytes) -> tuple[int, int]:
        """Write ``data`` at the end of the file: where it starts, its size."""
        with self._lock:
            if self._file is None:
                # held open as long as its documents live (closed with it when collected)
                self._file = tempfile.TemporaryFile(prefix="transcheck-texts-")  # noqa: SIM115
            at = self._end
            os.pwrite(self._file.fileno(), data, at)
            self._end += len(data)
        return at, len(data)

    def read(self, at: int, size: int, decode=None, binary: bool = False):
        """The text written at ``at`` (``decode`` of it, when given; of the bytes, when
        ``binary``), the last few kept."""
        with self._lock:
            got = self._recent.get(at)
            if got is not None:
                self._recent.move_to_end(at)
                return got
            data = os.pread(self._file.fileno(), size, at)
            if len(data) != size:
                raise OSError(f"the temporary file of document texts lost data at {at}")
            got = data if binary else data.decode("utf-8", "surrogatepass")
            if decode is not None:
                got = decode(got)
            self._recent[at] = got
            if len(self._recent) > self.keep:
                self._recent.popitem(last=False)
            return got


def held_size(doc: Document, ext: Extraction | None = None) -> int:
    """About what holding ``doc`` in memory costs: its text and, given its analysis, its
    renderings and its spans (``SPAN_BYTES`` each)."""
    size = sys.getsizeof(doc.text)
    if ext is not None:
        if type(ext.pivot) is dict:
            size += sum(map(sys.getsizeof, ext.pivot.values()))
        if type(ext) is Extraction:
            size += SPAN_BYTES * sum(len(getattr(ext, name)) for name in SPAN_FIELDS)
    return size


class SpilledDocument(Document):
    """A document whose text is in a :class:`TextSpill` (read back on each access)."""

    @property  # type: ignore[override]
    def text(self) -> str:
        spill, at, size = self.__dict__["_spilled"]
        return spill.read(at, size)

    @text.setter
    def text(self, value: str) -> None:  # a new text: held again, as any document's
        paragraphs = self.paragraphs
        state = self.__dict__
        del state["_spilled"], state["_paragraphs"]
        self.__class__ = Document
        state["text"] = value
        state["paragraphs"] = paragraphs

    @property  # type: ignore[override]
    def paragraphs(self) -> list[Paragraph]:
        """Read back too (as they were when the text went to disk), until new ones are set."""
        got = self.__dict__["_paragraphs"]
        if type(got) is not _Place:
            return got  # (set since)
        spill = self.__dict__["_spilled"][0]
        return spill.read(got.at, got.size, _paragraph_list, binary=True)

    @paragraphs.setter
    def paragraphs(self, value: list[Paragraph]) -> None:
        self.__dict__["_paragraphs"] = value

    def __reduce__(self):
        state = dict(self.__dict__)
        del state["_spilled"], state["_paragraphs"]
        state["text"] = self.text
        state["paragraphs"] = self.paragraphs
        return (_document, (state,))


class _Place(NamedTuple):
    """Where a spilled document's paragraphs are in the file."""

    at: int
    size: int


def _paragraph_list(data: bytes) -> list[Paragraph]:
    at = OFFSETS.get
    return [
        Paragraph(i, at(a, a), at(b, b), lang and sys.intern(lang), shared_float(conf))
        for i, a, b, lang, conf in marshal.loads(data)
    ]


class SpilledRenderings(Mapping):
    """A document's back-translations (``Extraction.pivot``: span -> rendering) in a
    :class:`TextSpill`, read back when asked; pickled or copied, a plain dict again."""

    __slots__ = ("_where",)

    def __init__(self, spill: TextSpill, at: int, size: int) -> None:
        self._where = (spill, at, size)

    def _dict(self) -> dict[tuple[int, int], str]:
        spill, at, size = self._where
        return spill.read(at, size, _renderings)

    def __getitem__(self, span: tuple[int, int]) -> str:
        return self._dict()[span]

    def get(self, span, default=None):
        return self._dict().get(span, default)

    def __contains__(self, span) -> bool:
        return span in self._dict()

    def __iter__(self):
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def items(self):
        return self._dict().items()

    def __reduce__(self):
        return (dict, (self._dict(),))


SPAN_FIELDS = ("sentences", "quotes", "names", "numbers")  # (the order of span_values)


class SpilledExtraction(Extraction):
    """An extraction whose span lists are in a :class:`TextSpill`: each of
    :data:`SPAN_FIELDS` is read back when asked (the four decoded together, the last few
    documents' kept: within those, the same objects each time); its renderings are as they
    were. Given a new list, or pickled or copied, it is a plain :class:`Extraction` again."""

    def _lists(self) -> list:
        """The lists of :data:`SPAN_FIELDS` and, last, what
        ``transcheck.align.common.sentence_starts`` keeps (None until then)."""
        spill, at, size = self.__dict__["_spilled"]
        return spill.read(at, size, _span_lists, binary=True)

    @property
    def _sentence_starts(self) -> list[int] | None:  # (kept with the lists, let go with them)
        return self._lists()[-1]

    @_sentence_starts.setter
    def _sentence_starts(self, starts: list[int]) -> None:
        self._lists()[-1] = starts

    def _held(self) -> None:
        """Its lists back in memory: a plain extraction again."""
        lists = self._lists()
        state = self.__dict__
        del state["_spilled"]
        state.update(zip(SPAN_FIELDS, (list(x) for x in lists[:-1]), strict=True))
        self.__class__ = Extraction

    def __reduce__(self):
        state = dict(self.__dict__)
        del state["_spilled"]
        state.update(zip(SPAN_FIELDS, self._lists()[:-1], strict=True))
        return (_extraction, (state,))


def _span_field(i: int) -> property:
    name = SPAN_FIELDS[i]

    def get(self: SpilledExtraction) -> list:
        return self._lists()[i]

    def set_(self: SpilledExtraction, value: list) -> None:
        self._held()
        setattr(self, name, value)

    return property(get, set_, doc=f"``{name}``, read back from the file")


for _i, _name in enumerate(SPAN_FIELDS):
    setattr(SpilledExtraction, _name, _span_field(_i))


def _span_lists(data: bytes) -> list:
    return [*span_lists(marshal.loads(data)), None]


def _extraction(state: dict) -> Extraction:
    ext = Extraction.__new__(Extraction)
    ext.__dict__.update(state)
    return ext


def _renderings(text: str) -> dict[tuple[int, int], str]:
    return {(offset(a), offset(b)): rendering for a, b, rendering in json.loads(text)}


def _document(state: dict) -> Document:
    doc = Document.__new__(Document)
    doc.__dict__.update(state)
    return doc
