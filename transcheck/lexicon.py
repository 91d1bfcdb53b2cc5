"""General lexical knowledge used to tell a change of meaning from a change of wording.

Two renderings of one quotation drift when, inside the part they share, a word is swapped for
its opposite (closed/open, allow/forbid, before/after), a negation appears on one side only,
or a number changes. These are facts about language, not about any story. English carries the
fullest lists because English is the default pivot; other languages get their negators so that
untranslated documents are compared sensibly too.
"""

from __future__ import annotations

import re
from functools import lru_cache

NEGATORS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "not no never nobody nothing none nor neither without cannot n't nowhere".split()
    ),
    # "jamás" after a superlative means "ever" ("el peor visto jamás").
    "es": frozenset("no nunca nadie nada ninguno ninguna ni sin tampoco".split()),
    # "jamais", "mai" also mean "ever" ("la plus grave jamais vue"); "personne" is "person".
    "fr": frozenset("ne n pas rien aucun aucune ni sans".split()),
    "pt": frozenset("não nunca ninguém nada nenhum nenhuma nem sem".split()),
    "it": frozenset("non nessuno niente nulla nessuna né senza".split()),
    "ca": frozenset("no mai ningú res cap ni sense".split()),
    "de": frozenset("nicht nie niemand nichts kein keine keinen weder ohne".split()),
}

# Opposites (English, the default pivot). Each line: words on one side | words on the other.
_ANTONYMS_EN = """
open opened reopen unlock | close closed shut seal sealed lock locked block blocked enclosed
allow allowed permit permitted authorise authorize let | forbid forbade forbidden ban banned prohibit prohibited bar barred
increase increased rise rose risen raise raised grow grew grown up higher more above exceed | decrease decreased fall fell fallen drop dropped reduce reduced cut lower lowered shrink shrank diminish diminished down less fewer below
before earlier prior | after later
accept accepted approve approved agree agreed support supported endorse endorsed | reject rejected refuse refused deny denied oppose opposed veto vetoed disagree
confirm confirmed | deny denied dismiss dismissed
start started begin began begun launch launched resume resumed continue continued | stop stopped end ended halt halted finish finished suspend suspended cease ceased abandon abandoned
enter entered arrive arrived | leave left exit exited depart departed flee fled
include included | exclude excluded
guilty convicted convict | innocent acquitted acquit
legal lawful | illegal unlawful
safe secure stable | dangerous unsafe unstable risky
true correct | false wrong incorrect
always | never
all everyone everything every | none nobody nothing
full | empty
high | low
first | last
win won victory | lose lost defeat defeated
attack attacked | defend defended
kill killed shoot shot | spare spared save saved rescue rescued
arrest arrested detain detained jail jailed | release released free freed
impose imposed | lift lifted
deploy deployed send sent | withdraw withdrew withdrawn recall recalled
buy bought | sell sold
import imported | export exported
maximum | minimum
most | least less
strong | weak
dead died die | alive survive survived live lived
inside | outside
north northern | south southern
east eastern | west western
right | left
yes | no
gain profit | loss
expand expanded | contract contracted
hot | cold
""".strip()


