"""Reading glossary files: each file checked (``schema``), then the entries against each other
(duplicate ids, one rendering claimed twice, forbidden forms that are accepted elsewhere), merged
into one :class:`~transcheck.glossary.model.Glossary`.

Every problem carries file, line and column; ``transcheck glossary lint`` prints them and the
audit reports them as file errors. The audit only ever reads glossary files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transcheck.glossary.matching import applies, compile_form, normalize, normalize_map
from transcheck.glossary.model import Entry, Form, Glossary, Problem
from transcheck.glossary.schema import FileChecker
from transcheck.glossary.yamltree import YAMLSyntax, parse_yaml, yaml_error_message
from transcheck.model import SEVERITIES, FileError


def _check_file(path: Path) -> FileChecker:
    from transcheck.safety import MAX_GLOSSARY_BYTES, read_limited

    try:
        raw = read_limited(path, MAX_GLOSSARY_BYTES, "glossary")
    except OSError as exc:
        checker = FileChecker(str(path))
        checker.problems.append(Problem(str(path), 0, 0, f"cannot read: {exc.strerror or exc}"))
        return checker
    except ValueError as exc:  # not a regular file, too large
        checker = FileChecker(str(path))
        checker.problems.append(Problem(str(path), 0, 0, f"cannot read: {exc}"))
        return checker
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        checker = FileChecker(str(path))
        checker.problems.append(
            Problem(str(path), 0, 0, f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
        )
        return checker
    return _check_text(text, str(path))


def _check_text(text: str, name: str) -> FileChecker:
    checker = FileChecker(name)
    try:
        data = parse_yaml(text, checker.problem)
    except YAMLSyntax as exc:
        line, col, message = yaml_error_message(exc.error)
        checker.problems.append(Problem(name, line, col, message))
        return checker
    except Exception as exc:  # parsers raise a few odd types on odd input
        checker.problems.append(Problem(name, 0, 0, f"cannot parse YAML: {exc}"))
        return checker
    checker.check_document(data)
    return checker


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
                if not applies(f.lang, g.lang):
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
                matcher = compile_form(f, e)
            except re.error:
                continue
            for g, d in accepted:
                if not applies(f.lang, g.lang):
                    continue
                text = normalize_map(g.text, False, matcher.fold_diacritics)[0].strip()
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


def check_files(paths: Sequence[Path]) -> tuple[Glossary, list[Problem]]:
    """Load and check glossary files: the merged glossary and every problem, in file order."""
    return _merge([_check_file(Path(p)) for p in paths], [str(p) for p in paths])


def _merge(checkers: list[FileChecker], names: list[str]) -> tuple[Glossary, list[Problem]]:
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


def load_glossaries(paths: list[Path]) -> tuple[Glossary, list[FileError]]:
    """Merge glossary files; each problem becomes ``FileError(path, "line:col: message")``.

    Bad entries (and bad forms within an entry) are left out; every valid entry is kept.
    """
    glossary, problems = check_files(paths)
    return glossary, [p.to_file_error() for p in problems]
