"""Text normalisation shared by alignment and rules: tokens, content words, name keys, scripts.

Language facts (function words) come from ``languages``; nothing here is about a story.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from anyascii import anyascii

from transcheck.languages import stopwords

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


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
    out = []
    for token in WORD_RE.findall(text):
        word = _content_word(token, lang)
        if word is not None:
            out.append(word)
    return out


@lru_cache(maxsize=131072)
def _content_word(token: str, lang: str | None) -> str | None:
    """A token's stemmed content word, or None for a function word or a letter: worked out
    once per distinct token (alignment reads the same words in thousands of sentences)."""
    w = token.casefold().replace("’", "'")
    if w in stopwords(lang) or len(w) <= 1:
        return None
    return _stem(w)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Transliterate to ASCII and casefold: 'Касым-Жомарт' -> 'kasym-zhomart'."""
    return anyascii(text).casefold()


def name_tokens(text: str) -> list[str]:
    """Folded parts of a name; hyphens and apostrophes split parts ('Jean-Luc' -> jean, luc)."""
    return [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]


_CHAR_SCRIPTS: dict[str, str | None] = {}


def _char_script(ch: str) -> str | None:
    """The script of one letter (the first word of its Unicode name), looked up once."""
    script = _CHAR_SCRIPTS.get(ch, "")
    if script == "":
        try:
            script = unicodedata.name(ch).split(" ")[0]
        except ValueError:
            script = None
        _CHAR_SCRIPTS[ch] = script
    return script


_NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]+")


@lru_cache(maxsize=65536)
def script_of(text: str) -> str:
    """The dominant script of the letters in text: 'Latin', 'Cyrillic', 'Greek', 'Arabic', …"""
    # More ASCII letters than the text has non-ASCII characters (each takes two UTF-8 bytes
    # or more): Latin outnumbers any other script, without a look at each letter.
    ascii_letters = len(_NOT_ASCII_LETTERS.sub("", text))
    if ascii_letters > len(text.encode("utf-8", "surrogatepass")) - len(text):
        return "Latin"
    counts: dict[str, int] = {}
    for ch, n in Counter(text).items():
        if ch.isalpha():
            script = _char_script(ch)
            if script is not None:
                counts[script] = counts.get(script, 0) + n
    if not counts:
        return "Common"
    return max(sorted(counts), key=counts.__getitem__).title()


def slug(text: str, max_words: int = 5) -> str:
    parts = [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]
    return "-".join(parts[:max_words]) or "x"


# Transliteration conventions collapsed by ``translit_key``.
_TRANSLIT_RULES = [
    (re.compile(r"dzh|dj"), "j"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ch(?=[rl])"), "k"),
    (re.compile(r"ck|q|c(?!h)"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"^i(?=[aeou])"), ""),
    (re.compile(r"(?<=[aeou])i(?=[aeou])"), ""),
    (re.compile(r"ie(?=v)"), "e"),
]


@lru_cache(maxsize=65536)
def translit_key(token: str) -> str:
    """Collapse spelling conventions of transliteration (Kassym/Kassim/Qasym -> kasim,
    Yevgeny/Evgeni -> evgeni, Tokayev/Tokaev -> tokaev)."""
    key = token
    for pattern, repl in _TRANSLIT_RULES:
        key = pattern.sub(repl, key)
    return key
