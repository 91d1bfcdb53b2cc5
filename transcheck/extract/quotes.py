"""Quotations and who said them.

Recognised marks: “…” "…" «…» »…« „…“ „…” ‚…‘ ‘…’ '…' ‹…› ”…” 「…」 『…』, with any
padding (NBSP, narrow NBSP) inside French guillemets left out of the span.

How the scanner decides:
- A mark between two letters or digits is an apostrophe (don't, l’État, O'Brien), and so
  are the usual elisions ('n', 'em, '90s); a right single quote after a word is only a
  closing mark when a single quote is open (players’ union, 90s’ are not quotes).
- Marks nest on a stack; only the outermost quotation is reported (“He said ‘no’”). An
  unambiguous closing mark also closes any unclosed inner quote.
- A quotation never runs past its paragraph. When the next paragraph reopens it (the
  English/Spanish/German convention: a new paragraph starting with the opening mark, or
  with » in Spanish), or when the next paragraph holds the matching closing mark before
  any new opening mark (translations that run a quotation on without reopening it), each
  paragraph part is reported as its own Quote (``close_mark == ""`` for all parts but the
  last) and all parts share one speaker, whichever part names it. A straight ``"`` left
  open by a paragraph with an odd count of them may also be closed up to
  ``MAX_SILENT_GAP`` paragraphs later, by a paragraph with an odd count whose first ``"``
  closes; the paragraphs between, free of straight quotes, are continuation parts. Otherwise an unclosed
  quotation is cut at the paragraph end and kept
  (``close_mark == ""``) only for directional marks (“ « „ ‹ 「 『), never for straight
  quotes, whose guesses are too unreliable; and never when longer than ``MAX_UNCLOSED``.
- Reported spans exclude surrounding whitespace and a trailing , ; : left by attribution,
  and must contain at least one letter.

Speakers (``Quote.speaker``) come from the text right after the quotation (``"…," said X``,
``"…", X said``, ``«…», dijo X``, ``« … », a-t-il déclaré``) or right before it in the same
sentence (``X said: "…"``, ``X afirmó que “…”``), or from an "according to" phrase (según,
selon, segundo, secondo, laut, по словам; German "„…“, so X") in the same sentence. The
speaker is a name (from the name finder, titles dropped), a short noun phrase ("the
minister", "el alcalde", "the notice of intent") or an institutional plural ("officials
said"). A pronoun or a bare verb ("he said", "«…», dijo.", "a-t-il ajouté") carries the
last speaker of the same paragraph or of the paragraph right before; otherwise None.
Speech verbs, auxiliaries, pronouns and determiners per language live in ``langdata``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from transcheck.extract.langdata import (
    ACCORDING_TO,
    AFTER_QUOTE_MARKERS,
    PRONOUNS,
    SPEAKER_DETERMINERS,
    SPEECH_AUX,
    SPEECH_VERBS,
)
from transcheck.model import Quote, offset


def _longest_first(word: str) -> tuple[int, str]:
    """Sort key for regex alternations: longer words first, then alphabetical (stable)."""
    return (-len(word), word)


MAX_QUOTE = 5000  # longest quotation (characters) accepted when closed
MAX_UNCLOSED = 1500  # longest unclosed quotation kept when cut at a paragraph end
MAX_DEPTH = 8
MAX_PARTS = 12  # paragraphs one quotation may run across
# A straight " left open may be closed this many paragraphs later, the ones between
# holding no straight quote at all.
MAX_SILENT_GAP = 6

# Each opening mark and the marks that may close it.
_CLOSERS: dict[str, str] = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "‚": "‘’",
    "‘": "’",
    "「": "」",
    "『": "』",
    '"': '"',
    "'": "'",
    "”": "”",
}
_DIRECTIONAL = frozenset("“„«‹「『")
_STRONG_CLOSERS = frozenset("”»›」』")
# Every quotation mark the scanner knows (also what a back-translation must keep to be read
# between them: transcheck.analysis.read_quotes).
QUOTE_MARKS = frozenset("“”„«»‹›‚‘’「」『』\"'")
_MARKS = re.compile("[" + re.escape("".join(sorted(QUOTE_MARKS))) + "]")
_PARA_BREAK = re.compile(r"\n[^\S\n]*\n\s*|\u2029\s*")
_ELISION = re.compile(r"(?:n['’]|em\b|til\b|tis\b|twas\b|cause\b|bout\b|\d\d?s?\b)", re.IGNORECASE)
_OPEN_CONTEXT = frozenset("([{—–-/:;" + "“”„«»‹›‚‘’「『\"'")
# What a quotation's span leaves out at its end: padding and the , ; : of attribution.
STRIP_TAIL = " \t\r\n\u00a0\u202f\u2009,;:"


@dataclass
class RawQuote:
    """A quotation as found by the scanner, before speaker attribution."""

    open_pos: int  # index of the opening mark (or of the reopening mark of a continuation)
    close_pos: int  # index of the closing mark, or the paragraph end when unclosed
    start: int
    end: int
    open_mark: str
    close_mark: str
    para_start: int
    para_end: int
    chain: int  # quotes continued across paragraphs share a chain id
    para_index: int = 0


def paragraph_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of blank-line-separated blocks of ``text[start:end]`` (blank blocks dropped)."""
    if end is None or end > len(text):
        end = len(text)
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _PARA_BREAK.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return [(s, e) for s, e in spans if not text[s:e].isspace()]


