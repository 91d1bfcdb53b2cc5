"""Language codes: ISO 639-1 (what transcheck reports) <-> the codes engines use.

Apertium names its modes with ISO 639-3 codes (``spa-eng``), older pairs with ISO 639-1
(``fr-es``), and sometimes a variant suffix (``spa-eng_US``, ``eng-hbs_HR``). Serbo-Croatian
(``hbs``) is one macrolanguage in Apertium but three ISO 639-1 codes; a source-side ``hbs``
serves Croatian, Serbian and Bosnian alike (and the deprecated ``sh``), while a target-side
variant (``eng-hbs_SR``) serves only the language it names.
"""

from __future__ import annotations

# ISO 639-3 (and 639-2/B where it differs) -> ISO 639-1, for every language with a
# two-letter code that Apertium or Argos has packaged (and a few neighbours).
_ISO3_TO_ISO1: dict[str, str] = {
    "afr": "af",
    "amh": "am",
    "ara": "ar",
    "arg": "an",
    "ast": "ast",  # Asturian has no ISO 639-1 code; keep the three-letter one
    "aze": "az",
    "bak": "ba",
    "bel": "be",
    "ben": "bn",
    "bos": "bs",
    "bre": "br",
    "bul": "bg",
    "cat": "ca",
    "ces": "cs",
    "cze": "cs",
    "chv": "cv",
    "cos": "co",
    "cym": "cy",
    "wel": "cy",
    "dan": "da",
    "deu": "de",
    "ger": "de",
    "ell": "el",
    "gre": "el",
    "eng": "en",
    "epo": "eo",
    "est": "et",
    "eus": "eu",
    "baq": "eu",
    "fao": "fo",
    "fas": "fa",
    "per": "fa",
    "fin": "fi",
    "fra": "fr",
    "fre": "fr",
    "fry": "fy",
    "gle": "ga",
    "gla": "gd",
    "glg": "gl",
    "guj": "gu",
    "heb": "he",
    "hin": "hi",
    "hrv": "hr",
    "hun": "hu",
    "hye": "hy",
    "arm": "hy",
    "ind": "id",
    "isl": "is",
    "ice": "is",
    "ita": "it",
    "jpn": "ja",
    "kat": "ka",
    "geo": "ka",
    "kaz": "kk",
    "kir": "ky",
    "kor": "ko",
    "kur": "ku",
    "lat": "la",
    "lav": "lv",
    "lit": "lt",
    "ltz": "lb",
    "mal": "ml",
    "mar": "mr",
    "mkd": "mk",
    "mac": "mk",
    "mlt": "mt",
    "mon": "mn",
    "msa": "ms",
    "may": "ms",
    "nld": "nl",
    "dut": "nl",
    "nno": "nn",
    "nob": "nb",
    "nor": "no",
    "oci": "oc",
    "pol": "pl",
    "por": "pt",
    "ron": "ro",
    "rum": "ro",
    "rus": "ru",
    "sme": "se",
    "slk": "sk",
    "slo": "sk",
    "slv": "sl",
    "spa": "es",
    "sqi": "sq",
    "alb": "sq",
    "srd": "sc",
    "srp": "sr",
    "swe": "sv",
    "swa": "sw",
    "tam": "ta",
    "tat": "tt",
    "tel": "te",
    "tgk": "tg",
    "tha": "th",
    "tgl": "tl",
    "tur": "tr",
    "ukr": "uk",
    "urd": "ur",
    "uzb": "uz",
    "vie": "vi",
    "yid": "yi",
    "zho": "zh",
    "chi": "zh",
}

_ISO1: frozenset[str] = frozenset(v for v in _ISO3_TO_ISO1.values() if len(v) == 2) | {
    "hr",
    "sr",
    "bs",
    "sh",
}

# Macrolanguages that stand for several ISO 639-1 codes when they are the *source* of a mode.
_MACRO_SOURCES: dict[str, tuple[str, ...]] = {
    "hbs": ("hr", "sr", "bs", "sh"),
    "sh": ("hr", "sr", "bs", "sh"),
    "nor": ("nb", "no"),
    "no": ("nb", "no"),
}
# A variant suffix that narrows a macrolanguage target to one ISO 639-1 code.
_VARIANT_TARGETS: dict[tuple[str, str], str] = {
    ("hbs", "HR"): "hr",
    ("hbs", "SR"): "sr",
    ("hbs", "BS"): "bs",
    ("hbs", "Latn"): "sh",
}
# A macrolanguage target without a variant suffix: the code it is reported as.
_MACRO_TARGET_DEFAULT: dict[str, str] = {"hbs": "sh", "sh": "sh", "nor": "nb", "no": "nb"}


def to_iso1(code: str) -> str | None:
    """ISO 639-1 code for an engine's language code (``spa`` -> ``es``), or None if unknown.

    Region or script suffixes (``pt_BR``, ``zh-CN``, ``eng_US``) are ignored.
    """
    base = code.replace("-", "_").split("_", 1)[0].lower()
    if base in _ISO1:
        return base
    return _ISO3_TO_ISO1.get(base)


def source_codes(engine_code: str) -> tuple[str, ...]:
    """Every ISO 639-1 code an engine *source* language serves (``hbs`` -> hr, sr, bs, sh)."""
    base = engine_code.split("_", 1)[0].lower()
    if base in _MACRO_SOURCES:
        return _MACRO_SOURCES[base]
    iso = to_iso1(base)
    return (iso,) if iso else ()


def target_code(engine_code: str) -> tuple[str | None, bool]:
    """The ISO 639-1 code an engine *target* produces, and whether the code is a variant.

    ``eng_US`` -> ("en", True); ``hbs_HR`` -> ("hr", False) because the variant is what
    selects Croatian; ``spa`` -> ("es", False). Plain modes are preferred over variants.
    """
    base, _, variant = engine_code.partition("_")
    base = base.lower()
    if variant:
        narrowed = _VARIANT_TARGETS.get((base, variant))
        if narrowed:
            return narrowed, False
    if base in _MACRO_TARGET_DEFAULT:
        return _MACRO_TARGET_DEFAULT[base], bool(variant)
    return to_iso1(base), bool(variant)


def normalize(code: str) -> str:
    """A user-supplied code as ISO 639-1 where one exists (``spa`` -> ``es``, ``EN`` -> ``en``)."""
    return to_iso1(code) or code.lower()
