"""Cross-document alignment: the same quotation, entity and figure across documents.

Everything here is indexed, never all-pairs over every span: quotations are paired through an
inverted index of content words (of the quote and of its sentence), name forms through blocks
of similar tokens, figures through (kind, unit) buckets refined by context words. Pairs that
pass a similarity test are merged with union-find. Rules then look inside each cluster.

Quotations and figures are compared on their pivot-language rendering (the document's own
text when it is written in the pivot language, else its back-translation); names on the
original spelling, because spelling is what drifts.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein
from sacrebleu.metrics import CHRF

from transcheck.model import NameMention, NumberMention, Quote
from transcheck.textnorm import content_words, name_tokens, script_of

_CHRF = CHRF()

# Words before a name that mark it as a place (general grammar, per language).
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


# --------------------------------------------------------------------------- union-find


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return sorted(out.values(), key=lambda g: g[0])


def candidate_pairs(
    token_sets: list[Iterable[str]], *, min_shared: int = 1, max_df: int = 200
) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, that share at least ``min_shared`` index tokens.

    Tokens present in more than ``max_df`` items carry no signal and are not indexed, which
    keeps the work near-linear in the number of items.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(token_sets):
        for t in set(tokens):
            index[t].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for postings in index.values():
        if len(postings) < 2 or len(postings) > max_df:
            continue
        for a_pos, a in enumerate(postings):
            for b in postings[a_pos + 1 :]:
                shared[(a, b)] += 1
    for pair, count in sorted(shared.items()):
        if count >= min_shared:
            yield pair


@lru_cache(maxsize=200_000)
def chrf(a: str, b: str) -> float:
    """Symmetric chrF (mean of both directions), 0–100."""
    if not a or not b:
        return 0.0
    return (_CHRF.sentence_score(a, [b]).score + _CHRF.sentence_score(b, [a]).score) / 2


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# --------------------------------------------------------------------------- records


@dataclass
class QuoteItem:
    doc: str
    lang: str | None  # language of the document
    cmp_lang: str  # language the comparison text is in (pivot, or the original if untranslated)
    quote: Quote
    pivot: str  # the quotation in cmp_lang
    context: str  # the sentence around it in cmp_lang
    words: tuple[str, ...]  # content words of pivot
    ctx_words: frozenset[str]  # content words of the sentence, minus the quote's own
    native: bool = False  # written in the pivot language (no translation in between)
    shared_frame: bool = False  # its sentence holds other quotes too: the frame is ambiguous

    @property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)


@dataclass
class QuoteCluster:
    key: str
    items: list[QuoteItem]


@dataclass
class NameForm:
    """One spelling of a name, with every mention of it."""

    text: str
    tokens: tuple[str, ...]  # folded parts
    script: str
    mentions: list[tuple[str, NameMention]] = field(default_factory=list)
    langs: Counter = field(default_factory=Counter)
    place_votes: int = 0
    mid_sentence: int = 0  # mentions not at the start of a sentence or quotation

    @property
    def docs(self) -> set[str]:
        return {d for d, _ in self.mentions}


@dataclass
class VariantPair:
    """Two spellings that look like one name written two ways."""

    a: NameForm
    b: NameForm
    diacritics_only: bool


@dataclass
class RenamedPair:
    """Two names of one place/organisation, linked by the corpus ('X, formerly Y')."""

    new: str
    old: str
    evidence_doc: str


@dataclass
class NumberItem:
    doc: str
    lang: str | None
    mention: NumberMention
    unit: str | None
    ctx: frozenset[str]
    names: frozenset[str]
    sentence: tuple[int, int]
    pivot_sentence: str | None


@dataclass
class NumberCluster:
    key: str
    items: list[NumberItem]


@dataclass
class Alignment:
    quote_clusters: list[QuoteCluster] = field(default_factory=list)
    name_forms: dict[str, NameForm] = field(default_factory=dict)
    name_variants: list[VariantPair] = field(default_factory=list)
    renamed: list[RenamedPair] = field(default_factory=list)
    number_clusters: list[NumberCluster] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _sentence_for(ext, start: int, end: int) -> tuple[int, int] | None:
    """The smallest run of sentences covering [start, end) (sentences are sorted)."""
    sentences = ext.sentences
    if not sentences:
        return None
    starts = getattr(ext, "_sentence_starts", None)
    if starts is None or len(starts) != len(sentences):
        starts = [s.start for s in sentences]
        ext._sentence_starts = starts
    i = max(0, bisect.bisect_right(starts, start) - 1)
    if sentences[i].end <= start:
        i += 1
    first = last = None
    while i < len(sentences) and sentences[i].start < end:
        if sentences[i].end > start:
            first = first or sentences[i]
            last = sentences[i]
        i += 1
    if first is None:
        return None
    return (first.start, last.end)


def _comparable_text(ctx, doc_id: str, start: int, end: int) -> tuple[str, str] | None:
    """(text in comparison language, that language) for a span, or None when untranslated."""
    doc = ctx.documents[doc_id]
    if doc.lang == ctx.pivot:
        return " ".join(doc.text[start:end].split()), ctx.pivot
    rendered = ctx.extractions[doc_id].pivot.get((start, end))
    if rendered is not None:
        return rendered, ctx.pivot
    if not ctx.extractions[doc_id].pivot:
        # No engine for this language: compare in the original language with its own kind.
        return " ".join(doc.text[start:end].split()), doc.lang or "und"
    return None


# --------------------------------------------------------------------------- quotations

MIN_QUOTE_WORDS = 2  # content words; shorter quotes ("fake news") are labels, not statements


def _quote_items(ctx) -> list[QuoteItem]:
    items: list[QuoteItem] = []
    for doc_id in sorted(ctx.extractions):
        ext = ctx.extractions[doc_id]
        doc = ctx.documents[doc_id]
        rendered = {}
        for q in ext.quotes:
            got = _comparable_text(ctx, doc_id, q.start, q.end)
            if got is not None:
                rendered[(q.start, q.end)] = (got[0], got[1], tuple(content_words(*got)))
        frames: dict[tuple[int, int], tuple[str, frozenset[str], int]] = {}
        for q in ext.quotes:
            if (q.start, q.end) not in rendered:
                continue
            pivot_text, cmp_lang, words = rendered[(q.start, q.end)]
            if len(words) < MIN_QUOTE_WORDS:
                continue
            span = _sentence_for(ext, q.start, q.end)
            if span is not None and span not in frames:
                frames[span] = _quote_frame(ctx, doc_id, span, rendered)
            context, ctx_words, quotes_in_frame = frames.get(span, ("", frozenset(), 1))
            items.append(
                QuoteItem(
                    doc_id,
                    doc.lang,
                    cmp_lang,
                    q,
                    pivot_text,
                    context,
                    words,
                    ctx_words - set(words),
                    native=doc.lang == ctx.pivot,
                    shared_frame=quotes_in_frame > 1,
                )
            )
    return items


def _quote_frame(ctx, doc_id: str, span: tuple[int, int], rendered: dict):
    """The words said around the quotations of one sentence, and how many quotations it holds.

    The frame is what is said around the quotes, not another quote beside it; names in it are
    the speaker's, which the speaker check covers.
    """
    if span[1] - span[0] > LONG_SENTENCE:
        return "", frozenset(), 1
    ext = ctx.extractions[doc_id]
    got = _comparable_text(ctx, doc_id, *span)
    if got is None:
        return "", frozenset(), 1
    context, cmp_lang = got
    excluded: set[str] = set()
    count = 0
    for q in ext.quotes:
        if q.end > span[0] and q.start < span[1]:
            count += 1
            if (q.start, q.end) in rendered:
                excluded.update(rendered[(q.start, q.end)][2])
    for m in ext.names:
        if span[0] <= m.start < span[1]:
            excluded.update(name_tokens(m.text))
    return context, frozenset(content_words(context, cmp_lang)) - excluded, count


def _speaker_key(item: QuoteItem) -> str | None:
    if not item.quote.speaker:
        return None
    parts = name_tokens(item.quote.speaker)
    return parts[-1] if parts else None


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger (1.0 = one quote is part of the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


MIN_FRAME_WORDS = 4  # a frame of fewer content words ("X said on Friday") links nothing
FRAME_OVERLAP = 0.5


def context_linked(a: QuoteItem, b: QuoteItem) -> bool:
    """Same speaker (or none named) and the same sentence around the quote.

    This is how "fire without warning" meets "shoot to kill": different words, one frame.
    """
    sa, sb = _speaker_key(a), _speaker_key(b)
    if sa and sb and sa != sb:
        return False
    if a.shared_frame or b.shared_frame:
        return False
    # A named speaker on both sides vouches for a shorter frame.
    needed = MIN_FRAME_WORDS - 1 if sa and sa == sb else MIN_FRAME_WORDS
    if len(a.ctx_words) < needed or len(b.ctx_words) < needed:
        return False
    return jaccard(a.ctx_words, b.ctx_words) >= FRAME_OVERLAP


def quotes_same_statement(a: QuoteItem, b: QuoteItem) -> bool:
    """Are two quotations renderings (maybe partial, maybe drifted) of one statement?"""
    if a.doc == b.doc or a.cmp_lang != b.cmp_lang:
        return False
    wa, wb = a.word_set, b.word_set
    shared = len(wa & wb)
    if shared >= 3 and containment(wa, wb) >= 0.6:
        return True
    if shared >= 2 and (containment(wa, wb) == 1.0 or chrf(a.pivot, b.pivot) >= 55):
        return chrf(a.pivot, b.pivot) >= 40
    if chrf(a.pivot, b.pivot) >= 60:
        return True
    return context_linked(a, b)


def align_quotes(ctx) -> list[QuoteCluster]:
    items = _quote_items(ctx)
    if len(items) < 2:
        return []
    tokens = [[f"q:{w}" for w in it.words] + [f"c:{w}" for w in it.ctx_words] for it in items]
    max_df = max(50, len({it.doc for it in items}) // 2)
    scored = []
    for i, j in candidate_pairs(tokens, min_shared=2, max_df=max_df):
        a, b = items[i], items[j]
        if quotes_same_statement(a, b):
            score = max(containment(a.word_set, b.word_set), chrf(a.pivot, b.pivot) / 100)
            scored.append((-score, i, j))
    # Best links first; two quotations of one document are never merged through others
    # (that chain is how different statements of one speaker would end up together).
    uf = UnionFind(len(items))
    docs = {i: {it.doc} for i, it in enumerate(items)}
    for _, i, j in sorted(scored):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj or docs[ri] & docs[rj]:
            continue
        uf.union(ri, rj)
        docs[uf.find(ri)] = docs[ri] | docs[rj]
    clusters = []
    for group in uf.groups():
        members = [items[i] for i in group]
        if len({m.doc for m in members}) < 2:
            continue
        common = Counter(m.pivot.casefold() for m in members).most_common()
        best = min(common, key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        clusters.append(QuoteCluster(key="q:" + "-".join(content_words(best)[:5]), items=members))
    return _unique_keys(clusters)


def _unique_keys(clusters):
    seen: Counter[str] = Counter()
    for c in clusters:
        seen[c.key] += 1
        if seen[c.key] > 1:
            c.key = f"{c.key}-{seen[c.key]}"
    return clusters


# --------------------------------------------------------------------------- names


def _is_locative(doc, mention: NameMention) -> bool:
    words_before = re.findall(r"[^\W\d_]+", doc.text[max(0, mention.start - 30) : mention.start])
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


def collect_name_forms(ctx) -> dict[str, NameForm]:
    forms: dict[str, NameForm] = {}
    for doc_id in sorted(ctx.extractions):
        doc = ctx.documents[doc_id]
        vocab = ctx.lowercase_vocab.get(doc.lang or "und", set())
        for m in ctx.extractions[doc_id].names:
            text = " ".join(m.text.split())
            tokens = tuple(name_tokens(text))
            if not tokens or is_common_words(text, vocab):
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


_TRANSLIT_RULES = [
    (re.compile(r"dzh|dj"), "j"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ch(?=[rl])"), "k"),
    (re.compile(r"ck|q|c(?!h)"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"^i(?=[aeou])"), ""),
    (re.compile(r"(?<=[aeou])i(?=[aeou])"), ""),
    (re.compile(r"ie(?=v)"), "e"),
]


@lru_cache(maxsize=65536)
def translit_key(token: str) -> str:
    """Collapse spelling conventions of transliteration (Kassym/Kassim/Qasym -> kasim,
    Yevgeny/Evgeni -> evgeni, Tokayev/Tokaev -> tokaev)."""
    key = token
    for pattern, repl in _TRANSLIT_RULES:
        key = pattern.sub(repl, key)
    return key


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


def find_name_variants(forms: dict[str, NameForm]) -> list[VariantPair]:
    """Pairs of forms that spell one name differently, in documents that don't share them."""
    by_tokens: dict[tuple[str, ...], list[NameForm]] = defaultdict(list)
    for form in forms.values():
        by_tokens[form.tokens].append(form)

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
                            if _inflections(a, b):
                                continue
                            seen.add(pair_id)
                            first, second = sorted((a, b), key=lambda f: f.text)
                            pairs.append(VariantPair(first, second, diacritics_only=False))
    pairs.sort(key=lambda p: (p.a.text, p.b.text))
    return pairs


