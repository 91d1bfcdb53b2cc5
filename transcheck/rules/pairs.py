"""Checks on every aligned sentence pair of a translation set.

A translation states the facts of its source: every figure and date of a source sentence is
in its aligned sentence, every name in an accepted form, and the meaning survives (checked on
the back-translation). These checks are bold where the cross-document clusters must be timid,
because the alignment says which facts must match. Only confident links are checked.

The findings are filed under the report's rule names: `number-mismatch` (figures and dates),
`name-variant` (respelled or truncated names), `quote-drift` / `meaning-drift` (a changed
meaning inside / outside quotation marks), `omission` and `addition`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import NamedTuple

from cydifflib import SequenceMatcher  # difflib's own algorithm in C: the same blocks
from rapidfuzz.distance import JaroWinkler, Levenshtein

from transcheck import languages
from transcheck.align.names import DERIVED_SUFFIXES, translit_key
from transcheck.align.pairs import AlignedPair
from transcheck.align.sentences import CONFIDENT, name_stem, value_key
from transcheck.context import AuditContext
from transcheck.languages import stopwords
from transcheck.lexicon import ANTONYMS, antonyms, is_negator, tokens, word_key
from transcheck.model import Finding, GlossaryRef, NumberMention, Occurrence
from transcheck.textnorm import fold, script_of

MIN_FACT_WORDS = 8  # a sentence shorter than this is rarely a fact worth an omission claim


# --------------------------------------------------------------------------- shared helpers


def _in_span(items, span: tuple[int, int] | None, starts: list[int]):
    """The items (sorted, with their ``starts``) that lie inside the span."""
    if span is None:
        return []
    lo, hi = span
    i = bisect.bisect_left(starts, lo)
    out = []
    while i < len(items) and items[i].start < hi:
        if items[i].end <= hi:
            out.append(items[i])
        i += 1
    return out


class PairIndex:
    """Per-document sorted starts, so spans are looked up by bisection."""

    def __init__(self, ctx: AuditContext) -> None:
        self.ctx = ctx
        self._numbers: dict[str, list[int]] = {}
        self._names: dict[str, list[int]] = {}

    def numbers(self, doc_id: str, span) -> list[NumberMention]:
        ext = self.ctx.extractions[doc_id]
        starts = self._numbers.setdefault(doc_id, [n.start for n in ext.numbers])
        return _in_span(ext.numbers, span, starts)

    def names(self, doc_id: str, span):
        ext = self.ctx.extractions[doc_id]
        starts = self._names.setdefault(doc_id, [n.start for n in ext.names])
        return _in_span(ext.names, span, starts)


def _occ(ctx: AuditContext, doc_id: str, start: int, end: int, role: str, pivot=None):
    return replace(ctx.occurrence(doc_id, start, end, pivot_text=pivot), role=role)


def _pair_occurrences(ctx: AuditContext, pair: AlignedPair) -> tuple[Occurrence, Occurrence]:
    """The two sentences of a pair, source first (the target with its back-translation)."""
    (a, b), (c, d) = pair.src_span, pair.tgt_span
    src_pivot = None if ctx.documents[pair.source_doc].lang == ctx.pivot else pair.src_pivot
    tgt_pivot = None if ctx.documents[pair.target_doc].lang == ctx.pivot else pair.tgt_pivot
    return (
        _occ(ctx, pair.source_doc, a, b, "source", src_pivot),
        _occ(ctx, pair.target_doc, c, d, "target", tgt_pivot),
    )


def checked_pairs(ctx: AuditContext) -> Iterator[AlignedPair]:
    for pair in ctx.pairs:
        if pair.src and pair.tgt and pair.confidence >= CONFIDENT:
            yield pair


def _line(ctx: AuditContext, doc_id: str, span) -> int:
    return ctx.documents[doc_id].line_of(span[0]) if span else 0


# --------------------------------------------------------------------------- figures


def _fmt(n: NumberMention) -> str:
    return " ".join(n.text.split())


def _same_value(a: NumberMention, b: NumberMention, measured: bool) -> bool:
    from transcheck.rules.numbers import converted

    va, vb = abs(a.value), abs(b.value)
    if va == vb:
        return True
    if a.kind == "time" or b.kind == "time":  # 8 pm / 20 h; 12 pm / 0 h; 6:15 / 6.15
        return va % 12 == vb % 12 or _digits(a.text) == _digits(b.text)
    return measured and converted(va, vb)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


_UNIT = re.compile(
    r"\s?(?:°|º|%|(?:degre|grad|град|mile|milla|km|kilom|килом|pound|libra|livre|kg|kilo|"
    r"foot|feet|pie|pied|fuß|inch|pulg|pouce|gallon|gal[oó]n|acre|hect|ton|lb|mph|"
    r"fahrenheit|celsius))",
    re.I,
)


def _measured(ctx: AuditContext, doc_id: str, n: NumberMention) -> bool:
    """Is the figure followed by a unit of measurement (which a translator may convert)?"""
    return bool(_UNIT.match(ctx.documents[doc_id].text, n.end, n.end + 14))


def figure_findings(ctx: AuditContext, index: PairIndex | None = None) -> Iterator[Finding]:
    """A figure of the source sentence that the aligned sentence states differently."""
    index = index or PairIndex(ctx)
    for pair in checked_pairs(ctx):
        src = index.numbers(pair.source_doc, pair.src_span)
        tgt = index.numbers(pair.target_doc, pair.tgt_span)
        if not src or not tgt:
            continue
        left, right = list(src), list(tgt)
        measured = any(_measured(ctx, pair.source_doc, n) for n in src)
        for a in src:
            for b in right:
                if _same_value(a, b, measured):
                    right.remove(b)
                    left.remove(a)
                    break
        if not left or not right:
            continue  # a figure only on one side: written out, or left implicit
        occs = [_occ(ctx, pair.source_doc, n.start, n.end, "source") for n in left]
        occs += [
            _occ(ctx, pair.target_doc, n.start, n.end, "target", pair.tgt_pivot) for n in right
        ]
        src_line = _line(ctx, pair.source_doc, pair.src_span)
        tgt_line = _line(ctx, pair.target_doc, pair.tgt_span)
        src_text = ctx.documents[pair.source_doc].text[pair.src_span[0] : pair.src_span[1]]
        dated = any(n.kind == "year" for n in left + right) or any(
            kind == "month"
            for kind, _n in calendar_names(src_text, ctx.documents[pair.source_doc].lang)
        )
        what = "date" if dated else "figure"
        yield Finding(
            rule="number-mismatch",
            severity="warning",
            key=f"pair:{pair.target_doc}:{src_line}:{'/'.join(value_key(n.value) for n in left)}",
            message=(
                f"A {what} changed in translation: {', '.join(_fmt(n) for n in left)} in "
                f"{pair.source_doc}:{src_line} is {', '.join(_fmt(n) for n in right)} in "
                f"{pair.target_doc}:{tgt_line}"
            ),
            occurrences=tuple(occs),
            pair=pair.ref(ctx),
        )


# --------------------------------------------------------------------------- months, weekdays


@cache
def _calendar_words(lang: str | None) -> tuple[tuple[str, str, int], ...]:
    """(word, kind, number) of the month and weekday names of a language (CLDR), sorted."""
    lang = lang or "en"
    months = languages.calendar_names(lang, "month")
    days = languages.calendar_names(lang, "day")
    return tuple(
        sorted(
            [(w, "month", n) for w, n in months.items()] + [(w, "day", n) for w, n in days.items()]
        )
    )


_CALENDAR_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")  # segunda-feira


@cache
def _calendar_table(lang: str | None) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Each calendar word of ``_calendar_words`` -> its entries (sorted), to look words up
    instead of scanning the whole list for every word of a text."""
    table: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for entry in _calendar_words(lang):
        table[entry[0]].append(entry)
    return {w: tuple(entries) for w, entries in table.items()}


