"""Reading glossary files: YAML with positions, every problem with file:line:column.

``check_files`` turns glossary files into one :class:`~transcheck.glossary.Glossary` plus a
list of :class:`~transcheck.glossary.Problem`; bad entries and bad forms are left out, the rest
is kept. ``transcheck glossary lint`` prints these problems; the audit reports them as file
errors. Files are parsed with libyaml (PyYAML's C parser) when available, else ruamel.yaml.
"""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transcheck.glossary import (
    ANY_LANG,
    FORMAT_VERSION,
    ID_PATTERN,
    ISO_639_1,
    REGEX_PREFIX,
    TYPES,
    Entry,
    Form,
    Glossary,
    MatchOptions,
    Problem,
    _compile_form,
    _normalize_map,
    normalize,
)
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


def _pos(node: Any, key: Any = None, index: int | None = None) -> tuple[int, int]:
    """1-based (line, column) of a mapping key's value, a sequence item, or the node itself."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return 0, 0
    try:
        if key is not None:
            line, col = lc.value(key) if key in node else (lc.line, lc.col)
        elif index is not None:
            line, col = lc.item(index)
        else:
            line, col = lc.line, lc.col
    except (KeyError, IndexError, TypeError, AttributeError):
        line, col = lc.line, lc.col
    return line + 1, col + 1


def _key_pos(node: Any, key: Any) -> tuple[int, int]:
    try:
        line, col = node.lc.key(key)
    except (KeyError, AttributeError, TypeError):
        return _pos(node)
    return line + 1, col + 1


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


class _FileChecker:
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
        if not isinstance(value, str) or value not in ISO_639_1:
            extra = ' or "*" (any language)' if allow_any else ""
            hint = ""
            if isinstance(value, str) and value.lower().split("-")[0].split("_")[0] in ISO_639_1:
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
                    _key_pos(node, key),
                    f"unknown key {key!r} in {what}{_suggest(str(key), allowed)}",
                )

    # -- document

    def check_document(self, data: Any) -> None:
        if data is None:
            return
        if not self.mapping(data, _pos(data) if hasattr(data, "lc") else (1, 1), "a glossary"):
            return
        self.unknown_keys(data, TOP_KEYS, "the glossary (top level)")
        if "version" in data and data["version"] != FORMAT_VERSION:
            self.problem(
                _pos(data, "version"),
                f"unsupported glossary version {data['version']!r}; this transcheck reads "
                f"version {FORMAT_VERSION}",
            )
        if "settings" in data:
            self.check_settings(data["settings"], _pos(data, "settings"))
        entries = data.get("entries")
        if "entries" not in data:
            self.problem(_pos(data), "no 'entries:' list in the glossary")
            return
        if entries is None:
            return
        if not isinstance(entries, list):
            self.problem(_pos(data, "entries"), "'entries' must be a list of entries")
            return
        for i, node in enumerate(entries):
            entry = self.check_entry(node, _pos(entries, index=i))
            if entry is not None:
                self.entries.append(entry)

    def check_settings(self, node: Any, where: tuple[int, int]) -> None:
        if not self.mapping(node, where, "'settings'"):
            return
        self.unknown_keys(node, SETTINGS_KEYS, "settings")
        if "variant_severity" in node:
            sev = self.severity(
                node["variant_severity"], _pos(node, "variant_severity"), "severity"
            )
            if sev:
                self.settings["variant_severity"] = sev

    def check_entry(self, node: Any, where: tuple[int, int]) -> Entry | None:
        if not self.mapping(node, where, "an entry"):
            return None
        where = _pos(node)
        problems_before = len(self.problems)
        entry_id = node.get("id")
        label = f"entry {entry_id!r}" if isinstance(entry_id, str) else "an entry"
        self.unknown_keys(node, ENTRY_KEYS, label)
        usable = True  # False: check the rest, then leave the entry out
        if "id" not in node:
            self.problem(where, "entry has no 'id'; entry ignored")
            usable = False
        else:
            entry_id = self.text(node["id"], _pos(node, "id"), "'id'")
            if entry_id is None:
                usable = False
            elif not ID_PATTERN.match(entry_id):
                self.problem(
                    _pos(node, "id"),
                    f"id {entry_id!r} should use only lowercase letters, digits and '-'",
                )
        label = f"entry {entry_id!r}" if usable else "an entry"
        if "type" not in node:
            self.problem(where, f"{label} has no 'type' ({', '.join(TYPES)}); entry ignored")
            return None
        etype = node["type"]
        if etype not in TYPES:
            self.problem(
                _pos(node, "type"),
                f"bad type {etype!r} in {label}: expected one of {', '.join(TYPES)}"
                f"{_suggest(str(etype), TYPES)}; entry ignored",
            )
            return None
        wrong = QUOTE_ONLY_KEYS if etype != "quote" else NAME_ONLY_KEYS
        for key in wrong:
            if key in node:
                hint = "only for quote entries" if etype != "quote" else "use 'approved' for quotes"
                self.problem(_key_pos(node, key), f"{key!r} in {label}: {hint}; ignored")

        match = (
            self.check_match(node.get("match"), _pos(node, "match")) if "match" in node else None
        )
        canonical = self.check_canonical(node, label) if etype != "quote" else {}
        approved = self.check_lang_lists(node, "approved", label, False) if etype == "quote" else {}
        source = self.check_source(node, label) if etype == "quote" else None
        allowed = self.check_lang_lists(node, "allowed", label, True)
        forbidden = self.check_forbidden(node, label)
        aliases = self.check_aliases(node, label) if etype != "quote" else ()
        note = None
        if "note" in node:
            note = self.text(node["note"], _pos(node, "note"), f"'note' of {label}")

        forms: list[Form] = []
        forms.extend(self._lang_forms(node, "canonical", canonical, "canonical"))
        if source is not None:
            line, col = _pos(node, "source")
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
            line=_pos(node, "id")[0],
            column=_pos(node, "id")[1],
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
            return _pos(container) if container is not None else (0, 0)
        value = container[code]
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and item.strip() == text:
                    return _pos(value, index=i)
        return _pos(container, code)

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
                    self.problem(_pos(node, key), f"match.{key} must be true or false")
        return MatchOptions(**values)

    def check_canonical(self, node: dict, label: str) -> dict[str, str]:
        out: dict[str, str] = {}
        if "canonical" not in node:
            return out
        table = node["canonical"]
        if isinstance(table, str):  # one rendering for every language
            text = self.text(table, _pos(node, "canonical"), f"'canonical' of {label}")
            return {ANY_LANG: text} if text else {}
        if not self.mapping(table, _pos(node, "canonical"), f"'canonical' of {label}"):
            return out
        for code, value in table.items():
            lang = self.lang(code, _key_pos(table, code), True, f"'canonical' of {label}")
            if lang is None:
                continue
            if isinstance(value, list):
                self.problem(
                    _pos(table, code),
                    f"'canonical' of {label} has one rendering per language; "
                    "put the others under 'allowed'",
                )
                continue
            what = f"canonical[{code}] of {label}"
            text = self.text(value, _pos(table, code), what)
            if text is not None and text.startswith(REGEX_PREFIX):
                self.problem(_pos(table, code), f"{what} cannot be a regular expression")
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
        if not self.mapping(table, _pos(node, key), f"{key!r} of {label}"):
            return out
        for code, value in table.items():
            lang = self.lang(code, _key_pos(table, code), allow_any, f"{key!r} of {label}")
            if lang is None:
                continue
            items = value if isinstance(value, list) else [value]
            texts = []
            for i, item in enumerate(items):
                where = _pos(value, index=i) if isinstance(value, list) else _pos(table, code)
                parsed = self.form_text(item, where, f"{key}[{code}] of {label}")
                if parsed is not None:
                    texts.append(REGEX_PREFIX + parsed[0] if parsed[1] else parsed[0])
            if texts:
                out[lang] = tuple(texts)
        return out

    def check_source(self, node: dict, label: str) -> tuple[str, str] | None:
        if "source" not in node:
            if "approved" not in node:
                self.problem(_pos(node), f"quote {label} needs 'source' or 'approved'")
            return None
        src = node["source"]
        if not self.mapping(src, _pos(node, "source"), f"'source' of {label}"):
            return None
        self.unknown_keys(src, SOURCE_KEYS, f"'source' of {label}")
        if "lang" not in src or "text" not in src:
            self.problem(_pos(node, "source"), f"'source' of {label} needs 'lang' and 'text'")
            return None
        lang = self.lang(src["lang"], _pos(src, "lang"), False, f"'source' of {label}")
        text = self.text(src["text"], _pos(src, "text"), f"source text of {label}")
        if lang is None or text is None:
            return None
        return lang, text.strip()

    def _items(self, node: dict, key: str, label: str) -> list[tuple[dict, tuple[int, int]]]:
        if key not in node:
            return []
        items = node[key]
        if not isinstance(items, list):
            self.problem(_pos(node, key), f"{key!r} of {label} must be a list")
            return []
        out = []
        for i, item in enumerate(items):
            where = _pos(items, index=i)
            if isinstance(item, str):
                item = {"form": item}
            if self.mapping(item, where, f"an item of {key!r} in {label}"):
                out.append((item, where))
        return out

    def check_forbidden(self, node: dict, label: str) -> list[Form]:
        out = []
        for item, where in self._items(node, "forbidden", label):
            self.unknown_keys(item, FORBIDDEN_KEYS, f"a forbidden form of {label}")
            if "form" not in item:
                self.problem(where, f"a forbidden item of {label} has no 'form'")
                continue
            fwhere = _pos(item, "form") if hasattr(item, "lc") else where
            parsed = self.form_text(item["form"], fwhere, f"forbidden form of {label}")
            if parsed is None:
                continue
            reason = severity = lang = None
            if "reason" in item:
                reason = self.text(item["reason"], _pos(item, "reason"), "'reason'")
            if "severity" in item:
                severity = self.severity(item["severity"], _pos(item, "severity"), "severity")
            if "lang" in item:
                lang = self.lang(item["lang"], _pos(item, "lang"), False, f"forbidden of {label}")
                if lang is None:
                    continue
            out.append(
                Form(
                    parsed[0],
                    "forbidden",
                    lang,
                    regex=parsed[1],
                    reason=reason,
                    severity=severity,
                    line=fwhere[0],
                    column=fwhere[1],
                )
            )
        return out

    def check_aliases(self, node: dict, label: str) -> list[Form]:
        out = []
        for item, where in self._items(node, "aliases", label):
            self.unknown_keys(item, ALIAS_KEYS, f"an alias of {label}")
            if "form" not in item:
                self.problem(where, f"an alias of {label} has no 'form'")
                continue
            fwhere = _pos(item, "form") if hasattr(item, "lc") else where
            parsed = self.form_text(item["form"], fwhere, f"alias of {label}")
            if parsed is None:
                continue
            since = until = note = lang = None
            if "since" in item:
                since = self.year(item["since"], _pos(item, "since"), "'since'")
            if "until" in item:
                until = self.year(item["until"], _pos(item, "until"), "'until'")
            if since is not None and until is not None and since > until:
                self.problem(_pos(item, "since"), f"'since' {since} is after 'until' {until}")
            if "note" in item:
                note = self.text(item["note"], _pos(item, "note"), "'note'")
            if "lang" in item:
                lang = self.lang(item["lang"], _pos(item, "lang"), False, f"alias of {label}")
                if lang is None:
                    continue
            out.append(
                Form(
                    parsed[0],
                    "alias",
                    lang,
                    regex=parsed[1],
                    since=since,
                    until=until,
                    note=note,
                    line=fwhere[0],
                    column=fwhere[1],
                )
            )
        return out


def _dedupe_forms(forms: list[Form]) -> list[Form]:
    seen: set[tuple[str, str, str | None, bool]] = set()
    out = []
    for f in forms:
        key = (f.text, f.kind, f.lang, f.regex)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _yaml_error_message(exc: Exception) -> tuple[int, int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    context_mark = getattr(exc, "context_mark", None)
    if context:
        message += f" ({context}"
        if context_mark is not None and mark is not None and context_mark.line != mark.line:
            message += f" that starts at {context_mark.line + 1}:{context_mark.column + 1}"
        message += ")"
    if "alias" in f"{problem} {context}" or "'*'" in str(problem) or "anchor" in str(problem):
        message += '; write "*" in quotes for "any language"'
    if mark is None:
        return 0, 0, message
    return mark.line + 1, mark.column + 1, message


def _check_file(path: Path) -> _FileChecker:
    from transcheck.safety import MAX_GLOSSARY_BYTES, read_limited

    try:
        raw = read_limited(path, MAX_GLOSSARY_BYTES, "glossary")
    except OSError as exc:
        checker = _FileChecker(str(path))
        checker.problems.append(Problem(str(path), 0, 0, f"cannot read: {exc.strerror or exc}"))
        return checker
    except ValueError as exc:  # not a regular file, too large
        checker = _FileChecker(str(path))
        checker.problems.append(Problem(str(path), 0, 0, f"cannot read: {exc}"))
        return checker
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        checker = _FileChecker(str(path))
        checker.problems.append(
            Problem(str(path), 0, 0, f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
        )
        return checker
    return _check_text(text, str(path))


def _check_text(text: str, name: str) -> _FileChecker:
    checker = _FileChecker(name)
    try:
        data = _parse_yaml(text, checker)
    except _YAMLSyntax as exc:
        line, col, message = _yaml_error_message(exc.error)
        checker.problems.append(Problem(name, line, col, message))
        return checker
    except Exception as exc:  # parsers raise a few odd types on odd input
        checker.problems.append(Problem(name, 0, 0, f"cannot parse YAML: {exc}"))
        return checker
    checker.check_document(data)
    return checker


class _YAMLSyntax(Exception):
    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _parse_yaml(text: str, checker: _FileChecker) -> Any:
    """YAML text -> dicts/lists/scalars whose containers carry ``.lc`` positions (0-based).

    libyaml (PyYAML's C parser, ~25x faster) when installed, else ruamel.yaml round-trip.
    Scalars are read with YAML 1.2 rules either way (``no`` is Norwegian, not false).
    """
    try:
        import yaml as pyyaml

        loader = pyyaml.CSafeLoader
    except (ImportError, AttributeError):
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            return YAML(typ="rt").load(text)
        except YAMLError as exc:
            raise _YAMLSyntax(exc) from None
    # The node tree is large and acyclic: collecting garbage while building it costs 2x.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        node = pyyaml.compose(text, Loader=loader)
        return None if node is None else _NodeConverter(checker).convert(node)
    except pyyaml.YAMLError as exc:
        raise _YAMLSyntax(exc) from None
    finally:
        if was_enabled:
            gc.enable()


class _LC:
    """Positions in the style of ruamel.yaml's ``.lc`` (0-based line and column)."""

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []

    def key(self, k: Any) -> tuple[int, int]:
        return self.keys[k]

    def value(self, k: Any) -> tuple[int, int]:
        return self.values[k]

    def item(self, i: int) -> tuple[int, int]:
        return self.items[i]


class _Map(dict):
    lc: _LC


class _Seq(list):
    lc: _LC


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class _NodeConverter:
    """PyYAML nodes -> _Map/_Seq/scalars; aliases shared, not expanded (no billion laughs)."""

    def __init__(self, checker: _FileChecker) -> None:
        self.checker = checker
        self.memo: dict[int, Any] = {}

    def convert(self, node: Any) -> Any:
        if id(node) in self.memo:
            return self.memo[id(node)]
        mark = node.start_mark
        kind = node.id  # "scalar" | "sequence" | "mapping"
        if kind == "scalar":
            return self.scalar(node)
        if kind == "sequence":
            seq = _Seq()
            seq.lc = _LC(mark.line, mark.column)
            self.memo[id(node)] = seq
            for child in node.value:
                seq.lc.items.append((child.start_mark.line, child.start_mark.column))
                seq.append(self.convert(child))
            return seq
        out = _Map()
        out.lc = _LC(mark.line, mark.column)
        self.memo[id(node)] = out
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if key_node.id == "scalar" else f"<{key_node.id}>"
            if not isinstance(key, (str, int, float, bool, type(None))):
                key = str(key)
            where = (key_node.start_mark.line, key_node.start_mark.column)
            if key in out:
                first = out.lc.keys[key]
                self.checker.problem(
                    (where[0] + 1, where[1] + 1),
                    f"duplicate key {key!r} (first at {first[0] + 1}:{first[1] + 1}); "
                    "the second is ignored",
                )
                continue
            out.lc.keys[key] = where
            out.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            out[key] = self.convert(value_node)
        return out

    @staticmethod
    def scalar(node: Any) -> Any:
        value = node.value
        if node.style or node.tag == "tag:yaml.org,2002:str":
            return value  # quoted, literal or folded: always text
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return int(value, 0) if value.lstrip("+-")[:2] in ("0o", "0x") else int(value)
        if _FLOAT.match(value):
            return float(value)
        if value in (".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"):
            return float(value.replace(".", "").lower().replace("inf", "inf"))
        return value


def _cross_check(entries: list[Entry], problems: list[Problem]) -> list[Entry]:
    """Duplicate ids, one rendering claimed by two entries, forbidden = accepted forms."""
    kept: list[Entry] = []
    first: dict[str, Entry] = {}
    for e in entries:
        if e.id in first:
            other = first[e.id]
            problems.append(
                Problem(
                    e.file,
                    e.line,
                    e.column,
                    f"duplicate id {e.id!r} (first defined at {other.file}:{other.line}); "
                    "entry ignored",
                )
            )
            continue
        first[e.id] = e
        kept.append(e)

    groups: dict[str, list[tuple[Form, Entry]]] = {}
    for e in kept:
        for f in e.forms:
            if not f.regex:
                groups.setdefault(normalize(f.text), []).append((f, e))
    for members in groups.values():
        if len(members) < 2:
            continue
        for i, (f, e) in enumerate(members):
            for g, d in members[:i]:
                if not _langs_overlap(f.lang, g.lang):
                    continue
                case = e.match.case or d.match.case
                marks = e.match.diacritics or d.match.diacritics
                if normalize(f.text, case, marks) != normalize(g.text, case, marks):
                    continue
                if f.kind == "forbidden" and g.kind == "forbidden":
                    continue
                where = f"{d.file}:{g.line}" if g.line else d.file
                if f.kind == "forbidden" or g.kind == "forbidden":
                    bad, bad_entry, good, good_entry = (
                        (f, e, g, d) if f.kind == "forbidden" else (g, d, f, e)
                    )
                    there = f"{good_entry.file}:{good.line}" if good.line else good_entry.file
                    problems.append(
                        Problem(
                            bad_entry.file,
                            bad.line,
                            bad.column,
                            f"forbidden form {bad.text!r} of entry {bad_entry.id!r} is also "
                            f"a {good.kind} form of entry {good_entry.id!r} ({there})",
                        )
                    )
                elif d.id != e.id:
                    problems.append(
                        Problem(
                            e.file,
                            f.line,
                            f.column,
                            f"{f.text!r} is claimed by two entries: {f.kind} of {e.id!r} and "
                            f"{g.kind} of {d.id!r} ({where})",
                        )
                    )
                else:
                    continue
                break
    _check_forbidden_patterns(kept, problems)
    return kept


def _check_forbidden_patterns(entries: list[Entry], problems: list[Problem]) -> None:
    """A forbidden regular expression that matches a whole accepted form of any entry."""
    accepted = [(f, e) for e in entries for f in e.forms if f.kind != "forbidden" and not f.regex]
    for e in entries:
        for f in e.forbidden:
            if not f.regex:
                continue
            try:
                matcher = _compile_form(f, e)
            except re.error:
                continue
            for g, d in accepted:
                if not _langs_overlap(f.lang, g.lang):
                    continue
                text = _normalize_map(g.text, False, matcher.fold_diacritics)[0].strip()
                if matcher.pattern.fullmatch(text):
                    problems.append(
                        Problem(
                            e.file,
                            f.line,
                            f.column,
                            f"forbidden pattern {f.written!r} of entry {e.id!r} matches "
                            f"{g.text!r}, a {g.kind} form of entry {d.id!r}",
                        )
                    )
                    break


def _langs_overlap(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def check_files(paths: Sequence[Path]) -> tuple[Glossary, list[Problem]]:
    """Load and check glossary files: the merged glossary and every problem, in file order."""
    return _merge([_check_file(Path(p)) for p in paths], [str(p) for p in paths])


def _merge(checkers: list[_FileChecker], names: list[str]) -> tuple[Glossary, list[Problem]]:
    problems: list[Problem] = []
    entries: list[Entry] = []
    settings: dict[str, Any] = {}
    for checker in checkers:
        problems.extend(checker.problems)
        entries.extend(checker.entries)
        for key, value in checker.settings.items():
            if key not in settings or SEVERITIES.index(value) < SEVERITIES.index(settings[key]):
                settings[key] = value
    entries = _cross_check(entries, problems)
    order = {name: i for i, name in enumerate(names)}
    problems.sort(key=lambda p: (order.get(p.path, len(order)), p.line, p.column, p.message))
    return Glossary(entries=entries, files=list(names), settings=settings), problems


def load_glossary_text(text: str, name: str = "<glossary>") -> tuple[Glossary, list[Problem]]:
    """Load and check a glossary from YAML text (imports, tests)."""
    return _merge([_check_text(text, name)], [name])
