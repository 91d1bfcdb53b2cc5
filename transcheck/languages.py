"""Language facts in one place: ISO 639 codes and their aliases, English names, function
words, month and weekday names, number symbols.

Filled from maintained data wherever it exists: codes from ISO 639-3 (pycountry), names,
calendar words and number symbols from CLDR (Babel). Hand lists remain only where CLDR or
ISO have nothing (retired codes still in use) or where a measurement said the library data
does worse (each says so where it is defined). Everything is computed on first use and
cached: importing this module reads no data.

Codes are ISO 639-1 where one exists (what transcheck reports), else the code as given.
"""

from __future__ import annotations

import re
from functools import cache

# ---------------------------------------------------------------- codes

# Codes ISO 639 no longer lists (or never listed as 639-1/639-2) that people, detectors
# and engines still write.
_RETIRED_ALIASES: dict[str, str] = {
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "jw": "jv",
    "mo": "ro",
    "cmn": "zh",  # Mandarin (ISO 639-3 individual language of the zh macrolanguage)
    "fil": "tl",  # Filipino, the standard form of Tagalog
}
# Retired ISO 639-1 codes still accepted as languages ("bh", Bihari, withdrawn in 2021).
_RETIRED_ISO1 = frozenset({"bh"})


@cache
def _iso639_3() -> list[dict[str, str]]:
    """pycountry's ISO 639-3 table as its JSON file holds it (one entry per language:
    ``alpha_3``, ``alpha_2`` and ``bibliographic`` when it has them, ``name``...): read
    directly, not through ``pycountry.languages``, which makes an object of each of the
    7,900 languages and indexes it by every field (0.1-0.2 s of an audit that needs a few
    codes)."""
    import json

    import pycountry

    with open(pycountry.languages.filename, encoding="utf-8") as fh:
        return json.load(fh)["639-3"]


@cache
def iso639_1_codes() -> frozenset[str]:
    """Every ISO 639-1 code (ISO 639-3 tables via pycountry), plus retired ones in use."""
    codes = frozenset(lang["alpha_2"] for lang in _iso639_3() if "alpha_2" in lang)
    return codes | _RETIRED_ISO1


@cache
def iso3_to_iso1() -> dict[str, str]:
    """ISO 639-3 and 639-2 (terminology and bibliographic) codes -> ISO 639-1, for every
    language that has a two-letter code, and the retired aliases (``iw`` -> ``he``)."""
    out: dict[str, str] = {}
    for lang in _iso639_3():
        if "alpha_2" in lang:
            out[lang["alpha_3"]] = lang["alpha_2"]
            if "bibliographic" in lang:
                out[lang["bibliographic"]] = lang["alpha_2"]
    out.update(_RETIRED_ALIASES)
    return out


def to_iso1(code: str) -> str | None:
    """ISO 639-1 code for a language code (``spa`` -> ``es``, ``EN`` -> ``en``, ``pt-BR`` ->
    ``pt``), or None when the code is not a known language."""
    base = code.strip().replace("-", "_").split("_", 1)[0].lower()
    if base in iso639_1_codes():
        return base
    return iso3_to_iso1().get(base)


# CLDR calls Bengali "Bangla" since 2019; reports keep the name readers search for.
_NAME_OVERRIDES = {"bn": "Bengali"}


@cache
def _english_names() -> dict[str, str]:
    from babel import Locale

    return {**dict(Locale("en").languages), **_NAME_OVERRIDES}


def language_name(code: str | None) -> str:
    """English name of a language code (CLDR), or the code itself when CLDR has none."""
    if not code:
        return "unknown"
    return _english_names().get(code, code)


# ---------------------------------------------------------------- function words

