"""Translation sets: which documents render the same article, and which one is the source.

Declared first, from the file layout or front matter:
- ``story.en.txt`` / ``story_es.txt`` / ``story-fr.md`` — one stem with a language suffix;
- ``story/en.txt``, ``story/fr.txt`` — files named by their language in one folder;
- front matter ``translation_of: story.en`` (a document id or file name) and ``source: true``.

Otherwise detected from content: two documents in different languages are renderings of one
article when they carry the same figures in the same order and the same names, at a length
ratio a translation can have. Candidates come from an inverted index of rare anchors (never
all pairs). A set holds at most one document per language; documents about one story that
are not translations of each other stay out of sets and keep the cross-document comparison.

The source is the declared one, else the pivot-language document, else the first by id.
"""

from __future__ import annotations

import re
from collections import defaultdict

from transcheck.align.common import UnionFind, candidate_pairs
from transcheck.align.sentences import name_stem
from transcheck.langid import normalize_lang_code
from transcheck.model import Document, Extraction, TranslationSet
from transcheck.textnorm import name_tokens

# A file stem that is a language tag: ``fr``, ``pt-BR``, ``zh_Hant``.
_LANG_STEM = re.compile(r"[a-z]{2,3}(?:[-_](?:[A-Za-z]{2}|[A-Za-z]{4}))?")
# ``story.es`` / ``story_es`` / ``story-pt_BR``
_LANG_SUFFIX = re.compile(r"(.+?)[._-]([a-z]{2,3})(?:[-_][A-Z]{2})?")

# Content detection: how alike two documents' anchors must be.
MIN_ANCHORS = 4  # figures + names each document needs to be judged at all
MIN_SIMILARITY = 0.6
LENGTH_RATIO = (0.45, 2.2)  # characters of a translation / characters of its source
MAX_POSTINGS = 50  # an anchor in more documents than this says nothing about translation


def _lang_of_tag(tag: str) -> str | None:
    return normalize_lang_code(tag, strict=True)


def declared_key(doc: Document) -> str | None:
    """The article a document's id says it renders (``story`` for ``story.es``/``story/es``)."""
    folder, _, stem = doc.id.rpartition("/")
    if _LANG_STEM.fullmatch(stem) and _lang_of_tag(stem):
        return folder or "."
    m = _LANG_SUFFIX.fullmatch(stem)
    if m and _lang_of_tag(m.group(2)) and m.group(2) == (doc.declared_lang or m.group(2)):
        return f"{folder}/{m.group(1)}" if folder else m.group(1)
    return None


def _resolve(ref: str, documents: dict[str, Document]) -> str | None:
    """A front-matter reference (id, file name, or path) to a document id."""
    ref = ref.strip().strip("/")
    if ref in documents:
        return ref
    for doc in documents.values():
        if doc.path.endswith(ref) or doc.id.rsplit("/", 1)[-1] == ref.rsplit(".", 1)[0]:
            return doc.id
    return None


def _choose_source(members: list[str], documents: dict[str, Document], pivot: str) -> str:
    for doc_id in members:
        if documents[doc_id].declared_source:
            return doc_id
    for doc_id in members:
        if documents[doc_id].lang == pivot:
            return doc_id
    return members[0]


def _one_per_language(members: list[str], documents: dict[str, Document]) -> bool:
    langs = [documents[m].lang for m in members]
    return None not in langs and len(set(langs)) == len(langs)


def _anchors(doc: Document, ext: Extraction) -> tuple[list[str], set[str]]:
    """Figures in order (as value keys) and folded name parts of a document."""
    figures = [_value_key(n.value) for n in ext.numbers if abs(n.value) >= 2]
    names = {name_stem(t) for m in ext.names for t in name_tokens(m.text) if len(t) >= 4}
    return figures, names


def _value_key(value: float) -> str:
    return f"{value:.6g}"