# Closed classes whose members exclude each other: "within days" is not "within weeks".
_CONTRASTS_EN = """
monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december
second minute hour day week month year decade century
hundred thousand million billion trillion
""".strip()


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Fold inflections so 'closed', 'closes', 'closing' and 'close' meet."""
    w = word.casefold()
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _build_antonyms(table: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in table.splitlines():
        left, right = (frozenset(word_key(w) for w in side.split()) for side in line.split("|"))
        for a in left:
            out.setdefault(a, set()).update(right - left)
        for b in right:
            out.setdefault(b, set()).update(left - right)
    return {k: frozenset(v) for k, v in out.items()}


def _build_contrasts(table: str) -> dict[str, tuple[int, str]]:
    """word form -> (its class, the word): 'weeks' -> (time units, 'week')."""
    return {
        word_key(form): (i, w)
        for i, line in enumerate(table.splitlines())
        for w in line.split()
        for form in (w, w + "s")
    }


ANTONYMS: dict[str, dict[str, frozenset[str]]] = {"en": _build_antonyms(_ANTONYMS_EN)}
CONTRASTS: dict[str, dict[str, tuple[int, str]]] = {"en": _build_contrasts(_CONTRASTS_EN)}

TOKEN_RE = re.compile(
    r"\d+(?:[.,'\u00a0\u202f ]\d{3})*(?:[.,]\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE
)


def tokens(text: str) -> list[str]:
    """Word and number tokens, casefolded; digits with separators kept whole ('1,240')."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """``tokens`` computed once per text (rules compare one sentence with many others)."""
    out = []
    for tok in TOKEN_RE.findall(text):
        tok = tok.casefold()
        if "’" in tok:
            tok = tok.replace("’", "'")
        if tok[0].isdigit():
            tok = _NOT_DIGIT.sub("", tok)
        elif tok.endswith("n't"):
            out.append(tok[:-3])
            tok = "n't"
        out.append(tok)
    return tuple(out)


_NOT_DIGIT = re.compile(r"\D")


def is_negator(token: str, lang: str | None) -> bool:
    return token in NEGATORS.get(lang or "en", NEGATORS["en"])


def opposite(a: str, b: str, lang: str | None) -> bool:
    """Are two words opposites (closed/open, allowed/banned), or two members of one closed
    class that exclude each other (Monday/Tuesday, days/weeks, thousand/million)?"""
    ka, kb = word_key(a), word_key(b)
    if ka == kb:
        return False
    if kb in ANTONYMS.get(lang or "en", {}).get(ka, frozenset()):
        return True
    contrasts = CONTRASTS.get(lang or "en", {})
    if ka not in contrasts or kb not in contrasts:
        return False
    (class_a, word_a), (class_b, word_b) = contrasts[ka], contrasts[kb]
    return class_a == class_b and word_a != word_b


def _base_forms(word: str) -> list[str]:
    """The word and the bases English inflection may hide (closed -> close, rejected ->
    reject, safer -> safe), for a look-up in WordNet."""
    w = word.casefold()
    out = [w]
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("er", ""),
        ("r", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out.append(w[: -len(suffix)] + repl)
    from transcheck import wordnet

    out.extend(sorted(wordnet.irregular_bases(w)))  # rose -> rise, fell -> fall
    return out


# Words whose WordNet antonyms are senses a news sentence rarely means ("said" as in
# "the said company" vs "other"; "out" vs "safe" in baseball), and light verbs, which machine
# translation puts everywhere ("vai continuar" -> "goes to continue", not "stay" / "go").
_WORDNET_SKIP = frozenset(
    "said other out in on off one two first well better best "
    "go get make take come give put keep have do be let".split()
)


@lru_cache(maxsize=200_000)
def antonyms(a: str, b: str, lang: str | None = "en") -> bool:
    """Are two words opposites: by the hand list, or (English) by WordNet's antonym links?"""
    ka, kb = word_key(a), word_key(b)
    if ka == kb:
        return False
    if kb in ANTONYMS.get(lang or "en", {}).get(ka, frozenset()):
        return True
    if (lang or "en") != "en":
        return False
    if _WORDNET_SKIP.intersection(_base_forms(a)) or _WORDNET_SKIP.intersection(_base_forms(b)):
        return False
    from transcheck import wordnet

    # b, or a word WordNet gives as its synonym (accidentally = unintentionally)
    bases_b = set(_base_forms(b))
    # (adjectives and adverbs only, whose senses are narrow: a verb or a noun has too many)
    bases_b |= {
        s
        for x in list(bases_b)
        for s in wordnet.synonyms(x, pos_list=("adj", "adv"))
        if " " not in s
    }
    # the two most frequent senses of each part of speech: rarer senses pair words a news
    # sentence does not oppose (lose / profit, said of gambling)
    return any(bases_b & wordnet.antonyms(x, WORDNET_SENSES) for x in _base_forms(a)) or (
        _negative_prefix(a, b)
    )


WORDNET_SENSES = 2

_NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "non", "dis")


def _negative_prefix(a: str, b: str) -> bool:
    """admissible / inadmissible, likely / unlikely: one word is the other negated."""
    a, b = a.casefold(), b.casefold()
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and any(long_ == p + short for p in _NEGATIVE_PREFIXES)