@lru_cache(maxsize=65536)  # keyed by the word as written: no case fold for a word met again
def _calendar_hit(word: str, lang: str | None) -> tuple[str, str, int] | None:
    """The first entry of ``_calendar_words`` (in its sorted order) that the word, case
    folded, names: the word itself, or (non-ASCII words) a name of 5 letters or more that it
    starts with, at most 4 letters of case ending after it."""
    table = _calendar_table(lang)
    w = word.casefold()
    hits = list(table.get(w, ()))
    if not w.isascii():
        for k in range(max(5, len(w) - 4), len(w)):
            hits.extend(table.get(w[:k], ()))
    return min(hits) if hits else None


def calendar_names(text: str, lang: str | None) -> dict[tuple[str, int], tuple[int, int]]:
    """(kind, number) -> span of each month or weekday named in a text. Words in scripts with
    case endings match by their start (маусымда: маусым); English "may" only capitalised."""
    if not _calendar_words(lang):
        return {}
    english = lang == "en"
    out: dict[tuple[str, int], tuple[int, int]] = {}
    for m in _CALENDAR_WORD.finditer(text):
        word = m.group(0)
        if english and not word[0].isupper():
            continue  # English capitalises them: "may", "march" are verbs
        hit = _calendar_hit(word, lang)
        if hit is not None:
            out.setdefault((hit[1], hit[2]), (m.start(), m.end()))
    return out


