"""Glossaries: the agreed renderings of names, places, terms and quotations.

Localisation teams keep them as YAML files (format: ``docs/glossary.md``), merged into one
:class:`Glossary`. This module loads and checks them (every problem with file, line and column;
a bad entry is dropped, the rest is kept), finds them beside a corpus, and matches their forms in
text: case- and diacritic-insensitive by default, whole words, ``re:`` for a regular expression.
The audit only ever reads glossary files.
"""

from __future__ import annotations

import difflib
import functools
import gc
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcheck.model import SEVERITIES, FileError

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

# ISO 639-1 (the 184 two-letter codes, including the withdrawn "bh" still found in data).
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la
    lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj
    om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
    sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh
    zu""".split()
)

TOP_KEYS = ("version", "entries", "settings")
SETTINGS_KEYS = ("variant_severity",)
ENTRY_KEYS = (
    "id",
    "type",
    "canonical",
    "allowed",
    "forbidden",
    "aliases",
    "match",
    "note",
    "source",
    "approved",
)
NAME_ONLY_KEYS = ("canonical", "aliases")
QUOTE_ONLY_KEYS = ("source", "approved")
FORBIDDEN_KEYS = ("form", "reason", "severity", "lang")
ALIAS_KEYS = ("form", "since", "until", "note", "lang")
MATCH_KEYS = ("case", "diacritics", "punctuation", "whole_word")
SOURCE_KEYS = ("lang", "text")

_KIND_RANK = {"forbidden": 0, "canonical": 1, "allowed": 2, "alias": 3}


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
        """The entry in the file format (plain dicts and lists, keys in the documented order)."""
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


# ---------------------------------------------------------------- normalisation and matching

_PUNCT = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u00ad": "",
        "\u200b": "",
    }
)
# Letters that carry no combining mark after NFD but are "a letter with a diacritic" to readers.
_STROKES = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i"}
)
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_NO_SPACE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")


@functools.lru_cache(maxsize=65536)
def _fold_char(ch: str, fold_case: bool, fold_diacritics: bool, fold_punct: bool = False) -> str:
    if ch.isspace() or (fold_punct and unicodedata.category(ch)[0] == "P"):
        return " "
    s = unicodedata.normalize("NFD", ch.translate(_PUNCT))
    if fold_diacritics:
        s = "".join(c for c in s if not unicodedata.combining(c)).translate(_STROKES)
    if fold_case:
        s = s.casefold()
    return s


def normalize(text: str, case: bool = False, diacritics: bool = False) -> str:
    """``text`` folded for matching (case/diacritics True = keep them); spaces collapsed."""
    return _normalize_map(text, not case, not diacritics)[0].strip()


def _normalize_map(
    text: str, fold_case: bool, fold_diacritics: bool, fold_punct: bool = False
) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the offset of its source in ``text``."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        folded = _fold_char(ch, fold_case, fold_diacritics, fold_punct)
        if folded == " ":
            if prev_space:
                continue
            prev_space = True
        elif folded:
            prev_space = False
        for c in folded:
            out.append(c)
            index.append(i)
    return "".join(out), index


def _no_space_script(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(_NO_SPACE_SCRIPTS)


def _literal_pattern(needle: str, whole_word: bool, marks: bool) -> str:
    """Regex for a folded literal; ``marks``: the text keeps combining marks (a word char)."""
    body = re.escape(needle)
    if not whole_word or not needle:
        return body
    # a character class with Unicode ranges is slow to compile: only when marks are kept
    word = rf"[\w{_MARKS}]" if marks else r"\w"
    head = rf"(?<!{word})" if needle[0].isalnum() and not _no_space_script(needle[0]) else ""
    last = needle.rstrip(_MARKS_CHARS)[-1:] or needle[-1]
    tail = rf"(?!{word})" if last.isalnum() and not _no_space_script(last) else ""
    return head + body + tail


_MARKS_CHARS = "".join(
    chr(c)
    for lo, hi in ((0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF))
    for c in range(lo, hi + 1)
)


_WORD = re.compile(r"\w+")
_Key = tuple[bool, bool, bool]  # (fold case, fold diacritics, fold punctuation)


@dataclass
class _Matcher:
    form: Form
    entry: Entry
    fold_case: bool
    fold_diacritics: bool
    fold_punct: bool
    needle: str | None  # folded literal (a fast substring pre-check); None for regexes
    source: str  # the regular expression run on folded text
    flags: int = 0
    # a canonical form that also stands for languages the entry gives no canonical form for
    fallback_for_others: bool = False
    _pattern: re.Pattern[str] | None = None

    @property
    def key(self) -> _Key:
        """How the text must be folded for this matcher."""
        return (self.fold_case, self.fold_diacritics, self.fold_punct)

    @property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: most forms of a large glossary never occur in a corpus."""
        if self._pattern is None:
            self._pattern = re.compile(self.source, self.flags)
        return self._pattern

    @property
    def first_word(self) -> str | None:
        """The word a text must contain for this literal to match in it (None: no such word)."""
        if self.needle is None or not self.entry.match.whole_word:
            return None
        m = _WORD.match(self.needle)
        if m is None or any(_no_space_script(c) for c in m.group()):
            return None
        return m.group()

    def applies(self, lang: str | None) -> bool:
        if _applies(self.form.lang, lang):
            return True
        return self.fallback_for_others and lang not in self.entry.canonical_languages


