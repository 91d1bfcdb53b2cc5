"""Rule-based sentence splitting (no models, no downloads).

A sentence ends at terminal punctuation (. ! ? … and the CJK 。！？), together with any
closing quotes or brackets right after it, when followed by whitespace and a word that
does not start in lowercase. Blank lines (paragraph breaks) always end a sentence.
A full stop does not end a sentence after an abbreviation of the language (Mr., Dr., Sra.,
Mme., e.g., No. 5), after an initial (J. R. Tolkien), or inside a number (3.5). Weak
abbreviations (etc., Inc., Jr.) and dotted acronyms (U.S.) end a sentence only when the next
word is a common sentence opener. A quotation followed by its attribution ("I came. I saw,"
he said.) is never split: the quote and the attribution make one sentence.
Spans exclude surrounding whitespace.
"""

from __future__ import annotations

import re

from transcheck.extract.langdata import (
    ABBREVIATIONS,
    FUNCTION_WORDS,
    WEAK_ABBREVIATIONS,
    months_days,
)
from transcheck.extract.numbers import german_ordinal_dot
from transcheck.extract.quotes import find_speech_verbs, paragraph_spans, scan_quotes
from transcheck.model import Sentence, offset

_TERMINAL = re.compile(r"(?:[.!?…‼⁇⁈⁉]+|[。！？]+)[\"'”’»›)\]」』]*")
_CJK_TERMINALS = frozenset("。！？")
_CLOSING_QUOTES = frozenset("\"'”’»›」』")
_NEEDS_DIGIT = frozenset("no nos nr art fig vol p pp ch tel núm".split())
_WORD = re.compile(r"[^\W_]+")
_ATTRIBUTION_GAP = re.compile(r"[\s,—–-]*")
_ALL_FUNCTION_WORDS: frozenset[str] = frozenset().union(*FUNCTION_WORDS.values())


def _abbreviations(lang: str | None) -> frozenset[str]:
    common = ABBREVIATIONS["*"]
    if lang and lang in ABBREVIATIONS:
        return common | ABBREVIATIONS[lang]
    return common


def _word_before(text: str, pos: int, lo: int) -> str:
    """The word (letters, digits and inner dots) ending at ``pos``."""
    i = pos
    limit = max(lo, pos - 24)
    while i > limit and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    return text[i:pos]


def attribution_follows(text: str, pos: int, end: int, lang: str | None) -> bool:
    """True when the text at ``pos`` attributes the quotation just closed before it."""
    gap = _ATTRIBUTION_GAP.match(text, pos, end)
    j = gap.end() if gap else pos
    if j >= end:
        return False
    if text[pos:j].strip(" \t\u00a0\u202f"):  # a comma or dash right after the quote
        return True
    if text[j].islower():
        return True
    window_end = min(end, j + 70)
    found = find_speech_verbs(text, lang, j, window_end, first=True)
    if not found:
        return False
    m = found[0]
    between = text[j : m.start()]
    return len(between.split()) <= 4 and not any(ch in between for ch in '.!?;:"“”«»')


def split_sentences(
    text: str, lang: str | None = None, start: int = 0, end: int | None = None
) -> list[Sentence]:
    """Sentences of ``text[start:end]`` as spans into ``text``, in order."""
    if end is None or end > len(text):
        end = len(text)
    start = max(0, start)
    out: list[Sentence] = []
    abbreviations = _abbreviations(lang)
    openers = FUNCTION_WORDS.get(lang or "", _ALL_FUNCTION_WORDS)
    for ps, pe in paragraph_spans(text, start, end):
        protected = [
            (q.open_pos, q.close_pos)
            for q in scan_quotes(text, [(ps, pe)])
            if q.close_mark and attribution_follows(text, q.close_pos + 1, pe, lang)
        ]
        cur = ps
        k = 0
        for m in _TERMINAL.finditer(text, ps, pe):
            m_end = m.end()
            punct = m.group(0)
            cjk = any(ch in _CJK_TERMINALS for ch in punct)
            if not cjk and m_end < pe and not text[m_end].isspace():
                continue
            j = m_end
            while j < pe and text[j].isspace():
                j += 1
            if j >= pe:
                continue  # the paragraph end closes the sentence
            while k < len(protected) and protected[k][1] <= m.start():
                k += 1
            if k < len(protected) and protected[k][0] < m.start():
                continue  # inside a quotation that its attribution follows
            nc = text[j]
            if nc.islower():
                continue
            next_word_m = _WORD.match(text, j, min(pe, j + 40))
            next_word = next_word_m.group(0).lower() if next_word_m else ""
            core = punct.rstrip("\"'”’»›)]」』")
            if core == ".":
                word = _word_before(text, m.start(), ps)
                low = word.lower()
                if len(word) == 1 and word.isupper():
                    continue  # initial: J. R. Tolkien
                if low in abbreviations:
                    if low not in _NEEDS_DIGIT or nc.isdigit():
                        continue
                elif (low in WEAK_ABBREVIATIONS or ("." in low and len(low) <= 8)) and (
                    next_word not in openers
                ):
                    continue
                if low.isdigit() and (
                    next_word in months_days()
                    or (lang == "de" and len(low) <= 3 and german_ordinal_dot(text, m.start()))
                ):
                    continue  # German ordinals: am 3. März, im 19. Jahrhundert
            if punct[-1] in _CLOSING_QUOTES and attribution_follows(text, m_end, pe, lang):
                continue
            _emit(text, cur, m_end, out)
            cur = j
        _emit(text, cur, pe, out)
    return out


def _emit(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(offset(s), offset(e)))