def _has_letter(text: str, start: int, end: int) -> bool:
    return any(ch.isalpha() for ch in text[start:end])


def _content_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in STRIP_TAIL and text[start] not in ",;:":
        start += 1
    while end > start and text[end - 1] in STRIP_TAIL:
        end -= 1
    return start, end


def _continues(text: str, pos: int, para_end: int, opener: str) -> int | None:
    """If the paragraph at ``pos`` reopens a quotation opened with ``opener``, its index."""
    i = pos
    while i < para_end and text[i].isspace():
        i += 1
    if i >= para_end:
        return None
    ch = text[i]
    if ch == opener or (opener == "«" and ch == "»") or (opener == "„" and ch == "„"):
        return i
    return None


def _closed_later(text: str, ps: int, pe: int, opener: str) -> bool:
    """True when the paragraph ``[ps, pe)`` closes a quotation it never opened.

    Some translations run a quotation across paragraphs without reopening it; the next
    paragraph then holds the closing mark before any new opening mark."""
    end = min(pe, ps + MAX_QUOTE)
    if opener == '"':
        for m in _MARKS.finditer(text, ps, end):
            if m.group(0) != '"':
                continue
            i = m.start()
            before = text[i - 1] if i > ps else ""
            after = text[i + 1] if i + 1 < pe else ""
            return bool(before) and not before.isspace() and not after.isalnum()
        return False
    if opener not in _DIRECTIONAL:
        return False
    closers = _CLOSERS[opener]
    for m in _MARKS.finditer(text, ps, end):
        c = m.group(0)
        if c in closers:
            return True
        if c == opener:
            return False
    return False


def _first_straight_closes(text: str, ps: int, pe: int) -> bool:
    """True when the first straight double quote of ``[ps, pe)`` reads as a closing mark
    (glued to the word before it, not to a word after it)."""
    i = text.find('"', ps, pe)
    if i <= ps:
        return False
    after = text[i + 1] if i + 1 < pe else ""
    return not text[i - 1].isspace() and not after.isalnum()