def calendar_findings(ctx: AuditContext) -> Iterator[Finding]:
    """A month or weekday of the source sentence named differently in its translation."""
    for pair in checked_pairs(ctx):
        src_doc, tgt_doc = ctx.documents[pair.source_doc], ctx.documents[pair.target_doc]
        a, b = pair.src_span
        c, d = pair.tgt_span
        src = calendar_names(src_doc.text[a:b], src_doc.lang)
        if not src:
            continue  # nothing of the source's to find changed (the usual case)
        tgt = calendar_names(tgt_doc.text[c:d], tgt_doc.lang)
        for kind in ("month", "day"):
            left = {k: v for k, v in src.items() if k[0] == kind and k not in tgt}
            right = {k: v for k, v in tgt.items() if k[0] == kind and k not in src}
            if not left or not right:
                continue
            occs = [_occ(ctx, pair.source_doc, a + x, a + y, "source") for x, y in left.values()]
            occs += [
                _occ(ctx, pair.target_doc, c + x, c + y, "target", pair.tgt_pivot)
                for x, y in right.values()
            ]
            src_line = _line(ctx, pair.source_doc, pair.src_span)
            what = "month" if kind == "month" else "weekday"
            yield Finding(
                rule="number-mismatch",
                severity="warning",
                key=f"pair:{pair.target_doc}:{src_line}:{kind}",
                message=(
                    f"A date changed in translation: the {what} "
                    f"{', '.join(o.text for o in occs if o.role == 'source')} in "
                    f"{pair.source_doc}:{src_line} is "
                    f"{', '.join(o.text for o in occs if o.role == 'target')} in "
                    f"{pair.target_doc}:{_line(ctx, pair.target_doc, pair.tgt_span)}"
                ),
                occurrences=tuple(occs),
                pair=pair.ref(ctx),
            )


# --------------------------------------------------------------------------- names

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
INFLECTION = 3  # letters a case ending may add (Моралеса, Zaevs)


class _Token(NamedTuple):  # a tuple: millions are made, and a tuple is made fastest
    text: str
    folded: str
    start: int
    end: int
    sep_before: str  # "-" when joined to the previous word by a hyphen, else " "


def _tokens(text: str, lo: int, hi: int, capitalised: bool = False) -> list[_Token]:
    """The words of ``text[lo:hi]``; ``capitalised``: only those with a capital first letter
    (the others are neither folded nor made)."""
    out = []
    prev_end = None
    for m in _WORD.finditer(text, lo, hi):
        word = m.group(0)
        start, end = m.span()
        if not capitalised or word[0].isupper():
            sep = text[prev_end:start] if prev_end is not None else " "
            out.append(_Token(word, fold(word), start, end, "-" if sep == "-" else " "))
        prev_end = end
    return out


def same_name(part: str, token: str, latin: bool = True) -> bool:
    """Is the folded token the folded name part as written, inflected or transliterated?"""
    if part == token or translit_key(part) == translit_key(token):
        return True
    if token.startswith(part):
        # a genitive s in Latin-script languages; case endings elsewhere (Моралеса, Заевтың)
        return len(token) - len(part) <= (1 if latin else INFLECTION + 1)
    return part.startswith(token) and len(part) - len(token) <= 1 and len(token) >= 4


def _inner_edit(a: str, b: str) -> bool:
    """One letter changed, added or dropped inside a word, first and last letters kept."""
    if a == b or a[:1] != b[:1] or a[-1:] != b[-1:]:
        return False
    return Levenshtein.distance(a, b) == 1


# English words for peoples and their adjectives (Macedonians / Macédoniens): languages
# derive them differently, and a difference in that ending is no respelling.
_DEMONYM_ENDINGS = ("ans", "ian", "ese", "ish", "ean", "ians")


def near_name(part: str, token: str) -> bool:
    """A Latin-script token one inner letter away from the name part (a respelling)."""
    if len(part) < 4 or len(token) < 4 or same_name(part, token):
        return False
    short, long_ = sorted((part, token), key=len)
    if long_.startswith(short) and long_[len(short) :] in DERIVED_SUFFIXES:
        return False  # Europe / European, Macedonia / Macedonian
    if part.endswith(_DEMONYM_ENDINGS) and part[:-4] == token[: len(part) - 4]:
        return False
    stems = [token] + [token[:-cut] for cut in (1,) if len(token) - cut >= 4]
    return any(_inner_edit(part, stem) for stem in stems)


def _slip(a: str, b: str, part: str) -> bool:
    """Two renderings in a script with case endings that differ by one inner letter of the
    stem (Кавадарков / Кавапарков), the ending aside (Заев / Заевтың, Боливияға / Боливияда
    are one form): the stem is as long as the source's name, less its last letter."""
    n = min(len(a), len(b), len(part))
    if n < 4 or a.startswith(b) or b.startswith(a):
        return False
    stem_a, stem_b = a[: n - 1], b[: n - 1]
    diffs = [i for i, (x, y) in enumerate(zip(stem_a, stem_b, strict=True)) if x != y]
    return len(diffs) == 1 and diffs[0] > 0


def _exonym_like(part: str, token: str, lang: str | None) -> bool:
    """Country and language names differ by a letter across languages (Brazil / Brasil):
    the translation's own name for a place (CLDR's territory and language names in its
    language, or the gazetteer) is no respelling; a misspelt "Argeptina" is."""
    if token in _cldr_place_names(lang):
        return True
    from transcheck.gazetteer import is_exonym_pair

    return is_exonym_pair(part, "en", token, lang)


@cache
def _cldr_renderings(lang: str | None) -> dict[str, str]:
    """Folded English country name -> the folded name CLDR gives it in ``lang``."""
    try:
        from babel import Locale

        english, local = Locale.parse("en").territories, Locale.parse(lang or "en").territories
    except Exception:  # no Babel, or CLDR has no such locale
        return {}
    return {
        fold(name): fold(local[code])
        for code, name in english.items()
        if code in local and " " not in name and " " not in local[code]
    }


