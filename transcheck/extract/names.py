"""Candidate proper names: runs of capitalised words.

A name is a run of capitalised words (any script with case: Latin with diacritics, Greek,
Cyrillic, ...) separated by single spaces, which may contain hyphenated parts (Jean-Luc),
particles (de, van, von, al-, bin ...), initials (J. R. R. Tolkien) and apostrophes
(O'Brien). Leading titles (President, Mr, ministre ...) are not part of the name, a trailing
possessive ('s) is cut, and a capitalised word that only opens a sentence (or a quotation,
or follows a colon) is dropped when it is a known function word or appears lowercased
elsewhere (``lowercase_vocab``). Month and day names are dropped at the edges of a run.

Sentence-initial words are also dropped when they are number words, -ly/-mente adverbs,
verbs with a hyphenated clitic ("Declarou-se"), or (in inflected languages such as Russian)
share a stem with a word seen lowercase. A word opening a quotation counts as sentence-initial.

German: every noun is capitalised, so a word right after an article is dropped, articles
never join names (only "von der"/"van den"), and single words with common-noun endings
(-ung, -heit, -keit, -schaft, ...) are dropped. Single capitalised German words remain noisy
candidates; callers should rely on cross-document agreement.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from transcheck.extract.langdata import (
    ELIDED_PREFIXES,
    FUNCTION_WORDS,
    HYPHEN_PARTICLES,
    NAME_PARTICLES,
    NUMBER_UNITS,
    TITLES,
    months_days,
)
from transcheck.model import NameMention, Sentence, offset

# A word: letters/digits, joined by inner hyphens or apostrophes (Jean-Luc, O'Brien, l’État).
_TOKEN = re.compile(r"[^\W_]+(?:[-'’‑][^\W_]+)*")
_LOWER_TOKEN = re.compile(r"(?<![^\W_])[^\W\d_][^\W_]*")


def name_tokens(text: str) -> list[str]:
    """The tokens name finding reads in ``text`` (words, with inner hyphens and apostrophes)."""
    return _TOKEN.findall(text)


_INLINE_GAP = frozenset(" \t\u00a0\u202f\u2009")
# Characters skipped when looking back for the start of a sentence or quotation.
_OPENERS = frozenset("\"'“”„«»‹›‚‘’「『(\\[¿¡—–-*•·")
_BREAKERS = frozenset(".!?:;…\n。！？")
_QUOTE_MARKS = frozenset('"“„«‹‚「『')
_NUMBER_WORDS: frozenset[str] = frozenset(w for table in NUMBER_UNITS.values() for w in table)
# Sentence-initial adverbs ("Understandably", "Finalmente", "Évidemment") are not names.
_ADVERB_SUFFIXES = (
    "ably",
    "ibly",
    "ously",
    "ently",
    "antly",
    "ically",
    "mente",
    "ement",
    "amment",
    "emment",
)
_POSSESSIVE = re.compile(r"['’]s?$")


def _function_words(lang: str | None) -> frozenset[str]:
    if lang and lang in FUNCTION_WORDS:
        return FUNCTION_WORDS[lang]
    # Unknown language: use the union, it only affects sentence-initial words.
    return _ALL_FUNCTION_WORDS


_ALL_FUNCTION_WORDS: frozenset[str] = frozenset().union(*FUNCTION_WORDS.values())


def lowercase_words(text: str) -> set[str]:
    """The set of words written in lowercase in ``text`` (the "common word" evidence)."""
    return {w for w in _LOWER_TOKEN.findall(text) if w[0].islower()}


def _is_cap(token: str) -> bool:
    first = token[0]
    return first.isupper() or first.istitle()


def _is_initial_position(text: str, pos: int, starts: set[int]) -> bool:
    """True when the word at ``pos`` opens a sentence, a quotation or a clause after ':'."""
    if pos in starts:
        return True
    i = pos - 1
    limit = max(-1, pos - 12)
    while i > limit:
        ch = text[i]
        if ch in _BREAKERS or ch in _QUOTE_MARKS:
            return True  # after a sentence end, a colon or a quotation mark
        if ch.isspace() or ch in _OPENERS:
            i -= 1
            continue
        return False
    return i < 0


def find_names(
    text: str,
    lang: str | None = None,
    sentences: list[Sentence] | None = None,
    lowercase_vocab: set[str] | None = None,
    probes: set[str] | None = None,
) -> list[NameMention]:
    """Candidate proper names in ``text``, in order of position.

    ``probes``, when given, receives every word the decision looked up in
    ``lowercase_vocab`` without finding it (``"~"`` + a stem for inflected languages): a
    bigger vocabulary changes the names only when it holds one of them (see
    :func:`vocab_changes_names`)."""
    if lowercase_vocab is None:
        lowercase_vocab = lowercase_words(text)
    starts = {s.start for s in sentences} if sentences else set()
    return [
        name_mention(start, end, text[start:end])
        for start, end in name_spans(text, lang, starts, lowercase_vocab, probes)
    ]


def name_mention(start: int, end: int, name: str) -> NameMention:
    """A name as records keep it: shared offsets, its text interned (names repeat across a
    corpus; see ``transcheck.model.offset``)."""
    return NameMention(offset(start), offset(end), sys.intern(name))


def vocab_stems(lang: str | None, words: Iterable[str]) -> set[str] | None:
    """The word stems "seen lowercase" compares in an inflected language (None elsewhere)."""
    if lang not in _INFLECTED:
        return None
    return {w[:k] for w in words for k in (4, 5, 6) if len(w) >= k}


def vocab_changes_names(
    probes: Iterable[str], vocab: set[str], stems: set[str] | None = None
) -> bool:
    """True when ``vocab`` (more lowercase words) holds a probe recorded by :func:`find_names`."""
    for p in probes:
        if p.startswith("~"):
            if stems is not None and p[1:] in stems:
                return True
        elif p in vocab:
            return True
    return False


def name_spans(
    text: str,
    lang: str | None,
    starts: set[int],
    vocab: Iterable[str] | set[str],
    probes: set[str] | None = None,
) -> list[tuple[int, int]]:
    function_words = _function_words(lang)
    particles = _GERMAN_PARTICLES if lang == "de" else NAME_PARTICLES
    stems = vocab_stems(lang, vocab)
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []  # tokens (start, end, kind): kind in cap/particle/initial

    def flush() -> None:
        if run:
            if lang == "de" and _after_german_article(text, run[0][0]):
                del run[0]  # German capitalises every noun: "der Brief von Jana Vogel"
            span = _finish_run(text, run, lang) if run else None
            if span is not None and lang == "de" and _german_noun(text, span):
                span = None
            if span is not None:
                out.append(span)
            run.clear()

    tokens = list(_TOKEN.finditer(text))
    n = len(tokens)
    prev_end = -1
    prev_initial = False
    for idx in range(n):
        m = tokens[idx]
        tok = m.group(0)
        if not run and tok.isalnum() and tok[0].islower():
            continue  # fast path: a plain lowercase word outside a name
        s, e = m.start(), m.end()
        # Does this token continue the current run?
        if run:
            gap = text[prev_end:s]
            ok = bool(gap) and all(ch in _INLINE_GAP for ch in gap) and len(gap) <= 2
            if prev_initial and (
                gap == "." or (gap[:1] == "." and all(c in _INLINE_GAP for c in gap[1:]))
            ):
                ok = True
            if not ok:
                flush()
        prev_end = e
        prev_initial = False
        first = tok[0]
        if first.isdigit():
            flush()
            continue
        if not _is_cap(tok):
            if not run and tok.isalnum():
                continue  # fast path: a plain lowercase word outside a name
            low = tok.lower()
            # al-Baghdadi, el-Sisi: lowercase particle joined to a capitalised part.
            dash = max(low.find("-"), low.find("‑"))
            if dash > 0 and low[:dash] in HYPHEN_PARTICLES and _is_cap(tok[dash + 1 :]):
                run.append((s, e, "cap"))
                continue
            # l'État, d'Emmanuel, dell'Italia: the name starts after the elided article.
            apo = max(low.find("'"), low.find("’"))
            if apo > 0 and low[:apo] in ELIDED_PREFIXES and _is_cap(tok[apo + 1 :]):
                if run and low[:apo] == "d":
                    run.append((s, e, "cap"))
                else:
                    flush()
                    run.append((s + apo + 1, e, "cap"))
                continue
            if (
                run
                and idx + 1 < n
                and (low in particles or (low in ("der", "den") and run[-1][2] == "particle"))
            ):
                nxt = tokens[idx + 1]
                gap = text[e : nxt.start()]
                inline = bool(gap) and len(gap) <= 2 and all(ch in _INLINE_GAP for ch in gap)
                nlow = nxt.group(0).lower()
                if inline and (
                    _is_cap(nxt.group(0))
                    or nlow in particles
                    or (nlow in ("der", "den") and low in ("von", "van"))
                ):
                    run.append((s, e, "particle"))
                    continue
            flush()
            continue
        # Capitalised token.
        apo = max(tok.find("'"), tok.find("’"))
        if apo > 0 and tok[:apo].lower() in ELIDED_PREFIXES and not _is_cap(tok[apo + 1 :]):
            flush()  # L’accusé, C’est, D’autres: an elided article before a common word
            continue
        if not run and _is_initial_position(text, s, starts):
            low = tok.lower()
            acronym = tok.isupper() and len(tok) > 1
            if not acronym and (low in function_words or low in _NUMBER_WORDS):
                continue
            head = low.partition("-")[0]
            if head != low and not _is_cap(tok.partition("-")[2] or "x"):
                if head in function_words or head in vocab:
                    continue  # a verb with a clitic: "Declarou-se", "Dis-moi"
                if probes is not None:
                    probes.add(head)
            if not acronym and not _next_is_cap(text, tokens, idx):
                stem = low[: min(6, max(4, len(low) - 2))]
                if (
                    low in vocab
                    or low.endswith(_ADVERB_SUFFIXES)
                    or (stems is not None and stem in stems)
                ):
                    continue
                if probes is not None:
                    probes.add(low)
                    if stems is not None:
                        probes.add("~" + stem)
        if lang in ("en", None) and (tok == "I" or tok[:2] in ("I'", "I’")):
            flush()
            continue
        is_initial = len(tok) == 1 and e < len(text) and text[e] == "."
        run.append((s, e, "initial" if is_initial else "cap"))
        prev_initial = is_initial
        if _POSSESSIVE.search(tok) and ("'" in tok or "’" in tok):
            flush()
    flush()
    return out


_GERMAN_ARTICLE = re.compile(
    r"(?<![^\W_])(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|kein|keine|"
    r"keinen|keinem|keiner|diese|dieser|dieses|diesen|jede|jeder|jedes|seine|ihre|unsere)"
    r"\s+$",
    re.IGNORECASE,
)


# Articles are not name particles in German ("die Rechtfertigung der Todesstrafe").
_GERMAN_PARTICLES = NAME_PARTICLES - {"der", "den", "dem", "des", "die", "das"}
_GERMAN_NOUN_SUFFIXES = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion",
    "tionen", "tät", "täten", "ismus", "nis", "nisse", "chen", "ling", "tum", "ität",
    "ern", "ten", "gen", "ssen",
)  # fmt: skip
# Languages whose words inflect enough that "seen lowercase" must compare word stems.
_INFLECTED = frozenset("ru uk be kk pl cs sk sl hr sr bs bg fi et hu lt lv tr".split())


def _german_noun(text: str, span: tuple[int, int]) -> bool:
    """A single capitalised German word with a common-noun ending is not a name."""
    word = text[span[0] : span[1]]
    return word.isalpha() and not word.isupper() and word.lower().endswith(_GERMAN_NOUN_SUFFIXES)


def _after_german_article(text: str, start: int) -> bool:
    return bool(_GERMAN_ARTICLE.search(text, max(0, start - 10), start))


def _next_is_cap(text: str, tokens: list[re.Match[str]], idx: int) -> bool:
    if idx + 1 >= len(tokens):
        return False
    nxt = tokens[idx + 1]
    gap = text[tokens[idx].end() : nxt.start()]
    return (
        bool(gap) and len(gap) <= 2 and all(c in _INLINE_GAP for c in gap) and _is_cap(nxt.group(0))
    )


def _finish_run(
    text: str, run: list[tuple[int, int, str]], lang: str | None
) -> tuple[int, int] | None:
    """Trim titles, particles, month names and possessives; return the name span or None."""
    i, j = 0, len(run)

    def word(k: int) -> str:
        return text[run[k][0] : run[k][1]].lower()

    changed = True
    while changed and i < j:
        changed = False
        w = word(i)
        if (
            run[i][2] == "particle"
            or w in TITLES
            or w in months_days()
            or (run[i][2] == "initial" and w == "m" and lang == "fr")
        ):
            i += 1
            changed = True
        elif j - 1 >= i and (run[j - 1][2] == "particle" or word(j - 1) in months_days()):
            j -= 1
            changed = True
    if i >= j:
        return None
    start = run[i][0]
    end = run[j - 1][1]
    last = text[run[j - 1][0] : end]
    m = _POSSESSIVE.search(last)
    if m and (last.endswith("'s") or last.endswith("’s") or (lang == "en" and last[-1] in "'’")):
        end -= len(m.group(0))
    # A lone trailing initial ("Smith J") is kept; an initial-only name is not a name.
    if all(kind == "initial" for _, _, kind in run[i:j]):
        return None
    if end - start < 2:
        return None
    return start, end