class _StraightCounts:
    """Straight double quotes per paragraph, counted once each (keeps look-ahead linear)."""

    def __init__(self, text: str, paragraphs: list[tuple[int, int]]) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self.counts: dict[int, int] = {}

    def count(self, index: int) -> int:
        found = self.counts.get(index)
        if found is None:
            ps, pe = self.paragraphs[index]
            found = self.counts[index] = self.text.count('"', ps, pe)
        return found

    def closer_ahead(self, index: int) -> bool:
        """True when a straight quotation open at the end of paragraph ``index`` is closed
        by a later paragraph within ``MAX_SILENT_GAP``: one with an odd count whose first
        straight quote closes, all paragraphs before it free of straight quotes."""
        last = min(len(self.paragraphs), index + 1 + MAX_SILENT_GAP)
        for k in range(index + 1, last):
            ps, pe = self.paragraphs[k]
            if pe - ps > MAX_QUOTE:
                return False
            n = self.count(k)
            if n:
                return n % 2 == 1 and _first_straight_closes(self.text, ps, pe)
        return False


def scan_quotes(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[RawQuote]:
    """All outermost quotations in ``text``, in order, without speakers."""
    if paragraphs is None:
        paragraphs = paragraph_spans(text)
    out: list[RawQuote] = []
    chain_id = 0
    carry: tuple[str, int] | None = None  # (opener, reopening mark index) for continuation
    carry_chain = -1
    carried = 0
    straight = _StraightCounts(text, paragraphs)
    for p_index, (ps, pe) in enumerate(paragraphs):
        stack: list[tuple[str, int]] = []
        skip = -1
        this_chain = -1
        if carry is not None:
            stack.append(carry)
            skip = carry[1]
            this_chain = carry_chain
        if carry is None:
            carried = 0
        carried_in = carry is not None
        carry = None
        for m in _MARKS.finditer(text, ps, pe):
            i = m.start()
            if i == skip:
                continue
            c = m.group(0)
            p = text[i - 1] if i > ps else ""
            n = text[i + 1] if i + 1 < pe else ""
            p_word = p.isalnum()
            n_word = n.isalnum()
            if c in "’'‘" and p_word and n_word:
                continue  # apostrophe inside a word
            # 1. Closing the innermost (or, for unambiguous marks, an outer) open quotation.
            closed_at = -1
            if stack:
                top_open = stack[-1][0]
                if c in _CLOSERS[top_open]:
                    if (
                        c in "'’"
                        and (not p or p.isspace() or n_word)
                        or c == "“"
                        and top_open == "„"
                        and n_word
                    ):
                        closed_at = -1
                    else:
                        closed_at = len(stack) - 1
                elif c in _STRONG_CLOSERS:
                    for k in range(len(stack) - 2, -1, -1):
                        if c in _CLOSERS[stack[k][0]] and stack[k][0] not in "'‘‚":
                            closed_at = k
                            break
            if closed_at >= 0:
                opener, opos = stack[closed_at]
                del stack[closed_at:]
                if not stack:
                    s, e = _content_span(text, opos + 1, i)
                    if e - s <= MAX_QUOTE and _has_letter(text, s, e):
                        out.append(RawQuote(opos, i, s, e, opener, c, ps, pe, this_chain, p_index))
                    this_chain = -1
                continue
            # 2. Opening a quotation.
            if c not in _CLOSERS or len(stack) >= MAX_DEPTH:
                continue
            left_open = not p or p.isspace() or p in _OPEN_CONTEXT
            if c in "“„«「『‹":
                ok = c in "«‹「『" or (bool(n) and not n.isspace())
            elif c in "»›”":
                ok = (
                    left_open and (n_word or n in "“‘\"'") and not stack
                    if c == "”"
                    else (left_open and n_word)
                )
            elif c in "‘'‚":
                ok = left_open and bool(n) and not n.isspace() and not _ELISION.match(text, i + 1)
            else:  # straight double quote
                ok = bool(n) and not n.isspace() and not p_word
            if ok:
                stack.append((c, i))
                if len(stack) == 1:
                    chain_id += 1
                    this_chain = chain_id
        # Paragraph end with an open quotation.
        if stack:
            opener, opos = stack[0]
            nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
            reopen = _continues(text, nxt[0], nxt[1], opener) if nxt else None
            if reopen is None and nxt and _closed_later(text, nxt[0], nxt[1], opener):
                reopen = nxt[0] - 1  # continued without a reopening mark; closed later
            if (
                reopen is None
                and nxt
                and opener == '"'
                and (straight.count(p_index) % 2 == 1 or carried_in and not straight.count(p_index))
                and straight.closer_ahead(p_index)
            ):
                reopen = nxt[0] - 1  # run on through paragraphs without straight quotes
            s, e = _content_span(text, opos + 1, pe)
            if reopen is not None and carried < MAX_PARTS:
                if _has_letter(text, s, e) and e - s <= MAX_QUOTE:
                    out.append(RawQuote(opos, pe, s, e, opener, "", ps, pe, this_chain, p_index))
                carry = (opener, reopen)
                carry_chain = this_chain
                carried += 1
            elif opener in _DIRECTIONAL and e - s <= MAX_UNCLOSED and _has_letter(text, s, e):
                out.append(RawQuote(opos, pe, s, e, opener, "", ps, pe, this_chain, p_index))
    return out


# ---------------------------------------------------------------- speaker attribution


@dataclass(frozen=True)
class VerbMatch:
    """A speech verb found in text (with its auxiliary: "has said", "a déclaré")."""

    begin: int
    finish: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, _index: int = 0) -> str:
        return self.text


