"""English antonyms and synonyms from Princeton WordNet 3.0 as Debian installs it.

Debian's ``wordnet-base`` puts the database in ``/usr/share/wordnet`` (``index.adj``,
``data.adj``, …); ``$TRANSCHECK_WORDNET`` points elsewhere. Look-ups are lazy: a word's
synsets come from the index files (read once), and each synset line is read from its data file
at the byte offset WordNet records for it (wndb(5WN)), so a run pays only for the words it
asks about. No download, no other library. Where WordNet is missing, the look-ups return
nothing and the hand lists of :mod:`transcheck.lexicon` still work.

Antonyms are direct (open/close) and, for adjectives, indirect through "similar to" heads
(complicated ~ complex <-> simple), as WordNet's own documentation describes.
"""

from __future__ import annotations

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
    """lemma -> offsets of its synsets in data.<pos> (a line's offsets are parsed when its
    lemma is first asked: a run asks about a few hundred of the 150,000)."""
    folder = wordnet_dir()
    if folder is None:
        return {}
    text = (folder / f"index.{pos}").read_text(encoding="utf-8", errors="replace")
    if _ODD_SPACE.search(text) is None:
        lines = _INDEX_LINE.findall(text)
        rest = dict(lines)
        if len(rest) == len(lines):  # no lemma twice
            return _Index(rest)
    return _parse_index(text)  # not as WordNet writes its index: every line read now


# In WordNet's own files fields are separated by single spaces, and a lemma appears once.
_ODD_SPACE = re.compile(r"[^\S \n]")
_INDEX_LINE = re.compile(r"^([^ \n]+) ([^\n]*)", re.M)  # lemma, the rest (not the licence)


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
    """An index file's lines by lemma, each line's offsets parsed when first asked."""

    def __init__(self, rest: dict[str, str]) -> None:
        self._rest = rest
        self._parsed: dict[str, tuple[int, ...] | None] = {}

    def _lookup(self, lemma: object) -> tuple[int, ...] | None:
        try:
            return self._parsed[lemma]  # type: ignore[index]
        except KeyError:
            pass
        except TypeError:  # unhashable: not a lemma
            return None
        rest = self._rest.get(lemma)  # type: ignore[call-overload]
        found = None if rest is None else _offsets([lemma, *rest.split()])  # type: ignore[list-item]
        self._parsed[lemma] = found  # type: ignore[index]
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
        return (lemma for lemma in self._rest if self._lookup(lemma) is not None)

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
