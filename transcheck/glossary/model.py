"""Glossary records and the merged :class:`Glossary`: the agreed renderings of names, places,
terms and quotations.

Localisation teams keep them as YAML files (format: ``docs/glossary.md``), merged into one
:class:`Glossary` that finds its entries' forms in text (case- and diacritic-insensitive by
default, whole words, ``re:`` for a regular expression; the folding lives in ``matching``).
:meth:`Entry.to_dict` is the one serializer of an entry: every writer (YAML, JSON, TBX, CSV,
import) goes through it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from transcheck.glossary.matching import (
    KIND_RANK,
    WORD,
    FoldKey,
    Matcher,
    applies,
    compile_form,
    literal_pattern,
    normalize,
    normalize_map,
    resolve_overlaps,
    span,
)
from transcheck.model import FileError

FORMAT_VERSION = 1
TYPES = ("person", "place", "organization", "term", "quote")
TYPE_WORDS = {
    "person": "person",
    "place": "place",
    "organization": "organization",
    "term": "term",
    "quote": "quotation",
}
KINDS = ("canonical", "allowed", "alias", "forbidden")
ANY_LANG = "*"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
REGEX_PREFIX = "re:"


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a glossary file; line and column are 1-based (0 = unknown)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"

    def to_file_error(self) -> FileError:
        where = f"{self.line}:{self.column}: " if self.line else ""
        return FileError(self.path, where + self.message)


@dataclass(frozen=True)
class MatchOptions:
    """How an entry's forms are matched. ``case``/``diacritics``/``punctuation`` True = they
    matter; ``punctuation`` None = only for quotations ("leave, now" = "leave now")."""

    case: bool = False
    diacritics: bool = False
    whole_word: bool = True
    punctuation: bool | None = None


@dataclass(frozen=True)
class Form:
    """One rendering listed by an entry."""

    text: str  # as written, without the "re:" prefix
    kind: str  # canonical | allowed | alias | forbidden
    lang: str | None  # None = any language
    regex: bool = False
    reason: str | None = None
    severity: str | None = None
    since: int | None = None
    until: int | None = None
    note: str | None = None
    line: int = 0
    column: int = 0

    @property
    def written(self) -> str:
        """The form as written in the glossary (with its ``re:`` prefix)."""
        return REGEX_PREFIX + self.text if self.regex else self.text


@dataclass(frozen=True, eq=True)
class Entry:
    """One glossary entry: a person, place, organisation, term or quotation."""

    id: str
    type: str
    canonical: dict[str, str] = field(default_factory=dict)
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    forbidden: tuple[Form, ...] = ()
    aliases: tuple[Form, ...] = ()
    approved: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: tuple[str, str] | None = None  # (lang, text) of a quotation
    note: str | None = None
    match: MatchOptions = MatchOptions()
    file: str = ""
    line: int = 0  # position of the entry's id in its file (1-based; 0 = unknown)
    column: int = 0
    forms: tuple[Form, ...] = ()

    __hash__ = None  # type: ignore[assignment]  # holds dicts

    @property
    def folds_punctuation(self) -> bool:
        """Punctuation is ignored when matching this entry's (literal) forms."""
        if self.match.punctuation is None:
            return self.type == "quote"
        return not self.match.punctuation

    @property
    def canonical_languages(self) -> frozenset[str]:
        """Languages the entry names a canonical (or approved, or source) rendering for."""
        langs = set(self.canonical) | {k for k, v in self.approved.items() if v}
        if self.source is not None:
            langs.add(self.source[0])
        return frozenset(langs)

    @property
    def type_word(self) -> str:
        return TYPE_WORDS.get(self.type, self.type)

    def canonical_for(self, lang: str | None) -> str | None:
        """The preferred rendering in ``lang``, falling back to any-language, English, the rest."""
        table: dict[str, str] = dict(self.canonical)
        for code, texts in self.approved.items():
            if texts and code not in table:
                table[code] = texts[0]
        if self.source is not None and self.source[0] not in table:
            table[self.source[0]] = self.source[1]
        for code in (lang, ANY_LANG, "en"):
            if code and code in table:
                return table[code]
        return table[min(table)] if table else None

    def to_dict(self) -> dict[str, Any]:
        """The entry in the file format (plain dicts and lists, keys in the documented order).

        The one serializer of an entry: YAML, JSON, TBX and CSV output and imports all use it.
        """
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.source is not None:
            out["source"] = {"lang": self.source[0], "text": self.source[1]}
        if self.canonical:
            out["canonical"] = dict(self.canonical)
        if self.approved:
            out["approved"] = {k: list(v) for k, v in self.approved.items()}
        if self.allowed:
            out["allowed"] = {k: list(v) for k, v in self.allowed.items()}
        if self.forbidden:
            items = []
            for f in self.forbidden:
                item: dict[str, Any] = {"form": f.written}
                if f.reason:
                    item["reason"] = f.reason
                if f.severity:
                    item["severity"] = f.severity
                if f.lang:
                    item["lang"] = f.lang
                items.append(item)
            out["forbidden"] = items
        if self.aliases:
            items = []
            for a in self.aliases:
                item = {"form": a.written}
                for key in ("since", "until", "note", "lang"):
                    value = getattr(a, key)
                    if value is not None:
                        item[key] = value
                items.append(item)
            out["aliases"] = items
        if self.match != MatchOptions():
            out["match"] = {
                "case": self.match.case,
                "diacritics": self.match.diacritics,
                "whole_word": self.match.whole_word,
            }
            if self.match.punctuation is not None:
                out["match"]["punctuation"] = self.match.punctuation
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Match:
    """What :meth:`Glossary.lookup` found for a whole string."""

    entry_id: str
    type: str
    kind: str  # canonical | allowed | alias | forbidden
    form: str  # the form as written in the glossary
    canonical: str | None  # canonical rendering in the asked language (with fallbacks)
    entry: Entry = field(compare=False, repr=False)
    reason: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class Hit:
    """One form of one entry found in a text, at ``text[start:end]``."""

    start: int
    end: int
    text: str
    entry: Entry = field(repr=False)
    form: Form

    @property
    def kind(self) -> str:
        return self.form.kind

    @property
    def entry_id(self) -> str:
        return self.entry.id

    @property
    def reason(self) -> str | None:
        return self.form.reason

    @property
    def severity(self) -> str | None:
        return self.form.severity

    def canonical(self, lang: str | None) -> str | None:
        return self.entry.canonical_for(lang)