_VERB_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_INVERSION = frozenset("t-il t-elle t-ils t-elles t-on il elle ils elles on".split())


@lru_cache(maxsize=32)
def _speech_verbs(lang: str | None) -> frozenset[str]:
    if lang and lang in SPEECH_VERBS:
        return frozenset(SPEECH_VERBS[lang])
    return frozenset(v for vs in SPEECH_VERBS.values() for v in vs)


def find_speech_verbs(
    text: str, lang: str | None, start: int = 0, end: int | None = None, first: bool = False
) -> list[VerbMatch]:
    """Speech verbs of ``lang`` in ``text[start:end]`` (a set lookup per word, no big regex)."""
    verbs = _speech_verbs(lang)
    out: list[VerbMatch] = []
    prev: re.Match[str] | None = None
    for m in _VERB_WORD.finditer(text, start, len(text) if end is None else end):
        word = m.group(0).lower()
        head, dash, tail = word.partition("-")
        if word in verbs or (dash and tail in _INVERSION and head in verbs):
            s = m.start()
            if (
                prev is not None
                and prev.group(0).lower() in SPEECH_AUX
                and text[prev.end() : s].isspace()
            ):
                s = prev.start()
            out.append(VerbMatch(s, m.end(), text[s : m.end()]))
            if first:
                break
        prev = m
    return out


@lru_cache(maxsize=32)
def _according_to() -> re.Pattern[str]:
    acc = "|".join(sorted((re.escape(a) for a in ACCORDING_TO), key=_longest_first))
    return re.compile(rf"(?<![^\W_])(?:{acc})\s+", re.IGNORECASE)


_SENT_END = re.compile(r"[.!?…](?=\s)|\n")


def _is_abbreviation_dot(text: str, dot: int) -> bool:
    i = dot
    while i > 0 and text[i - 1].isalpha() and dot - i < 5:
        i -= 1
    word = text[i:dot]
    return 1 <= len(word) <= 4 and word[0].isupper() and (i == 0 or not text[i - 1].isalnum())


def _last_sentence_end(text: str) -> int:
    """Offset just after the last sentence end in ``text`` (0 when there is none)."""
    i = len(text) - 1
    while i >= 0:
        ch = text[i]
        if ch == "\n":
            return i + 1
        if (
            ch in ".!?…"
            and i + 1 < len(text)
            and text[i + 1].isspace()
            and (ch != "." or not _is_abbreviation_dot(text, i))
        ):
            return i + 1
        i -= 1
    return 0


