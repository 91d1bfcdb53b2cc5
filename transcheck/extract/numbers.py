"""Locale-aware numbers: numerals, written-out numbers, percentages, years, times, ordinals.

Digit grouping and decimals (``lang`` decides, then the shape of the digits):
- ``3,800`` ``3.800`` ``3 800`` (also NBSP / narrow NBSP) ``3'800`` ``3800``; two different
  separators: the last is the decimal mark (``3,800.5`` / ``3.800,5``).
- One ``.`` or ``,`` followed by other than exactly three digits is a decimal mark
  (``3.5``, ``3,5``). Followed by exactly three digits it separates thousands, except a dot in
  a dot-decimal language (en ``3.800`` = 3.8) and a leading ``0`` (``0,125``). So in
  Spanish ``3.800`` = 3800, ``3,8`` = 3.8 and the ambiguous ``3,800`` = 3800.
- A plain space groups thousands only in languages that write numbers that way (fr, ru, ...);
  NBSP and narrow NBSP group thousands in every language.
Kinds: ``percent`` (12%, 12 %, 12 por ciento, twelve percent), ``year`` (a bare 4-digit
1900-2100), ``time`` (20:30, 20 h 30, 20h30, 8 pm; value in hours: 20.5), ``ordinal`` (1st,
2.º, 1er), ``decimal`` (a number written with a decimal mark), ``money:<ISO 4217 code>``
(an amount: a currency sign or code before or after it, ``$3.8 million``, ``US$ 40``,
``R$ 12``, ``40 €``, ``3,8 M€``, ``USD 5``, or a currency word after it, ``3,8 millones de
dólares``, ``40 euros``, ``12 livres sterling``, ``10 Canadian dollars``; a bare ``$`` or
"dollars" is USD; plain ``money`` when the word does not tell the currency, "20 pesos";
"pounds of rice" is a weight), else ``count``. The sign and the currency word are not part
of the span. Ranges share the currency ("30 to 40 million dollars", "$30-40 million").
Scale words count as part of the number and its span ("3.8 million", "3,8 millones" =
3 800 000); the percent sign and qualifiers do not. Qualifiers before the number ("more
than", "about", "menos de", ...) fill ``qualifier`` with "over" / "approx" / "under".
A range ``2019-21`` gives two numbers, 2019 and 2021 (the second span is "21"); in
"between 30 and 43 percent" both are percentages. A minus sign (not a range dash) makes the
value negative and is part of the span. Written-out numbers come from per-language tables
(en es fr pt it de ru kk); a lone "one"/"uno"/"un" is not reported (mostly a pronoun or an
article) unless it is a percentage ("uno por ciento").
Digits glued to letters (A320, COVID-19), in dotted versions (1.2.3) or in slashed dates
(3/4/2020) are not numbers.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from functools import cache, lru_cache

from transcheck.extract.langdata import (
    CURRENCY_CODES,
    CURRENCY_COUNTRY,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    FUNCTION_WORDS,
    NUMBER_JOINERS,
    NUMBER_SCALES,
    NUMBER_UNITS,
    ORDINAL_SUFFIXES,
    PERCENT_WORDS,
    QUALIFIERS,
    WEIGHT_AFTER,
)
from transcheck.languages import decimal_comma, month_names, space_thousands
from transcheck.model import NumberMention, offset, shared_float


def _longest_first(word: str) -> tuple[int, str]:
    """Sort key for regex alternations: longer words first, then alphabetical (stable)."""
    return (-len(word), word)


_SEP_STRICT = r"[,.'’\u00a0\u202f\u2009]"
_SEP_SPACE = r"[,.'’ \u00a0\u202f\u2009]"


def _numeral_re(sep: str) -> re.Pattern[str]:
    r"""A numeral with thousands separators ``sep``, or a plain one, not inside a word.

    It starts with its first digit and checks the look-behinds after it (``\d(?<!X\d)`` is
    ``(?<!X)\d``): a pattern whose first item is a character class lets the regex engine
    jump from digit to digit instead of trying look-behinds at every position (4x faster,
    the same matches as ``(?<![^\W_])(?<![.,/])\d{1,3}(?:SEP\d{3})+(?:[.,]\d+)?(?!\d)``
    or ``(?<![^\W_])(?<![/])\d+(?:[.,]\d+)?``)."""
    return re.compile(
        rf"\d(?<![^\W_]\d)(?:(?<![.,/]\d)\d{{0,2}}(?:{sep}\d{{3}})+(?:[.,]\d+)?(?!\d)"
        rf"|(?<![/]\d)\d*(?:[.,]\d+)?)"
    )


_NUMERAL_STRICT = _numeral_re(_SEP_STRICT)
_NUMERAL_SPACE = _numeral_re(_SEP_SPACE)
_CLOCK = r"(?<![\w.,:])(?P<h>[01]?\d|2[0-3])(?::|\s?[hH]\s?)(?P<m>[0-5]\d)(?![\w:]|[.,]\d)"
_AMPM = r"(?<![\w.,:])(?P<h12>1[0-2]|0?\d)(?::(?P<m12>[0-5]\d))?\s?(?P<ap>[ap])\.?m\b\.?"
# "13.00 Uhr", "13 Uhr", "13 h" (French), "13h".
_HOUR_WORD = r"(?<![\w.,:])(?P<hw>[01]?\d|2[0-3])(?:[.:](?P<mw>[0-5]\d))?\s?(?:Uhr|h)(?![^\W_])"
_TIME = re.compile(f"{_CLOCK}|{_HOUR_WORD}", re.IGNORECASE)
_TIME_EN = re.compile(f"{_AMPM}|{_CLOCK}", re.IGNORECASE)
# Where a time can start: a digit after no word character, '.', ',' or ':' (every time
# pattern opens so). Trying the patterns there only is what finditer finds, 3x faster.
_TIME_START = re.compile(r"\d(?<![\w.,:]\d)")


def _times(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for the time patterns (matches start at ``_TIME_START``)."""
    pos = 0
    for start in _TIME_START.finditer(text):
        p = start.start()
        if p < pos:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            pos = m.end()


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SPACES = frozenset(" \u00a0\u202f\u2009")
_CURRENCY = frozenset("$€£¥₽₹₩₺")


