"""Language codes: ISO 639-1 (what transcheck reports) <-> the codes engines use.

Apertium names its modes with ISO 639-3 codes (``spa-eng``), older pairs with ISO 639-1
(``fr-es``), and sometimes a variant suffix (``spa-eng_US``, ``eng-hbs_HR``). Serbo-Croatian
(``hbs``) is one macrolanguage in Apertium but three ISO 639-1 codes; a source-side ``hbs``
serves Croatian, Serbian and Bosnian alike (and the deprecated ``sh``), while a target-side
variant (``eng-hbs_SR``) serves only the language it names.
"""

from __future__ import annotations

from transcheck import languages

# Engine codes for languages without an ISO 639-1 code, reported as they are.
_THREE_LETTER_ONLY = frozenset({"ast"})  # Asturian (Apertium packages it)

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
    if base in _THREE_LETTER_ONLY:
        return base
    return languages.to_iso1(base)


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