def _cldr_rendering(part: str, lang: str | None) -> str | None:
    return _cldr_renderings(lang).get(part)


@cache
def _cldr_place_names(lang: str | None) -> frozenset[str]:
    try:
        from babel import Locale
    except ImportError:
        return frozenset()
    try:
        locale = Locale.parse(lang or "en")
    except Exception:  # CLDR has no such locale
        return frozenset()
    return frozenset(
        fold(word)
        for table in (locale.territories, locale.languages)
        for value in table.values()
        for word in _WORD.findall(value)
        if len(word) >= 4
    )


@dataclass
class _Rendering:
    pair: AlignedPair
    part: str  # folded source name part
    token: _Token
    exact: bool
    common: bool = False  # the part is also a common word (Casino, District)


def name_findings(ctx: AuditContext, index: PairIndex | None = None) -> Iterator[Finding]:
    """A name of the source sentence respelled, re-hyphenated or cut short in its translation."""
    index = index or PairIndex(ctx)
    renderings: list[_Rendering] = []
    for pair in checked_pairs(ctx):
        src_doc = ctx.documents[pair.source_doc]
        tgt_doc = ctx.documents[pair.target_doc]
        mentions = index.names(pair.source_doc, pair.src_span)
        if not mentions:
            continue
        t_tokens = _tokens(tgt_doc.text, *pair.tgt_span, capitalised=True)
        if not t_tokens:
            continue
        latin = script_of(tgt_doc.text[pair.tgt_span[0] : pair.tgt_span[1]]) == "Latin"
        used: set[int] = set()  # a word of the translation renders one mention only
        for mention in mentions:
            parts = _tokens(src_doc.text, mention.start, mention.end)
            free = [t for t in t_tokens if t.start not in used]
            found = _locate(parts, free, latin)
            used.update(t.start for t in found if t is not None)
            for part, hit in zip(parts, found, strict=True):
                common = _common_word(part.text, src_doc.lang)
                if hit is not None:
                    renderings.append(_Rendering(pair, part.folded, hit, True, common))
                elif len(part.folded) >= 4:
                    close = [
                        t
                        for t in t_tokens
                        if t.start not in used and _candidate(part.folded, t.folded, latin)
                    ]
                    if len(close) == 1:
                        used.add(close[0].start)
                        renderings.append(_Rendering(pair, part.folded, close[0], False, common))
            yield from _form_findings(ctx, pair, mention, parts, found, t_tokens)
    yield from _spelling_findings(ctx, renderings)


def _locate(parts: list[_Token], t_tokens: list[_Token], latin: bool) -> list[_Token | None]:
    """The target tokens that render each part of a name: the run of consecutive tokens that
    matches the most parts in order (two people may share a given name in one sentence)."""
    best: list[_Token | None] = [None] * len(parts)
    best_score = 0
    for start, tok in enumerate(t_tokens):
        if not same_name(parts[0].folded, tok.folded, latin):
            continue
        run: list[_Token | None] = [tok]
        k = start + 1
        for part in parts[1:]:
            if k < len(t_tokens) and same_name(part.folded, t_tokens[k].folded, latin):
                run.append(t_tokens[k])
                k += 1
            else:
                run.append(None)
        score = sum(x is not None for x in run)
        if score > best_score:
            best, best_score = run, score
    # parts not in the run may stand elsewhere (América Latina for Latin America)
    return [
        hit
        if hit is not None
        else next((t for t in t_tokens if same_name(p.folded, t.folded, latin)), None)
        for p, hit in zip(parts, best, strict=True)
    ]


def _candidate(part: str, token: str, latin: bool) -> bool:
    if latin:
        return near_name(part, token)
    # another script: the token that transliterates close to the name
    key_p, key_t = translit_key(part), translit_key(token[: len(part) + INFLECTION])
    return key_p[:1] == key_t[:1] and JaroWinkler.similarity(key_p, key_t) >= 0.8


