"""English antonyms and synonyms from Princeton WordNet 3.0 as Debian installs it.

Debian's ``wordnet-base`` puts the database in ``/usr/share/wordnet`` (``index.adj``,
``data.adj``, …); ``$TRANSCHECK_WORDNET`` points elsewhere. Look-ups are lazy: a word's
synsets come from the index files (mapped and searched in place, WordNet keeps them sorted),
and each synset line is read from its data file at the byte offset WordNet records for it
(wndb(5WN)), so a run pays only for the words it asks about. No download, no other library. Where WordNet is missing, the look-ups return
nothing and the hand lists of :mod:`transcheck.lexicon` still work.

Antonyms are direct (open/close) and, for adjectives, indirect through "similar to" heads
(complicated ~ complex <-> simple), as WordNet's own documentation describes.
"""

from __future__ import annotations

import mmap
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DEFAULT_DIR = "/usr/share/wordnet"
_POS = ("adj", "verb", "noun", "adv")
_POS_MARKS = {"adj": "as", "verb": "v", "noun": "n", "adv": "r"}  # pointer part-of-speech marks


def wordnet_dir() -> Path | None:
    folder = Path(os.environ.get("TRANSCHECK_WORDNET") or DEFAULT_DIR)
    return folder if (folder / "data.adj").is_file() and (folder / "index.adj").is_file() else None


def available() -> bool:
    return wordnet_dir() is not None


@dataclass(frozen=True)
class Synset:
    words: tuple[str, ...]  # as WordNet writes them: "Macedonia", "safe", "take_off"
    # (symbol, target offset, target's part-of-speech mark, source word no., target word no.)
    pointers: tuple[tuple[str, int, str, int, int], ...]

    def links(
        self, pos: str, symbols: frozenset[str] | set[str]
    ) -> list[tuple[str, int, int, int]]:
        """(symbol, offset, source no., target no.) of the pointers with one of ``symbols`` to
        synsets of the same part of speech."""
        return [
            (sym, target, src, tgt)
            for sym, target, mark, src, tgt in self.pointers
            if sym in symbols and mark in _POS_MARKS[pos]
        ]


@cache
def index(pos: str) -> Mapping[str, tuple[int, ...]]:
    """lemma -> offsets of its synsets in data.<pos>. WordNet's own index files are searched
    in place (mapped, by bisection: a run asks about a few hundred of their 150,000 lemmas,
    and none of the others is held); other files are read line by line, all at once."""
    folder = wordnet_dir()
    if folder is None:
        return {}
    data = _mapped(folder / f"index.{pos}")
    body = _sorted_body(data)
    if body is not None:
        return _Index(data, body)
    # not as WordNet writes its index (tabs, a lemma twice, unsorted): every line read now
    return _parse_index(bytes(data).decode("utf-8", errors="replace"))


def _mapped(path: Path) -> bytes | mmap.mmap:
    """The file's bytes, mapped (the pages a search reads are all it costs)."""
    with path.open("rb") as fh:
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            return fh.read()


def _sorted_body(data: bytes | mmap.mmap) -> int | None:
    """Where the lemma lines start (after the licence lines, which start with a space) when
    the file is as WordNet writes it: ASCII, fields separated by single spaces, one line per
    lemma, the lemmas in increasing byte order; else None."""
    text = bytes(data)  # (for the checks only: let go when they are done)
    if not text.isascii() or _ODD_SPACE.search(text) is not None:
        return None
    body = 0
    while text.startswith(b" ", body):
        nl = text.find(b"\n", body)
        if nl < 0:
            return None
        body = nl + 1
    lines = text[body:].split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    previous = b""
    for line in lines:
        lemma = line.split(b" ", 1)[0]
        if not lemma or lemma <= previous:
            return None  # an empty line, a licence line further down, or not in order
        previous = lemma
    return body


# In WordNet's own files fields are separated by single spaces.
_ODD_SPACE = re.compile(rb"[^\S \n]")


def _parse_index(text: str) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for line in text.split("\n"):
        if line.startswith(" "):
            continue  # licence header
        offsets = _offsets(line.split())
        if offsets is not None:
            out[line.split()[0]] = offsets
    return out


def _offsets(fields: list[str]) -> tuple[int, ...] | None:
    """The synset offsets of an index line's fields (lemma pos synset_cnt p_cnt ...)."""
    if len(fields) < 4:
        return None
    synset_cnt = int(fields[2])
    return tuple(int(x) for x in fields[len(fields) - synset_cnt :])


class _Index(Mapping):
    """An index file's lines found by bisection in the file itself, each line's offsets
    parsed when first asked."""

    def __init__(self, data: bytes | mmap.mmap, body: int) -> None:
        self._data, self._body = data, body
        self._parsed: dict[str, tuple[int, ...] | None] = {}

    def _line(self, key: bytes) -> bytes | None:
        """The line of lemma ``key``: ``lo`` and ``hi`` stay at line starts, the lines
        before ``lo`` below ``key``, those from ``hi`` on above it."""
        data = self._data
        lo, hi = self._body, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", lo, mid) + 1 or lo
            end = data.find(b"\n", start, hi)
            if end < 0:
                end = hi
            line = data[start:end]
            lemma = line.split(b" ", 1)[0]
            if lemma == key:
                return line
            if lemma < key:
                lo = end + 1
            else:
                hi = start
        return None

    def _lookup(self, lemma: object) -> tuple[int, ...] | None:
        if not isinstance(lemma, str):
            return None
        try:
            return self._parsed[lemma]
        except KeyError:
            pass
        line = self._line(lemma.encode("ascii")) if lemma.isascii() else None
        found = None if line is None else _offsets(line.decode("ascii").split())
        self._parsed[lemma] = found
        return found

    def __contains__(self, lemma: object) -> bool:
        return self._lookup(lemma) is not None

    def __getitem__(self, lemma: str) -> tuple[int, ...]:
        found = self._lookup(lemma)
        if found is None:
            raise KeyError(lemma)
        return found

    def get(self, lemma, default=None):
        found = self._lookup(lemma)
        return default if found is None else found

    def __iter__(self) -> Iterator[str]:
        for line in bytes(self._data[self._body :]).split(b"\n"):
            fields = line.decode("ascii").split()
            if fields and _offsets(fields) is not None:
                yield fields[0]

    def __len__(self) -> int:
        return sum(1 for _ in self)