def _lcs(a: list[str], b: list[str]) -> int:
    if len(a) * len(b) > 250_000:  # long documents: compare the first figures only
        a, b = a[:500], b[:500]
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def similarity(a: tuple[list[str], set[str], int], b: tuple[list[str], set[str], int]) -> float:
    """How likely two documents render one article: shared figures in order, shared names."""
    (fa, na, la), (fb, nb, lb) = a, b
    if not la or not lb or not LENGTH_RATIO[0] <= lb / la <= LENGTH_RATIO[1]:
        return 0.0
    if len(fa) + len(na) < MIN_ANCHORS or len(fb) + len(nb) < MIN_ANCHORS:
        return 0.0
    parts, weights = [], []
    if fa or fb:
        parts.append(_lcs(fa, fb) / max(len(fa), len(fb)))
        weights.append(min(len(fa), len(fb)) + 1)
    if na or nb:
        parts.append(len(na & nb) / max(len(na), len(nb)))
        weights.append(min(len(na), len(nb)) + 1)
    return sum(p * w for p, w in zip(parts, weights, strict=True)) / sum(weights)


def find_translation_sets(
    documents: dict[str, Document], extractions: dict[str, Extraction], pivot: str
) -> list[TranslationSet]:
    """Group documents into translation sets (declared first, then detected from content)."""
    ids = sorted(documents)
    groups: dict[str, list[str]] = defaultdict(list)
    declared_by_front: dict[str, list[str]] = defaultdict(list)
    for doc_id in ids:
        doc = documents[doc_id]
        if doc.translation_of:
            source = _resolve(doc.translation_of, documents)
            if source and source != doc_id:
                declared_by_front[source].append(doc_id)
                continue
        key = declared_key(doc)
        if key is not None:
            groups[key].append(doc_id)

    sets: list[TranslationSet] = []
    taken: set[str] = set()
    for source, members in sorted(declared_by_front.items()):
        everyone = sorted({source, *members})
        sets.append(_make_set(everyone, documents, pivot, declared=True, source=source))
        taken.update(everyone)
    for _key, members in sorted(groups.items()):
        members = [m for m in members if m not in taken]
        if len(members) >= 2 and _one_per_language(members, documents):
            sets.append(_make_set(members, documents, pivot, declared=True))
            taken.update(members)

    rest = [d for d in ids if d not in taken and documents[d].lang]
    sets.extend(_detect(rest, documents, extractions, pivot))
    for tset in sets:
        tset.id = f"set:{tset.source}"  # a document is the source of one set at most
    return sorted(sets, key=lambda s: s.id)


def _make_set(
    members: list[str],
    documents: dict[str, Document],
    pivot: str,
    *,
    declared: bool,
    source: str | None = None,
) -> TranslationSet:
    source = source or _choose_source(members, documents, pivot)
    return TranslationSet(
        id="",
        source=source,
        translations=[m for m in members if m != source],
        declared=declared,
    )


def _detect(
    ids: list[str],
    documents: dict[str, Document],
    extractions: dict[str, Extraction],
    pivot: str,
) -> list[TranslationSet]:
    if len(ids) < 2:
        return []
    prints = []
    for doc_id in ids:
        figures, names = _anchors(documents[doc_id], extractions[doc_id])
        prints.append((figures, names, len(documents[doc_id].text)))
    tokens = [set(p[0]) | {"n:" + n for n in p[1]} for p in prints]
    scored = []
    for i, j in candidate_pairs(tokens, min_shared=3, max_df=MAX_POSTINGS):
        if documents[ids[i]].lang == documents[ids[j]].lang:
            continue
        score = similarity(prints[i], prints[j])
        if score >= MIN_SIMILARITY:
            scored.append((-score, i, j))
    scored.sort()
    uf = UnionFind(len(ids))
    langs: dict[int, set[str]] = {i: {documents[ids[i]].lang} for i in range(len(ids))}
    for _neg, i, j in scored:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj or langs[ri] & langs[rj]:
            continue  # one language twice: two articles, not one article's renderings
        uf.union(ri, rj)
        root = uf.find(ri)
        langs[root] = langs[ri] | langs[rj]
    out = []
    for group in uf.groups():
        if len(group) >= 2:
            out.append(_make_set([ids[g] for g in group], documents, pivot, declared=False))
    return out
