"""Near-synonyms of English words from WordNet (Debian ``wordnet-base``), read offline.

"detained", "were arrested" and "arrests" govern the same count: the words differ, the
event does not. Two words are near-synonyms when they share a WordNet synset, or one's
synset is a direct hypernym or hyponym of the other's, or a derivational link joins them
(arrest the verb / arrest the noun). Only the first senses of each word count, so that rare
senses do not join everything.

The WordNet database is the one :mod:`transcheck.wordnet` reads (its index, synset lines and
exception lists are shared; this module follows the relational pointers); nothing is
downloaded. Without the files every word is only its
own synonym. Words are reduced to their dictionary form with WordNet's own exception lists
and suffix rules (morphy).
"""

from __future__ import annotations

from functools import lru_cache

from transcheck import wordnet

POS = {"n": "noun", "v": "verb", "a": "adj"}
SENSES = 3  # first senses of a word that count
# hypernym, hyponym, derivation, cause (kill > die), entailment, attribute
_LINKS = {"@", "@i", "~", "~i", "+", ">", "*", "="}


def _index(pos: str) -> dict[str, tuple[int, ...]]:
    return wordnet.index(POS[pos])


@lru_cache(maxsize=65536)
def _synset(pos: str, offset: int) -> tuple[tuple[str, ...], tuple[tuple[str, str, int], ...]]:
    """(lemmas, linked synsets as (symbol, pos, offset)) of one synset."""
    found = wordnet.synset(POS[pos], offset)
    if found is None:
        return (), ()
    lemmas = tuple(w.casefold() for w in found.words)
    links = []
    for symbol, target, mark, _src, _tgt in found.pointers:
        tpos = "a" if mark in ("s", "a") else mark
        if symbol in _LINKS and tpos in POS:
            links.append((symbol, tpos, target))
    return lemmas, tuple(links)


def _synset_links(pos: str, offset: int) -> tuple[tuple[str, int], ...]:
    return tuple((p, o) for sym, p, o in _synset(pos, offset)[1])


def _synset_derivations(pos: str, offset: int) -> tuple[tuple[str, int], ...]:
    return tuple((p, o) for sym, p, o in _synset(pos, offset)[1] if sym == "+")


_SUFFIXES = {
    "n": (("ses", "s"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("ies", "y"), ("s", "")),
    "v": (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
          ("ing", ""), ("s", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
}  # fmt: skip


@lru_cache(maxsize=65536)
def base_forms(word: str, pos: str) -> tuple[str, ...]:
    """Dictionary forms of ``word`` as a ``pos`` in WordNet (arrested -> arrest)."""
    index = _index(pos)
    word = word.casefold()
    found = []
    if word in index:
        found.append(word)
    found.extend(b for b in sorted(wordnet.irregular_bases(word)) if b in index and b not in found)
    for suffix, repl in _SUFFIXES[pos]:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: -len(suffix)] + repl
            if base in index and base not in found:
                found.append(base)
    return tuple(found)


@lru_cache(maxsize=65536)
def concepts(word: str) -> frozenset[tuple[str, int]]:
    """The synsets a word's first senses belong to, as nouns, verbs or adjectives."""
    out = set()
    for pos in POS:
        for base in base_forms(word, pos):
            out.update((pos, s) for s in _index(pos)[base][:SENSES])
    return frozenset(out)


@lru_cache(maxsize=65536)
def neighbourhood(word: str) -> frozenset[tuple[str, int]]:
    """A word's synsets and the synsets they point to (hypernyms, hyponyms, derivations)."""
    own = concepts(word)
    out = set(own)
    for pos, offset in own:
        out.update(_synset_links(pos, offset))
    return frozenset(out)


@lru_cache(maxsize=65536)
def derived(word: str) -> frozenset[tuple[str, int]]:
    """A word's synsets, their derivations (arrest the verb -> arrest the noun) and the first
    sense of the head noun of their multi-word lemmas ("taking into custody" -> custody,
    which is one synset with detention)."""
    own = concepts(word)
    out = set(own)
    for pos, offset in own:
        out.update(_synset_derivations(pos, offset))
    for pos, offset in sorted(out):
        for lemma in _synset(pos, offset)[0]:
            head = lemma.rpartition("_")[2]
            if "_" in lemma and len(head) > 3 and head in _index("n"):
                out.add(("n", _index("n")[head][0]))
    return frozenset(out)


def near_synonyms(a: str, b: str) -> bool:
    """Do two English words name one thing (arrest / detain / arrests; injured / wounded)?"""
    if a.casefold() == b.casefold():
        return True
    ca, cb = concepts(a), concepts(b)
    if not ca or not cb:
        return False
    if ca & cb or neighbourhood(a) & cb or ca & neighbourhood(b):
        return True
    return bool(derived(a) & derived(b))
