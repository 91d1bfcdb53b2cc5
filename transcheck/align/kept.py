"""Pairing again only what changed since the last audit, with exactly the pairs a full
pairing finds.

A pairing (figures by their context words, figures by their frames, quotations by their
words) indexes units (a figure; a node of identical quotations) in a
:class:`~transcheck.align.common.PairIndex` and scores the candidate pairs with a test that
reads the two units alone and their documents (their text, analysis and the names that tell
stories apart). Whether two units are candidates depends on their tokens, on which tokens
are indexed (found in 2 to ``max_df`` groups) and on the groups of copies they belong to.

So each unit is known by its owner and place (:class:`Units`): the signature of its document
as it is (its content and analysis, the names of :class:`~transcheck.align.common.Stories`),
or of its documents for a unit spanning several, and its place there. A pair of units known
to the last audit, in groups of copies of the same size, holding no token whose indexed
state changed, is a candidate now exactly when it was then, and scores as it did: its kept
score is used. Every pair with any other unit is found and scored again. Kept in the
analysis cache with the per-document items (``transcheck.memo.DocItems``, table ``pairs``:
the code and the pivot are in its salt).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from transcheck.align.common import PairIndex, Stories
from transcheck.context import AuditContext

# Where the per-document records kept between audits are found: ``ctx.shared[KEPT]``, a
# ``transcheck.memo.DocItems`` (set by the audit when a cache is open).
KEPT = "kept-items"

TABLE = "pairs"

Score = tuple  # what a pairing sorts its pairs by (JSON numbers), before the two units


def kept_part(ctx: AuditContext, doc_id: str, part: str, decode: Callable):
    """What ``decode(ctx, doc_id, raw)`` reads from the kept record ``part`` of a document,
    or None when there is none or it cannot be read (a damaged or older record is a miss)."""
    kept = ctx.shared.get(KEPT)
    raw = kept.get(doc_id, part) if kept is not None else None
    if raw is None:
        return None
    try:
        return decode(ctx, doc_id, raw)
    except Exception:
        return None


def kept_result(
    kept,
    table: str,
    key: str,
    decode: Callable[[Any], Any],
    compute: Callable[[], Any],
    encode: Callable[[Any], Any],
):
    """A result of ``table`` kept under ``key`` between audits (``kept``: a
    ``transcheck.memo.DocItems``), as ``decode`` reads it (None or an error: not readable, a
    damaged or older entry); else ``compute()``, kept as ``encode`` writes it."""
    raw = kept.result(table, key)
    if raw is not None:
        try:
            got = decode(raw)
        except (TypeError, IndexError, KeyError, ValueError):
            got = None
        if got is not None:
            return got
    value = compute()
    kept.put_result(table, key, encode(value))
    return value


def doc_signatures(ctx: AuditContext, stories: Stories | None) -> dict[str, str] | None:
    """Per document, a digest of what a pairing test reads of it: its id, its content and
    analysis (as kept items are keyed) and the names that relate it to other stories; None
    when nothing is kept between audits."""
    kept = ctx.shared.get(KEPT)
    if kept is None:
        return None
    done = ctx.shared.get(_SIGNATURES)
    if done is not None and done[0] is stories:  # figures and quotations ask alike
        return done[1]
    out: dict[str, str] = {}
    for doc_id in ctx.extractions:
        content = kept.keys.get(doc_id)
        if content is None:
            return None
        heads = sorted(stories.heads.get(doc_id, ())) if stories is not None else None
        text = json.dumps([doc_id, content, heads], ensure_ascii=False)
        out[doc_id] = hashlib.blake2b(
            text.encode("utf-8", "surrogatepass"), digest_size=12
        ).hexdigest()
    ctx.shared[_SIGNATURES] = (stories, out)
    return out


_SIGNATURES = "kept.doc_signatures"  # (the stories they were made with, the signatures)


def node_owner(parts: Iterable[tuple[str, int]]) -> str:
    """The owner of a unit made of items of several documents ((document signature, place)
    of each): a digest of them all."""
    text = " ".join(f"{doc}:{at}" for doc, at in parts)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def places(items: Sequence) -> list[int]:
    """Each item's place among its document's items (items come document by document)."""
    out, at, last = [], 0, None
    for it in items:
        at = at + 1 if it.doc == last else 0
        last = it.doc
        out.append(at)
    return out


@dataclass(frozen=True)
class Units:
    """Who each unit of a pairing is, as the next audit will know it again: its owner (its
    document's signature, :func:`doc_signatures`; for a unit made of items of several
    documents, :func:`node_owner`) and its place there. Equal owner and place, equal unit."""

    owners: Sequence[str]
    places: Sequence[int]


def scored_pairs(
    ctx: AuditContext,
    name: str,
    units: Units | None,
    token_sets: Iterable[Iterable[str]],
    score: Callable[[int, int], Score | None],
    *,
    min_shared: int,
    max_df: int,
    copies: Sequence[Hashable] | None = None,
    per_item: bool = False,
) -> list[tuple]:
    """Every candidate pair (i, j), i < j, that ``score`` keeps, as ``(*score, i, j)``: the
    kept ones of pairing ``name`` where nothing they read changed, the others scored now
    (all of them when ``units`` is None: nothing is kept)."""
    index = PairIndex(token_sets, max_df=max_df, copies=copies, per_item=per_item)
    kept = ctx.shared.get(KEPT) if units is not None else None
    state = _load(kept, name) if kept is not None else None
    out: list[tuple] = []
    only = None
    if state is not None:
        known, sizes, indexed, pairs = state
        only = _changed_groups(index, units, known, sizes, indexed)
        wanted = {p[-4] for p in pairs} | {p[-2] for p in pairs}
        at = {
            (owner, place): i
            for i, (owner, place) in enumerate(zip(units.owners, units.places, strict=True))
            if owner in wanted
        }
        group_of = index.group_of
        for *kept_score, owner_a, place_a, owner_b, place_b in pairs:
            i, j = at.get((owner_a, place_a)), at.get((owner_b, place_b))
            if i is None or j is None or group_of[i] in only or group_of[j] in only:
                continue
            out.append((*kept_score, i, j) if i < j else (*kept_score, j, i))
    index.keep_indexed()  # (after the changed groups: a token that ceased to be indexed)
    for i, j in index.pairs(min_shared, only):
        got = score(i, j)
        if got is not None:
            out.append((*got, i, j))
    if kept is not None:
        kept.put_result(TABLE, name, _state(index, units, out))
    return out


def _state(index: PairIndex, units: Units, out: list[tuple]) -> dict:
    """What the next audit reads (JSON): the places of each owner's units (their count when
    they are 0, 1, ...), the sizes of the groups of copies (of more than one unit), the
    indexed tokens and the scored pairs by owner and place."""
    owners, places = units.owners, units.places
    known: dict[str, list[int]] = {}
    for owner, place in zip(owners, places, strict=True):
        known.setdefault(owner, []).append(place)
    sizes: dict[str, list[list[int]]] = {}
    for members in index.members:
        if len(members) > 1:
            for i in members:
                sizes.setdefault(owners[i], []).append([places[i], len(members)])
    return {
        "known": {
            owner: len(got) if got == list(range(len(got))) else sorted(got)
            for owner, got in known.items()
        },
        "sizes": sizes,
        "indexed": sorted(index.indexed),
        "pairs": [
            [*entry[:-2], owners[i], places[i], owners[j], places[j]]
            for entry in out
            for i, j in (entry[-2:],)
        ],
    }


def _changed_groups(
    index: PairIndex, units: Units, known: dict, sizes: dict, indexed: set
) -> set[int]:
    """The groups whose pairs must be found again: a unit not seen as it is now, a group that
    gained or lost a unit, or a token that became indexed or ceased to be."""
    # (a new set: the difference is made from a copy of the last audit's thousands of
    # tokens, and a set keeps the table it grew to, which isdisjoint walks for each group)
    flipped = frozenset(indexed.symmetric_difference(index.indexed))
    owners, places = units.owners, units.places
    changed = set()
    keys = index.keys
    for g, members in enumerate(index.members):
        n = len(members)
        for i in members:
            owner, place = owners[i], places[i]
            seen = known.get(owner)
            if seen is None or (place >= seen if isinstance(seen, int) else place not in seen):
                break  # a unit not seen before
            before = sizes.get(owner)
            if (before.get(place, 1) if before is not None else 1) != n:
                break  # its group of copies gained or lost a unit
        else:
            if not flipped or flipped.isdisjoint(keys[g]):
                continue
        changed.add(g)
    return changed


def _load(kept, name: str):
    """(places by owner, copies' group sizes by owner and place, indexed tokens, scored
    pairs) as the last audit left them, or None when missing or unreadable (everything is
    paired again)."""
    data = kept.result(TABLE, name)
    try:
        known = {
            owner: got if isinstance(got, int) else frozenset(got)
            for owner, got in data["known"].items()
        }
        sizes = {
            owner: {place: size for place, size in got} for owner, got in data["sizes"].items()
        }
        indexed, pairs = set(data["indexed"]), data["pairs"]
        if not all(isinstance(p, list) and len(p) >= 4 for p in pairs):
            return None
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    return known, sizes, indexed, pairs
