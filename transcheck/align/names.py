"""Aligning names: spellings of one name (transliteration-aware) and renamed places."""

from __future__ import annotations

import os
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler, Levenshtein

from transcheck.context import AuditContext
from transcheck.model import OFFSETS, NameMention
from transcheck.textnorm import name_tokens, script_of, translit_key

LOCATIVE = {
    "en": {"in", "at", "near", "from", "outside", "across", "into", "to", "towards"},
    "es": {"en", "desde", "hacia", "cerca"},
    "fr": {"à", "en", "dans", "près", "vers", "depuis"},
    "pt": {"em", "no", "na", "perto", "desde"},
    "it": {"a", "in", "presso", "vicino", "da"},
    "ca": {"a", "en", "prop", "des"},
    "gl": {"en", "a", "preto", "desde"},
    "de": {"in", "bei", "nach", "aus", "nahe"},
}

# "X, formerly Y" / "X (formerly Y)": a renamed place or organisation named in the corpus.
FORMERLY = {
    "en": r"formerly(?: known as| called)?|previously(?: known as| called)|once called|then called",
    "es": r"antes(?: llamad[oa]| conocid[oa] como| denominad[oa])?|antigua(?:mente)?(?: llamad[oa])?",
    "fr": r"anciennement(?: appelée?| nommée?)?|autrefois(?: appelée?)?|ex-",
    "pt": r"antes(?: chamad[oa]| conhecid[oa] como)?|antiga(?:mente)?(?: chamad[oa])?",
    "it": r"già|precedentemente(?: chiamat[oa])?|ex",
    "ca": r"abans(?: anomenad[ao])?|antigament",
}


class Mentions:
    """(document id, mention) pairs, as a list of them reads, held as columns: the
    documents and texts (shared strings) and the offsets (an array of ints). At 10,000
    generated articles there are ~330,000 name mentions: as tuples they took 20 MB, as
    mention objects (a document's own may be read back from disk: see
    ``transcheck.textspill``) 14 MB; a mention is made again when iterated."""

    __slots__ = ("docs", "spans", "texts")

    def __init__(self, pairs: Iterable[tuple[str, NameMention]] = ()) -> None:
        self.docs: list[str] = []
        self.texts: list[str] = []
        self.spans = array("q")  # start, end of each
        self.extend(pairs)

    def extend(self, pairs: Iterable[tuple[str, NameMention]]) -> None:
        for pair in pairs:
            self.append(pair)

    def append(self, pair: tuple[str, NameMention]) -> None:
        doc_id, mention = pair
        self.docs.append(doc_id)
        self.texts.append(mention.text)
        self.spans.append(mention.start)
        self.spans.append(mention.end)

    def __iter__(self) -> Iterator[tuple[str, NameMention]]:
        spans, at = self.spans, OFFSETS.get
        for i, (doc_id, text) in enumerate(zip(self.docs, self.texts, strict=True)):
            start, end = spans[2 * i], spans[2 * i + 1]
            yield doc_id, NameMention(at(start, start), at(end, end), text)

    def __len__(self) -> int:
        return len(self.docs)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Mentions | list) else NotImplemented

    def __repr__(self) -> str:
        return f"Mentions({list(self)!r})"


@dataclass
class NameForm:
    """One spelling of a name, with every mention of it."""

    text: str
    tokens: tuple[str, ...]  # folded parts
    script: str
    mentions: Mentions = field(default_factory=Mentions)
    langs: Counter = field(default_factory=Counter)
    place_votes: int = 0
    mid_sentence: int = 0  # mentions not at the start of a sentence or quotation

    @property
    def docs(self) -> set[str]:
        return set(self.mentions.docs)


@dataclass
class VariantPair:
    """Two spellings that look like one name written two ways."""

    a: NameForm
    b: NameForm
    diacritics_only: bool
    shortened: str | None = None  # the text of the form that cuts the other one short


@dataclass
class RenamedPair:
    """Two names of one place/organisation, linked by the corpus ('X, formerly Y')."""

    new: str
    old: str
    evidence_doc: str


# --------------------------------------------------------------------------- names


_WORDS = re.compile(r"[^\W\d_]+")