@dataclass
class Glossary:
    """Every entry of one or more glossary files, ready for matching."""

    entries: list[Entry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    _matchers: list[Matcher] | None = field(default=None, init=False, repr=False, compare=False)
    _index: dict | None = field(default=None, init=False, repr=False, compare=False)
    _by_word: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _always: list = field(default_factory=list, init=False, repr=False, compare=False)
    _sharing: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def entry(self, entry_id: str) -> Entry | None:
        for e in self.entries:
            if e.id == entry_id:
                return e
        return None

    def sharing(self, entry: Entry, form: Form) -> frozenset[str]:
        """Ids of other entries with an accepted form that contains ``form`` as whole words.

        ("Kolesnik", allowed for one Kolesnik, is also part of "Pavel Kolesnik".)
        """
        key = (entry.id, form.text, form.kind)
        if key not in self._sharing:
            if "" not in self._sharing:  # accepted forms of every entry, folded, by word
                by_word: dict[str, list[tuple[str, str]]] = {}
                for other in self.entries:
                    if other.type == "quote":
                        continue
                    for f in other.forms:
                        if f.kind in ("canonical", "allowed") and not f.regex:
                            folded = normalize(f.text)
                            for word in set(WORD.findall(folded)):
                                by_word.setdefault(word, []).append((other.id, folded))
                self._sharing[""] = by_word
            needle = normalize(form.text)
            first = WORD.search(needle)
            pattern = re.compile(literal_pattern(needle, True, False))
            candidates = self._sharing[""].get(first.group(), []) if first else []
            self._sharing[key] = frozenset(
                other_id
                for other_id, folded in candidates
                if other_id != entry.id and pattern.search(folded)
            )
        return self._sharing[key]

    def _compiled(self) -> list[Matcher]:
        if self._matchers is None:
            matchers = []
            for entry in self.entries:
                for form in entry.forms:
                    try:
                        matchers.append(compile_form(form, entry))
                    except re.error:  # reported by load/lint; never fatal here
                        continue
            by_word: dict[tuple[bool, bool, str], list[int]] = {}
            always: list[int] = []
            for i, m in enumerate(matchers):
                word = m.first_word
                if word is None:
                    always.append(i)
                else:
                    by_word.setdefault((*m.key, word), []).append(i)
            self._by_word, self._always = by_word, always
            self._matchers = matchers
        return self._matchers

    def _candidates(self, folded_text: Callable[[FoldKey], str]) -> list[Matcher]:
        """Matchers that may match: those whose first word occurs in the text, and the rest."""
        matchers = self._compiled()
        chosen = set(self._always)
        keys = {key[:3] for key in self._by_word}
        for key in sorted(keys):
            for word in set(WORD.findall(folded_text(key))):
                chosen.update(self._by_word.get((*key, word), ()))
        return [matchers[i] for i in sorted(chosen)]

    def protected_terms(self, lang: str | None) -> list[str]:
        """Names, places, organisations and terms to keep intact when translating from ``lang``.

        Canonical, allowed and alias forms for ``lang`` (and for any language), plus the
        fallback canonical form of entries without one for ``lang``. No regexes, no quotations.
        """
        return sorted(self.protection_map(lang, lang))

    def protection_map(self, src_lang: str | None, tgt_lang: str | None) -> dict[str, str]:
        """Source-language form -> the rendering to restore after translating to ``tgt_lang``.

        Canonical and allowed forms map to the entry's canonical target rendering; aliases map
        to themselves (an old name stays the old name in a back-translation).
        """
        out: dict[str, str] = {}
        for entry in self.entries:
            if entry.type == "quote":
                continue
            target = entry.canonical_for(tgt_lang)
            if target is None:
                continue
            forms = [f for f in entry.forms if f.kind != "forbidden" and not f.regex]
            if not any(f.kind == "canonical" and f.lang == src_lang for f in forms):
                fallback = entry.canonical_for(src_lang)
                if fallback:
                    out.setdefault(fallback, target)
            for f in forms:
                if f.kind == "canonical" and f.lang not in (src_lang, None):
                    continue
                if f.kind != "canonical" and not applies(f.lang, src_lang):
                    continue
                out.setdefault(f.text, f.text if f.kind == "alias" else target)
        return dict(sorted(out.items()))

    def scan(
        self,
        text: str,
        lang: str | None,
        *,
        kinds: Iterable[str] | None = None,
        overlaps: bool = False,
    ) -> list[Hit]:
        """Every form of every entry found in ``text`` (a text in ``lang``; None = any).

        Where hits overlap the longest wins, unless ``overlaps``; ``kinds`` filters afterwards.
        Sorted by position.
        """
        folded: dict[FoldKey, tuple[str, list[int]]] = {}

        def folded_text(key: FoldKey) -> str:
            if key not in folded:
                folded[key] = normalize_map(text, *key)
            return folded[key][0]

        hits: list[Hit] = []
        for m in self._candidates(folded_text):
            if not m.applies(lang):
                continue
            norm = folded_text(m.key)
            if m.needle is not None and m.needle not in norm:
                continue
            index = folded[m.key][1]
            for mo in m.pattern.finditer(norm):
                if mo.end() <= mo.start():
                    continue
                a, b = span(index, text, mo.start(), mo.end())
                hits.append(Hit(a, b, text[a:b], m.entry, m.form))
        if not overlaps:
            hits = resolve_overlaps(hits)
        if kinds is not None:
            wanted = set(kinds)
            hits = [h for h in hits if h.kind in wanted]
        return sorted(hits, key=lambda h: (h.start, h.end, KIND_RANK[h.kind], h.entry.id))

    def _lookup_index(self) -> dict[FoldKey, dict[str, list[tuple[int, Matcher]]]]:
        if self._index is None:
            index: dict[FoldKey, dict[str, list[tuple[int, Matcher]]]] = {}
            for order, m in enumerate(self._compiled()):
                table = index.setdefault(m.key, {})
                table.setdefault(m.needle if m.needle is not None else "", []).append((order, m))
            self._index = index
        return self._index

    def lookup(self, text: str, lang: str | None) -> Match | None:
        """The entry form that ``text`` is, as a whole (not a part of it), or None.

        Accepted forms win over forbidden ones, forms for ``lang`` over any-language ones.
        """
        best: tuple[tuple[int, int, int], Match] | None = None
        for key, table in self._lookup_index().items():
            norm = normalize_map(text, *key)[0].strip()
            candidates = list(table.get(norm, ()))
            if key[0] is False:  # regexes live with case-kept folding, under ""
                candidates += [(o, m) for o, m in table.get("", ()) if m.needle is None]
            for order, m in candidates:
                if not m.applies(lang):
                    continue
                if m.needle is None and not m.pattern.fullmatch(norm):
                    continue
                kind_rank = 9 if m.form.kind == "forbidden" else KIND_RANK[m.form.kind]
                rank = (kind_rank, 0 if m.form.lang == lang else 1, order)
                if best is not None and rank >= best[0]:
                    continue
                found = Match(
                    entry_id=m.entry.id,
                    type=m.entry.type,
                    kind=m.form.kind,
                    form=m.form.written,
                    canonical=m.entry.canonical_for(lang),
                    entry=m.entry,
                    reason=m.form.reason,
                    severity=m.form.severity,
                )
                best = (rank, found)
        return best[1] if best else None

    def to_dict(self) -> dict[str, Any]:
        """The merged glossary in the file format."""
        out: dict[str, Any] = {"version": FORMAT_VERSION}
        if self.settings:
            out["settings"] = dict(self.settings)
        out["entries"] = [e.to_dict() for e in self.entries]
        return out
