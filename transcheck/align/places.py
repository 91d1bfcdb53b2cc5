"""Places named two ways in one language, found with the gazetteer (no glossary needed).

A former name beside the current one (Bombay / Mumbai), an older transliteration (Kiev /
Kyiv): two name forms of the corpus that the gazetteer resolves to one place, used in one
language by documents that do not explain the change themselves. Across languages the same
resolution says the opposite: Greece / Grèce / Grecia are each language's own name.

Ambiguity is settled by general evidence only: the likeliest place for a name (countries
first, then population), a place named after a locative preposition, and the size of the
place when a name is only one of its alternates (a small town's other name that happens to
be a surname is not trusted without a locative).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from transcheck.align.names import NameForm
from transcheck.gazetteer import ALTERNATE, PARTIAL, Place, candidates, fold, name_kind

# Below this population an alternate name needs a locative ("in X") to be taken as the place.
TRUSTED_POPULATION = 100_000


@dataclass
class PlaceGroup:
    """Forms of the corpus that name one place, some of them in one language."""

    place: Place
    forms: list[NameForm]
    languages: list[str]  # languages in which two or more forms are used
    kinds: dict[str, str] = field(default_factory=dict)  # form -> what it is to the place


def resolve(form: NameForm) -> Place | None:
    """The place a corpus form names, when the evidence is good enough."""
    found = [m for m in candidates(form.text) if m.how != PARTIAL]
    if not found:
        return None
    best = found[0]
    untrusted = best.how == ALTERNATE and best.place.population < TRUSTED_POPULATION
    if untrusted and form.place_votes == 0:
        return None
    return best.place


def _contained(short: str, long_: str) -> bool:
    """'New York' in 'New York City', 'Petersburg' in 'Saint Petersburg': a short form."""
    a, b = short.split(), long_.split()
    return len(a) < len(b) and any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


def find_place_groups(forms: dict[str, NameForm], doc_lang: dict[str, str]) -> list[PlaceGroup]:
    """Places with two or more names in the corpus; ``languages`` says where they clash
    (``doc_lang``: each document's language)."""
    by_place: dict[str, list[NameForm]] = defaultdict(list)
    places: dict[str, Place] = {}
    # the last part of a longer name that is no place ('Jordan' of 'Michael Jordan') is
    # someone's surname here unless it is used as a place ('in Jordan')
    surnames = {
        form.tokens[-1] for form in forms.values() if len(form.tokens) > 1 and resolve(form) is None
    }
    for text in sorted(forms):
        form = forms[text]
        if len(form.tokens) == 1 and form.tokens[0] in surnames and form.place_votes == 0:
            continue
        place = resolve(form)
        if place is None:
            continue
        by_place[place.id].append(form)
        places[place.id] = place
    groups = []
    for pid in sorted(by_place):
        members = by_place[pid]
        if len({fold(f.text) for f in members}) < 2:
            continue
        place = places[pid]
        kinds = {f.text: name_kind(f.text, place) for f in members}
        clash = []
        langs = sorted({lang for f in members for lang in f.langs})
        if place.kind == "country" and "former name" not in kinds.values():
            langs = []  # a country's short and official names are both current (Czechia)
        for lang in langs:
            used = [f for f in members if f.langs.get(lang)]
            if _variants_in_language(used, lang, doc_lang):
                clash.append(lang)
        groups.append(
            PlaceGroup(
                place=place,
                forms=members,
                languages=clash,
                kinds=kinds,
            )
        )
    return groups


def _variants_in_language(used: list[NameForm], lang: str, doc_lang: dict[str, str]) -> bool:
    """Two forms of one language that are not the same fold, not one inside the other, and
    not both in every document that uses them (a document giving both explains itself)."""
    for i, a in enumerate(used):
        for b in used[i + 1 :]:
            fa, fb = fold(a.text), fold(b.text)
            if fa == fb or _contained(fa, fb) or _contained(fb, fa):
                continue
            docs_a = {d for d, _ in a.mentions if doc_lang.get(d) == lang}
            docs_b = {d for d, _ in b.mentions if doc_lang.get(d) == lang}
            if docs_a - docs_b and docs_b - docs_a:
                return True
    return False
