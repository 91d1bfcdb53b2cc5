"""The glossary file format, checked: a parsed YAML document -> entries, every problem with its
line and column. A bad entry (or a bad form within one) is left out; the rest is kept.

Format: ``docs/glossary.md``. ``load`` reads the files and checks entries against each other.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from typing import Any

from transcheck.glossary.model import (
    ANY_LANG,
    FORMAT_VERSION,
    ID_PATTERN,
    REGEX_PREFIX,
    TYPES,
    Entry,
    Form,
    MatchOptions,
    Problem,
)
from transcheck.glossary.yamltree import key_pos, pos
from transcheck.languages import iso639_1_codes
from transcheck.model import SEVERITIES

TOP_KEYS = ("version", "entries", "settings")
SETTINGS_KEYS = ("variant_severity",)
ENTRY_KEYS = (
    "id",
    "type",
    "canonical",
    "allowed",
    "forbidden",
    "aliases",
    "match",
    "note",
    "source",
    "approved",
)
NAME_ONLY_KEYS = ("canonical", "aliases")
QUOTE_ONLY_KEYS = ("source", "approved")
FORBIDDEN_KEYS = ("form", "reason", "severity", "lang")
ALIAS_KEYS = ("form", "since", "until", "note", "lang")
MATCH_KEYS = ("case", "diacritics", "punctuation", "whole_word")
SOURCE_KEYS = ("lang", "text")
# list of forms -> (its items' keys, an item named in problems: unknown key, no form; a form)
FORM_LISTS = {
    "forbidden": (FORBIDDEN_KEYS, "a forbidden form", "a forbidden item", "forbidden form"),
    "aliases": (ALIAS_KEYS, "an alias", "an alias", "alias"),
}


def _kind(value: Any) -> str:
    """What a YAML value is, in words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else type(value).__name__


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class FileChecker:
    """Turns one parsed YAML document into entries, collecting problems with positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.entries: list[Entry] = []
        self.settings: dict[str, Any] = {}

    def problem(self, where: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.path, where[0], where[1], message))

    # -- scalars

    def text(self, value: Any, where: tuple[int, int], what: str) -> str | None:
        if isinstance(value, str):
            if not value.strip():
                self.problem(where, f"{what} is empty")
                return None
            return str(value)
        kind = _kind(value)
        hint = "; write it in quotes" if isinstance(value, (int, float, bool)) else ""
        self.problem(where, f"{what} must be text, not {kind}{hint}")
        return None

    def lang(self, value: Any, where: tuple[int, int], allow_any: bool, what: str) -> str | None:
        if allow_any and value == ANY_LANG:
            return ANY_LANG
        if not isinstance(value, str) or value not in iso639_1_codes():
            extra = ' or "*" (any language)' if allow_any else ""
            hint = ""
            if (
                isinstance(value, str)
                and value.lower().split("-")[0].split("_")[0] in iso639_1_codes()
            ):
                hint = f" (did you mean {value.lower().split('-')[0].split('_')[0]!r}?)"
            self.problem(
                where,
                f"unknown language code {value!r} in {what}: expected an ISO 639-1 code{extra}"
                + hint,
            )
            return None
        return value

    def form_text(self, value: Any, where: tuple[int, int], what: str) -> tuple[str, bool] | None:
        text = self.text(value, where, what)
        if text is None:
            return None
        if text.startswith(REGEX_PREFIX):
            pattern = text[len(REGEX_PREFIX) :]
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                self.problem(where, f"invalid regular expression in {what}: {exc}")
                return None
            if compiled.fullmatch(""):
                self.problem(where, f"regular expression in {what} matches empty text")
                return None
            return pattern, True
        return text.strip(), False

    def year(self, value: Any, where: tuple[int, int], what: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10000:
            self.problem(where, f"{what} must be a year such as 1994, not {value!r}")
            return None
        return value

    def severity(self, value: Any, where: tuple[int, int], what: str) -> str | None:
        if value not in SEVERITIES:
            self.problem(
                where,
                f"bad {what} {value!r}: expected one of {', '.join(SEVERITIES)}"
                f"{_suggest(str(value), SEVERITIES)}",
            )
            return None
        return value

    def mapping(self, node: Any, where: tuple[int, int], what: str) -> bool:
        if isinstance(node, dict):
            return True
        kind = _kind(node)
        self.problem(where, f"{what} must be a mapping (key: value), not {kind}")
        return False

    def unknown_keys(self, node: dict, allowed: Sequence[str], what: str) -> None:
        for key in node:
            if key not in allowed:
                self.problem(
                    key_pos(node, key),
                    f"unknown key {key!r} in {what}{_suggest(str(key), allowed)}",
                )

    # -- document

    def check_document(self, data: Any) -> None:
        if data is None:
            return
        if not self.mapping(data, pos(data) if hasattr(data, "lc") else (1, 1), "a glossary"):
            return
        self.unknown_keys(data, TOP_KEYS, "the glossary (top level)")
        if "version" in data and data["version"] != FORMAT_VERSION:
            self.problem(
                pos(data, "version"),
                f"unsupported glossary version {data['version']!r}; this transcheck reads "
                f"version {FORMAT_VERSION}",
            )
        if "settings" in data:
            self.check_settings(data["settings"], pos(data, "settings"))
        entries = data.get("entries")
        if "entries" not in data:
            self.problem(pos(data), "no 'entries:' list in the glossary")
            return
        if entries is None:
            return
        if not isinstance(entries, list):
            self.problem(pos(data, "entries"), "'entries' must be a list of entries")
            return
        for i, node in enumerate(entries):
            entry = self.check_entry(node, pos(entries, index=i))
            if entry is not None:
                self.entries.append(entry)

    def check_settings(self, node: Any, where: tuple[int, int]) -> None:
        if not self.mapping(node, where, "'settings'"):
            return
        self.unknown_keys(node, SETTINGS_KEYS, "settings")
        if "variant_severity" in node:
            sev = self.severity(node["variant_severity"], pos(node, "variant_severity"), "severity")
            if sev:
                self.settings["variant_severity"] = sev

    def check_entry(self, node: Any, where: tuple[int, int]) -> Entry | None:
        if not self.mapping(node, where, "an entry"):
            return None
        where = pos(node)
        problems_before = len(self.problems)
        entry_id = node.get("id")
        label = f"entry {entry_id!r}" if isinstance(entry_id, str) else "an entry"
        self.unknown_keys(node, ENTRY_KEYS, label)
        usable = True  # False: check the rest, then leave the entry out
        if "id" not in node:
            self.problem(where, "entry has no 'id'; entry ignored")
            usable = False
        else:
            entry_id = self.text(node["id"], pos(node, "id"), "'id'")
            if entry_id is None:
                usable = False
            elif not ID_PATTERN.match(entry_id):
                self.problem(
                    pos(node, "id"),
                    f"id {entry_id!r} should use only lowercase letters, digits and '-'",
                )
        label = f"entry {entry_id!r}" if usable else "an entry"
        if "type" not in node:
            self.problem(where, f"{label} has no 'type' ({', '.join(TYPES)}); entry ignored")
            return None
        etype = node["type"]
        if etype not in TYPES:
            self.problem(
                pos(node, "type"),
                f"bad type {etype!r} in {label}: expected one of {', '.join(TYPES)}"
                f"{_suggest(str(etype), TYPES)}; entry ignored",
            )
            return None
        wrong = QUOTE_ONLY_KEYS if etype != "quote" else NAME_ONLY_KEYS
        for key in wrong:
            if key in node:
                hint = "only for quote entries" if etype != "quote" else "use 'approved' for quotes"
                self.problem(key_pos(node, key), f"{key!r} in {label}: {hint}; ignored")

        match = self.check_match(node.get("match"), pos(node, "match")) if "match" in node else None
        canonical = self.check_canonical(node, label) if etype != "quote" else {}
        approved = self.check_lang_lists(node, "approved", label, False) if etype == "quote" else {}
        source = self.check_source(node, label) if etype == "quote" else None
        allowed = self.check_lang_lists(node, "allowed", label, True)
        forbidden = self.check_forbidden(node, label)
        aliases = self.check_aliases(node, label) if etype != "quote" else ()
        note = None
        if "note" in node:
            note = self.text(node["note"], pos(node, "note"), f"'note' of {label}")

        forms: list[Form] = []
        forms.extend(self._lang_forms(node, "canonical", canonical, "canonical"))
        if source is not None:
            line, col = pos(node, "source")
            forms.append(Form(source[1], "canonical", source[0], line=line, column=col))
        forms.extend(self._lang_forms(node, "approved", approved, "canonical"))
        forms.extend(self._lang_forms(node, "allowed", allowed, "allowed"))
        forms.extend(forbidden)
        forms.extend(aliases)
        if not forms and len(self.problems) == problems_before:
            self.problem(where, f"{label} lists no renderings (canonical, allowed, ...)")
        if not usable:
            return None
        return Entry(
            id=entry_id,
            type=etype,
            canonical=canonical,
            allowed=allowed,
            forbidden=tuple(forbidden),
            aliases=tuple(aliases),
            approved=approved,
            source=source,
            note=note,
            match=match or MatchOptions(),
            file=self.path,
            line=pos(node, "id")[0],
            column=pos(node, "id")[1],
            forms=tuple(_dedupe_forms(forms)),
        )

    def _lang_forms(self, node: dict, key: str, table: dict, kind: str) -> list[Form]:
        out = []
        container = node.get(key)
        for code, values in table.items():
            items = [values] if isinstance(values, str) else list(values)
            for text in items:
                line, col = self._find_item(container, code, text)
                regex = text.startswith(REGEX_PREFIX)
                body = text[len(REGEX_PREFIX) :] if regex else text
                lang = None if code == ANY_LANG else code
                out.append(Form(body, kind, lang, regex=regex, line=line, column=col))
        return out

    @staticmethod
    def _find_item(container: Any, code: str, text: str) -> tuple[int, int]:
        if not isinstance(container, dict) or code not in container:
            return pos(container) if container is not None else (0, 0)
        value = container[code]
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and item.strip() == text:
                    return pos(value, index=i)
        return pos(container, code)

    def check_match(self, node: Any, where: tuple[int, int]) -> MatchOptions | None:
        if not self.mapping(node, where, "'match'"):
            return None
        self.unknown_keys(node, MATCH_KEYS, "'match'")
        values = {}
        for key in MATCH_KEYS:
            if key in node:
                if isinstance(node[key], bool):
                    values[key] = node[key]
                else:
                    self.problem(pos(node, key), f"match.{key} must be true or false")
        return MatchOptions(**values)

    def check_canonical(self, node: dict, label: str) -> dict[str, str]:
        out: dict[str, str] = {}
        if "canonical" not in node:
            return out
        table = node["canonical"]
        if isinstance(table, str):  # one rendering for every language
            text = self.text(table, pos(node, "canonical"), f"'canonical' of {label}")
            return {ANY_LANG: text} if text else {}
        if not self.mapping(table, pos(node, "canonical"), f"'canonical' of {label}"):
            return out
        for code, value in table.items():
            lang = self.lang(code, key_pos(table, code), True, f"'canonical' of {label}")
            if lang is None:
                continue
            if isinstance(value, list):
                self.problem(
                    pos(table, code),
                    f"'canonical' of {label} has one rendering per language; "
                    "put the others under 'allowed'",
                )
                continue
            what = f"canonical[{code}] of {label}"
            text = self.text(value, pos(table, code), what)
            if text is not None and text.startswith(REGEX_PREFIX):
                self.problem(pos(table, code), f"{what} cannot be a regular expression")
                continue
            if text is not None:
                out[lang] = text.strip()
        return out

    def check_lang_lists(
        self, node: dict, key: str, label: str, allow_any: bool
    ) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        if key not in node:
            return out
        table = node[key]
        if not self.mapping(table, pos(node, key), f"{key!r} of {label}"):
            return out
        for code, value in table.items():
            lang = self.lang(code, key_pos(table, code), allow_any, f"{key!r} of {label}")
            if lang is None:
                continue
            items = value if isinstance(value, list) else [value]
            texts = []
            for i, item in enumerate(items):
                where = pos(value, index=i) if isinstance(value, list) else pos(table, code)
                parsed = self.form_text(item, where, f"{key}[{code}] of {label}")
                if parsed is not None:
                    texts.append(REGEX_PREFIX + parsed[0] if parsed[1] else parsed[0])
            if texts:
                out[lang] = tuple(texts)
        return out

    def check_source(self, node: dict, label: str) -> tuple[str, str] | None:
        if "source" not in node:
            if "approved" not in node:
                self.problem(pos(node), f"quote {label} needs 'source' or 'approved'")
            return None
        src = node["source"]
        if not self.mapping(src, pos(node, "source"), f"'source' of {label}"):
            return None
        self.unknown_keys(src, SOURCE_KEYS, f"'source' of {label}")
        if "lang" not in src or "text" not in src:
            self.problem(pos(node, "source"), f"'source' of {label} needs 'lang' and 'text'")
            return None
        lang = self.lang(src["lang"], pos(src, "lang"), False, f"'source' of {label}")
        text = self.text(src["text"], pos(src, "text"), f"source text of {label}")
        if lang is None or text is None:
            return None
        return lang, text.strip()

    def _items(self, node: dict, key: str, label: str) -> list[tuple[dict, tuple[int, int]]]:
        if key not in node:
            return []
        items = node[key]
        if not isinstance(items, list):
            self.problem(pos(node, key), f"{key!r} of {label} must be a list")
            return []
        out = []
        for i, item in enumerate(items):
            where = pos(items, index=i)
            if isinstance(item, str):
                item = {"form": item}
            if self.mapping(item, where, f"an item of {key!r} in {label}"):
                out.append((item, where))
        return out

    def _form_items(
        self, node: dict, key: str, label: str
    ) -> Iterator[tuple[dict, tuple[str, bool], tuple[int, int]]]:
        """The items of a list of forms (``forbidden``, ``aliases``) whose ``form`` is valid:
        (item, (text, is regex), position of the form)."""
        keys, item_name, missing, what = FORM_LISTS[key]
        for item, where in self._items(node, key, label):
            self.unknown_keys(item, keys, f"{item_name} of {label}")
            if "form" not in item:
                self.problem(where, f"{missing} of {label} has no 'form'")
                continue
            fwhere = pos(item, "form") if hasattr(item, "lc") else where
            parsed = self.form_text(item["form"], fwhere, f"{what} of {label}")
            if parsed is not None:
                yield item, parsed, fwhere

    def _item_lang(self, item: dict, what: str) -> tuple[bool, str | None]:
        """(usable, language) of a form item: its ``lang`` if valid, None if it has none."""
        if "lang" not in item:
            return True, None
        lang = self.lang(item["lang"], pos(item, "lang"), False, what)
        return lang is not None, lang

    def check_forbidden(self, node: dict, label: str) -> list[Form]:
        out = []
        for item, (text, regex), where in self._form_items(node, "forbidden", label):
            reason = severity = None
            if "reason" in item:
                reason = self.text(item["reason"], pos(item, "reason"), "'reason'")
            if "severity" in item:
                severity = self.severity(item["severity"], pos(item, "severity"), "severity")
            usable, lang = self._item_lang(item, f"forbidden of {label}")
            if usable:
                details = {"reason": reason, "severity": severity}
                out.append(self._form(text, "forbidden", lang, regex, where, **details))
        return out

    def check_aliases(self, node: dict, label: str) -> list[Form]:
        out = []
        for item, (text, regex), where in self._form_items(node, "aliases", label):
            since = until = note = None
            if "since" in item:
                since = self.year(item["since"], pos(item, "since"), "'since'")
            if "until" in item:
                until = self.year(item["until"], pos(item, "until"), "'until'")
            if since is not None and until is not None and since > until:
                self.problem(pos(item, "since"), f"'since' {since} is after 'until' {until}")
            if "note" in item:
                note = self.text(item["note"], pos(item, "note"), "'note'")
            usable, lang = self._item_lang(item, f"alias of {label}")
            if usable:
                details = {"since": since, "until": until, "note": note}
                out.append(self._form(text, "alias", lang, regex, where, **details))
        return out

    @staticmethod
    def _form(
        text: str, kind: str, lang: str | None, regex: bool, where: tuple[int, int], **details: Any
    ) -> Form:
        return Form(text, kind, lang, regex=regex, line=where[0], column=where[1], **details)


def _dedupe_forms(forms: list[Form]) -> list[Form]:
    seen: set[tuple[str, str, str | None, bool]] = set()
    out = []
    for f in forms:
        key = (f.text, f.kind, f.lang, f.regex)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
