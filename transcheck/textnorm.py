"""Text normalisation shared by alignment and rules: tokens, content words, name keys, scripts.

Language knowledge here is general (function words, suffixes), never about a story.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

# Function words of the pivot languages we support well; content words are the rest.
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
    return STOPWORDS.get(lang or "en", STOPWORDS["en"])


def words(text: str) -> list[str]:
    """Letter tokens (apostrophes kept inside words), casefolded."""
    return [m.group(0).casefold().replace("’", "'") for m in WORD_RE.finditer(text)]


def _stem(word: str) -> str:
    """A very light, language-agnostic stem: enough to match plural/singular and -ed/-ing."""
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_words(text: str, lang: str | None = "en") -> list[str]:
    """Stemmed content words in order (function words and 1-letter tokens dropped)."""
    stop = stopwords(lang)
    return [_stem(w) for w in words(text) if w not in stop and len(w) > 1]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Transliterate to ASCII and casefold: 'Касым-Жомарт' -> 'kasym-zhomart'."""
    return anyascii(text).casefold()


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def name_tokens(text: str) -> list[str]:
    """Folded parts of a name; hyphens and apostrophes split parts ('Jean-Luc' -> jean, luc)."""
    return [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]


@lru_cache(maxsize=65536)
def script_of(text: str) -> str:
    """The dominant script of the letters in text: 'Latin', 'Cyrillic', 'Greek', 'Arabic', …"""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            try:
                script = unicodedata.name(ch).split(" ")[0]
            except ValueError:
                continue
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "Common"
    return max(sorted(counts), key=counts.__getitem__).title()


def slug(text: str, max_words: int = 5) -> str:
    parts = [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]
    return "-".join(parts[:max_words]) or "x"
