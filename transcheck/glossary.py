"""Glossaries: the agreed renderings of names, places, terms and quotations.

Localisation teams keep them as YAML files (format: ``docs/glossary.md``), merged into one
:class:`Glossary`. This module holds the records, matches their forms in text (case- and
diacritic-insensitive by default, whole words, ``re:`` for a regular expression) and finds the
files beside a corpus; ``glossary_load`` reads and checks them (every problem with file, line and
column; a bad entry is dropped, the rest is kept) and ``glossary_io`` converts them (TBX, CSV,
suggestions). The audit only ever reads glossary files.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


# ---------------------------------------------------------------- loading (glossary_load.py)


def check_files(paths: Sequence[Path]) -> tuple[Glossary, list[Problem]]:
    """Load and check glossary files: the merged glossary and every problem, in file order."""
    from transcheck.glossary_load import check_files as _check_files

    return _check_files(paths)


def load_glossaries(paths: list[Path]) -> tuple[Glossary, list[FileError]]:
    """Merge glossary files; each problem becomes ``FileError(path, "line:col: message")``.

    Bad entries (and bad forms within an entry) are left out; every valid entry is kept.
    """
    glossary, problems = check_files(paths)
    return glossary, [p.to_file_error() for p in problems]


def load_glossary_text(text: str, name: str = "<glossary>") -> tuple[Glossary, list[Problem]]:
    """Load and check a glossary from YAML text (imports, tests)."""
    from transcheck.glossary_load import load_glossary_text as _load_text

    return _load_text(text, name)


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
    from transcheck.safety import MAX_GLOSSARY_BYTES, read_limited

    try:
        raw = read_limited(pyproject, MAX_GLOSSARY_BYTES, "pyproject.toml")
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, ValueError, tomllib.TOMLDecodeError):  # UnicodeDecodeError included
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