def _form_findings(ctx, pair, mention, parts, found, t_tokens) -> Iterator[Finding]:
    if len(parts) < 2:
        return
    src_line = _line(ctx, pair.source_doc, pair.src_span)
    # hyphen added or dropped between two parts found side by side
    for k in range(1, len(parts)):
        a, b = found[k - 1], found[k]
        if a is None or b is None or t_tokens.index(b) != t_tokens.index(a) + 1:
            continue
        if parts[k].sep_before != b.sep_before and script_of(a.text) == script_of(parts[0].text):
            change = "dropped" if parts[k].sep_before == "-" else "added"
            written = ctx.documents[pair.target_doc].text[a.start : b.end]
            yield _name_finding(
                ctx,
                pair,
                mention,
                (a.start, b.end),
                key=f"form:{pair.target_doc}:{src_line}:{fold(mention.text)}",
                message=f"Name written differently in translation: '{mention.text}' in "
                f"{pair.source_doc}:{src_line} is '{written}' in {pair.target_doc} "
                f"(hyphen {change})",
            )
            return
    # the last part(s) cut off: "Zoran Zaev" -> "Zoran"
    if found[0] is not None and found[-1] is None and len(parts[-1].folded) >= 3:
        k = next(i for i in range(len(found)) if found[i] is None)
        if any(f is not None for f in found[k:]):
            return
        if not all(
            p.text[:1].isupper() and p.text.isalpha() and len(p.text) >= 3 for p in parts[k:]
        ):
            return  # "Ballon d'Or": particles and short parts
        if any(_common_word(p.text, ctx.documents[pair.source_doc].lang) for p in parts[k:]):
            return  # "Pacific Ocean" -> "el Pacífico": a common noun, not part of a name
        last = found[k - 1]
        nxt = t_tokens.index(last) + 1
        if nxt < len(t_tokens) and t_tokens[nxt].start - last.end <= 2:
            return  # followed by another capitalised word: the rest, written another way
        written = ctx.documents[pair.target_doc].text[found[0].start : last.end]
        yield _name_finding(
            ctx,
            pair,
            mention,
            (found[0].start, last.end),
            key=f"form:{pair.target_doc}:{src_line}:{fold(mention.text)}",
            message=f"Name cut short in translation: '{mention.text}' in "
            f"{pair.source_doc}:{src_line} is only '{written}' in {pair.target_doc}",
        )


def _common_word(word: str, lang: str | None) -> bool:
    """An English common noun or adjective capitalised inside a name (Ocean, River, Party)."""
    if lang != "en":
        return False
    from transcheck import wordnet

    return wordnet.is_common_word(word)


def _name_finding(ctx, pair, mention, tgt_span, *, key: str, message: str) -> Finding:
    occs = (
        _occ(ctx, pair.source_doc, mention.start, mention.end, "source"),
        _occ(ctx, pair.target_doc, tgt_span[0], tgt_span[1], "target", pair.tgt_pivot),
    )
    return Finding(
        rule="name-variant",
        severity="warning",
        key=key,
        message=message,
        occurrences=occs,
        pair=pair.ref(ctx),
    )


def _spelling_findings(ctx, renderings: list[_Rendering]) -> Iterator[Finding]:
    by_part: dict[tuple[str, str], list[_Rendering]] = defaultdict(list)
    for r in renderings:
        by_part[(r.pair.set_id, r.part)].append(r)
    for (_set, part), group in sorted(by_part.items()):
        forms = Counter(r.token.folded for r in group)
        # per translation, its forms by stem (the ending aside: Заева, Заеву are one form)
        stem_len = max(4, len(part) - 1)
        per_doc = Counter((r.pair.target_doc, r.token.folded[:stem_len]) for r in group)
        written = Counter(
            (r.pair.target_doc, r.token.folded[:stem_len], r.token.text) for r in group
        )
        kept_as_is = any(r.exact and script_of(r.token.text) == "Latin" for r in group)
        kept_in_doc = {r.pair.target_doc for r in group if r.exact}
        translations = {r.pair.target_doc for r in group}
        for r in group:
            form = r.token.folded
            if r.exact or forms[form] > 1:
                continue  # a form used twice is a convention (an exonym, a transliteration)
            if script_of(r.token.text) == "Latin":
                # the translators keep this name as the source writes it; one slipped
                lang = ctx.documents[r.pair.target_doc].lang
                expected = _cldr_rendering(part, lang)  # Argentina -> Argentina, Brazil -> Brasil
                misspelt_exonym = expected is not None and _inner_edit(expected, form)
                if not misspelt_exonym and (not kept_as_is or _exonym_like(part, form, lang)):
                    continue
                # a common word (District / Distrito) is translated, not respelled, unless
                # most translations keep it as a name (Palms Casino) and only a letter changed
                if (
                    r.common
                    and r.pair.target_doc not in kept_in_doc
                    and (len(kept_in_doc) * 2 < len(translations) or not _inner_edit(part, form))
                ):
                    continue
                rival = None
            else:
                # against the form the same translation uses elsewhere (languages in one
                # script transliterate differently: Сайфулло / Сайфолло)
                doc = r.pair.target_doc
                own = form[:stem_len]
                rival = next(
                    (
                        other
                        for (d, other), n in per_doc.most_common()
                        if d == doc
                        and n >= 2
                        and n > per_doc[(doc, own)]
                        and _slip(own, other, part)
                    ),
                    None,
                )
                if rival is None:
                    continue
                rival = max(  # as the translation writes it most often
                    (n, text) for (d, stem, text), n in written.items() if (d, stem) == (doc, rival)
                )[1]
            yield _spelling_finding(ctx, r, rival)


