"""Term protection: keep names and glossary terms away from the translation engine.

Back-translation mangles names whose parts are ordinary words ("Nueva Casa Blanca" ->
"New White House"). Before translation every protected term is replaced with a placeholder
token the engines copy verbatim; after translation the token is replaced with the term (or
with its target rendering when a mapping is given).

The placeholder is ``ZZTC<n>Z``: an all-capitals unknown word that every installed Apertium
pair was measured to copy unchanged (with ``-u`` no ``*`` mark is added). Restoration accepts
the token in any case and with spaces inserted inside it, and checks that every placeholder
comes back exactly once; otherwise it reports failure so that the caller can fall back to the
unprotected translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_PREFIX = "ZZTC"
_TOKEN = re.compile(r"Z\s?Z\s?T\s?C\s?(\d+)\s?Z(?![^\W\d_])", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[^\S\n]+([^\W\d_])([^\W\d_]*)")
_OPENERS = "\"'«“‘„‚(¿¡[-–— \t"
_SENTENCE_END = ".!?…:;"


@dataclass(frozen=True)
class Protected:
    """A passage with its terms replaced by placeholders."""

    text: str  # what is sent to the engine
    original: str
    restore_map: tuple[str, ...] = ()  # restore_map[i] replaces placeholder i+1
    # lower_next[i]: placeholder i+1 opens a sentence and a lower-case word follows it in the
    # source. Engines treat the unknown token as not being the sentence's first word and
    # capitalise the next one ("ZZTC1Z Said that..."); restoration undoes that.
    lower_next: tuple[bool, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.restore_map)


def _placeholder(index: int) -> str:
    return f"{_PREFIX}{index}Z"


def compile_terms(terms: Mapping[str, str] | Iterable[str]) -> tuple[re.Pattern[str] | None, dict]:
    """A whole-word, case-sensitive, longest-first pattern for ``terms`` and its mapping."""
    if isinstance(terms, Mapping):
        mapping = {k: v for k, v in terms.items() if k and k.strip()}
    else:
        mapping = {t: t for t in terms if t and t.strip()}
    if not mapping:
        return None, mapping
    ordered = sorted(mapping, key=lambda t: (-len(t), t))
    alternation = "|".join(re.escape(t) for t in ordered)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), mapping


def protect(
    text: str,
    terms: Mapping[str, str] | Iterable[str],
    compiled: tuple[re.Pattern[str] | None, dict] | None = None,
) -> Protected:
    """Replace every occurrence of a term in ``text`` with a numbered placeholder.

    ``terms`` is a list of terms (restored as written) or a mapping from the source form to
    the form wanted in the translation. Placeholders are numbered from 1 in order of
    appearance, so identical passages with identical terms protect identically (and share
    cache entries). Text that already contains something that looks like a placeholder is
    left unprotected, as the restoration would be ambiguous.
    """
    pattern, mapping = compiled if compiled is not None else compile_terms(terms)
    if pattern is None or _TOKEN.search(text):
        return Protected(text=text, original=text)
    restore: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        restore.append(mapping[match.group()])
        return _placeholder(len(restore))

    replaced = pattern.sub(substitute, text)
    if not restore:
        return Protected(text=text, original=text)
    lower_next = [False] * len(restore)
    for match in _TOKEN.finditer(replaced):
        before = replaced[: match.start()].rstrip().rstrip(_OPENERS)
        if before and before[-1] not in _SENTENCE_END:
            continue
        following = _NEXT_WORD.match(replaced, match.end())
        if following and following.group(1).islower():
            lower_next[int(match.group(1)) - 1] = True
    return Protected(
        text=replaced, original=text, restore_map=tuple(restore), lower_next=tuple(lower_next)
    )


def _undo_capitalisation(translated: str, protected: Protected) -> str:
    """Lower-case the word an engine capitalised after a sentence-initial placeholder."""
    if not any(protected.lower_next):
        return translated
    chars: list[str] | None = None
    for match in _TOKEN.finditer(translated):
        index = int(match.group(1))
        if not 1 <= index <= len(protected.lower_next) or not protected.lower_next[index - 1]:
            continue
        following = _NEXT_WORD.match(translated, match.end())
        if following is None:
            continue
        first, rest = following.group(1), following.group(2)
        if first.isupper() and rest and rest.islower() and len(first.lower()) == 1:
            chars = chars if chars is not None else list(translated)
            chars[following.start(1)] = first.lower()
    return "".join(chars) if chars is not None else translated


def restore(translated: str, protected: Protected) -> str | None:
    """Put the protected terms back into ``translated``; None when a placeholder was lost.

    Each placeholder must appear exactly once. A placeholder the engine capitalised or
    lower-cased, or split with a space, is still recognised.
    """
    if not protected.changed:
        return translated
    translated = _undo_capitalisation(translated, protected)
    seen: list[int] = []

    def substitute(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if not 1 <= index <= len(protected.restore_map):
            raise _Lost
        seen.append(index)
        return protected.restore_map[index - 1]

    try:
        result = _TOKEN.sub(substitute, translated)
    except _Lost:
        return None
    if sorted(seen) != list(range(1, len(protected.restore_map) + 1)):
        return None
    return result


def restore_lenient(translated: str, protected: Protected) -> str:
    """Put back every placeholder that survived, leaving anything unrecognisable as it is."""
    if not protected.changed:
        return translated
    translated = _undo_capitalisation(translated, protected)

    def substitute(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if 1 <= index <= len(protected.restore_map):
            return protected.restore_map[index - 1]
        return match.group()

    return _TOKEN.sub(substitute, translated)


class _Lost(Exception):
    pass
