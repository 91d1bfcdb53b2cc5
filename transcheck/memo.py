"""The cross-document result of an audit, kept when nothing it reads has changed.

Sentence alignment of translation sets, ``align()`` and the rules read only: the documents
(ids, paths, languages, text) with their analyses (extraction, back-translations), the
glossaries, the options and transcheck's own code and data. :func:`memo_key` hashes all of
that; :func:`encode` / :func:`decode` turn the stage's output (translation sets with their
links, findings, notices) into bytes and back, exactly (tuples stay tuples, floats keep
every digit). The bytes are kept in the analysis cache (table ``analyses``, key
``memo/<hash>``), under the same rules for foreign or damaged files; a row that cannot be
read is a miss. No pickle: a cache file is data, never code.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from transcheck.model import (
    Finding,
    GlossaryRef,
    Link,
    Notice,
    Occurrence,
    PairRef,
    TranslationSet,
)

MEMO_VERSION = "4"
_CLASSES = {
    cls.__name__: cls
    for cls in (Finding, GlossaryRef, Link, Notice, Occurrence, PairRef, TranslationSet)
}


@cache
def code_version() -> str:
    """A hash of transcheck's installed code and data files (path, size, content of the
    Python files) and of the versions of its dependencies: any change is a new memo."""
    from importlib import metadata

    import transcheck
    from transcheck.fingerprint import fingerprint

    root = Path(transcheck.__file__).parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    try:
        requires = metadata.requires("transcheck") or []
    except metadata.PackageNotFoundError:
        requires = []
    packages = []
    for req in sorted(requires):
        name = req.split(";")[0].split("[")[0]
        for sep in "<>=!~ ":
            name = name.split(sep)[0]
        packages.append(name)
    return fingerprint(root, files, packages, salt=MEMO_VERSION)


class Hasher:
    """A SHA-256 of parts, each as its text with its length before it (unambiguous)."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def add(self, *parts: Any) -> None:
        for part in parts:
            data = str(part).encode("utf-8", "surrogatepass")
            self.digest.update(len(data).to_bytes(8, "big"))
            self.digest.update(data)


def doc_digest(doc: Any, key: str, ext: Any) -> str:
    """What one document gives the cross-document stage, as a hash: its analysis key and
    what the analysis holds that the key does not (names settled against earlier documents,
    back-translations and the engines that made them). Not its path."""
    h = Hasher()
    h.add(doc.lang, doc.translated_by, key)
    # names and renderings as one JSON text each (unambiguous, and written in C)
    h.add(json.dumps([[m.start, m.end, m.text] for m in ext.names], ensure_ascii=False))
    pivot = ext.pivot
    h.add(json.dumps([[a, b, pivot[(a, b)]] for a, b in sorted(pivot)], ensure_ascii=False))
    return h.digest.hexdigest()


def memo_key(
    options: Iterable[Any],
    glossary_paths: Iterable[Path],
    documents: Iterable[tuple[Any, str]],
    paths: bool = True,
) -> str:
    """The memo's key: code, options, glossary files (path and content) and, per document in
    corpus order (document, :func:`doc_digest`), its id, digest and path unless ``paths`` is
    false."""
    h = Hasher()
    h.add(code_version(), *options)
    from transcheck.safety import MAX_GLOSSARY_BYTES, read_limited

    for path in glossary_paths:
        try:  # as the glossary loader reads it: no FIFO, device or huge file is opened
            content = hashlib.sha256(read_limited(path, MAX_GLOSSARY_BYTES)).hexdigest()
        except (OSError, ValueError) as exc:  # refused by the loader too: an error, no terms
            content = f"unread: {exc}"
        h.add("glossary", path, content)
    for doc, digest in documents:
        h.add("doc", doc.id, doc.path if paths else "", digest)
    return h.digest.hexdigest()


_FIELDS = {cls: tuple(cls.__dataclass_fields__) for cls in _CLASSES.values()}
_PLAIN = (str, int, float, bool, type(None))


