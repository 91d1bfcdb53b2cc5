"""English antonyms and synonyms from Princeton WordNet 3.0 as Debian installs it.

Debian's ``wordnet-base`` puts the database in ``/usr/share/wordnet`` (``data.adj``,
``data.verb``, …); ``$TRANSCHECK_WORDNET`` points elsewhere. The data files are read once,
lazily, by a small parser of their documented line format (wndb(5WN)): no download, no other
library. Where WordNet is missing, the lookups return nothing and the hand lists of
:mod:`transcheck.lexicon` still work.

Antonyms are direct (open/close) and, for adjectives, indirect through "similar to" heads
(complicated ~ complex <-> simple), as WordNet's own documentation describes.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

DEFAULT_DIR = "/usr/share/wordnet"
_POS_FILES = ("adj", "verb", "noun", "adv")


def wordnet_dir() -> Path | None:
    folder = Path(os.environ.get("TRANSCHECK_WORDNET") or DEFAULT_DIR)
    return folder if (folder / "data.adj").is_file() else None


def available() -> bool:
    return wordnet_dir() is not None


def _parse(path: Path) -> dict[str, tuple[list[str], list[tuple[str, str, int, int]]]]:
    """offset -> (words, pointers (symbol, target offset, source word no., target word no.))."""
    out: dict[str, tuple[list[str], list[tuple[str, str, int, int]]]] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("  "):
                continue  # licence header
            fields = line.split(" | ", 1)[0].split()
            if len(fields) < 4:
                continue
            offset = fields[0]
            w_cnt = int(fields[3], 16)
            words = [fields[4 + 2 * k] for k in range(w_cnt)]
            k = 4 + 2 * w_cnt
            p_cnt = int(fields[k])
            pointers = []
            for p in range(p_cnt):
                sym, target, _pos, st = fields[k + 1 + 4 * p : k + 5 + 4 * p]
                pointers.append((sym, target, int(st[:2], 16), int(st[2:], 16)))
            out[offset] = (words, pointers)
    return out


@cache
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], frozenset[str]]:
    """(antonyms, synonyms, common words) of English word forms (lowercase, ' ' for '_');
    common words are those WordNet writes in lowercase (district, ocean), not proper nouns
    (Macedonia)."""
    folder = wordnet_dir()
    antonyms: dict[str, set[str]] = {}
    synonyms: dict[str, set[str]] = {}
    common: set[str] = set()
    if folder is None:
        return {}, {}, frozenset()
    for pos in _POS_FILES:
        data = _parse(folder / f"data.{pos}")
        for words, pointers in data.values():
            common.update(_clean(w) for w in words if w.islower())
            for w in words:
                synonyms.setdefault(_clean(w), set()).update(_clean(x) for x in words)
            heads = [(words, pointers)]
            if pos == "adj":
                # satellites share their head's antonyms
                heads += [data[t] for sym, t, _s, _t in pointers if sym == "&" and t in data]
            for h_words, h_pointers in heads:
                for sym, target, src_no, tgt_no in h_pointers:
                    if sym != "!" or target not in data:
                        continue
                    t_words = data[target][0]
                    opposite = [t_words[tgt_no - 1]] if tgt_no else t_words
                    sources = words if h_words is not words or not src_no else [words[src_no - 1]]
                    for w in sources:
                        antonyms.setdefault(_clean(w), set()).update(_clean(x) for x in opposite)
    return (
        {k: frozenset(v) for k, v in antonyms.items()},
        {k: frozenset(v - {k}) for k, v in synonyms.items()},
        frozenset(common),
    )


def _clean(word: str) -> str:
    word = word.split("(", 1)[0]  # adjective markers: "safe(p)"
    return word.replace("_", " ").lower()


def antonyms(word: str) -> frozenset[str]:
    return _tables()[0].get(word.lower(), frozenset())


def synonyms(word: str) -> frozenset[str]:
    return _tables()[1].get(word.lower(), frozenset())


def is_common_word(word: str) -> bool:
    """Does WordNet know the word as a common (lowercase) noun, verb, adjective or adverb?"""
    return word.lower() in _tables()[2]
