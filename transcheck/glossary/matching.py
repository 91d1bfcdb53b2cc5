"""How glossary forms are found in text: folding (case, diacritics, punctuation, spaces) with
a map back to the original offsets, and one compiled :class:`Matcher` per form.

Literal forms become regular expressions over folded text (whole words unless an entry says
otherwise); ``re:`` forms run on text folded for diacritics only. :class:`Glossary
<transcheck.glossary.model.Glossary>` indexes the matchers and runs them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transcheck.glossary.model import Entry, Form, Hit

# Where two hits cover the same span, the lower rank wins.
KIND_RANK = {"forbidden": 0, "canonical": 1, "allowed": 2, "alias": 3}

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
    return normalize_map(text, not case, not diacritics)[0].strip()


def normalize_map(
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


def literal_pattern(needle: str, whole_word: bool, marks: bool) -> str:
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


WORD = re.compile(r"\w+")
FoldKey = tuple[bool, bool, bool]  # (fold case, fold diacritics, fold punctuation)


@dataclass
class Matcher:
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
    def key(self) -> FoldKey:
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
        m = WORD.match(self.needle)
        if m is None or any(_no_space_script(c) for c in m.group()):
            return None
        return m.group()

    def applies(self, lang: str | None) -> bool:
        if applies(self.form.lang, lang):
            return True
        return self.fallback_for_others and lang not in self.entry.canonical_languages


def compile_form(form: Form, entry: Entry) -> Matcher:
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
        matcher = Matcher(form, entry, False, fold_diacritics, False, None, source, flags, fallback)
        _ = matcher.pattern  # compile now: a bad pattern is reported, not met mid-audit
        return matcher
    fold_punct = entry.folds_punctuation
    needle = normalize_map(form.text, fold_case, fold_diacritics, fold_punct)[0].strip()
    source = literal_pattern(needle, entry.match.whole_word, not fold_diacritics)
    return Matcher(form, entry, fold_case, fold_diacritics, fold_punct, needle, source, 0, fallback)


def applies(form_lang: str | None, lang: str | None) -> bool:
    return form_lang is None or lang is None or form_lang == lang


def span(index: list[int], text: str, start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of folded text back to the original text."""
    a = index[start]
    b = index[end - 1] + 1
    limit = index[end] if end < len(index) else len(text)
    while b < limit and (unicodedata.combining(text[b]) or text[b] in "\u00ad\u200b"):
        b += 1
    return a, b


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the longest hit where hits overlap (forbidden first on equal spans)."""
    ranked = sorted(
        hits, key=lambda h: (-(h.end - h.start), KIND_RANK[h.kind], h.start, h.entry.id)
    )
    kept: list[Hit] = []
    for h in ranked:
        if all(h.end <= k.start or k.end <= h.start for k in kept):
            kept.append(h)
    return kept