def _enc(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        return {"t": [_enc(v) for v in value]}
    if kind is list:
        return [_enc(v) for v in value]
    if kind is Link and _plain_link(value):  # the most numerous: a sentence alignment's
        return {"L": [list(value.src), list(value.tgt), value.confidence]}
    fields = _FIELDS.get(kind)
    if fields is not None:  # a dataclass: its fields' values, in their order
        return {"c": kind.__name__, "v": [_enc(getattr(value, f)) for f in fields]}
    if kind is dict:
        return {"d": [[_enc(k), _enc(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"t": [_enc(v) for v in value]}
    if isinstance(value, list):
        return [_enc(v) for v in value]
    if isinstance(value, dict):
        return {"d": [[_enc(k), _enc(v)] for k, v in value.items()]}
    if isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in the memo")


def _plain_link(link: Link) -> bool:
    """Indices in tuples and a float: what :func:`_dec` gives back from the short form."""
    return (
        type(link.src) is tuple
        and type(link.tgt) is tuple
        and type(link.confidence) is float
        and all(type(i) is int for i in link.src)
        and all(type(i) is int for i in link.tgt)
    )


# One tuple per sentence index for the links of one sentence each (most links): an audit
# holds a link for every sentence of every translation set.
_ONE: dict[int, tuple[int]] = {}


def _indices(raw: list[int]) -> tuple[int, ...]:
    if len(raw) != 1:
        return tuple(raw)
    got = _ONE.get(raw[0])
    if got is None:
        got = _ONE[raw[0]] = (raw[0],)
    return got


def _dec(value: Any) -> Any:
    if isinstance(value, list):
        return [_dec(v) for v in value]
    if isinstance(value, dict):
        if "L" in value:
            src, tgt, confidence = value["L"]
            return Link(_indices(src), _indices(tgt), confidence)
        if "t" in value:
            return tuple(_dec(v) for v in value["t"])
        if "d" in value:
            return {_dec(k): _dec(v) for k, v in value["d"]}
        cls = _CLASSES[value["c"]]
        return cls(**{k: _dec(v) for k, v in zip(_FIELDS[cls], value["v"], strict=True)})
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def set_text(tset: TranslationSet) -> str:
    """One set as :func:`encode` writes it (JSON text; :func:`decode_set` reads it)."""
    return _dumps(_enc(tset))


def decode_set(text: str | bytes) -> TranslationSet:
    return _dec(json.loads(text))


def encode(
    sets: list[TranslationSet],
    findings: list[Finding],
    notices: list[Notice],
    known: dict[int, tuple[TranslationSet, str]] | None = None,
) -> bytes:
    """The bytes of :func:`decode`; ``known``: sets already written (by ``id``, with the set
    itself and its :func:`set_text`: :attr:`SetResults.known`), taken as they are. Each set
    is written on its own: what is held at once is one set's encoding, not every set's (the
    sentence links of 10,000 articles are ~300,000)."""
    return "".join(_pieces(sets, findings, notices, known)).encode()


def encode_packed(
    sets: list[TranslationSet],
    findings: list[Finding],
    notices: list[Notice],
    known: dict[int, tuple[TranslationSet, str]] | None = None,
) -> bytes:
    """``zlib.compress(encode(...), 1)``, compressed piece by piece as written: neither the
    whole text nor its bytes are held (at 10,000 articles each is ~9 MB, and the end of the
    audit was its memory peak)."""
    packer = zlib.compressobj(1)
    packed = [packer.compress(text.encode()) for text in _pieces(sets, findings, notices, known)]
    packed.append(packer.flush())
    return b"".join(packed)


def _pieces(sets, findings, notices, known) -> Iterator[str]:
    yield "[["
    for n, tset in enumerate(sets):
        got = known.get(id(tset)) if known else None
        if n:
            yield ","
        yield got[1] if got is not None and got[0] is tset else set_text(tset)
    yield "],["
    for n, finding in enumerate(findings):  # (each on its own too: as many as the sets)
        yield f",{_dumps(_enc(finding))}" if n else _dumps(_enc(finding))
    yield f"],{_dumps(_enc(notices))}]"


def decode(blob: bytes) -> tuple[list[TranslationSet], list[Finding], list[Notice]]:
    sets, findings, notices = (_dec(part) for part in json.loads(blob))
    return sets, findings, notices


def read(store, key: str) -> tuple[list[TranslationSet], list[Finding], list[Notice]] | None:
    """The cross-document result kept under ``key`` in ``store`` (an ``AnalysisCache``),
    decoded; None when there is none, or it is damaged or an older one (a miss)."""
    blob = store.get_memo(key)
    if blob is None:
        return None
    try:
        return decode(blob)
    except Exception:
        return None


class SetResults:
    """Kept per translation set: its sentence alignment and the findings of the checks on
    its aligned pairs (every such finding names its set: ``Finding.pair``). Those read only
    the set's own documents, so an edit elsewhere leaves them as they were.

    Blobs are stored compressed as they come (``zlib``); one that cannot be read is a miss.
    """

    def __init__(self, store, base: str, documents, digests) -> None:
        self.store, self.base = store, base
        self.documents, self.digests = documents, digests
        self.blobs: dict[str, bytes] = {}
        self.set_keys: dict[str, str] = {}  # by set id, as found (before alignment)
        # the kept sets in the memo's form (by id, with the set): not encoded again
        self.known: dict[int, tuple[TranslationSet, str]] = {}

    def key(self, tset: TranslationSet) -> str:
        members = (tset.source, *sorted(tset.translations))
        return memo_key(
            (self.base, "set", tset.id, tset.declared, *members),
            (),
            ((self.documents[d], self.digests[d]) for d in members),
            paths=False,  # read by no check on aligned pairs: a moved corpus keeps them
        )

    def get(self, sets: list[TranslationSet]) -> dict[str, tuple[TranslationSet | None, list]]:
        """The kept results of the sets that have one, by set id: (the set as aligned, or
        None when alignment dropped it; its pair findings)."""
        self.set_keys = {tset.id: self.key(tset) for tset in sets}
        wanted = {key: set_id for set_id, key in self.set_keys.items()}
        out = {}
        for key, blob in self.store.get_set_results(list(wanted)).items():
            try:
                data = json.loads(zlib.decompress(blob))
                kept, findings, _ = (_dec(part) for part in data)
            except Exception:  # a damaged or older row is a miss
                continue
            self.blobs[key] = blob
            if kept:
                self.known[id(kept[0])] = (kept[0], _dumps(data[0][0]))
            out[wanted[key]] = (kept[0] if kept else None, findings)
        return out

    def add(self, set_id: str, aligned: TranslationSet | None, findings: list) -> None:
        self.blobs[self.set_keys[set_id]] = encode_packed(
            [aligned] if aligned is not None else [], findings, [], self.known
        )

    def save(self) -> None:
        self.store.put_set_results(self.blobs)


class DocItems:
    """Per document, what the cross-document alignment reads of it alone (its figures with
    their frames, its quotations), kept between audits under its :func:`doc_digest`, the
    code and the pivot language: an edit elsewhere leaves them as they were.

    Parts are JSON values by name (:data:`PARTS`; ``transcheck.align.numbers``, ``.quotes``),
    one row each, so that reading one part decodes no other; a row that cannot be read is a
    miss. Rows of documents no longer audited stay, as analyses do.
    """

    PARTS = ("numbers", "quotes")
    # New rows are written this many at a time, not all held to the end of the audit (at
    # 10,000 articles 20,000 rows, 31 MB compressed).
    WRITE_EVERY = 1000

    def __init__(self, store, pivot: str, digests: dict[str, str]) -> None:
        self.store = store
        salt = hashlib.sha256(f"{code_version()}\0items\0{pivot}\0".encode()).digest()
        self.keys = {
            doc_id: hashlib.sha256(salt + digest.encode()).hexdigest()
            for doc_id, digest in digests.items()
        }
        self.salt = salt.hex()
        self.blobs: dict[str, bytes] = {}  # as stored, by row key, decoded when asked
        self.new: dict[str, bytes] = {}  # rows to write, by row key (compressed at once)
        # results of checks on content that is not one document's (a cluster's renderings),
        # by table name: the kept ones (loaded when first asked) and those used this time
        # (their JSON text, compressed: ~9 MB of text at 10,000 articles held to the end;
        # ``_AS_KEPT`` for a kept one, None for one that is not JSON)
        self.kept_results: dict[str, dict[str, Any]] = {}
        self.used_results: dict[str, dict[str, Any]] = {}

    def load(self) -> None:
        keys = sorted(set(self.keys.values()))
        self.blobs = self.store.get_items([f"{key}/{part}" for key in keys for part in self.PARTS])

    def get(self, doc_id: str, part: str) -> Any | None:
        key = self.keys.get(doc_id)
        if key is None:
            return None
        row = f"{key}/{part}"  # (read once per audit: a kept row is let go once read)
        return _unpack(self.new.get(row, self.blobs.pop(row, None))).get("v")

    def put(self, doc_id: str, part: str, value: Any) -> None:
        key = self.keys.get(doc_id)
        if key is None:
            return
        try:
            text = _dumps({"v": value})
        except (TypeError, ValueError):  # not kept: computed again next time
            return
        self.new[f"{key}/{part}"] = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        if len(self.new) >= self.WRITE_EVERY:
            self._write_new()

    def _write_new(self) -> None:
        """Write the new rows (a row depends on its document, its analysis and the code
        alone: right whatever happens to the rest of the audit)."""
        if self.new:
            self.store.put_items(dict(sorted(self.new.items())))
        self.new.clear()

    def result(self, table: str, key: str) -> Any | None:
        """A kept result of ``table`` under ``key`` (a hash of everything it was computed
        from; the code and the pivot language are in the table's salt), or None."""
        self.preload_results(table)
        value = self.kept_results[table].get(key)
        if value is not None:
            self.used_results[table][key] = _AS_KEPT
        return value

    def put_result(self, table: str, key: str, value: Any) -> None:
        """Keep ``value`` (a JSON value) under ``key``: as its JSON text from now on (at
        10,000 articles the pairings' states are ~9 MB of text, and several times that as
        lists and dicts held to the end of the alignment)."""
        self.put_result_text(table, key, _result_text(value))

    def put_result_text(self, table: str, key: str, text: str | None) -> None:
        """:meth:`put_result` of a value already written as JSON text (None: not JSON), as
        another process wrote it (:class:`ForkedItems`)."""
        self.preload_results(table)
        self.used_results[table][key] = (
            None if text is None else zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        )

    def used_text(self, table: str, key: str) -> Any:
        """The JSON text of a result used this time (None: not JSON; ``_AS_KEPT``: the
        kept one)."""
        held = self.used_results[table][key]
        if held is None or held is _AS_KEPT:
            return held
        return zlib.decompress(held).decode("utf-8", "surrogatepass")

    def preload_results(self, table: str) -> None:
        """Read the kept results of ``table`` now, if not read yet (before a fork: the other
        process reads them without the cache)."""
        if table not in self.kept_results:
            self.kept_results[table] = self._load_results(table)
            self.used_results[table] = {}

    def _load_results(self, table: str) -> dict[str, Any]:
        data = _unpack(self.store.get_items([f"{table}/results"]).get(f"{table}/results"))
        if data.get("salt") != self.salt:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def save(self) -> None:
        for table, entries in sorted(self.used_results.items()):
            kept = self.kept_results.get(table) or {}
            if any(text is None for text in entries.values()):
                continue  # not JSON: not kept
            if entries.keys() == kept.keys() and all(
                text is _AS_KEPT or self.used_text(table, key) == _dumps(kept[key])
                for key, text in entries.items()
            ):
                continue  # as kept: nothing to write
            # the results this audit used (of earlier audits: dropped): the JSON text of
            # {"salt": ..., "entries": {...}}, compressed entry by entry (the pairings' states
            # at 10,000 articles are ~9 MB of text: not held whole, nor its bytes; an entry
            # held compressed is inflated piece by piece, one pairing's state is megabytes;
            # the row goes through a temporary file into the cache, not held whole: at
            # 10,000 articles it was the audit's peak, +18 MB)
            packer = zlib.compressobj(1)
            with tempfile.TemporaryFile(prefix="transcheck-results-") as out:
                out.write(packer.compress(f'{{"salt":{_dumps(self.salt)},"entries":{{'.encode()))
                for n, (key, held) in enumerate(entries.items()):
                    out.write(packer.compress(f"{',' if n else ''}{_dumps(key)}:".encode()))
                    if held is _AS_KEPT:
                        text = _dumps(kept[key]).encode("utf-8", "surrogatepass")
                        out.write(packer.compress(text))
                    else:
                        for piece in _inflated(held):
                            out.write(packer.compress(piece))
                out.write(packer.compress(b"}}") + packer.flush())
                self.store.put_item_file(f"{table}/results", out)
        self._write_new()


def _inflated(blob: bytes, size: int = 1 << 18) -> Iterator[bytes]:
    """What ``zlib`` compressed into ``blob``, in pieces of at most ``size`` bytes."""
    inflater = zlib.decompressobj()
    while blob:
        yield inflater.decompress(blob, size)
        blob = inflater.unconsumed_tail
    yield inflater.flush()


class ForkedItems:
    """:class:`DocItems` as a forked process sees them: the rows and the kept results read
    before the fork, never the cache itself (a database connection does not survive a fork),
    and what it would keep collected as JSON text for the parent to keep (:meth:`kept`):
    rows are the parent's to write, as it works out the same items."""

    def __init__(self, items: DocItems) -> None:
        self.items = items
        self.keys = items.keys
        self.texts: dict[tuple[str, str], str | None] = {}  # (table, key) -> JSON text

    def get(self, doc_id: str, part: str) -> Any | None:
        return self.items.get(doc_id, part)

    def put(self, doc_id: str, part: str, value: Any) -> None:
        pass  # (the parent keeps the rows)

    def result(self, table: str, key: str) -> Any | None:
        if table not in self.items.kept_results:
            return None  # not read before the fork: worked out again
        return self.items.kept_results[table].get(key)

    def put_result(self, table: str, key: str, value: Any) -> None:
        self.texts[(table, key)] = _result_text(value)

    def kept(self) -> list[list]:
        """[table, key, JSON text or None] of each result put, for the parent's
        :meth:`DocItems.put_result_text`."""
        return [[table, key, text] for (table, key), text in sorted(self.texts.items())]


def _result_text(value: Any) -> str | None:
    """A kept result as its JSON text; None when it is not JSON (its table is not kept)."""
    try:
        return _dumps(value)
    except (TypeError, ValueError):
        return None


# An entry of ``DocItems.used_results`` that is the kept one (written as read, if at all).
_AS_KEPT = object()


def _unpack(blob: bytes | None) -> dict[str, Any]:
    """A kept row: compressed JSON holding a dict; {} when missing, damaged or older."""
    if blob is None:
        return {}
    try:
        data = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
    except Exception:  # a damaged or older row is a miss
        return {}
    return data if isinstance(data, dict) else {}