@lru_cache(maxsize=65536)
def synset(pos: str, offset: int) -> Synset | None:
    """The synset at ``offset`` of ``data.<pos>`` (pos: adj, verb, noun, adv), every pointer
    kept; None when WordNet is missing or the offset is not a synset's."""
    folder = wordnet_dir()
    if folder is None:
        return None
    with (folder / f"data.{pos}").open("rb") as fh:
        fh.seek(offset)
        line = fh.readline().decode("utf-8", "replace")
    fields = line.split(" | ", 1)[0].split()
    if len(fields) < 4 or not fields[0].isdigit() or int(fields[0]) != offset:
        return None
    w_cnt = int(fields[3], 16)
    words = tuple(fields[4 + 2 * k] for k in range(w_cnt))
    k = 4 + 2 * w_cnt
    pointers = []
    for p in range(int(fields[k])):
        sym, target, pos_mark, st = fields[k + 1 + 4 * p : k + 5 + 4 * p]
        pointers.append((sym, int(target), pos_mark, int(st[:2], 16), int(st[2:], 16)))
    return Synset(words, tuple(pointers))


def _clean(word: str) -> str:
    return word.split("(", 1)[0].replace("_", " ").lower()  # "safe(p)" -> "safe"


def _lemma(word: str) -> str:
    return word.strip().lower().replace(" ", "_")


@lru_cache(maxsize=65536)
def antonyms(word: str, senses: int = 0) -> frozenset[str]:
    """WordNet antonyms of a word form (direct, and through an adjective's head); of its
    ``senses`` most frequent senses per part of speech only, when given."""
    lemma = _lemma(word)
    out: set[str] = set()
    for pos in _POS:
        offsets = index(pos).get(lemma, ())
        for offset in offsets[:senses] if senses else offsets:
            found = synset(pos, offset)
            if found is None:
                continue
            number = next(
                (i + 1 for i, w in enumerate(found.words) if _clean(w) == _clean(lemma)), 0
            )
            heads = [(found, number)]
            if pos == "adj":
                heads += [
                    (head, 0)
                    for _sym, target, _s, _t in found.links(pos, {"&"})
                    if (head := synset(pos, target)) is not None
                ]
            for head, own in heads:
                for _sym, target, src_no, tgt_no in head.links(pos, {"!"}):
                    if own and src_no and src_no != own:
                        continue
                    opposite = synset(pos, target)
                    if opposite is None:
                        continue
                    words = [opposite.words[tgt_no - 1]] if tgt_no else opposite.words
                    out.update(_clean(w) for w in words)
    return frozenset(out)


@lru_cache(maxsize=65536)
def synonyms(
    word: str, first_sense: bool = False, pos_list: tuple[str, ...] = _POS
) -> frozenset[str]:
    """Every other word form of every synset of the word (of its most frequent sense per
    part of speech only, with ``first_sense``; of the parts of speech in ``pos_list``)."""
    lemma = _lemma(word)
    out: set[str] = set()
    for pos in pos_list:
        offsets = index(pos).get(lemma, ())
        for offset in offsets[:1] if first_sense else offsets:
            found = synset(pos, offset)
            if found is not None:
                out.update(_clean(w) for w in found.words)
    out.discard(_clean(lemma))
    return frozenset(out)


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """Does WordNet write the word in lowercase somewhere (a common noun, verb, adjective or
    adverb: district, ocean), rather than only capitalised (Macedonia)?"""
    lemma = _lemma(word)
    for pos in _POS:
        for offset in index(pos).get(lemma, ()):
            found = synset(pos, offset)
            if found is not None and any(
                w.islower() and _clean(w) == _clean(lemma) for w in found.words
            ):
                return True
    return False


@cache
def _exceptions() -> dict[str, frozenset[str]]:
    """Irregular inflections from the ``*.exc`` files: rose -> rise, fell -> fall."""
    folder = wordnet_dir()
    out: dict[str, set[str]] = {}
    if folder is None:
        return {}
    for pos in _POS:
        path = folder / f"{pos}.exc"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                fields = line.split()
                if len(fields) >= 2:
                    out.setdefault(fields[0], set()).update(fields[1:])
    return {k: frozenset(v) for k, v in out.items()}


def irregular_bases(word: str) -> frozenset[str]:
    return _exceptions().get(word.lower(), frozenset())


def clear_caches() -> None:
    """Forget everything read (after ``$TRANSCHECK_WORDNET`` changes)."""
    for fn in (index, synset, _exceptions, antonyms, synonyms, is_common_word):
        fn.cache_clear()
