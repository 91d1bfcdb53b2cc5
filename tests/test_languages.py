"""The one table of language facts: codes, names, function words, calendar words, number
symbols, filled from ISO 639 (pycountry) and CLDR (Babel)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from transcheck import languages
from transcheck.extract.langdata import months_days
from transcheck.langid import normalize_lang_code
from transcheck.mt import langcodes


@pytest.mark.parametrize(
    ("code", "iso1"),
    [
        ("spa", "es"),
        ("ger", "de"),  # ISO 639-2/B
        ("deu", "de"),  # ISO 639-2/T and 639-3
        ("EN", "en"),
        ("pt-BR", "pt"),
        ("zh_TW", "zh"),
        ("iw", "he"),  # retired ISO 639-1
        ("fil", "tl"),
        ("hbs", "sh"),
        ("bh", "bh"),
        ("ibo", "ig"),  # no hand table had Igbo
        ("xx", None),
        ("final", None),
    ],
)
def test_to_iso1(code, iso1):
    assert languages.to_iso1(code) == iso1


def test_detector_and_engine_codes_agree():
    """The two 3->2 tables (language detection, engines) are one now."""
    for code in sorted(languages.iso3_to_iso1()):
        if code == "ast":
            continue
        assert langcodes.to_iso1(code) == normalize_lang_code(code, strict=True), code
    assert langcodes.to_iso1("ast") == "ast"  # Asturian: an engine code without ISO 639-1
    assert normalize_lang_code("ast", strict=True) is None


def test_language_names_from_cldr():
    assert languages.language_name("es") == "Spanish"
    assert languages.language_name("kk") == "Kazakh"
    assert languages.language_name("bn") == "Bengali"  # not CLDR's "Bangla"
    assert languages.language_name("qqq") == "qqq"
    assert languages.language_name(None) == "unknown"


def test_stopwords_fall_back_to_english():
    assert "the" in languages.stopwords("en")
    assert "según" in languages.stopwords("es")
    assert languages.stopwords("xx") == languages.stopwords("en")
    assert "police" not in languages.stopwords("en")


def test_calendar_words_from_cldr():
    months, days = languages.month_words(), languages.weekday_words()
    assert months["january"] == 1
    assert months["sept"] == 9
    assert months["dezember"] == 12
    assert months["setiembre"] == 9  # es_PE, es_UY
    assert months["gener"] == 1  # Catalan "de gener": the distinctive word
    assert months["июня"] == 6  # Russian genitive (formatted) form
    assert days["monday"] == 1
    assert days["segunda"] == 1
    assert days["domenica"] == 7
    assert "feira" not in days
    assert "de" not in months


def test_whole_names_and_name_trimming():
    assert "segunda-feira" in languages.weekday_names()
    assert "septembre" in languages.month_names()
    assert "sept" in languages.month_names()
    assert "march" in months_days()
    assert "mar" not in months_days()


def test_calendar_names_per_language():
    assert languages.calendar_names("es", "month")["septiembre"] == 9
    assert languages.calendar_names("iw", "day")  # CLDR knows Hebrew as "he"
    assert languages.calendar_names("zz", "month") == {}


@pytest.mark.parametrize(
    ("lang", "comma", "space"),
    [
        ("en", False, False),
        ("de", True, True),  # CLDR groups with "."; the press also writes spaces
        ("fr", True, True),
        ("ru", True, True),
        ("kk", True, True),
        ("ja", False, False),
        (None, False, False),
        ("zz", False, False),
    ],
)
def test_number_symbols(lang, comma, space):
    assert languages.decimal_comma(lang) is comma
    assert languages.space_thousands(lang) is space


def test_import_reads_no_data():
    code = (
        "import sys, transcheck.languages\n"
        "print(sorted(m for m in ('babel', 'pycountry') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_kept_calendar_names_are_babels_own():
    """The calendar names kept in the package are those the installed Babel gives (run
    scripts/make-calendar-names.py after upgrading Babel); with another Babel version they
    are read from Babel again."""
    from transcheck import languages

    kept = languages._kept_calendars()
    assert kept, "transcheck/data/calendar_names.json is missing or names another Babel"
    assert set(kept) == {
        f"{lang}|{kind}|{width}"
        for lang in languages.CALENDAR_LANGUAGES
        for kind, width in languages.CALENDAR_KINDS
    }
    for key, names in kept.items():
        lang, kind, width = key.split("|")
        live = languages.read_calendar_names(lang, kind, width)
        assert list(names.items()) == list(live.items()), key  # the same order too


def test_calendar_names_of_another_babel_are_read_again(monkeypatch):
    from importlib import metadata

    from transcheck import languages

    monkeypatch.setattr(metadata, "version", lambda name: "0.0-not-this-one")
    languages._kept_calendars.cache_clear()
    try:
        assert languages._kept_calendars() == {}
    finally:
        languages._kept_calendars.cache_clear()