def _sentence_ends(text: str) -> Iterator[re.Match[str]]:
    """Sentence ends in ``text``, except the dot of a short capitalised abbreviation or initial
    ("M. Caron", "Sra. Ruiz", "Mr. Hale")."""
    for m in _SENT_END.finditer(text):
        if m.group(0) == "." and _is_abbreviation_dot(text, m.start()):
            continue
        yield m


_PRONOUN = object()
_PUNCT = frozenset('.,;:!?()"“”«»')
_SUBJECT_VERB_ADVERBS = frozenset(
    "also later then again previously earlier recently further once now still "
    "también luego después ya además aussi ensuite alors déjà encore também depois ainda "
    "anche poi già auch dann noch bereits также затем уже".split()
)
# Plain nouns that speak for an institution ("police said", "officials said").
_BARE_SUBJECTS = frozenset(
    "police officials authorities prosecutors investigators witnesses residents analysts "
    "experts critics sources policía autoridades fiscales investigadores testigos vecinos "
    "expertos analistas fuentes polícia autoridades procuradores testemunhas moradores "
    "autorités procureurs enquêteurs témoins habitants experts analystes sources polizia "
    "autorità inquirenti testimoni polizei behörden ermittler zeugen anwohner experten "
    "полиция власти прокуроры следователи свидетели эксперты".split()
)
_INVERTED_PRONOUN = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)$")
_NP_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*")
_CLAUSE_STOP = frozenset(
    "who quien que qui che der die das which who's dont cuyo of de del du des da di do von "
    "in en for para por pour at on a à au with con avec com".split()
)
_ABBREVIATED_TITLE = re.compile(r"(?<![^\W_])[^\W\d_]{1,5}\.")


def _names_in(window: str, lang: str | None) -> list[tuple[int, int]]:
    from transcheck.extract.names import name_spans

    return name_spans(window, lang, set(), set())


def _speaker_after(window: str, lang: str | None) -> str | object | None:
    """Speaker in the text following a speech verb: "said X", "dijo el ministro"."""
    lead = len(window) - len(window.lstrip())
    rest = window[lead:]
    if not rest or rest[0] in ".!?;\n":
        return _PRONOUN  # bare verb: "«…», dijo." -> the current speaker
    first = _NP_WORD.match(rest)
    if first and first.group(0).lower() in PRONOUNS:
        return _PRONOUN
    for s, e in _names_in(rest[:100], lang):
        between = _ABBREVIATED_TITLE.sub("", rest[:s])  # "M. Fleiss", "Sra. Campos"
        # Only a title or a determiner may stand between the verb and the name.
        if s <= 45 and len(between.split()) <= 3 and not any(ch in between for ch in _PUNCT):
            return rest[s:e]
        break
    return _noun_phrase(rest, lang)


_NP_STOP = (
    _CLAUSE_STOP
    | PRONOUNS
    | frozenset(
        "is was were are be been has have had will would es fue era son ha han está est était "
        "sont a ont é foi são è era sono ist war sind hat und and y et e".split()
    )
)
# Before a verb a noun phrase may hold a prepositional part: "the notice of intent states".
_NP_STOP_BEFORE = _NP_STOP - frozenset("of de del du des da di do von d".split())


def _noun_phrase(rest: str, lang: str | None) -> str | None:
    """A determiner and up to five words at the start of ``rest`` ("the minister")."""
    words: list[re.Match[str]] = []
    prev_end = 0
    stop = _NP_STOP
    for m in _NP_WORD.finditer(rest, 0, min(len(rest), 80)):
        if rest[prev_end : m.start()].strip():
            break
        if words and m.group(0).lower() in stop:
            break
        words.append(m)
        prev_end = m.end()
        if len(words) >= 6:
            break
    det = words[0].group(0).lower() if words else ""
    if len(words) < 2 or det not in SPEAKER_DETERMINERS or (det == "a" and lang != "en"):
        return None
    return rest[words[0].start() : words[-1].end()]