def _compile_form(form: Form, entry: Entry) -> _Matcher:
    """Prepare one form; raises re.error for a bad regular expression."""
    fold_case = not entry.match.case
    fold_diacritics = not entry.match.diacritics
    fallback = form.kind == "canonical" and form.text == entry.canonical_for(None)
    if form.regex:
        # Regexes run on text folded for diacritics (not case: "\S" must stay "\S").
        source = unicodedata.normalize("NFD", form.text)
        if fold_diacritics:
            source = "".join(c for c in source if not unicodedata.combining(c))
        flags = re.IGNORECASE if fold_case else 0
        matcher = _Matcher(
            form, entry, False, fold_diacritics, False, None, source, flags, fallback
        )
        _ = matcher.pattern  # compile now: a bad pattern is reported, not met mid-audit
        return matcher
    fold_punct = entry.folds_punctuation
    needle = _normalize_map(form.text, fold_case, fold_diacritics, fold_punct)[0].strip()
    source = _literal_pattern(needle, entry.match.whole_word, not fold_diacritics)
    return _Matcher(
        form, entry, fold_case, fold_diacritics, fold_punct, needle, source, 0, fallback
    )


def _applies(form_lang: str | None, lang: str | None) -> bool:
    return form_lang is None or lang is None or form_lang == lang