def _spelling_finding(ctx, r: _Rendering, rival: str | None) -> Finding:
    pair = r.pair
    src_line = _line(ctx, pair.source_doc, pair.src_span)
    tgt_line = ctx.documents[pair.target_doc].line_of(r.token.start)
    usual = f"; elsewhere '{rival}'" if rival else ""
    source = _source_name_occurrence(ctx, pair, r.part)
    return Finding(
        rule="name-variant",
        severity="warning",
        key=f"spell:{pair.target_doc}:{src_line}:{r.part}",
        message=f"Name respelled in translation: '{r.token.text}' in {pair.target_doc}:"
        f"{tgt_line} for '{source[0].text if source else r.part}' in "
        f"{pair.source_doc}:{src_line}{usual}",
        occurrences=(
            *source,
            _occ(ctx, pair.target_doc, r.token.start, r.token.end, "target", pair.tgt_pivot),
        ),
        pair=pair.ref(ctx),
    )


def _source_name_occurrence(ctx, pair, part: str) -> tuple[Occurrence, ...]:
    """The source sentence's word that is the name part, as an occurrence (or none)."""
    doc = ctx.documents[pair.source_doc]
    for t in _tokens(doc.text, *pair.src_span):
        if t.folded == part:
            return (_occ(ctx, pair.source_doc, t.start, t.end, "source"),)
    return ()


# --------------------------------------------------------------------------- meaning


def meaning_findings(ctx: AuditContext) -> Iterator[Finding]:
    """The back-translation turns a word of the source into its opposite."""
    from transcheck.rules.quotes import NEGATION_OVERLAP, UNRELATED_OVERLAP, compare

    for pair in checked_pairs(ctx):
        if not pair.src_pivot or not pair.tgt_pivot:
            continue
        src_native = ctx.documents[pair.source_doc].lang == ctx.pivot
        tgt_native = ctx.documents[pair.target_doc].lang == ctx.pivot
        if src_native and tgt_native:
            continue
        reasons = list(opposed_substitutions(pair.src_pivot, pair.tgt_pivot, ctx.pivot))
        src_neg, tgt_neg = _negated(ctx, pair, "source"), _negated(ctx, pair, "target")
        if src_neg is not None and tgt_neg is not None and src_neg != tgt_neg:
            # the originals disagree on "not": does the back-translation say so too, in a
            # rendering close enough for a missing "not" to mean something?
            cmp = compare(pair.src_pivot, pair.tgt_pivot, ctx.pivot, UNRELATED_OVERLAP)
            if cmp.overlap >= NEGATION_OVERLAP:
                reasons += [r for r in cmp.reasons if r.startswith("negation")]
        if not reasons:
            continue
        src_occ, tgt_occ = _pair_occurrences(ctx, pair)
        src_quote = _quote_in(ctx, pair.source_doc, pair.src_span)
        tgt_quote = _quote_in(ctx, pair.target_doc, pair.tgt_span)
        quoted = src_quote is not None or tgt_quote is not None
        if src_quote is not None and tgt_quote is not None:
            # show the quotations themselves (the sentences are their context)
            ext = ctx.extractions[pair.target_doc]
            bt = ext.pivot.get((tgt_quote.start, tgt_quote.end)) or pair.tgt_pivot
            src_occ = _occ(ctx, pair.source_doc, src_quote.start, src_quote.end, "source")
            tgt_occ = _occ(ctx, pair.target_doc, tgt_quote.start, tgt_quote.end, "target", bt)
        src_line = _line(ctx, pair.source_doc, pair.src_span)
        yield Finding(
            rule="quote-drift" if quoted else "meaning-drift",
            severity="warning",
            key=f"pair:{pair.target_doc}:{src_line}:{'/'.join(reasons)}",
            message=(
                f"Meaning changed in translation ({'; '.join(reasons)}): "
                f"{pair.source_doc}:{src_line} vs {pair.target_doc}:{tgt_occ.line}"
            ),
            occurrences=(src_occ, tgt_occ),
            evidence=(("changes", reasons),),
            pair=pair.ref(ctx),
        )


# Words that turn the next one into its opposite ("little likely" = "unlikely").
_WEAKENERS = frozenset("little hardly barely scarcely un non".split())
SUBSTITUTION_WINDOW = 4  # tokens a replacement may stand away from the replaced word


def _negation_words(toks: list[str]) -> list[str]:
    return ["not" if t == "n't" else t for t in toks]