def _is_adverb(word: str) -> bool:
    low = word.lower()
    return low in _SUBJECT_VERB_ADVERBS or low in SPEECH_AUX or low.endswith(("ly", "mente"))


def _speaker_before(
    window: str, lang: str | None, bare_subject: bool = False
) -> str | object | None:
    """Speaker in the text preceding a speech verb: "X said", "the minister has said".

    With ``bare_subject`` (the window is all that stands between a quotation and its verb),
    a single plain word is a speaker too ("…," prosecutors said)."""
    stripped = window.rstrip()
    words = list(_NP_WORD.finditer(stripped))
    if not words:
        return None
    last = words[-1].group(0).lower()
    if last in PRONOUNS or _INVERTED_PRONOUN.search(last):
        return _PRONOUN
    offset = max(0, len(stripped) - 120)
    for s, e in reversed(_names_in(stripped[offset:], lang)):
        tail = stripped[offset + e :]
        tail_words = tail.split()
        # One adverb may stand between the subject and the verb ("X also said").
        if (not tail_words or (len(tail_words) == 1 and _is_adverb(tail_words[0]))) and not any(
            ch in tail for ch in _PUNCT
        ):
            return stripped[offset + s : offset + e]
        break
    # Noun phrase: determiner + up to five words ending right before the verb.
    stop = _NP_STOP_BEFORE
    for k in range(max(0, len(words) - 6), len(words) - 1):
        if words[k].group(0).lower() in SPEAKER_DETERMINERS:
            seg = stripped[words[k].start() :]
            inner = [w.group(0).lower() for w in words[k + 1 :]]
            if not any(ch in seg for ch in _PUNCT) and not stop.intersection(inner):
                return seg
    only = words[0].group(0)
    if (
        bare_subject
        and len(words) == 1
        and stripped.strip() == only
        and only.lower() in _BARE_SUBJECTS
    ):
        return only
    return None


def _attribute(text: str, q: RawQuote, lang: str | None) -> str | object | None:
    """The speaker of ``q`` (a name or noun phrase), ``_PRONOUN`` (the current speaker), or
    None: the text after the quotation is tried first, then the text before it."""
    found = _attribute_after(text, q, lang) if q.close_mark else None
    if found is not None:
        return found
    return _attribute_before(text, q, lang)


def _attribute_after(text: str, q: RawQuote, lang: str | None) -> str | object | None:
    """'"…," said X', '"…," X said', '«…», dijo X', '« … », a-t-il déclaré', '„…“, so X'."""
    acc_re = _according_to()
    after_start = q.close_pos + 1
    window = text[after_start : min(q.para_end, after_start + 160)]
    cut = re.match(r"[\s,.!?…—–-]*", window)
    body = window[cut.end() if cut else 0 :]
    # Up to the next sentence end or the next quotation mark.
    stop = len(body)
    sm = next(_sentence_ends(body), None)
    if sm:
        stop = sm.start()
    qm = _MARKS.search(body, 0, stop)
    if qm and body[qm.start() - 1 : qm.start()].isspace() or (qm and qm.start() == 0):
        stop = qm.start()
    body = body[:stop]
    found = find_speech_verbs(body, lang, 0, min(len(body), 70), first=True)
    vm = found[0] if found else None
    if vm:
        if vm.start() == 0 or not body[: vm.start()].strip():
            sp = _speaker_after(body[vm.end() :], lang)
            if (
                vm.group(0)
                .lower()
                .endswith(("-t-il", "-t-elle", "-il", "-elle", "-t-ils", "-t-elles"))
            ):
                sp = _PRONOUN
        else:
            head = body[: vm.start()]
            sp = _speaker_before(head, lang, bare_subject=True)
            if sp is None and len(head.split()) <= 1:
                # Only a clitic before the verb: "«…», nos comenta X", "m’a confié X".
                sp = _speaker_after(body[vm.end() :], lang)
        if sp is not None:
            return sp
    am = acc_re.search(body)
    if am:
        sp = _speaker_after(body[am.end() :], lang)
        if isinstance(sp, str):
            return sp
    first = _NP_WORD.match(body)
    if first and first.group(0).lower() in AFTER_QUOTE_MARKERS.get(lang or "", ()):
        sp = _speaker_after(body[first.end() :], lang)
        if isinstance(sp, str):
            return sp
    return None