def _word_re(word: str) -> str:
    """Regex for a table word; a trailing "*" marks a stem that takes any ending."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word)


_STEMS: dict[int, tuple[tuple[str, int], ...]] = {}


def _scale_factor(word: str, scales: dict[str, int]) -> int | None:
    factor = scales.get(word)
    if factor is not None:
        return factor
    stems = _STEMS.get(id(scales))
    if stems is None:
        stems = tuple((k[:-1], f) for k, f in scales.items() if k.endswith("*"))
        _STEMS[id(scales)] = stems
    for stem, factor in stems:
        if word.startswith(stem):
            return factor
    return None


def _lang_tables(lang: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """Number words of ``lang`` (English for languages without tables)."""
    return _tables_for(lang if lang in NUMBER_UNITS or lang in NUMBER_SCALES else "en")


@cache  # one entry per language that has tables; never evicted (see _STEMS)
def _tables_for(key: str) -> tuple[dict[str, int], dict[str, int]]:
    return dict(NUMBER_UNITS.get(key, {})), dict(NUMBER_SCALES.get(key, {}))


@lru_cache(maxsize=32)
def _scale_re(lang: str | None) -> re.Pattern[str]:
    _, scales = _lang_tables(lang)
    spaced = sorted((w for w in scales if len(w) > 1 or w in ("k",)), key=_longest_first)
    words = "|".join(_word_re(w) for w in spaced if w not in ("m", "k", "bn", "mn"))
    glued = "bn|mn|m|k|mio|mrd" if (lang or "en") in ("en", "de") else "bn|mn|mio|mrd"
    return re.compile(
        rf"(?:[ \u00a0\u202f]+(?:{words})|(?:{glued}))(?![^\W_])"
        if words
        else rf"(?:{glued})(?![^\W_])",
        re.IGNORECASE,
    )


_PERCENT = re.compile(
    r"[ \u00a0\u202f]?%|[ \u00a0\u202f]+(?:"
    + "|".join(_word_re(w) for w in sorted(PERCENT_WORDS, key=_longest_first))
    + r")(?![^\W_])",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    "(?:"
    + "|".join(re.escape(s) for s in sorted(ORDINAL_SUFFIXES, key=_longest_first))
    + r")(?![^\W_])"
)
_QUALIFIER = re.compile(
    r"(?:^|[^\w])("
    + "|".join(
        re.escape(q)
        for q in sorted({q for qs in QUALIFIERS.values() for q in qs}, key=_longest_first)
    )
    + r")[ \u00a0\u202f]+(?:(?:"
    + "|".join(re.escape(c) for c in sorted(CURRENCY_SIGNS, key=_longest_first))
    + "|"
    + "|".join(sorted(CURRENCY_CODES))
    + r")[ \u00a0\u202f]?)?$",
    re.IGNORECASE,
)
_QUALIFIER_KIND = {q: kind for kind, qs in QUALIFIERS.items() for q in qs}


def _parse_digits(raw: str, lang: str | None) -> tuple[float, bool] | None:
    """Value of a digit string with separators, and whether it has a decimal part."""
    seps = [
        (i, ("'" if ch == "’" else " " if ch in _SPACES else ch))
        for i, ch in enumerate(raw)
        if not ch.isdigit()
    ]
    digits = raw
    if not seps:
        return float(int(raw)), False
    kinds = [k for _, k in seps]
    last_i, last_k = seps[-1]
    tail = raw[last_i + 1 :]
    if len(set(kinds)) >= 2:
        if last_k not in ".," or kinds.count(last_k) > 1:
            return None
        whole = "".join(ch for ch in raw[:last_i] if ch.isdigit())
        return float(f"{whole}.{tail}"), True
    if last_k in " '" or len(seps) > 1:
        return float("".join(ch for ch in digits if ch.isdigit())), False
    head = raw[:last_i]
    if len(tail) != 3 or head == "0":
        return float(f"{head}.{tail}"), True
    if last_k == "." and (not decimal_comma(lang) and lang is not None):
        return float(f"{head}.{tail}"), True
    return float(head + tail), False


def german_ordinal_dot(text: str, dot: int) -> bool:
    """True when the "." at ``dot`` after a number marks a German ordinal, not a sentence end:
    a word follows that is not a common sentence opener ("19. Jahrhundert", "3. März")."""
    if dot >= len(text) - 2 or text[dot] != "." or text[dot + 1] not in " \u00a0":
        return False
    m = _WORD.match(text, dot + 2)
    return bool(m) and m.group(0).lower() not in FUNCTION_WORDS["de"]


_SEASON = re.compile(r"/(\d{4}|\d{2})(?![\d/.,])")
_NEXT_WORD = re.compile(r"[.\s]*(?:(?:de|of|del)\s+)?([^\W\d_]+)")
_PREV_WORD = re.compile(r"([^\W\d_]+)\.?\s+$")


def _next_to_month(text: str, start: int, end: int) -> bool:
    """True when a month name follows ("3. März", "1er mai", "3rd of March") or precedes
    ("March 3rd") the number at ``[start, end)``."""
    m = _NEXT_WORD.match(text, end, min(len(text), end + 24))
    if m and m.group(1).lower() in month_names():
        return True
    p = _PREV_WORD.search(text, max(0, start - 16), start)
    return bool(p) and p.group(1).lower() in month_names()


def _qualifier(text: str, start: int) -> str | None:
    window = text[max(0, start - 32) : start]
    m = _QUALIFIER.search(window)
    if not m:
        return None
    return _QUALIFIER_KIND.get(m.group(1).lower())


def _suffix_kind(text: str, end: int, lang: str | None) -> tuple[str | None, int, float]:
    """After a numeral: ('scale', new_end, factor) or ('percent', end, 1) or (None, end, 1)."""
    m = _scale_re(lang).match(text, end, min(len(text), end + 24))
    if m:
        word = m.group(0).strip(" \u00a0\u202f").lower()
        _, scales = _lang_tables(lang)
        factor = _scale_factor(word, scales) or {
            "mio": 1e6,
            "mrd": 1e9,
            "bn": 1e9,
            "mn": 1e6,
            "m": 1e6,
            "k": 1e3,
        }.get(word)
        if factor:
            return "scale", m.end(), float(factor)
    return None, end, 1.0


def _is_percent(text: str, end: int) -> bool:
    return bool(_PERCENT.match(text, end, min(len(text), end + 20)))


_SIGN_ALT = "|".join(
    (r"(?<![^\W_])" if c[0].isalpha() else "") + re.escape(c)
    for c in sorted(CURRENCY_SIGNS, key=_longest_first)
)
_CODE_ALT = "|".join(sorted(CURRENCY_CODES))
# A sign or an ISO code right before the number: "$3", "US$ 3", "€3", "USD 3".
_CURRENCY_BEFORE = re.compile(rf"(?:({_SIGN_ALT})|(?<![^\W_])({_CODE_ALT}))[ \u00a0\u202f]?\Z")
# A sign or an ISO code right after it: "40 €", "3,8 M€", "40 USD".
_CURRENCY_SIGN_AFTER = re.compile(
    rf"[ \u00a0\u202f]?({_SIGN_ALT})(?![^\W_])|[ \u00a0\u202f]+({_CODE_ALT})(?![^\W_])"
)
# Between a scale word and a currency word: "millones de dólares", "millions d'euros".
_CURRENCY_JOINER = re.compile(r"[ \u00a0\u202f]+(?:(?:de|of|di)[ \u00a0\u202f]+|d['’])", re.I)
_CURRENCY_TOKEN = re.compile(r"([ \u00a0\u202f]*)(U\.S\.|[^\W\d_]+)")
_CURRENCY_STEMS = tuple((w[:-1], c) for w, c in CURRENCY_WORDS.items() if w.endswith("*"))
# Scale and currency glued after the number: "3,8 M€", "500 k€", "2 Md€".
_GLUED_SCALE_SIGN = re.compile(
    r"[ \u00a0\u202f]?(k|M|Md|Mds|Mrd|Mio|mln|mld)(?=[ \u00a0\u202f]?[$€£¥₽₹₩₺])"
)
_GLUED_FACTORS = {
    "k": 1e3,
    "M": 1e6,
    "Mio": 1e6,
    "mln": 1e6,
    "Md": 1e9,
    "Mds": 1e9,
    "Mrd": 1e9,
    "mld": 1e9,
}
_USD_ADJECTIVES = frozenset(("u.s.", "us", "american", "estadounidenses", "americanos"))


def _currency_word(word: str) -> str | None:
    code = CURRENCY_WORDS.get(word)
    if code is None:
        for stem, c in _CURRENCY_STEMS:
            if word.startswith(stem):
                return c
    return code


def _currency(text: str, start: int, end: int) -> str | None:
    """ISO code of the currency of the number at ``[start, end)``: a sign or code before
    it, or a sign, code or currency word after it. "" for money whose currency the word
    does not tell ("20 pesos"); None when the number is not an amount of money."""
    m = _CURRENCY_BEFORE.search(text, max(0, start - 5), start)
    if m:
        return CURRENCY_SIGNS[m.group(1)] if m.group(1) else m.group(2)
    limit = min(len(text), end + 60)
    m = _CURRENCY_SIGN_AFTER.match(text, end, limit)
    if m:
        return CURRENCY_SIGNS[m.group(1)] if m.group(1) else m.group(2)
    j = None
    if end > 0 and text[end - 1].isalpha():  # after a scale word: "millones de dólares"
        j = _CURRENCY_JOINER.match(text, end, limit)
    pos = j.end() if j else end
    if j:  # "100 millones de €", "3 millions de USD"
        m = _CURRENCY_SIGN_AFTER.match(text, pos - 1, limit)
        if m:
            return CURRENCY_SIGNS[m.group(1)] if m.group(1) else m.group(2)
    need_space = j is None
    words: list[str] = []
    while len(words) < 3:
        t = _CURRENCY_TOKEN.match(text, pos, limit)
        if not t or (need_space and not t.group(1)):
            break
        words.append(t.group(2).lower())
        pos = t.end()
        need_space = True
    if not words:
        return None
    code = _currency_word(words[0])
    if code is not None:
        if code == "GBP" and len(words) > 1 and words[1] in WEIGHT_AFTER:
            return None  # "ten pounds of rice", "diez libras de arroz"
        if len(words) > 1 and words[1] in CURRENCY_COUNTRY:
            return CURRENCY_COUNTRY[words[1]]
        return code
    if len(words) > 1 and (words[0] in CURRENCY_COUNTRY or words[0] in _USD_ADJECTIVES):
        code = _currency_word(words[1])
        if code is not None:
            return CURRENCY_COUNTRY.get(words[0], code)
    return None


def _mention(
    start: int, end: int, text: str, value: float, kind: str, qualifier: str | None
) -> NumberMention:
    """A mention as records keep it: shared offsets, its text interned (figures repeat
    across a corpus: "3,800", "two")."""
    return NumberMention(
        offset(start), offset(end), sys.intern(text), shared_float(value), kind, qualifier
    )


def find_numbers(text: str, lang: str | None = None) -> list[NumberMention]:
    """Numbers in ``text`` in order of position (see the module docstring for the rules)."""
    out: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for m in _times(_TIME_EN if lang in ("en", None) else _TIME, text):
        if m.group("h") is not None:
            value = int(m.group("h")) + int(m.group("m")) / 60
        elif m.groupdict().get("hw") is not None:
            value = int(m.group("hw")) + (int(m.group("mw")) / 60 if m.group("mw") else 0.0)
        else:
            hour = int(m.group("h12")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
            value = hour + (int(m.group("m12")) / 60 if m.group("m12") else 0.0)
        out.append(
            _mention(m.start(), m.end(), m.group(0), value, "time", _qualifier(text, m.start()))
        )
        taken.append((m.start(), m.end()))
    numeral = _NUMERAL_SPACE if space_thousands(lang) else _NUMERAL_STRICT
    t = 0
    prev: NumberMention | None = None
    n = len(text)
    for m in numeral.finditer(text):
        s, e = m.start(), m.end()
        while t < len(taken) and taken[t][1] <= s:
            t += 1
        if t < len(taken) and taken[t][0] < e:
            continue
        raw = m.group(0)
        before = text[s - 1] if s > 0 else ""
        after = text[e] if e < n else ""
        # Identifiers, versions, slashed dates: not numbers.
        if before == "-" and s >= 2 and text[s - 2].isalpha():
            continue
        if after == "/":
            season = _SEASON.match(text, e)
            if season and raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100:
                # "2019/20" season: two years, like the range "2019-20".
                tail = season.group(1)
                second = float(int(raw[: 4 - len(tail)] + tail))
                q = _qualifier(text, s)
                out.append(_mention(s, e, raw, float(raw), "year", q))
                out.append(_mention(e + 1, season.end(), tail, second, "year", None))
                prev = out[-1]
            continue
        if after in ".," and e + 1 < n and text[e + 1].isdigit():
            continue
        if before in ".," and s >= 2 and text[s - 2].isdigit():
            continue
        parsed = _parse_digits(raw, lang)
        if parsed is None:
            continue
        value, decimal = parsed
        kind = "decimal" if decimal else "count"
        mention_end = e
        om = _ORDINAL.match(text, e, min(n, e + 4)) if raw.isdigit() else None
        if (
            om
            and om.end() > e
            and not (om.group(0) in ("e", "er", "re") and lang not in ("fr", None))
        ):
            kind = "ordinal"
            mention_end = om.end()
        elif lang == "de" and raw.isdigit() and len(raw) <= 3 and german_ordinal_dot(text, e):
            kind = "ordinal"  # "am 19. Jahrhundert", "3. März"
            mention_end = e + 1
        else:
            scale_kind, scale_end, factor = _suffix_kind(text, e, lang)
            if scale_kind is None:
                glued = _GLUED_SCALE_SIGN.match(text, e, min(n, e + 6))
                if glued:
                    scale_kind, scale_end = "scale", glued.end()
                    factor = _GLUED_FACTORS[glued.group(1)]
            if scale_kind == "scale":
                value *= factor
                mention_end = scale_end
                kind = "count"
            if _is_percent(text, mention_end):
                kind = "percent"
            elif (
                scale_kind is None
                and raw.isdigit()
                and len(raw) == 4
                and 1900 <= value <= 2100
                and before not in _CURRENCY
            ):
                kind = "year"
        if kind == "ordinal" and 1 <= value <= 31 and _next_to_month(text, s, mention_end):
            # A day of the month is a plain number in every language: "1er mai" = "May 1".
            kind = "count"
            mention_end = e
        if kind in ("count", "decimal", "year"):
            currency = _currency(text, s, mention_end)
            if currency is not None:
                kind = f"money:{currency}" if currency else "money"
        # Ranges: 2019-21 -> the second year.
        if (
            prev is not None
            and before in "-–"
            and prev.end == s - 1
            and prev.kind == "year"
            and raw.isdigit()
            and len(raw) == 2
        ):
            value = float(int(str(int(prev.value))[:2] + raw))
            kind = "year"
        # A minus sign (not a range dash): "-5 °C", "−3.2%".
        elif (
            before in ("-", "\u2212")
            and (s < 2 or text[s - 2] in " \t\n(\u00a0[")
            and not (prev is not None and prev.end >= s - 4)
            and kind != "year"
        ):
            s -= 1
            value = -value
        mention = _mention(s, mention_end, text[s:mention_end], value, kind, _qualifier(text, s))
        out.append(mention)
        prev = mention
    covered: list[tuple[int, int]] = []
    for x in out:
        pm = _PERCENT.match(text, x.end, min(n, x.end + 20))
        covered.append((x.start, pm.end() if pm else x.end))
    out.extend(_written_numbers(text, lang, sorted(covered)))
    out.sort(key=lambda x: (x.start, x.end))
    return _spread_money(text, _spread_percent(text, out))


_RANGE_LINK = re.compile(
    r"\s*(?:-|–|—|/|and|to|or|y|o|a|e|et|ou|à|und|bis|oder|и|до|или)"
    r"(?:\s+(?:el|la|los|las|le|les|the|o|a|os|as|il|lo|i|gli))?\s*",
    re.IGNORECASE,
)


def _spread_percent(text: str, numbers: list[NumberMention]) -> list[NumberMention]:
    """ "between 30 and 43 percent": the first number of a range is a percentage too."""
    out = list(numbers)
    for k in range(len(out) - 2, -1, -1):
        a, b = out[k], out[k + 1]
        if b.kind == "percent" and a.kind in ("count", "decimal") and not a.text[-1].isalpha():
            link = _RANGE_LINK.fullmatch(text, a.end, b.start)
            if link:
                out[k] = replace(a, kind="percent")
    return out


_RANGE_TO = re.compile(r"\s*(?:-|–|—|to|a|à|al|bis|до)\s*", re.IGNORECASE)


def _spread_money(text: str, numbers: list[NumberMention]) -> list[NumberMention]:
    """Ranges share a currency: "30 to 40 million dollars" (both, over any range link) and
    "$30-40 million" (the second, over a dash or "to")."""
    out = list(numbers)
    for k in range(len(out) - 2, -1, -1):
        a, b = out[k], out[k + 1]
        if (
            b.kind.startswith("money")
            and a.kind in ("count", "decimal")
            and _RANGE_LINK.fullmatch(text, a.end, b.start)
            and not a.text[-1].isalpha()
        ):
            out[k] = replace(a, kind=b.kind)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if (
            a.kind.startswith("money")
            and b.kind in ("count", "decimal")
            and _RANGE_TO.fullmatch(text, a.end, b.start)
        ):
            out[k + 1] = replace(b, kind=a.kind)
    return out


_PERCENT_NOUNS = frozenset(("ciento", "cento", "cent"))


@lru_cache(maxsize=32)
def _number_word_re(lang: str | None) -> re.Pattern[str]:
    """Regex for the number words of ``lang`` (units, scales, joiners, a/an), hyphen-joined."""
    units, scales = _lang_tables(lang)
    vocab = set(units) | {w for w in scales if len(w) > 2} | set(NUMBER_JOINERS) | {"a", "an"}
    alt = "|".join(_word_re(w) for w in sorted(vocab, key=_longest_first))
    # (the first letters of the words, looked at before the words are tried one by one: the
    # same matches, found a third faster in a whole document)
    first = "".join(sorted({re.escape(w[0]) for w in vocab}))
    return re.compile(
        rf"(?<![^\W_])(?=[{first}])(?:{alt})(?:-(?:{alt}))*(?:(?![^\W_])|(?=-[^\W\d_]))", re.I
    )


_PERCENT_NOUN_AFTER_INTRO = re.compile(r"(?<![^\W_])(?:por|pour|per)\s+$", re.IGNORECASE)


def _number_items(
    text: str, lang: str | None, covered: list[tuple[int, int]], units: dict[str, int]
) -> list[tuple[int, int, str, bool]]:
    """Number words outside numerals as (start, end, lowercase word, ends_a_number).

    A hyphenated word that starts with number words ("five-time", "twenty-five-year-old")
    contributes only that prefix, and no number continues past it."""
    items: list[tuple[int, int, str, bool]] = []
    c = 0
    n = len(text)
    for w in _number_word_re(lang).finditer(text):
        ws, we = w.start(), w.end()
        while c < len(covered) and covered[c][1] <= ws:
            c += 1
        if c < len(covered) and covered[c][0] < we:
            continue  # part of a numeral ("3.8 million") or of its percent phrase
        low = w.group(0).lower()
        if low in _PERCENT_NOUNS and _PERCENT_NOUN_AFTER_INTRO.search(text, max(0, ws - 6), ws):
            continue  # "por ciento", "pour cent"
        terminal = we < n and text[we] == "-"
        items.append((ws, we, low, terminal))
    return items


def _written_numbers(
    text: str, lang: str | None, covered: list[tuple[int, int]]
) -> list[NumberMention]:
    units, scales = _lang_tables(lang)
    if not units:
        return []
    found: list[NumberMention] = []
    items = _number_items(text, lang, covered, units)
    i = 0
    n = len(items)
    while i < n:
        w = items[i][2]
        starts_number = _is_number_word(w, units, scales) or (
            # "a dozen", "a hundred", "a million"
            w in ("a", "an") and i + 1 < n and _is_scale(items[i + 1][2], units, scales)
        )
        if not starts_number:
            i += 1
            continue
        j = i
        parts: list[str] = []
        while j < n:
            ws, we, wj, terminal = items[j]
            if j > i:
                gap = text[items[j - 1][1] : ws]
                if len(gap) > 2 or not gap.isspace() or items[j - 1][3]:
                    break
            if (
                _is_number_word(wj, units, scales)
                or (wj in ("a", "an") and j == i)
                or (
                    wj in NUMBER_JOINERS
                    and parts
                    and j + 1 < n
                    and _is_number_word(items[j + 1][2], units, scales)
                )
            ):
                parts.append(wj)
            else:
                break
            j += 1
        while parts and parts[-1] in NUMBER_JOINERS | {"a", "an"}:
            parts.pop()
            j -= 1
        value = _words_value(parts, units, scales)
        counted = [p for p in parts if p not in ("a", "an")]
        if (
            counted
            and parts[0] not in ("a", "an")
            and all((_scale_factor(p, scales) or 0) >= 1_000_000 for p in counted)
        ):
            value = None  # "millions of people" is not a figure
        if value is None or j <= i:
            i = max(j, i + 1)
            continue
        start, end = items[i][0], items[j - 1][1]
        kind = "percent" if _is_percent(text, end) else "count"
        if kind == "count":
            currency = _currency(text, start, end)
            if currency is not None:
                kind = f"money:{currency}" if currency else "money"
        if value == 1 and len(counted) == 1 and kind == "count":
            i = j
            continue  # a lone "one" is mostly a pronoun or determiner ("one of them")
        found.append(_mention(start, end, text[start:end], value, kind, _qualifier(text, start)))
        i = j
    return found


def _is_scale(word: str, units: dict[str, int], scales: dict[str, int]) -> bool:
    w = word.lower()
    return (len(w) > 2 and _scale_factor(w, scales) is not None) or units.get(w) in (12, 100)


def _is_number_word(w: str, units: dict[str, int], scales: dict[str, int]) -> bool:
    return (
        w in units
        or (len(w) > 2 and _scale_factor(w, scales) is not None)
        or _hyphenated_number(w, units)
    )


def _hyphenated_number(w: str, units: dict[str, int]) -> bool:
    return "-" in w and all(p in units or p in ("et", "y", "e") for p in w.split("-"))


def _words_value(parts: list[str], units: dict[str, int], scales: dict[str, int]) -> float | None:
    """Value of a written-out number (["two", "hundred", "and", "five"] -> 205)."""
    if not parts:
        return None
    tokens: list[str] = []
    for p in parts:
        tokens.extend(p.split("-") if "-" in p else [p])
    total = 0
    current = 0
    seen = False
    prev_unit = 0
    last_big = False
    for tok in tokens:
        if tok in ("a", "an"):
            continue
        prev_big, last_big = last_big, False
        if tok in NUMBER_JOINERS:
            last_big = prev_big
            continue
        factor = _scale_factor(tok, scales) if len(tok) > 2 else None
        if factor is not None and factor >= 1000:
            if current == 0 and prev_big:
                total *= factor  # "tres mil millones", "a thousand million"
            else:
                total += max(current, 1) * factor
            current = 0
            seen = True
            prev_unit = 0
            last_big = True
            continue
        elif factor is not None or (tok in units and units[tok] == 100):
            current = max(current, 1) * (factor or 100)
            seen = True
            prev_unit = 0
        elif tok in units:
            v = units[tok]
            if v == 20 and prev_unit in (4,) and current >= 4:  # French quatre-vingt(s)
                current = current - prev_unit + prev_unit * 20
            else:
                current += v
            prev_unit = v
            seen = True
        else:
            return None
    if not seen:
        return None
    return float(total + current)


def parse_number(text: str, lang: str | None = None) -> float | None:
    """Value of one numeral or written-out number ("3.800", "3,8 millones", "twelve")."""
    stripped = text.strip()
    if not stripped:
        return None
    mentions = find_numbers(stripped, lang)
    if len(mentions) == 1:
        return mentions[0].value
    return None


# Word stems of units of measure (a figure with one may be the same quantity converted).
MEASURES = (
    "degree",
    "degre",
    "fahrenheit",
    "celsius",
    "mile",
    "kilomet",
    "km",
    "pound",
    "kilo",
    "kg",
    "foot",
    "feet",
    "met",
    "inch",
    "centimet",
    "gallon",
    "lit",
    "acre",
    "hectare",
    "ton",
)
