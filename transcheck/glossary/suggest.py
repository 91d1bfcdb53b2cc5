"""Glossary entries proposed from an audit's variant findings, as YAML for an editor to review."""

from __future__ import annotations

from collections import Counter
from typing import Any

from transcheck.glossary.exchange import slugify
from transcheck.glossary.model import ANY_LANG, FORMAT_VERSION, Glossary
from transcheck.glossary.output import dump_yaml

SUGGEST_RULES = {"name-variant": "person", "place-variant": "place", "quote-drift": "quote"}


def _quote_readings(entry: Any, finding: Any) -> None:
    """For a drifted quotation, approve what the majority reading says and list the other
    readings as forbidden candidates (the editor confirms which wording is right)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    evidence = dict(finding.evidence)
    readings = evidence.get("readings") or []
    if len(readings) < 2:
        return
    reading_of = {doc: i for i, r in enumerate(readings) for doc in r["docs"]}
    approved: dict[str, list[str]] = {}
    wrong: list[tuple[str, str]] = []
    for o in finding.occurrences:
        text = " ".join(o.text.split())
        lang = o.lang or ANY_LANG
        if reading_of.get(o.doc) == 0:
            approved.setdefault(lang, [])
            if text not in approved[lang]:
                approved[lang].append(text)
        elif (lang, text) not in wrong:
            wrong.append((lang, text))
    table = CommentedMap()
    for lang in sorted(approved):
        seq = CommentedSeq(sorted(approved[lang], key=lambda t: (-len(t), t)))
        seq.fa.set_flow_style()
        table[lang] = seq
    entry["approved"] = table
    entry.pop("allowed", None)
    changes = "; ".join(evidence.get("changes") or []) or "different wording"
    majority_docs = len(readings[0]["docs"])
    forbidden = CommentedSeq()
    for lang, text in wrong:
        item = CommentedMap()
        item["form"] = text
        item["lang"] = lang
        item["reason"] = (
            f"review: differs from the reading of {majority_docs} documents ({changes})"
        )
        forbidden.append(item)
    entry["forbidden"] = forbidden


def _gazetteer_place(entry: Any, place: dict, by_lang: dict[str, Counter[str]]) -> None:
    """A place the gazetteer identified: its current name is canonical wherever it is used,
    and the other names are aliases saying what the data knows of them (former, foreign or
    transliterated); the editor adds `until: YEAR` to an outdated one."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from transcheck.gazetteer import fold

    current = place["current"]
    kinds = place.get("kinds", {})
    canonical = entry["canonical"]
    aliases = CommentedSeq()
    for lang in sorted(by_lang):
        seen = by_lang[lang]
        if current not in seen:
            continue
        canonical[lang] = current
        for text in sorted(seen, key=lambda t: (-seen[t], t)):
            if fold(text) == fold(current):
                continue  # a dateline in capitals is the same name
            item = CommentedMap()
            item["form"] = text
            item["lang"] = lang
            item["note"] = (
                f"GeoNames: {kinds.get(text, 'another name')} of {current}; "
                "review: add 'until: YEAR' if outdated, or move it to forbidden"
            )
            aliases.append(item)
        allowed = entry.get("allowed")
        if allowed is not None:
            allowed.pop(lang, None)
            if not allowed:
                entry.pop("allowed")
    if aliases:
        entry["aliases"] = aliases


def suggest_entries(findings: list[Any], glossary: Glossary) -> tuple[str, int]:
    """YAML entries proposed from variant clusters in an audit's findings, for review.

    Per cluster the rendering seen most often is canonical in every language it was seen in
    (for quotations: the most frequent rendering per language is approved); every other
    rendering is listed as ``allowed`` in its language with a ``# review`` comment.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    taken = {e.id for e in glossary.entries}
    entries = CommentedSeq()
    seen_clusters: set[tuple[str, ...]] = set()
    for finding in findings:
        etype = SUGGEST_RULES.get(finding.rule)
        if etype is None or finding.glossary is not None:
            continue
        if finding.pair is not None:
            continue  # a slip in one translation, to be fixed there: no house convention
        renderings = [
            (o.lang or ANY_LANG, " ".join(o.text.split()))
            for o in finding.occurrences
            if o.text.strip()
        ]
        texts = sorted({t for _, t in renderings})
        if len(texts) < 2 or tuple(texts) in seen_clusters:
            continue
        if any(glossary.lookup(t, lang if lang != ANY_LANG else None) for lang, t in renderings):
            continue  # the glossary already decides this one
        seen_clusters.add(tuple(texts))
        counts = Counter(t for _, t in renderings)
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
        majority = ranked[0]
        by_lang: dict[str, Counter[str]] = {}
        for lang, t in renderings:
            by_lang.setdefault(lang, Counter())[t] += 1
        preferred: dict[str, str] = {}
        others: dict[str, list[str]] = {}
        for lang in sorted(by_lang):
            seen = by_lang[lang]
            # a name is spelled one way everywhere unless an editor decides otherwise (exonyms);
            # a quotation is worded per language
            best = majority if etype != "quote" else min(seen, key=lambda t: (-seen[t], t))
            preferred[lang] = best
            rest = sorted((t for t in seen if t != best), key=lambda t: (-seen[t], t))
            if rest:
                others[lang] = rest
        entry = CommentedMap()
        entry["id"] = slugify(" ".join(majority.split()[:6]), taken)
        entry["type"] = etype
        key = "approved" if etype == "quote" else "canonical"
        table = CommentedMap()
        for lang, text in preferred.items():
            table[lang] = CommentedSeq([text]) if etype == "quote" else text
            if etype == "quote":
                table[lang].fa.set_flow_style()
        entry[key] = table
        if others:
            allowed = CommentedMap()
            for lang, rest in others.items():
                seq = CommentedSeq(rest)
                for i, text in enumerate(rest):
                    seq.yaml_add_eol_comment(
                        f"# review: seen {by_lang[lang][text]}x here, {preferred[lang]!r} "
                        f"{counts[preferred[lang]]}x in all",
                        i,
                    )
                allowed[lang] = seq
            entry["allowed"] = allowed
        if etype == "quote":
            _quote_readings(entry, finding)
        place = dict(finding.evidence).get("gazetteer")
        if place:
            _gazetteer_place(entry, place, by_lang)
        entry["note"] = f"suggested from {finding.rule} ({finding.key}); review before use"
        entries.append(entry)
    data = CommentedMap()
    data["version"] = FORMAT_VERSION
    data["entries"] = entries
    header = (
        "Glossary entries suggested by `transcheck glossary suggest`.\n"
        "Review each one: the most frequent rendering was made canonical; the others are\n"
        "listed as allowed with a '# review' comment (move wrong ones to 'forbidden')."
    )
    return dump_yaml(data, header=header), len(entries)