@lru_cache(maxsize=50_000)
def opposed_substitutions(a: str, b: str, lang: str | None) -> tuple[str, ...]:
    """Words of ``a`` replaced in ``b`` by their opposite, in place: a changed word of ``a``
    and a changed word of ``b`` that stand where the unchanged words around them put each
    other ('a safe country' / 'a dangerous country'; 'the most dramatic finale' / 'the
    final the least spectacular'). Opposites that only turn up somewhere in a paraphrase
    are not counted, nor an opposite turned back by a negation on one side only ('unlikely'
    / 'little likely')."""
    ta, tb = _negation_words(tokens(a)), _negation_words(tokens(b))
    ka, kb = [word_key(t) for t in ta], [word_key(t) for t in tb]
    stop = stopwords(lang)
    hand = ANTONYMS.get(lang or "en", {})  # function words with opposites: more / less
    blocks = SequenceMatcher(None, ka, kb, autojunk=False).get_matching_blocks()
    matched_a = {m.a + k for m in blocks for k in range(m.size)}
    matched_b = {m.b + k for m in blocks for k in range(m.size)}

    def where_in_b(i: int) -> int:
        shift = 0
        for m in blocks:
            if m.a > i or not m.size:
                break
            shift = m.b - m.a
        return i + shift

    def weak(toks: list[str], lo: int, hi: int) -> bool:
        return any(t in _WEAKENERS or is_negator(t, lang) for t in toks[max(0, lo) : max(0, hi)])

    out = set()
    for i, x in enumerate(ta):
        if i in matched_a or (x in stop and word_key(x) not in hand):
            continue
        centre = where_in_b(i)
        for j in range(max(0, centre - SUBSTITUTION_WINDOW), centre + SUBSTITUTION_WINDOW + 1):
            if j >= len(tb) or j in matched_b:
                continue
            y = tb[j]
            if (y in stop and word_key(y) not in hand) or not antonyms(x, y, lang):
                continue
            if weak(ta, i - 2, i + 1) != weak(tb, j - 2, j + 1):
                continue
            out.add(f"{x} → {y}")
    return tuple(sorted(out))


# Plain sentence negation, per language: "without" / "sans" / "privé de" say "not" in ways a
# word list cannot follow, so only these count when two sides are compared for a negation.
STRICT_NEGATORS: dict[str, frozenset[str]] = {
    "en": frozenset("not n't never no nobody nothing none nor neither nowhere".split()),
    "es": frozenset("no nunca jamás ningún ninguno ninguna nadie nada tampoco ni".split()),
    "fr": frozenset("ne n pas jamais aucun aucune rien ni".split()),
    "pt": frozenset("não nunca jamais nenhum nenhuma ninguém nada nem".split()),
    "it": frozenset("non mai nessuno nessuna niente nulla né".split()),
    "ca": frozenset("no mai ningú res cap ni".split()),
    "de": frozenset(
        "nicht nie niemals kein keine keinen keinem keiner niemand nichts weder".split()
    ),
}


def _negated(ctx: AuditContext, pair: AlignedPair, side: str) -> bool | None:
    """Does the side's original say "not"? None when the language has no list."""
    doc_id, span = (
        (pair.source_doc, pair.src_span) if side == "source" else (pair.target_doc, pair.tgt_span)
    )
    doc = ctx.documents[doc_id]
    words = STRICT_NEGATORS.get(doc.lang or "")
    if words is None:
        return None
    return any(t in words for t in tokens(doc.text[span[0] : span[1]]))


def _quote_in(ctx: AuditContext, doc_id: str, span):
    """The longest quotation overlapping the span, or None."""
    lo, hi = span
    quotes = [q for q in ctx.extractions[doc_id].quotes if q.start < hi and lo < q.end]
    return max(quotes, key=lambda q: (q.end - q.start, -q.start)) if quotes else None


# --------------------------------------------------------------------------- glossary key terms

# Entry types whose approved rendering a translated sentence must carry. People are left out:
# a translation may call them "he" or "the minister".
KEY_TERM_TYPES = ("term", "organization", "place")


def _rendered_in(entry, lang: str | None) -> bool:
    """Does the entry say how to write it in ``lang`` (not only for every language)?"""
    return bool(
        lang and (entry.canonical.get(lang) or entry.allowed.get(lang) or entry.approved.get(lang))
    )


def key_term_findings(ctx: AuditContext) -> Iterator[Finding]:
    """A glossary term of the source sentence whose approved rendering is missing from its
    aligned translation (Xbench's key-term mismatch)."""
    glossary = ctx.glossary
    if not glossary:
        return
    for pair in checked_pairs(ctx):
        src_doc, tgt_doc = ctx.documents[pair.source_doc], ctx.documents[pair.target_doc]
        src_text = src_doc.text[pair.src_span[0] : pair.src_span[1]]
        tgt_text = tgt_doc.text[pair.tgt_span[0] : pair.tgt_span[1]]
        src_hits = [
            h
            for h in glossary.scan(src_text, src_doc.lang, kinds=("canonical", "allowed"))
            if h.entry.type in KEY_TERM_TYPES and _rendered_in(h.entry, tgt_doc.lang)
        ]
        if not src_hits:
            continue
        present = {h.entry.id for h in glossary.scan(tgt_text, tgt_doc.lang, overlaps=True)}
        for hit in src_hits:
            if hit.entry.id in present:
                continue
            present.add(hit.entry.id)  # once per entry and pair
            expected = hit.entry.canonical_for(tgt_doc.lang)
            src_line = _line(ctx, pair.source_doc, pair.src_span)
            a = pair.src_span[0] + hit.start
            src_occ = _occ(ctx, pair.source_doc, a, a + len(hit.text), "source")
            tgt_occ = _pair_occurrences(ctx, pair)[1]
            yield Finding(
                rule="glossary-key-term",
                severity="warning",
                key=f"pair:{pair.target_doc}:{src_line}:{hit.entry.id}",
                message=(
                    f"Key term missing in translation: '{hit.text}' ({hit.entry.type_word} "
                    f"'{hit.entry.id}') in {pair.source_doc}:{src_line} has no approved rendering "
                    f"in {pair.target_doc}:{tgt_occ.line}; expected '{expected}'"
                ),
                occurrences=(src_occ, tgt_occ),
                glossary=GlossaryRef(hit.entry.file, hit.entry.id),
                pair=pair.ref(ctx),
            )