def _is_locative(doc, mention: NameMention) -> bool:
    words_before = _WORDS.findall(doc.text[max(0, mention.start - 30) : mention.start])
    if not words_before:
        return False
    prev = words_before[-1].casefold()
    return prev in LOCATIVE.get(doc.lang or "en", LOCATIVE["en"])


def is_common_words(text: str, vocab: set[str]) -> bool:
    """A capitalised sequence whose every word is seen lowercase elsewhere ("Police", "Keep")."""
    parts = [p for p in re.split(r"[\s\-‐]+", text) if p]
    return bool(parts) and all(p.casefold() in vocab or p.lower() in vocab for p in parts)


_OPENERS = frozenset(".!?:;\"“”„«»‹›‘’‚'—–-([")


def at_sentence_start(text: str, pos: int) -> bool:
    """Does the word at ``pos`` open a sentence, a paragraph or a quotation?"""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\u202f":
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in _OPENERS


def names_to_protect(text: str, mentions: Iterable[NameMention], vocab: set[str]) -> set[str]:
    """Names worth shielding from the engine: not common words, and a one-word name only when
    it also appears inside a sentence (a capital at a sentence start proves nothing)."""
    mid_sentence = {m.text for m in mentions if not at_sentence_start(text, m.start)}
    out = set()
    for m in mentions:
        if is_common_words(m.text, vocab):
            continue
        if len(m.text.split()) == 1 and m.text not in mid_sentence:
            continue
        out.add(m.text)
    return out


def collect_name_forms(ctx: AuditContext) -> dict[str, NameForm]:
    forms: dict[str, NameForm] = {}
    # per language and spelling: its tokens, or None when it is no name (names recur)
    seen: dict[tuple[str, str], tuple[str, ...] | None] = {}
    for doc_id in sorted(ctx.extractions):
        doc = ctx.documents[doc_id]
        lang = doc.lang or "und"
        vocab = ctx.lowercase_vocab.get(lang, set())
        for m in ctx.extractions[doc_id].names:
            text = " ".join(m.text.split())
            key = (lang, text)
            if key in seen:
                tokens = seen[key]
            else:
                tokens = tuple(name_tokens(text)) or None
                if tokens and is_common_words(text, vocab):
                    tokens = None
                seen[key] = tokens
            if tokens is None:
                continue
            form = forms.get(text)
            if form is None:
                form = forms[text] = NameForm(text, tokens, script_of(text))
            form.mentions.append((doc_id, m))
            form.langs[doc.lang or "und"] += 1
            if _is_locative(doc, m):
                form.place_votes += 1
            if not at_sentence_start(doc.text, m.start):
                form.mid_sentence += 1
    # A one-word "name" seen only at sentence starts is most likely a common word.
    return {
        text: form for text, form in forms.items() if len(form.tokens) > 1 or form.mid_sentence > 0
    }


# A name and a word derived from it (Velesia / Velesian / Bolivianer / Mazedoniens): not variants.
DERIVED_SUFFIXES = (
    "n",
    "an",
    "ian",
    "ese",
    "ish",
    "i",
    "ns",
    "ans",
    "ians",
    "s",
    "er",
    "es",
    "en",
    "ens",
    "ern",
    "ers",
    "o",
    "os",
    "a",
    "as",
    "e",
)