# Function words of the pivot languages we support well; content words are the rest.
# Hand lists, not stopwords-iso (measured 2026-12-01 on the drift bench, seeds 1-3, and the
# calibration set): its lists are long (en 1,298 words) and hold words the checks compare
# ("never", "less", "important", "year"; pt "não", "nunca"). Taking it for every language
# kept recall (53/54) but doubled the false alarms (3 -> 6: a "negation dropped" quote-drift
# in pt); taking it only where no hand list exists (de, pt, ru, ...) added an info-level
# quote-drift false alarm on the calibration set. Other languages use the English list.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """a an the and or but if then than that this these those there here of to in on at by
        for from with without into onto over under about after before during since until while
        as is are was were be been being am do does did done have has had having will would
        shall should can could may might must not no nor so too very just also only even still
        yet ever i me my mine we us our ours you your yours he him his she her hers it its they
        them their theirs who whom whose which what when where why how all any both each few
        more most other some such own same s t don said says say told tell according up down out
        off again further once one ones upon per via it's he's she's they're we're i'm let
        """.split()
    ),
    "es": frozenset(
        """el la los las un una unos unas y o pero si que de del a al en con sin por para sobre
        entre hasta desde como es son fue fueron ser estar está están ha han había se su sus lo
        le les me mi mis te tu tus nos no ni muy más menos ya también este esta estos estas ese
        esa eso dijo dice según""".split()
    ),
    "fr": frozenset(
        """le la les un une des et ou mais si que qui de du d l à au aux en dans avec sans par
        pour sur entre jusqu depuis comme est sont était été être avoir a ont avait se sa son
        ses leur leurs lui il elle ils elles nous vous je tu ne pas plus moins très aussi ce cet
        cette ces y dit selon""".split()
    ),
}


def stopwords(lang: str | None) -> frozenset[str]:
    """Function words of a language (English ones for a language without a list)."""
    return STOPWORDS.get(lang or "en", STOPWORDS["en"])


# ---------------------------------------------------------------- months and weekdays

# The languages whose month and weekday names the extractors and the figure alignment know
# in every text (a date in a Catalan quote inside a Spanish article is still a date). One
# list since 2026-12: the extractors had no Catalan and the figure alignment no Russian;
# their union left the demo reports, the drift bench and the calibration reports unchanged.
CALENDAR_LANGUAGES = ("en", "es", "fr", "pt", "it", "ca", "de", "ru")
# Languages whose abbreviated month names count too ("Jan. 5", "Sept 3"): English news style
# abbreviates months; elsewhere CLDR's abbreviations are also words ("ene", "set", "mar").
_ABBREVIATING = frozenset({"en"})


@cache
def _regional_locales(lang: str) -> tuple[str, ...]:
    """CLDR locales of a language: the language itself and its territory variants (es_PE
    writes "setiembre", de_AT "Jänner"), not its other-script variants (en_Dsrt); an
    empty tuple when CLDR does not know the language."""
    from babel.core import parse_locale
    from babel.localedata import locale_identifiers

    out = []
    for ident in sorted(locale_identifiers()):
        if ident == lang or ident.startswith(lang + "_"):
            language, _territory, script, *_ = parse_locale(ident)
            if language == lang and script is None:
                out.append(ident)
    if not out:  # a code CLDR knows under another name (tl: fil, iw: he, mo: ro)
        from babel import Locale, UnknownLocaleError

        try:
            return (str(Locale.parse(lang)),)
        except (UnknownLocaleError, ValueError):
            return ()
    return tuple(out)


# The calendar names of CALENDAR_LANGUAGES as calendar_names() reads them from the installed
# Babel, kept for the Babel version they were read from (reading them takes a fifth of a
# second: hundreds of regional locales); with another version they are read again.
CALENDAR_FILE = "data/calendar_names.json"
CALENDAR_KINDS = (("month", "wide"), ("month", "abbreviated"), ("day", "wide"))


@cache
def _kept_calendars() -> dict[str, dict[str, int]]:
    import json
    from importlib import metadata
    from pathlib import Path

    try:
        data = json.loads((Path(__file__).parent / CALENDAR_FILE).read_text(encoding="utf-8"))
        if data["babel"] != metadata.version("babel"):
            return {}
        names = data["names"]
    except (OSError, ValueError, KeyError, TypeError, metadata.PackageNotFoundError):
        return {}
    return names if isinstance(names, dict) else {}


@cache
def calendar_names(lang: str, kind: str, width: str = "wide") -> dict[str, int]:
    """``kind`` = "month" (1-12) or "day" (Monday = 1) -> their names in a language,
    lowercase, formatted ("de junio", "июня") and stand-alone ("junio", "июнь"), in every
    territory variant CLDR has. Empty when CLDR does not know the language."""
    kept = _kept_calendars().get(f"{lang}|{kind}|{width}")
    if isinstance(kept, dict):
        return dict(kept)
    return read_calendar_names(lang, kind, width)


def read_calendar_names(lang: str, kind: str, width: str = "wide") -> dict[str, int]:
    """:func:`calendar_names` as the installed Babel gives them."""
    from babel.dates import get_day_names, get_month_names

    out: dict[str, int] = {}
    for locale in _regional_locales(lang):
        for context in ("format", "stand-alone"):
            if kind == "month":
                names = get_month_names(width, context=context, locale=locale)
                out.update((name.casefold(), n) for n, name in names.items())
            else:
                names = get_day_names(width, context=context, locale=locale)
                out.update((name.casefold(), n + 1) for n, name in names.items())
    return out


_WORD = re.compile(r"[^\W\d_]+")


@cache
def calendar_words(lang: str, kind: str) -> dict[str, int]:
    """Single words naming a month or weekday: the word of each name that tells it apart
    ("segunda-feira" -> segunda, "de gener" -> gener, "d'abril" -> abril), plus the
    abbreviations where they count."""
    names = dict(calendar_names(lang, kind))
    if kind == "month" and lang in _ABBREVIATING:
        names.update(calendar_names(lang, kind, "abbreviated"))
    tokens = {name: _WORD.findall(name) for name in names}
    shared: dict[str, set[int]] = {}
    for name, words in tokens.items():
        for w in words:
            shared.setdefault(w, set()).add(names[name])
    return {
        w: names[name]
        for name, words in tokens.items()
        for w in words
        if len(shared[w]) == 1  # "feira", "de", "d" belong to several names
    }


@cache
def month_words() -> dict[str, int]:
    """Month names and abbreviations (single words) of the calendar languages -> 1-12."""
    return {w: n for lang in CALENDAR_LANGUAGES for w, n in calendar_words(lang, "month").items()}


@cache
def weekday_words() -> dict[str, int]:
    """Weekday names (single words) of the calendar languages -> 1 (Monday) to 7."""
    return {w: n for lang in CALENDAR_LANGUAGES for w, n in calendar_words(lang, "day").items()}


def _whole_names(kind: str) -> frozenset[str]:
    out: set[str] = set()
    for lang in CALENDAR_LANGUAGES:
        out.update(calendar_names(lang, kind))
        if kind == "month" and lang in _ABBREVIATING:
            out.update(calendar_names(lang, kind, "abbreviated"))
    return frozenset(name for name in out if not any(ch.isspace() for ch in name))


@cache
def month_names() -> frozenset[str]:
    """Month names of the calendar languages as written in one word ("septembre", "июня",
    "sept"), lowercase."""
    return _whole_names("month")


@cache
def weekday_names() -> frozenset[str]:
    """Weekday names of the calendar languages as written in one word ("segunda-feira",
    "dimanche"), lowercase."""
    return _whole_names("day")


# ---------------------------------------------------------------- number symbols


@cache
def decimal_comma(lang: str | None) -> bool:
    """Whether a language writes decimals with a comma (CLDR's decimal sign)."""
    symbols = _number_symbols(lang)
    return symbols is not None and symbols[0] == ","


# CLDR groups thousands with a dot in these languages, but their press also writes plain
# spaces ("77 000"): a space between digit groups is still one number there. Measured
# 2026-12-01 (drift bench, seeds 1-3): CLDR alone raised the false alarms from 3 to 12
# ("375,000" in en read as "375, 000" in es and pt), recall unchanged.
_SPACE_THOUSANDS_TOO = frozenset({"de", "es", "it", "pt"})


@cache
def space_thousands(lang: str | None) -> bool:
    """Whether a plain space may separate thousands in a language (CLDR's group sign is a
    space there, or the press writes one)."""
    if lang in _SPACE_THOUSANDS_TOO:
        return True
    symbols = _number_symbols(lang)
    return symbols is not None and symbols[1] in (" ", "\u00a0", "\u202f")


@cache
def _number_symbols(lang: str | None) -> tuple[str, str] | None:
    """(decimal sign, group sign) of a language in CLDR, None when CLDR does not know it."""
    if not lang:
        return None
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        return get_decimal_symbol(lang), get_group_symbol(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