def _attribute_before(text: str, q: RawQuote, lang: str | None) -> str | object | None:
    """'X said: "…"', 'X afirmó que “…”', 'según X, «…»', from the start of the sentence."""
    acc_re = _according_to()
    lo = max(q.para_start, q.open_pos - 200)
    before = text[lo : q.open_pos]
    before = before[_last_sentence_end(before) :]
    trimmed = before.rstrip(" \t\u00a0\u202f:,—–-")
    trimmed = re.sub(r"(?:\s+(?:that|que|qu['’]|che|dass|что))+$", "", trimmed, flags=re.IGNORECASE)
    vms = find_speech_verbs(trimmed, lang)
    if vms:
        vm = vms[-1]
        if not trimmed[vm.end() :].strip():
            sp = _speaker_before(trimmed[: vm.start()], lang)
            if sp is None:
                sp = _speaker_after(trimmed[vm.end() :] or ".", lang)
                if sp is _PRONOUN and trimmed[: vm.start()].strip():
                    sp = None
            if sp is not None:
                return sp
        else:
            after_verb = trimmed[vm.end() :]
            sp = _speaker_after(after_verb, lang)
            if isinstance(sp, str) and after_verb.strip().endswith(sp):
                return sp
            # A short object between verb and quotation: "X told reporters that ...".
            if len(after_verb.split()) <= 3 and not any(ch in after_verb for ch in _PUNCT):
                sp = _speaker_before(trimmed[: vm.start()], lang)
                if sp is not None:
                    return sp
    am = None
    for found in acc_re.finditer(before):
        am = found
    if am is not None:
        sp = _speaker_after(before[am.end() :], lang)
        if isinstance(sp, str):
            return sp
    return None


def attribute_speakers(text: str, raw: list[RawQuote], lang: str | None) -> list[Quote]:
    """Turn scanned quotations into Quote records with speakers."""
    quotes: list[Quote] = []
    last_speaker: str | None = None
    last_para = -2
    prev_para_speaker: str | None = None
    for q in raw:
        if q.para_index != last_para:
            # Only the paragraph right before may lend its speaker to a pronoun.
            prev_para_speaker = last_speaker if q.para_index == last_para + 1 else None
            last_speaker = None
            last_para = q.para_index
        found = _attribute(text, q, lang)
        if found is _PRONOUN:
            speaker = last_speaker or prev_para_speaker
            last_speaker = speaker
        elif isinstance(found, str):
            speaker = found.strip()
            last_speaker = speaker
        else:
            speaker = None
        quotes.append(
            Quote(
                offset(q.start),
                offset(q.end),
                text[q.start : q.end],
                sys.intern(speaker) if speaker else speaker,
                sys.intern(q.open_mark),  # (“ and ” are no shared one-letter strings)
                sys.intern(q.close_mark),
            )
        )
    # Parts of one quotation continued across paragraphs share one speaker.
    by_chain: dict[int, str] = {}
    for q, rq in zip(quotes, raw, strict=True):
        if rq.chain >= 0 and q.speaker and rq.chain not in by_chain:
            by_chain[rq.chain] = q.speaker
    return [
        replace(q, speaker=by_chain[rq.chain])
        if rq.chain >= 0 and rq.chain in by_chain and q.speaker != by_chain[rq.chain]
        else q
        for q, rq in zip(quotes, raw, strict=True)
    ]


def find_quotes(text: str, lang: str | None = None) -> list[Quote]:
    """Outermost quotations of ``text`` with their speakers, in order of position."""
    return attribute_speakers(text, scan_quotes(text), lang)