def tokens_similar(a: str, b: str) -> bool:
    """Two folded name parts that are one name spelled two ways (Kassym/Kassim, Tokayev/Tokaev)."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < 4:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short) :] in DERIVED_SUFFIXES:
        return False  # a name and its adjective: Velesia / Velesian
    ka, kb = translit_key(a), translit_key(b)
    if ka == kb:
        return True
    distance = Levenshtein.distance(a, b)
    if distance <= max(1, shortest // 4) and JaroWinkler.similarity(a, b) >= 0.88:
        return True
    return (
        shortest >= 6
        and Levenshtein.distance(ka, kb) <= 1
        and JaroWinkler.similarity(ka, kb) >= 0.9
    )


def given_names_similar(a: str, b: str) -> bool:
    """Looser test for a part of a name whose other parts are identical (Kathryn / Katherine
    Mayorga): one more edit is allowed on the transliteration keys of long enough parts."""
    if tokens_similar(a, b):
        return True
    ka, kb = translit_key(a), translit_key(b)
    shortest = min(len(ka), len(kb))
    return (
        shortest >= 6
        and Levenshtein.distance(ka, kb) <= 2
        and JaroWinkler.similarity(ka, kb) >= 0.9
    )


def _block_keys(token: str) -> list[str]:
    key = translit_key(token)
    return [f"p:{token[:2]}", f"s:{token[-3:]}", f"k:{key[:2]}", f"t:{key[-3:]}"]


# Languages whose nouns (names included) take case endings: Югославия / Югославии.
INFLECTING = frozenset(
    "ru uk be bg kk ky uz tt pl cs sk sl hr sr bs mk fi et hu lt lv tr az de el la ka hy".split()
)


def _inflections(a: NameForm, b: NameForm) -> bool:
    """Do two forms differ only in word endings, in a language that inflects names?"""
    if not (set(a.langs) | set(b.langs)) & INFLECTING:
        return False
    for x, y in zip(a.tokens, b.tokens, strict=True):
        if x == y:
            continue
        common = len(os.path.commonprefix([x, y]))
        if common < 4 or common < min(len(x), len(y)) - 2:
            return False
    return True


def _parts_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Every part equal or similar; with another part identical, one part may differ a bit more."""
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if not differing:
        return False
    if len(differing) == 1 and len(a) > 1:
        return given_names_similar(*differing[0])
    return all(tokens_similar(x, y) for x, y in differing)


def _company(forms: dict[str, NameForm]) -> dict[str, set[str]]:
    """For each form, the heads of the other names in its documents (the company it keeps)."""
    heads_in_doc: dict[str, set[str]] = defaultdict(set)
    for form in forms.values():
        for doc in form.docs:
            heads_in_doc[doc].add(form.tokens[-1])
    return {
        text: set().union(*(heads_in_doc[d] for d in form.docs)) - {form.tokens[-1]}
        for text, form in forms.items()
    }


def _same_story(a: NameForm, b: NameForm, company: dict[str, set[str]]) -> bool:
    """Two spellings of one name keep the same company (the other people and places of the
    story); Belona and Melona in articles that share no other name are two places."""
    ca = company[a.text] - {b.tokens[-1]}
    cb = company[b.text] - {a.tokens[-1]}
    return not ca or not cb or bool(ca & cb)


def find_name_variants(forms: dict[str, NameForm]) -> list[VariantPair]:
    """Pairs of forms that spell one name differently, in documents that don't share them."""
    by_tokens: dict[tuple[str, ...], list[NameForm]] = defaultdict(list)
    for form in forms.values():
        by_tokens[form.tokens].append(form)

    company = _company(forms)
    pairs: list[VariantPair] = []
    # 1. Same folded tokens, different surface: diacritics or case only (Tokáyev / Tokayev).
    for group in by_tokens.values():
        group = sorted(group, key=lambda f: f.text)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.script == b.script and not (a.docs & b.docs):
                    pairs.append(VariantPair(a, b, diacritics_only=True))

    # 2. Similar tokens at every position (blocked on token prefixes/suffixes).
    keys = list(by_tokens)
    token_vocab = sorted({t for k in keys for t in k if len(t) >= 4})
    blocks: dict[str, list[str]] = defaultdict(list)
    for t in token_vocab:
        for key in _block_keys(t):
            blocks[key].append(t)
    similar: dict[str, set[str]] = defaultdict(set)
    for members in blocks.values():
        if len(members) > 400:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if given_names_similar(a, b):
                    similar[a].add(b)
                    similar[b].add(a)
    by_position: dict[tuple[int, int, str], list[tuple[str, ...]]] = defaultdict(list)
    for key in keys:
        for pos, tok in enumerate(key):
            by_position[(len(key), pos, tok)].append(key)
    seen: set[tuple[str, str]] = set()
    for key in keys:
        for pos, tok in enumerate(key):
            for alt in sorted(similar.get(tok, ())):
                for cand in by_position.get((len(key), pos, alt), ()):
                    if not _parts_match(key, cand):
                        continue
                    if len(key) == 1 and min(len(key[0]), len(cand[0])) < 5:
                        continue
                    for a in by_tokens[key]:
                        for b in by_tokens[cand]:
                            pair_id = tuple(sorted((a.text, b.text)))
                            if pair_id in seen or a.script != b.script or a.docs & b.docs:
                                continue
                            if _inflections(a, b) or not _same_story(a, b, company):
                                continue
                            seen.add(pair_id)
                            first, second = sorted((a, b), key=lambda f: f.text)
                            pairs.append(VariantPair(first, second, diacritics_only=False))
    for short, full in _shortened_names(forms):
        pair_id = tuple(sorted((short.text, full.text)))
        if pair_id in seen or short.docs & full.docs or not _same_story(short, full, company):
            continue
        seen.add(pair_id)
        first, second = sorted((short, full), key=lambda f: f.text)
        pairs.append(VariantPair(first, second, diacritics_only=False, shortened=short.text))
    pairs.sort(key=lambda p: (p.a.text, p.b.text))
    return pairs