def find_renamed(ctx, forms: dict[str, NameForm]) -> list[RenamedPair]:
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


# --------------------------------------------------------------------------- numbers

SKIP_NUMBER_KINDS = {"year", "ordinal", "time", "date"}

MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre janvier février mars avril mai juin juillet août septembre octobre novembre
    décembre janeiro fevereiro março maio junho julho agosto setembro outubro novembro dezembro
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gener febrer abril
    juny juliol setembre desembre januar februar märz juni juli oktober dezember""".split()
)


def _is_date(text: str, start: int, end: int) -> bool:
    """A day of the month: 'March 10', '10 de marzo', '10 mars', 'le 10 mars'."""
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 20) : start])
    after = re.findall(r"[^\W\d_]+", text[end : end + 20])
    near = before[-1:] + after[:1] + (after[1:2] if after[:1] in (["de"], ["di"]) else [])
    return any(w.casefold() in MONTHS for w in near)


def _unit_after(text: str, lang: str | None) -> str | None:
    """The first content word within the three words after a number: its unit or noun."""
    for w in re.findall(r"[^\W\d_]+", text)[:3]:
        cw = content_words(w, lang)
        if cw:
            return cw[0]
    return None


def _unit_in_translation(sentence: str, n: NumberMention, pivot: str) -> str | None:
    """Find the number in the back-translated sentence (as written, or by value when the
    engine rewrote it: 'ocho' -> 'eight') and read the word after it."""
    from transcheck.extract import find_numbers

    at = sentence.find(n.text)
    if at >= 0:
        return _unit_after(sentence[at + len(n.text) :], pivot)
    for m in find_numbers(sentence, pivot):
        if m.value == n.value:
            return _unit_after(sentence[m.end :], pivot)
    return None


# Context for a figure: its sentence, or this many characters around it in a very long one.
CONTEXT_WINDOW = 300
LONG_SENTENCE = 2000


def _number_items(ctx) -> list[NumberItem]:
    items: list[NumberItem] = []
    for doc_id in sorted(ctx.extractions):
        ext = ctx.extractions[doc_id]
        doc = ctx.documents[doc_id]
        frames: dict[tuple[int, int], tuple | None] = {}  # per sentence, computed once
        for n in ext.numbers:
            if n.kind in SKIP_NUMBER_KINDS or _is_date(doc.text, n.start, n.end):
                continue
            span = _sentence_for(ext, n.start, n.end)
            if span is None:
                continue
            if span[1] - span[0] > LONG_SENTENCE:
                if doc.lang != ctx.pivot:
                    continue  # no reliable frame for one figure in a huge translated block
                span = (
                    max(span[0], n.start - CONTEXT_WINDOW),
                    min(span[1], n.end + CONTEXT_WINDOW),
                )
            shared_unit = None
            if span not in frames:
                frames[span] = _number_frame(ctx, doc_id, span)
            frame = frames[span]
            if frame is None:
                continue
            sentence, cmp_lang, words, names = frame
            if doc.lang == ctx.pivot or cmp_lang != ctx.pivot:
                unit = _unit_after(doc.text[n.end : n.end + 60], cmp_lang)
            else:
                unit = _unit_in_translation(sentence, n, ctx.pivot)
            if n.kind == "percent" or n.kind.startswith("money"):
                unit = n.kind  # the currency is the unit, whatever words follow
                shared_unit = f"*:{unit}"  # the same in every language
            elif unit in CLOCK_WORDS:
                continue
            items.append(
                NumberItem(
                    doc_id,
                    doc.lang,
                    n,
                    shared_unit if unit == n.kind else f"{cmp_lang}:{unit}" if unit else None,
                    words - {unit or ""},
                    names,
                    span,
                    None if doc.lang == ctx.pivot else sentence,
                )
            )
    return items


def _number_frame(ctx, doc_id: str, span: tuple[int, int]):
    """(sentence in comparison language, that language, its content words, name tokens)."""
    got = _comparable_text(ctx, doc_id, *span)
    if got is None:
        return None
    sentence, cmp_lang = got
    names = frozenset(
        t
        for m in ctx.extractions[doc_id].names
        if span[0] <= m.start < span[1]
        for t in name_tokens(m.text)
        if len(t) > 2
    )
    return sentence, cmp_lang, frozenset(content_words(sentence, cmp_lang)), names


# Words after a number that make it a clock time ("5 in the morning", "4.40 a.m.").
CLOCK_WORDS = frozenset("morn morning afternoon evening night am pm o'clock oclock h hrs".split())
# Two figures for one fact are of one magnitude (1,240 / 1,420); 64 and 38 million are not.
MAX_RATIO = 10.0


def numbers_same_fact(a: NumberItem, b: NumberItem) -> bool:
    if a.doc == b.doc or a.unit is None or a.unit != b.unit:
        return False
    lo, hi = sorted((abs(a.mention.value), abs(b.mention.value)))
    if lo == 0 or hi / lo > MAX_RATIO:
        return False
    if (a.mention.kind == "percent") != (b.mention.kind == "percent"):
        return False
    if a.names and b.names and not (a.names & b.names):
        return False
    shared = len(a.ctx & b.ctx)
    return shared >= 2 and jaccard(a.ctx, b.ctx) >= 0.2


def align_numbers(ctx) -> list[NumberCluster]:
    items = _number_items(ctx)
    if len(items) < 2:
        return []
    tokens = [
        [f"u:{it.unit}"] + [f"c:{it.unit}:{w}" for w in it.ctx] if it.unit else [] for it in items
    ]
    uf = UnionFind(len(items))
    max_df = max(50, len({it.doc for it in items}) // 2)
    values: dict[tuple[str, str | None], set[float]] = defaultdict(set)
    for it in items:
        values[(it.doc, it.unit)].add(it.mention.value)
    for i, j in candidate_pairs(tokens, min_shared=3, max_df=max_df):
        a, b = items[i], items[j]
        if a.mention.value != b.mention.value and (
            a.mention.value in values[(b.doc, b.unit)] or b.mention.value in values[(a.doc, a.unit)]
        ):
            continue  # each document also states the other's figure: two facts, not one
        if numbers_same_fact(a, b):
            uf.union(i, j)
    clusters = []
    for group in uf.groups():
        members = [items[i] for i in group]
        if len({m.doc for m in members}) < 2:
            continue
        unit = members[0].unit.split(":", 1)[1]
        top = Counter(m.mention.value for m in members).most_common(1)[0][0]
        clusters.append(NumberCluster(key=f"n:{unit}:{top:g}", items=members))
    return _unique_keys(clusters)


# --------------------------------------------------------------------------- entry point


def align(ctx) -> Alignment:
    """Group the same quotation, entity and figure across the documents of an audit."""
    forms = collect_name_forms(ctx)
    return Alignment(
        quote_clusters=align_quotes(ctx),
        name_forms=forms,
        name_variants=find_name_variants(forms),
        renamed=find_renamed(ctx, forms),
        number_clusters=align_numbers(ctx),
    )