def _span(index: list[int], text: str, start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of folded text back to the original text."""
    a = index[start]
    b = index[end - 1] + 1
    limit = index[end] if end < len(index) else len(text)
    while b < limit and (unicodedata.combining(text[b]) or text[b] in "\u00ad\u200b"):
        b += 1
    return a, b


def _resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the longest hit where hits overlap (forbidden first on equal spans)."""
    ranked = sorted(
        hits, key=lambda h: (-(h.end - h.start), _KIND_RANK[h.kind], h.start, h.entry.id)
    )
    kept: list[Hit] = []
    for h in ranked:
        if all(h.end <= k.start or k.end <= h.start for k in kept):
            kept.append(h)
    return kept


# ---------------------------------------------------------------- the merged glossary


@dataclass
class Glossary:
    """Every entry of one or more glossary files, ready for matching."""

    entries: list[Entry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    _matchers: list[_Matcher] | None = field(default=None, init=False, repr=False, compare=False)
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
                            for word in set(_WORD.findall(folded)):
                                by_word.setdefault(word, []).append((other.id, folded))
                self._sharing[""] = by_word
            needle = normalize(form.text)
            first = _WORD.search(needle)
            pattern = re.compile(_literal_pattern(needle, True, False))
            candidates = self._sharing[""].get(first.group(), []) if first else []
            self._sharing[key] = frozenset(
                other_id
                for other_id, folded in candidates
                if other_id != entry.id and pattern.search(folded)
            )
        return self._sharing[key]

    def _compiled(self) -> list[_Matcher]:
        if self._matchers is None:
            matchers = []
            for entry in self.entries:
                for form in entry.forms:
                    try:
                        matchers.append(_compile_form(form, entry))
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

    def _candidates(self, folded_text: Callable[[_Key], str]) -> list[_Matcher]:
        """Matchers that may match: those whose first word occurs in the text, and the rest."""
        matchers = self._compiled()
        chosen = set(self._always)
        keys = {key[:3] for key in self._by_word}
        for key in sorted(keys):
            for word in set(_WORD.findall(folded_text(key))):
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
                if f.kind != "canonical" and not _applies(f.lang, src_lang):
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
        folded: dict[_Key, tuple[str, list[int]]] = {}

        def folded_text(key: _Key) -> str:
            if key not in folded:
                folded[key] = _normalize_map(text, *key)
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
                a, b = _span(index, text, mo.start(), mo.end())
                hits.append(Hit(a, b, text[a:b], m.entry, m.form))
        if not overlaps:
            hits = _resolve_overlaps(hits)
        if kinds is not None:
            wanted = set(kinds)
            hits = [h for h in hits if h.kind in wanted]
        return sorted(hits, key=lambda h: (h.start, h.end, _KIND_RANK[h.kind], h.entry.id))

    def _lookup_index(self) -> dict[_Key, dict[str, list[tuple[int, _Matcher]]]]:
        if self._index is None:
            index: dict[_Key, dict[str, list[tuple[int, _Matcher]]]] = {}
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
            norm = _normalize_map(text, *key)[0].strip()
            candidates = list(table.get(norm, ()))
            if key[0] is False:  # regexes live with case-kept folding, under ""
                candidates += [(o, m) for o, m in table.get("", ()) if m.needle is None]
            for order, m in candidates:
                if not m.applies(lang):
                    continue
                if m.needle is None and not m.pattern.fullmatch(norm):
                    continue
                kind_rank = 9 if m.form.kind == "forbidden" else _KIND_RANK[m.form.kind]
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


# ---------------------------------------------------------------- loading and checking


def _pos(node: Any, key: Any = None, index: int | None = None) -> tuple[int, int]:
    """1-based (line, column) of a mapping key's value, a sequence item, or the node itself."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return 0, 0
    try:
        if key is not None:
            line, col = lc.value(key) if key in node else (lc.line, lc.col)
        elif index is not None:
            line, col = lc.item(index)
        else:
            line, col = lc.line, lc.col
    except (KeyError, IndexError, TypeError, AttributeError):
        line, col = lc.line, lc.col
    return line + 1, col + 1


def _key_pos(node: Any, key: Any) -> tuple[int, int]:
    try:
        line, col = node.lc.key(key)
    except (KeyError, AttributeError, TypeError):
        return _pos(node)
    return line + 1, col + 1


def _kind(value: Any) -> str:
    """What a YAML value is, in words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else type(value).__name__


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _FileChecker:
    """Turns one parsed YAML document into entries, collecting problems with positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.entries: list[Entry] = []
        self.settings: dict[str, Any] = {}

    def problem(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.path, where[0], where[1], message))

    # -- scalars

    def text(self, value: Any, where: tuple[int, int], what: str) -> str | None:
        if isinstance(value, str):
            if not value.strip():
                self.problem(where, f"{what} is empty")
                return None
            return str(value)
        kind = _kind(value)
        hint = "; write it in quotes" if isinstance(value, (int, float, bool)) else ""
        self.problem(where, f"{what} must be text, not {kind}{hint}")
        return None

    def lang(self, value: Any, where: tuple[int, int], allow_any: bool, what: str) -> str | None:
        if allow_any and value == ANY_LANG:
            return ANY_LANG
        if not isinstance(value, str) or value not in ISO_639_1:
            extra = ' or "*" (any language)' if allow_any else ""
            hint = ""
            if isinstance(value, str) and value.lower().split("-")[0].split("_")[0] in ISO_639_1:
                hint = f" (did you mean {value.lower().split('-')[0].split('_')[0]!r}?)"
            self.problem(
                where,
                f"unknown language code {value!r} in {what}: expected an ISO 639-1 code{extra}"
                + hint,
            )
            return None
        return value

    def form_text(self, value: Any, where: tuple[int, int], what: str) -> tuple[str, bool] | None:
        text = self.text(value, where, what)
        if text is None:
            return None
        if text.startswith(REGEX_PREFIX):
            pattern = text[len(REGEX_PREFIX) :]
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                self.problem(where, f"invalid regular expression in {what}: {exc}")
                return None
            if compiled.fullmatch(""):
                self.problem(where, f"regular expression in {what} matches empty text")
                return None
            return pattern, True
        return text.strip(), False

    def year(self, value: Any, where: tuple[int, int], what: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10000:
            self.problem(where, f"{what} must be a year such as 1994, not {value!r}")
            return None
        return value

    def severity(self, value: Any, where: tuple[int, int], what: str) -> str | None:
        if value not in SEVERITIES:
            self.problem(
                where,
                f"bad {what} {value!r}: expected one of {', '.join(SEVERITIES)}"
                f"{_suggest(str(value), SEVERITIES)}",
            )
            return None
        return value

    def mapping(self, node: Any, where: tuple[int, int], what: str) -> bool:
        if isinstance(node, dict):
            return True
        kind = _kind(node)
        self.problem(where, f"{what} must be a mapping (key: value), not {kind}")
        return False

    def unknown_keys(self, node: dict, allowed: Sequence[str], what: str) -> None:
        for key in node:
            if key not in allowed:
                self.problem(
                    _key_pos(node, key),
                    f"unknown key {key!r} in {what}{_suggest(str(key), allowed)}",
                )

    # -- document

    def check_document(self, data: Any) -> None:
        if data is None:
            return
        if not self.mapping(data, _pos(data) if hasattr(data, "lc") else (1, 1), "a glossary"):
            return
        self.unknown_keys(data, TOP_KEYS, "the glossary (top level)")
        if "version" in data and data["version"] != FORMAT_VERSION:
            self.problem(
                _pos(data, "version"),
                f"unsupported glossary version {data['version']!r}; this transcheck reads "
                f"version {FORMAT_VERSION}",
            )
        if "settings" in data:
            self.check_settings(data["settings"], _pos(data, "settings"))
        entries = data.get("entries")
        if "entries" not in data:
            self.problem(_pos(data), "no 'entries:' list in the glossary")
            return
        if entries is None:
            return
        if not isinstance(entries, list):
            self.problem(_pos(data, "entries"), "'entries' must be a list of entries")
            return
        for i, node in enumerate(entries):
            entry = self.check_entry(node, _pos(entries, index=i))
            if entry is not None:
                self.entries.append(entry)

    def check_settings(self, node: Any, where: tuple[int, int]) -> None:
        if not self.mapping(node, where, "'settings'"):
            return
        self.unknown_keys(node, SETTINGS_KEYS, "settings")
        if "variant_severity" in node:
            sev = self.severity(
                node["variant_severity"], _pos(node, "variant_severity"), "severity"
            )
            if sev:
                self.settings["variant_severity"] = sev

    def check_entry(self, node: Any, where: tuple[int, int]) -> Entry | None:
        if not self.mapping(node, where, "an entry"):
            return None
        where = _pos(node)
        problems_before = len(self.problems)
        entry_id = node.get("id")
        label = f"entry {entry_id!r}" if isinstance(entry_id, str) else "an entry"
        self.unknown_keys(node, ENTRY_KEYS, label)
        usable = True  # False: check the rest, then leave the entry out
        if "id" not in node:
            self.problem(where, "entry has no 'id'; entry ignored")
            usable = False
        else:
            entry_id = self.text(node["id"], _pos(node, "id"), "'id'")
            if entry_id is None:
                usable = False
            elif not ID_PATTERN.match(entry_id):
                self.problem(
                    _pos(node, "id"),
                    f"id {entry_id!r} should use only lowercase letters, digits and '-'",
                )
        label = f"entry {entry_id!r}" if usable else "an entry"
        if "type" not in node:
            self.problem(where, f"{label} has no 'type' ({', '.join(TYPES)}); entry ignored")
            return None
        etype = node["type"]
        if etype not in TYPES:
            self.problem(
                _pos(node, "type"),
                f"bad type {etype!r} in {label}: expected one of {', '.join(TYPES)}"
                f"{_suggest(str(etype), TYPES)}; entry ignored",
            )
            return None
        wrong = QUOTE_ONLY_KEYS if etype != "quote" else NAME_ONLY_KEYS
        for key in wrong:
            if key in node:
                hint = "only for quote entries" if etype != "quote" else "use 'approved' for quotes"
                self.problem(_key_pos(node, key), f"{key!r} in {label}: {hint}; ignored")

        match = (
            self.check_match(node.get("match"), _pos(node, "match")) if "match" in node else None
        )
        canonical = self.check_canonical(node, label) if etype != "quote" else {}
        approved = self.check_lang_lists(node, "approved", label, False) if etype == "quote" else {}
        source = self.check_source(node, label) if etype == "quote" else None
        allowed = self.check_lang_lists(node, "allowed", label, True)
        forbidden = self.check_forbidden(node, label)
        aliases = self.check_aliases(node, label) if etype != "quote" else ()
        note = None
        if "note" in node:
            note = self.text(node["note"], _pos(node, "note"), f"'note' of {label}")

        forms: list[Form] = []
        forms.extend(self._lang_forms(node, "canonical", canonical, "canonical"))
        if source is not None:
            line, col = _pos(node, "source")
            forms.append(Form(source[1], "canonical", source[0], line=line, column=col))
        forms.extend(self._lang_forms(node, "approved", approved, "canonical"))
        forms.extend(self._lang_forms(node, "allowed", allowed, "allowed"))
        forms.extend(forbidden)
        forms.extend(aliases)
        if not forms and len(self.problems) == problems_before:
            self.problem(where, f"{label} lists no renderings (canonical, allowed, ...)")
        if not usable:
            return None
        return Entry(
            id=entry_id,
            type=etype,
            canonical=canonical,
            allowed=allowed,
            forbidden=tuple(forbidden),
            aliases=tuple(aliases),
            approved=approved,
            source=source,
            note=note,
            match=match or MatchOptions(),
            file=self.path,
            line=_pos(node, "id")[0],
            column=_pos(node, "id")[1],
            forms=tuple(_dedupe_forms(forms)),
        )

    def _lang_forms(self, node: dict, key: str, table: dict, kind: str) -> list[Form]:
        out = []
        container = node.get(key)
        for code, values in table.items():
            items = [values] if isinstance(values, str) else list(values)
            for text in items:
                line, col = self._find_item(container, code, text)
                regex = text.startswith(REGEX_PREFIX)
                body = text[len(REGEX_PREFIX) :] if regex else text
                lang = None if code == ANY_LANG else code
                out.append(Form(body, kind, lang, regex=regex, line=line, column=col))
        return out

    @staticmethod
    def _find_item(container: Any, code: str, text: str) -> tuple[int, int]:
        if not isinstance(container, dict) or code not in container:
            return _pos(container) if container is not None else (0, 0)
        value = container[code]
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and item.strip() == text:
                    return _pos(value, index=i)
        return _pos(container, code)

    def check_match(self, node: Any, where: tuple[int, int]) -> MatchOptions | None:
        if not self.mapping(node, where, "'match'"):
            return None
        self.unknown_keys(node, MATCH_KEYS, "'match'")
        values = {}
        for key in MATCH_KEYS:
            if key in node:
                if isinstance(node[key], bool):
                    values[key] = node[key]
                else:
                    self.problem(_pos(node, key), f"match.{key} must be true or false")
        return MatchOptions(**values)

    def check_canonical(self, node: dict, label: str) -> dict[str, str]:
        out: dict[str, str] = {}
        if "canonical" not in node:
            return out
        table = node["canonical"]
        if isinstance(table, str):  # one rendering for every language
            text = self.text(table, _pos(node, "canonical"), f"'canonical' of {label}")
            return {ANY_LANG: text} if text else {}
        if not self.mapping(table, _pos(node, "canonical"), f"'canonical' of {label}"):
            return out
        for code, value in table.items():
            lang = self.lang(code, _key_pos(table, code), True, f"'canonical' of {label}")
            if lang is None:
                continue
            if isinstance(value, list):
                self.problem(
                    _pos(table, code),
                    f"'canonical' of {label} has one rendering per language; "
                    "put the others under 'allowed'",
                )
                continue
            what = f"canonical[{code}] of {label}"
            text = self.text(value, _pos(table, code), what)
            if text is not None and text.startswith(REGEX_PREFIX):
                self.problem(_pos(table, code), f"{what} cannot be a regular expression")
                continue
            if text is not None:
                out[lang] = text.strip()
        return out

    def check_lang_lists(
        self, node: dict, key: str, label: str, allow_any: bool
    ) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        if key not in node:
            return out
        table = node[key]
        if not self.mapping(table, _pos(node, key), f"{key!r} of {label}"):
            return out
        for code, value in table.items():
            lang = self.lang(code, _key_pos(table, code), allow_any, f"{key!r} of {label}")
            if lang is None:
                continue
            items = value if isinstance(value, list) else [value]
            texts = []
            for i, item in enumerate(items):
                where = _pos(value, index=i) if isinstance(value, list) else _pos(table, code)
                parsed = self.form_text(item, where, f"{key}[{code}] of {label}")
                if parsed is not None:
                    texts.append(REGEX_PREFIX + parsed[0] if parsed[1] else parsed[0])
            if texts:
                out[lang] = tuple(texts)
        return out

    def check_source(self, node: dict, label: str) -> tuple[str, str] | None:
        if "source" not in node:
            if "approved" not in node:
                self.problem(_pos(node), f"quote {label} needs 'source' or 'approved'")
            return None
        src = node["source"]
        if not self.mapping(src, _pos(node, "source"), f"'source' of {label}"):
            return None
        self.unknown_keys(src, SOURCE_KEYS, f"'source' of {label}")
        if "lang" not in src or "text" not in src:
            self.problem(_pos(node, "source"), f"'source' of {label} needs 'lang' and 'text'")
            return None
        lang = self.lang(src["lang"], _pos(src, "lang"), False, f"'source' of {label}")
        text = self.text(src["text"], _pos(src, "text"), f"source text of {label}")
        if lang is None or text is None:
            return None
        return lang, text.strip()

    def _items(self, node: dict, key: str, label: str) -> list[tuple[dict, tuple[int, int]]]:
        if key not in node:
            return []
        items = node[key]
        if not isinstance(items, list):
            self.problem(_pos(node, key), f"{key!r} of {label} must be a list")
            return []
        out = []
        for i, item in enumerate(items):
            where = _pos(items, index=i)
            if isinstance(item, str):
                item = {"form": item}
            if self.mapping(item, where, f"an item of {key!r} in {label}"):
                out.append((item, where))
        return out

    def check_forbidden(self, node: dict, label: str) -> list[Form]:
        out = []
        for item, where in self._items(node, "forbidden", label):
            self.unknown_keys(item, FORBIDDEN_KEYS, f"a forbidden form of {label}")
            if "form" not in item:
                self.problem(where, f"a forbidden item of {label} has no 'form'")
                continue
            fwhere = _pos(item, "form") if hasattr(item, "lc") else where
            parsed = self.form_text(item["form"], fwhere, f"forbidden form of {label}")
            if parsed is None:
                continue
            reason = severity = lang = None
            if "reason" in item:
                reason = self.text(item["reason"], _pos(item, "reason"), "'reason'")
            if "severity" in item:
                severity = self.severity(item["severity"], _pos(item, "severity"), "severity")
            if "lang" in item:
                lang = self.lang(item["lang"], _pos(item, "lang"), False, f"forbidden of {label}")
                if lang is None:
                    continue
            out.append(
                Form(
                    parsed[0],
                    "forbidden",
                    lang,
                    regex=parsed[1],
                    reason=reason,
                    severity=severity,
                    line=fwhere[0],
                    column=fwhere[1],
                )
            )
        return out

    def check_aliases(self, node: dict, label: str) -> list[Form]:
        out = []
        for item, where in self._items(node, "aliases", label):
            self.unknown_keys(item, ALIAS_KEYS, f"an alias of {label}")
            if "form" not in item:
                self.problem(where, f"an alias of {label} has no 'form'")
                continue
            fwhere = _pos(item, "form") if hasattr(item, "lc") else where
            parsed = self.form_text(item["form"], fwhere, f"alias of {label}")
            if parsed is None:
                continue
            since = until = note = lang = None
            if "since" in item:
                since = self.year(item["since"], _pos(item, "since"), "'since'")
            if "until" in item:
                until = self.year(item["until"], _pos(item, "until"), "'until'")
            if since is not None and until is not None and since > until:
                self.problem(_pos(item, "since"), f"'since' {since} is after 'until' {until}")
            if "note" in item:
                note = self.text(item["note"], _pos(item, "note"), "'note'")
            if "lang" in item:
                lang = self.lang(item["lang"], _pos(item, "lang"), False, f"alias of {label}")
                if lang is None:
                    continue
            out.append(
                Form(
                    parsed[0],
                    "alias",
                    lang,
                    regex=parsed[1],
                    since=since,
                    until=until,
                    note=note,
                    line=fwhere[0],
                    column=fwhere[1],
                )
            )
        return out


def _dedupe_forms(forms: list[Form]) -> list[Form]:
    seen: set[tuple[str, str, str | None, bool]] = set()
    out = []
    for f in forms:
        key = (f.text, f.kind, f.lang, f.regex)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _yaml_error_message(exc: Exception) -> tuple[int, int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    context_mark = getattr(exc, "context_mark", None)
    if context:
        message += f" ({context}"
        if context_mark is not None and mark is not None and context_mark.line != mark.line:
            message += f" that starts at {context_mark.line + 1}:{context_mark.column + 1}"
        message += ")"
    if "alias" in f"{problem} {context}" or "'*'" in str(problem) or "anchor" in str(problem):
        message += '; write "*" in quotes for "any language"'
    if mark is None:
        return 0, 0, message
    return mark.line + 1, mark.column + 1, message


def _check_file(path: Path) -> _FileChecker:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        checker = _FileChecker(str(path))
        checker.problems.append(Problem(str(path), 0, 0, f"cannot read: {exc.strerror or exc}"))
        return checker
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        checker = _FileChecker(str(path))
        checker.problems.append(
            Problem(str(path), 0, 0, f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
        )
        return checker
    return _check_text(text, str(path))


def _check_text(text: str, name: str) -> _FileChecker:
    checker = _FileChecker(name)
    try:
        data = _parse_yaml(text, checker)
    except _YAMLSyntax as exc:
        line, col, message = _yaml_error_message(exc.error)
        checker.problems.append(Problem(name, line, col, message))
        return checker
    except Exception as exc:  # parsers raise a few odd types on odd input
        checker.problems.append(Problem(name, 0, 0, f"cannot parse YAML: {exc}"))
        return checker
    checker.check_document(data)
    return checker


class _YAMLSyntax(Exception):
    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _parse_yaml(text: str, checker: _FileChecker) -> Any:
    """YAML text -> dicts/lists/scalars whose containers carry ``.lc`` positions (0-based).

    libyaml (PyYAML's C parser, ~25x faster) when installed, else ruamel.yaml round-trip.
    Scalars are read with YAML 1.2 rules either way (``no`` is Norwegian, not false).
    """
    try:
        import yaml as pyyaml

        loader = pyyaml.CSafeLoader
    except (ImportError, AttributeError):
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            return YAML(typ="rt").load(text)
        except YAMLError as exc:
            raise _YAMLSyntax(exc) from None
    # The node tree is large and acyclic: collecting garbage while building it costs 2x.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        node = pyyaml.compose(text, Loader=loader)
        return None if node is None else _NodeConverter(checker).convert(node)
    except pyyaml.YAMLError as exc:
        raise _YAMLSyntax(exc) from None
    finally:
        if was_enabled:
            gc.enable()


class _LC:
    """Positions in the style of ruamel.yaml's ``.lc`` (0-based line and column)."""

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []

    def key(self, k: Any) -> tuple[int, int]:
        return self.keys[k]

    def value(self, k: Any) -> tuple[int, int]:
        return self.values[k]

    def item(self, i: int) -> tuple[int, int]:
        return self.items[i]


class _Map(dict):
    lc: _LC


class _Seq(list):
    lc: _LC


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class _NodeConverter:
    """PyYAML nodes -> _Map/_Seq/scalars; aliases shared, not expanded (no billion laughs)."""

    def __init__(self, checker: _FileChecker) -> None:
        self.checker = checker
        self.memo: dict[int, Any] = {}

    def convert(self, node: Any) -> Any:
        if id(node) in self.memo:
            return self.memo[id(node)]
        mark = node.start_mark
        kind = node.id  # "scalar" | "sequence" | "mapping"
        if kind == "scalar":
            return self.scalar(node)
        if kind == "sequence":
            seq = _Seq()
            seq.lc = _LC(mark.line, mark.column)
            self.memo[id(node)] = seq
            for child in node.value:
                seq.lc.items.append((child.start_mark.line, child.start_mark.column))
                seq.append(self.convert(child))
            return seq
        out = _Map()
        out.lc = _LC(mark.line, mark.column)
        self.memo[id(node)] = out
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if key_node.id == "scalar" else f"<{key_node.id}>"
            if not isinstance(key, (str, int, float, bool, type(None))):
                key = str(key)
            where = (key_node.start_mark.line, key_node.start_mark.column)
            if key in out:
                first = out.lc.keys[key]
                self.checker.problem(
                    (where[0] + 1, where[1] + 1),
                    f"duplicate key {key!r} (first at {first[0] + 1}:{first[1] + 1}); "
                    "the second is ignored",
                )
                continue
            out.lc.keys[key] = where
            out.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            out[key] = self.convert(value_node)
        return out

    @staticmethod
    def scalar(node: Any) -> Any:
        value = node.value
        if node.style or node.tag == "tag:yaml.org,2002:str":
            return value  # quoted, literal or folded: always text
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return int(value, 0) if value.lstrip("+-")[:2] in ("0o", "0x") else int(value)
        if _FLOAT.match(value):
            return float(value)
        if value in (".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"):
            return float(value.replace(".", "").lower().replace("inf", "inf"))
        return value


def _cross_check(entries: list[Entry], problems: list[Problem]) -> list[Entry]:
    """Duplicate ids, one rendering claimed by two entries, forbidden = accepted forms."""
    kept: list[Entry] = []
    first: dict[str, Entry] = {}
    for e in entries:
        if e.id in first:
            other = first[e.id]
            problems.append(
                Problem(
                    e.file,
                    e.line,
                    e.column,
                    f"duplicate id {e.id!r} (first defined at {other.file}:{other.line}); "
                    "entry ignored",
                )
            )
            continue
        first[e.id] = e
        kept.append(e)

    groups: dict[str, list[tuple[Form, Entry]]] = {}
    for e in kept:
        for f in e.forms:
            if not f.regex:
                groups.setdefault(normalize(f.text), []).append((f, e))
    for members in groups.values():
        if len(members) < 2:
            continue
        for i, (f, e) in enumerate(members):
            for g, d in members[:i]:
                if not _langs_overlap(f.lang, g.lang):
                    continue
                case = e.match.case or d.match.case
                marks = e.match.diacritics or d.match.diacritics
                if normalize(f.text, case, marks) != normalize(g.text, case, marks):
                    continue
                if f.kind == "forbidden" and g.kind == "forbidden":
                    continue
                where = f"{d.file}:{g.line}" if g.line else d.file
                if f.kind == "forbidden" or g.kind == "forbidden":
                    bad, bad_entry, good, good_entry = (
                        (f, e, g, d) if f.kind == "forbidden" else (g, d, f, e)
                    )
                    there = f"{good_entry.file}:{good.line}" if good.line else good_entry.file
                    problems.append(
                        Problem(
                            bad_entry.file,
                            bad.line,
                            bad.column,
                            f"forbidden form {bad.text!r} of entry {bad_entry.id!r} is also "
                            f"a {good.kind} form of entry {good_entry.id!r} ({there})",
                        )
                    )
                elif d.id != e.id:
                    problems.append(
                        Problem(
                            e.file,
                            f.line,
                            f.column,
                            f"{f.text!r} is claimed by two entries: {f.kind} of {e.id!r} and "
                            f"{g.kind} of {d.id!r} ({where})",
                        )
                    )
                else:
                    continue
                break
    _check_forbidden_patterns(kept, problems)
    return kept


def _check_forbidden_patterns(entries: list[Entry], problems: list[Problem]) -> None:
    """A forbidden regular expression that matches a whole accepted form of any entry."""
    accepted = [(f, e) for e in entries for f in e.forms if f.kind != "forbidden" and not f.regex]
    for e in entries:
        for f in e.forbidden:
            if not f.regex:
                continue
            try:
                matcher = _compile_form(f, e)
            except re.error:
                continue
            for g, d in accepted:
                if not _langs_overlap(f.lang, g.lang):
                    continue
                text = _normalize_map(g.text, False, matcher.fold_diacritics)[0].strip()
                if matcher.pattern.fullmatch(text):
                    problems.append(
                        Problem(
                            e.file,
                            f.line,
                            f.column,
                            f"forbidden pattern {f.written!r} of entry {e.id!r} matches "
                            f"{g.text!r}, a {g.kind} form of entry {d.id!r}",
                        )
                    )
                    break


def _langs_overlap(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def check_files(paths: Sequence[Path]) -> tuple[Glossary, list[Problem]]:
    """Load and check glossary files: the merged glossary and every problem, in file order."""
    return _merge([_check_file(Path(p)) for p in paths], [str(p) for p in paths])


def _merge(checkers: list[_FileChecker], names: list[str]) -> tuple[Glossary, list[Problem]]:
    problems: list[Problem] = []
    entries: list[Entry] = []
    settings: dict[str, Any] = {}
    for checker in checkers:
        problems.extend(checker.problems)
        entries.extend(checker.entries)
        for key, value in checker.settings.items():
            if key not in settings or SEVERITIES.index(value) < SEVERITIES.index(settings[key]):
                settings[key] = value
    entries = _cross_check(entries, problems)
    order = {name: i for i, name in enumerate(names)}
    problems.sort(key=lambda p: (order.get(p.path, len(order)), p.line, p.column, p.message))
    return Glossary(entries=entries, files=list(names), settings=settings), problems


def load_glossaries(paths: list[Path]) -> tuple[Glossary, list[FileError]]:
    """Merge glossary files; each problem becomes ``FileError(path, "line:col: message")``.

    Bad entries (and bad forms within an entry) are left out; every valid entry is kept.
    """
    glossary, problems = check_files(paths)
    return glossary, [p.to_file_error() for p in problems]


def load_glossary_text(text: str, name: str = "<glossary>") -> tuple[Glossary, list[Problem]]:
    """Load and check a glossary from YAML text (imports, tests)."""
    return _merge([_check_text(text, name)], [name])


# ---------------------------------------------------------------- discovery


def configured_glossaries(cwd: Path) -> list[Path] | None:
    """``[tool.transcheck] glossaries = [...]`` from ./pyproject.toml, or None."""
    pyproject = cwd / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        import tomllib  # Python >= 3.11
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            return None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    listed = data.get("tool", {}).get("transcheck", {}).get("glossaries")
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not listed:
        return None
    out: list[Path] = []
    for item in listed:
        if not isinstance(item, str):
            continue
        if any(c in item for c in "*?["):
            base = cwd if not os.path.isabs(item) else Path("/")
            pattern = item if not os.path.isabs(item) else item.lstrip("/")
            out.extend(sorted(base.glob(pattern)))
        else:
            out.append(Path(item) if cwd == Path.cwd() else cwd / item)
    return out


def find_glossary_files(
    corpus_paths: list[Path], explicit: list[Path] | None = None, discover: bool = True
) -> list[Path]:
    """The glossary files to use, first rule that gives any wins.

    1. ``explicit`` (``--glossary`` files); 2. ``[tool.transcheck] glossaries`` in
    ``./pyproject.toml``; 3. every ``*.yaml``/``*.yml`` in ``glossaries/`` beside or inside each
    corpus folder. ``discover=False`` keeps only the explicit files.
    """
    if explicit:
        return _unique([Path(p) for p in explicit])
    if not discover:
        return []
    configured = configured_glossaries(Path.cwd())
    if configured is not None:
        return _unique(configured)
    found: list[Path] = []
    for corpus in corpus_paths:
        corpus = Path(corpus)
        folder = corpus if corpus.is_dir() else corpus.parent
        for candidate in (folder.parent / "glossaries", folder / "glossaries"):
            if candidate.is_dir():
                found.extend(
                    sorted(
                        p
                        for p in candidate.iterdir()
                        if p.suffix.lower() in (".yaml", ".yml") and p.is_file()
                    )
                )
    return _unique(found)


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen: set[str] = set()
    out: list[Path] = []
    for p in paths:
        try:
            key = str(p.resolve())
        except OSError:
            key = str(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


__all__ = [
    "ANY_LANG",
    "ISO_639_1",
    "KINDS",
    "TYPES",
    "Entry",
    "Form",
    "Glossary",
    "Hit",
    "Match",
    "MatchOptions",
    "Problem",
    "check_files",
    "configured_glossaries",
    "find_glossary_files",
    "load_glossaries",
    "load_glossary_text",
    "normalize",
]