def _words(text: str) -> tuple[str, ...]:
    return tuple(" ".join(name_tokens(w)) for w in text.split())


def _shortened_names(forms: dict[str, NameForm]) -> list[tuple[NameForm, NameForm]]:
    """A full name cut short: the hyphenated last part truncated ('Moon Jae' for 'Moon
    Jae-in'), or a given name dropped from the middle of a three-part personal name ('Nguyen
    Thanh' for 'Nguyen Van Thanh'). A surname alone is a normal later mention, not a cut;
    initials and particles dropped are normal too. Indexed, never all pairs."""
    by_words: dict[tuple[str, ...], list[NameForm]] = defaultdict(list)
    for form in forms.values():
        by_words[_words(form.text)].append(form)
    out = []
    for text in sorted(forms):
        full = forms[text]
        words = text.split()
        if len(words) < 2 or not all(w[:1].isupper() for w in words):
            continue
        keys = _words(text)
        shorter: list[tuple[str, ...]] = []
        head, sep, tail = words[-1].partition("-")
        # 'Korean-owned', 'Paris-based': a compound adjective, not a name's last part
        # ... nor a case ending in another script ('Fox News-ті')
        if (
            sep
            and head[:1].isupper()
            and len(head) >= 2
            and not tail.endswith(("ed", "ing"))
            and script_of(tail) == script_of(head)
        ):
            shorter.append(keys[:-1] + (" ".join(name_tokens(head)),))
        if len(words) == 3 and len(words[1].rstrip(".")) > 1 and "-" not in words[1]:
            shorter.append((keys[0], keys[2]))
        for key in shorter:
            for short in by_words.get(key, ()):
                usable = short.script == full.script and len(short.tokens) >= 2
                if usable and not _names_a_place(short.text):
                    out.append((short, full))
    return out


def _names_a_place(text: str) -> bool:
    """A place or a word made from one ('South Korean'): not a person's name cut short."""
    from transcheck.gazetteer import candidates, country_of_word

    return bool(candidates(text) or country_of_word(text))


def find_renamed(ctx: AuditContext, forms: dict[str, NameForm]) -> list[RenamedPair]:
    """'Almaty, formerly Alma Ata' and similar statements in the corpus link two names."""
    out: dict[tuple[str, str], RenamedPair] = {}
    names_by_doc: dict[str, list[NameMention]] = defaultdict(list)
    for form in forms.values():
        for doc_id, m in form.mentions:
            names_by_doc[doc_id].append(m)
    for doc_id in sorted(names_by_doc):
        doc = ctx.documents[doc_id]
        pattern = FORMERLY.get(doc.lang or "en")
        if not pattern:
            continue
        linker = re.compile(rf"^\s*[,(]?\s*(?:{pattern})\s*$", re.IGNORECASE)
        mentions = sorted(names_by_doc[doc_id], key=lambda m: m.start)
        for a, b in zip(mentions, mentions[1:], strict=False):
            between = doc.text[a.end : b.start]
            if len(between) <= 40 and linker.match(between):
                new, old = " ".join(a.text.split()), " ".join(b.text.split())
                out.setdefault((new, old), RenamedPair(new, old, doc_id))
    return [out[k] for k in sorted(out)]