# --------------------------------------------------------------------------- omission


def _facts(ctx: AuditContext, index: PairIndex, doc_id: str, span) -> tuple[set[str], set[str]]:
    numbers = {value_key(n.value) for n in index.numbers(doc_id, span) if abs(n.value) >= 2}
    names = set()
    for m in index.names(doc_id, span):
        names.update(
            name_stem(t.folded) for t in _tokens(ctx.documents[doc_id].text, m.start, m.end)
        )
    return numbers, names


def omission_findings(ctx: AuditContext, index: PairIndex | None = None) -> Iterator[Finding]:
    """A source sentence with a fact and no counterpart in the translation (and the reverse,
    as info: a sentence the translation added)."""
    index = index or PairIndex(ctx)
    by_doc: dict[tuple[str, str], list[AlignedPair]] = defaultdict(list)
    for pair in ctx.pairs:
        by_doc[(pair.set_id, pair.target_doc)].append(pair)
    for (_set, _doc), pairs in sorted(by_doc.items()):
        for k, pair in enumerate(pairs):
            if pair.src and pair.tgt:
                continue
            before = next((p for p in reversed(pairs[:k]) if p.src and p.tgt), None)
            after = next((p for p in pairs[k + 1 :] if p.src and p.tgt), None)
            if pair.src:
                yield from _omission(ctx, index, pair, before, after)
            else:
                yield from _addition(ctx, index, pair, before, after)


def _words(ctx: AuditContext, doc_id: str, span) -> int:
    return len(_WORD.findall(ctx.documents[doc_id].text, span[0], span[1]))


def _omission(ctx, index, pair, before, after) -> Iterator[Finding]:
    numbers, names = _facts(ctx, index, pair.source_doc, pair.src_span)
    if not (numbers or names) or _words(ctx, pair.source_doc, pair.src_span) < MIN_FACT_WORDS:
        return
    neighbours = [p for p in (before, after) if p is not None]
    if not neighbours:
        return
    # merged into a neighbour rather than left out: the facts only this sentence carries are
    # in the neighbour's translation, or that translation is long enough to hold both
    for p in neighbours:
        n, m = _facts(ctx, index, p.source_doc, p.src_span)
        numbers, names = numbers - n, names - m
    for p in neighbours:
        n, m = _facts(ctx, index, p.target_doc, p.tgt_span)
        if numbers & n or names & m or _swollen(ctx, p, pair):
            return
    tgt_doc = ctx.documents[pair.target_doc]
    pos = after.tgt_span[0] if after is not None else before.tgt_span[1]
    src_line = _line(ctx, pair.source_doc, pair.src_span)
    a, b = pair.src_span
    gap = replace(ctx.occurrence(pair.target_doc, pos, pos), role="target")
    yield Finding(
        rule="omission",
        severity="warning",
        key=f"pair:{pair.target_doc}:{src_line}",
        message=(
            f"Sentence missing in translation: {pair.source_doc}:{src_line} has no counterpart in "
            f"{pair.target_doc} (expected near line {tgt_doc.line_of(pos)})"
        ),
        occurrences=(_occ(ctx, pair.source_doc, a, b, "source"), gap),
        pair=pair.ref(ctx, score=min(p.confidence for p in neighbours)),
    )


SWOLLEN = 0.5  # share of the left-out sentence a neighbour's translation must have grown by


def _swollen(ctx: AuditContext, neighbour: AlignedPair, left_out: AlignedPair) -> bool:
    """Is the neighbour's translation long enough to hold the left-out sentence as well?"""
    src_len = len(ctx.documents[neighbour.source_doc].text)
    tgt_len = len(ctx.documents[neighbour.target_doc].text)
    ratio = tgt_len / max(src_len, 1)
    (a, b), (c, d), (e, f) = neighbour.src_span, neighbour.tgt_span, left_out.src_span
    return d - c >= ratio * ((b - a) + SWOLLEN * (f - e))


def _addition(ctx, index, pair, before, after) -> Iterator[Finding]:
    numbers, names = _facts(ctx, index, pair.target_doc, pair.tgt_span)
    if not (numbers or names) or _words(ctx, pair.target_doc, pair.tgt_span) < MIN_FACT_WORDS:
        return
    tgt_line = _line(ctx, pair.target_doc, pair.tgt_span)
    c, d = pair.tgt_span
    yield Finding(
        rule="addition",
        severity="info",
        key=f"pair:{pair.target_doc}:{tgt_line}",
        message=f"Sentence added in translation: {pair.target_doc}:{tgt_line} has no "
        f"counterpart in {pair.source_doc}",
        occurrences=(_occ(ctx, pair.target_doc, c, d, "target", pair.tgt_pivot),),
        pair=pair.ref(ctx),
    )
